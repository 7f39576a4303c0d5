"""Data tools: read what the CMO pasted or uploaded, through the one intake parser, so no
number is ever transcribed by a language model; and edit the channels (remove, rename)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from pydantic import BaseModel, Field

from model_engine.channel_matching import ChannelMatcher
from model_engine.channels import ChannelType
from model_engine.datasets import ChannelPeriod, SnapshotData
from model_engine.funnel_statements import FunnelStatements, read_funnel_statements
from model_engine.intake import IntakeIssue, ParsedMessage, QuotedConstraint, parse_message
from tools.context import ToolContext, ToolOutcome
from tools.state import HistorySource, PlanInputs, ToolError
from tools.views.data import (
    ConstraintSaid,
    history_data_view,
    loaded_history_view,
    parsed_data_view,
    snapshot_data_view,
)


class ParseDataArgs(BaseModel):
    text: str = Field(
        min_length=1,
        description="The user's message, table or pasted CSV, verbatim (do not retype numbers).",
    )


def parse_marketing_data(context: ToolContext, args: ParseDataArgs) -> ToolOutcome:
    """Read channel results (spend and outcomes per channel), the next budget and its period,
    the objective, constraints ("at least $150K in brand-building", "don't touch email") and
    the currency from the user's text, and keep them for the plan. Prose, markdown tables and
    CSV/TSV all work. Returns what was understood and any problems (which line or channel, and
    the fix)."""
    inputs = context.inputs
    parsed = read_message(context, args.text)
    updated, notes = apply_parsed(inputs, parsed)
    said = read_funnel_statements(args.text)
    if not said.empty:
        statements = (*updated.kpi_statements, *said.phrases)
        updated = updated.model_copy(update={"kpi_statements": statements})
    data = snapshot_data_view(updated.snapshot) if parsed.snapshot and updated.snapshot else None
    view = parsed_data_view(
        parsed,
        data,
        updated.budget,
        updated.horizon_weeks,
        [
            ConstraintSaid(phrase=q.phrase, means=q.constraint.describe())
            for q in updated.constraints
        ],
        notes,
    )
    return ToolOutcome(view, parsed, updated if not parsed.errors else None)


def read_message(context: ToolContext, text: str) -> ParsedMessage:
    """One message read against the conversation's channels (so "don't touch email" and "TV"
    resolve to them)."""
    inputs = context.inputs
    known = inputs.snapshot.channels if inputs.snapshot else ()
    if not known and inputs.history is not None:
        known = history_channels(context)
    parsed = parse_message(
        text, known_channels=known, brand_building_types=inputs.brand_building_types
    )
    return without_funnel_issues(parsed, read_funnel_statements(text))


def without_funnel_issues(parsed: ParsedMessage, said: FunnelStatements) -> ParsedMessage:
    """``parsed`` without the issues the funnel statements explain: "a won deal is worth $40K"
    is a funnel value, not a value for the channel figures' outcome, and "MQL to SQL is 30%"
    uses its percentage. The statements are kept with the inputs (``kpi_statements``)."""
    if said.empty:
        return parsed

    def explained(issue: IntakeIssue) -> bool:
        if issue.code == "value_for_other_outcome":
            # A stated rate or KPI goal carries the value to the data's outcome (and the reply
            # names the KPI); a value alone ("each MQL is worth $314" beside signups) stays a
            # warning, or the CMO is never told nothing uses it.
            carried = bool(said.funnel.rates) or said.goal is not None
            return carried and any(phrase in issue.what for phrase in said.phrases)
        if issue.code == "amount_not_used":
            quoted = re.match(r"did not use '(?P<figure>[^']+)'", issue.what)
            return quoted is not None and any(quoted["figure"] in p for p in said.phrases)
        return False

    kept = tuple(issue for issue in parsed.issues if not explained(issue))
    return parsed if kept == parsed.issues else replace(parsed, issues=kept)


def history_channels(context: ToolContext) -> tuple[ChannelPeriod, ...]:
    """The history's channels as one-period figures intake can resolve names against."""
    history = context.results.history_load(context.inputs).history
    return tuple(
        ChannelPeriod(name, history.channel_type(name), 0.0, None) for name in history.channels
    )


def apply_parsed(inputs: PlanInputs, parsed: ParsedMessage) -> tuple[PlanInputs, list[str]]:
    """The inputs after ``parsed``, with notes on what was kept, merged or replaced.

    Channel figures in a follow-up merge into the data when they extend or correct it (same
    outcome, currency and period, and either fewer channels or a channel already known);
    otherwise they replace it, and constraints stated about the old data go with it."""
    notes: list[str] = []
    changes: dict[str, object] = {}
    constraints = list(inputs.constraints)
    if parsed.brand_building_types is not None:
        changes["brand_building_types"] = parsed.brand_building_types
    if parsed.snapshot is not None:
        old = inputs.snapshot
        new = parsed.snapshot
        if old is not None and old.can_merge(new):
            changes["snapshot"] = old.merged(new)
            notes.append(_merge_note(old, new))
        else:
            changes["snapshot"] = new
            changes["overrides"] = {}
            constraints.clear()
            if old is not None or inputs.history is not None:
                notes.append(
                    "These figures replace the data you gave before (say 'undo' to go back)."
                )
        changes["history"] = None
    if parsed.budget is not None:
        changes["budget"] = parsed.budget
    if parsed.budget_period_weeks is not None:
        changes["horizon_weeks"] = parsed.budget_period_weeks
    if parsed.objective is not None:
        changes["objective"] = parsed.objective
        changes["objective_outcome"] = parsed.objective_outcome
    if parsed.risk is not None:
        changes["risk"] = parsed.risk
    for quoted in parsed.quoted_constraints():
        constraints = [q for q in constraints if q.constraint != quoted.constraint]
        constraints.append(quoted)
    changes["constraints"] = tuple(constraints)
    if parsed.curve_hints:
        if inputs.history is not None or (inputs.snapshot is None and parsed.snapshot is None):
            notes.append(
                "A saturation point you give is used with one quarter of results; the weekly "
                "history model estimates saturation from your data instead."
            )
        else:
            overrides = dict(inputs.overrides) if "overrides" not in changes else {}
            for hint in parsed.curve_hints:
                # The CMO's sense is kept: "saturates at $300K" is where returns flatten.
                overrides[hint.channel] = hint.override()
            changes["overrides"] = overrides
    if parsed.cues.lift_change_limit:
        changes["preferences"] = inputs.preferences.model_copy(update={"max_change": None})
    if parsed.cues.insist:
        changes["insist_on_unreliable_model"] = True
    return inputs.model_copy(update=changes), notes


def _merge_note(old: SnapshotData, new: SnapshotData) -> str:
    known = {c.name.casefold() for c in old.channels}
    added = [c.name for c in new.channels if c.name.casefold() not in known]
    updated = [c.name for c in new.channels if c.name.casefold() in known]
    parts = []
    if added:
        parts.append(f"Added {', '.join(added)}")
    if updated:
        parts.append(f"updated {', '.join(updated)}")
    said = "; ".join(parts)
    return f"{said[:1].upper()}{said[1:]}; the other channels keep the figures you gave before."


class LoadHistoryArgs(BaseModel):
    path: str = Field(description="Path of the uploaded CSV or XLSX file.")
    target: str | None = Field(None, description="Outcome column, if the user named it.")
    date: str | None = Field(None, description="Date column, if the user named it.")
    channels: list[str] | None = Field(None, description="Spend columns, if the user named them.")
    controls: list[str] | None = Field(None, description="Control columns (price, competitors).")


def load_weekly_history(context: ToolContext, args: LoadHistoryArgs) -> ToolOutcome:
    """Load an uploaded (or pasted) weekly or daily history (CSV/XLSX): detects the date
    column and frequency, spend and impression columns, the target, controls and events,
    aggregates daily data to weeks, and reports what it detected so the user can correct it.
    It replaces any earlier data."""
    source = HistorySource(
        path=str(Path(args.path)),
        target=args.target,
        date=args.date,
        channels=tuple(args.channels) if args.channels else None,
        controls=tuple(args.controls) if args.controls else None,
    )
    inputs = context.inputs.model_copy(
        update={"history": source, "snapshot": None, "constraints": (), "overrides": {}}
    )
    loaded = context.results.history_load(inputs)
    return ToolOutcome(loaded_history_view(loaded), loaded, inputs)


class EditChannelsArgs(BaseModel):
    remove: list[str] = Field(default_factory=list, description="Channels to drop from the data.")
    rename: dict[str, str] = Field(
        default_factory=dict, description="Old channel name -> the name the user wants."
    )


def edit_channels(context: ToolContext, args: EditChannelsArgs) -> ToolOutcome:
    """Remove channels from the data ("remove the conference channel") or rename them ("call
    tv_S TV"). Constraints and curve knowledge follow a renamed channel; a removed channel's
    constraints go with it."""
    inputs = context.inputs
    if inputs.snapshot is None and inputs.history is None:
        raise ToolError("There is no data yet to remove or rename channels in.")
    names, types = _current_channels(context)
    matcher = ChannelMatcher.of(names, types)
    try:
        removed = [matcher.require(n) for n in args.remove]
        renames = {matcher.require(old): new.strip() for old, new in args.rename.items()}
    except ValueError as error:
        raise ToolError(str(error)) from error
    clash = [
        new for new in renames.values() if matcher.exact(new) and matcher.exact(new) not in renames
    ]
    if clash:
        raise ToolError(f"There is already a channel named {clash[0]!r}; pick another name.")
    if removed and len(set(removed)) >= len(names):
        raise ToolError("That would remove every channel; say 'start over' to clear the data.")
    updated = _edited(inputs, context, removed, renames)
    data = (
        snapshot_data_view(updated.snapshot)
        if updated.snapshot is not None
        else history_data_view(context.results.history_load(updated), None)
    )
    return ToolOutcome(data, None, updated)


def _current_channels(context: ToolContext) -> tuple[list[str], list[ChannelType]]:
    inputs = context.inputs
    if inputs.snapshot is not None:
        return [c.name for c in inputs.snapshot.channels], [
            c.channel_type for c in inputs.snapshot.channels
        ]
    history = context.results.history_load(inputs).history
    return list(history.channels), [history.channel_type(n) for n in history.channels]


def _edited(
    inputs: PlanInputs, context: ToolContext, removed: list[str], renames: dict[str, str]
) -> PlanInputs:
    from dataclasses import replace

    from model_engine.constraints import (
        ChangeBound,
        ChannelBound,
        Constraint,
        GroupBound,
        LockChannel,
        MaxChange,
    )

    def name(channel: str) -> str:
        return renames.get(channel, channel)

    def follow(quoted: QuotedConstraint) -> QuotedConstraint | None:
        c = quoted.constraint
        new: Constraint = c
        if isinstance(c, ChannelBound | LockChannel):
            if c.channel in removed:
                return None
            new = replace(c, channel=name(c.channel)) if c.channel else c
        elif isinstance(c, GroupBound | MaxChange | ChangeBound) and c.channels is not None:
            kept = tuple(name(m) for m in c.channels if m not in removed)
            if not kept:
                return None
            new = replace(c, channels=kept)
        return QuotedConstraint(new, quoted.phrase)

    constraints = tuple(q for q in (follow(q) for q in inputs.constraints) if q is not None)
    overrides = {name(k): v for k, v in inputs.overrides.items() if k not in removed}
    changes: dict[str, object] = {"constraints": constraints, "overrides": overrides}
    if inputs.snapshot is not None:
        channels = tuple(
            replace(c, name=name(c.name)) for c in inputs.snapshot.channels if c.name not in removed
        )
        changes["snapshot"] = replace(inputs.snapshot, channels=channels)
    else:
        assert inputs.history is not None
        history = context.results.history_load(inputs).history
        source = inputs.history
        inverse = {v: k for k, v in source.renames.items()}
        kept_columns = tuple(inverse.get(c, c) for c in history.channels if c not in removed)
        new_renames = dict(source.renames)
        for old, new in renames.items():
            new_renames[inverse.get(old, old)] = new
        changes["history"] = source.model_copy(
            update={
                "channels": kept_columns if removed else source.channels,
                "renames": new_renames,
            }
        )
    return inputs.model_copy(update=changes)
