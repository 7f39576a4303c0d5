"""The ROI prior's measured variants: pooling shares, the Student-t tail and the harder pooling
of channels the data does not measure."""

import numpy as np
import pytest

from model_engine.mmm import MarketingMixModel
from model_engine.mmm.return_prior import pooling_shares, relative_return
from model_engine.mmm.terms import ReturnPriorTerm
from model_engine.simulation import SimulatedHistory


def test_pooling_shares_match_the_normal_normal_shrinkage_factor() -> None:
    roi = np.array([2.0, 1.0, 1.5])
    se = np.array([0.1, 0.5, 2.0])
    relative = np.array([1.0, 0.8, 1.2])
    shares = pooling_shares(roi, se, relative, spread=0.5)
    q, v = roi / relative, (se / relative) ** 2
    centre = np.sum(q / v) / np.sum(1 / v)
    expected = v / (v + (0.5 * centre) ** 2)
    np.testing.assert_allclose(shares, expected)
    # The precisely measured channel keeps its own estimate, the noisy one is pooled.
    assert shares[0] < 0.1 < shares[1] < shares[2]


def test_a_channel_without_a_standard_error_is_fully_pooled() -> None:
    shares = pooling_shares(
        np.array([1.0, 2.0, np.nan]), np.array([0.2, 0.2, 0.3]), np.ones(3), spread=0.5
    )
    assert shares[2] == 1.0
    assert 0.0 < shares[0] < 1.0


def _scalar_prior(spread: float) -> ReturnPriorTerm:
    return ReturnPriorTerm(
        channels=np.array([0]),
        spend=np.array([1.0]),
        relative=np.array([1.0]),
        spread=np.array([spread]),
        pooled_scale=1.0,
    )


def test_student_tail_reweighting_converges_to_the_t_prior_mode() -> None:
    """One channel, level 1 (its ROI is its coefficient), a Gaussian likelihood N(b, s^2) and a
    t prior with centre 1: iterating the reweighted step reaches the mode a grid search finds
    on the exact t log-density."""
    b, s, dof, spread = 4.0, 0.6, 3.0, 0.5
    z = np.ones((1, 1))
    grid = np.linspace(0.5, 5.0, 200_001)
    log_post = -0.5 * ((grid - b) / s) ** 2 - 0.5 * (dof + 1) * np.log1p(
        ((grid - 1.0) / spread) ** 2 / dof
    )
    brute = grid[np.argmax(log_post)]
    term = _scalar_prior(spread)
    beta = b
    for _ in range(200):
        reweighted = term.with_student_tail(np.array([beta]), 1.0, z, dof)
        sd = float(reweighted.sd[0])
        beta = (b / s**2 + 1.0 / sd**2) / (1 / s**2 + 1 / sd**2)
    assert beta == pytest.approx(brute, abs=1e-3)
    assert beta > (b / s**2 + 1 / spread**2) / (1 / s**2 + 1 / spread**2) + 0.5


def test_student_tail_pools_near_the_centre_harder_and_far_off_less() -> None:
    term = _scalar_prior(0.5)
    z = np.ones((1, 1))
    near = term.with_student_tail(np.array([1.1]), 1.0, z, 3.0)
    far = term.with_student_tail(np.array([3.0]), 1.0, z, 3.0)
    assert near.sd[0] < term.sd[0] < far.sd[0]
    # u = 4 prior sds off: the sd grows by sqrt((3 + 16) / 4).
    assert far.sd[0] == pytest.approx(term.sd[0] * np.sqrt(19 / 4))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"return_prior_tail": 0.0}, "positive degrees of freedom"),
        ({"curve_shrinkage": -1.0}, "curve_shrinkage must be >= 0"),
        ({"unidentified_pooling": -0.5}, "unidentified_pooling must be >= 0"),
    ],
)
def test_bad_variant_settings_are_refused(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        MarketingMixModel(**kwargs)  # type: ignore[arg-type]


def _pooling_dispersion(small: SimulatedHistory, unidentified_pooling: float) -> float:
    """Spread of the channels' ROIs over their relative returns (0: fully pooled)."""
    model = MarketingMixModel(n_bootstrap=0, seed=3, unidentified_pooling=unidentified_pooling)
    fit = model.fit(small.history).result_
    q = [
        c.roi.estimate / relative_return(small.history.channel_type(c.name)).relative
        for c in fit.channels
    ]
    return float(np.std(q) / np.mean(q))


def test_unidentified_pooling_draws_the_channels_returns_together(
    small: SimulatedHistory,
) -> None:
    """Pooled harder, the weakly measured channels' returns move towards the mix's, so the
    returns over their relative returns sit closer together than with one spread."""
    assert _pooling_dispersion(small, 20.0) < 0.9 * _pooling_dispersion(small, 0.0)
