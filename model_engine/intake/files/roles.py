"""Deciding what each column of a history is: the target, spend per channel, exposures
(impressions, clicks), controls, event indicators, a geo/panel key, or nothing we use.

The user's choices (``target``, ``channels``, ``controls``) always win. Otherwise names decide
(see :mod:`model_engine.intake.files.columns`) and values settle the rest: 0/1 columns are
events, text columns with a few repeated levels are categorical events, other text is ignored.
Every column that is not used is listed with the reason, so nothing disappears silently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from model_engine.channels import ChannelType
from model_engine.datasets import OutcomeUnit
from model_engine.intake.files.columns import (
    NameReading,
    channel_stem,
    outcome_unit_of,
    read_name,
    spend_channel_type,
    target_rank,
)
from model_engine.intake.files.reading import numbered_cells
from model_engine.intake.files.values import NumericColumn
from model_engine.intake.issues import IntakeIssue, error, warning
from model_engine.intake.wording import is_filled, listing, quote, rows_phrase

MAX_EVENT_LEVELS = 12
_BASELINE_LEVELS = frozenset({"", "na", "n/a", "none", "no", "0", "false", "-", "normal"})


@dataclass(frozen=True)
class IgnoredColumn:
    """A column left out of the history, and why (shown to the user)."""

    name: str
    reason: str


@dataclass(frozen=True)
class ColumnRoles:
    target: str
    target_how: str
    outcome_unit: OutcomeUnit
    outcome_unit_stated: bool
    channels: tuple[str, ...]
    channel_types: Mapping[str, ChannelType]
    exposures: tuple[str, ...]
    exposure_of: Mapping[str, str]  # spend column -> its impressions/clicks column
    controls: tuple[str, ...]
    assumed_controls: tuple[str, ...]  # controls only because their names say nothing
    events: tuple[str, ...]  # numeric 0/1 columns
    categorical_events: tuple[str, ...]  # text columns to expand into 0/1 columns
    panel: str | None
    ignored: tuple[IgnoredColumn, ...] = field(default=())


@dataclass(frozen=True)
class UserChoices:
    """Columns the user named; ``None`` means "detect it"."""

    target: str | None = None
    channels: tuple[str, ...] | None = None
    controls: tuple[str, ...] | None = None


def assign_roles(
    numeric: Sequence[NumericColumn],
    text: Mapping[str, pd.Series],
    choices: UserChoices,
    *,
    first_column: str,
    has_duplicate_dates: bool,
) -> tuple[ColumnRoles | None, list[IntakeIssue]]:
    issues: list[IntakeIssue] = []
    ignored: list[IgnoredColumn] = []
    named = {c.name: read_name(c.name) for c in numeric}
    binary = {c.name for c in numeric if _is_binary(c.values)}
    chosen = {choices.target, *(choices.channels or ()), *(choices.controls or ())} - {None}

    index_columns = [
        c.name
        for c in numeric
        if c.name not in chosen
        and (named[c.name].role == "index" or c.name == first_column)
        and _is_row_counter(c.values)
    ]
    ignored += [IgnoredColumn(n, "a row number, not data") for n in index_columns]
    issues += _text_in_measure_columns(text, chosen)
    available = [c.name for c in numeric if c.name not in index_columns]

    target, target_how, target_issues = _choose_target(available, choices, named)
    issues += target_issues
    if target is None:
        return None, issues
    other_targets = [
        n for n in available if n != target and named[n].role == "target" and n not in chosen
    ]
    ignored += [
        IgnoredColumn(n, f"another outcome column; the target is {target!r}") for n in other_targets
    ]
    taken = {target, *other_targets}

    channels, implicit_as_controls, spend_ignored = _choose_channels(
        available, choices, named, binary, taken
    )
    ignored += spend_ignored
    if not channels:
        issues.append(
            error(
                "no_spend_columns",
                "found no spend columns (names with 'spend', 'cost', '_S', or a channel name)",
                "Name each channel's spend column with 'spend' (for example 'tv_spend'), or "
                "say which columns are spend.",
            )
        )
        return None, issues
    taken |= set(channels) | {n for n in available if n in {i.name for i in spend_ignored}}

    exposures = [n for n in available if named[n].role == "exposure" and n not in taken | chosen]
    taken |= set(exposures)
    exposure_of = _pair_exposures(channels, exposures)

    calendar = [n for n in available if named[n].role == "calendar" and n not in taken | chosen]
    ratios = [n for n in available if named[n].role == "ratio" and n not in taken | chosen]
    ignored += [IgnoredColumn(n, "a calendar counter (the date already says it)") for n in calendar]
    ignored += [IgnoredColumn(n, "a ratio or per-unit value, not a driver") for n in ratios]
    taken |= set(calendar) | set(ratios)

    rest = [n for n in available if n not in taken]
    if choices.controls is not None:
        controls = list(choices.controls)
        events = [n for n in rest if n in binary and n not in controls]
        ignored += [
            IgnoredColumn(n, "not in your list of controls")
            for n in rest
            if n not in controls and n not in events
        ]
        assumed: list[str] = []
    else:
        events = [n for n in rest if n in binary]
        controls = [n for n in rest if n not in binary] + implicit_as_controls
        assumed = [n for n in controls if named[n].role is None]

    panel, categorical, text_ignored = _classify_text(text, chosen, has_duplicate_dates)
    ignored += text_ignored
    unit = outcome_unit_of(target)
    return (
        ColumnRoles(
            target=target,
            target_how=target_how,
            outcome_unit=unit or "count",
            outcome_unit_stated=unit is not None,
            channels=tuple(channels),
            channel_types={n: spend_channel_type(n) for n in channels},
            exposures=tuple(exposures),
            exposure_of=exposure_of,
            controls=tuple(controls),
            assumed_controls=tuple(assumed),
            events=tuple(events),
            categorical_events=tuple(categorical),
            panel=panel,
            ignored=tuple(ignored),
        ),
        issues,
    )


def _choose_target(
    available: Sequence[str], choices: UserChoices, named: Mapping[str, NameReading]
) -> tuple[str | None, str, list[IntakeIssue]]:
    if choices.target is not None:
        return choices.target, "named by you", []
    candidates = [
        n
        for n in available
        if named[n].role == "target"
        and n not in (choices.channels or ())
        and n not in (choices.controls or ())
    ]
    if not candidates:
        return (
            None,
            "",
            [
                error(
                    "missing_target",
                    "found no outcome column (looked for revenue, sales, conversions, leads, "
                    f"MQLs, pipeline, target...); the columns are: {listing(list(available))}",
                    "Say which column is the outcome (for example target='signups'), or add a "
                    "column with the outcome per week.",
                )
            ],
        )
    best = max(target_rank(n) for n in candidates)
    top = [n for n in candidates if target_rank(n) == best]
    if len(top) > 1:
        return (
            None,
            "",
            [
                error(
                    "ambiguous_target",
                    f"several columns could be the outcome: {listing(top)}",
                    f"Say which one to model (for example target={top[0]!r}).",
                )
            ],
        )
    how = "the only outcome-named column" if len(candidates) == 1 else "the plainest outcome name"
    return top[0], how, []


def _choose_channels(
    available: Sequence[str],
    choices: UserChoices,
    named: Mapping[str, NameReading],
    binary: set[str],
    taken: set[str],
) -> tuple[list[str], list[str], list[IgnoredColumn]]:
    """Spend columns; channel-named columns used as controls; spend columns left out."""
    spend_named = [
        n for n in available if named[n].role == "spend" and n not in taken and n not in binary
    ]
    explicit = [n for n in spend_named if named[n].explicit_spend]
    if choices.channels is not None:
        chosen = list(choices.channels)
        left_out = [
            IgnoredColumn(n, "looks like spend but is not in your list of channels")
            for n in explicit
            if n not in chosen and n not in (choices.controls or ())
        ]
        return chosen, [], left_out
    if explicit:
        # The file marks spend explicitly, so a bare channel name ("newsletter") is activity
        # without a cost: a control, not a channel to budget.
        implicit = [n for n in spend_named if n not in explicit]
        return explicit, implicit, []
    return spend_named, [], []


def _pair_exposures(channels: Sequence[str], exposures: Sequence[str]) -> dict[str, str]:
    by_stem = {channel_stem(e): e for e in exposures}
    return {c: by_stem[channel_stem(c)] for c in channels if channel_stem(c) in by_stem}


def _classify_text(
    text: Mapping[str, pd.Series], chosen: set[str | None], has_duplicate_dates: bool
) -> tuple[str | None, list[str], list[IgnoredColumn]]:
    panel: str | None = None
    categorical: list[str] = []
    ignored: list[IgnoredColumn] = []
    for name, cells in text.items():
        reading = read_name(name)
        if name in chosen or reading.explicit_spend or reading.role in ("exposure", "target"):
            continue  # reported as text in a numeric column
        levels = cells[cells.map(is_filled)].astype(str).str.strip()
        distinct = levels.nunique()
        if has_duplicate_dates and panel is None and 1 < distinct < len(cells):
            panel = name
        elif 0 < distinct <= MAX_EVENT_LEVELS and distinct <= max(2, len(cells) // 2):
            categorical.append(name)
        else:
            example = levels.iloc[0] if len(levels) else ""
            ignored.append(IgnoredColumn(name, f"text, not numbers (e.g. {quote(example)})"))
    return panel, categorical, ignored


def event_levels(cells: pd.Series) -> list[str]:
    """Levels of a categorical event column that become 0/1 columns: every level but the
    baseline ("na", "none", blank, or else the most common one)."""
    levels = cells.map(lambda v: str(v).strip() if is_filled(v) else "")
    counts = levels.value_counts()
    baseline = [lv for lv in counts.index if lv.casefold() in _BASELINE_LEVELS]
    base = baseline[0] if baseline else str(counts.index[0])
    return sorted(
        str(lv) for lv in counts.index if lv != base and lv.casefold() not in _BASELINE_LEVELS
    )


def _text_in_measure_columns(
    text: Mapping[str, pd.Series], chosen: set[str | None]
) -> list[IntakeIssue]:
    """Columns that must be numbers (chosen by the user, or named as spend, impressions or
    an outcome) but hold mostly text."""
    issues = []
    for name in text:
        reading = read_name(name)
        must_be_numeric = (
            name in chosen or reading.explicit_spend or reading.role in ("exposure", "target")
        )
        if not must_be_numeric:
            continue
        cells = text[name]
        rows = [r for r, v in numbered_cells(cells) if is_filled(v)]
        issues.append(
            error(
                "text_in_numeric_column",
                f"{name!r} holds text, not numbers ({rows_phrase(rows[:3])}, e.g. "
                f"{quote(cells[rows[0]]) if rows else quote('')})",
                "Choose a numeric column, or fix the cells so they hold numbers.",
                column=name,
            )
        )
    return issues


def _is_binary(values: pd.Series) -> bool:
    present = values.dropna()
    return len(present) > 0 and bool(present.isin([0.0, 1.0]).all())


def _is_row_counter(values: pd.Series) -> bool:
    present = values.to_numpy()
    if len(present) < 2 or np.isnan(present).any():
        return False
    start = present[0]
    return start in (0.0, 1.0) and bool(
        np.array_equal(present, np.arange(start, start + len(present)))
    )


def unused_exposure_warning(roles: ColumnRoles) -> IntakeIssue | None:
    unpaired = [e for e in roles.exposures if e not in roles.exposure_of.values()]
    if not unpaired:
        return None
    return warning(
        "exposure_without_spend",
        f"{listing(unpaired)}: impressions or clicks with no matching spend column, so not a "
        "channel to budget",
        "Add the matching spend column to plan on it, or list it among the controls.",
    )
