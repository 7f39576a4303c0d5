"""Scenario tool: the plan under other budgets, constraints, objectives or risk, side by side."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from model_engine.constraints import RiskPreference
from model_engine.drivers import explain_drivers
from model_engine.intake import QuotedConstraint
from model_engine.optimizer import InfeasiblePlanError
from model_engine.planning import ResponseModel
from model_engine.scenarios import Scenario, ScenarioComparison, compare_scenarios
from tools import compact
from tools.requests import PlanOptions, build_request, require_model
from tools.workspace import PlanOutput, ToolError, Workspace


class ScenarioSpec(BaseModel):
    """One what-if against the current plan."""

    name: str | None = Field(None, description="Short label, e.g. 'Budget -15%'.")
    budget_change: float | None = Field(
        None, gt=-1, description="Relative budget change: -0.15 for 15% less, 0.2 for 20% more."
    )
    budget: float | None = Field(None, gt=0, description="A new total budget.")
    drop_constraints: list[str] = Field(
        default_factory=list,
        description="Constraints to relax, by the user's words or description "
        "(e.g. 'brand-building').",
    )
    objective: Literal["volume", "profit"] | None = None
    risk: Literal["expected", "conservative"] | None = None

    @model_validator(mode="after")
    def _one_budget(self) -> ScenarioSpec:
        if self.budget is not None and self.budget_change is not None:
            raise ValueError("give a budget or a budget_change, not both")
        return self


class ScenarioArgs(BaseModel):
    scenarios: list[ScenarioSpec] = Field(min_length=1, max_length=8)


def run_scenarios(
    workspace: Workspace, args: ScenarioArgs
) -> tuple[dict[str, Any], ScenarioComparison]:
    """Compare the current plan with what-if scenarios: a different total budget (-15%, +20%,
    a new amount), relaxed constraints, another objective or the conservative risk mode. Each
    scenario is re-optimized; returns allocations, expected outcomes with 90% intervals,
    marginal costs and a one-line trade-off per scenario."""
    model = require_model(workspace)
    request, quoted = build_request(workspace, model, PlanOptions())
    scenarios = []
    for index, spec in enumerate(args.scenarios):
        removed = tuple(
            q.constraint
            for q in quoted
            if any(
                _matches(words, q.phrase, q.constraint.describe())
                for words in spec.drop_constraints
            )
        )
        unmatched = [
            words
            for words in spec.drop_constraints
            if not any(_matches(words, q.phrase, q.constraint.describe()) for q in quoted)
        ]
        if unmatched:
            listed = "; ".join(q.constraint.describe() for q in quoted) or "none"
            raise ToolError(
                f"No constraint matches {', '.join(map(repr, unmatched))}; constraints: {listed}."
            )
        objective = None
        if spec.objective is not None:
            objective = build_request(workspace, model, PlanOptions(objective=spec.objective))[
                0
            ].objective
        scenarios.append(
            Scenario(
                name=spec.name or _default_name(spec, index),
                budget=spec.budget,
                budget_change=spec.budget_change,
                remove=removed,
                objective=objective,
                risk=RiskPreference(spec.risk) if spec.risk else None,
            )
        )
    try:
        comparison = compare_scenarios(model, request, scenarios)
    except InfeasiblePlanError as error:  # the base plan itself; scenarios report their own
        raise ToolError(str(error), kind="infeasible") from error
    except ValueError as error:
        raise ToolError(str(error)) from error
    workspace.scenarios = comparison
    if _show_single_scenario(workspace, model, comparison, quoted):
        workspace.plan_origin = (
            "run_scenarios",
            args.model_dump(mode="json", exclude_defaults=True),
        )
    return comparison_summary(comparison), comparison


def _show_single_scenario(
    workspace: Workspace,
    model: ResponseModel,
    comparison: ScenarioComparison,
    quoted: tuple[QuotedConstraint, ...],
) -> bool:
    """After one what-if ("budget +20%"), that scenario's plan is the latest plan."""
    if len(comparison.outcomes) != 1 or comparison.outcomes[0].result is None:
        return False
    outcome = comparison.outcomes[0]
    kept = tuple(q for q in quoted if q.constraint not in outcome.scenario.remove)
    result = outcome.result
    assert result is not None
    workspace.plan = PlanOutput(result, explain_drivers(model, result), kept)
    return True


def _matches(words: str, phrase: str, description: str) -> bool:
    needle = words.strip().casefold()
    return bool(needle) and (needle in phrase.casefold() or needle in description.casefold())


def _default_name(spec: ScenarioSpec, index: int) -> str:
    if spec.budget_change is not None:
        return f"Budget {spec.budget_change:+.0%}"
    if spec.budget is not None:
        return f"Budget {compact.money(spec.budget):,.0f}"
    if spec.drop_constraints:
        return "Without " + ", ".join(spec.drop_constraints)
    if spec.risk:
        return spec.risk.capitalize()
    if spec.objective:
        return f"Maximise {spec.objective}"
    return f"Scenario {index + 1}"


def comparison_summary(comparison: ScenarioComparison) -> dict[str, Any]:
    base = comparison.base
    return {
        "base": {
            "total_spend": compact.money(base.total_spend),
            "expected_total": compact.count(base.expected.estimate),
            "expected_total_low": compact.count(base.expected.low),
            "expected_total_high": compact.count(base.expected.high),
            "marginal_cost": compact.money(base.marginal_cost),
            "allocation": {c.name: compact.money(c.recommended) for c in base.channels},
        },
        "scenarios": [
            {
                "label": o.label,
                "name": o.scenario.name,
                "feasible": o.result is not None,
                "infeasible_reason": o.infeasible_reason,
                "total_budget": compact.money(o.request.budget),
                "total_spend": compact.money(o.result.total_spend) if o.result else None,
                "expected_total": compact.count(o.result.expected.estimate) if o.result else None,
                "expected_total_low": compact.count(o.result.expected.low) if o.result else None,
                "expected_total_high": compact.count(o.result.expected.high) if o.result else None,
                "outcome_change_pct": compact.ratio(o.outcome_change),
                "spend_change_pct": compact.ratio(o.spend_change),
                "range_width_change_pct": compact.ratio(o.range_width_change),
                "incremental_cost_per_outcome": compact.money(o.incremental_cost_per_outcome),
                "marginal_cost": compact.money(o.marginal_cost),
                "allocation": {c.name: compact.money(c.recommended) for c in o.result.channels}
                if o.result
                else None,
                "trade_off": o.trade_off(),
            }
            for o in comparison.outcomes
        ],
    }
