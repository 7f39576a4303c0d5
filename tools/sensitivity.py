"""Sensitivity tool: which assumptions put the most outcome at stake in the current plan."""

from __future__ import annotations

from pydantic import BaseModel, Field

from model_engine.sensitivity import analyse_sensitivity
from tools.context import ToolContext, ToolOutcome
from tools.derived import build_request
from tools.state import ToolError
from tools.views.plan import DEFAULT_PLAN_NAME
from tools.views.sensitivity import sensitivity_view


class SensitivityArgs(BaseModel):
    relative_step: float = Field(
        0.2, gt=0, lt=1, description="How far each curve parameter is pushed (0.2 = ±20%)."
    )


def analyze_sensitivity(context: ToolContext, args: SensitivityArgs) -> ToolOutcome:
    """Rank the assumptions of the current plan by the outcome at stake: each channel's curve
    parameters pushed down and up, each channel's curve across its uncertainty range, and
    interaction strength, the budget re-optimized each time. Returns one line per channel (its
    most consequential assumption) and every assumption, with outcome change and budget
    moved."""
    model = context.results.model(context.inputs)
    request, _ = build_request(model, context.inputs)
    try:
        result = analyse_sensitivity(model, request, relative_step=args.relative_step)
    except ValueError as error:
        raise ToolError(str(error)) from error
    return ToolOutcome(sensitivity_view(result, DEFAULT_PLAN_NAME), result)
