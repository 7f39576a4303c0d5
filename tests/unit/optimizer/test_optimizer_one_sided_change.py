"""One-sided change limits in the optimizer: "don't cut anything by more than half" bounds
each channel from below only, "nothing grows more than 30%" from above only, and the plan is
still the best one the limits allow (checked against a brute-force grid on three channels)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from optimizer_models import channel, hill, model_of

from model_engine.constraints import ChangeBound, Constraint, PlanRequest
from model_engine.optimizer import InfeasiblePlanError, optimize
from model_engine.rule_checks import check_plan

# Three channels, today's split far from the optimum: "Brand" is spent past its best, so the
# unconstrained plan cuts it hard and grows the other two.
CHANNELS = (
    ("Search", hill(4_000.0, 300_000.0), 200_000.0),
    ("Social", hill(3_000.0, 250_000.0), 200_000.0),
    ("Brand", hill(800.0, 60_000.0), 600_000.0),
)
BUDGET = 1_000_000.0
MODEL = model_of([channel(name, curve, current) for name, curve, current in CHANNELS])
CURRENT = {name: current for name, _, current in CHANNELS}


def _outcome(spend: dict[str, float]) -> float:
    return sum(float(curve.outcome(spend[name])) for name, curve, _ in CHANNELS)


def _grid_best(constraints: tuple[ChangeBound, ...], step: float = 2_000.0) -> float:
    """The best outcome over every spend split on a ``step`` grid that the limits allow."""
    low = dict.fromkeys(CURRENT, 0.0)
    high = dict.fromkeys(CURRENT, BUDGET)
    for limit in constraints:
        for name in limit.channels or tuple(CURRENT):
            floor, cap = limit.limits(CURRENT[name])
            low[name] = max(low[name], floor if floor is not None else 0.0)
            high[name] = min(high[name], cap if cap is not None else BUDGET)
    best = -np.inf
    search = np.arange(low["Search"], high["Search"] + 1, step)
    social = np.arange(low["Social"], high["Social"] + 1, step)
    for x, y in itertools.product(search, social):
        brand = BUDGET - x - y
        if low["Brand"] - 1e-6 <= brand <= high["Brand"] + 1e-6:
            best = max(best, _outcome({"Search": x, "Social": y, "Brand": brand}))
    return float(best)


@pytest.mark.parametrize(
    "constraints",
    [
        (ChangeBound(max_cut=0.5),),
        (ChangeBound(max_growth=0.3, channels=("Search",)),),
        (ChangeBound(max_cut=0.2, channels=("Brand",)), ChangeBound(max_growth=0.5)),
        (ChangeBound(max_cut=0.6, max_growth=1.0),),
    ],
)
def test_the_plan_respects_the_one_sided_limit_and_is_the_best_it_allows(
    constraints: tuple[ChangeBound, ...],
) -> None:
    result = optimize(MODEL, PlanRequest(budget=BUDGET, constraints=constraints))
    spend = {c.name: c.recommended for c in result.channels}
    assert check_plan(result, constraints, budget=BUDGET).ok
    grid = _grid_best(constraints)
    # The grid is a lower bound on the optimum; the engine never does worse than it.
    assert result.expected.estimate >= grid * (1 - 1e-9)
    assert result.expected.estimate <= grid * (1 + 1e-3)
    assert sum(spend.values()) == pytest.approx(BUDGET)


def test_a_cut_limit_leaves_growth_free_and_binds_only_where_it_must() -> None:
    free = optimize(MODEL, PlanRequest(budget=BUDGET))
    assert {c.name: c.recommended for c in free.channels}["Brand"] < 0.5 * CURRENT["Brand"]
    limited = optimize(MODEL, PlanRequest(budget=BUDGET, constraints=(ChangeBound(max_cut=0.5),)))
    spend = {c.name: c.recommended for c in limited.channels}
    assert spend["Brand"] == pytest.approx(0.5 * CURRENT["Brand"], rel=1e-6)
    # No upper limit from the rule: Search grows well past +50%.
    assert spend["Search"] > 1.5 * CURRENT["Search"]
    (report,) = [r for r in limited.constraints if r.kind == "change_bound"]
    assert report.binds
    assert report.channels == ("Brand",)
    assert report.description == "no channel is cut by more than 50% from current spend"


def test_a_budget_below_the_sum_of_the_floors_is_refused_with_the_figures() -> None:
    request = PlanRequest(budget=400_000.0, constraints=(ChangeBound(max_cut=0.5),))
    with pytest.raises(InfeasiblePlanError) as raised:
        optimize(MODEL, request)
    message = str(raised.value)
    assert "no channel is cut by more than 50% from current spend" in message
    assert "The channel minimums add up to $500,000, more than $400,000." in message


def test_a_budget_above_the_sum_of_the_caps_is_refused_with_the_figures() -> None:
    constraints: tuple[Constraint, ...] = (ChangeBound(max_growth=0.3),)
    with pytest.raises(InfeasiblePlanError) as raised:
        optimize(MODEL, PlanRequest(budget=1_500_000.0, constraints=constraints))
    assert "The channel maximums add up to $1,300,000, less than $1,500,000." in str(raised.value)


def test_a_limit_on_an_unknown_channel_is_named() -> None:
    with pytest.raises(ValueError, match="unknown channel 'TV'"):
        optimize(
            MODEL, PlanRequest(budget=BUDGET, constraints=(ChangeBound(0.2, channels=("TV",)),))
        )
