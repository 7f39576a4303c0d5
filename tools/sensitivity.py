"""Sensitivity tool: which assumptions move the recommendation most (a tornado table)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from model_engine.sensitivity import SensitivityResult, analyse_sensitivity
from tools import compact
from tools.requests import PlanOptions, build_request, require_model
from tools.workspace import ToolError, Workspace


class SensitivityArgs(BaseModel):
    relative_step: float = Field(
        0.2, gt=0, lt=1, description="How far each curve parameter is pushed (0.2 = ±20%)."
    )
    top: int = Field(8, ge=1, le=50, description="How many assumptions to report.")


def analyze_sensitivity(
    workspace: Workspace, args: SensitivityArgs
) -> tuple[dict[str, Any], SensitivityResult]:
    """Rank the assumptions that move the recommended plan most: each channel's curve
    parameters pushed up and down, each channel's curve across its uncertainty range, and
    interaction strength. Returns a tornado table: outcome change and budget moved for each."""
    model = require_model(workspace)
    request, _ = build_request(workspace, model, PlanOptions())
    try:
        result = analyse_sensitivity(model, request, relative_step=args.relative_step)
    except ValueError as error:
        raise ToolError(str(error)) from error
    workspace.sensitivity = result
    return {
        "relative_step": result.relative_step,
        "base_expected_total": compact.count(result.base.expected.estimate),
        "outcome_name": result.base.outcome_name,
        "rows": [
            {
                "assumption": r.assumption,
                "channel": r.channel,
                "parameter": r.parameter,
                "low_setting": compact.ratio(r.low_setting),
                "high_setting": compact.ratio(r.high_setting),
                "outcome_change_low": compact.count(r.low_outcome_change),
                "outcome_change_high": compact.count(r.high_outcome_change),
                "budget_moved_low": compact.money(r.low_allocation_shift),
                "budget_moved_high": compact.money(r.high_allocation_shift),
            }
            for r in result.rows[: args.top]
        ],
    }, result
