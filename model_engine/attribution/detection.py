"""Which columns of a table hold what, and whether a table is journeys at all.

Two journey layouts are recognised by their header (names compared ignoring case, spaces and
underscores):

- a **path table**, one row per distinct path: ``path`` (``a > b > c``), ``conversions`` and
  ``nulls`` (non-converting journeys) as in ChannelAttribution, or ``value`` in place of or beside
  ``nulls``;
- **event rows**, one row per touch: ``user_id``, ``timestamp``, ``channel``, optionally
  ``converted`` (marks the touch after which the user converted) and ``value``.

:func:`detect_journeys` answers for a file or a paste without reading it all, so a caller can
route an upload to attribution or to the weekly-history fit; a weekly history (a date column and
spend columns) is never mistaken for journeys, because neither layout is complete there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from model_engine.attribution.table import read_table_file, read_table_text
from model_engine.intake.issues import IntakeError

JourneyFormat = Literal["path_table", "event_rows"]
Role = Literal["path", "conversions", "nulls", "value", "user", "timestamp", "channel", "converted"]

_SYNONYMS: dict[Role, tuple[str, ...]] = {
    "path": (
        "path",
        "paths",
        "journey",
        "journeys",
        "conversion path",
        "conversion paths",
        "customer journey",
        "channel path",
        "path sequence",
        "touchpoint path",
        "touchpoints",
    ),
    "conversions": (
        "conversions",
        "total conversions",
        "conversion count",
        "num conversions",
        "conv",
        "convs",
        "conversions total",
    ),
    "nulls": (
        "nulls",
        "null",
        "total null",
        "total nulls",
        "null conversions",
        "non conversions",
        "non converting",
        "non converting journeys",
        "no conversion",
        "not converted",
        "dropped",
    ),
    "value": (
        "value",
        "values",
        "total conversion value",
        "conversion value",
        "total value",
        "revenue",
        "total revenue",
    ),
    "user": (
        "user id",
        "userid",
        "user",
        "customer id",
        "customer",
        "visitor id",
        "client id",
        "cookie id",
        "person id",
        "lead id",
        "contact id",
        "account id",
    ),
    "timestamp": (
        "timestamp",
        "time",
        "datetime",
        "date time",
        "date",
        "event time",
        "event timestamp",
        "touch time",
        "touched at",
        "occurred at",
    ),
    "channel": (
        "channel",
        "channel name",
        "touchpoint",
        "touch point",
        "source",
        "medium",
        "source medium",
        "utm source",
    ),
    "converted": (
        "converted",
        "conversion",
        "is conversion",
        "conversion flag",
        "has converted",
    ),
}


def header_key(name: str) -> str:
    return re.sub(r"[\s_\-/]+", " ", name.strip()).strip().casefold()


@dataclass(frozen=True)
class ColumnRoles:
    """The journey layout found in a header and the column that plays each role."""

    format: JourneyFormat
    columns: dict[Role, str]

    def describe(self) -> str:
        layout = "a path table" if self.format == "path_table" else "event rows (one per touch)"
        used = ", ".join(f"{role} = {name!r}" for role, name in self.columns.items())
        return f"read as {layout}: {used}"


@dataclass(frozen=True)
class JourneyDetection:
    """Whether a table is journeys, in which layout, and why (for routing an upload)."""

    is_journeys: bool
    format: JourneyFormat | None
    reason: str


def find_roles(columns: Sequence[str]) -> ColumnRoles | None:
    """The layout a header describes, or ``None`` when it is neither journeys layout."""
    found: dict[Role, str] = {}
    for role, names in _SYNONYMS.items():
        for name in names:
            hit = next(
                (c for c in columns if header_key(c) == name and c not in found.values()), None
            )
            if hit is not None:
                found[role] = hit
                break
    if "path" in found and "conversions" in found:
        keep: tuple[Role, ...] = ("path", "conversions", "nulls", "value")
        return ColumnRoles("path_table", {r: found[r] for r in keep if r in found})
    if {"user", "timestamp", "channel"} <= found.keys():
        keep = ("user", "timestamp", "channel", "converted", "value")
        return ColumnRoles("event_rows", {r: found[r] for r in keep if r in found})
    return None


def missing_roles_hint(columns: Sequence[str]) -> str:
    """What a header lacks to be read as journeys, for an error message."""
    listed = ", ".join(repr(c) for c in columns)
    return (
        f"the columns are {listed}; journeys need either path and conversions columns "
        "(path like 'search > email', with nulls and/or value optional) or user_id, timestamp "
        "and channel columns (converted and value optional)"
    )


def detect_journeys(
    source: str | Path | None = None, *, text: str | None = None
) -> JourneyDetection:
    """Tell a journeys file or paste from anything else (a weekly history, a snapshot table).

    Give a file path or pasted ``text``. Unreadable input is reported as not journeys with the
    reason, never raised: routing must not fail on it.
    """
    if (source is None) == (text is None):
        raise ValueError("give either a file or pasted text")
    try:
        table = read_table_file(source) if source is not None else read_table_text(text or "")
    except IntakeError as error:
        return JourneyDetection(False, None, str(error))
    roles = find_roles(list(table.cells.columns))
    if roles is None:
        return JourneyDetection(False, None, missing_roles_hint(list(table.cells.columns)))
    if roles.format == "path_table":
        sample = table.cells[roles.columns["path"]].head(200)
        if not any(_looks_like_path(cell) for cell in sample):
            return JourneyDetection(
                False, None, f"column {roles.columns['path']!r} holds no 'a > b' paths"
            )
    return JourneyDetection(True, roles.format, roles.describe())


def _looks_like_path(cell: str) -> bool:
    text = cell.strip()
    return bool(text) and not re.fullmatch(r"[\d.,\s$€£%-]+", text)
