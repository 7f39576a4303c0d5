"""Fitting tool: response curves from the workspace's data (one quarter or a weekly history)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from model_engine.mmm import HistoryFit, MarketingMixModel
from model_engine.snapshot import ChannelOverride, SnapshotFit, fit_snapshot
from tools import compact
from tools.workspace import ToolError, Workspace


class CurveOverride(BaseModel):
    """What the user knows about one channel's curve ("email saturates at about $300K")."""

    channel: str = Field(description="Channel name as in the data.")
    half_saturation: float | None = Field(
        None, gt=0, description="Spend per period at which half the channel's ceiling is reached."
    )
    elasticity: float | None = Field(
        None, gt=0, lt=1, description="% outcome change for a 1% spend change at current spend."
    )
    shape: float | None = Field(None, gt=0, description="Hill shape: 1 concave, >1 S-shaped.")

    @model_validator(mode="after")
    def _one_placement(self) -> CurveOverride:
        if self.half_saturation is None and self.elasticity is None and self.shape is None:
            raise ValueError("give a half_saturation, an elasticity or a shape")
        return self


class FitArgs(BaseModel):
    source: Literal["auto", "snapshot", "history"] = Field(
        "auto",
        description="Which data to fit: the pasted quarter, the uploaded history, or "
        "whichever the conversation has.",
    )
    overrides: list[CurveOverride] = Field(
        default_factory=list, description="User knowledge that replaces a channel's prior."
    )
    use_even_if_unreliable: bool = Field(
        False,
        description="Plan from a history model that failed validation; only when the user "
        "explicitly insists after being told.",
    )
    seed: int = Field(0, description="Random seed for prior draws and the bootstrap.")


def fit_response_curves(
    workspace: Workspace, args: FitArgs
) -> tuple[dict[str, Any], SnapshotFit | HistoryFit]:
    """Fit a response curve per channel (adstock/carryover and saturation) to the data in the
    conversation, with 90% intervals. From one quarter of results each curve passes through
    the observed point and takes its shape from published priors for its channel type; from a
    weekly history it is a full marketing-mix model, validated on the last 15% of weeks."""
    use_history = args.source == "history" or (
        args.source == "auto" and workspace.history is not None
    )
    if args.use_even_if_unreliable:
        workspace.insist_on_unreliable_model = True
    if use_history:
        return _fit_history(workspace, args)
    return _fit_snapshot(workspace, args)


def _fit_snapshot(workspace: Workspace, args: FitArgs) -> tuple[dict[str, Any], SnapshotFit]:
    if workspace.snapshot is None:
        raise ToolError(
            "There is no quarter of results to fit yet: paste each channel's spend and outcomes "
            "(e.g. 'Paid search: $400K spent, 2,400 MQLs')."
        )
    for override in args.overrides:
        workspace.overrides[override.channel] = ChannelOverride(
            half_saturation=override.half_saturation,
            elasticity=override.elasticity,
            shape=override.shape,
        )
    try:
        fit = fit_snapshot(workspace.snapshot, workspace.overrides, seed=args.seed)
    except ValueError as error:
        raise ToolError(str(error)) from error
    workspace.snapshot_fit = fit
    workspace.forget_results()
    workspace.model = fit.to_response_model(workspace.horizon_weeks)
    return snapshot_fit_summary(fit), fit


def snapshot_fit_summary(fit: SnapshotFit) -> dict[str, Any]:
    channels = []
    for c in fit.channels:
        channels.append(
            {
                "name": c.name,
                "evidence": c.evidence,
                "spend": compact.money(c.spend),
                "outcome": compact.count(c.outcome),
                "cost_per_outcome": compact.money(c.cost_per_outcome),
                "next_outcome_cost": compact.interval(c.marginal_cost_per_outcome, compact.money),
                "elasticity": compact.interval(c.elasticity, compact.ratio),
                "saturation_level": compact.interval(c.saturation_level, compact.ratio),
                "half_saturation": compact.interval(c.half_saturation, compact.money),
                "your_half_saturation": compact.money(
                    c.override.half_saturation if c.override else None
                ),
                "notes": list(c.notes),
            }
        )
    return {
        "kind": "snapshot",
        "outcome_name": fit.outcome_name,
        "period_weeks": fit.period_weeks,
        "draws": fit.n_draws,
        "interval": fit.level,
        "channels": channels,
    }


def _fit_history(workspace: Workspace, args: FitArgs) -> tuple[dict[str, Any], HistoryFit]:
    if workspace.history is None:
        raise ToolError("There is no weekly history to fit yet: upload a CSV or XLSX file.")
    try:
        fit = MarketingMixModel(seed=args.seed).fit(workspace.history.history).result_
    except ValueError as error:
        raise ToolError(str(error)) from error
    workspace.history_fit = fit
    workspace.forget_results()
    usable = fit.usable_for_planning or workspace.insist_on_unreliable_model
    workspace.model = fit.to_response_model(workspace.horizon_weeks) if usable else None
    return history_fit_summary(fit, planning_anyway=usable and not fit.usable_for_planning), fit


def history_fit_summary(fit: HistoryFit, *, planning_anyway: bool) -> dict[str, Any]:
    metrics = fit.metrics
    return {
        "kind": "history",
        "target": fit.target,
        "weeks": fit.n_weeks,
        "first_week": fit.first_week.date().isoformat(),
        "last_week": fit.last_week.date().isoformat(),
        "metrics": {
            "train_mape_pct": compact.ratio(metrics.train_mape),
            "holdout_mape_pct": compact.ratio(metrics.holdout_mape),
            "holdout_weeks": metrics.n_test,
            "r2": compact.ratio(metrics.r2),
            "holdout_r2": compact.ratio(metrics.holdout_r2),
        },
        "verdict": fit.verdict.headline,
        "verdict_reasons": list(fit.verdict.reasons),
        "usable_for_planning": fit.usable_for_planning,
        "planning_anyway": planning_anyway,
        "channels": [
            {
                "name": c.name,
                "roi": compact.interval(c.roi, compact.ratio),
                "marginal_roi": compact.interval(c.marginal_roi, compact.ratio),
                "contribution": compact.interval(c.contribution),
                "contribution_share": compact.interval(c.contribution_share, compact.ratio),
                "spend": compact.money(c.spend),
                "recent_weekly_spend": compact.money(c.recent_weekly_spend),
                "carryover_mean_lag_weeks": compact.ratio(c.adstock.carryover().mean_lag_weeks),
                "carryover_peak_lag_weeks": compact.ratio(c.adstock.carryover().peak_lag_weeks),
                "notes": list(c.notes),
            }
            for c in fit.channels
        ],
        "notes": list(fit.notes),
    }
