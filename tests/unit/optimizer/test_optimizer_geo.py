"""Geo-level plans: every geo x channel line, geo rules with line and national rules, checked
on the final numbers and against a brute-force optimum on a tiny case."""

from __future__ import annotations

import numpy as np
import pytest
from optimizer_models import TWO_MARKET_CURVES, channel, hill, model_of, two_market_plan_model
from scipy.optimize import minimize

from model_engine.constraints import Amount, ChannelBound, PlanRequest
from model_engine.optimizer import optimize
from model_engine.optimizer.geo import (
    FixedGeo,
    GeoBound,
    GeoPlanModel,
    LineBound,
    NationalChannelBound,
    optimize_by_geo,
)


def _brute_force(budget: float, south_floor: float) -> float:
    """Best outcome by SLSQP from many starts on the explicit problem."""
    keys = list(TWO_MARKET_CURVES)

    def outcome(x: np.ndarray) -> float:
        return float(
            sum(
                TWO_MARKET_CURVES[k][0] * v / (v + TWO_MARKET_CURVES[k][1])
                for k, v in zip(keys, x, strict=True)
            )
        )

    constraints = [
        {"type": "eq", "fun": lambda x: x.sum() - budget},
        {"type": "ineq", "fun": lambda x: x[2] + x[3] - south_floor},
    ]
    rng = np.random.default_rng(0)
    best = -np.inf
    for _ in range(30):
        start = rng.dirichlet(np.ones(4)) * budget
        found = minimize(
            lambda x: -outcome(x),
            start,
            method="SLSQP",
            bounds=[(0, budget)] * 4,
            constraints=constraints,
            options={"ftol": 1e-12, "maxiter": 500},
        )
        if found.success:
            best = max(best, outcome(found.x))
    return best


def test_every_line_is_planned_and_a_geo_floor_is_exact_against_brute_force() -> None:
    plan_model = two_market_plan_model()
    budget, floor = 200_000.0, 120_000.0
    plan = optimize_by_geo(
        plan_model, PlanRequest(budget=budget), [GeoBound("south", minimum=Amount(floor))]
    )
    assert [(a.geo, a.channel) for a in plan.allocations] == list(TWO_MARKET_CURVES)
    totals = plan.geo_totals()
    assert totals["south"][1] == pytest.approx(floor, rel=1e-6)  # the floor binds here
    assert plan.result.total_spend == pytest.approx(budget)
    assert all(check.holds for check in plan.rule_checks)
    assert plan.result.expected.estimate >= _brute_force(budget, floor) * (1 - 1e-7)


def test_every_market_floor_a_fixed_market_and_a_line_cap_hold_together() -> None:
    plan_model = two_market_plan_model()
    rules = [
        GeoBound(None, minimum=Amount(50_000.0)),
        FixedGeo("north"),
        LineBound("south", "tv", maximum=Amount(60_000.0)),
    ]
    plan = optimize_by_geo(plan_model, PlanRequest(budget=250_000.0), rules)
    lines = {(a.geo, a.channel): a.line for a in plan.allocations}
    for name in ("tv", "search"):
        assert lines["north", name].recommended == pytest.approx(lines["north", name].current)
    assert lines["south", "tv"].recommended <= 60_000.0 * (1 + 1e-9)
    assert [c.holds for c in plan.rule_checks] == [True, True, True]
    assert sum(a.line.recommended for a in plan.allocations) == pytest.approx(250_000.0)


def test_a_national_channel_rule_with_line_rules_holds() -> None:
    plan = optimize_by_geo(
        two_market_plan_model(),
        PlanRequest(budget=200_000.0),
        [NationalChannelBound("tv", maximum=Amount(0.3, share_of_total=True))],
    )
    assert plan.channel_totals()["tv"][1] <= 60_000.0 * (1 + 1e-9)
    assert plan.rule_checks[0].holds


def test_an_unknown_market_is_named_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"no market 'east'; markets: north, south"):
        optimize_by_geo(two_market_plan_model(), PlanRequest(budget=1e5), [FixedGeo("east")])


def test_markets_at_their_floors_are_each_planned_as_they_would_be_alone() -> None:
    # The floors' price searches run in lockstep: each held market must still end exactly
    # where its own plan with its floor as the budget ends, and the free ones at one price.
    rng = np.random.default_rng(7)
    geos = []
    for g in range(6):
        lines = [
            channel(
                f"c{c}", hill(rng.uniform(2e3, 9e3), rng.uniform(2e4, 8e4)), rng.uniform(1e4, 5e4)
            )
            for c in range(3 + g % 2)
        ]
        geos.append((f"g{g}", model_of(lines)))
    plan_model = GeoPlanModel.from_geo_models(geos)
    floor = 90_000.0
    rules = [GeoBound(None, minimum=Amount(floor)), LineBound("g2", "c1", maximum=Amount(1e4))]
    plan = optimize_by_geo(plan_model, PlanRequest(budget=plan_model.model.current_total), rules)
    totals = plan.geo_totals()
    held = [geo for geo, (_, planned) in totals.items() if planned <= floor * (1 + 1e-9)]
    assert len(held) >= 2
    for geo, model in geos:
        if geo not in held:
            continue
        cap = (ChannelBound("c1", maximum=Amount(1e4)),) if geo == "g2" else ()
        alone = optimize(model, PlanRequest(budget=floor, constraints=cap))
        for a in plan.allocations:
            if a.geo == geo:
                assert a.line.recommended == pytest.approx(
                    alone.allocation[a.channel], rel=1e-6, abs=1e-3
                )
    free = [
        a.line.marginal_return for a in plan.allocations if a.geo not in held and not a.line.binding
    ]
    assert free
    assert max(free) == pytest.approx(min(free), rel=1e-6)
