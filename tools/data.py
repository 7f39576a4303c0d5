"""Data tools: read what the CMO pasted or uploaded into the workspace, through the one intake
parser, so no number is ever transcribed by a language model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from model_engine.intake import (
    HistoryLoad,
    IntakeError,
    ParsedMessage,
    QuotedConstraint,
    load_history,
    parse_message,
)
from model_engine.snapshot import ChannelOverride
from tools import compact
from tools.workspace import ToolError, Workspace


class ParseDataArgs(BaseModel):
    text: str = Field(
        min_length=1,
        description="The user's message, table or pasted CSV, verbatim (do not retype numbers).",
    )


def parse_marketing_data(
    workspace: Workspace, args: ParseDataArgs
) -> tuple[dict[str, Any], ParsedMessage]:
    """Read channel results (spend and outcomes per channel), the next budget and its period,
    the objective, constraints ("at least $150K in brand-building", "don't touch email") and
    the currency from the user's text. Prose, markdown tables and CSV/TSV all work. Returns
    what was understood and any problems (which line or channel, and the fix)."""
    known = workspace.snapshot.channels if workspace.snapshot else ()
    parsed = parse_message(
        args.text, known_channels=known, brand_building_types=workspace.brand_building_types
    )
    notes = _apply(workspace, parsed)
    return _summary(workspace, parsed, notes), parsed


def _apply(workspace: Workspace, parsed: ParsedMessage) -> list[str]:
    """Update the workspace; returns notes on what was kept or replaced."""
    notes: list[str] = []
    if parsed.brand_building_types is not None:
        workspace.brand_building_types = parsed.brand_building_types
    if parsed.snapshot is not None:
        old = workspace.snapshot
        if (
            old is not None
            and old.can_merge(parsed.snapshot)
            and len(parsed.snapshot.channels) < len(old.channels)
        ):
            # A correction ("Email actually spent $250K"): update those channels only.
            workspace.snapshot = old.merged(parsed.snapshot)
            updated = ", ".join(c.name for c in parsed.snapshot.channels)
            notes.append(f"Updated {updated}; the other channels keep the figures you gave before.")
        else:
            # New results start a new planning problem: earlier constraints and fits are stale.
            workspace.snapshot = parsed.snapshot
            workspace.constraints.clear()
            workspace.overrides.clear()
        workspace.history = None
        workspace.history_fit = None
        workspace.snapshot_fit = None
        workspace.forget_results()
    if parsed.budget is not None:
        workspace.budget = parsed.budget
    if parsed.budget_period_weeks is not None:
        workspace.horizon_weeks = parsed.budget_period_weeks
    if parsed.objective is not None:
        workspace.objective = parsed.objective
        workspace.objective_outcome = parsed.objective_outcome
    if parsed.risk is not None:
        workspace.risk = parsed.risk
    for quoted in parsed.quoted_constraints():
        _add_constraint(workspace, quoted)
    if parsed.curve_hints:
        notes += _apply_curve_hints(workspace, parsed)
    return notes


def _apply_curve_hints(workspace: Workspace, parsed: ParsedMessage) -> list[str]:
    """ "Email saturates at about $300K" replaces that part of the channel's prior."""
    if workspace.history is not None:
        return [
            "A saturation point you give is used with one quarter of results; the weekly "
            "history model estimates saturation from your data instead."
        ]
    for hint in parsed.curve_hints:
        workspace.overrides[hint.channel] = ChannelOverride(half_saturation=hint.half_saturation)
    workspace.snapshot_fit = None
    workspace.forget_results()
    return []


def _add_constraint(workspace: Workspace, quoted: QuotedConstraint) -> None:
    if all(q.constraint != quoted.constraint for q in workspace.constraints):
        workspace.constraints.append(quoted)


def _summary(workspace: Workspace, parsed: ParsedMessage, notes: list[str]) -> dict[str, Any]:
    snapshot = workspace.snapshot if parsed.snapshot is not None else None
    channels = []
    if snapshot is not None:
        for channel in snapshot.channels:
            channels.append(
                {
                    "name": channel.name,
                    "type": channel.channel_type.value,
                    "spend": compact.money(channel.spend),
                    "outcome": compact.count(channel.outcome),
                    "cost_per_outcome": compact.money(channel.cost_per_outcome),
                    "stated_cost_per_outcome": compact.money(channel.stated_cost_per_outcome),
                }
            )
    return {
        "understood": parsed.describe(),
        "currency": parsed.currency,
        "outcome_name": snapshot.outcome_name if snapshot else None,
        "period_weeks": snapshot.period_weeks if snapshot else None,
        "channels": channels,
        "total_spend": compact.money(snapshot.total_spend) if snapshot else None,
        "budget": compact.money(workspace.budget),
        "horizon_weeks": workspace.horizon_weeks,
        "budget_changes": [c.describe(parsed.currency) for c in parsed.budget_changes],
        "curve_hints": [
            {"channel": h.channel, "half_saturation": compact.money(h.half_saturation)}
            for h in parsed.curve_hints
        ],
        "budget_change_values": [c.value for c in parsed.budget_changes],
        "constraints": [
            {"phrase": q.phrase, "means": q.constraint.describe()} for q in workspace.constraints
        ],
        "problems": [str(i) for i in parsed.errors],
        "notes": [*(str(i) for i in parsed.warnings), *notes],
    }


class LoadHistoryArgs(BaseModel):
    path: str = Field(description="Path of the uploaded CSV or XLSX file.")
    target: str | None = Field(None, description="Outcome column, if the user named it.")
    date: str | None = Field(None, description="Date column, if the user named it.")
    channels: list[str] | None = Field(None, description="Spend columns, if the user named them.")
    controls: list[str] | None = Field(None, description="Control columns (price, competitors).")


def load_weekly_history(
    workspace: Workspace, args: LoadHistoryArgs
) -> tuple[dict[str, Any], HistoryLoad]:
    """Load an uploaded weekly or daily history (CSV/XLSX): detects the date column and
    frequency, spend and impression columns, the target, controls and events, aggregates daily
    data to weeks, and reports what it detected so the user can correct it."""
    try:
        loaded = load_history(
            Path(args.path),
            target=args.target,
            date=args.date,
            channels=args.channels,
            controls=args.controls,
        )
    except IntakeError as error:
        raise ToolError(str(error)) from error
    workspace.history = loaded
    workspace.history_choices = args.model_dump(exclude={"path"}, exclude_none=True)
    workspace.history_fit = None
    workspace.snapshot = None
    workspace.snapshot_fit = None
    workspace.constraints.clear()
    workspace.forget_results()
    detection = loaded.detection
    return {
        "detected": loaded.describe(),
        "weeks": detection.n_weeks,
        "first_week": detection.first_week.isoformat(),
        "last_week": detection.last_week.isoformat(),
        "target": detection.target,
        "channels": list(loaded.history.channels),
        "controls": list(loaded.history.controls),
        "events": list(loaded.history.events),
        "currency": detection.currency,
        "notes": [str(w) for w in loaded.warnings],
    }, loaded
