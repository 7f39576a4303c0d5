"""Adopting the plan a conversation shows: the document stored for it and its weekly forecast.

:class:`AdoptedPlan` is what the database keeps (``PlanStore.adopt`` stores any pydantic model
as its ``model_dump_json()``): the allocation with each channel's expected outcome and 90%
interval, the rules it was made under and what they cost, the assumptions, where the model
came from, the plan's typed view (what the chat, the exports and ``ask --json`` show), and the
session it came from, so tracking can rebuild the model and re-plan.

The weekly forecast spreads each channel's spend and outcome evenly over the plan's weeks:
the plan assumes even spend, and its curves include carryover at its steady state, so each
week's share of the outcome is the horizon's divided by its length. Each bound is divided the
same way, so the bounds of any run of weeks add up to that run's interval.

When the conversation planned a weekly calendar (``PlanInputs.calendar``), the plan is the
calendar: it is recomputed from the inputs and stored whole (:attr:`AdoptedPlan.calendar`),
its weeks are the plan's (dated as the calendar is), each channel's planned spend is the
calendar's total for it, and the channel's outcome and interval over the period (its curve
at that total, as for an even plan) is spread over the weeks in proportion to the media the
calendar's forecast gives the channel each week (carryover in and lag included). Tracking then
paces each week against the calendar's week, not an even split.

Rows are read tolerantly: a plan stored by an older budgetmix whose plan view or session no
longer fits today's models still loads (its allocation, rules and forecast are plain fields);
the part that does not fit is kept as written in an :class:`UnreadableStoredPart`, and only
what needs it (the one-page plan, tracking's re-plan) says that it cannot be used and why.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.session import Session
from model_engine.constraints import Amount, ChannelBound
from model_engine.intake import QuotedConstraint
from model_engine.optimizer.calendar import CalendarResult
from model_engine.planning import ResponseModel
from model_engine.tracking import ForecastWeek
from tools.allocation import current_plan_view
from tools.calendar import calendar_args, plan_weekly_calendar
from tools.context import ToolContext
from tools.derived import Results
from tools.state import PlanInputs, PlanOutput, ToolError
from tools.views.calendar import CalendarView
from tools.views.plan import PlanView
from tools.views.units import OutcomeAmount


class AdoptionError(ValueError):
    """The session has no plan to adopt, or cannot be rebuilt; the message says why."""


class PlannedChannel(BaseModel):
    model_config = ConfigDict(frozen=True)

    channel: str
    current_spend: float
    planned_spend: float
    expected_outcome: float
    expected_low: float
    expected_high: float


class PlanRule(BaseModel):
    model_config = ConfigDict(frozen=True)

    description: str
    binds: bool
    cost: str  # in plain words, from the optimizer's report


class ModelSource(BaseModel):
    model_config = ConfigDict(frozen=True)

    source: str  # "snapshot", "history" or "curves_file"
    outcome_name: str
    history_file: str | None = None  # the weekly history it was fitted on, if any
    model_version_id: int | None = None  # a stored model version, when the plan names one


class PlannedWeek(BaseModel):
    """One channel in one week of a calendar plan: its spend and predicted outcome."""

    model_config = ConfigDict(frozen=True)

    week_start: date
    channel: str
    spend: float
    outcome: float
    outcome_low: float
    outcome_high: float


class UnreadableStoredPart(BaseModel):
    """A part of a stored plan that today's models cannot read (an older budgetmix wrote it):
    kept exactly as written, with the reason, so nothing stored is lost."""

    model_config = ConfigDict(frozen=True)

    unreadable: Literal[True] = True
    stored_json: str
    problem: str


def _stored_part(value: object, read: Callable[[str], BaseModel]) -> object:
    """``value`` (a stored part, or an object already) as what ``read`` makes of its JSON, or
    as an :class:`UnreadableStoredPart` when it does not fit."""
    if not isinstance(value, dict):
        return value
    if value.get("unreadable") is True:
        return UnreadableStoredPart.model_validate(value)
    text = json.dumps(value)
    try:
        return read(text)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the document"
        return UnreadableStoredPart(stored_json=text, problem=f"{where}: {first['msg']}")
    except ValueError as error:
        return UnreadableStoredPart(stored_json=text, problem=str(error))


class AdoptedPlan(BaseModel):
    """The stored document of an adopted plan."""

    kind: ClassVar[str] = "budgetmix.adopted_plan/1"
    model_config = ConfigDict(frozen=True)

    name: str
    start_date: date
    weeks: int
    budget: float
    currency: str
    outcome_name: str
    allocation: tuple[PlannedChannel, ...]
    expected_outcome: float
    expected_low: float
    expected_high: float
    rules: tuple[PlanRule, ...]
    assumptions: tuple[str, ...]
    model: ModelSource
    # The plan's view, as `budgetmix ask --json` shows it, and the conversation it came from.
    plan: PlanView | UnreadableStoredPart = Field(union_mode="left_to_right")
    session: Session | UnreadableStoredPart = Field(union_mode="left_to_right")
    calendar: CalendarView | None = None  # the weekly calendar, when the plan is one
    weekly: tuple[PlannedWeek, ...] = ()  # per week and channel, when the plan is a calendar

    @field_validator("plan", mode="before")
    @classmethod
    def _read_stored_plan(cls, value: object) -> object:
        return _stored_part(value, PlanView.model_validate_json)

    @field_validator("session", mode="before")
    @classmethod
    def _read_stored_session(cls, value: object) -> object:
        return _stored_part(value, Session.from_json)

    @property
    def plan_problem(self) -> str | None:
        """Why the stored plan view cannot be read, if it cannot."""
        if isinstance(self.plan, UnreadableStoredPart):
            return (
                f"the plan was stored by an older budgetmix and its plan view cannot be read "
                f"({self.plan.problem}): adopt it again from its session"
            )
        return None

    def plan_view(self) -> PlanView:
        """The plan as adopted; :class:`AdoptionError` when it was stored in a shape this
        budgetmix cannot read."""
        if isinstance(self.plan, UnreadableStoredPart):
            raise AdoptionError(self.plan_problem)
        return self.plan

    def forecast(self) -> list[ForecastWeek]:
        if self.weekly:
            return [
                ForecastWeek(
                    week_start=w.week_start,
                    channel=w.channel,
                    spend=w.spend,
                    outcome=w.outcome,
                    outcome_low=w.outcome_low,
                    outcome_high=w.outcome_high,
                )
                for w in self.weekly
            ]
        return [
            ForecastWeek(
                week_start=self.start_date + timedelta(weeks=week),
                channel=line.channel,
                spend=line.planned_spend / self.weeks,
                outcome=line.expected_outcome / self.weeks,
                outcome_low=line.expected_low / self.weeks,
                outcome_high=line.expected_high / self.weeks,
            )
            for week in range(self.weeks)
            for line in self.allocation
        ]

    def restore_session(self) -> Session:
        """The conversation the plan came from (a copy: the document stays as stored)."""
        if isinstance(self.session, UnreadableStoredPart):
            raise AdoptionError(
                f"the plan's conversation cannot be rebuilt: {self.session.problem}"
            )
        return self.session.model_copy(deep=True)

    def restore_model(self, results: Results) -> tuple[Session, ResponseModel]:
        """The conversation and the response curves the plan was made from."""
        session = self.restore_session()
        try:
            return session, results.model(session.inputs)
        except ToolError as error:
            raise AdoptionError(f"the plan's model cannot be rebuilt: {error}") from None


def adopt_from_session(session: Session, name: str, start_date: date) -> AdoptedPlan:
    """The document for the conversation's current plan (a what-if shown but not adopted in
    the conversation is not it)."""
    results = Results()
    inputs = session.inputs
    if not inputs.has_data:
        raise AdoptionError(
            "the conversation has no plan yet: give it your data and ask for an allocation "
            'first (e.g. budgetmix ask --session FILE "allocate $2M")'
        )
    if inputs.calendar is not None:
        return _adopt_calendar(session, name, start_date, results)
    try:
        output = results.plan(inputs)
        model = results.model(inputs)
        view = current_plan_view(results, inputs)
    except ToolError as error:
        raise AdoptionError(f"the conversation's plan cannot be made: {error}") from None
    plan = output.plan
    return AdoptedPlan(
        name=name,
        start_date=start_date,
        weeks=plan.horizon_weeks,
        budget=plan.total_spend,
        currency=plan.currency,
        outcome_name=plan.outcome_name,
        allocation=tuple(
            PlannedChannel(
                channel=c.name,
                current_spend=c.current,
                planned_spend=c.recommended,
                expected_outcome=c.expected.estimate,
                expected_low=c.expected.low,
                expected_high=c.expected.high,
            )
            for c in plan.channels
        ),
        expected_outcome=plan.expected.estimate,
        expected_low=plan.expected.low,
        expected_high=plan.expected.high,
        rules=_rules(output),
        assumptions=tuple(plan.notes) + tuple(model.notes),
        model=ModelSource(
            source=model.source,
            outcome_name=plan.outcome_name,
            history_file=inputs.history.path if inputs.history else None,
        ),
        plan=view,
        session=session.model_copy(deep=True),
    )


def _rules(output: PlanOutput) -> tuple[PlanRule, ...]:
    phrases: dict[object, str] = {q.constraint: q.phrase for q in output.constraints}
    return tuple(
        PlanRule(
            description=phrases.get(report.constraint, report.description),
            binds=report.binds,
            cost=report.cost_sentence(),
        )
        for report in output.plan.constraints
    )


def _adopt_calendar(session: Session, name: str, start_date: date, results: Results) -> AdoptedPlan:
    """The document of a calendar plan (see the module docstring)."""
    inputs = session.inputs
    args = calendar_args(inputs)
    assert args is not None
    try:
        planned = plan_weekly_calendar(ToolContext(inputs=inputs, results=results), args)
    except ToolError as error:
        raise AdoptionError(f"the conversation's calendar cannot be made: {error}") from None
    view, result = planned.view, planned.artifact
    assert isinstance(view, CalendarView)
    assert isinstance(result, CalendarResult)
    fixed = _at_calendar_totals(inputs, result)
    try:
        output = results.plan(fixed)
        model = results.model(fixed)
        plan_view = current_plan_view(results, fixed)
    except ToolError as error:
        raise AdoptionError(f"the calendar's totals cannot be evaluated: {error}") from None
    plan = output.plan
    weekly = [
        PlannedWeek(
            week_start=week.week.date(),
            channel=c.name,
            spend=week.spend[c.name],
            outcome=c.expected.estimate * share,
            outcome_low=c.expected.low * share,
            outcome_high=c.expected.high * share,
        )
        for c in plan.channels
        for week, share in zip(result.weeks, _weekly_shares(result, c.name), strict=True)
    ]
    first = result.weeks[0].week.date()
    moved = (
        []
        if first == start_date
        else [f"the plan's weeks are the calendar's, from {first:%Y-%m-%d} (not {start_date})"]
    )
    return AdoptedPlan(
        name=name,
        start_date=first,
        weeks=len(result.weeks),
        budget=plan.total_spend,
        currency=plan.currency,
        outcome_name=plan.outcome_name,
        allocation=tuple(
            PlannedChannel(
                channel=c.name,
                current_spend=c.current,
                planned_spend=c.recommended,
                expected_outcome=c.expected.estimate,
                expected_low=c.expected.low,
                expected_high=c.expected.high,
            )
            for c in plan.channels
        ),
        expected_outcome=plan.expected.estimate,
        expected_low=plan.expected.low,
        expected_high=plan.expected.high,
        rules=tuple(
            PlanRule(description=r.rule, binds=r.binds, cost=_calendar_cost(r.cost, view))
            for r in view.rules
        ),
        assumptions=(*moved, *view.assumptions, *view.notes, *model.notes),
        model=ModelSource(
            source=model.source,
            outcome_name=plan.outcome_name,
            history_file=inputs.history.path if inputs.history else None,
        ),
        plan=plan_view,
        session=session.model_copy(deep=True),
        calendar=view,
        weekly=tuple(weekly),
    )


def _at_calendar_totals(inputs: PlanInputs, result: CalendarResult) -> PlanInputs:
    """The inputs whose plan is the calendar's total per channel over its weeks: each channel
    held at it (the calendar already kept the conversation's rules, week by week)."""
    held = tuple(
        QuotedConstraint(
            ChannelBound(name, minimum=Amount(total), maximum=Amount(total)),
            f"the weekly calendar's total for {name}",
        )
        for name, total in result.channel_totals.items()
    )
    return inputs.model_copy(
        update={
            "horizon_weeks": len(result.weeks),
            "budget": sum(result.channel_totals.values()),
            "budget_mode": "exact",
            "constraints": held,
            "preferences": inputs.preferences.model_copy(update={"max_change": None}),
        }
    )


def _weekly_shares(result: CalendarResult, channel: str) -> list[float]:
    """Each week's share of a channel's outcome: of the media the calendar's forecast gives it
    (its spend's lag and carryover in), or of its spend when the forecast gives it none."""
    media = [max(w.channel_media.get(channel, 0.0), 0.0) for w in result.forecast.weeks]
    pace = media if sum(media) > 0 else [w.spend[channel] for w in result.weeks]
    total = sum(pace)
    return [value / total if total > 0 else 1.0 / len(pace) for value in pace]


def _calendar_cost(cost: OutcomeAmount | None, view: CalendarView) -> str:
    if cost is None:
        return "not costed"
    return f"costs {float(cost):,.0f} {view.kpi.name} against the calendar without it"
