"""Forecast a dated future period from a weekly history and a spend plan.

Fits the history (as `budgetmix fit` does), then forecasts the weeks of PLANNED.csv, which has
the history's date column and one spend column per channel for the weeks right after the
history (controls and events too, if known; otherwise each takes its value in the same week
of the history's last year, and the interval adds that assumption's error on the history).
Per week: the expected outcome with its 90% prediction interval, split into baseline (trend,
season, controls) and media (including the carryover of spend already made).
"""

from __future__ import annotations

import argparse
import time

from assistant.cli.errors import CliError
from assistant.cli.history_args import add_history_arguments, load_named_history
from assistant.cli.json_output import print_document
from model_engine.forecasting import PeriodForecaster, read_plan_file
from model_engine.intake import IntakeError
from model_engine.mmm import MarketingMixModel
from tools.views.documents.forecast import forecast_document


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_history_arguments(parser)
    parser.add_argument(
        "--spend",
        metavar="PLANNED.csv",
        required=True,
        help="planned weekly spend per channel for the weeks after the history",
    )
    parser.add_argument("--seed", metavar="N", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--json", action="store_true", help="print the forecast as JSON")


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    loaded = load_named_history(args)
    try:
        fit = MarketingMixModel(seed=args.seed).fit(loaded.history).result_
    except ValueError as error:
        raise CliError(f"cannot fit {args.data}: {error}") from None
    try:
        planned = read_plan_file(args.spend, fit, date=loaded.detection.date_column)
    except IntakeError as error:
        raise CliError(f"cannot use the plan {args.spend}:\n{error}") from None
    try:
        forecast = PeriodForecaster(fit, loaded.history, seed=args.seed).forecast(planned.plan)
    except ValueError as error:
        raise CliError(f"cannot forecast {args.spend}: {error}") from None
    seconds = time.perf_counter() - started
    if args.json:
        print_document(forecast_document(forecast, fit, planned, seconds))
    else:
        print(planned.describe())
        print(f"Model: {fit.verdict.headline} (holdout MAPE {fit.metrics.holdout_mape:.1f}%)")
        print()
        print(forecast.summary())
    return 0
