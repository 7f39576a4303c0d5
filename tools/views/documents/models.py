"""The ``--json`` of the stored model versions: ``models list`` (:class:`ModelListDocument`),
``models show NAME`` (:class:`ModelVersionsDocument`: each version's metrics and, for a
refresh, every channel's ROI before and after) and ``models review NAME``
(:class:`ModelReviewDocument`: each version's forecasts checked on the weeks after it)."""

from __future__ import annotations

from pydantic import Field, JsonValue

from tools.views.base import View
from tools.views.documents.base import Document
from tools.views.units import OutcomeAmount, Percent, Ratio


class ModelListLine(View):
    name: str
    versions: int
    updated: str


class ModelListDocument(Document):
    models: list[ModelListLine]


class RoiChangeLine(View):
    roi_before: Ratio | None
    low_before: Ratio | None
    high_before: Ratio | None
    roi_after: Ratio | None
    low_after: Ratio | None
    high_after: Ratio | None
    significant: bool = Field(description="The new ROI is outside the previous interval.")


class ModelVersionLine(View):
    version: int
    created: str
    data_hash: str
    metrics: dict[str, JsonValue] = Field(description="The fit's metrics as stored.")
    changes: dict[str, RoiChangeLine] = Field(description="Against the parent version.")


class ModelVersionsDocument(Document):
    versions: list[ModelVersionLine]


class ForecastReviewLine(View):
    data_hash: str = Field(description="The data the forecasts were checked on.")
    weeks: int
    first_week: str
    last_week: str
    actual_total: OutcomeAmount | None
    predicted_total: OutcomeAmount | None
    mape_pct: Percent | None
    bias_pct: Percent | None
    holdout_mape_pct: Percent | None = Field(description="The version's MAPE when fitted.")


class ReviewedVersionLine(View):
    version: int
    created: str
    data_hash: str
    review: ForecastReviewLine | None = Field(description="null: no weeks after it yet.")


class ModelReviewDocument(Document):
    versions: list[ReviewedVersionLine]
