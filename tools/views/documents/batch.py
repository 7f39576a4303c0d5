"""``budgetmix batch fit --json``: :class:`BatchDocument`, ``{fitted, failed, skipped, seconds,
engine, models}`` with one line per data set of the spec, in the spec's order; a line's fields
are those of its ``status``."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from tools.views.base import View
from tools.views.documents.base import Document
from tools.views.units import Percent


class BatchLine(View):
    """A line of ``models``: ``status`` (its default) is printed on every line."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


class FittedModelLine(BatchLine):
    name: str
    file: str
    status: Literal["fitted"] = "fitted"
    version: int = Field(description="The version stored in the database.")
    holdout_mape: Percent | None
    seconds: float


class SkippedModelLine(BatchLine):
    name: str
    file: str
    status: Literal["skipped"] = "skipped"
    version: int = Field(description="The stored version that already holds this data.")
    reason: str


class FailedModelLine(BatchLine):
    name: str
    file: str
    status: Literal["failed"] = "failed"
    error: str


BatchModelLine = Annotated[
    FittedModelLine | SkippedModelLine | FailedModelLine, Field(discriminator="status")
]


class BatchDocument(Document):
    """How many data sets were fitted, failed or skipped (already stored), and each one."""

    fitted: int
    failed: int
    skipped: int
    seconds: float
    engine: str
    models: list[BatchModelLine]


def batch_document(models: list[BatchModelLine], engine: str, seconds: float) -> BatchDocument:
    fitted = sum(isinstance(m, FittedModelLine) for m in models)
    failed = sum(isinstance(m, FailedModelLine) for m in models)
    return BatchDocument(
        fitted=fitted,
        failed=failed,
        skipped=len(models) - fitted - failed,
        seconds=seconds,
        engine=engine,
        models=models,
    )
