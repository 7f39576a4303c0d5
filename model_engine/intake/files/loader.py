"""``load_history``: an uploaded CSV/TSV/XLSX of weekly or daily history -> a validated
:class:`~model_engine.datasets.WeeklyHistory`, an account of what was detected, and warnings.

Bad input raises :class:`~model_engine.intake.issues.IntakeError` listing every problem found
at once (row, column, value and fix), not just the first.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from model_engine.datasets import WeeklyHistory
from model_engine.intake.files.columns import tokens_of
from model_engine.intake.files.dates import find_date_column, read_date_column
from model_engine.intake.files.detection import DetectedChannel, HistoryDetection
from model_engine.intake.files.limits import MAX_WEEKS
from model_engine.intake.files.reading import RawSheet, read_sheet
from model_engine.intake.files.roles import (
    ColumnRoles,
    IgnoredColumn,
    UserChoices,
    assign_roles,
    event_levels,
    unused_exposure_warning,
)
from model_engine.intake.files.validation import value_issues
from model_engine.intake.files.values import NumericColumn, file_notation, read_numeric
from model_engine.intake.files.weekly import Aggregation, DroppedRows, WeeklyRows, to_weekly
from model_engine.intake.issues import IntakeError, IntakeIssue, error, raise_if_errors, warning
from model_engine.intake.numbers import currency_of
from model_engine.intake.wording import listing, money

# Below MIN_WEEKS a response model cannot separate carryover and saturation from noise;
# below RECOMMENDED_WEEKS it cannot see a full year of seasonality.
MIN_WEEKS = 26
RECOMMENDED_WEEKS = 52


@dataclass(frozen=True, eq=False)
class HistoryLoad:
    """A loaded history. ``history.frame`` also holds the impressions/clicks columns listed in
    ``detection.exposures`` (not spend; available to fits that use them)."""

    history: WeeklyHistory
    detection: HistoryDetection
    warnings: tuple[IntakeIssue, ...]

    def describe(self) -> str:
        """The detection account followed by the warnings, for showing to the user."""
        notes = [f"Note: {w}" for w in self.warnings]
        return "\n".join([self.detection.describe(), *notes])


def load_history(
    source: str | Path,
    *,
    target: str | None = None,
    date: str | None = None,
    channels: Sequence[str] | None = None,
    controls: Sequence[str] | None = None,
) -> HistoryLoad:
    """Load a weekly or daily history. Named columns (matched ignoring case) override
    detection; everything else is detected and reported in ``detection``."""
    return load_history_sheet(
        read_sheet(source), source, target=target, date=date, channels=channels, controls=controls
    )


def load_history_sheet(
    sheet: RawSheet,
    source: str | Path,
    *,
    target: str | None = None,
    date: str | None = None,
    channels: Sequence[str] | None = None,
    controls: Sequence[str] | None = None,
) -> HistoryLoad:
    """:func:`load_history` on cells already read (a panel's rows of one geo, for instance);
    ``source`` names the file in messages."""
    issues = list(sheet.notes)
    cells = sheet.cells
    choices, date_name = _resolve_choices(list(cells.columns), target, date, channels, controls)
    date_name = date_name or find_date_column(cells)
    if date_name is None:
        raise IntakeError(
            [
                *issues,
                error(
                    "no_date_column",
                    "found no column of dates; the columns are: "
                    + listing([str(c) for c in cells.columns]),
                    "Add a date column (the week start, e.g. 2024-01-08), or say which column "
                    "holds the dates.",
                ),
            ]
        )
    date_column, date_issues = read_date_column(cells, date_name)
    issues += date_issues
    raise_if_errors(issues)
    assert date_column is not None
    kept = cells.loc[date_column.dates.index].drop(columns=[date_name])
    notation = file_notation(kept, sheet.delimiter)
    readings = [read_numeric(str(n), kept[n], notation) for n in kept.columns]
    empty = [r.name for r in readings if r.filled_count == 0]
    numeric = [r for r in readings if r.is_numeric]
    text = {r.name: kept[r.name] for r in readings if not r.is_numeric and r.name not in empty}
    raise_if_errors([*issues, *_unusable_choices(choices, date_name, empty)])
    roles, role_issues = assign_roles(
        numeric,
        text,
        choices,
        first_column=str(cells.columns[0]),
        has_duplicate_dates=bool(date_column.dates.duplicated().any()),
    )
    issues += role_issues
    if roles is None:
        raise IntakeError(issues)
    by_name = {r.name: r for r in numeric}
    roles = _without_incomplete_exposures(roles, by_name)
    measures = _measure_columns(roles)
    issues += value_issues(by_name, roles)
    currency, currency_stated, currency_issues = _currency(by_name, roles)
    issues += currency_issues
    raise_if_errors(issues)

    frame = pd.DataFrame({n: by_name[n].values for n in measures})
    frame, event_columns = _expand_categorical_events(frame, kept, roles)
    how = _aggregation(roles, event_columns)
    weekly, weekly_issues = to_weekly(
        frame[list(how)],
        date_column.dates,
        how,
        panel=kept[roles.panel] if roles.panel else None,
        panel_name=roles.panel,
    )
    issues += weekly_issues
    raise_if_errors(issues)
    assert weekly is not None
    constant = _constant_columns(weekly.frame, [*roles.controls, *event_columns])
    issues += _target_and_length_issues(weekly.frame, roles)
    issues += _idle_channel_warnings(weekly.frame, roles, currency)
    exposure_note = unused_exposure_warning(roles)
    issues += [exposure_note] if exposure_note else []
    raise_if_errors(issues)

    controls_kept = tuple(c for c in roles.controls if c not in constant)
    events_kept = tuple(e for e in event_columns if e not in constant)
    history_frame = weekly.frame.drop(columns=constant).rename_axis("week")
    history = WeeklyHistory(
        frame=history_frame,
        target=roles.target,
        channels=roles.channels,
        channel_types=dict(roles.channel_types),
        controls=controls_kept,
        events=events_kept,
        outcome_unit=roles.outcome_unit,
        currency=currency,
    )
    detection = _detection(
        source,
        sheet,
        date_column.name,
        date_column.date_format,
        weekly,
        roles,
        controls_kept,
        events_kept,
        [
            *roles.ignored,
            *(IgnoredColumn(n, "empty") for n in empty),
            *(IgnoredColumn(n, "the same value in every week") for n in constant),
        ],
        (currency, currency_stated),
        rows_read=len(cells),
        summary_rows=date_column.summary_rows,
    )
    return HistoryLoad(history, detection, tuple(i for i in issues if not i.is_error))


def _resolve_choices(
    columns: list[str],
    target: str | None,
    date: str | None,
    channels: Sequence[str] | None,
    controls: Sequence[str] | None,
) -> tuple[UserChoices, str | None]:
    issues: list[IntakeIssue] = []
    by_fold = {c.casefold().strip(): c for c in columns}

    def resolve(name: str, what: str) -> str:
        found = by_fold.get(name.casefold().strip())
        if found is None:
            close = difflib.get_close_matches(name, columns, n=3)
            hint = f" Did you mean {listing([repr(c) for c in close])}?" if close else ""
            issues.append(
                error(
                    "unknown_column",
                    f"there is no column {name!r} for the {what}; the columns are: "
                    + listing(columns, shown=12),
                    f"Use one of the column names as written in the header.{hint}",
                    column=name,
                )
            )
            return name
        return found

    resolved_target = resolve(target, "target") if target is not None else None
    resolved_date = resolve(date, "dates") if date is not None else None
    resolved_channels = (
        tuple(resolve(c, "spend") for c in channels) if channels is not None else None
    )
    resolved_controls = (
        tuple(resolve(c, "controls") for c in controls) if controls is not None else None
    )
    roles_named = [
        *([resolved_target] if resolved_target else []),
        *(resolved_channels or ()),
        *(resolved_controls or ()),
    ]
    twice = sorted({n for n in roles_named if roles_named.count(n) > 1})
    if twice:
        issues.append(
            error(
                "column_in_two_roles",
                f"{listing(twice)} named for two roles (target, channel or control)",
                "Give each column one role.",
            )
        )
    if resolved_channels is not None and not resolved_channels:
        issues.append(
            error(
                "no_spend_columns",
                "the list of channels is empty",
                "Name at least one spend column.",
            )
        )
    raise_if_errors(issues)
    return UserChoices(resolved_target, resolved_channels, resolved_controls), resolved_date


def _unusable_choices(choices: UserChoices, date_name: str, empty: list[str]) -> list[IntakeIssue]:
    named = [choices.target, *(choices.channels or ()), *(choices.controls or ())]
    issues = []
    for name in (n for n in named if n is not None):
        if name == date_name:
            what = f"{name!r} is the date column, so it cannot also be a target, channel or control"
        elif name in empty:
            what = f"{name!r} is empty"
        else:
            continue
        issues.append(error("unusable_column", what, "Choose a column with numbers.", column=name))
    return issues


def _without_incomplete_exposures(
    roles: ColumnRoles, by_name: dict[str, NumericColumn]
) -> ColumnRoles:
    """Impressions and clicks are optional extras: a column with gaps or text is left out
    (and listed) rather than failing the whole history."""
    incomplete = [
        e
        for e in roles.exposures
        if not by_name[e].is_complete or by_name[e].percentages or by_name[e].logical
    ]
    if not incomplete:
        return roles
    return replace(
        roles,
        exposures=tuple(e for e in roles.exposures if e not in incomplete),
        exposure_of={c: e for c, e in roles.exposure_of.items() if e not in incomplete},
        ignored=(
            *roles.ignored,
            *(
                IgnoredColumn(e, "impressions/clicks with empty, text or unusable cells")
                for e in incomplete
            ),
        ),
    )


def _measure_columns(roles: ColumnRoles) -> list[str]:
    return [roles.target, *roles.channels, *roles.exposures, *roles.controls, *roles.events]


def _currency(
    by_name: dict[str, NumericColumn], roles: ColumnRoles
) -> tuple[str, bool, list[IntakeIssue]]:
    found: set[str] = set()
    for name in roles.channels:
        found |= by_name[name].currencies
        found |= {c for t in tokens_of(name) if (c := currency_of(t))}
        found |= {c for mark in "$€£" if mark in name and (c := currency_of(mark))}
    if len(found) > 1:
        return (
            "USD",
            False,
            [
                error(
                    "mixed_currency",
                    f"the spend columns mix currencies ({', '.join(sorted(found))})",
                    "Convert all spend to one currency and upload again.",
                )
            ],
        )
    if found:
        return found.pop(), True, []
    return "USD", False, []


def _expand_categorical_events(
    frame: pd.DataFrame, kept: pd.DataFrame, roles: ColumnRoles
) -> tuple[pd.DataFrame, list[str]]:
    columns = list(roles.events)
    expanded = {}
    for name in roles.categorical_events:
        cells = kept[name].map(lambda v: str(v).strip() if v is not None else "")
        for level in event_levels(kept[name]):
            column = f"{name}_{level}"
            expanded[column] = (cells == level).astype(float)
            columns.append(column)
    if expanded:
        frame = pd.concat([frame, pd.DataFrame(expanded, index=frame.index)], axis=1)
    return frame, columns


def _aggregation(roles: ColumnRoles, event_columns: list[str]) -> dict[str, Aggregation]:
    how: dict[str, Aggregation] = {roles.target: "sum"}
    how |= dict.fromkeys((*roles.channels, *roles.exposures), "sum")
    how |= dict.fromkeys(roles.controls, "mean")
    how |= dict.fromkeys(event_columns, "max")
    return how


def _constant_columns(frame: pd.DataFrame, candidates: list[str]) -> list[str]:
    return [c for c in candidates if frame[c].nunique(dropna=False) <= 1]


def _target_and_length_issues(frame: pd.DataFrame, roles: ColumnRoles) -> list[IntakeIssue]:
    issues = []
    if frame[roles.target].nunique() <= 1:
        issues.append(
            error(
                "constant_target",
                f"the target {roles.target!r} has the same value every week",
                "Check that this is the outcome column; a model needs the outcome to vary.",
                column=roles.target,
            )
        )
    weeks = len(frame)
    if weeks > MAX_WEEKS:
        issues.append(
            error(
                "too_many_weeks",
                f"the history has {weeks:,} weeks ({frame.index[0].date()} to "
                f"{frame.index[-1].date()}); the limit is {MAX_WEEKS:,} weeks (20 years)",
                "Upload the most recent years only: channels respond differently after so long, "
                "and a model of the last few years plans better.",
            )
        )
    elif weeks < MIN_WEEKS:
        issues.append(
            error(
                "too_few_weeks",
                f"the history has {weeks} weeks; a model needs at least {MIN_WEEKS} "
                f"({RECOMMENDED_WEEKS}+ to see a full year)",
                "Upload a longer history, or give last quarter's totals per channel in the chat "
                "instead.",
            )
        )
    elif weeks < RECOMMENDED_WEEKS:
        issues.append(
            warning(
                "short_history",
                f"the history has {weeks} weeks, less than a year: seasonality cannot be told "
                "apart from channel effects",
                f"Upload {RECOMMENDED_WEEKS}+ weeks if you have them.",
            )
        )
    return issues


def _idle_channel_warnings(
    frame: pd.DataFrame, roles: ColumnRoles, currency: str
) -> list[IntakeIssue]:
    issues = []
    for name in roles.channels:
        spend = frame[name]
        active = int((spend > 0).sum())
        if active == 0:
            what = f"{name!r} has no spend in any week ({money(0, currency)} total)"
        elif active < 4:
            what = f"{name!r} has spend in only {active} week(s)"
        else:
            continue
        issues.append(
            warning(
                "idle_channel",
                what + ": the history says almost nothing about its response",
                "Its curve will lean on priors; drop the column if the channel is not in play.",
                column=name,
            )
        )
    return issues


def _detection(
    source: str | Path,
    sheet: RawSheet,
    date_name: str,
    date_format: str,
    weekly: WeeklyRows,
    roles: ColumnRoles,
    controls: tuple[str, ...],
    events: tuple[str, ...],
    ignored: list[IgnoredColumn],
    currency: tuple[str, bool],
    *,
    rows_read: int,
    summary_rows: tuple[int, ...],
) -> HistoryDetection:

    dropped = list(weekly.dropped)
    if summary_rows:
        dropped.insert(0, DroppedRows(summary_rows, "a total or average row, not a week"))
    index = weekly.frame.index
    return HistoryDetection(
        source=Path(source).name,
        file_format=sheet.file_format,
        sheet_name=sheet.sheet_name,
        header_row=sheet.header_row,
        rows_read=rows_read,
        date_column=date_name,
        date_format=date_format,
        source_frequency=weekly.source_frequency,
        week_start=weekly.week_start,
        first_week=index[0].date(),
        last_week=index[-1].date(),
        n_weeks=len(index),
        target=roles.target,
        target_how=roles.target_how,
        outcome_unit=roles.outcome_unit,
        outcome_unit_stated=roles.outcome_unit_stated,
        channels=tuple(
            DetectedChannel(c, roles.channel_types[c], roles.exposure_of.get(c))
            for c in roles.channels
        ),
        exposures=roles.exposures,
        controls=controls,
        assumed_controls=tuple(c for c in roles.assumed_controls if c in controls),
        events=events,
        panel_column=roles.panel,
        currency=currency[0],
        currency_stated=currency[1],
        steps=weekly.steps,
        ignored=tuple(ignored),
        dropped_rows=tuple(dropped),
    )
