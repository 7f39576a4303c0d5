"""Optimize a budget allocation from fitted or supplied curves.

Amounts are totals over the horizon of --weeks weeks and accept "400K", "1.2M", "$150,000"
or, for --min/--max, a share of the budget such as "35%". Curves and flighting files are
described in docs/curves-format.md.
"""

from __future__ import annotations

import argparse
import math
import re
import time
from pathlib import Path

from assistant.cli import calendar, geo_plan
from assistant.cli.errors import CliError
from assistant.cli.json_output import print_document
from model_engine.channel_matching import ChannelMatcher
from model_engine.constraints import (
    Amount,
    ChangeBound,
    ChannelBound,
    Constraint,
    MaxChange,
    Objective,
    PlanRequest,
)
from model_engine.curves_file import read_curves_file, read_flighting_file
from model_engine.optimizer import optimize
from model_engine.planning import ResponseModel
from model_engine.response import Flighting
from tools.views.documents.optimize import plan_document

_AMOUNT = re.compile(r"^\s*\$?\s*([0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)\s*([kKmMbB%]?)\s*$")
_MULTIPLIERS = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9}


def parse_amount(text: str, allow_share: bool = False) -> Amount:
    """``"400K"`` -> 400,000; ``"1.2M"``; ``"$150,000"``; ``"35%"`` (a share) if allowed."""
    match = _AMOUNT.match(text)
    if match is None:
        raise CliError(f"cannot read the amount {text!r}: write e.g. 400K, 1.2M or $150,000")
    number = float(match.group(1).replace(",", ""))
    suffix = match.group(2).lower()
    if suffix == "%":
        if not allow_share:
            raise CliError(f"{text!r}: a percentage is not allowed here; give an amount")
        if number > 100:
            raise CliError(f"{text!r}: a share of the budget cannot exceed 100%")
        return Amount(number / 100.0, share_of_total=True)
    return Amount(number * _MULTIPLIERS[suffix])


def _channel_amount(text: str, option: str) -> tuple[str, Amount]:
    name, separator, amount = text.rpartition("=")
    if not separator or not name.strip():
        raise CliError(f"{option} {text!r}: write CHANNEL=AMOUNT, e.g. {option} 'Paid search=150K'")
    return name.strip(), parse_amount(amount, allow_share=True)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--model", type=Path, help="a model saved by `budgetmix fit --save`")
    source.add_argument("--curves", type=Path, help="response curves as JSON (see the docs)")
    parser.add_argument("--budget", required=True, help="total budget over the horizon")
    parser.add_argument("--weeks", type=int, default=13, help="planning horizon (default 13)")
    parser.add_argument(
        "--flighting",
        type=Path,
        metavar="FILE",
        help="weekly spend pattern per channel, CSV (channel,week,share) or JSON; needs --model",
    )
    parser.add_argument(
        "--min", action="append", default=[], metavar="CH=AMOUNT", help="floor for a channel"
    )
    parser.add_argument(
        "--max", action="append", default=[], metavar="CH=AMOUNT", help="cap for a channel"
    )
    parser.add_argument(
        "--max-change", type=float, metavar="PCT", help="no channel moves more than ±PCT%%"
    )
    parser.add_argument(
        "--max-cut", type=float, metavar="PCT", help="no channel is cut by more than PCT%%"
    )
    parser.add_argument(
        "--max-growth", type=float, metavar="PCT", help="no channel grows by more than PCT%%"
    )
    parser.add_argument(
        "--objective",
        choices=("volume", "profit"),
        default="volume",
        help="most outcome for the budget, or most value minus spend (default volume)",
    )
    parser.add_argument(
        "--value-per-outcome",
        type=float,
        metavar="V",
        help="value of one outcome (needed by --objective profit)",
    )
    parser.add_argument("--json", action="store_true", help="print the plan as JSON")
    calendar.add_arguments(parser)
    geo_plan.add_arguments(parser)


def _flighting(args: argparse.Namespace) -> Flighting | None:
    if args.flighting is None:
        return None
    try:
        return read_flighting_file(args.flighting, args.weeks)
    except ValueError as error:
        raise CliError(str(error)) from None


def _load_model(args: argparse.Namespace) -> ResponseModel:
    if args.curves is not None:
        try:
            return read_curves_file(args.curves).to_response_model(args.weeks, _flighting(args))
        except ValueError as error:
            raise CliError(str(error)) from None
    # Imported here so that --curves and --help do not pay for the fitting code.
    from model_engine.mmm import load_fitted_model

    try:
        fit = load_fitted_model(args.model)
        return fit.to_response_model(horizon_weeks=args.weeks, flighting=_flighting(args))
    except ValueError as error:
        raise CliError(str(error)) from None


def _constraints(args: argparse.Namespace, model: ResponseModel) -> tuple[Constraint, ...]:
    matcher = ChannelMatcher.of(model.names, [c.channel_type for c in model.channels])
    constraints: list[Constraint] = []
    for option, values in (("--min", args.min), ("--max", args.max)):
        for text in values:
            name, amount = _channel_amount(text, option)
            channel = matcher.exact(name)
            if channel is None:
                raise CliError(
                    f"{option} names an unknown channel {name!r}; known channels: "
                    f"{', '.join(model.names)}"
                )
            if option == "--min":
                constraints.append(ChannelBound(channel, minimum=amount))
            else:
                constraints.append(ChannelBound(channel, maximum=amount))
    if args.max_change is not None:
        if not math.isfinite(args.max_change) or args.max_change < 0:
            raise CliError("--max-change must be a percentage >= 0, e.g. 25")
        constraints.append(MaxChange(args.max_change / 100.0))
    cut, growth = args.max_cut, args.max_growth
    if cut is not None and (not math.isfinite(cut) or not 0 <= cut <= 100):
        raise CliError("--max-cut must be a percentage between 0 and 100, e.g. 50")
    if growth is not None and (not math.isfinite(growth) or growth < 0):
        raise CliError("--max-growth must be a percentage >= 0, e.g. 30")
    if cut is not None or growth is not None:
        constraints.append(
            ChangeBound(
                max_cut=None if cut is None else cut / 100.0,
                max_growth=None if growth is None else growth / 100.0,
            )
        )
    return tuple(constraints)


def _request(args: argparse.Namespace, model: ResponseModel) -> PlanRequest:
    budget = parse_amount(args.budget).value
    if budget <= 0:
        raise CliError("--budget must be above 0")
    if args.objective == "profit":
        value = args.value_per_outcome
        if value is None or not math.isfinite(value) or value <= 0:
            raise CliError("--objective profit needs --value-per-outcome V (V > 0)")
        objective = Objective("profit", value_per_outcome=args.value_per_outcome)
    else:
        objective = Objective("volume")
    return PlanRequest(
        budget=budget,
        # Profit may leave money unspent: with an exact budget it would equal volume.
        budget_mode="at_most" if args.objective == "profit" else "exact",
        constraints=_constraints(args, model),
        objective=objective,
        horizon_weeks=args.weeks,
    )


def run(args: argparse.Namespace) -> int:
    if args.weeks <= 0:
        raise CliError("--weeks must be at least 1")
    if args.by_geo:
        return geo_plan.run(args)
    if args.calendar:
        if args.flighting is not None:
            raise CliError("--calendar plans every week itself: leave out --flighting")
        return calendar.run(args, _constraints(args, _load_model(args)))
    model = _load_model(args)
    request = _request(args, model)
    started = time.perf_counter()
    try:
        result = optimize(model, request)
    except ValueError as error:
        raise CliError(str(error)) from None
    seconds = time.perf_counter() - started
    if args.json:
        print_document(plan_document(result, seconds))
    else:
        print(result.summary())
        print(f"solved in {seconds:.3f} s")
    return 0
