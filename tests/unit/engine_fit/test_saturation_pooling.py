"""Partial pooling of the saturation point (``saturation_pooling``): the penalty and its
gradient against brute force, the pull it puts on a channel the data cannot place, and the
default fit left exactly as it was."""

import numpy as np
import pytest

from model_engine.mmm import MarketingMixModel
from model_engine.mmm.media import MediaTransform
from model_engine.mmm.solver import (
    BaselineProjector,
    ParameterPrior,
    ProfiledObjective,
    SaturationPooling,
)
from model_engine.simulation import SimulatedHistory

WEEKS = 80
L_MAX = 6
LOG_K = 1  # column of the log half-saturation in (decay, log K, shape)


def _objective(pooling: SaturationPooling | None) -> ProfiledObjective:
    """Three channels: two with varying spend whose true half-saturation sits at 3x their
    average spend, and one whose spend never varies (its curve is the intercept's)."""
    rng = np.random.default_rng(7)
    spend = np.column_stack(
        [rng.uniform(2_000, 18_000, WEEKS), rng.uniform(1_000, 9_000, WEEKS), np.full(WEEKS, 5e3)]
    )
    reference = spend.mean(axis=0)
    transform = MediaTransform.from_spend(spend, reference, "geometric", L_MAX)
    truth = np.array([[0.3, np.log(3.0), 1.0], [0.2, np.log(3.0), 1.0], [0.3, np.log(3.0), 1.0]])
    levels = transform.levels(truth)
    target = 40_000 + levels @ np.array([20_000.0, 12_000.0, 5_000.0])
    target = target + rng.normal(0, 100, WEEKS)
    n_channels = spend.shape[1]
    prior = ParameterPrior(
        lower=np.tile([0.0, np.log(0.1), 0.5], (n_channels, 1)),
        upper=np.tile([0.9, np.log(10.0), 3.0], (n_channels, 1)),
        center=np.tile([0.3, 0.0, 1.0], (n_channels, 1)),
        scale=np.tile([0.3, 1.0, 0.5], (n_channels, 1)),
        pooling=pooling,
    )
    return ProfiledObjective(
        transform=transform,
        projector=BaselineProjector.from_matrix(np.ones((WEEKS, 1))),
        target=target,
        prior=prior,
        penalty=1.0,
        noise_var=100.0**2,
    )


@pytest.mark.parametrize("center", [None, 0.5])
def test_pooling_penalty_is_the_stated_gaussian_and_its_gradient_matches(
    center: float | None,
) -> None:
    sd = 0.4
    offset = np.array([0.3, -0.7, 1.1])
    pooling = SaturationPooling(column=LOG_K, sd=sd, center=center, offset=offset)
    plain, pooled = _objective(None), _objective(pooling)
    theta = np.array([[0.4, 0.2, 1.2], [0.3, 1.3, 0.9], [0.5, -0.6, 1.5]])
    u = theta[:, LOG_K]
    centre = u.mean() if center is None else center
    expected = float(np.sum(((u - centre) / sd - offset) ** 2))
    value, gradient = pooled.value_and_gradient(theta.ravel())
    plain_value, _ = plain.value_and_gradient(theta.ravel())
    assert value - plain_value == pytest.approx(expected, rel=1e-9)
    step = 1e-6
    numeric = np.empty(theta.size)
    for i in range(theta.size):
        up, down = theta.ravel().copy(), theta.ravel().copy()
        up[i] += step
        down[i] -= step
        numeric[i] = (pooled.value_and_gradient(up)[0] - pooled.value_and_gradient(down)[0]) / (
            2 * step
        )
    np.testing.assert_allclose(gradient, numeric, rtol=1e-4, atol=1e-4 * np.abs(numeric).max())


def test_a_channel_whose_spend_never_varies_is_pulled_toward_the_pooled_centre() -> None:
    start = _objective(None).prior.center
    alone, _ = _objective(None).minimize(start)
    pooled, _ = _objective(SaturationPooling(column=LOG_K, sd=0.3)).minimize(start)
    # Without pooling nothing but its own prior (centre 0) places the constant channel's bend.
    assert alone[2, LOG_K] == pytest.approx(0.0, abs=1e-3)
    # With it, the constant channel moves toward the others (fitted near log 3 ~ 1.1).
    others = pooled[:2, LOG_K].mean()
    assert others > 0.5
    assert pooled[2, LOG_K] > 0.5 * others


def test_the_randomised_draw_perturbs_the_pooling_only_when_it_is_on() -> None:
    objective = _objective(SaturationPooling(column=LOG_K, sd=0.3))
    replicate = objective.randomised(np.random.default_rng(0))
    assert replicate.prior.pooling is not None
    assert replicate.prior.pooling.offset is not None
    assert replicate.prior.pooling.offset.shape == (3,)
    # Off, the replicate's random stream is the one it always was.
    plain = _objective(None)
    a = plain.randomised(np.random.default_rng(0)).prior.center
    b = plain.prior.perturbed(np.random.default_rng(0), 1.0).center
    np.testing.assert_array_equal(a, b)
    assert plain.randomised(np.random.default_rng(0)).prior.pooling is None


def test_off_by_default_and_the_default_fit_is_unchanged(small: SimulatedHistory) -> None:
    assert MarketingMixModel().saturation_pooling is None
    default = MarketingMixModel(n_bootstrap=5, seed=1).fit(small.history).result_
    explicit = (
        MarketingMixModel(n_bootstrap=5, seed=1, saturation_pooling=None).fit(small.history).result_
    )
    pooled = (
        MarketingMixModel(n_bootstrap=5, seed=1, saturation_pooling=0.2).fit(small.history).result_
    )
    for a, b in zip(default.channels, explicit.channels, strict=True):
        assert float(a.saturation.half_saturation) == float(b.saturation.half_saturation)
        assert a.roi == b.roi
    spread = np.std(
        [
            np.log(float(c.saturation.half_saturation) / small.history.frame[c.name].mean())
            for c in pooled.channels
        ]
    )
    unpooled = np.std(
        [
            np.log(float(c.saturation.half_saturation) / small.history.frame[c.name].mean())
            for c in default.channels
        ]
    )
    # The pooling narrows the channels' saturation points around their common centre.
    assert spread < unpooled


def test_the_pooling_sd_must_be_positive() -> None:
    with pytest.raises(ValueError, match="saturation_pooling"):
        MarketingMixModel(saturation_pooling=0.0)
