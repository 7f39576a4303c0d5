"""Forecast and weekly-calendar tools over a weekly-history fit: a dated period ("Q1 2027",
"the next 13 weeks", "H1 by month"), the KPI the CMO means, carryover in and out of the
period, and pacing rules."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import pandas as pd
from pydantic import BaseModel, Field

from model_engine.datasets import WeeklyHistory
from model_engine.forecasting import PeriodForecaster, SpendPlan
from model_engine.funnel_statements import read_funnel_statements, stated_kpi
from model_engine.kpi import Kpi, parse_kpi_goal
from model_engine.mmm import HistoryFit
from model_engine.money import currency_symbol, format_money
from model_engine.optimizer.calendar import (
    CalendarConflictError,
    CalendarDefectError,
    CalendarRequest,
    DarkWeeks,
    Loading,
    MaxWeeklyChange,
    MinWeeklySpend,
    PacingRule,
    plan_calendar,
)
from model_engine.periods import PlanningWeeks, consecutive_weeks, parse_period_phrase
from tools.context import ToolContext, ToolOutcome
from tools.state import CalendarPlan, PlanInputs, ToolError
from tools.views.calendar import calendar_view, forecast_view

LOG = logging.getLogger(__name__)


class PeriodArgs(BaseModel):
    period: str | None = Field(
        None,
        description="The period in the CMO's words: 'Q1 2027', 'next quarter', 'H1 by month', "
        "'the next two quarters'. Omit to plan the next `weeks` weeks after the history.",
    )
    weeks: int | None = Field(
        None, gt=0, le=104, description="Weeks to plan when no period is named."
    )
    budget: float | None = Field(
        None, gt=0, description="Total budget over the period (default: the conversation's)."
    )
    kpi: str | None = Field(
        None, description="The KPI in the CMO's words ('qualified pipeline', 'SQLs')."
    )


class CalendarArgs(PeriodArgs):
    max_weekly_change: float | None = Field(
        None, ge=0, description="Largest week-to-week change of a channel's spend (0.2 = 20%)."
    )
    min_weekly_spend: float | None = Field(
        None, ge=0, description="Smallest spend of every channel in every week."
    )
    dark_weeks: list[date] = Field(
        default_factory=list, description="Week starts with no spend on any channel."
    )
    front_load: float | None = Field(
        None, gt=0, le=1, description="Share of the budget in the first half of the period."
    )
    back_load: float | None = Field(
        None, gt=0, le=1, description="Share of the budget in the second half of the period."
    )


@dataclass(frozen=True)
class _Period:
    weeks: PlanningWeeks
    label: str
    part_budgets: dict[str, float] | None
    budget: float
    budget_note: str | None


def plan_weekly_calendar(context: ToolContext, args: CalendarArgs) -> ToolOutcome:
    """Plan a dated period week by week from a weekly-history model: per channel and week the
    spend that maximises the period's KPI given trend and seasonality, carryover from spend
    already made and into the weeks after, and pacing rules (maximum week-to-week change,
    minimum weekly spend, dark weeks, front- or back-loading); monthly totals alongside, the
    forecast of the calendar with 90% intervals, and the KPI optimised named with how it was
    derived."""
    fit, history = _history(context)
    kpi = _kpi(fit, args.kpi, context.inputs)
    period = _period(fit, context.inputs, args)
    names = fit.channel_names
    try:
        request = CalendarRequest(
            budget=period.budget,
            weeks=period.weeks,
            part_budgets=period.part_budgets,
            constraints=tuple(q.constraint for q in context.inputs.constraints),
            pacing=_pacing(args),
            channel_values={} if kpi.is_identity else kpi.channel_values(names),
        )
        result = plan_calendar(PeriodForecaster(fit, history), request)
    except CalendarConflictError as error:
        raise ToolError(str(error), kind="infeasible") from error
    except CalendarDefectError as defect:
        LOG.error("calendar postcondition failed (%s)", defect)
        raise ToolError(defect.honest_message()) from defect
    except ValueError as error:
        raise ToolError(str(error)) from error
    view = calendar_view(result, kpi, period=period.label)
    if period.budget_note is not None:
        view = view.model_copy(update={"notes": [period.budget_note, *view.notes]})
    return ToolOutcome(view, result, _planned_inputs(context.inputs, args, period))


def calendar_args(inputs: PlanInputs) -> CalendarArgs | None:
    """The calendar the conversation last planned, as the tool's arguments over today's
    inputs (their budget and weeks); ``None`` when it planned none."""
    plan = inputs.calendar
    if plan is None:
        return None
    return CalendarArgs(
        period=plan.period,
        weeks=inputs.horizon_weeks,
        budget=None if inputs.budget is None else inputs.budget / plan.parts,
        kpi=plan.kpi,
        max_weekly_change=plan.max_weekly_change,
        min_weekly_spend=plan.min_weekly_spend,
        dark_weeks=list(plan.dark_weeks),
        front_load=plan.front_load,
        back_load=plan.back_load,
    )


def _planned_inputs(inputs: PlanInputs, args: CalendarArgs, period: _Period) -> PlanInputs:
    """The conversation after the calendar: its budget (the whole period's) and weeks are the
    calendar's, so a follow-up ("now with 10% less") works on them, and the calendar's period
    and pacing are kept for adopting it. A budget nobody gave (the run-rate) is not set."""
    parts = len(period.part_budgets) if period.part_budgets else 1
    return inputs.model_copy(
        update={
            "budget": inputs.budget if period.budget_note is not None else period.budget,
            "horizon_weeks": period.weeks.n_weeks,
            "calendar": CalendarPlan(
                period=args.period,
                kpi=args.kpi,
                parts=parts,
                max_weekly_change=args.max_weekly_change,
                min_weekly_spend=args.min_weekly_spend,
                dark_weeks=tuple(args.dark_weeks),
                front_load=args.front_load,
                back_load=args.back_load,
            ),
        }
    )


def forecast_period(context: ToolContext, args: PeriodArgs) -> ToolOutcome:
    """Forecast a dated period from a weekly-history model with today's channel mix at its
    run-rate (scaled to the budget when one is given): week by week the expected outcome with
    its 90% interval, split into baseline (trend, seasonality, controls and events as in the
    same weeks of the history's last year) and media, the carryover of spend already made
    flowing in."""
    fit, history = _history(context)
    kpi = _kpi(fit, args.kpi, context.inputs)
    if not kpi.is_identity:
        raise ToolError(
            f"A forecast is in the model's outcome ({fit.target}); ask for a calendar to plan "
            f"for {kpi.name}."
        )
    period = _period(fit, context.inputs, args)
    run_rate = {c.name: c.recent_weekly_spend for c in fit.channels}
    weekly_total = sum(run_rate.values())
    scale = 1.0
    described = "today's mix at its run-rate"
    if (args.budget or context.inputs.budget) is not None and weekly_total > 0:
        scale = period.budget / (weekly_total * period.weeks.n_weeks)
        described = (
            f"today's mix scaled to {format_money(period.budget, fit.currency)} over the period"
        )
    spend = pd.DataFrame(
        {name: [amount * scale] * period.weeks.n_weeks for name, amount in run_rate.items()},
        index=period.weeks.starts,
    )
    try:
        forecast = PeriodForecaster(fit, history).forecast(SpendPlan(spend))
    except ValueError as error:
        raise ToolError(str(error)) from error
    return ToolOutcome(
        forecast_view(forecast, kpi, period=period.label, spend_plan=described), forecast
    )


def _history(context: ToolContext) -> tuple[HistoryFit, WeeklyHistory]:
    inputs = context.inputs
    if inputs.history is None:
        raise ToolError(
            "A forecast and a weekly calendar need a weekly history (a date column and spend per "
            "channel per week): upload one as CSV or XLSX. One quarter of totals has no weeks to "
            "plan."
        )
    fit = context.results.fit(inputs)
    assert isinstance(fit, HistoryFit)
    if not (fit.usable_for_planning or inputs.insist_on_unreliable_model):
        raise ToolError(
            "The history model is not reliable enough to plan from "
            f"({fit.verdict.headline}). Say 'use it anyway' to plan from it regardless, or add "
            "more weeks of data."
        )
    return fit, context.results.history_load(inputs).history


def _kpi(fit: HistoryFit, words: str | None, inputs: PlanInputs) -> Kpi:
    """The KPI ``words`` name, with the funnel figures stated in them or earlier in the
    conversation (``PlanInputs.kpi_statements``): the goal said last ("maximise qualified
    pipeline"), else the KPI the words name anywhere ("SQLs")."""
    text = ". ".join((*inputs.kpi_statements, words or ""))
    statements = read_funnel_statements(text)
    if statements.goal is None and words:
        statements = read_funnel_statements(text, goal=parse_kpi_goal(words))
    return stated_kpi(
        statements,
        fit.target,
        fit.outcome_unit,
        channels=fit.channel_names,
        currency_symbol=currency_symbol(fit.currency),
    )


def _period(fit: HistoryFit, inputs: PlanInputs, args: PeriodArgs) -> _Period:
    after = (fit.last_week + pd.Timedelta(days=6)).date()
    spec = None
    if args.period:
        try:
            spec = parse_period_phrase(args.period, after=after)
        except ValueError as error:
            raise ToolError(f"{args.period!r}: {error}") from error
    if spec is not None:
        weeks = spec.weeks(fit.last_week)
        label = spec.describe()
    else:
        n_weeks = args.weeks or inputs.horizon_weeks
        weeks = consecutive_weeks(fit.last_week + pd.Timedelta(days=7), n_weeks)
        label = f"the {n_weeks} weeks from {weeks.starts[0]:%Y-%m-%d}"
    if weeks.n_weeks == 0:
        raise ToolError(f"{label} has no weeks after the history's last week to plan.")
    budget = args.budget or inputs.budget
    note = None
    if budget is None:
        budget = sum(c.recent_weekly_spend for c in fit.channels) * weeks.n_weeks
        note = (
            "No budget was given, so this plans today's run-rate: "
            f"{format_money(budget, fit.currency)} over {weeks.n_weeks} weeks."
        )
    part_budgets = None
    if spec is not None and spec.budget_split == "per_part":
        part_budgets = dict.fromkeys(weeks.part_labels, budget)
        budget = budget * len(weeks.part_labels)
    return _Period(weeks, label, part_budgets, budget, note)


def _pacing(args: CalendarArgs) -> tuple[PacingRule, ...]:
    rules: list[PacingRule] = []
    if args.max_weekly_change is not None:
        rules.append(MaxWeeklyChange(args.max_weekly_change))
    if args.min_weekly_spend is not None:
        rules.append(MinWeeklySpend(args.min_weekly_spend))
    if args.dark_weeks:
        rules.append(DarkWeeks(tuple(args.dark_weeks)))
    if args.front_load is not None:
        rules.append(Loading("front", args.front_load))
    if args.back_load is not None:
        rules.append(Loading("back", args.back_load))
    return tuple(rules)
