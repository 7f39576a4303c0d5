"""Event rows (one row per touch: user, timestamp, channel[, converted][, value]) -> journeys.

Each user's touches are put in time order (the file's order breaks ties). With a ``converted``
column, a journey ends at each touch marked converted, which is its last touch; the user's
later touches start a new journey, and touches after the last conversion form a journey that
did not convert. A converted row with a blank channel is a conversion that is not itself a
touch: the journey's touches are the ones before it, and a conversion with none before it is
counted as untracked (reported, credited to no channel). The conversion's ``value`` sits on
the converted row.

Without a ``converted`` column the file is read as a conversion-paths export: each user's
touches form one journey that converted once, at its last touch, and ``value`` is summed over
the user's rows. The load says which reading it used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from model_engine.attribution.cells import (
    BadCells,
    also_on,
    blank_rows,
    read_amounts,
    read_flags,
)
from model_engine.attribution.detection import ColumnRoles, Role
from model_engine.attribution.journeys import Journeys, TouchTiming, group_paths, tally
from model_engine.attribution.labels import LabelBook
from model_engine.attribution.table import CellTable
from model_engine.intake.issues import IntakeError, IntakeIssue, error, raise_if_errors, warning

_NANOSECONDS_PER_DAY = 86_400e9


def read_event_rows(table: CellTable, roles: ColumnRoles) -> tuple[Journeys, list[IntakeIssue]]:
    cells = table.cells
    names = roles.columns
    rows = cells.index.to_numpy()
    issues: list[IntakeIssue] = []
    required: tuple[tuple[Role, str], ...] = (
        ("user", "Give every touch the id of the user (or customer) it belongs to."),
        ("timestamp", "Give every touch the date and time it happened."),
    )
    for role, fix in required:
        empty = blank_rows(cells[names[role]])
        if empty.size:
            issues.append(
                error(
                    f"blank_{role}",
                    f"no {names[role]}{also_on(empty)}",
                    fix,
                    row=int(empty[0]),
                    column=names[role],
                )
            )
    times, found = _read_times(cells[names["timestamp"]], names["timestamp"])
    issues += found
    has_converted = "converted" in names
    converted = np.zeros(len(cells), dtype=np.bool_)
    if has_converted:
        converted, found = read_flags(cells[names["converted"]], names["converted"])
        issues += found
    channel_text = cells[names["channel"]]
    no_channel = (channel_text == "").to_numpy()
    loose = np.flatnonzero(no_channel & ~converted)
    if loose.size:
        issues.append(
            error(
                "blank_channel",
                f"no {names['channel']}{also_on(rows[loose])}",
                "Name the channel of every touch (a row with no channel must be a conversion, "
                "marked in the converted column).",
                row=int(rows[loose[0]]),
                column=names["channel"],
            )
        )
    value = None
    if "value" in names:
        value, found = read_amounts(cells[names["value"]], names["value"], "money", "value")
        issues += found
        if has_converted:
            stray = np.flatnonzero((value > 0) & ~converted)
            if stray.size:
                issues.append(
                    BadCells(
                        "value_not_on_conversion",
                        names["value"],
                        "on a touch that is not marked converted",
                        "Put the conversion's value on the converted row, or mark that row "
                        "converted.",
                    ).issue(rows[stray], cells[names["value"]].to_numpy()[stray])
                )
    raise_if_errors(issues)
    users = pd.factorize(cells[names["user"]])[0]
    order = np.lexsort((np.arange(len(cells)), times, users))
    users, times, converted = users[order], times[order], converted[order]
    no_channel = no_channel[order]
    book = LabelBook()
    label_codes, labels = pd.factorize(channel_text.to_numpy()[order])
    code_of_label = np.array([book.code(str(label)) if label else -1 for label in labels])
    channel = code_of_label[label_codes]
    if value is not None:
        value = value[order]
    new_user = np.ones(users.size, dtype=np.bool_)
    new_user[1:] = users[1:] != users[:-1]
    if has_converted:
        after_conversion = np.zeros(users.size, dtype=np.bool_)
        after_conversion[1:] = converted[:-1]
        starts = new_user | after_conversion
    else:
        starts = new_user
    journey = np.cumsum(starts) - 1
    n_journeys = int(journey[-1]) + 1 if journey.size else 0
    if has_converted:
        journey_converted = tally(journey, converted, n_journeys) > 0
        conversion_time = np.zeros(n_journeys, dtype=np.int64)
        conversion_time[journey[converted]] = times[converted]
    else:
        journey_converted = np.ones(n_journeys, dtype=np.bool_)
        last_of_journey = np.ones(users.size, dtype=np.bool_)
        last_of_journey[:-1] = starts[1:]
        conversion_time = times[last_of_journey]
    journey_value = None if value is None else tally(journey, value, n_journeys)
    touch = ~no_channel
    touches_per_journey = np.bincount(journey[touch], minlength=n_journeys)
    untracked = journey_converted & (touches_per_journey == 0)
    notes: list[IntakeIssue] = []
    if untracked.any():
        notes.append(
            warning(
                "conversion_without_touch",
                f"{int(untracked.sum())} conversion(s) had no tracked touch before them",
                "They are counted in the totals but no model can credit them to a channel.",
            )
        )
    if not has_converted:
        notes.append(
            warning(
                "no_converted_column",
                "there is no converted column, so each user's touches were read as one "
                "journey that converted at its last touch (a conversion-paths export)",
                "Add a converted column (1 on the touch after which the user converted) to "
                "include journeys that did not convert.",
            )
        )
    kept = touches_per_journey > 0
    touch_journey = journey[touch]
    if not journey_converted[kept].any():
        raise IntakeError(
            [
                *notes,
                error(
                    "no_conversions",
                    f"{table.origin} has no converting journey to attribute",
                    "Mark the touch after which each user converted with 1 in the converted "
                    "column.",
                ),
            ]
        )
    timing = _timing(
        touch_journey,
        channel[touch],
        times[touch],
        journey_converted,
        conversion_time,
        journey_value,
    )
    notes += book.merge_notes()
    journeys = group_paths(
        channels=book.labels,
        touches=channel[touch],
        lengths=touches_per_journey[kept],
        conversions=journey_converted[kept].astype(np.float64),
        nulls=(~journey_converted[kept]).astype(np.float64) if has_converted else None,
        value=None if journey_value is None else journey_value[kept],
        timing=timing,
        untracked_conversions=float(untracked.sum()),
    )
    return journeys, notes


def _timing(
    touch_journey: np.ndarray,
    touch_channel: np.ndarray,
    touch_time: np.ndarray,
    journey_converted: np.ndarray,
    conversion_time: np.ndarray,
    journey_value: np.ndarray | None,
) -> TouchTiming:
    """The touches of converting journeys with their days before the conversion."""
    on_converting = journey_converted[touch_journey]
    converting_ids = np.flatnonzero(journey_converted)
    index_of = np.full(journey_converted.size, -1, dtype=np.int64)
    has_touch = np.zeros(journey_converted.size, dtype=np.bool_)
    has_touch[touch_journey] = True
    tracked = converting_ids[has_touch[converting_ids]]
    index_of[tracked] = np.arange(tracked.size)
    journeys_of_touch = touch_journey[on_converting]
    days = (conversion_time[journeys_of_touch] - touch_time[on_converting]) / _NANOSECONDS_PER_DAY
    return TouchTiming(
        journey=index_of[journeys_of_touch],
        channel=touch_channel[on_converting].astype(np.int64),
        days_before=np.maximum(days, 0.0),
        conversions=np.ones(tracked.size),
        value=None if journey_value is None else journey_value[tracked],
    )


def _read_times(cells: pd.Series, column: str) -> tuple[np.ndarray, list[IntakeIssue]]:
    """Timestamps as int64 nanoseconds; ISO 8601 first, then any unambiguous form."""
    text = cells
    parsed = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
    retry = parsed.isna() & (text != "")
    if retry.any():
        parsed[retry] = pd.to_datetime(text[retry], format="mixed", errors="coerce", utc=True)
    bad = np.flatnonzero((parsed.isna() & (text != "")).to_numpy())
    issues = []
    if bad.size:
        issues.append(
            BadCells(
                "bad_timestamp",
                column,
                "not readable as a date and time",
                "Write timestamps like 2024-03-05 14:30 (ISO 8601 is safest).",
            ).issue(cells.index.to_numpy()[bad], cells.to_numpy()[bad])
        )
    nanoseconds = parsed.dt.tz_localize(None).to_numpy("datetime64[ns]").astype(np.int64)
    return np.where(parsed.isna().to_numpy(), 0, nanoseconds), issues
