"""Fit response curves to a weekly spend history (a marketing-mix model).

Columns are detected when not named (dates, target, spend, controls, events) and the detection
is shown. The last weeks are held out to test the model; a model whose holdout MAPE is 15% or
more is marked not fit for planning. ``--save`` writes the model for ``budgetmix optimize
--model``. ``--experiments FILE`` calibrates the fit with lift-test results (columns
``channel,start,end,spend_change,outcome_change,outcome_change_se[,measured_until]``): each
test enters the fit as a likelihood term on its channel's curve, and the output shows every
channel's ROI before and after calibration and flags tests that contradict the model.
``--save-as NAME`` stores the fit as the next version of NAME; when NAME has a version already,
the fit is a refresh of it: the previous version's curves are its prior.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from assistant.cli import panel_fit
from assistant.cli.errors import CliError
from assistant.cli.history_args import add_history_arguments, column_names, load_named_history
from assistant.cli.json_output import print_document
from assistant.cli.models import latest_fit, save_fit_version
from assistant.cli.storage import add_user_argument
from model_engine.experiments.lift_test import LiftTest
from model_engine.intake import HistoryLoad, IntakeError
from model_engine.intake.experiments import read_experiments_file
from model_engine.mmm import HistoryFit, MarketingMixModel, save_fitted_model
from tools.views.documents.fit import SavedAs, fit_document


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_history_arguments(parser)
    parser.add_argument(
        "--holdout",
        metavar="FRACTION",
        type=float,
        default=0.15,
        help="share of the last weeks kept untouched to test the model (default 0.15)",
    )
    parser.add_argument("--seed", metavar="N", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--save", metavar="MODEL.json", help="save the fitted model as JSON")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--save-as",
        metavar="NAME",
        help="store the fit in the database as the next version of the model NAME",
    )
    add_user_argument(parser)
    parser.add_argument(
        "--interactions",
        metavar="A:B,...",
        type=_pairs,
        default=(),
        help="channel pairs to test for synergy, e.g. tv_S:search_S (off by default)",
    )
    parser.add_argument(
        "--backtest",
        metavar="FOLDS",
        type=int,
        default=0,
        help="rolling-origin backtest folds to report (default 0: none)",
    )
    parser.add_argument(
        "--experiments",
        metavar="FILE",
        help="lift-test results to calibrate the fit with (CSV: channel,start,end,"
        "spend_change,outcome_change,outcome_change_se[,measured_until])",
    )
    parser.add_argument(
        "--bootstrap",
        metavar="N",
        type=int,
        default=100,
        help="block-bootstrap replicates for the 90%% intervals (default 100)",
    )
    panel_fit.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if not 0 < args.holdout < 0.5:
        raise CliError(
            f"--holdout must be a share of the weeks between 0 and 0.5, e.g. 0.15 "
            f"(got {args.holdout:g})"
        )
    if args.bootstrap < 0 or args.backtest < 0:
        raise CliError("--bootstrap and --backtest cannot be negative")
    if panel_fit.wanted(args):
        return panel_fit.run(args)
    loaded = load_named_history(args)
    experiments = _experiments(args.experiments, loaded) if args.experiments else ()
    # A refresh: the version this fit will follow informs it (``model_engine/mmm/refresh_prior``).
    previous = latest_fit(args.save_as, args.user) if args.save_as else None
    try:
        model = MarketingMixModel(
            holdout=args.holdout,
            seed=args.seed,
            interactions=args.interactions,
            backtest_folds=args.backtest,
            n_bootstrap=args.bootstrap,
        ).fit(loaded.history, experiments, previous=previous)
    except ValueError as error:
        raise CliError(f"cannot fit {args.data}: {error}") from None
    result = model.result_
    saved = _save(result, args.save) if args.save else None
    stored = (
        save_fit_version(result, Path(args.data), args.save_as, args.user) if args.save_as else None
    )
    seconds = time.perf_counter() - started
    if args.json:
        print_document(
            fit_document(
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
        if result.calibration is not None:
            print()
            print(result.calibration.summary())
        if saved is not None:
            print(f"\nSaved the model to {saved} (use it with: budgetmix optimize --model {saved})")
        if stored is not None:
            refreshed = "" if previous is None else ", refreshed from the previous version's curves"
            print(
                f"\nStored as {stored.name!r} version {stored.version}{refreshed} "
                f"(see: budgetmix models show {stored.name})"
            )
    return 0


def _experiments(path: str, loaded: HistoryLoad) -> tuple[LiftTest, ...]:
    history = loaded.history
    try:
        return read_experiments_file(path, history.channels, history).raise_for_errors()
    except IntakeError as error:
        raise CliError(f"cannot use the experiments in {path}:\n{error}") from None


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in column_names(text):
        parts = [p.strip() for p in item.split(":")]
        if len(parts) != 2 or not all(parts):
            raise argparse.ArgumentTypeError(
                f"{item!r} is not a pair: write two channel columns joined by ':', e.g. tv:search"
            )
        pairs.append((parts[0], parts[1]))
    return tuple(pairs)


def _save(result: HistoryFit, path: str) -> Path:
    try:
        return save_fitted_model(result, path)
    except OSError as error:
        raise CliError(f"cannot save the model to {path}: {error.strerror}") from None
