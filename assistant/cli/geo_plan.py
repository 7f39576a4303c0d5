"""``budgetmix optimize --model PANEL.json --budget X --by-geo``: a plan over every geo x
channel line of a panel fit (``--model NAME``: the latest version stored by ``budgetmix fit DATA
--geo COL --save-as NAME``, for ``--user``).

Rules: ``--geo-min GEO=AMOUNT`` / ``--geo-max GEO=AMOUNT`` bound a market's total (``*`` for
every market: ``--geo-min '*=50K'``), ``--fix-geo GEO`` keeps a market at its current spend,
``--min``/``--max CHANNEL=AMOUNT`` bound a channel summed over markets and
``--min``/``--max 'GEO/CHANNEL=AMOUNT'`` one line; ``--max-change`` applies to every line.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

from assistant.cli.errors import CliError
from assistant.cli.json_output import print_document
from assistant.cli.storage import add_user_argument
from model_engine.constraints import Amount, MaxChange, Objective, PlanRequest
from model_engine.optimizer.geo import (
    LINE_SEPARATOR,
    FixedGeo,
    GeoBound,
    GeoPlan,
    GeoPlanModel,
    GeoRule,
    LineBound,
    NationalChannelBound,
    optimize_by_geo,
)
from tools.views.documents.geo import geo_plan_document


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--by-geo",
        action="store_true",
        help="plan every geo x channel line of a panel model (budgetmix fit DATA --geo COL --save)",
    )
    parser.add_argument(
        "--geo-min",
        action="append",
        default=[],
        metavar="GEO=AMOUNT",
        help="with --by-geo: floor on a market's total ('*=50K': every market)",
    )
    parser.add_argument(
        "--geo-max",
        action="append",
        default=[],
        metavar="GEO=AMOUNT",
        help="with --by-geo: cap on a market's total ('*' for every market)",
    )
    parser.add_argument(
        "--fix-geo",
        action="append",
        default=[],
        metavar="GEO",
        help="with --by-geo: keep a market at its current spend",
    )
    add_user_argument(parser)  # whose stored model --model NAME is, with --by-geo


def _split(text: str, option: str) -> tuple[str, Amount]:
    from assistant.cli.optimize import parse_amount

    name, separator, amount = text.rpartition("=")
    if not separator or not name.strip():
        raise CliError(f"{option} {text!r}: write NAME=AMOUNT, e.g. {option} 'market_a=50K'")
    return name.strip(), parse_amount(amount, allow_share=True)


def _rules(args: argparse.Namespace) -> list[GeoRule]:
    rules: list[GeoRule] = []
    for option, values in (("--geo-min", args.geo_min), ("--geo-max", args.geo_max)):
        for text in values:
            geo, amount = _split(text, option)
            which = None if geo == "*" else geo
            if option == "--geo-min":
                rules.append(GeoBound(which, minimum=amount))
            else:
                rules.append(GeoBound(which, maximum=amount))
    rules.extend(FixedGeo(geo.strip()) for geo in args.fix_geo)
    for option, values in (("--min", args.min), ("--max", args.max)):
        for text in values:
            name, amount = _split(text, option)
            low, high = (amount, None) if option == "--min" else (None, amount)
            geo, separator, channel = name.rpartition(LINE_SEPARATOR.strip())
            if separator:
                rules.append(LineBound(geo.strip() or None, channel.strip(), low, high))
            else:
                rules.append(NationalChannelBound(name, low, high))
    return rules


def _plan_model(args: argparse.Namespace) -> GeoPlanModel:
    from assistant.cli.panel_fit import stored_panel
    from model_engine.panel.persistence import load_panel_model

    if args.model is None:
        raise CliError(
            "--by-geo needs --model PANEL.json or a stored NAME (budgetmix fit DATA --geo COL "
            "--save PANEL.json, or --save-as NAME)"
        )
    try:
        if Path(args.model).is_file():
            panel = load_panel_model(args.model)
        else:
            found = stored_panel(str(args.model), args.user)
            if found is None:
                raise CliError(
                    f"--model {args.model}: no such file and no stored model of that name; "
                    "store one with `budgetmix fit DATA --geo COL --save-as NAME`"
                )
            panel = found
        return GeoPlanModel.from_geo_models(panel.geo_response_models(args.weeks))
    except ValueError as error:
        raise CliError(str(error)) from None


def run(args: argparse.Namespace) -> int:
    from assistant.cli.optimize import parse_amount

    if args.calendar or args.flighting is not None:
        raise CliError("--by-geo plans totals over the horizon: leave out --calendar/--flighting")
    plan_model = _plan_model(args)
    budget = parse_amount(args.budget).value
    if budget <= 0:
        raise CliError("--budget must be above 0")
    constraints = []
    if args.max_change is not None:
        if not math.isfinite(args.max_change) or args.max_change < 0:
            raise CliError("--max-change must be a percentage >= 0, e.g. 25")
        constraints.append(MaxChange(args.max_change / 100.0))
    if args.objective == "profit":
        if args.value_per_outcome is None or args.value_per_outcome <= 0:
            raise CliError("--objective profit needs --value-per-outcome V (V > 0)")
        objective = Objective("profit", value_per_outcome=args.value_per_outcome)
    else:
        objective = Objective("volume")
    request = PlanRequest(
        budget=budget,
        budget_mode="at_most" if args.objective == "profit" else "exact",
        constraints=tuple(constraints),
        objective=objective,
        horizon_weeks=args.weeks,
    )
    started = time.perf_counter()
    try:
        plan = optimize_by_geo(plan_model, request, _rules(args))
    except ValueError as error:
        raise CliError(str(error)) from None
    seconds = time.perf_counter() - started
    if args.json:
        print_document(geo_plan_document(plan, seconds))
    else:
        print(summary(plan))
        print(f"solved in {seconds:.3f} s")
    return 0


def summary(plan: GeoPlan) -> str:
    """The plan as a table by geo (map-free), then the rules and how they hold."""
    lines = [f"{'market':<16} {'current':>14} {'recommended':>14} {'change':>8}"]
    for geo, (current, recommended) in plan.geo_totals().items():
        change = f"{recommended / current - 1:+.0%}" if current > 0 else "new"
        lines.append(f"{geo[:16]:<16} {current:>14,.0f} {recommended:>14,.0f} {change:>8}")
    lines.append("")
    lines.append(f"{'market':<16} {'channel':<18} {'current':>12} {'recommended':>12}")
    for a in plan.allocations:
        lines.append(
            f"{a.geo[:16]:<16} {a.channel[:18]:<18} {a.line.current:>12,.0f} "
            f"{a.line.recommended:>12,.0f}"
        )
    result = plan.result
    lines.append("")
    lines.append(
        f"Expected {result.outcome_name} from media: {result.expected.estimate:,.0f} "
        f"[{result.expected.low:,.0f}, {result.expected.high:,.0f}]"
    )
    for check in plan.rule_checks:
        lines.append(f"rule {'holds' if check.holds else 'BROKEN'}: {check.rule}")
    return "\n".join(lines)
