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
from dataclasses import asdict
from pathlib import Path
from typing import Any

from assistant.cli.errors import CliError
from assistant.cli.json_output import print_json
from model_engine.attribution import (
    MODEL_NAMES,
    AttributionResult,
    JourneyLoad,
    Reconciliation,
    attribute,
    read_journeys,
    reconcile,
)
from model_engine.attribution.rules import DecayUnit
from model_engine.intake import IntakeError
from model_engine.intake.numbers import read_cell
from model_engine.mmm import HistoryFit, load_fitted_model

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
        payload = as_json(result, loaded, reconciliation, seconds)
        print_json(payload)
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
    if cell.value is None or cell.percent or cell.value <= 0:
        raise CliError(f"--budget {text!r}: write an amount above 0, e.g. 400K, 1.2M or $150,000")
    return cell.value


def _load_model(path: Path) -> HistoryFit:
    try:
        return load_fitted_model(path)
    except ValueError as error:
        raise CliError(str(error)) from None


def as_json(
    result: AttributionResult,
    loaded: JourneyLoad,
    reconciliation: Reconciliation | None,
    seconds: float,
) -> dict[str, Any]:
    """The ``--json`` document: ``models`` maps each model to ``{channel: share}``."""
    bias = result.last_touch
    totals = result.totals
    return {
        "models": {m.name: m.shares for m in result.models},
        "under_credited_by_last_touch": list(bias.under_credited),
        "over_credited_by_last_touch": list(bias.over_credited),
        "conversions": {m.name: m.conversions for m in result.models},
        "value_shares": {m.name: m.value_shares for m in result.models}
        if totals.value is not None
        else None,
        "values": {m.name: {c.channel: c.value for c in m.channels} for m in result.models}
        if totals.value is not None
        else None,
        "rules": {m.name: m.rule for m in result.models},
        "last_touch": {
            "reference": bias.reference,
            "threshold_points": bias.threshold_points,
            "gaps": [asdict(g) for g in bias.gaps],
            "moved_share": bias.moved_share,
            "budget": bias.budget,
            "budget_shifts": [asdict(s) for s in bias.shifts],
            "summary": bias.describe(),
        },
        "markov": {
            "order": result.markov.order,
            "states": result.markov.n_states,
            "conversion_probability": result.markov.conversion_probability,
            "removal_effects": {r.channel: r.conversions for r in result.markov.removal_effects},
            "value_removal_effects": {r.channel: r.value for r in result.markov.removal_effects}
            if totals.value is not None
            else None,
        },
        "shapley": {
            "game": result.shapley.game,
            "characteristic_function": result.shapley.characteristic,
            "coalitions": result.shapley.n_coalitions,
            "negative": list(result.shapley.negative),
        },
        "time_decay": {
            "half_life": result.time_decay.half_life,
            "unit": result.time_decay.unit,
            "rule": result.time_decay.describe(),
        },
        "journeys": {
            "format": loaded.roles.format,
            "columns": dict(loaded.roles.columns),
            "rows": loaded.rows,
            "channels": list(result.channels),
            **asdict(totals),
        },
        "warnings": [str(w) for w in loaded.warnings],
        "notes": list(result.notes),
        "reconciliation": None if reconciliation is None else _reconciliation(reconciliation),
        "model_order": list(MODEL_NAMES),
        "seconds": seconds,
    }


def _reconciliation(rec: Reconciliation) -> dict[str, Any]:
    return {
        "reference": rec.reference,
        "outcome": rec.outcome_name,
        "currency": rec.currency,
        "horizon_weeks": rec.horizon_weeks,
        "matches": [
            {"journey_channel": m.journey_channel, "model_channel": m.model_channel, "rule": m.rule}
            for m in rec.matches
        ],
        "channels": [
            {
                "channel": c.channel,
                "model_channel": c.model_channel,
                "attribution_share": c.attribution_share,
                "last_touch_share": c.last_touch_share,
                "mix_share": c.mix_share.estimate,
                "mix_share_low": c.mix_share.low,
                "mix_share_high": c.mix_share.high,
                "mix_contribution": c.mix_contribution.estimate,
                "mix_contribution_low": c.mix_contribution.low,
                "mix_contribution_high": c.mix_contribution.high,
                "difference": c.difference,
                "within_interval": c.within_interval,
                "explanation": c.explanation,
            }
            for c in rec.channels
        ],
        "journey_only": list(rec.journey_only),
        "model_only": list(rec.model_only),
        "baseline_share": rec.baseline_share,
        "budgets": [
            {
                "rule": b.rule,
                "label": b.label,
                "allocation": {a.channel: a.spend for a in b.allocation},
                "incremental_outcome": b.incremental_outcome.estimate,
                "incremental_outcome_low": b.incremental_outcome.low,
                "incremental_outcome_high": b.incremental_outcome.high,
                "change_vs_current": b.change_vs_current,
            }
            for b in rec.budgets
        ],
        "model_usable_for_planning": rec.model_usable_for_planning,
        "explanations": list(rec.explanations),
        "plan_basis": rec.plan_basis,
    }
