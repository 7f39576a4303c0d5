"""Attribution as the chat, the LLM and ``ask --json`` see it: every model's credit per channel,
where last touch departs from the data-driven reference, the reconciliation with the mix model
and the attribution model the CMO reports with.

Built in one place, :func:`attribution_view`, from the engine's
:class:`~model_engine.attribution.AttributionResult` (and
:class:`~model_engine.attribution.Reconciliation` when a mix model exists).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from model_engine.attribution import (
    MODEL_LABELS,
    PLAN_BASIS,
    AttributionResult,
    JourneyLoad,
    ModelName,
    Reconciliation,
)
from tools.views.base import OutcomeView, Range, View
from tools.views.units import Count, Fraction, Money, OutcomeAmount, OutcomeUnit, Ratio

REPORTING_ONLY = (
    "The attribution model you chose is used for reporting only: plans keep using the mix "
    "model's incremental response curves."
)


class ChannelCreditLine(View):
    """One model's credit for one channel."""

    channel: str
    share: Fraction
    conversions: Count


class AttributionModelView(View):
    name: ModelName
    label: str
    rule: str = Field(description="How the model splits a conversion, in words.")
    channels: list[ChannelCreditLine]

    def share(self, channel: str) -> Fraction:
        return next(c.share for c in self.channels if c.channel == channel)


class ComparisonLine(View):
    """One channel's share under every model, in the models' order (the table's row)."""

    channel: str
    shares: list[Fraction]


class CreditGapLine(View):
    """Last touch against the reference model for one channel (last minus reference)."""

    channel: str
    last_touch_share: Fraction
    reference_share: Fraction
    points: Fraction = Field(description="Share difference: -0.05 is five points less.")
    conversions: Count
    verdict: Literal["under", "over", "close"]


class BudgetShiftLine(View):
    channel: str
    reference_share: Fraction
    last_touch_share: Fraction
    change: Fraction = Field(description="Last touch minus reference, of the budget.")
    amount: Money | None = None


class ReconciledLine(View):
    """A channel on both sides: attribution credit beside the mix model's increment."""

    channel: str
    model_channel: str
    attribution_share: Fraction
    last_touch_share: Fraction
    mix_share: Range[Fraction]
    within_interval: bool
    explanation: str


class ReconciliationBudget(View):
    label: str
    rule: Literal["current", "last_touch", "reference"]
    incremental_outcome: Range[OutcomeAmount]
    change_vs_current: OutcomeAmount


class ReconciliationView(OutcomeView):
    reference: ModelName
    horizon_weeks: Count
    channels: list[ReconciledLine]
    journey_only: list[str]
    model_only: list[str]
    baseline_share: Fraction
    budgets: list[ReconciliationBudget]
    explanations: list[str]
    plan_basis: str = PLAN_BASIS


class AttributionView(View):
    """Every attribution model side by side on the conversation's journeys."""

    channels: list[str]
    journeys: Count
    conversions: Count
    distinct_paths: int
    mean_touches: Ratio
    model_order: list[ModelName]
    models: list[AttributionModelView]
    comparison: list[ComparisonLine]
    reference: ModelName = Field(description="The data-driven model last touch is judged by.")
    under_credited_by_last_touch: list[str]
    over_credited_by_last_touch: list[str]
    gaps: list[CreditGapLine]
    moved_share: Fraction = Field(
        description="Share of a budget that changes hands if split by last-touch credit."
    )
    budget: Money | None = None
    currency: str
    budget_shifts: list[BudgetShiftLine]
    last_touch_summary: str
    reconciliation: ReconciliationView | None = None
    preferred_model: ModelName | None = Field(
        None, description="The model the CMO reports with (reporting only)."
    )
    preference_note: str | None = None
    read_as: str = Field(description="How the journeys file or paste was read.")
    notes: list[str]
    warnings: list[str]

    def model(self, name: ModelName) -> AttributionModelView:
        return next(m for m in self.models if m.name == name)

    @property
    def reference_label(self) -> str:
        return MODEL_LABELS[self.reference]

    @property
    def preferred_label(self) -> str | None:
        return None if self.preferred_model is None else MODEL_LABELS[self.preferred_model]


def attribution_view(
    result: AttributionResult,
    loaded: JourneyLoad,
    reconciliation: Reconciliation | None = None,
    preferred: ModelName | None = None,
    outcome_unit: OutcomeUnit = "count",
) -> AttributionView:
    totals = result.totals
    bias = result.last_touch
    return AttributionView(
        channels=list(result.channels),
        journeys=Count.of(totals.journeys),
        conversions=Count.of(totals.conversions),
        distinct_paths=totals.distinct_paths,
        mean_touches=Ratio.of(totals.mean_touches),
        model_order=[m.name for m in result.models],
        models=[
            AttributionModelView(
                name=m.name,
                label=m.label,
                rule=m.rule,
                channels=[
                    ChannelCreditLine(
                        channel=c.channel,
                        share=Fraction.of(c.share),
                        conversions=Count.of(c.conversions),
                    )
                    for c in m.channels
                ],
            )
            for m in result.models
        ],
        comparison=[
            ComparisonLine(channel=row.channel, shares=[Fraction.of(s) for s in row.shares])
            for row in result.comparison()
        ],
        reference=bias.reference,
        under_credited_by_last_touch=list(bias.under_credited),
        over_credited_by_last_touch=list(bias.over_credited),
        gaps=[
            CreditGapLine(
                channel=g.channel,
                last_touch_share=Fraction.of(g.last_touch_share),
                reference_share=Fraction.of(g.reference_share),
                points=Fraction.of(g.points),
                conversions=Count.of(g.conversions),
                verdict=g.verdict,
            )
            for g in bias.gaps
        ],
        moved_share=Fraction.of(bias.moved_share),
        budget=Money.of(bias.budget),
        currency=bias.currency,
        budget_shifts=[
            BudgetShiftLine(
                channel=s.channel,
                reference_share=Fraction.of(s.reference_share),
                last_touch_share=Fraction.of(s.last_touch_share),
                change=Fraction.of(s.change),
                amount=Money.of(s.amount),
            )
            for s in bias.shifts
        ],
        last_touch_summary=bias.describe(),
        reconciliation=None
        if reconciliation is None
        else _reconciliation(reconciliation, outcome_unit),
        preferred_model=preferred,
        preference_note=None if preferred is None else REPORTING_ONLY,
        read_as=loaded.roles.describe(),
        notes=list(result.notes),
        warnings=[str(w) for w in loaded.warnings],
    )


def _fraction_range(estimate: float, low: float, high: float) -> Range[Fraction]:
    return Range[Fraction](
        estimate=Fraction.of(estimate), low=Fraction.of(low), high=Fraction.of(high)
    )


def _reconciliation(rec: Reconciliation, outcome_unit: OutcomeUnit) -> ReconciliationView:
    return ReconciliationView(
        reference=rec.reference,
        outcome_name=rec.outcome_name,
        currency=rec.currency,
        outcome_unit=outcome_unit,
        horizon_weeks=Count.of(rec.horizon_weeks),
        channels=[
            ReconciledLine(
                channel=c.channel,
                model_channel=c.model_channel,
                attribution_share=Fraction.of(c.attribution_share),
                last_touch_share=Fraction.of(c.last_touch_share),
                mix_share=_fraction_range(c.mix_share.estimate, c.mix_share.low, c.mix_share.high),
                within_interval=c.within_interval,
                explanation=c.explanation,
            )
            for c in rec.channels
        ],
        journey_only=list(rec.journey_only),
        model_only=list(rec.model_only),
        baseline_share=Fraction.of(rec.baseline_share),
        budgets=[
            ReconciliationBudget(
                label=b.label,
                rule=b.rule,
                incremental_outcome=Range[OutcomeAmount](
                    estimate=OutcomeAmount.of(b.incremental_outcome.estimate),
                    low=OutcomeAmount.of(b.incremental_outcome.low),
                    high=OutcomeAmount.of(b.incremental_outcome.high),
                ),
                change_vs_current=OutcomeAmount.of(b.change_vs_current),
            )
            for b in rec.budgets
        ],
        explanations=list(rec.explanations),
        plan_basis=rec.plan_basis,
    )
