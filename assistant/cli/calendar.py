"""``budgetmix optimize --calendar``: a weekly calendar instead of one total per channel.

Pacing flags (all optional): --max-weekly-change PCT, --min-weekly [CH=]AMOUNT, --dark
YYYY-MM-DD (a week without spend; CH@YYYY-MM-DD for one channel), --event CH=AMOUNT@YYYY-MM-DD,
--front-load PCT / --back-load PCT (share of the budget in the first or last half), and
--carryover-out counted|ignored. --period "Q1-Q2 2027 per quarter" plans the weeks of a period
phrase instead of --weeks from --start; "per quarter"/"a month" makes --budget each part's.
--data gives the history the model was fitted on: exact carryover in and prediction intervals.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

import pandas as pd

from assistant.cli.errors import CliError
from assistant.cli.json_output import print_document
from model_engine.constraints import Constraint
from model_engine.forecasting import PeriodForecaster
from model_engine.intake import IntakeError, load_history
from model_engine.mmm import HistoryFit, load_fitted_model
from model_engine.optimizer.calendar import (
    CalendarDefectError,
    CalendarRequest,
    DarkWeeks,
    FixedSpend,
    Loading,
    MaxWeeklyChange,
    MinWeeklySpend,
    PacingRule,
    plan_calendar,
)
from model_engine.periods import PlanningWeeks, consecutive_weeks, parse_period_phrase
from tools.views.documents.calendar import calendar_document


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("weekly calendar (with --calendar)")
    group.add_argument("--calendar", action="store_true", help="plan spend week by week")
    group.add_argument(
        "--start", metavar="YYYY-MM-DD", help="first week (default: after the model)"
    )
    group.add_argument("--period", metavar="PHRASE", help='e.g. "Q1 2027", "H1 by month"')
    group.add_argument("--data", metavar="DATA", help="the history the model was fitted on")
    group.add_argument("--max-weekly-change", type=float, metavar="PCT")
    group.add_argument("--min-weekly", action="append", default=[], metavar="[CH=]AMOUNT")
    group.add_argument("--dark", action="append", default=[], metavar="[CH@]YYYY-MM-DD")
    group.add_argument("--event", action="append", default=[], metavar="CH=AMOUNT@YYYY-MM-DD")
    group.add_argument("--front-load", type=float, metavar="PCT")
    group.add_argument("--back-load", type=float, metavar="PCT")
    group.add_argument("--carryover-out", choices=("counted", "ignored"), default="counted")


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(f"{option} {text!r}: write the date as YYYY-MM-DD") from None


def _pacing(args: argparse.Namespace, fit: HistoryFit) -> tuple[PacingRule, ...]:
    from assistant.cli.optimize import parse_amount

    known = {n.casefold(): n for n in fit.channel_names}

    def channel(name: str, option: str) -> str:
        if name.strip().casefold() not in known:
            raise CliError(
                f"{option} names an unknown channel {name.strip()!r}; known channels: "
                f"{', '.join(fit.channel_names)}"
            )
        return known[name.strip().casefold()]

    rules: list[PacingRule] = []
    if args.max_weekly_change is not None:
        if args.max_weekly_change < 0:
            raise CliError("--max-weekly-change must be a percentage >= 0, e.g. 20")
        rules.append(MaxWeeklyChange(args.max_weekly_change / 100.0))
    for text in args.min_weekly:
        name, separator, amount = text.rpartition("=")
        channels = (channel(name, "--min-weekly"),) if separator else None
        rules.append(MinWeeklySpend(parse_amount(amount).value, channels))
    for text in args.dark:
        name, separator, day = text.rpartition("@")
        channels = (channel(name, "--dark"),) if separator else None
        rules.append(DarkWeeks((_date(day, "--dark"),), channels))
    for text in args.event:
        name, separator, rest = text.partition("=")
        amount, at, day = rest.rpartition("@")
        if not separator or not at:
            raise CliError(f"--event {text!r}: write CHANNEL=AMOUNT@YYYY-MM-DD")
        rules.append(
            FixedSpend(channel(name, "--event"), _date(day, "--event"), parse_amount(amount).value)
        )
    for value, direction in ((args.front_load, "front"), (args.back_load, "back")):
        if value is not None:
            if not 0 < value <= 100:
                raise CliError(f"--{direction}-load must be a percentage between 0 and 100")
            rules.append(Loading(direction, value / 100.0))  # type: ignore[arg-type]
    return tuple(rules)


def _weeks(
    args: argparse.Namespace, fit: HistoryFit
) -> tuple[PlanningWeeks, dict[str, float] | None]:
    from assistant.cli.optimize import parse_amount

    budget = parse_amount(args.budget).value
    after = fit.last_week + pd.Timedelta(days=6)
    if args.period:
        try:
            spec = parse_period_phrase(args.period, after=after.date())
        except ValueError as error:
            raise CliError(f"--period {args.period!r}: {error}") from None
        if spec is None:
            raise CliError(f"--period {args.period!r}: no period found; try e.g. 'Q1 2027'")
        weeks = spec.weeks(fit.last_week)
        if spec.budget_split == "per_part":
            return weeks, dict.fromkeys(weeks.part_labels, budget)
        return weeks, None
    start = fit.last_week + pd.Timedelta(days=7)
    if args.start:
        requested = pd.Timestamp(_date(args.start, "--start"))
        # Weeks keep the history's weekday: the first week is the one starting on or after it.
        shift = (requested - start).days
        start = start + pd.Timedelta(days=7 * -(-shift // 7))
    return consecutive_weeks(start, args.weeks), None


def run(args: argparse.Namespace, constraints: tuple[Constraint, ...]) -> int:
    """Plan the calendar (``args`` as parsed by ``budgetmix optimize``)."""
    if args.model is None:
        raise CliError(
            "--calendar needs a model fitted on a weekly history (--model): curves of one "
            "response per period have no weeks to plan"
        )
    from assistant.cli.optimize import parse_amount

    try:
        fit = load_fitted_model(args.model)
    except ValueError as error:
        raise CliError(str(error)) from None
    history = None
    if args.data:
        try:
            history = load_history(
                args.data, target=fit.target, channels=list(fit.channel_names)
            ).history
        except IntakeError as error:
            raise CliError(f"cannot use {args.data}:\n{error}") from None
    weeks, part_budgets = _weeks(args, fit)
    budget = parse_amount(args.budget).value
    total = sum(part_budgets.values()) if part_budgets else budget
    objective = args.objective
    started = time.perf_counter()
    try:
        request = CalendarRequest(
            budget=total,
            weeks=weeks,
            part_budgets=part_budgets,
            constraints=constraints,
            pacing=_pacing(args, fit),
            objective=objective,
            value_per_outcome=args.value_per_outcome or 1.0,
            budget_mode="at_most" if objective == "profit" else "exact",
            carryover_out=args.carryover_out,
        )
        forecaster = PeriodForecaster(fit, history)
        result = plan_calendar(forecaster, request)
    except CalendarDefectError as defect:
        raise CliError(defect.honest_message()) from None
    except ValueError as error:
        raise CliError(str(error)) from None
    seconds = time.perf_counter() - started
    if args.json:
        print_document(calendar_document(result, seconds))
    else:
        print(result.summary())
        print(f"solved in {seconds:.3f} s")
    return 0
