"""Turn the conversation's plan inputs plus a tool's arguments into a :class:`PlanRequest`.

Shared by the optimize, scenario and sensitivity tools so they plan under the same rules:
the budget, objective and constraints the user gave, the chat settings, and the default
guardrail on how far a channel may move from current spend (stated in every plan).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from model_engine.constraints import (
    Amount,
    ChannelBound,
    Constraint,
    GroupBound,
    LockChannel,
    MaxChange,
    Objective,
    PlanRequest,
    RiskPreference,
)
from model_engine.intake import QuotedConstraint
from model_engine.intake.wording import singular
from model_engine.planning import ResponseModel
from tools.workspace import ToolError, Workspace

ObjectiveName = Literal["volume", "profit", "volume_at_cac", "spend_for_volume"]


class ConstraintSpec(BaseModel):
    """One extra constraint, for when the user states it in a follow-up."""

    kind: Literal["channel_min", "channel_max", "group_min", "group_max", "max_change", "lock"]
    channel: str | None = Field(None, description="Channel name (channel_min/max, lock).")
    group: str | None = Field(
        None, description="Group label, e.g. 'brand-building' (group_min/max)."
    )
    channels: list[str] | None = Field(None, description="Group members, if not a known group.")
    amount: float | None = Field(None, ge=0, description="Currency amount, or share if share.")
    share_of_total: bool = Field(False, description="amount is a fraction of the total budget.")
    fraction: float | None = Field(None, ge=0, description="max_change: 0.25 means ±25%.")


class PlanOptions(BaseModel):
    """Plan inputs a tool call may override; unset fields come from the conversation."""

    total_budget: float | None = Field(None, gt=0, description="Total budget for the horizon.")
    budget_mode: Literal["exact", "at_most"] | None = None
    extra_constraints: list[ConstraintSpec] = Field(default_factory=list)
    objective: ObjectiveName | None = None
    value_per_outcome: float | None = Field(None, gt=0)
    target_cac: float | None = Field(None, gt=0)
    target_volume: float | None = Field(None, gt=0)
    risk: Literal["expected", "conservative"] | None = None
    max_change: float | None = Field(
        None, ge=0, description="Largest move from current spend per channel (0.3 = ±30%)."
    )
    no_change_limit: bool = Field(False, description="Lift the default limit on moves.")


def require_model(workspace: Workspace) -> ResponseModel:
    if workspace.model is not None:
        return workspace.model
    fit = workspace.history_fit
    if fit is not None and not fit.usable_for_planning:
        raise ToolError(
            f"The history model is not reliable enough to plan from ({fit.verdict.headline}). "
            "Say 'use it anyway' to plan from it regardless, or add more weeks of data."
        )
    raise ToolError("There are no response curves yet: give channel results or upload a history.")


def build_request(
    workspace: Workspace, model: ResponseModel, options: PlanOptions
) -> tuple[PlanRequest, tuple[QuotedConstraint, ...]]:
    """The request and its constraints, each with the words it came from."""
    quoted = list(workspace.constraints)
    quoted += [
        QuotedConstraint(_constraint(workspace, model, s), _phrase(s))
        for s in options.extra_constraints
    ]
    limit = _change_limit(workspace, options)
    # The guardrail is a default, so it yields: channels without evidence are left out (a limit
    # would force spend onto them), and so are channels the user bounded or locked explicitly.
    user_set = {_bounded_channel(q.constraint) for q in quoted} - {None}
    evidenced = tuple(
        c.name for c in model.channels if c.evidence != "no_evidence" and c.name not in user_set
    )
    user_limit = any(_is_global_change_limit(q.constraint) for q in quoted)
    if limit is not None and evidenced and not user_limit:
        quoted.append(
            QuotedConstraint(
                MaxChange(limit, evidenced, relative_to="scaled_current"),
                "default guardrail: curves are most trustworthy near observed spend "
                "(say 'no limit on changes' to lift it)",
            )
        )
    budget = options.total_budget or workspace.budget or model.current_total
    request = PlanRequest(
        budget=budget,
        budget_mode=options.budget_mode or workspace.budget_mode,
        constraints=tuple(q.constraint for q in quoted),
        objective=_objective(workspace, model, options),
        risk=RiskPreference(mode=options.risk)
        if options.risk
        else workspace.risk or RiskPreference(mode=workspace.preferences.risk),
        horizon_weeks=model.horizon_weeks,
    )
    return request, tuple(quoted)


def _change_limit(workspace: Workspace, options: PlanOptions) -> float | None:
    if options.no_change_limit:
        return None
    if options.max_change is not None:
        return options.max_change
    return workspace.preferences.max_change


def _bounded_channel(constraint: Constraint) -> str | None:
    if isinstance(constraint, ChannelBound | LockChannel):
        return constraint.channel
    return None


def _is_global_change_limit(constraint: Constraint) -> bool:
    return isinstance(constraint, MaxChange) and constraint.channels is None


def _objective(workspace: Workspace, model: ResponseModel, options: PlanOptions) -> Objective:
    kind = options.objective or (
        workspace.objective.kind if workspace.objective else workspace.preferences.objective
    )
    base = workspace.objective or Objective()
    value = options.value_per_outcome or base.value_per_outcome
    if kind == "profit" and value is None:
        if model.outcome_unit != "currency":
            raise ToolError(
                f"Profit needs a value per {singular(model.outcome_name)} (say, for example, "
                f"'each {singular(model.outcome_name)} is worth $300'); without it I can maximise "
                "volume instead."
            )
        value = 1.0  # the outcome is money already: profit = outcome - spend
    try:
        return Objective(
            kind=kind,
            value_per_outcome=value,
            target_cac=options.target_cac or base.target_cac,
            target_volume=options.target_volume or base.target_volume,
        )
    except ValueError as error:
        raise ToolError(str(error)) from error


def resolve_channel(model: ResponseModel, name: str) -> str:
    for known in model.names:
        if known.casefold() == name.strip().casefold():
            return known
    raise ToolError(f"No channel named {name!r}; channels: {', '.join(model.names)}.")


def _constraint(workspace: Workspace, model: ResponseModel, spec: ConstraintSpec) -> Constraint:
    try:
        amount = None if spec.amount is None else Amount(spec.amount, spec.share_of_total)
        if spec.kind in ("channel_min", "channel_max"):
            channel = resolve_channel(model, spec.channel) if spec.channel else None
            return ChannelBound(
                channel,
                minimum=amount if spec.kind == "channel_min" else None,
                maximum=amount if spec.kind == "channel_max" else None,
            )
        if spec.kind in ("group_min", "group_max"):
            label, members = _group(workspace, model, spec)
            return GroupBound(
                label,
                members,
                minimum=amount if spec.kind == "group_min" else None,
                maximum=amount if spec.kind == "group_max" else None,
            )
        if spec.kind == "max_change":
            if spec.fraction is None:
                raise ToolError("max_change needs a fraction (0.25 for ±25%)")
            channels = (resolve_channel(model, spec.channel),) if spec.channel else None
            return MaxChange(spec.fraction, channels)
        if not spec.channel:
            raise ToolError("lock needs a channel")
        return LockChannel(resolve_channel(model, spec.channel))
    except ValueError as error:
        raise ToolError(str(error)) from error


def _group(
    workspace: Workspace, model: ResponseModel, spec: ConstraintSpec
) -> tuple[str, tuple[str, ...]]:
    if spec.channels:
        return spec.group or "group", tuple(resolve_channel(model, c) for c in spec.channels)
    label = (spec.group or "").strip().casefold().replace(" ", "-")
    if label in ("brand-building", "brand", "brand-building-activities"):
        members = tuple(
            c.name for c in model.channels if c.channel_type in workspace.brand_building_types
        )
        if not members:
            raise ToolError("No channel counts as brand-building in this data.")
        return "brand-building", members
    raise ToolError(f"Name the channels of the group {spec.group!r}.")


def _phrase(spec: ConstraintSpec) -> str:
    return f"tool argument: {spec.model_dump(exclude_none=True, exclude_defaults=True)}"
