"""What the stores return: frozen records, never ORM objects (those stay inside a
transaction). Documents are carried as their JSON text; :meth:`PlanRecord.document` and
friends read them back into the typed object that wrote them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from pydantic import BaseModel

# A plan's weekly forecast and the actuals tracked against it are the engine's own records.
from model_engine.tracking import ActualWeek, ForecastWeek

DocumentT = TypeVar("DocumentT", bound=BaseModel)
__all__ = [
    "ActualWeek",
    "AlertFinding",
    "AlertRecord",
    "DatasetRecord",
    "DocumentT",
    "ForecastWeek",
    "ModelVersionRecord",
    "PlanRecord",
    "StoredConversation",
    "UserRecord",
]


@dataclass(frozen=True)
class UserRecord:
    id: str
    name: str
    created_at: str | None
    can_sign_in: bool  # has a password


@dataclass(frozen=True)
class DatasetRecord:
    id: int
    content_hash: str
    filename: str
    size_bytes: int
    created_at: datetime


@dataclass(frozen=True)
class ModelVersionRecord:
    id: int
    name: str
    version: int
    created_at: datetime
    data_hash: str
    dataset_id: int | None
    parent_version: int | None
    kind: str  # the schema that wrote ``parameters_json``
    parameters_json: str
    metrics_json: str


@dataclass(frozen=True)
class PlanRecord:
    id: int
    name: str
    version: int
    created_at: datetime
    start_date: date
    weeks: int
    budget: float
    model_version_id: int | None
    kind: str  # the schema that wrote ``document_json``
    document_json: str

    def document(self, model: type[DocumentT]) -> DocumentT:
        """The stored plan read back as ``model`` (the class whose ``kind`` wrote it)."""
        return model.model_validate_json(self.document_json)


@dataclass(frozen=True)
class AlertFinding:
    """A channel whose actuals left the band or deviated beyond the threshold."""

    channel: str
    weeks_tracked: int
    deviation_pct: float
    reason: str
    message: str


@dataclass(frozen=True)
class AlertRecord(AlertFinding):
    id: int
    created_at: datetime


@dataclass(frozen=True)
class StoredConversation:
    thread_id: str
    kind: str  # the codec that wrote ``document``
    document: str
    updated_at: datetime
