"""A plan by market under a one-sided change limit: every line keeps the share of its current
spend the limit allows, on the plain path and on the market-floor path."""

from __future__ import annotations

import pytest
from optimizer_models import two_market_plan_model

from model_engine.constraints import Amount, ChangeBound, PlanRequest
from model_engine.optimizer.geo import GeoBound, GeoRule, optimize_by_geo


@pytest.mark.parametrize(
    "rules", [(), (GeoBound("south", minimum=Amount(80_000.0)),)], ids=["plain", "market floor"]
)
def test_every_line_keeps_what_the_cut_limit_allows(rules: tuple[GeoRule, ...]) -> None:
    plan_model = two_market_plan_model()
    free = optimize_by_geo(plan_model, PlanRequest(budget=200_000.0), rules)
    cut = {(a.geo, a.channel): a.line.recommended / a.line.current for a in free.allocations}
    assert min(cut.values()) < 0.8  # the limit has work to do
    request = PlanRequest(budget=200_000.0, constraints=(ChangeBound(max_cut=0.2),))
    plan = optimize_by_geo(plan_model, request, rules)
    for allocation in plan.allocations:
        line = allocation.line
        assert line.recommended >= 0.8 * line.current * (1 - 1e-9), allocation.geo
    assert plan.result.total_spend == pytest.approx(200_000.0)
    assert all(check.holds for check in plan.rule_checks)
