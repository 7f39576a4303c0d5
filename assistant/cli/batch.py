"""Fit many data sets at once: ``budgetmix batch fit SPEC.json``.

The fits run on Ray: a local Ray started by the command (``--workers`` CPUs, no dashboard, no
network) or the cluster at ``RAY_ADDRESS``. A progress bar shows the fits as they finish; a file
that cannot be fitted is reported and the batch goes on. Every fitted model is stored as the
next version of its model in the database (``budgetmix models show NAME``), with its data
file; a file whose content is already its model's latest version is skipped, so running the
same spec again resumes an interrupted batch. The spec is described in
``assistant/cli/batch_jobs.py`` (``files`` or ``glob``, per-file overrides).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from assistant.cli.batch_jobs import FitSettings, JobOutcome, read_spec, run_on_ray, run_sequential
from assistant.cli.errors import CliError
from assistant.cli.json_output import print_document
from assistant.cli.models import FIT_KIND
from assistant.cli.storage import add_user_argument, open_configured_storage, owned_storage
from assistant.storage import OwnedStorage
from assistant.storage.batch_models import BatchFitDocument, already_stored, store_batch_fit
from tools.views.documents.batch import (
    BatchModelLine,
    FailedModelLine,
    FittedModelLine,
    SkippedModelLine,
    batch_document,
)
from tools.views.units import Percent


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    fit = actions.add_parser("fit", help="fit every data set of a spec", description=__doc__)
    fit.add_argument("spec", metavar="SPEC.json", help="the data sets to fit")
    fit.add_argument("--json", action="store_true", help="print the outcome as JSON")
    fit.add_argument(
        "--workers", type=int, metavar="N", help="CPUs of the local Ray (default: all)"
    )
    fit.add_argument(
        "--engine",
        choices=("ray", "sequential"),
        default="ray",
        help="ray (default) or sequential, in this process (the baseline)",
    )
    fit.add_argument(
        "--bootstrap", type=int, default=20, metavar="N", help="replicates per fit (default 20)"
    )
    fit.add_argument("--seed", type=int, default=0, metavar="N", help="random seed (default 0)")
    add_user_argument(fit)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.bootstrap < 0 or (args.workers is not None and args.workers < 1):
        raise CliError("--bootstrap cannot be negative and --workers must be at least 1")
    items = read_spec(args.spec)
    storage = open_configured_storage()
    try:
        mine = owned_storage(storage, args.user)
        models: list[BatchModelLine] = []
        to_fit = []
        for item in items:
            try:
                data_hash = item.data_hash()
            except OSError as error:
                models.append(
                    FailedModelLine(
                        name=item.name, file=item.path, error=f"cannot read it: {error.strerror}"
                    )
                )
                continue
            stored = already_stored(mine, item.name, data_hash)
            if stored is not None:
                models.append(
                    SkippedModelLine(
                        name=item.name,
                        file=item.path,
                        version=stored.version,
                        reason="already stored with this data",
                    )
                )
            else:
                to_fit.append(item)
        settings = FitSettings(bootstrap=args.bootstrap, seed=args.seed)
        if args.engine == "ray":
            engine, outcomes = run_on_ray(to_fit, settings, args.workers)
        else:
            engine, outcomes = run_sequential(to_fit, settings)
        for outcome in _progress(outcomes, len(to_fit), quiet=args.json):
            models.append(_record(mine, outcome))
    finally:
        storage.close()
    order = {item.name: position for position, item in enumerate(items)}
    models.sort(key=lambda m: order.get(m.name, len(order)))
    document = batch_document(models, engine, time.perf_counter() - started)
    if args.json:
        print_document(document)
    else:
        for m in models:
            print(f"{m.status:<8} {m.name}: {_detail(m)}")
        print(
            f"{document.fitted} fitted, {document.failed} failed in {document.seconds:.1f} s "
            f"on {engine}"
        )
    # Non-zero only when no model of the spec is usable (fitted now or already stored).
    return 1 if document.failed == len(models) else 0


def _detail(line: BatchModelLine) -> str:
    if isinstance(line, FailedModelLine):
        return line.error
    if isinstance(line, SkippedModelLine):
        return line.reason
    return f"version {line.version}"


def _progress(outcomes: Iterable[JobOutcome], total: int, quiet: bool) -> Iterator[JobOutcome]:
    from tqdm import tqdm

    yield from tqdm(
        outcomes,
        total=total,
        desc="fitting",
        unit="model",
        file=sys.stderr,
        disable=quiet and not sys.stderr.isatty(),
    )


def _record(mine: OwnedStorage, outcome: JobOutcome) -> BatchModelLine:
    if outcome.error is not None or outcome.parameters_json is None:
        return FailedModelLine(
            name=outcome.name, file=outcome.path, error=outcome.error or "no result"
        )
    path = Path(outcome.path)
    version = store_batch_fit(
        mine,
        BatchFitDocument(
            name=outcome.name,
            filename=path.name,
            content=path.read_bytes(),
            kind=FIT_KIND,
            parameters_json=outcome.parameters_json,
            metrics_json=outcome.metrics_json or "{}",
        ),
    )
    return FittedModelLine(
        name=outcome.name,
        file=outcome.path,
        version=version.version,
        holdout_mape=Percent.exact(outcome.holdout_mape),
        seconds=outcome.seconds,
    )
