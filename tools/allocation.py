"""Allocation tool: the optimal budget split under the conversation's constraints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from model_engine.channel_matching import ChannelMatcher
from model_engine.constraints import Objective, ObjectiveKind, RiskPreference
from model_engine.intake import QuotedConstraint
from model_engine.planning import ResponseModel
from tools.constraint_schema import ConstraintField, with_channel_names
from tools.context import ToolContext, ToolOutcome
from tools.derived import Results
from tools.state import PlanInputs, Preferences, RiskChoice, ToolError
from tools.views.plan import DEFAULT_PLAN_NAME, PlanView, plan_view


class PlanOptions(BaseModel):
    """Plan inputs a tool call may set; unset fields keep what the conversation has."""

    total_budget: float | None = Field(None, gt=0, description="Total budget for the horizon.")
    budget_mode: Literal["exact", "at_most"] | None = None
    extra_constraints: list[ConstraintField] = Field(
        default_factory=list,
        description="Constraints the user stated, e.g. {'kind': 'channel_bound', 'channel': "
        "'Events', 'minimum': {'value': 150000}}, {'kind': 'lock', 'channel': 'Email'} or, "
        "for a limit on one side only, {'kind': 'change_bound', 'max_cut': 0.5} (no channel "
        "cut by more than 50%, growth left free) or {'kind': 'change_bound', 'max_growth': 0.3, "
        "'channels': ['Paid search']}.",
    )
    objective: ObjectiveKind | None = None
    value_per_outcome: float | None = Field(None, gt=0)
    target_cac: float | None = Field(None, gt=0)
    target_volume: float | None = Field(None, gt=0)
    risk: RiskChoice | None = None
    max_change: float | None = Field(
        None, ge=0, description="Largest move of a channel's spend from today's (0.3 = ±30%)."
    )
    no_change_limit: bool = Field(False, description="Lift the default limit on moves.")


class OptimizeArgs(PlanOptions):
    """Leave fields unset to use the budget, objective and constraints already given."""


def optimize_allocation(context: ToolContext, args: OptimizeArgs) -> ToolOutcome:
    """Optimize the budget allocation across channels for the planning horizon: equal marginal
    return across unconstrained channels, respecting the budget, per-channel and group floors
    and caps, change limits and locked channels. The arguments become the conversation's plan
    inputs. Returns each channel's current and recommended spend, expected outcome with a 90%
    interval, marginal cost, the reason for its move, and which constraints bind with their
    cost. Infeasible constraints are reported, never relaxed."""
    model = context.results.model(context.inputs)
    inputs = with_options(context.inputs, model, args)
    view = current_plan_view(context.results, inputs)
    return ToolOutcome(
        view, context.results.plan(inputs), inputs if inputs != context.inputs else None
    )


def current_plan_view(results: Results, inputs: PlanInputs) -> PlanView:
    """The conversation's current plan as its view (a conservative plan with its trade-off)."""
    output = results.plan(inputs)
    expected = None
    if output.plan.risk.mode == "conservative":
        expected = results.plan(inputs.model_copy(update={"risk": RiskPreference("expected")}))
    return plan_view(output, DEFAULT_PLAN_NAME, adopted=True, expected_plan=expected)


def with_options(inputs: PlanInputs, model: ResponseModel, options: PlanOptions) -> PlanInputs:
    """``inputs`` with a tool call's plan options applied."""
    changes: dict[str, object] = {}
    if options.total_budget is not None:
        changes["budget"] = options.total_budget
    if options.budget_mode is not None:
        changes["budget_mode"] = options.budget_mode
    if options.extra_constraints:
        matcher = ChannelMatcher.of(model.names, [c.channel_type for c in model.channels])
        constraints = list(inputs.constraints)
        for constraint in options.extra_constraints:
            try:
                resolved = with_channel_names(constraint, matcher)
            except ValueError as error:
                raise ToolError(str(error)) from error
            if all(q.constraint != resolved for q in constraints):
                constraints.append(
                    QuotedConstraint(resolved, f"tool argument: {resolved.describe()}")
                )
        changes["constraints"] = tuple(constraints)
    objective = _objective(inputs, options)
    if objective is not None:
        changes["objective"] = objective
    elif options.objective == "profit":
        changes["objective"] = None
        changes["preferences"] = inputs.preferences.model_copy(update={"objective": "profit"})
    if options.risk is not None:
        changes["risk"] = RiskPreference(mode=options.risk.value)
    preferences = changes.get("preferences", inputs.preferences)
    assert isinstance(preferences, Preferences)
    if options.no_change_limit:
        changes["preferences"] = preferences.model_copy(update={"max_change": None})
    elif options.max_change is not None:
        changes["preferences"] = preferences.model_copy(update={"max_change": options.max_change})
    return inputs.model_copy(update=changes) if changes else inputs


def _objective(inputs: PlanInputs, options: PlanOptions) -> Objective | None:
    """The objective the options state; profit without a value per outcome stays a setting
    (a revenue outcome needs none; a count outcome is asked for one when planning)."""
    given = (options.value_per_outcome, options.target_cac, options.target_volume)
    if options.objective is None and all(v is None for v in given):
        return None
    base = inputs.objective or Objective()
    kind = options.objective or base.kind
    value = options.value_per_outcome or base.value_per_outcome
    if kind == "profit" and value is None:
        return None
    try:
        return Objective(
            kind=kind,
            value_per_outcome=value,
            target_cac=options.target_cac or base.target_cac,
            target_volume=options.target_volume or base.target_volume,
        )
    except ValueError as error:
        raise ToolError(str(error)) from error
