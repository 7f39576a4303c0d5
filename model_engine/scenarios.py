r"""Scenarios: the same model under another budget, other constraints, objective or risk.

Each :class:`Scenario` edits the base :class:`~model_engine.constraints.PlanRequest`; every
scenario is optimized and compared with the base plan:

- outcome change :math:`O_s / O_0 - 1` (point estimates);
- interval width change :math:`w_s / w_0 - 1` with :math:`w = \text{high} - \text{low}` (the
  "range 8% wider" of a trade-off);
- incremental cost per extra outcome :math:`(S_s - S_0) / (O_s - O_0)`;
- the scenario's own marginal cost, :math:`1 / \lambda_s` at its equalised margin.

A scenario whose constraints conflict is reported with the conflict instead of a plan; the
other scenarios still run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Literal

from model_engine.constraints import Constraint, Objective, PlanRequest, RiskPreference
from model_engine.money import format_money
from model_engine.optimizer import AllocationResult, OptimizerSettings, optimize
from model_engine.planning import ResponseModel


@dataclass(frozen=True)
class Scenario:
    """An edit of the base request. ``budget`` sets the total; ``budget_change`` scales it
    (``-0.15`` is 15% less); ``remove`` drops base constraints (matched by equality)."""

    name: str
    budget: float | None = None
    budget_change: float | None = None
    budget_mode: Literal["exact", "at_most"] | None = None
    add: tuple[Constraint, ...] = ()
    remove: tuple[Constraint, ...] = ()
    objective: Objective | None = None
    risk: RiskPreference | None = None

    def __post_init__(self) -> None:
        if self.budget is not None and self.budget_change is not None:
            raise ValueError(f"scenario {self.name!r}: give a budget or a budget change, not both")
        if self.budget_change is not None and self.budget_change <= -1:
            raise ValueError(f"scenario {self.name!r}: the budget cannot fall by 100% or more")

    def request_from(self, base: PlanRequest) -> PlanRequest:
        missing = [c for c in self.remove if c not in base.constraints]
        if missing:
            listed = "; ".join(c.describe() for c in missing)
            raise ValueError(f"scenario {self.name!r} removes constraints the plan lacks: {listed}")
        budget = base.budget
        if self.budget is not None:
            budget = self.budget
        elif self.budget_change is not None:
            budget = base.budget * (1.0 + self.budget_change)
        kept = tuple(c for c in base.constraints if c not in self.remove)
        return replace(
            base,
            budget=budget,
            budget_mode=self.budget_mode or base.budget_mode,
            constraints=kept + self.add,
            objective=self.objective or base.objective,
            risk=self.risk or base.risk,
        )


def _relative(new: float, old: float) -> float | None:
    return None if old == 0 else new / old - 1.0


@dataclass(frozen=True)
class ScenarioOutcome:
    """One scenario against the base plan; ``result`` is ``None`` when it is infeasible."""

    scenario: Scenario
    label: str  # short column label: A, B, C, ...
    request: PlanRequest
    result: AllocationResult | None
    infeasible_reason: str | None
    outcome_change: float | None  # relative to the base plan's expected outcome
    spend_change: float | None  # relative to the base plan's spend
    range_width_change: float | None  # relative change of the 90% interval width
    incremental_cost_per_outcome: float | None  # extra spend per extra outcome vs the base
    marginal_cost: float | None  # currency per outcome at the scenario's margin

    def trade_off(self) -> str:
        """One line, e.g. 'Scenario A (Budget +20%): +12% outcome, range 8% wider'."""
        head = f"Scenario {self.label} ({self.scenario.name})"
        if self.result is None:
            return f"{head}: infeasible ({self.infeasible_reason})"
        parts = []
        if self.outcome_change is not None:
            parts.append(f"{self.outcome_change:+.0%} outcome")
        if self.spend_change is not None and abs(self.spend_change) >= 0.005:
            parts.append(f"{self.spend_change:+.0%} spend")
        if self.range_width_change is not None:
            word = "wider" if self.range_width_change >= 0 else "narrower"
            parts.append(f"range {abs(self.range_width_change):.0%} {word}")
        if self.incremental_cost_per_outcome is not None:
            parts.append(
                f"{format_money(self.incremental_cost_per_outcome, self.result.currency)} "
                "per extra outcome"
            )
        return f"{head}: {', '.join(parts) or 'no change'}"


@dataclass(frozen=True)
class ScenarioComparison:
    base: AllocationResult
    outcomes: tuple[ScenarioOutcome, ...]

    def summary(self) -> str:
        feasible = [o for o in self.outcomes if o.result is not None]
        names = [c.name for c in self.base.channels]
        width = max(7, *(len(n) for n in names))
        columns = ["base", *(o.label for o in feasible)]
        col = max(12, *(len(c) for c in columns))
        results = [self.base, *(o.result for o in feasible if o.result is not None)]
        money = partial(format_money, currency=self.base.currency)
        lines = [" ".join([f"{'':<{width}}", *(f"{c:>{col}}" for c in columns)])]
        for name in names:
            cells = [money(r.channel(name).recommended) for r in results]
            lines.append(" ".join([f"{name:<{width}}", *(f"{c:>{col}}" for c in cells)]))
        rows = {
            "spend": [money(r.total_spend) for r in results],
            "expected": [f"{r.expected.estimate:,.0f}" for r in results],
            "90% low": [f"{r.expected.low:,.0f}" for r in results],
            "90% high": [f"{r.expected.high:,.0f}" for r in results],
            "marg. cost": [
                "-" if r.marginal_cost is None else money(r.marginal_cost) for r in results
            ],
        }
        for label, cells in rows.items():
            lines.append(" ".join([f"{label:<{width}}", *(f"{c:>{col}}" for c in cells)]))
        lines.append("")
        lines.extend(o.trade_off() for o in self.outcomes)
        return "\n".join(lines)


def scenario_label(index: int) -> str:
    """A, B, ..., Z, AA, AB, ..."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def compare_with_base(
    scenario: Scenario,
    label: str,
    request: PlanRequest,
    base: AllocationResult,
    result: AllocationResult,
) -> ScenarioOutcome:
    base_width = base.expected.high - base.expected.low
    width = result.expected.high - result.expected.low
    extra_outcome = result.expected.estimate - base.expected.estimate
    extra_spend = result.total_spend - base.total_spend
    incremental = None
    spend_moved = abs(extra_spend) > 1e-9 * max(base.total_spend, 1.0)
    if abs(extra_outcome) > 1e-9 * max(abs(base.expected.estimate), 1.0) and spend_moved:
        incremental = extra_spend / extra_outcome
    """One scenario's optimized plan measured against the base plan."""
    return ScenarioOutcome(
        scenario=scenario,
        label=label,
        request=request,
        result=result,
        infeasible_reason=None,
        outcome_change=_relative(result.expected.estimate, base.expected.estimate),
        spend_change=_relative(result.total_spend, base.total_spend),
        range_width_change=_relative(width, base_width),
        incremental_cost_per_outcome=incremental,
        marginal_cost=result.marginal_cost,
    )


def compare_scenarios(
    model: ResponseModel,
    base_request: PlanRequest,
    scenarios: Sequence[Scenario],
    settings: OptimizerSettings | None = None,
) -> ScenarioComparison:
    """Optimize the base request and every scenario, and compare them side by side.

    The base must be feasible (its :class:`InfeasiblePlanError` propagates); an infeasible
    scenario is reported with the conflict.
    """
    base = optimize(model, base_request, settings)
    outcomes = []
    for index, scenario in enumerate(scenarios):
        request = scenario.request_from(base_request)
        label = scenario_label(index)
        try:
            result = optimize(model, request, settings)
        except ValueError as error:
            outcomes.append(
                ScenarioOutcome(
                    scenario, label, request, None, str(error), None, None, None, None, None
                )
            )
            continue
        outcomes.append(compare_with_base(scenario, label, request, base, result))
    return ScenarioComparison(base=base, outcomes=tuple(outcomes))


def standard_scenarios(base_request: PlanRequest) -> tuple[Scenario, ...]:
    """The scenarios a CMO asks first: budget −15% and +20%, each constraint relaxed, and the
    conservative plan."""
    scenarios = [
        Scenario("Budget -15%", budget_change=-0.15),
        Scenario("Budget +20%", budget_change=0.20),
    ]
    scenarios.extend(
        Scenario(f"Without: {c.describe()}", remove=(c,)) for c in base_request.constraints
    )
    if base_request.risk.mode == "expected":
        scenarios.append(Scenario("Conservative", risk=RiskPreference("conservative")))
    return tuple(scenarios)
