"""Attribution tool: multi-touch models on customer journeys, side by side, reconciled with the
mix model when the conversation has one."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from model_engine.attribution import (
    AttributionResult,
    JourneyLoad,
    ModelName,
    Reconciliation,
    attribute,
    parse_journeys_text,
    read_journeys,
    reconcile,
)
from model_engine.intake import IntakeError
from model_engine.mmm import HistoryFit
from tools.context import ToolContext, ToolOutcome
from tools.state import JourneySource, PlanInputs, ToolError
from tools.views.attribution import attribution_view


class AttributeArgs(BaseModel):
    path: str | None = Field(
        None,
        description="A journeys file (CSV/TSV/XLSX) the user uploaded; omit to reuse "
        "the conversation's journeys.",
    )
    text: str | None = Field(None, description="A journeys table the user pasted.")
    reference: Literal["markov", "shapley"] = Field(
        "markov", description="The data-driven model last touch is judged against."
    )
    markov_order: int = Field(1, ge=1, le=4, description="Order of the Markov chain.")
    half_life_days: float | None = Field(
        None, gt=0, description="Time-decay half-life in days (event rows); default 7 days."
    )
    preferred_model: ModelName | None = Field(
        None,
        description="The attribution model the CMO says they report with; recorded as a "
        "preference for reporting only (plans keep using the mix model's increments).",
    )

    @model_validator(mode="after")
    def _one_source(self) -> AttributeArgs:
        if self.path is not None and self.text is not None:
            raise ValueError("give either a file path or pasted text, not both")
        return self


def attribute_journeys(context: ToolContext, args: AttributeArgs) -> ToolOutcome:
    """Attribute conversions to channels from customer journeys (a path table
    'path,conversions,nulls' with 'a > b' paths, or event rows 'user_id,timestamp,channel'):
    first touch, last touch, linear, time decay, position-based (40/20/40), Markov removal
    effects and Shapley values side by side, which channels last touch under- and
    over-credits, and, with a weekly-history mix model, attribution shares beside the model's
    incremental contribution shares. Records the CMO's preferred attribution model (reporting
    only: plans keep using the mix model's increments)."""
    inputs = context.inputs
    source = _source(inputs, args)
    loaded = load_journeys(source)
    fit = _history_fit(context)
    try:
        result = attribute(
            loaded.journeys,
            half_life=args.half_life_days,
            half_life_unit="days" if args.half_life_days is not None else None,
            markov_order=args.markov_order,
            reference=args.reference,
            budget=inputs.budget,
            currency=fit.currency if fit is not None else _currency(inputs),
        )
    except ValueError as error:
        raise ToolError(str(error)) from error
    reconciliation, note = _reconciled(result, fit, inputs.horizon_weeks)
    preferred = args.preferred_model or inputs.preferences.attribution_model
    view = attribution_view(
        result,
        loaded,
        reconciliation,
        preferred,
        outcome_unit=fit.outcome_unit if fit is not None else "count",
    )
    if note is not None:
        view = view.model_copy(update={"notes": [*view.notes, note]})
    changed = inputs.model_copy(
        update={
            "journeys": source,
            "preferences": inputs.preferences.model_copy(update={"attribution_model": preferred}),
        }
    )
    return ToolOutcome(view, result, changed if changed != inputs else None)


def load_journeys(source: JourneySource) -> JourneyLoad:
    try:
        if source.text is not None:
            return parse_journeys_text(source.text)
        return read_journeys(Path(source.path or ""))
    except IntakeError as error:
        raise ToolError(f"I couldn't read the journeys:\n{error}") from error


def _source(inputs: PlanInputs, args: AttributeArgs) -> JourneySource:
    if args.path is not None:
        return JourneySource(path=args.path)
    if args.text is not None:
        return JourneySource(text=args.text)
    if inputs.journeys is None:
        raise ToolError(
            "There are no customer journeys yet: upload or paste a path table "
            "(path,conversions,nulls with paths like 'search > email') or event rows "
            "(user_id,timestamp,channel)."
        )
    return inputs.journeys


def _history_fit(context: ToolContext) -> HistoryFit | None:
    if context.inputs.history is None:
        return None
    try:
        fit = context.results.fit(context.inputs)
    except ToolError:
        return None
    return fit if isinstance(fit, HistoryFit) else None


def _currency(inputs: PlanInputs) -> str:
    return inputs.snapshot.currency if inputs.snapshot is not None else "USD"


def _reconciled(
    result: AttributionResult, fit: HistoryFit | None, horizon_weeks: int
) -> tuple[Reconciliation | None, str | None]:
    if fit is None:
        return None, None
    try:
        return reconcile(result, fit, horizon_weeks), None
    except ValueError as error:
        return None, f"No reconciliation with the mix model: {error}."
