"""``budgetmix fit DATA --geo COL``: the panel half of ``fit``.

A history with a geo (or audience, or message) column, named with ``--geo`` or detected when
unnamed, is fitted as a panel (``model_engine.panel``): curve shapes and carryover shared by
every geo, each geo's own baseline and seasonality, geo coefficients shrunk toward the national
returns. The JSON is the usual ``fit`` document for the national picture (channels' ROI and
contribution pooled over geos) plus ``geos: {geo: {channels: {...}}}``. ``--save-as NAME``
stores the panel fit in the database as the next version of NAME (kind
:data:`PANEL_KIND`, with the data file), which ``optimize --model NAME --by-geo`` plans from.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

from assistant.cli.errors import CliError
from assistant.cli.json_output import print_document
from assistant.storage import ModelVersionRecord
from model_engine.intake import IntakeError
from model_engine.panel import PanelFit, PanelLoad, PanelModel, detect_geo_column, load_panel
from model_engine.panel.persistence import (
    PANEL_SCHEMA,
    PANEL_SCHEMA_VERSION,
    panel_fit_from_dict,
    panel_fit_to_dict,
    save_panel_model,
)
from tools.views.documents.fit import SavedAs, panel_fit_document


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
    if args.experiments or args.interactions or args.backtest:
        raise CliError(
            "--experiments, --interactions and --backtest are for national fits; a panel fit "
            "takes --geo, --pooling, --holdout, --bootstrap, --seed, --save and --save-as"
        )
    loaded, result = fit_panel(args)
    saved = _save(result, args.save) if args.save else None
    stored = None
    if args.save_as:
        stored = save_panel_version(result, Path(args.data), args.save_as, args.user)
    seconds = time.perf_counter() - started
    if args.json:
        print_document(
            panel_fit_document(
                result,
                detection=loaded.describe(),
                saved_to=None if saved is None else str(saved),
                saved_as=None
                if stored is None
                else SavedAs(name=stored.name, version=stored.version),
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
        if stored is not None:
            print(
                f"\nStored as {stored.name!r} version {stored.version} (plan it by geo with: "
                f"budgetmix optimize --model {stored.name} --budget X --by-geo)"
            )
    return 0


def _save(result: PanelFit, path: str) -> Path:
    try:
        return save_panel_model(result, path)
    except OSError as error:
        raise CliError(f"cannot save the model to {path}: {error.strerror}") from None


PANEL_KIND = f"{PANEL_SCHEMA}/{PANEL_SCHEMA_VERSION}"


def save_panel_version(fit: PanelFit, data: Path, name: str, user: str) -> ModelVersionRecord:
    """Store the panel fit as the next version of ``name`` for ``user``, with the data file it
    was fitted on (content-hashed)."""
    from assistant.cli.storage import open_configured_storage, owned_storage

    try:
        content = data.read_bytes()
    except OSError as error:
        raise CliError(f"cannot read {data} to store it with the model: {error.strerror}") from None
    try:
        parameters = json.dumps(panel_fit_to_dict(fit), allow_nan=False)
    except ValueError:
        raise CliError(
            f"the panel fit of {data} has a non-finite estimate and cannot be stored; check "
            "the data (a channel with no spend in any geo?)"
        ) from None
    mape = fit.holdout_mape if math.isfinite(fit.holdout_mape) else None
    metrics = {"holdout_mape": mape, "geos": len(fit.geos), "pooling": fit.pooling}
    storage = open_configured_storage()
    try:
        mine = owned_storage(storage, user)
        dataset = mine.datasets.store(data.name, content)
        return mine.models.save_version(
            name,
            kind=PANEL_KIND,
            parameters_json=parameters,
            metrics_json=json.dumps(metrics, allow_nan=False),
            data_hash=dataset.content_hash,
            dataset_id=dataset.id,
        )
    finally:
        storage.close()


def stored_panel(name: str, user: str) -> PanelFit | None:
    """The latest stored panel fit of ``name`` for ``user``; ``None`` when there is no model
    of that name; ``CliError`` when its latest version is not a panel."""
    from assistant.cli.storage import open_configured_storage, owned_storage

    storage = open_configured_storage()
    try:
        latest = owned_storage(storage, user).models.latest(name)
    finally:
        storage.close()
    if latest is None:
        return None
    if latest.kind != PANEL_KIND:
        raise CliError(
            f"version {latest.version} of {name!r} is a national fit ({latest.kind}): plan it "
            "without --by-geo, or store a panel with `budgetmix fit DATA --geo COL --save-as "
            f"{name}`"
        )
    try:
        return panel_fit_from_dict(json.loads(latest.parameters_json), f"{name!r}")
    except ValueError as error:
        raise CliError(f"version {latest.version} of {name!r}: {error}") from None
