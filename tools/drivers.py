"""Driver tool: why each channel goes up, down or holds in the current plan."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from model_engine.drivers import ChannelDriver, DriverReport
from tools import compact
from tools.requests import require_model, resolve_channel
from tools.workspace import ToolError, Workspace


class DriverArgs(BaseModel):
    channels: list[str] = Field(
        default_factory=list, description="Channels to explain; empty for all."
    )


def explain_drivers(workspace: Workspace, args: DriverArgs) -> tuple[dict[str, Any], DriverReport]:
    """Explain why each channel is increased, decreased or held in the current plan: its
    marginal return against the equalised margin (marginal cost per outcome), its saturation
    now and at the plan, binding constraints, carryover, confidence and, for history fits, its
    contribution. Call after optimize_allocation."""
    model = require_model(workspace)
    if workspace.plan is None:
        raise ToolError("There is no plan to explain yet: optimize the allocation first.")
    report = workspace.plan.drivers
    wanted = {resolve_channel(model, name) for name in args.channels}
    drivers = [d for d in report.drivers if not wanted or d.channel in wanted]
    return {
        "outcome_name": report.outcome_name,
        "equalised_marginal_cost": compact.money(workspace.plan.plan.marginal_cost),
        "channels": [driver_summary(d) for d in drivers],
    }, report


def driver_summary(driver: ChannelDriver) -> dict[str, Any]:
    carryover = driver.carryover
    contribution = driver.contribution
    return {
        "channel": driver.channel,
        "direction": driver.direction.value,
        "primary_reason": driver.primary_reason.value,
        "reasons": [r.value for r in driver.reasons],
        "current": compact.money(driver.current_spend),
        "recommended": compact.money(driver.recommended_spend),
        "change": compact.money(driver.change),
        "change_pct": compact.ratio(driver.change_fraction),
        "marginal_cost_now": compact.money(driver.marginal_cost_current),
        "marginal_cost_at_plan": compact.money(driver.marginal_cost_recommended),
        "average_cost_now": compact.money(driver.average_cost_current),
        "marginal_vs_margin": compact.ratio(driver.marginal_ratio_current),
        "saturation_now": compact.ratio(driver.saturation_current),
        "saturation_at_plan": compact.ratio(driver.saturation_recommended),
        "threshold_spend": compact.money(driver.threshold_spend),
        "binding": list(driver.binding),
        "carryover_mean_lag_weeks": compact.ratio(carryover.mean_lag_weeks) if carryover else None,
        "carryover_peak_lag_weeks": compact.ratio(carryover.peak_lag_weeks) if carryover else None,
        "evidence": driver.evidence,
        "confidence": driver.confidence.value,
        "interval_width_pct": compact.ratio(driver.relative_interval_width),
        "contribution_share": compact.interval(contribution.contribution_share, compact.ratio)
        if contribution
        else None,
        "roi": compact.interval(contribution.roi, compact.ratio) if contribution else None,
    }
