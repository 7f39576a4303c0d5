"""The ``--json`` of the stored plans: ``plans adopt|show`` (:class:`AdoptedPlanDocument`,
:class:`PlanDetailDocument`), ``plans list`` (:class:`PlanListDocument`), ``plans compare``
(:class:`PlanComparisonDocument`), ``plans delete`` (:class:`DeletedPlanDocument`) and
``track`` (:class:`TrackDocument`). The stored records they come from live in
``assistant.storage``; the CLI fills these documents from them."""

from __future__ import annotations

from pydantic import Field

from tools.views.base import View
from tools.views.calendar import CalendarView
from tools.views.documents.base import Document
from tools.views.plan import PlanView
from tools.views.tracking import ComparedFigures, ReplanSummaryLine
from tools.views.units import Money, OutcomeAmount, Percent


class PlanHeadline(View):
    id: int = Field(description="The stored version's id (`plans delete ID` deletes it).")
    name: str
    version: int
    created: str
    start: str
    weeks: int
    budget: Money


class PlanListDocument(Document):
    """The adopted plans, the newest version of each."""

    plans: list[PlanHeadline]


class PlannedChannelLine(View):
    current_spend: Money
    planned_spend: Money
    expected_outcome: OutcomeAmount
    expected_low: OutcomeAmount
    expected_high: OutcomeAmount


class AdoptedPlanDocument(Document):
    """A stored plan (``plans adopt``): its headline, expected outcome and channels."""

    id: int = Field(description="The stored version's id (`plans delete ID` deletes it).")
    name: str
    version: int
    created: str
    start: str
    weeks: int
    budget: Money
    currency: str
    outcome_name: str
    expected_outcome: OutcomeAmount
    expected_low: OutcomeAmount
    expected_high: OutcomeAmount
    channels: dict[str, PlannedChannelLine]


class PlanRuleLine(View):
    description: str
    binds: bool
    cost: str = Field(description="What the rule costs, in words.")


class ModelSourceLine(View):
    source: str = Field(description="snapshot, history or curves_file.")
    outcome_name: str
    history_file: str | None
    model_version_id: int | None


class PlannedWeekLine(View):
    week: str
    channel: str
    spend: Money
    outcome: OutcomeAmount
    outcome_low: OutcomeAmount
    outcome_high: OutcomeAmount


class PlanDetailDocument(AdoptedPlanDocument):
    """``plans show``: the stored plan with its rules, model and weekly forecast."""

    rules: list[PlanRuleLine]
    assumptions: list[str]
    model: ModelSourceLine
    forecast: list[PlannedWeekLine]
    plan: PlanView | None = Field(
        description="The plan as adopted (the PlanView of `budgetmix schema ask`); null when an "
        "older budgetmix stored it in a shape this one cannot read (see plan_problem)."
    )
    plan_problem: str | None = Field(None, description="Why `plan` is null, if it is.")
    calendar: CalendarView | None


class TrackedChannelLine(View):
    actual_outcome: OutcomeAmount
    predicted_outcome: OutcomeAmount
    predicted_low: OutcomeAmount
    predicted_high: OutcomeAmount
    actual_spend: Money
    planned_spend: Money
    deviation_pct: Percent | None = Field(description="null: nothing was predicted.")
    alert: bool
    reason: str | None


class AlertLine(View):
    channel: str
    deviation_pct: Percent | None
    reason: str | None
    message: str


class TrackDocument(Document):
    """Actuals against an adopted plan, the alerts, and the re-plan of the weeks left."""

    weeks_tracked: int
    threshold_pct: Percent
    channels: dict[str, TrackedChannelLine]
    alerts: list[AlertLine]
    replan: PlanView | None
    replan_summary: ReplanSummaryLine | None


class ComparedLineDocument(ComparedFigures):
    """One channel (or the totals) of two plans; ``*_change`` is the second less the first."""


class ComparedPlanLine(View):
    name: str
    version: int


class PlanComparisonDocument(Document):
    """``plans compare A B``: two stored plans side by side, from what each stored."""

    currency: str
    outcome_name: str
    first: ComparedPlanLine
    second: ComparedPlanLine
    channels: dict[str, ComparedLineDocument]
    total: ComparedLineDocument


class DeletedPlanDocument(Document):
    """``plans delete NAME``: the versions deleted (with their forecasts, actuals, alerts)."""

    name: str
    versions: list[int]
    plans_left: list[str]
