"""Fits as typed views: :class:`SnapshotFitView` (one quarter through priors) and
:class:`HistoryFitView` (a marketing-mix model of a weekly history)."""

from __future__ import annotations

from typing import Any, Literal

from model_engine.mmm import HistoryFit
from model_engine.planning import Interval
from model_engine.snapshot import SnapshotFit
from tools.views.base import OutcomeView, Range, View, outcome_range
from tools.views.units import (
    Count,
    Fraction,
    Money,
    OutcomeAmount,
    Percent,
    Ratio,
    Unit,
    Weeks,
)


def _range(value: Interval | None, unit: type[Unit]) -> Range[Any] | None:
    if value is None:
        return None
    return Range[unit](  # type: ignore[valid-type]
        estimate=unit.of(value.estimate), low=unit.of(value.low), high=unit.of(value.high)
    )


class SnapshotChannelView(View):
    name: str
    evidence: str
    spend: Money
    outcome: OutcomeAmount | None
    cost_per_outcome: Money | None
    next_outcome_cost: Range[Money] | None
    elasticity: Range[Ratio] | None
    saturation_level: Range[Fraction] | None
    half_saturation: Range[Money] | None
    your_half_saturation: Money | None
    your_flattens_past: Money | None = None  # "email saturates at about $300K", as said
    notes: list[str]


class SnapshotFitView(OutcomeView):
    kind: Literal["snapshot"] = "snapshot"
    period_weeks: int
    draws: Count
    interval: Fraction
    channels: list[SnapshotChannelView]


class HistoryMetricsView(View):
    train_mape_pct: Percent
    holdout_mape_pct: Percent
    holdout_weeks: int
    r2: Ratio
    holdout_r2: Ratio


class HistoryChannelView(View):
    name: str
    roi: Range[Ratio]
    marginal_roi: Range[Ratio]
    contribution: Range[OutcomeAmount]
    contribution_share: Range[Fraction]
    spend: Money
    recent_weekly_spend: Money
    carryover_mean_lag_weeks: Weeks
    carryover_peak_lag_weeks: Weeks
    notes: list[str]


class HistoryFitView(OutcomeView):
    kind: Literal["history"] = "history"
    target: str
    weeks: int
    first_week: str
    last_week: str
    metrics: HistoryMetricsView
    verdict: str
    verdict_reasons: list[str]
    usable_for_planning: bool
    planning_anyway: bool
    channels: list[HistoryChannelView]
    notes: list[str]


FitView = SnapshotFitView | HistoryFitView


def snapshot_fit_view(fit: SnapshotFit) -> SnapshotFitView:
    return SnapshotFitView(
        currency=fit.currency,
        outcome_name=fit.outcome_name,
        outcome_unit=fit.outcome_unit,
        period_weeks=fit.period_weeks,
        draws=Count.of(fit.n_draws),
        interval=Fraction.of(fit.level),
        channels=[
            SnapshotChannelView(
                name=c.name,
                evidence=c.evidence,
                spend=Money.of(c.spend),
                outcome=OutcomeAmount.of(c.outcome),
                cost_per_outcome=Money.of(c.cost_per_outcome),
                next_outcome_cost=_range(c.marginal_cost_per_outcome, Money),
                elasticity=_range(c.elasticity, Ratio),
                saturation_level=_range(c.saturation_level, Fraction),
                half_saturation=_range(c.half_saturation, Money),
                your_half_saturation=Money.of(c.override.half_saturation if c.override else None),
                your_flattens_past=Money.of(c.override.flattens_past if c.override else None),
                notes=list(c.notes),
            )
            for c in fit.channels
        ],
    )


def history_fit_view(fit: HistoryFit, *, planning_anyway: bool) -> HistoryFitView:
    metrics = fit.metrics
    return HistoryFitView(
        currency=fit.currency,
        outcome_name=fit.target,
        outcome_unit=fit.outcome_unit,
        target=fit.target,
        weeks=fit.n_weeks,
        first_week=fit.first_week.date().isoformat(),
        last_week=fit.last_week.date().isoformat(),
        metrics=HistoryMetricsView(
            train_mape_pct=Percent.of(metrics.train_mape),
            holdout_mape_pct=Percent.of(metrics.holdout_mape),
            holdout_weeks=metrics.n_test,
            r2=Ratio.of(metrics.r2),
            holdout_r2=Ratio.of(metrics.holdout_r2),
        ),
        verdict=fit.verdict.headline,
        verdict_reasons=list(fit.verdict.reasons),
        usable_for_planning=fit.usable_for_planning,
        planning_anyway=planning_anyway,
        channels=[
            HistoryChannelView(
                name=c.name,
                roi=_range(c.roi, Ratio),
                marginal_roi=_range(c.marginal_roi, Ratio),
                contribution=outcome_range(
                    c.contribution.estimate, c.contribution.low, c.contribution.high
                ),
                contribution_share=_range(c.contribution_share, Fraction),
                spend=Money.of(c.spend),
                recent_weekly_spend=Money.of(c.recent_weekly_spend),
                carryover_mean_lag_weeks=Weeks.of(c.adstock.carryover().mean_lag_weeks),
                carryover_peak_lag_weeks=Weeks.of(c.adstock.carryover().peak_lag_weeks),
                notes=list(c.notes),
            )
            for c in fit.channels
        ],
        notes=list(fit.notes),
    )
