"""Attribute conversions to channels from customer journeys, with every model side by side.

FILE is a path table (path,conversions,nulls with paths like "search > email", the
ChannelAttribution format; or path,conversions,value) or event rows (user_id,timestamp,channel
with optional converted and value), as CSV, TSV or XLSX. The models: first touch, last touch,
linear, time decay, position-based (40/20/40), Markov removal effects and Shapley values. The
report says which channels last touch under- and over-credits against the data-driven
reference, and what a budget split by last-touch credit would move. With --model (a file
written by `budgetmix fit --save`) the attribution shares are shown beside the mix model's
incremental contribution shares; plans keep using the increments.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from assistant.cli.errors import CliError
from assistant.cli.json_output import print_document
from model_engine.attribution import attribute, read_journeys, reconcile
from model_engine.attribution.rules import DecayUnit
from model_engine.intake import IntakeError
from model_engine.intake.files.values import MAX_MAGNITUDE
from model_engine.intake.numbers import read_cell
from model_engine.mmm import HistoryFit, load_fitted_model
from tools.views.documents.attribution import attribution_document

_HALF_LIFE = re.compile(
    r"^\s*(?P<amount>\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>h|hours?|d|days?|w|weeks?|t|touch(?:es)?)?\s*$",
    re.IGNORECASE,
)
_DAYS_PER_UNIT = {"h": 1 / 24, "d": 1.0, "w": 7.0}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="journeys: CSV, TSV or XLSX")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--order",
        metavar="K",
        type=int,
        default=1,
        help="order of the Markov chain: a state is the last K channels touched (default 1)",
    )
    parser.add_argument(
        "--half-life",
        metavar="H",
        help="time-decay half-life: '7d', '36h', '2w' or '3t' (touches); a bare number is days "
        "for event rows and touches for path tables (default 7 days / 2 touches)",
    )
    parser.add_argument(
        "--reference",
        choices=("markov", "shapley"),
        default="markov",
        help="the data-driven model last touch is judged against (default markov)",
    )
    parser.add_argument(
        "--budget",
        metavar="AMOUNT",
        help="a budget (e.g. 1.2M) to express what following last touch would move in money",
    )
    parser.add_argument(
        "--model",
        metavar="MODEL.json",
        type=Path,
        help="a mix model saved by `budgetmix fit --save`, to reconcile attribution with",
    )
    parser.add_argument(
        "--weeks",
        metavar="N",
        type=int,
        default=13,
        help="horizon for the budget comparison with --model (default 13 weeks)",
    )


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.order < 1:
        raise CliError(f"--order must be 1 or more (got {args.order})")
    if args.weeks < 1:
        raise CliError("--weeks must be at least 1")
    half_life, unit = _half_life(args.half_life)
    budget = _budget(args.budget)
    try:
        loaded = read_journeys(args.file)
    except IntakeError as error:
        raise CliError(f"cannot use {args.file}:\n{error}") from None
    fit = _load_model(args.model) if args.model is not None else None
    try:
        result = attribute(
            loaded.journeys,
            half_life=half_life,
            half_life_unit=unit,
            markov_order=args.order,
            reference=args.reference,
            budget=budget,
            currency=fit.currency if fit is not None else "USD",
        )
        reconciliation = reconcile(result, fit, args.weeks) if fit is not None else None
    except ValueError as error:
        raise CliError(str(error)) from None
    seconds = time.perf_counter() - started
    if args.json:
        print_document(attribution_document(result, loaded, reconciliation, seconds))
        return 0
    print(loaded.describe())
    print()
    print(result.summary())
    if reconciliation is not None:
        print()
        print(reconciliation.summary())
    return 0


def _half_life(text: str | None) -> tuple[float | None, DecayUnit | None]:
    if text is None:
        return None, None
    match = _HALF_LIFE.match(text)
    if match is None:
        raise CliError(
            f"--half-life {text!r}: write a number with a unit, e.g. 7d, 36h, 2w or 3t (touches)"
        )
    amount = float(match["amount"])
    if amount <= 0:
        raise CliError("--half-life must be above 0")
    unit = (match["unit"] or "").casefold()
    if not unit:
        return amount, None
    if unit.startswith("t"):
        return amount, "touches"
    return amount * _DAYS_PER_UNIT[unit[0]], "days"


def _budget(text: str | None) -> float | None:
    if text is None:
        return None
    cell = read_cell(text, kind="money")
    # 400 digits read as infinity: no budget either.
    if cell.value is None or cell.percent or not 0 < cell.value <= MAX_MAGNITUDE:
        raise CliError(f"--budget {text!r}: write an amount above 0, e.g. 400K, 1.2M or $150,000")
    return cell.value


def _load_model(path: Path) -> HistoryFit:
    try:
        return load_fitted_model(path)
    except ValueError as error:
        raise CliError(str(error)) from None
