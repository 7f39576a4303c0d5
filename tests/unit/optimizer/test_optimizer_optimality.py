"""Optimality: KKT conditions, brute force and an independent solver, concave and S-shaped."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from optimizer_models import (
    assert_no_pairwise_gain,
    channel,
    exponential,
    grid_optimum,
    hill,
    model_of,
    power,
    random_curves,
    seed_model,
)
from scipy.optimize import minimize

from model_engine.constraints import Objective, PlanRequest
from model_engine.optimizer import AllocationResult, OptimizerSettings, optimize
from model_engine.optimizer.curves import CurveSet
from model_engine.optimizer.nonconcave import SearchSettings
from model_engine.optimizer.solver import SolverSettings
from model_engine.optimizer.water_filling import ConcaveProblem, WaterFilling


def _spend(result: AllocationResult) -> np.ndarray:
    return np.array([c.recommended for c in result.channels])


def test_concave_plan_equalises_marginal_returns_and_spends_the_budget() -> None:
    model = model_of(
        [
            channel("Search", hill(5_000, 300_000, 0.8)),
            channel("Social", exponential(3_000, 250_000)),
            channel("Email", power(4.0, 0.5)),
            channel("Events", hill(2_000, 500_000, 1.0)),
        ]
    )
    result = optimize(model, PlanRequest(budget=1_000_000))
    spend = _spend(result)
    assert spend.sum() == pytest.approx(1_000_000, rel=1e-12)
    marginals = np.array([c.marginal_return for c in result.channels])
    assert np.all(spend > 0)
    np.testing.assert_allclose(marginals, result.equalised_marginal_return, rtol=1e-6)
    # Moving a little budget between any two channels cannot help (first-order KKT).
    assert_no_pairwise_gain(model, spend, result.expected.estimate, step=1_000, rel=1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_concave_plan_beats_or_matches_slsqp(seed: int) -> None:
    rng = np.random.default_rng(seed)
    curves = random_curves(rng, 8, s_shaped=False)
    model = model_of([channel(f"c{k}", c) for k, c in enumerate(curves)])
    budget = 1_500_000.0
    result = optimize(model, PlanRequest(budget=budget))

    def negative(share: np.ndarray) -> float:
        return -sum(float(c.outcome(s * budget)) for c, s in zip(curves, share, strict=True))

    reference = minimize(
        negative,
        np.full(8, 1 / 8),
        method="SLSQP",
        bounds=[(0, 1)] * 8,
        constraints=[{"type": "eq", "fun": lambda s: s.sum() - 1}],
        options={"ftol": 1e-14, "maxiter": 500},
    )
    assert result.expected.estimate >= -reference.fun * (1 - 1e-7)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("s_shaped", [False, True])
def test_three_channels_match_brute_force(seed: int, s_shaped: bool) -> None:
    rng = np.random.default_rng(100 + seed)
    curves = random_curves(rng, 3, s_shaped=s_shaped)
    budget = float(rng.uniform(3e5, 1.5e6))
    model = model_of([channel(f"c{k}", c) for k, c in enumerate(curves)])
    result = optimize(model, PlanRequest(budget=budget))
    grid = grid_optimum(curves, budget)
    # The grid is a lower bound on the optimum: never do worse than it.
    assert result.expected.estimate >= grid * (1 - 1e-9)
    assert result.expected.estimate <= grid * (1 + 1e-3)


def test_s_shaped_optimum_inside_the_convex_part_is_found() -> None:
    """The optimum can leave one channel short of its inflection (its neighbours' curvature
    outweighs its own); restricting channels to their concave parts misses it."""
    curves = [
        hill(3_566.05, 654_983.5, 2.2196),
        hill(3_015.21, 428_588.9, 2.2630),
        hill(4_886.39, 210_033.7, 2.4871),
    ]
    budget = 642_558.0
    model = model_of([channel(f"c{k}", c) for k, c in enumerate(curves)])
    result = optimize(model, PlanRequest(budget=budget))
    inflection = curves[1].saturation.inflection()  # type: ignore[attr-defined]
    assert 0 < result.channels[1].recommended < inflection
    assert result.expected.estimate >= grid_optimum(curves, budget) * (1 - 1e-9)


def test_s_shaped_curves_do_not_stall_at_zero_or_an_equal_split() -> None:
    """Every S-curve has zero marginal return at zero spend; gradient methods stop there."""
    curves = [hill(1_000, 400_000, 3.0), hill(6_000, 300_000, 3.0), hill(1_500, 500_000, 3.0)]
    model = model_of([channel(f"c{k}", c, current=0.0) for k, c in enumerate(curves)])
    result = optimize(model, PlanRequest(budget=600_000))
    spend = _spend(result)
    assert result.expected.estimate > 0
    assert not np.allclose(spend, 200_000)
    assert spend[1] == pytest.approx(600_000, rel=0.05)  # the strong channel gets it


@pytest.mark.parametrize("seed", range(4))
def test_branch_and_bound_matches_every_regime_enumerated(seed: int) -> None:
    """Exhaustive check: every LOW/HIGH assignment of six S-shaped channels solved exactly."""
    rng = np.random.default_rng(200 + seed)
    curves = random_curves(rng, 6, s_shaped=True)
    budget = float(rng.uniform(5e5, 2e6))
    model = model_of([channel(f"c{k}", c) for k, c in enumerate(curves)])
    result = optimize(model, PlanRequest(budget=budget))
    assert result.method.startswith("branch and bound")
    curve_set = CurveSet.from_curves(curves)
    inflection = curve_set.concave_from()
    best = -np.inf
    for high in itertools.product((False, True), repeat=6):
        chosen = np.array(high)
        lower = np.where(chosen, inflection, 0.0)
        upper = np.where(chosen, budget, 0.0)
        if lower.sum() > budget or upper.sum() < budget:
            continue
        problem = ConcaveProblem(curve_set, lower, upper, (), budget, "exact")
        best = max(best, float(curve_set.value(WaterFilling(problem).solve().spend).sum()))
    assert result.expected.estimate >= best * (1 - 1e-9)


def test_search_stops_at_its_node_limit_and_says_so() -> None:
    rng = np.random.default_rng(8)
    curves = random_curves(rng, 12, s_shaped=True)
    model = model_of([channel(f"c{k}", c) for k, c in enumerate(curves)])
    request = PlanRequest(budget=1_500_000)
    limited = OptimizerSettings(
        solver=SolverSettings(search=SearchSettings(node_limit=3, relative_gap=0.0))
    )
    result = optimize(model, request, limited)
    assert "stopped at 3 nodes" in result.method
    assert result.total_spend == pytest.approx(1_500_000)
    assert optimize(model, request).expected.estimate >= result.expected.estimate * (1 - 1e-12)


def test_profit_objective_stops_where_an_extra_unit_no_longer_pays() -> None:
    model = model_of([channel("A", hill(1_000, 100_000)), channel("B", exponential(800, 80_000))])
    value = 300.0
    result = optimize(
        model,
        PlanRequest(
            budget=5_000_000,
            budget_mode="at_most",
            objective=Objective("profit", value_per_outcome=value),
        ),
    )
    assert result.total_spend < 5_000_000
    for allocation in result.channels:
        assert value * allocation.marginal_return == pytest.approx(1.0, rel=1e-5)
    budget_report = result.constraints[0]
    assert not budget_report.binds


def test_profit_with_a_tight_budget_spends_it_all() -> None:
    model = seed_model()
    result = optimize(
        model,
        PlanRequest(
            budget=500_000,
            budget_mode="at_most",
            objective=Objective("profit", value_per_outcome=2_000),
        ),
    )
    assert result.total_spend == pytest.approx(500_000)
    assert result.constraints[0].binds
    assert result.constraints[0].shadow_price > 0


def test_results_are_deterministic() -> None:
    model = seed_model(shape=2.0, draws=50)
    request = PlanRequest(budget=2_000_000)
    first, second = optimize(model, request), optimize(model, request)
    assert first == second
