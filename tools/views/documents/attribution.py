"""``budgetmix attribute --json``: :class:`AttributionDocument`, ``models: {model: {channel:
share}}`` as the contract says, then conversions and value per model, which channels last
touch under- and over-credits, the Markov, Shapley and time-decay details, what was read, and
with ``--model`` the reconciliation with the mix model's increments."""

from __future__ import annotations

from pydantic import Field

from model_engine.attribution import (
    MODEL_NAMES,
    AttributionResult,
    JourneyLoad,
    Reconciliation,
)
from model_engine.attribution.result import BudgetShift, CreditGap
from tools.views.attribution import BudgetShiftLine, CreditGapLine
from tools.views.base import View
from tools.views.documents.base import Document, exact_each, flat
from tools.views.units import Count, Fraction, Money, OutcomeAmount, Ratio


class ValuedCreditGapLine(CreditGapLine):
    """A channel's credit gap as the chat shows it, with the value of its conversions."""

    value: Money | None


class LastTouchLine(View):
    reference: str
    threshold_points: Fraction
    gaps: list[ValuedCreditGapLine]
    moved_share: Fraction = Field(description="Of a budget split by last touch instead.")
    budget: Money | None
    budget_shifts: list[BudgetShiftLine]
    summary: str


class MarkovLine(View):
    order: int
    states: int
    conversion_probability: Fraction
    removal_effects: dict[str, Fraction] = Field(
        description="Share of conversions lost without the channel."
    )
    value_removal_effects: dict[str, Fraction] | None


class ShapleyLine(View):
    game: str
    characteristic_function: str
    coalitions: int
    negative: list[str] = Field(description="Channels credited below zero.")


class TimeDecayLine(View):
    half_life: float = Field(description="In `unit`: days or touches.")
    unit: str
    rule: str


class JourneysLine(View):
    format: str
    columns: dict[str, str] = Field(description="The column read for each role.")
    rows: int
    channels: list[str]
    journeys: Count
    conversions: Count
    non_converting: Count | None = Field(description="null: only converting journeys given.")
    value: Money | None
    distinct_paths: int
    mean_touches: Ratio
    untracked_conversions: Count = Field(description="Conversions with no tracked touch.")


class ChannelMatchLine(View):
    journey_channel: str
    model_channel: str | None
    rule: str | None


class ReconciledChannelLine(View):
    channel: str
    model_channel: str
    attribution_share: Fraction
    last_touch_share: Fraction
    mix_share: Fraction
    mix_share_low: Fraction
    mix_share_high: Fraction
    mix_contribution: OutcomeAmount
    mix_contribution_low: OutcomeAmount
    mix_contribution_high: OutcomeAmount
    difference: Fraction = Field(description="Attribution share minus the mix share.")
    within_interval: bool
    explanation: str


class ReconciliationBudgetLine(View):
    rule: str
    label: str
    allocation: dict[str, Money]
    incremental_outcome: OutcomeAmount
    incremental_outcome_low: OutcomeAmount
    incremental_outcome_high: OutcomeAmount
    change_vs_current: OutcomeAmount


class ReconciliationLine(View):
    reference: str
    outcome: str
    currency: str
    horizon_weeks: int
    matches: list[ChannelMatchLine]
    channels: list[ReconciledChannelLine]
    journey_only: list[str]
    model_only: list[str]
    baseline_share: Fraction
    budgets: list[ReconciliationBudgetLine]
    model_usable_for_planning: bool
    explanations: list[str]
    plan_basis: str


class AttributionDocument(Document):
    """Every attribution model side by side, and what following last touch would move."""

    models: dict[str, dict[str, Fraction]] = Field(description="{model: {channel: share}}.")
    under_credited_by_last_touch: list[str]
    over_credited_by_last_touch: list[str]
    conversions: dict[str, dict[str, Count]]
    value_shares: dict[str, dict[str, Fraction] | None] | None
    values: dict[str, dict[str, Money | None]] | None
    rules: dict[str, str]
    last_touch: LastTouchLine
    markov: MarkovLine
    shapley: ShapleyLine
    time_decay: TimeDecayLine
    journeys: JourneysLine
    warnings: list[str]
    notes: list[str]
    reconciliation: ReconciliationLine | None
    model_order: list[str]
    seconds: float


def _gap(gap: CreditGap) -> ValuedCreditGapLine:
    return ValuedCreditGapLine(
        channel=gap.channel,
        last_touch_share=Fraction.exact(gap.last_touch_share),
        reference_share=Fraction.exact(gap.reference_share),
        points=Fraction.exact(gap.points),
        conversions=Count.exact(gap.conversions),
        value=Money.exact(gap.value),
        verdict=gap.verdict,
    )


def _shift(shift: BudgetShift) -> BudgetShiftLine:
    return BudgetShiftLine(
        channel=shift.channel,
        reference_share=Fraction.exact(shift.reference_share),
        last_touch_share=Fraction.exact(shift.last_touch_share),
        change=Fraction.exact(shift.change),
        amount=Money.exact(shift.amount),
    )


def _reconciliation(rec: Reconciliation) -> ReconciliationLine:
    return ReconciliationLine(
        reference=rec.reference,
        outcome=rec.outcome_name,
        currency=rec.currency,
        horizon_weeks=rec.horizon_weeks,
        matches=[
            ChannelMatchLine(
                journey_channel=m.journey_channel, model_channel=m.model_channel, rule=m.rule
            )
            for m in rec.matches
        ],
        channels=[
            ReconciledChannelLine(
                channel=c.channel,
                model_channel=c.model_channel,
                attribution_share=Fraction.exact(c.attribution_share),
                last_touch_share=Fraction.exact(c.last_touch_share),
                **flat("mix_share", c.mix_share, Fraction),
                **flat("mix_contribution", c.mix_contribution, OutcomeAmount),
                difference=Fraction.exact(c.difference),
                within_interval=c.within_interval,
                explanation=c.explanation,
            )
            for c in rec.channels
        ],
        journey_only=list(rec.journey_only),
        model_only=list(rec.model_only),
        baseline_share=Fraction.exact(rec.baseline_share),
        budgets=[
            ReconciliationBudgetLine(
                rule=b.rule,
                label=b.label,
                allocation={a.channel: Money(a.spend) for a in b.allocation},
                **flat("incremental_outcome", b.incremental_outcome, OutcomeAmount),
                change_vs_current=OutcomeAmount.exact(b.change_vs_current),
            )
            for b in rec.budgets
        ],
        model_usable_for_planning=rec.model_usable_for_planning,
        explanations=list(rec.explanations),
        plan_basis=rec.plan_basis,
    )


def attribution_document(
    result: AttributionResult,
    loaded: JourneyLoad,
    reconciliation: Reconciliation | None,
    seconds: float,
) -> AttributionDocument:
    bias = result.last_touch
    totals = result.totals
    has_value = totals.value is not None
    value_shares = {m.name: m.value_shares for m in result.models}
    return AttributionDocument(
        models={m.name: exact_each(m.shares, Fraction) for m in result.models},
        under_credited_by_last_touch=list(bias.under_credited),
        over_credited_by_last_touch=list(bias.over_credited),
        conversions={m.name: exact_each(m.conversions, Count) for m in result.models},
        value_shares={
            name: None if shares is None else exact_each(shares, Fraction)
            for name, shares in value_shares.items()
        }
        if has_value
        else None,
        values={
            m.name: {c.channel: Money.exact(c.value) for c in m.channels} for m in result.models
        }
        if has_value
        else None,
        rules={m.name: m.rule for m in result.models},
        last_touch=LastTouchLine(
            reference=bias.reference,
            threshold_points=Fraction.exact(bias.threshold_points),
            gaps=[_gap(g) for g in bias.gaps],
            moved_share=Fraction.exact(bias.moved_share),
            budget=Money.exact(bias.budget),
            budget_shifts=[_shift(s) for s in bias.shifts],
            summary=bias.describe(),
        ),
        markov=MarkovLine(
            order=result.markov.order,
            states=result.markov.n_states,
            conversion_probability=Fraction.exact(result.markov.conversion_probability),
            removal_effects={
                r.channel: Fraction.exact(r.conversions) for r in result.markov.removal_effects
            },
            value_removal_effects={
                r.channel: Fraction.exact(r.value) for r in result.markov.removal_effects
            }
            if has_value
            else None,
        ),
        shapley=ShapleyLine(
            game=result.shapley.game,
            characteristic_function=result.shapley.characteristic,
            coalitions=result.shapley.n_coalitions,
            negative=list(result.shapley.negative),
        ),
        time_decay=TimeDecayLine(
            half_life=result.time_decay.half_life,
            unit=result.time_decay.unit,
            rule=result.time_decay.describe(),
        ),
        journeys=JourneysLine(
            format=loaded.roles.format,
            columns=dict(loaded.roles.columns),
            rows=loaded.rows,
            channels=list(result.channels),
            journeys=Count.exact(totals.journeys),
            conversions=Count.exact(totals.conversions),
            non_converting=Count.exact(totals.non_converting),
            value=Money.exact(totals.value),
            distinct_paths=totals.distinct_paths,
            mean_touches=Ratio.exact(totals.mean_touches),
            untracked_conversions=Count.exact(totals.untracked_conversions),
        ),
        warnings=[str(w) for w in loaded.warnings],
        notes=list(result.notes),
        reconciliation=None if reconciliation is None else _reconciliation(reconciliation),
        model_order=list(MODEL_NAMES),
        seconds=seconds,
    )
