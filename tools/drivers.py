"""Driver tool: why each channel goes up, down or holds in the current plan."""

from __future__ import annotations

from pydantic import BaseModel, Field

from model_engine.channel_matching import ChannelMatcher
from tools.context import ToolContext, ToolOutcome
from tools.state import ToolError
from tools.views.drivers import drivers_view
from tools.views.plan import DEFAULT_PLAN_NAME


class DriverArgs(BaseModel):
    channels: list[str] = Field(
        default_factory=list, description="Channels to explain; empty for all."
    )


def explain_drivers(context: ToolContext, args: DriverArgs) -> ToolOutcome:
    """Explain why each channel is increased, decreased or held in the current plan: its
    marginal return against the equalised margin (marginal cost per outcome), its saturation
    now and at the plan, binding constraints, carryover, confidence and, for history fits, its
    contribution."""
    output = context.results.plan(context.inputs)
    plan = output.plan
    matcher = ChannelMatcher.of(
        [c.name for c in plan.channels], [c.channel_type for c in plan.channels]
    )
    try:
        wanted = {matcher.require(name) for name in args.channels}
    except ValueError as error:
        raise ToolError(str(error)) from error
    view = drivers_view(
        output.drivers, DEFAULT_PLAN_NAME, plan.marginal_cost, plan.outcome_unit, wanted or None
    )
    return ToolOutcome(view, output.drivers)
