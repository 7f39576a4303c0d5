"""Math of the history fit's building blocks: media transform, profiled objective, bootstrap,
baseline design, split, metrics and verdict."""

import numpy as np
import pandas as pd
import pytest

from model_engine.adstock import GeometricAdstock
from model_engine.channels import ChannelType
from model_engine.mmm.bootstrap import default_block_weeks, moving_block_indices
from model_engine.mmm.core import parameter_prior
from model_engine.mmm.design import BaselineDesign
from model_engine.mmm.media import (
    KernelFamily,
    MediaTransform,
    assumed_earlier_spend,
    reference_spend,
)
from model_engine.mmm.solver import BaselineProjector, ParameterPrior, ProfiledObjective
from model_engine.mmm.validation import (
    ChannelUncertainty,
    Diagnostics,
    FitMetrics,
    Split,
    make_verdict,
    mape,
    nrmse,
    r_squared,
    spend_diagnostics,
)

TYPES = (ChannelType.SEARCH, ChannelType.TRADITIONAL, ChannelType.EMAIL)


def spend_matrix(weeks: int = 60, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    spend = rng.gamma(3.0, 1_000.0, (weeks, 3))
    spend[rng.random(weeks) < 0.4, 1] = 0.0  # a flighted channel
    return spend


def theta_for(family: KernelFamily, seed: int = 1) -> np.ndarray:
    prior = parameter_prior(family, TYPES)
    return prior.draw(np.random.default_rng(seed))


@pytest.mark.parametrize("family", ["geometric", "weibull"])
def test_media_levels_match_adstock_then_hill(family: KernelFamily) -> None:
    spend = spend_matrix()
    transform = MediaTransform.from_spend(spend, reference_spend(spend), family, 13)
    theta = theta_for(family)
    levels = transform.levels(theta)
    for c in range(3):
        adstock = transform.adstock(theta[c])
        saturation = transform.saturation(theta[c], c)
        earlier = assumed_earlier_spend(spend[:, c], 13)
        expected = saturation(adstock.apply(spend[:, c], earlier))
        np.testing.assert_allclose(levels[:, c], expected, rtol=1e-9, atol=1e-12)


def test_weeks_before_the_data_spend_like_the_first_weeks() -> None:
    """Constant spend adstocks to a constant from the first week: no artificial ramp."""
    spend = np.full((30, 1), 500.0)
    transform = MediaTransform.from_spend(spend, np.array([500.0]), "geometric", 13)
    adstocked = transform.adstocked(np.array([[0.6, 0.0, 1.0]]))
    np.testing.assert_allclose(adstocked, 1.0)
    np.testing.assert_allclose(assumed_earlier_spend(np.arange(20.0), 4), 1.5)


@pytest.mark.parametrize("family", ["geometric", "weibull"])
def test_media_gradients_match_finite_differences(family: KernelFamily) -> None:
    spend = spend_matrix()
    transform = MediaTransform.from_spend(spend, reference_spend(spend), family, 13)
    theta = theta_for(family)
    _, grads = transform.levels_and_gradients(theta)
    for j in range(theta.shape[1]):
        step = 1e-6
        up, down = theta.copy(), theta.copy()
        up[:, j] += step
        down[:, j] -= step
        numeric = (transform.levels(up) - transform.levels(down)) / (2 * step)
        np.testing.assert_allclose(grads[j], numeric, rtol=1e-5, atol=1e-8)


def test_restricting_rows_keeps_carryover_from_earlier_weeks() -> None:
    """Out-of-sample weeks must carry over the adstock of the training weeks before them."""
    spend = np.zeros((30, 1))
    spend[18, 0] = 1_000.0  # a burst just before the "holdout"
    transform = MediaTransform.from_spend(spend, np.array([1_000.0]), "geometric", 13)
    theta = np.array([[0.7, 0.0, 1.0]])
    holdout = transform.for_rows(slice(20, 30)).levels(theta)
    full = transform.levels(theta)[20:30]
    np.testing.assert_allclose(holdout, full)
    assert holdout[0, 0] > 0.1  # the burst is still working two weeks later


def make_objective(pairs: tuple[tuple[int, int], ...] = ()) -> ProfiledObjective:
    weeks = 80
    spend = spend_matrix(weeks, seed=3)
    transform = MediaTransform.from_spend(spend, reference_spend(spend), "weibull", 13)
    index = pd.date_range("2022-01-03", periods=weeks, freq="7D")
    design = BaselineDesign.from_frame(pd.DataFrame(index=index), (), (), 2)
    true_theta = theta_for("weibull", seed=4)
    levels = transform.levels(true_theta)
    rng = np.random.default_rng(5)
    target = 1_000 + levels @ np.array([300.0, 500.0, 200.0]) + rng.normal(0, 10, weeks)
    return ProfiledObjective(
        transform=transform,
        projector=BaselineProjector.from_matrix(design.matrix(pd.DataFrame(index=index))),
        target=target,
        prior=parameter_prior("weibull", TYPES),
        penalty=1.0,
        noise_var=100.0,
        pairs=pairs,
    )


@pytest.mark.parametrize("pairs", [(), ((0, 1),)], ids=["main effects", "with interaction"])
def test_profiled_objective_gradient_matches_finite_differences(
    pairs: tuple[tuple[int, int], ...],
) -> None:
    objective = make_objective(pairs)
    flat = theta_for("weibull", seed=6).ravel()
    _, gradient = objective.value_and_gradient(flat)
    numeric = np.empty_like(flat)
    for i in range(flat.size):
        step = np.zeros_like(flat)
        step[i] = 1e-6
        numeric[i] = (
            objective.value_and_gradient(flat + step)[0]
            - objective.value_and_gradient(flat - step)[0]
        ) / 2e-6
    np.testing.assert_allclose(gradient, numeric, rtol=1e-4, atol=1e-3)


def test_linear_coefficients_are_exact_and_media_non_negative() -> None:
    objective = make_objective(((0, 2),))
    theta = theta_for("weibull", seed=7)
    coefficients = objective.linear_coefficients(theta)
    assert np.all(coefficients.media >= 0)
    levels = objective.transform.levels(theta)
    fitted = (
        objective.projector.matrix @ coefficients.baseline
        + levels @ coefficients.media
        + coefficients.interactions[0] * levels[:, 0] * levels[:, 2]
    )
    rss = float(np.sum((objective.target - fitted) ** 2))
    assert rss == pytest.approx(objective.residual_sum_of_squares(theta), rel=1e-9)


def test_minimize_improves_on_the_start_and_stays_in_bounds() -> None:
    objective = make_objective()
    start = objective.prior.center
    before = objective.value_and_gradient(start.ravel())[0]
    theta, after = objective.minimize(start)
    assert after < before
    assert np.all(theta >= objective.prior.lower)
    assert np.all(theta <= objective.prior.upper)


def test_projector_tolerates_duplicate_columns() -> None:
    matrix = np.column_stack([np.ones(10), np.arange(10.0), np.arange(10.0)])
    projector = BaselineProjector.from_matrix(matrix)
    assert projector.rank == 2
    np.testing.assert_allclose(projector.residualise(np.arange(10.0)), 0.0, atol=1e-10)


def test_parameter_prior_centres_carryover_on_the_channel_type() -> None:
    prior = parameter_prior("geometric", (ChannelType.TRADITIONAL, ChannelType.SEARCH))
    assert prior.center[0, 0] == pytest.approx(0.45)  # traditional decay 0.1-0.8
    assert prior.center[1, 0] == pytest.approx(0.15)  # search decay 0-0.3
    weibull = parameter_prior("weibull", (ChannelType.TRADITIONAL, ChannelType.SEARCH))
    assert weibull.center[0, 0] == 2.0  # delayed peak for traditional
    assert weibull.center[1, 0] == 1.0  # geometric-like for search
    assert isinstance(prior, ParameterPrior)


def test_moving_blocks_are_contiguous_and_seeded() -> None:
    rng = np.random.default_rng(0)
    rows = moving_block_indices(50, 5, rng)
    assert rows.shape == (50,)
    assert rows.min() >= 0
    assert rows.max() < 50
    blocks = rows.reshape(10, 5)
    np.testing.assert_array_equal(np.diff(blocks, axis=1), 1)
    again = moving_block_indices(50, 5, np.random.default_rng(0))
    np.testing.assert_array_equal(rows, again)
    assert default_block_weeks(156) == 5


def test_baseline_design_rebuilds_the_same_columns_for_any_weeks() -> None:
    index = pd.date_range("2021-01-04", periods=120, freq="7D")
    frame = pd.DataFrame(
        {"price": np.linspace(1, 2, 120), "flat": 3.0, "promo": (np.arange(120) % 10 == 0) * 1.0},
        index=index,
    )
    design = BaselineDesign.from_frame(frame.iloc[:100], ("price", "flat"), ("promo",), 2)
    assert design.dropped == ("flat",)
    assert design.column_names == (
        "intercept",
        "trend",
        "sin_1",
        "cos_1",
        "sin_2",
        "cos_2",
        "price",
        "promo",
    )
    full = design.matrix(frame)
    np.testing.assert_allclose(full[:100], design.matrix(frame.iloc[:100]))
    # 52 weeks later the seasonal columns nearly repeat (a year is 52.18 weeks).
    np.testing.assert_allclose(full[52, 2:6], full[0, 2:6], atol=0.05)
    assert BaselineDesign.from_dict(design.to_dict()) == design
    short = BaselineDesign.from_frame(frame.iloc[:40], (), (), 2)
    assert short.fourier_order == 0  # under a year: no yearly seasonality


def test_split_is_chronological_with_the_requested_shares() -> None:
    split = Split.chronological(200, 0.15, 0.15)
    assert (split.n_train, split.n_validation, split.n_test) == (140, 30, 30)
    assert split.test == slice(170, None)
    assert split.before_test == slice(0, 170)
    with pytest.raises(ValueError, match="only 20 weekly rows"):
        Split.chronological(20, 0.15, 0.15)
    with pytest.raises(ValueError, match=r"between 0 and 0\.5"):
        Split.chronological(200, 0.15, 0.7)


def test_metrics_on_known_values() -> None:
    actual = np.array([100.0, 200.0, 0.0, 400.0])
    predicted = np.array([110.0, 180.0, 5.0, 400.0])
    assert mape(actual, predicted) == pytest.approx(100 * (0.1 + 0.1 + 0.0) / 3)  # zero skipped
    assert r_squared(actual, actual) == 1.0
    assert nrmse(actual, predicted) == pytest.approx(
        np.sqrt(np.mean((actual - predicted) ** 2)) / 400.0
    )
    assert np.isnan(mape(np.zeros(3), np.ones(3)))


def metrics(holdout: float, train: float = 5.0) -> FitMetrics:
    return FitMetrics(
        train_mape=train,
        validation_mape=holdout,
        holdout_mape=holdout,
        holdout_r2=0.8,
        holdout_nrmse=0.1,
        r2=0.9,
        n_train=109,
        n_validation=23,
        n_test=24,
    )


def diagnostics(**changes: object) -> Diagnostics:
    base: dict[str, object] = {
        "n_weeks": 156,
        "collinear_pairs": (),
        "low_variation": (),
        "rarely_active": (),
        "never_active": (),
        "negative_baseline_weeks": 0,
        "durbin_watson": 2.0,
        "n_coefficients": 20,
    }
    return Diagnostics(**{**base, **changes})  # type: ignore[arg-type]


def test_verdict_gates_at_fifteen_percent() -> None:
    good = make_verdict(metrics(8.2), diagnostics())
    assert good.usable_for_planning
    assert good.headline == "MAPE 8.2% on the last 15% of weeks (24 weeks): fit for planning"
    bad = make_verdict(metrics(15.0), diagnostics())
    assert not bad.usable_for_planning
    assert bad.headline.startswith("MAPE 15.0% on the last 15% of weeks")
    assert "not reliable" in bad.headline
    assert bad.reasons  # always a likely reason


@pytest.mark.parametrize(
    ("changes", "train", "phrase"),
    [
        ({"n_weeks": 60}, 5.0, "too few weeks (60)"),
        ({"collinear_pairs": (("tv", "radio", 0.93),)}, 5.0, "tv and radio move together"),
        ({"low_variation": ("email",)}, 5.0, "no spend variation in email"),
        ({"n_coefficients": 70}, 5.0, "too many columns"),
        ({}, 22.0, "misses even the weeks it was fitted on"),
    ],
)
def test_verdict_names_the_likely_reason(
    changes: dict[str, object], train: float, phrase: str
) -> None:
    verdict = make_verdict(metrics(23.0, train), diagnostics(**changes))
    assert not verdict.usable_for_planning
    assert any(phrase in reason for reason in verdict.reasons)


def test_spend_diagnostics_find_collinear_and_flat_channels() -> None:
    rng = np.random.default_rng(0)
    base = rng.gamma(2.0, 100.0, 100)
    spend = np.column_stack(
        [base, base * 1.1 + rng.normal(0, 1, 100), np.full(100, 50.0), np.zeros(100)]
    )
    names = ["tv", "radio", "email", "podcasts"]
    adstocked = np.column_stack([GeometricAdstock(0.3).apply(spend[:, i]) for i in range(4)])
    collinear, low, rare, never = spend_diagnostics(names, spend, adstocked)
    assert [(a, b) for a, b, _ in collinear] == [("tv", "radio")]
    assert low == ("email",)
    assert never == ("podcasts",)
    assert rare == ()


def test_verdict_with_most_channels_weakly_identified_names_the_test_to_run() -> None:
    def channel(name: str, spend: float, low: float, high: float) -> ChannelUncertainty:
        return ChannelUncertainty(name, spend, low, (low + high) / 2, high, high >= 2 * low)

    identified = [channel("search", 1e6, 1.8, 2.4), channel("tv", 2e6, 0.9, 1.3)]
    assert make_verdict(metrics(8.2), diagnostics(), identified).headline.endswith(
        ": fit for planning"
    )
    weak = [
        channel("search", 1e6, 1.8, 2.4),
        channel("tv", 2e6, 0.4, 2.0),  # the widest uncertainty in spend terms
        channel("display", 1e5, 0.2, 1.5),
    ]
    verdict = make_verdict(metrics(8.2), diagnostics(), weak)
    assert verdict.usable_for_planning  # it still predicts: plans are made, labelled
    assert verdict.weak_channels == ("tv", "display")
    assert verdict.suggested_test == "tv"
    assert not verdict.moves_identified
    assert "not fit for planning on its own" in verdict.headline
    assert "a lift test on tv would settle the most" in verdict.headline


def test_verdict_with_a_few_weak_channels_is_not_fit_for_planning_outright() -> None:
    """One weak channel of three: the fit may plan, but only moves on the identified channels
    are called fit for planning; moves on the weak one are directional, and the test that
    would settle it is named."""

    def channel(name: str, spend: float, low: float, high: float) -> ChannelUncertainty:
        return ChannelUncertainty(name, spend, low, (low + high) / 2, high, high >= 2 * low)

    mixed = [
        channel("search", 1e6, 1.8, 2.4),
        channel("tv", 2e6, 0.9, 1.3),
        channel("display", 1e5, 0.2, 1.5),
    ]
    verdict = make_verdict(metrics(8.2), diagnostics(), mixed)
    assert verdict.usable_for_planning
    assert not verdict.headline.endswith(": fit for planning")
    assert "fit for planning on the channels it identifies" in verdict.headline
    assert "display" in verdict.headline
    assert "directional" in verdict.headline
    assert "a lift test on display would settle the most" in verdict.headline
    assert verdict.weak_channels == ("display",)
    assert verdict.suggested_test == "display"
    assert not verdict.moves_identified
    identified = make_verdict(metrics(8.2), diagnostics(), mixed[:2])
    assert identified.moves_identified
    assert identified.suggested_test is None
    # A fit that does not predict is not rescued by identified channels.
    assert not make_verdict(metrics(23.0), diagnostics(), mixed[:2]).usable_for_planning
