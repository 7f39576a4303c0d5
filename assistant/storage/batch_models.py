"""Batch fits as model versions: each fitted file is the next version of its model, stored
with its data file (content-hashed), and a file whose content is already the latest version's
is not fitted again (``budgetmix batch fit`` resumes where it stopped)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.storage import OwnedStorage
from assistant.storage.records import ModelVersionRecord


@dataclass(frozen=True)
class BatchFitDocument:
    """One fitted model of a batch, serialised by the fitting worker."""

    name: str
    filename: str
    content: bytes
    kind: str
    parameters_json: str
    metrics_json: str


def already_stored(mine: OwnedStorage, name: str, data_hash: str) -> ModelVersionRecord | None:
    """The latest version of ``name`` when it was fitted on data with ``data_hash``."""
    latest = mine.models.latest(name)
    return latest if latest is not None and latest.data_hash == data_hash else None


def store_batch_fit(mine: OwnedStorage, document: BatchFitDocument) -> ModelVersionRecord:
    dataset = mine.datasets.store(document.filename, document.content)
    return mine.models.save_version(
        document.name,
        kind=document.kind,
        parameters_json=document.parameters_json,
        metrics_json=document.metrics_json,
        data_hash=dataset.content_hash,
        dataset_id=dataset.id,
    )
