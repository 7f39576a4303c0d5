"""The exact cost of a binding geo rule: the re-solve without it copies the markets the plan
left at the same limit, and the cost is still the difference of two optimal plans."""

from __future__ import annotations

import numpy as np
from optimizer_models import channel, hill, model_of

from model_engine.constraints import Amount, PlanRequest
from model_engine.optimizer import OptimizerSettings, optimize
from model_engine.optimizer.curves import CurveSet
from model_engine.optimizer.geo import FixedGeo, GeoBound, GeoPlanModel, LineBound, optimize_by_geo
from model_engine.optimizer.region import GroupLimit
from model_engine.optimizer.water_filling import ConcaveProblem, WaterFilling

N_GEOS, N_CHANNELS, FLOOR = 24, 4, 60_000.0


def _markets(seed: int) -> tuple[GeoPlanModel, list[GeoBound | FixedGeo | LineBound]]:
    """Markets of uneven size under one floor (most held at it), caps on some lines."""
    rng = np.random.default_rng(seed)
    geo_models = []
    rules: list[GeoBound | FixedGeo | LineBound] = []
    for g in range(N_GEOS):
        size = float(np.exp(rng.normal(0.0, 0.5)))
        channels = []
        for c in range(N_CHANNELS):
            current = 15_000.0 * size * float(rng.uniform(0.5, 1.5))
            half = current * float(rng.uniform(0.6, 2.0))
            scale = current * float(rng.uniform(1.5, 4.0)) * (half + current) / current
            channels.append(
                channel(f"c{c}", hill(scale, half, float(rng.uniform(0.7, 1.0))), current)
            )
            if rng.uniform() < 0.15:
                rules.append(LineBound(f"g{g:02d}", f"c{c}", maximum=Amount(current)))
        geo_models.append((f"g{g:02d}", model_of(channels)))
    # The largest market is held fixed (a fixed market must clear the floor itself).
    largest = max(geo_models, key=lambda pair: pair[1].current_total)[0]
    rules += [GeoBound(None, minimum=Amount(FLOOR)), FixedGeo(largest)]
    return GeoPlanModel.from_geo_models(geo_models), rules


def test_every_binding_geo_rule_costs_the_difference_of_two_optimal_plans() -> None:
    for seed in (0, 1):
        plan_model, rules = _markets(seed)
        request = PlanRequest(budget=plan_model.model.current_total)
        plan = optimize_by_geo(plan_model, request, rules, OptimizerSettings(costed_constraints=40))
        at_floor = [t for _, t in plan.geo_totals().values() if abs(t - FLOOR) < 1e-3]
        assert len(at_floor) > N_GEOS // 3  # most markets are held: the copied groups
        constraints = plan_model.constraints(rules)
        costed = [r for r in plan.result.constraints if r.binds and r.cost is not None]
        kinds = {r.kind for r in costed if r.kind != "total_budget"}
        assert {"group_bound", "channel_bound"} <= kinds
        cold = OptimizerSettings(price_constraints=False)
        for report in costed:
            if report.kind == "total_budget":
                continue
            rest = tuple(c for c in constraints if c != report.constraint)
            assert len(rest) == len(constraints) - 1
            relaxed = optimize(
                plan_model.model, PlanRequest(budget=request.budget, constraints=rest), cold
            )
            exact = relaxed.objective_value - plan.result.objective_value
            assert report.cost is not None
            assert exact > 0
            assert abs(report.cost - exact) <= 1e-6 * exact, (
                report.description,
                report.cost,
                exact,
            )


def _groups_problem(upper_of_line_1: float = np.inf) -> ConcaveProblem:
    """Three groups of two lines under floors; the first two groups are held at theirs."""
    curves = CurveSet.from_curves(
        [
            hill(s, h, 0.8)
            for s, h in [(3e4, 2e4), (2e4, 3e4), (1e4, 4e4), (2e4, 5e4), (9e4, 1e4), (8e4, 2e4)]
        ]
    )
    groups = tuple(
        GroupLimit(f"g{k}", np.array([2 * k, 2 * k + 1]), lower, np.inf, source=k + 1)
        for k, lower in enumerate([60_000.0, 60_000.0, 10_000.0])
    )
    upper = np.full(6, 200_000.0)
    upper[1] = min(upper[1], upper_of_line_1)
    return ConcaveProblem(curves, np.zeros(6), upper, groups, 200_000.0, "exact")


def test_a_group_held_at_the_same_floor_is_copied_and_a_changed_one_is_searched_again() -> None:
    problem = _groups_problem()
    plan = WaterFilling(problem).solve()
    assert set(plan.solved) == {1, 2}  # the two groups at their floors
    # Without the third group's floor, the first two stay at theirs: copied as they were.
    dropped = ConcaveProblem(
        problem.curves,
        problem.lower,
        problem.upper,
        problem.groups[:2],
        200_000.0,
        "exact",
        hints=plan.hints(problem.groups),
    )
    relaxed = WaterFilling(dropped).solve()
    cold = WaterFilling(
        ConcaveProblem(
            problem.curves, problem.lower, problem.upper, problem.groups[:2], 200_000.0, "exact"
        )
    ).solve()
    assert np.array_equal(relaxed.spend[:4], plan.spend[:4])
    np.testing.assert_allclose(relaxed.spend, cold.spend, rtol=1e-7, atol=1e-3)
    # A line of the first group capped lower: same group, same floor, another optimum.
    capped = _groups_problem(upper_of_line_1=5_000.0)
    warm = WaterFilling(
        ConcaveProblem(
            capped.curves,
            capped.lower,
            capped.upper,
            capped.groups,
            200_000.0,
            "exact",
            hints=plan.hints(problem.groups),
        )
    ).solve()
    fresh = WaterFilling(capped).solve()
    assert warm.spend[1] <= 5_000.0 + 1e-6
    assert not np.allclose(warm.spend[:2], plan.spend[:2])
    np.testing.assert_allclose(warm.spend, fresh.spend, rtol=1e-7, atol=1e-3)
