"""The jobs of ``budgetmix batch fit``: the spec, one fit per file, and the two engines that
run them (Ray, local or a cluster, and the sequential baseline of the benchmark).

SPEC (JSON): ``{"target": COL, "date": COL, "files": [PATH | {"path": PATH, "name": NAME,
"target": COL, "date": COL, "channels": [COL, ...]}, ...]}`` or ``"glob": "data/*.csv"``
instead of ``files``; paths are relative to the spec's folder, a file's own keys override the
spec's, and a model is named after its file's stem unless it says ``name``.
"""

from __future__ import annotations

import glob
import json
import math
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant.cli.errors import CliError
from assistant.storage.datasets import content_hash

_KEYS = ("path", "name", "target", "date", "channels")


@dataclass(frozen=True)
class BatchItem:
    """One model to fit: its file, name and column choices."""

    name: str
    path: str
    target: str | None = None
    date: str | None = None
    channels: tuple[str, ...] | None = None

    def data_hash(self) -> str:
        return content_hash(Path(self.path).read_bytes())


@dataclass(frozen=True)
class FitSettings:
    bootstrap: int = 20
    seed: int = 0


@dataclass(frozen=True)
class JobOutcome:
    """What a worker sends back: the fitted model's documents, or why it failed."""

    name: str
    path: str
    seconds: float
    error: str | None = None
    parameters_json: str | None = None
    metrics_json: str | None = None
    holdout_mape: float | None = None


def read_spec(path: str | Path) -> tuple[BatchItem, ...]:
    """The spec's models; :class:`CliError` naming the entry and the fix when it is wrong."""
    spec_path = Path(path)
    try:
        spec = json.loads(spec_path.read_text())
    except FileNotFoundError:
        raise CliError(f"there is no spec at {spec_path}") from None
    except (OSError, json.JSONDecodeError) as error:
        raise CliError(f"cannot read the spec {spec_path}: {error}") from None
    if not isinstance(spec, dict) or ("files" in spec) == ("glob" in spec):
        raise CliError(f'{spec_path}: give an object with either "files": [...] or "glob": "*.csv"')
    base = spec_path.parent
    entries: list[Any]
    if "glob" in spec:
        pattern = str(base / str(spec["glob"]))
        entries = sorted(glob.glob(pattern))
        if not entries:
            raise CliError(f"{spec_path}: the glob {spec['glob']!r} matches no file")
    else:
        entries = spec["files"]
        if not isinstance(entries, list) or not entries:
            raise CliError(f'{spec_path}: "files" must be a non-empty list')
    items: list[BatchItem] = []
    for position, entry in enumerate(entries, start=1):
        where = f"{spec_path} file {position}"
        fields = {"path": entry} if isinstance(entry, str) else entry
        if not isinstance(fields, dict) or not isinstance(fields.get("path"), str):
            raise CliError(f'{where}: write a path, or an object with "path"')
        unknown = sorted(set(fields) - set(_KEYS))
        if unknown:
            raise CliError(
                f"{where}: unknown keys {', '.join(unknown)} (known: {', '.join(_KEYS)})"
            )
        file_path = Path(fields["path"])
        file_path = file_path if file_path.is_absolute() else base / file_path
        channels = fields.get("channels")
        items.append(
            BatchItem(
                name=str(fields.get("name") or file_path.stem),
                path=str(file_path),
                target=fields.get("target", spec.get("target")),
                date=fields.get("date", spec.get("date")),
                channels=tuple(channels) if channels else None,
            )
        )
    names = [i.name for i in items]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise CliError(f"{spec_path}: two files give the model name {duplicated[0]!r}: name them")
    return tuple(items)


def fit_item(item: BatchItem, settings: FitSettings) -> JobOutcome:
    """Fit one file; every expected failure comes back as the outcome's ``error``."""
    from model_engine.intake import IntakeError, load_history
    from model_engine.mmm import MarketingMixModel
    from model_engine.mmm.persistence import history_fit_to_dict

    started = time.perf_counter()
    try:
        loaded = load_history(item.path, target=item.target, date=item.date, channels=item.channels)
        fit = (
            MarketingMixModel(n_bootstrap=settings.bootstrap, seed=settings.seed)
            .fit(loaded.history)
            .result_
        )
    except (IntakeError, ValueError) as error:
        message = str(error).strip().replace("\n", " ")
        return JobOutcome(item.name, item.path, time.perf_counter() - started, error=message)
    metrics = {
        k: (v if not isinstance(v, float) or math.isfinite(v) else None)
        for k, v in asdict(fit.metrics).items()
    }
    return JobOutcome(
        name=item.name,
        path=item.path,
        seconds=time.perf_counter() - started,
        parameters_json=json.dumps(history_fit_to_dict(fit), allow_nan=False),
        metrics_json=json.dumps(metrics),
        holdout_mape=fit.metrics.holdout_mape,
    )


def run_sequential(
    items: Sequence[BatchItem], settings: FitSettings
) -> tuple[str, Iterator[JobOutcome]]:
    """The baseline engine: one fit after another in this process."""
    return "sequential (this process)", (fit_item(i, settings) for i in items)


def run_on_ray(
    items: Sequence[BatchItem], settings: FitSettings, num_cpus: int | None
) -> tuple[str, Iterator[JobOutcome]]:
    """Fits as Ray tasks: on the cluster at ``RAY_ADDRESS`` when set, else on a local Ray this
    command starts (no dashboard, logs in a temporary folder) and stops when done."""
    import ray

    address = os.environ.get("RAY_ADDRESS")
    if address:
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
        where = f"cluster at {address}"
    else:
        ray.init(
            num_cpus=num_cpus or os.cpu_count() or 1,
            include_dashboard=False,
            log_to_driver=False,
            _temp_dir=tempfile.mkdtemp(prefix="budgetmix-ray-"),
        )
        where = "local"
    cpus = int(ray.cluster_resources().get("CPU", 0))
    engine = f"ray {ray.__version__} ({where}, {cpus} CPUs)"
    remote_fit: Callable[..., Any] = ray.remote(num_cpus=1, max_retries=0)(fit_item).remote

    def outcomes() -> Iterator[JobOutcome]:
        try:
            pending = {remote_fit(item, settings): item for item in items}
            while pending:
                done, _ = ray.wait(list(pending), num_returns=1)
                for ref in done:
                    item = pending.pop(ref)
                    try:
                        yield ray.get(ref)
                    except ray.exceptions.RayError as error:  # a worker that died
                        yield JobOutcome(item.name, item.path, 0.0, error=f"worker failed: {error}")
        finally:
            ray.shutdown()

    return engine, outcomes()
