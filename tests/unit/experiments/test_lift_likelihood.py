"""The lift-test likelihood term against a brute-force check: the lift it predicts is the
difference of two full model predictions, its rows enter the objective as a Gaussian
log-likelihood, and its gradient matches finite differences."""

import numpy as np
import pandas as pd
import pytest

from model_engine.adstock import GeometricAdstock
from model_engine.experiments.lift_test import LiftTest, place_lift_test
from model_engine.mmm import HistoryFit, MarketingMixModel
from model_engine.mmm.calibration import predicted_lift
from model_engine.mmm.media import MediaTransform
from model_engine.mmm.solver import BaselineProjector, ParameterPrior, ProfiledObjective
from model_engine.mmm.terms import LiftTestTerm
from model_engine.saturation import HillSaturation
from model_engine.simulation import SimulatedHistory, default_scenario, simulate

WEEKS = 60
L_MAX = 8


def _spend(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.uniform(5_000, 15_000, WEEKS)


def _term(
    spend: np.ndarray, changed: np.ndarray, rows: slice, obs: float, se: float
) -> LiftTestTerm:
    reference = np.array([spend.mean()])

    def transform(x: np.ndarray) -> MediaTransform:
        return MediaTransform.from_spend(x[:, None], reference, "geometric", L_MAX).for_rows(rows)

    return LiftTestTerm(0, transform(spend), transform(changed), obs, se)


def test_predicted_lift_is_the_difference_of_two_brute_force_simulations() -> None:
    spend = _spend(1)
    changed = spend.copy()
    changed[30:36] += 4_000.0  # a six-week scale-up
    rows = slice(30, 42)  # measured six weeks past the end: the carryover counts
    decay, log_k, shape, beta = 0.5, np.log(0.8), 1.3, 2_000.0
    term = _term(spend, changed, rows, 0.0, 1.0)
    theta = np.array([[decay, log_k, shape]])
    weight = term.lift_per_coefficient(theta[0])

    # Brute force: the whole series through the adstock and the Hill curve, twice.
    adstock = GeometricAdstock(decay, l_max=L_MAX)
    curve = HillSaturation(np.exp(log_k) * spend.mean(), shape)
    earlier = spend[:L_MAX].mean()
    before = beta * curve(adstock.apply(spend, earlier))
    after = beta * curve(adstock.apply(changed, earlier))
    assert beta * weight == pytest.approx(float((after - before)[rows].sum()), rel=1e-9)
    # Carryover: the weeks after the test hold part of the lift.
    assert (after - before)[36:42].sum() > 0.05 * (after - before)[rows].sum()


def _objective(with_term: bool) -> tuple[ProfiledObjective, np.ndarray]:
    rng = np.random.default_rng(4)
    spend = _spend(2)
    reference = np.array([spend.mean()])
    transform = MediaTransform.from_spend(spend[:, None], reference, "geometric", L_MAX)
    theta_true = np.array([[0.4, np.log(1.1), 1.2]])
    target = 50_000 + 3_000 * transform.levels(theta_true)[:, 0] + rng.normal(0, 300, WEEKS)
    baseline = np.column_stack([np.ones(WEEKS), np.arange(WEEKS) / WEEKS])
    prior = ParameterPrior(
        lower=np.array([[0.0, np.log(0.1), 0.5]]),
        upper=np.array([[0.9, np.log(10.0), 3.0]]),
        center=np.array([[0.3, 0.0, 1.0]]),
        scale=np.array([[0.3, 1.0, 0.5]]),
    )
    objective = ProfiledObjective(
        transform=transform,
        projector=BaselineProjector.from_matrix(baseline),
        target=target,
        prior=prior,
        penalty=1.0,
        noise_var=300.0**2,
    )
    changed = spend.copy()
    changed[20:26] = 0.0
    if with_term:
        objective = objective.with_terms([_term(spend, changed, slice(20, 32), -9_000.0, 800.0)])
    return objective, np.array([0.35, np.log(0.9), 1.4])


def test_the_term_adds_the_gaussian_log_likelihood_of_the_result() -> None:
    plain, theta = _objective(with_term=False)
    calibrated, _ = _objective(with_term=True)
    value, _ = calibrated.value_and_gradient(theta)
    term = calibrated.terms[0]
    assert isinstance(term, LiftTestTerm)
    beta = calibrated.linear_coefficients(theta.reshape(1, -1)).media[0]
    lift = beta * term.lift_per_coefficient(theta)
    rss = calibrated.residual_sum_of_squares(theta.reshape(1, -1))
    penalty = float(np.sum(((theta - plain.prior.center[0]) / plain.prior.scale[0]) ** 2))
    expected = rss / calibrated.noise_var + ((lift + 9_000.0) / 800.0) ** 2 + penalty
    assert value == pytest.approx(expected, rel=1e-9)
    # The coefficient is chosen with the test in view: closer to the test than without it.
    beta_plain = plain.linear_coefficients(theta.reshape(1, -1)).media[0]
    lift_plain = beta_plain * term.lift_per_coefficient(theta)
    assert abs(lift + 9_000.0) < abs(lift_plain + 9_000.0)


def test_the_gradient_matches_finite_differences() -> None:
    objective, theta = _objective(with_term=True)
    _, gradient = objective.value_and_gradient(theta)
    step = 1e-6
    for i in range(theta.size):
        up, down = theta.copy(), theta.copy()
        up[i] += step
        down[i] -= step
        numeric = (objective.value_and_gradient(up)[0] - objective.value_and_gradient(down)[0]) / (
            2 * step
        )
        assert gradient[i] == pytest.approx(numeric, rel=1e-4, abs=1e-4)


@pytest.fixture(scope="module")
def simulated() -> SimulatedHistory:
    return simulate(default_scenario(n_weeks=104, n_channels=3, noise=0.03, curves="concave"), 7)


@pytest.fixture(scope="module")
def plain_fit(simulated: SimulatedHistory) -> HistoryFit:
    return MarketingMixModel(n_bootstrap=30, seed=0).fit(simulated.history).result_


def test_a_fitted_channel_predicts_a_test_as_two_model_predictions_do(
    simulated: SimulatedHistory, plain_fit: HistoryFit
) -> None:
    frame = simulated.history.frame
    channel = plain_fit.channel("social")
    test = LiftTest("social", frame.index[60], frame.index[65], 60_000.0, 1.0, 1.0, frame.index[70])
    placed = place_lift_test(test, pd.DatetimeIndex(frame.index), frame["social"].to_numpy(), 1)
    point, draws = predicted_lift(channel, placed)
    changed = frame.copy()
    changed.loc[frame.index[60] : frame.index[65], "social"] += 10_000.0
    difference = plain_fit.predict(changed) - plain_fit.predict(frame)
    assert point == pytest.approx(float(difference.iloc[60:71].sum()), rel=1e-9)
    assert draws is not None
    assert draws.size == 30


def test_calibration_reports_before_and_after_and_flags_a_contradiction(
    simulated: SimulatedHistory, plain_fit: HistoryFit
) -> None:
    frame = simulated.history.frame
    predicted = plain_fit.channel("search").roi.estimate
    # A go-dark test claiming five times the lift the model expects contradicts it.
    spent = float(frame["search"].iloc[60:66].sum())
    test = LiftTest(
        "search", frame.index[60], frame.index[65], -spent, -5 * predicted * spent, 0.03 * spent
    )
    fit = MarketingMixModel(n_bootstrap=30, seed=0).fit(simulated.history, [test]).result_
    report = fit.calibration
    assert report is not None
    search = report.channel("search")
    assert search.tested
    assert not report.channel("social").tested
    assert search.roi_before == plain_fit.channel("search").roi
    assert search.roi_after.estimate > 1.5 * search.roi_before.estimate
    (check,) = report.contradictions
    assert check.contradicts
    assert "contradicts the model" in check.message
    assert check.predicted_after.estimate < check.predicted_before.estimate


def test_a_test_on_an_unknown_channel_or_before_the_history_is_refused(
    simulated: SimulatedHistory,
) -> None:
    frame = simulated.history.frame
    model = MarketingMixModel(n_bootstrap=0)
    unknown = LiftTest("radio", frame.index[10], frame.index[12], 1e4, 10.0, 5.0, source="row 2")
    with pytest.raises(ValueError, match="row 2: the test names 'radio'"):
        model.fit(simulated.history, [unknown])
    early = LiftTest(
        "search", frame.index[0] - pd.Timedelta(weeks=4), frame.index[2], 1e4, 10.0, 5.0
    )
    with pytest.raises(ValueError, match="before the history's first week"):
        model.fit(simulated.history, [early])
