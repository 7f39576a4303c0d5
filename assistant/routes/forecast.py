"""The forecast and calendar route: "Plan Q1 2027", "forecast next quarter", "spread $2M over
the next 13 weeks" answered with the weekly calendar (spend per channel and week), its
forecast with 90% intervals, monthly totals and the KPI it optimised, named. Pacing rules said
in the message ("no more than 20% week-to-week change", "front-load 60%") shape the calendar.

After a calendar, :func:`follow_up` re-plans the calendar, not the totals, when a message only
changes the budget ("now with 10% less") or only states funnel rates ("MQL to SQL is 30% and
SQL to won is 20%"): the same period, pacing rules and KPI words, with the new budget or the
KPI those rates make."""

from __future__ import annotations

import re

from assistant.intents import Routing
from assistant.narrative import render
from assistant.routes.base import PlannerTurn, ask_for, tool_error
from assistant.routes.pacing import budget_change_said, read_pacing
from assistant.turn import TurnResult
from model_engine.funnel_statements import read_funnel_statements
from model_engine.intake import ParsedMessage
from model_engine.intake.text.cues import Ask
from model_engine.intake.text.mentions import find_number_mentions
from tools.calendar import CalendarArgs, PeriodArgs, calendar_args
from tools.data import ParseDataArgs
from tools.views.calendar import CalendarView, ForecastView

_FORECAST_ONLY = re.compile(r"\bforecast", re.IGNORECASE)
_WEEKS = re.compile(r"\b(\d{1,3})\s*weeks?\b", re.IGNORECASE)
_MONEY = re.compile(r"[$€£]|\b(?:usd|eur|gbp)\b", re.IGNORECASE)
_HISTORY_EXAMPLES = (
    "an uploaded weekly history (CSV or XLSX): a date column, spend per channel, the outcome",
    "a pasted weekly table with the same columns",
)


def answer(turn: PlannerTurn, routing: Routing) -> TurnResult:
    del routing
    inputs = turn.context.inputs
    if inputs.history is None:
        return ask_for(
            turn,
            "A forecast and a weekly calendar are planned from a weekly history (one quarter of "
            "totals has no weeks to plan). Give me one of these:",
            _HISTORY_EXAMPLES,
        )
    parsed = _parsed(turn)
    period = PeriodArgs(
        period=turn.message,
        weeks=parsed.budget_period_weeks or _stated_weeks(turn.message),
        budget=parsed.budget or _spread_amount(turn.message),
        kpi=turn.message,
    )
    pacing = read_pacing(turn.message)
    arguments = CalendarArgs(
        **period.model_dump(),
        max_weekly_change=pacing.max_weekly_change,
        min_weekly_spend=pacing.min_weekly_spend,
        dark_weeks=pacing.dark_weeks,
        front_load=pacing.front_load,
        back_load=pacing.back_load,
    )
    return calendar_reply(turn, arguments, period)


def follow_up(turn: PlannerTurn) -> TurnResult | None:
    """The re-planned calendar when the conversation planned one and the message only changes
    the budget or only states funnel rates; ``None`` for anything else (which is routed as
    usual)."""
    inputs = turn.context.inputs
    last = calendar_args(inputs)
    if last is None or inputs.history is None or turn.files:
        return None
    said_change = budget_change_said(turn.message)
    funnel = read_funnel_statements(turn.message)
    if said_change is None and funnel.empty:
        return None
    parsed = _parsed(turn)
    if (
        parsed.snapshot is not None
        or parsed.constraints
        or parsed.unread
        or parsed.errors
        or parsed.cues.has(Ask.WHAT_IF)  # a what-if changes nothing: it stays a scenario
    ):
        return None  # more than a budget change or the funnel: read and routed as usual
    changes = parsed.budget_changes or ((said_change,) if said_change is not None else ())
    if len(changes) > 1 or (parsed.budget is not None and not changes):
        return None
    if not changes:  # the funnel rates alone: kept with the inputs, then the same calendar
        kept = turn._call("parse_marketing_data", ParseDataArgs(text=turn.message))
        if not kept.ok:
            return tool_error(turn, kept)
        arguments = calendar_args(turn.context.inputs)
        assert arguments is not None
        return calendar_reply(turn, arguments, _period_of(arguments))
    change = changes[0]
    budget = inputs.budget
    if budget is None:  # the calendar planned today's run-rate: the change applies to it
        run_rate = turn._call("plan_weekly_calendar", last, preview=True)
        if not run_rate.ok:
            return tool_error(turn, run_rate)
        assert isinstance(run_rate.view, CalendarView)
        budget = float(run_rate.view.budget)
    changed = change.apply(budget)
    if changed <= 0:
        return turn.result("clarify", f"{change.phrase!r} leaves no budget to plan.")
    parts = inputs.calendar.parts if inputs.calendar is not None else 1
    arguments = last.model_copy(update={"budget": changed / parts})
    said = f"The same calendar with {change.describe()}."
    turn.intro = " ".join(part for part in (turn.intro, said) if part)
    return calendar_reply(turn, arguments, _period_of(arguments))


def _period_of(arguments: CalendarArgs) -> PeriodArgs:
    return PeriodArgs(
        period=arguments.period, weeks=arguments.weeks, budget=arguments.budget, kpi=arguments.kpi
    )


def calendar_reply(turn: PlannerTurn, arguments: CalendarArgs, period: PeriodArgs) -> TurnResult:
    """Plan the calendar ``arguments`` ask for and write the reply (with today's run-rate
    forecast of ``period`` beside it when the message asks for a forecast)."""
    planned = turn._call("plan_weekly_calendar", arguments)
    if not planned.ok:
        return tool_error(turn, planned)
    calendar = planned.view
    assert isinstance(calendar, CalendarView)
    run_rate: ForecastView | None = None
    if _FORECAST_ONLY.search(turn.message) and calendar.kpi.name == calendar.kpi.model_outcome:
        forecast = turn._call("forecast_period", period)
        if forecast.ok:
            assert isinstance(forecast.view, ForecastView)
            run_rate = forecast.view
    reply = render(
        "calendar",
        intro=turn.intro,
        calendar=calendar,
        forecast=calendar.forecast,
        run_rate=run_rate,
        units=calendar.units,
    )
    return turn.result("forecast", reply)


def _parsed(turn: PlannerTurn) -> ParsedMessage:
    """The budget and horizon the message states ("$2M over the next 13 weeks"); nothing
    else it says becomes an input here."""
    record = turn._call("parse_marketing_data", ParseDataArgs(text=turn.message), preview=True)
    parsed = record.artifact
    return parsed if isinstance(parsed, ParsedMessage) else ParsedMessage()


def _stated_weeks(message: str) -> int | None:
    """ "over the next 13 weeks": the weeks a message names when intake read no budget period."""
    found = _WEEKS.search(message)
    return int(found.group(1)) if found and int(found.group(1)) > 0 else None


def _spread_amount(message: str) -> float | None:
    """The one amount of money in "spread $2M over the next 13 weeks", which intake reads as no
    budget (no budget word); none when the message has several or none."""
    amounts = [
        m.value
        for m in find_number_mentions(message)
        if not m.is_percent and _MONEY.search(m.text) and m.value > 0
    ]
    return amounts[0] if len(amounts) == 1 else None
