"""What the CMO gave, as typed views: :class:`ParsedDataView` (one message read),
:class:`LoadedHistoryView` (a weekly history read) and :class:`DataView` (the data the
conversation holds now, the ``data`` of ``budgetmix ask --json``)."""

from __future__ import annotations

from typing import Literal

from model_engine.datasets import SnapshotData
from model_engine.intake import HistoryLoad, ParsedMessage
from model_engine.mmm import HistoryFit
from tools.views.base import View
from tools.views.units import Money, OutcomeAmount


class DataChannel(View):
    name: str
    type: str
    spend: Money | None
    outcome: OutcomeAmount | None
    outcome_name: str
    cac: Money | None


class DataView(View):
    currency: str
    kind: Literal["snapshot", "history"]
    period_weeks: int | None = None
    weeks: int | None = None
    target: str | None = None
    channels: list[DataChannel]


class ConstraintSaid(View):
    phrase: str
    means: str


class CurveHintView(View):
    channel: str
    half_saturation: Money


class ParsedDataView(View):
    """One message as read: what was understood, what it changed, and every problem once."""

    understood: str
    read: str  # what was understood, without the problems and notes listed below it
    currency: str
    data: DataView | None  # the data after this message, when it gave channel figures
    total_spend: Money | None
    budget: Money | None
    horizon_weeks: int
    budget_changes: list[str]
    curve_hints: list[CurveHintView]
    constraints: list[ConstraintSaid]
    problems: list[str]  # each once
    notes: list[str]
    problem_count: int
    note_count: int


class LoadedHistoryView(View):
    detected: str
    weeks: int
    first_week: str
    last_week: str
    target: str
    channels: list[str]
    controls: list[str]
    events: list[str]
    currency: str
    notes: list[str]


def snapshot_data_view(snapshot: SnapshotData) -> DataView:
    return DataView(
        currency=snapshot.currency,
        kind="snapshot",
        period_weeks=snapshot.period_weeks,
        channels=[
            DataChannel(
                name=c.name,
                type=c.channel_type.value,
                spend=Money.of(c.spend),
                outcome=OutcomeAmount.of(c.outcome),
                outcome_name=snapshot.outcome_name,
                cac=Money.of(c.cost_per_outcome),
            )
            for c in snapshot.channels
        ],
    )


def history_data_view(loaded: HistoryLoad, fit: HistoryFit | None) -> DataView:
    history = loaded.history
    return DataView(
        currency=history.currency,
        kind="history",
        weeks=history.n_weeks,
        target=history.target,
        channels=[
            DataChannel(
                name=name,
                type=history.channel_type(name).value,
                spend=Money.of(fit.channel(name).spend) if fit else None,
                outcome=None,
                outcome_name=history.target,
                cac=None,
            )
            for name in history.channels
        ],
    )


def parsed_data_view(
    parsed: ParsedMessage,
    data: DataView | None,
    budget: float | None,
    horizon_weeks: int,
    constraints: list[ConstraintSaid],
    notes: list[str],
) -> ParsedDataView:
    problems = list(dict.fromkeys(str(i) for i in parsed.errors))
    all_notes = list(dict.fromkeys([*(str(i) for i in parsed.warnings), *notes]))
    understood = parsed.describe()
    read = "\n".join(
        line for line in understood.splitlines() if not line.startswith(("Problem: ", "Note: "))
    )
    return ParsedDataView(
        understood=understood,
        read=read,
        currency=parsed.currency,
        data=data,
        total_spend=Money.of(parsed.snapshot.total_spend) if parsed.snapshot else None,
        budget=Money.of(budget),
        horizon_weeks=horizon_weeks,
        budget_changes=[c.describe(parsed.currency) for c in parsed.budget_changes],
        curve_hints=[
            CurveHintView(channel=h.channel, half_saturation=Money.of(h.half_saturation))
            for h in parsed.curve_hints
        ],
        constraints=constraints,
        problems=problems,
        notes=all_notes,
        problem_count=len(problems),
        note_count=len(all_notes),
    )


def loaded_history_view(loaded: HistoryLoad) -> LoadedHistoryView:
    detection = loaded.detection
    return LoadedHistoryView(
        detected=loaded.describe(),
        weeks=detection.n_weeks,
        first_week=detection.first_week.isoformat(),
        last_week=detection.last_week.isoformat(),
        target=detection.target,
        channels=list(loaded.history.channels),
        controls=list(loaded.history.controls),
        events=list(loaded.history.events),
        currency=detection.currency,
        notes=[str(w) for w in loaded.warnings],
    )
