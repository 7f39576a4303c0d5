"""``budgetmix fit DATA --geo COL``: the panel half of ``fit``.

A history with a geo (or audience, or message) column, named with ``--geo`` or detected when
unnamed, is fitted as a panel (``model_engine.panel``): curve shapes and carryover shared by
every geo, each geo's own baseline and seasonality, geo coefficients shrunk toward the national
returns. The JSON is the usual ``fit`` document for the national picture (channels' ROI and
contribution pooled over geos) plus ``geos: {geo: {channels: {...}}}``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from assistant.cli.errors import CliError
from assistant.cli.json_output import print_document
from model_engine.intake import IntakeError
from model_engine.panel import PanelFit, PanelLoad, PanelModel, detect_geo_column, load_panel
from model_engine.panel.persistence import save_panel_model
from tools.views.documents.fit import panel_fit_document


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--geo",
        metavar="COL",
        help="the geo (or audience, message) column of a panel: one row per value and week "
        "(detected when not named)",
    )
    parser.add_argument(
        "--pooling",
        choices=("partial", "none"),
        default="partial",
        help="panels: shrink geo returns toward the national (partial, default) or not (none)",
    )


def wanted(args: argparse.Namespace) -> bool:
    """Whether ``fit`` should fit a panel: ``--geo`` given, or a geo column detected."""
    if args.geo is not None:
        return True
    try:
        return detect_geo_column(args.data) is not None
    except IntakeError:
        return False  # the national path reports what is wrong with the file


def fit_panel(args: argparse.Namespace) -> tuple[PanelLoad, PanelFit]:
    try:
        loaded = load_panel(
            args.data,
            geo=args.geo,
            target=args.target,
            date=args.date,
            channels=args.channels,
            controls=args.controls,
        )
    except IntakeError as error:
        raise CliError(f"cannot use {args.data} as a panel:\n{error}") from None
    try:
        fit = PanelModel(
            pooling=args.pooling,
            holdout=args.holdout,
            n_bootstrap=min(args.bootstrap, 20),
            seed=args.seed,
        ).fit(loaded.panel)
    except ValueError as error:
        raise CliError(f"cannot fit {args.data}: {error}") from None
    return loaded, fit.result_


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.experiments or args.interactions or args.backtest or args.save_as:
        raise CliError(
            "--experiments, --interactions, --backtest and --save-as are for national fits; "
            "a panel fit takes --geo, --pooling, --holdout, --bootstrap, --seed and --save"
        )
    loaded, result = fit_panel(args)
    saved = _save(result, args.save) if args.save else None
    seconds = time.perf_counter() - started
    if args.json:
        print_document(
            panel_fit_document(
                result,
                detection=loaded.describe(),
                saved_to=None if saved is None else str(saved),
                seconds=seconds,
            )
        )
    else:
        print(loaded.describe())
        print()
        print(result.summary())
        if saved is not None:
            print(
                f"\nSaved the panel to {saved} (plan it by geo with: budgetmix optimize "
                f"--model {saved} --budget X --by-geo)"
            )
    return 0


def _save(result: PanelFit, path: str) -> Path:
    try:
        return save_panel_model(result, path)
    except OSError as error:
        raise CliError(f"cannot save the model to {path}: {error.strerror}") from None
