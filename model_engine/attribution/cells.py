"""Reading columns of journey cells into numbers, flags and labels, with every bad cell reported
(row, value, fix) and none dropped.

The common case (plain numbers) is converted by pandas in one pass; only cells it cannot read
("1,200", "$3.5K", "(12)") go through the intake's cell reader one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from model_engine.attribution.journeys import BoolArray, FloatArray
from model_engine.attribution.table import map_distinct
from model_engine.intake.files.values import MAX_MAGNITUDE
from model_engine.intake.issues import IntakeIssue, error
from model_engine.intake.numbers import NumberKind, read_cell
from model_engine.intake.text.amounts import TOO_LARGE
from model_engine.intake.wording import quote, rows_phrase

_TRUE = frozenset({"1", "true", "yes", "y", "t", "converted", "x"})
_FALSE = frozenset({"0", "false", "no", "n", "f", ""})


@dataclass(frozen=True)
class BadCells:
    """Rows of one column that share a problem, reported as one issue."""

    code: str
    column: str
    problem: str  # read after "value 'x' is" / "values 'x', 'y' are", e.g. "negative"
    fix: str

    def issue(self, rows: np.ndarray, values: np.ndarray) -> IntakeIssue:
        shown = ", ".join(quote(v) for v in values[:3])
        subject = f"values {shown} are" if len(values) > 1 else f"value {shown} is"
        return error(
            self.code,
            f"{subject} {self.problem}{also_on(rows)}",
            self.fix,
            row=int(rows[0]),
            column=self.column,
        )


def read_amounts(
    cells: pd.Series, column: str, kind: NumberKind, what: str
) -> tuple[FloatArray, list[IntakeIssue]]:
    """Non-negative numbers; a blank cell is 0. ``what`` names the quantity in messages."""
    text = cells
    values = np.array(pd.to_numeric(text.where(text != "", "0"), errors="coerce"), np.float64)
    values[np.isinf(values)] = np.nan  # "inf" is no count
    failed = np.flatnonzero(np.isnan(values))
    unreadable: list[int] = []
    for position in failed:
        cell = read_cell(str(text.iloc[position]), kind=kind)
        if cell.value is None or cell.percent:
            unreadable.append(int(position))
        else:
            values[position] = cell.value
    issues: list[IntakeIssue] = []
    rows = cells.index.to_numpy()
    raw = text.to_numpy()
    if unreadable:
        index = np.asarray(unreadable)
        issues.append(
            BadCells(
                "not_a_number",
                column,
                "not readable as a number",
                f"Write the {what} as a plain number such as 12 (no words or units).",
            ).issue(rows[index], raw[index])
        )
    # A cell of 400 digits reads as infinity (and 1e300 as a number no sum survives): refused,
    # as a history file's or a pasted table's cell would be.
    huge = np.flatnonzero(np.abs(values) > MAX_MAGNITUDE)
    if huge.size:
        issues.append(
            BadCells(
                "implausible_value",
                column,
                TOO_LARGE.removeprefix("it is "),
                f"Check the cell (a pasted ID or a formula error?) and write the {what}.",
            ).issue(rows[huge], raw[huge])
        )
        values[huge] = np.nan
    negative = np.flatnonzero(values < 0)
    if negative.size:
        issues.append(
            BadCells(
                "negative_count",
                column,
                "negative",
                f"The {what} cannot be below 0: correct the row or remove it.",
            ).issue(rows[negative], raw[negative])
        )
    return np.nan_to_num(values, nan=0.0), issues


def read_flags(cells: pd.Series, column: str) -> tuple[BoolArray, list[IntakeIssue]]:
    """Yes/no cells (1/0, true/false, yes/no; blank = no)."""
    text = map_distinct(cells, str.casefold)
    truthy = text.isin(_TRUE).to_numpy()
    falsy = text.isin(_FALSE).to_numpy()
    bad = np.flatnonzero(~(truthy | falsy))
    issues = []
    if bad.size:
        issues.append(
            BadCells(
                "not_a_flag",
                column,
                "neither yes nor no",
                "Mark the touch after which the user converted with 1 (or true/yes) and every "
                "other touch with 0 (or leave it blank).",
            ).issue(cells.index.to_numpy()[bad], cells.to_numpy()[bad])
        )
    return truthy, issues


def also_on(rows: np.ndarray) -> str:
    """`` (rows 12, 14 and 3 more)`` when a problem is on more than the first row named."""
    return f" ({rows_phrase([int(r) for r in rows])})" if len(rows) > 1 else ""


def blank_rows(cells: pd.Series) -> np.ndarray:
    """Row numbers whose cell is blank."""
    return cells.index.to_numpy()[(cells == "").to_numpy()]
