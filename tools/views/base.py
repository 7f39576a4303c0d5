"""The base of every typed view: frozen, strict about unknown fields, JSON-round-trippable."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from tools.views.units import OutcomeAmount, OutcomeUnit, Units

U = TypeVar("U", bound=float)


class View(BaseModel):
    """A tool result as the LLM, the templates, the charts, the exports and the CLI see it.

    ``model_dump_json()`` is what the LLM reads and what ``--json`` prints;
    ``model_validate_json`` gives the same object back."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True
    )


class Range(View, Generic[U]):
    """An estimate with its 90% interval, all in one unit."""

    estimate: U
    low: U
    high: U


class OutcomeView(View):
    """A view whose amounts are in a currency and an outcome (MQLs, revenue)."""

    currency: str
    outcome_name: str
    outcome_unit: OutcomeUnit = "count"

    @property
    def units(self) -> Units:
        return Units(self.currency, self.outcome_name, self.outcome_unit)


def outcome_range(estimate: float, low: float, high: float) -> Range[OutcomeAmount]:
    return Range[OutcomeAmount](
        estimate=OutcomeAmount.of(estimate), low=OutcomeAmount.of(low), high=OutcomeAmount.of(high)
    )
