"""Flighted curves: the weekly-average saturation, circular carryover, pattern validation, and
the optimizer on curves that switch between convex and concave more than once."""

from __future__ import annotations

import numpy as np
import pytest
from optimizer_models import (
    assert_no_pairwise_gain,
    channel,
    grid_optimum,
    hill,
    model_of,
    random_curves,
)

from model_engine.adstock import GeometricAdstock, WeibullAdstock
from model_engine.constraints import PlanRequest
from model_engine.optimizer import optimize
from model_engine.optimizer.curves import CurveSet
from model_engine.optimizer.nonconcave import RegimeSearch
from model_engine.optimizer.water_filling import ConcaveProblem
from model_engine.response import FlightingPattern, ResponseCurve, resolve_flighting
from model_engine.saturation import (
    ExponentialSaturation,
    FlightedSaturation,
    HillSaturation,
    Saturation,
)

WEEKS = 13
SPEND = np.array([2e4, 1e5, 3e5, 8e5, 2e6])
BURST = [1.0] * 4 + [0.0] * 9
SINGLE_WEEK = [1.0] + [0.0] * 12


def _levels(pattern: list[float], kernel: np.ndarray) -> np.ndarray:
    return FlightingPattern.from_weights(pattern, WEEKS).relative_levels(kernel, kernel.sum())


def _flighted(curve: ResponseCurve, pattern: list[float], decay: float = 0.3) -> ResponseCurve:
    return curve.flighted(_levels(pattern, GeometricAdstock(decay).weights()))


@pytest.mark.parametrize(
    "base",
    [HillSaturation(3e5, 0.8), HillSaturation(3e5, 2.5), ExponentialSaturation(2e5)],
    ids=repr,
)
def test_unit_levels_give_the_base_curve(base: Saturation) -> None:
    flighted = FlightedSaturation(base, np.ones(WEEKS))
    for method in ("__call__", "derivative", "second_derivative"):
        np.testing.assert_allclose(
            getattr(flighted, method)(SPEND), getattr(base, method)(SPEND), rtol=1e-12
        )


def test_derivatives_match_finite_differences() -> None:
    curve = FlightedSaturation(
        HillSaturation(3e5, 2.2), _levels(BURST, WeibullAdstock(2, 2).weights())
    )
    step = 1e-4 * SPEND
    first = (curve(SPEND + step) - curve(SPEND - step)) / (2 * step)
    second = (curve.derivative(SPEND + step) - curve.derivative(SPEND - step)) / (2 * step)
    np.testing.assert_allclose(curve.derivative(SPEND), first, rtol=1e-6)
    np.testing.assert_allclose(curve.second_derivative(SPEND), second, rtol=1e-5)


def test_circular_carryover_keeps_every_dollar_inside_the_horizon() -> None:
    kernel = GeometricAdstock(0.5, l_max=13).weights()
    even = _levels([1.0] * WEEKS, kernel)
    np.testing.assert_allclose(even, 1.0, rtol=1e-12)
    burst = _levels(BURST, kernel)
    assert burst.mean() == pytest.approx(1.0, rel=1e-12)
    # The same plan ran before the horizon: week 1 gets carryover from the last burst, not more.
    shares = np.tile(np.asarray(BURST) / 4.0, 3)
    adstocked = GeometricAdstock(0.5, l_max=13).apply(shares)[2 * WEEKS :]
    np.testing.assert_allclose(burst, WEEKS * adstocked, rtol=1e-12)


def test_burst_on_a_saturating_curve_buys_less_than_even_spend() -> None:
    even = hill(5_000, 3e5, 1.0)
    burst = _flighted(even, BURST)
    assert np.all(burst.outcome(SPEND) < even.outcome(SPEND))


def test_burst_lifts_an_s_curve_short_of_its_threshold() -> None:
    """Below the inflection a concentrated flight reaches further up the curve: the classic case
    for flighting a small budget."""
    even = hill(5_000, 3e5, 3.0)
    burst = _flighted(even, BURST)
    small, large = 5e4, 2e6
    assert float(burst.outcome(small)) > float(even.outcome(small))
    assert float(burst.outcome(large)) < float(even.outcome(large))


def test_the_optimizer_moves_budget_away_from_a_burst_and_kkt_holds() -> None:
    curve = hill(6_000, 4e5, 1.0)
    model = model_of(
        [
            channel("Even", curve),
            channel("Bursted", _flighted(curve, BURST)),
            channel("Email", hill(3_000, 2e5, 0.9)),
        ]
    )
    budget = 900_000.0
    result = optimize(model, PlanRequest(budget=budget))
    assert result.allocation["Bursted"] < 0.6 * result.allocation["Even"]
    assert "not an even spread, for Bursted" in result.summary()
    spend = np.array([c.recommended for c in result.channels])
    assert spend.sum() == pytest.approx(budget, rel=1e-12)
    marginals = np.array([c.marginal_return for c in result.channels])
    np.testing.assert_allclose(marginals, result.equalised_marginal_return, rtol=1e-6)
    assert_no_pairwise_gain(model, spend, result.expected.estimate, step=1_000, rel=1e-12)


def test_a_single_week_burst_switches_curvature_several_times() -> None:
    """Short carryover and an S-shape: the burst week saturates, then the weeks reached only by
    its carryover start to count, a second S and more."""
    curve = _flighted(hill(3_000, 3e5, 2.5), SINGLE_WEEK, decay=0.1)
    curvature = CurveSet.from_curves([curve]).curvature(np.zeros(1), np.full(1, 1e7), 1.0)
    found = curvature.breaks[0][~np.isnan(curvature.breaks[0])]
    grid = np.geomspace(1e2, 1e7, 400_000)
    convex = curve.saturation.second_derivative(grid) > 0
    expected = grid[1:][convex[1:] != convex[:-1]]
    assert curvature.convex_at_start[0]
    assert found.size == expected.size >= 3
    np.testing.assert_allclose(found, expected, rtol=1e-4)


@pytest.mark.parametrize("seed", range(4))
def test_flighted_plans_match_brute_force(seed: int) -> None:
    rng = np.random.default_rng(300 + seed)
    kernels = [GeometricAdstock(0.1).weights(), WeibullAdstock(2.0, 3.0).weights()]
    patterns = [SINGLE_WEEK, BURST, [1.0, 1.0, 0.0, 0.0] * 3 + [1.0]]
    curves = [
        c.flighted(_levels(patterns[k], kernels[k % 2]))
        for k, c in enumerate(random_curves(rng, 3, s_shaped=True))
    ]
    budget = float(rng.uniform(3e5, 1.5e6))
    result = optimize(
        model_of([channel(f"c{k}", c) for k, c in enumerate(curves)]), PlanRequest(budget)
    )
    grid = grid_optimum(curves, budget, points=801)
    assert result.expected.estimate >= grid * (1 - 1e-9)
    assert result.expected.estimate <= grid * (1 + 1e-3)


def test_a_mixture_of_s_shaped_draws_is_searched_by_its_own_curvature() -> None:
    """The mean of draws with far-apart thresholds is a double S (what the conservative mode
    searches): its middle concave stretch must be a regime, not part of one convex stretch."""
    mixed = ResponseCurve(
        HillSaturation(np.array([5e4, 1.5e6]), np.array([4.0, 4.0])), np.array([3_000.0, 3_000.0])
    )
    steady = ResponseCurve(HillSaturation(np.full(2, 2e5)), np.full(2, 2_500.0))
    curves = CurveSet.from_curves([mixed, steady])
    budget = 4e5
    curvature = curves.curvature(np.zeros(2), np.full(2, 5e6), 1.0)
    assert np.count_nonzero(~np.isnan(curvature.breaks[0])) == 3
    problem = ConcaveProblem(curves, np.zeros(2), np.full(2, budget), (), budget, "exact")
    found = RegimeSearch(problem).solve()
    grid = np.linspace(0.0, budget, 40_001)
    brute = curves.value(np.stack([grid, budget - grid])).sum(axis=0).max()
    assert found.objective >= brute * (1 - 1e-9)
    assert 5e4 < found.solution.spend[0] < 2e5  # on the first S, short of the second


def test_peak_and_inverse_of_the_marginal_level() -> None:
    curve = FlightedSaturation(
        HillSaturation(3e5, 2.5), _levels(BURST, WeibullAdstock(2, 2).weights())
    )
    grid = np.geomspace(1e3, 1e7, 200_000)
    assert float(curve.inflection()) == pytest.approx(
        grid[np.argmax(curve.derivative(grid))], rel=1e-3
    )
    beyond = np.array([1e6, 3e6])  # past every term's inflection: the derivative only falls
    found = curve.spend_at_derivative(curve.derivative(beyond))
    np.testing.assert_allclose(found, beyond, rtol=1e-8)
    assert (
        float(curve.spend_at_derivative(10.0 * float(curve.derivative(curve.inflection())))) == 0.0
    )


def test_flighted_draws_serialise_and_split() -> None:
    base = HillSaturation(np.array([2e5, 3e5]), np.array([1.5, 2.0]))
    levels = np.stack([_levels(BURST, GeometricAdstock(d).weights()) for d in (0.2, 0.6)])
    curve = FlightedSaturation(base, levels)
    again = Saturation.from_dict(curve.to_dict())
    np.testing.assert_allclose(again(SPEND[:, None]), curve(SPEND[:, None]))
    second = curve.draw(1)
    np.testing.assert_allclose(second(SPEND), curve(SPEND[:, None])[:, 1])
    assert curve.with_params(shape=np.array([1.0, 1.0])).params()["shape"].tolist() == [1.0, 1.0]
    assert ResponseCurve(curve, np.ones(2)).n_draws == 2


@pytest.mark.parametrize(
    ("flighting", "message"),
    [
        ([1.0] * 12, "has 12 weeks but the horizon has 13; give one weight per week"),
        ([1.0] * 12 + [-1.0], "week 13 is negative (-1); use 0 or more"),
        ([0.0] * 13, "is all zero; give at least one week some spend"),
        ([1.0] * 12 + ["lots"], "week 13 must be a number, got 'lots'"),
        ({"Serch": [1.0] * 13}, "unknown channel 'Serch'; known channels: Search, Social"),
        ({"social": [1.0] * 10}, "the flighting pattern for 'Social' has 10 weeks"),
    ],
)
def test_bad_patterns_say_what_to_fix(flighting: object, message: str) -> None:
    with pytest.raises(ValueError, match="flighting") as raised:
        resolve_flighting(flighting, ("Search", "Social"), WEEKS)  # type: ignore[arg-type]
    assert message in str(raised.value)


def test_patterns_resolve_by_name_with_a_default() -> None:
    patterns = resolve_flighting({"social": BURST, "*": SINGLE_WEEK}, ("Search", "Social"), WEEKS)
    assert patterns["Social"].shares[:4] == (0.25,) * 4
    assert patterns["Search"].shares[0] == 1.0
    assert patterns["Search"].describe() == (
        "flighted: peak week 1 takes 100% of its budget; 12 of 13 weeks dark"
    )
    assert resolve_flighting(None, ("Search",), WEEKS) == {}
