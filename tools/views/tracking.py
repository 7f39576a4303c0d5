"""Plans that live on, as typed objects: :class:`AdoptedPlanView` (a stored, named, versioned
plan) and :class:`TrackingView` (weekly actuals against it, the alerts and the re-plan of the
weeks left). The chat's reply, its chart, the LLM's JSON and ``budgetmix track --json`` read
these; they are built in ``assistant.tracking.views`` from the engine's tracking result.
:class:`PlanComparisonView` sets two saved plans side by side and :class:`DeletedPlanView`
says which saved plan versions were deleted."""

from __future__ import annotations

from datetime import date
from typing import Literal, Self

from pydantic import Field

from model_engine.plan_comparison import LineDifference
from tools.views.base import OutcomeView, View
from tools.views.plan import PlanView
from tools.views.units import Fraction, Money, OutcomeAmount, Ratio, Unit

# "of" rounds each figure as a reply shows it; "exact" keeps the engine's precision (CLI JSON).
Precision = Literal["of", "exact"]


class AdoptedPlanView(OutcomeView):
    """A plan stored under a name: version ``version`` of it, from ``start`` for ``weeks``."""

    name: str
    version: int
    start: date
    end: date
    weeks: int
    budget: Money
    expected_total: OutcomeAmount
    expected_total_low: OutcomeAmount
    expected_total_high: OutcomeAmount
    allocation: dict[str, Money]
    paced_by_calendar: bool = Field(
        False, description="The plan is a weekly calendar: each week is tracked against its own."
    )


class TrackedChannel(View):
    """One channel over the tracked weeks: the outcome against the plan's prediction with its
    90% band, spend against plan, and the alert with its likely reason."""

    channel: str
    actual_outcome: OutcomeAmount
    predicted_outcome: OutcomeAmount
    predicted_low: OutcomeAmount
    predicted_high: OutcomeAmount
    actual_spend: Money
    planned_spend: Money
    deviation_pct: Fraction | None  # None: nothing was predicted
    spend_pacing_pct: Fraction | None  # actual spend against planned, -0.1 = 10% under
    alert: bool
    reason: str | None  # "spent differently" or "responded differently"
    message: str


class TrackedWeek(View):
    """One channel in one week, for the actual-vs-predicted chart."""

    week: date
    channel: str
    actual_outcome: OutcomeAmount
    predicted_outcome: OutcomeAmount
    predicted_low: OutcomeAmount
    predicted_high: OutcomeAmount


class ReplanSummaryLine(View):
    """The re-plan of the weeks left with the budget left, against the adopted plan (as
    ``track --json`` prints it)."""

    remaining_weeks: int
    remaining_budget: Money
    money_moved: Money
    moves: dict[str, Money] = Field(description="Re-plan's spend less the adopted plan's.")
    message: str


class ReplanSummary(ReplanSummaryLine):
    """The chat's re-plan summary: also the adopted plan's spend for the weeks left."""

    planned_remaining: dict[str, Money]  # per channel: the adopted plan's spend for those weeks


class TrackingView(OutcomeView):
    plan_name: str
    plan_version: int
    weeks_tracked: int
    threshold: Fraction  # 0.15: alert beyond ±15%
    channels: list[TrackedChannel]
    alerts: list[str]
    weeks: list[TrackedWeek]
    replan: PlanView | None
    replan_summary: ReplanSummary | None


class ComparedFigures(View):
    """Two plans' figures for one channel (or the totals): each plan's spend, expected outcome
    with its 90% interval and return (outcome per unit of spend), and the second less the
    first. The CLI's ``plans compare`` document and the chat's comparison share them."""

    first_spend: Money
    second_spend: Money
    spend_change: Money
    first_outcome: OutcomeAmount
    first_outcome_low: OutcomeAmount
    first_outcome_high: OutcomeAmount
    second_outcome: OutcomeAmount
    second_outcome_low: OutcomeAmount
    second_outcome_high: OutcomeAmount
    outcome_change: OutcomeAmount
    first_roi: Ratio | None = Field(description="Outcome per unit of spend; null: no spend.")
    second_roi: Ratio | None = Field(description="Outcome per unit of spend; null: no spend.")
    roi_change: Ratio | None = Field(description="Second less first; null: a plan spends none.")

    @classmethod
    def between(cls, line: LineDifference, precision: Precision, **identity: object) -> Self:
        """``line``'s figures, each as its unit at ``precision``; ``identity`` holds a
        subclass's own fields (the chat's channel and costs per outcome)."""

        def figure(kind: type[Unit], value: float | None) -> object:
            return getattr(kind, precision)(value)

        first, second = line.first, line.second
        return cls(
            first_spend=figure(Money, first.spend),
            second_spend=figure(Money, second.spend),
            spend_change=figure(Money, line.spend_change),
            first_outcome=figure(OutcomeAmount, first.outcome),
            first_outcome_low=figure(OutcomeAmount, first.outcome_low),
            first_outcome_high=figure(OutcomeAmount, first.outcome_high),
            second_outcome=figure(OutcomeAmount, second.outcome),
            second_outcome_low=figure(OutcomeAmount, second.outcome_low),
            second_outcome_high=figure(OutcomeAmount, second.outcome_high),
            outcome_change=figure(OutcomeAmount, line.outcome_change),
            first_roi=figure(Ratio, first.roi),
            second_roi=figure(Ratio, second.roi),
            roi_change=figure(Ratio, line.roi_change),
            **identity,
        )


class ComparedLine(ComparedFigures):
    """One channel (or the totals) of two saved plans, as the chat shows it."""

    channel: str
    first_cost_per_outcome: Money | None = Field(description="Spend per outcome; null: none.")
    second_cost_per_outcome: Money | None = Field(description="Spend per outcome; null: none.")


class PlanComparisonView(OutcomeView):
    """Two saved plans side by side, from what each stored (nothing is re-estimated)."""

    first_name: str
    first_version: int
    second_name: str
    second_version: int
    interval_level: Fraction = Field(description="The level of the plans' outcome intervals.")
    channels: list[ComparedLine]
    total: ComparedLine


class DeletedPlanView(View):
    """The saved plan versions deleted, with their forecasts, actuals and alerts."""

    name: str
    versions: list[int]
    plans_left: list[str] = Field(description="The saved plans still there, by name.")
