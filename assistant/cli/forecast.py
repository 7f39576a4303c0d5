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
from typing import Any

from assistant.cli.errors import CliError
from assistant.cli.history_args import add_history_arguments, load_named_history
from assistant.cli.json_output import print_json
from model_engine.forecasting import PeriodForecast, PeriodForecaster, PlanFile, read_plan_file
from model_engine.intake import IntakeError
from model_engine.mmm import HistoryFit, MarketingMixModel


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
        print_json(as_json(forecast, fit, planned, seconds))
    else:
        print(planned.describe())
        print(f"Model: {fit.verdict.headline} (holdout MAPE {fit.metrics.holdout_mape:.1f}%)")
        print()
        print(forecast.summary())
    return 0


def as_json(
    forecast: PeriodForecast, fit: HistoryFit, planned: PlanFile, seconds: float
) -> dict[str, Any]:
    """The ``--json`` document: ``weeks`` as the contract says, then context."""
    return {
        "weeks": [
            {
                "week": f"{w.week:%Y-%m-%d}",
                "expected": w.expected,
                "low": w.low,
                "high": w.high,
                "baseline": w.baseline,
                "media": w.media,
            }
            for w in forecast.weeks
        ],
        "target": forecast.target,
        "interval_level": forecast.level,
        "interval_kind": forecast.interval_kind,
        "total": {
            "expected": forecast.total.estimate,
            "low": forecast.total.low,
            "high": forecast.total.high,
            "baseline": forecast.baseline_total,
            "media": forecast.media_total,
            "carryover_in": forecast.carryover_in_total,
            "carryover_out": forecast.carryover_out,
            "spend": forecast.spend_total,
        },
        "carryover_in": [
            {"week": f"{w.week:%Y-%m-%d}", "media": w.carryover_in} for w in forecast.weeks
        ],
        "assumptions": list(forecast.assumptions),
        "plan": {"supplied": list(planned.supplied), "ignored": list(planned.ignored)},
        "model": {
            "holdout_mape": fit.metrics.holdout_mape,
            "usable_for_planning": fit.usable_for_planning,
            "verdict": fit.verdict.headline,
        },
        "seconds": seconds,
    }
