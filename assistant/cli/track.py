"""Track weekly actuals against an adopted plan.

``ACTUALS`` is a CSV with one row per week and channel (``week,channel,spend,outcome``) or one
row per week (``week, <channel> spend, <channel> outcome, ...``). The actuals are stored with
the plan (a week given again replaces the earlier figures) and every stored week is tracked:
per channel the actual outcome against the predicted one with its 90% interval, spend against
plan, and an alert when the outcome leaves the band or deviates beyond the threshold (default
±15%), with the likely reason (it spent differently, or responded differently). Then the
remaining weeks are re-planned with the remaining budget. ``--json`` prints
``{weeks_tracked, channels: {name: {actual_outcome, predicted_outcome, predicted_low,
predicted_high, actual_spend, planned_spend, deviation_pct, alert, reason}}, alerts: [...],
replan: <plan>}``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.cli.errors import CliError
from assistant.cli.json_output import print_document
from assistant.cli.plans import find_plan
from assistant.cli.storage import add_user_argument, open_configured_storage, owned_storage
from assistant.tracking.book import REPLAN_NAME, TrackingError, track_file
from assistant.tracking.replan import Replan
from model_engine.tracking import DEFAULT_THRESHOLD, TrackingResult
from tools.views.documents.base import exact_each
from tools.views.documents.tracking import (
    AlertLine,
    ReplanSummaryLine,
    TrackDocument,
    TrackedChannelLine,
)
from tools.views.plan import plan_view
from tools.views.units import Money, OutcomeAmount, Percent


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the adopted plan")
    parser.add_argument("actuals", metavar="ACTUALS.csv", type=Path)
    parser.add_argument(
        "--threshold",
        metavar="PCT",
        type=float,
        default=DEFAULT_THRESHOLD * 100,
        help=f"alert beyond this deviation, in percent (default {DEFAULT_THRESHOLD * 100:g}%%)",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    add_user_argument(parser)


def run(args: argparse.Namespace) -> int:
    if not 0 < args.threshold < 1000:
        raise CliError(f"--threshold is a percentage such as 15 (got {args.threshold:g})")
    storage = open_configured_storage()
    try:
        mine = owned_storage(storage, args.user)
        record = find_plan(mine, args.name)
        try:
            tracked = track_file(mine, record, args.actuals, args.threshold / 100)
        except TrackingError as error:
            raise CliError(str(error)) from None
    finally:
        storage.close()
    result, replan = tracked.result, tracked.replan
    if args.json:
        print_document(_document(result, replan))
    else:
        print(_describe(record.name, result, replan))
    return 0


def _document(result: TrackingResult, replan: Replan | None) -> TrackDocument:
    return TrackDocument(
        weeks_tracked=result.weeks_tracked,
        threshold_pct=Percent.exact(result.threshold * 100),
        channels={
            c.channel: TrackedChannelLine(
                actual_outcome=OutcomeAmount.exact(c.actual_outcome),
                predicted_outcome=OutcomeAmount.exact(c.predicted.estimate),
                predicted_low=OutcomeAmount.exact(c.predicted.low),
                predicted_high=OutcomeAmount.exact(c.predicted.high),
                actual_spend=Money.exact(c.actual_spend),
                planned_spend=Money.exact(c.planned_spend),
                deviation_pct=None if c.deviation is None else Percent.exact(c.deviation * 100),
                alert=c.alert,
                reason=c.reason,
            )
            for c in result.channels
        },
        alerts=[
            AlertLine(
                channel=c.channel,
                deviation_pct=None if c.deviation is None else Percent.exact(c.deviation * 100),
                reason=c.reason,
                message=c.explanation(),
            )
            for c in result.alerts
        ],
        replan=None
        if replan is None or replan.output is None
        else plan_view(replan.output, REPLAN_NAME),
        replan_summary=None
        if replan is None
        else ReplanSummaryLine(
            remaining_weeks=replan.remaining_weeks,
            remaining_budget=Money.exact(replan.remaining_budget),
            money_moved=Money.exact(replan.money_moved),
            moves=exact_each(replan.moves(), Money),
            message=replan.sentence(),
        ),
    )


def _describe(name: str, result: TrackingResult, replan: Replan | None) -> str:
    lines = [
        f"{name}: {result.weeks_tracked} week(s) tracked, {len(result.alerts)} alert(s) "
        f"(threshold ±{result.threshold:.0%})"
    ]
    lines += [f"- {c.explanation()}" for c in result.channels]
    if replan is not None:
        lines += ["", replan.sentence()]
    return "\n".join(lines)
