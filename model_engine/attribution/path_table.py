"""A path table (one row per distinct path, ChannelAttribution's format) -> :class:`Journeys`.

``path`` cells list channels joined by ``>`` (``→``, ``->`` and ``»`` are read the same);
``conversions``, ``nulls`` and ``value`` are non-negative numbers, blank meaning 0. Rows that
repeat a path are added together and said so; rows with no journeys at all (0 conversions and
0 nulls) are reported, never silently dropped.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from model_engine.attribution.cells import BadCells, also_on, blank_rows, read_amounts
from model_engine.attribution.detection import ColumnRoles
from model_engine.attribution.journeys import Journeys, group_paths
from model_engine.attribution.labels import LabelBook
from model_engine.attribution.table import CellTable
from model_engine.intake.issues import IntakeError, IntakeIssue, error, raise_if_errors, warning
from model_engine.intake.wording import quote, rows_phrase

_STEP = re.compile(r"\s*(?:->|→|»|>)\s*")


def read_path_table(table: CellTable, roles: ColumnRoles) -> tuple[Journeys, list[IntakeIssue]]:
    cells = table.cells
    names = roles.columns
    issues: list[IntakeIssue] = []
    conversions, found = read_amounts(
        cells[names["conversions"]], names["conversions"], "count", "number of conversions"
    )
    issues += found
    nulls = None
    if "nulls" in names:
        nulls, found = read_amounts(
            cells[names["nulls"]], names["nulls"], "count", "number of non-converting journeys"
        )
        issues += found
    value = None
    if "value" in names:
        value, found = read_amounts(cells[names["value"]], names["value"], "money", "value")
        issues += found
    paths = cells[names["path"]]
    empty = blank_rows(cells[names["path"]])
    if empty.size:
        issues.append(
            error(
                "blank_path",
                f"no path{also_on(empty)}",
                "Write the channels of each path joined by '>', e.g. 'search > email', or "
                "remove the row.",
                row=int(empty[0]),
                column=names["path"],
            )
        )
    if value is not None:
        orphan = np.flatnonzero((value > 0) & (conversions == 0))
        if orphan.size:
            issues.append(
                BadCells(
                    "value_without_conversions",
                    names["value"],
                    "on a path with no conversions",
                    "A value belongs to conversions: give the row its conversions or set the "
                    "value to 0.",
                ).issue(cells.index.to_numpy()[orphan], cells[names["value"]].to_numpy()[orphan])
            )
    raise_if_errors(issues)
    journeys_per_row = conversions + (0.0 if nulls is None else nulls)
    idle = np.flatnonzero(journeys_per_row == 0)
    notes: list[IntakeIssue] = []
    if idle.size:
        notes.append(
            warning(
                "no_journeys_on_row",
                f"{rows_phrase([int(r) for r in cells.index.to_numpy()[idle]])} carry no "
                "journeys (0 conversions"
                + (" and 0 nulls" if nulls is not None else "")
                + ") and add nothing to any model",
                "Check those counts if the paths should count.",
                row=int(cells.index[idle[0]]),
            )
        )
    frame = pd.DataFrame(
        {
            "path": paths.to_numpy(),
            "row": cells.index.to_numpy(),
            "conversions": conversions,
            "nulls": np.zeros_like(conversions) if nulls is None else nulls,
            "value": np.zeros_like(conversions) if value is None else value,
        }
    )[journeys_per_row > 0]
    if frame.empty or frame["conversions"].sum() <= 0:
        raise IntakeError(
            [
                *notes,
                error(
                    "no_conversions",
                    f"{table.origin} has no conversions to attribute",
                    "Give each path its number of conversions (and of non-converting journeys "
                    "in a nulls column).",
                ),
            ]
        )
    grouped = frame.groupby("path", sort=False).agg(
        row=("row", "first"),
        rows=("row", "size"),
        conversions=("conversions", "sum"),
        nulls=("nulls", "sum"),
        value=("value", "sum"),
    )
    book = LabelBook()
    flat: list[int] = []
    lengths: list[int] = []
    broken: list[tuple[int, str]] = []
    for text, row in zip(grouped.index, grouped["row"], strict=True):
        steps = _STEP.split(text)
        if any(not step for step in steps):
            broken.append((int(row), text))
            continue
        flat.extend(book.code(step) for step in steps)
        lengths.append(len(steps))
    if broken:
        rows = sorted(r for r, _ in broken)
        raise IntakeError(
            [
                *notes,
                error(
                    "empty_step",
                    f"the path {quote(broken[0][1])} has an empty step{also_on(np.array(rows))}",
                    "Remove the doubled or trailing '>' so every step names a channel.",
                    row=rows[0],
                    column=names["path"],
                ),
            ]
        )
    repeated = int((grouped["rows"] > 1).sum())
    if repeated:
        notes.append(
            warning(
                "repeated_paths",
                f"{repeated} path(s) appear on more than one row; their counts were added",
                "Nothing to do unless the rows were meant to be different paths.",
            )
        )
    notes += book.merge_notes()
    journeys = group_paths(
        channels=book.labels,
        touches=np.asarray(flat, dtype=np.int64),
        lengths=np.asarray(lengths, dtype=np.int64),
        conversions=grouped["conversions"].to_numpy(np.float64),
        nulls=grouped["nulls"].to_numpy(np.float64) if nulls is not None else None,
        value=grouped["value"].to_numpy(np.float64) if value is not None else None,
    )
    return journeys, notes
