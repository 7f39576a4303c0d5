"""Allocation tool: the optimal budget split under the conversation's constraints."""

from __future__ import annotations

from typing import Any

from model_engine.drivers import explain_drivers
from model_engine.optimizer import InfeasiblePlanError, optimize
from tools import compact
from tools.requests import PlanOptions, build_request, require_model
from tools.workspace import PlanOutput, ToolError, Workspace


class OptimizeArgs(PlanOptions):
    """Leave fields unset to use the budget, objective and constraints already given."""


def optimize_allocation(
    workspace: Workspace, args: OptimizeArgs
) -> tuple[dict[str, Any], PlanOutput]:
    """Optimize the budget allocation across channels for the planning horizon: equal marginal
    return across unconstrained channels, respecting the budget, per-channel and group floors
    and caps, change limits and locked channels. Returns each channel's current and recommended
    spend, expected outcome with a 90% interval, marginal cost, the reason for its move, and
    which constraints bind with their cost. Infeasible constraints are reported, never relaxed."""
    model = require_model(workspace)
    request, quoted = build_request(workspace, model, args)
    try:
        plan = optimize(model, request)
    except InfeasiblePlanError as error:
        raise ToolError(str(error), kind="infeasible") from error
    except ValueError as error:
        raise ToolError(str(error)) from error
    output = PlanOutput(plan=plan, drivers=explain_drivers(model, plan), constraints=quoted)
    workspace.plan = output
    workspace.plan_origin = (
        "optimize_allocation",
        args.model_dump(mode="json", exclude_defaults=True),
    )
    workspace.scenarios = None
    workspace.sensitivity = None
    return plan_summary(output), output


def plan_summary(output: PlanOutput) -> dict[str, Any]:
    """The plan as the CLI contract and the LLM see it."""
    plan = output.plan
    reasons = {d.channel: d for d in output.drivers.drivers}
    phrases: dict[object, str] = {q.constraint: q.phrase for q in output.constraints}
    return {
        "total_budget": compact.money(plan.budget),
        "total_spend": compact.money(plan.total_spend),
        "current_total": compact.money(plan.current_total),
        "horizon_weeks": plan.horizon_weeks,
        "outcome_name": plan.outcome_name,
        "outcome_unit": plan.outcome_unit,
        "currency": plan.currency,
        "objective": plan.objective.kind,
        "risk": plan.risk.mode,
        "constraints": [
            {
                "kind": report.kind,
                "description": report.description,
                "from": phrases.get(report.constraint, "the budget"),
                "binds": report.binds,
                "shadow_price": compact.ratio(report.shadow_price),
                "cost": compact.count(report.cost),
                "cost_unit": report.cost_unit,
            }
            for report in plan.constraints
        ],
        "allocations": [
            {
                "channel": c.name,
                "current": compact.money(c.current),
                "recommended": compact.money(c.recommended),
                "change": compact.money(c.change),
                "change_pct": compact.ratio(c.change_fraction),
                "expected": compact.count(c.expected.estimate),
                "expected_low": compact.count(c.expected.low),
                "expected_high": compact.count(c.expected.high),
                "current_expected": compact.count(c.current_expected.estimate),
                "marginal_cost": compact.money(c.marginal_cost),
                "marginal_return": compact.ratio(c.marginal_return),
                "marginal_cost_now": compact.money(reasons[c.name].marginal_cost_current),
                "marginal_return_now": compact.ratio(reasons[c.name].marginal_return_current),
                "average_cost_now": compact.money(reasons[c.name].average_cost_current),
                "average_return_now": compact.ratio(reasons[c.name].average_return_current),
                "saturation_now": compact.ratio(reasons[c.name].saturation_current),
                "saturation_plan": compact.ratio(reasons[c.name].saturation_recommended),
                "reason": reasons[c.name].primary_reason.value,
                "direction": reasons[c.name].direction.value,
                "confidence": reasons[c.name].confidence.value,
                "evidence": c.evidence,
                "binding": list(c.binding),
                "notes": list(c.notes),
            }
            for c in plan.channels
        ],
        "expected_total": compact.count(plan.expected.estimate),
        "expected_total_low": compact.count(plan.expected.low),
        "expected_total_high": compact.count(plan.expected.high),
        "baseline_expected_total": compact.count(plan.baseline.estimate),
        "baseline_expected_total_low": compact.count(plan.baseline.low),
        "baseline_expected_total_high": compact.count(plan.baseline.high),
        "lift_over_baseline_pct": compact.ratio(plan.lift_over_baseline),
        "gain_over_baseline": compact.count(plan.gain_over_baseline),
        "equalised_marginal_cost": compact.money(plan.marginal_cost),
        "equalised_marginal_return": compact.ratio(plan.equalised_marginal_return),
        "non_media_outcome": compact.count(plan.non_media_outcome),
        "interaction_outcome": compact.count(plan.interaction_outcome),
        "notes": list(plan.notes),
    }
