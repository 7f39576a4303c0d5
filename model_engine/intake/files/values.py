"""Turning a column of raw cells into numbers, remembering every cell that is missing, is text,
or is a number the history cannot use as written, so the checks in
:mod:`model_engine.intake.files.validation` can name the row and the value.

A cell is read exactly once, here. Besides the number, each cell that needs a word with the
user is recorded with its text as written:

- *unreadable*: not a number at all ("approx 30k", "$400K,000"), or a literal whose
  separators contradict each other ("1.234.5", "1,234,5": a group after the last separator
  must have three digits) or could mean two numbers ("2.400" in a file that writes decimals
  with a point);
- *non-finite*: "inf", "Infinity", "1e309" (beyond the largest float): never a week's figure;
- *implausible*: a magnitude above :data:`MAX_MAGNITUDE`, where float arithmetic stops being
  exact to the unit and squares overflow;
- *percentages*: "12%" (read as 0.12; an error where an amount belongs);
- *logical*: a spreadsheet TRUE/FALSE (read as 1/0; an error where an amount belongs);
- *negative zero*: "-0", "-0.00" (read as 0, with a note);
- *marked missing*: "n/a", "nan", "-" (no number; an error where the history needs one).

Non-finite and implausible cells read as NaN, so no later step can meet them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model_engine.intake.numbers import (
    CELL_PATTERN,
    Notation,
    combine_notation,
    notation_evidence,
    read_cell,
)

# A column is numeric when at least this share of its filled cells read as numbers; the rest
# are then reported as text in a numeric column rather than making it a text column.
NUMERIC_SHARE = 0.8
# 2^53: above it a float no longer holds every whole number, and squares of such values (which
# a fit takes) overflow long before any real weekly spend, outcome or control gets near it.
MAX_MAGNITUDE = float(2**53)
_PLAIN_DIGITS = re.compile(r"^[-−]?\d[\d.,]*$")
_NOTATION_SAMPLE = 2000


@dataclass(frozen=True)
class Cell:
    """A cell as written, at its spreadsheet row; ``problem`` says why it is not a number when
    the reader knows more than "not a number"."""

    row: int
    text: str
    problem: str | None = None


@dataclass(frozen=True, eq=False)
class NumericColumn:
    """A column read as numbers: NaN where a cell is missing, unreadable or unusable."""

    name: str
    values: pd.Series  # float, indexed by spreadsheet row
    missing_rows: tuple[int, ...]  # blank, or marked missing (those are also in ``marked``)
    unreadable: tuple[Cell, ...]
    filled_count: int
    currencies: frozenset[str]
    marked_missing: tuple[Cell, ...] = ()
    non_finite: tuple[Cell, ...] = ()
    implausible: tuple[Cell, ...] = ()
    percentages: tuple[Cell, ...] = ()
    logical: tuple[Cell, ...] = ()
    negative_zero: tuple[Cell, ...] = ()

    @property
    def is_numeric(self) -> bool:
        readable = self.filled_count - len(self.unreadable)
        return self.filled_count > 0 and readable / self.filled_count >= NUMERIC_SHARE

    @property
    def is_complete(self) -> bool:
        """Every row holds a usable number."""
        return not (self.missing_rows or self.unreadable or self.non_finite or self.implausible)


def filled_mask(cells: pd.Series) -> pd.Series:
    """Which cells hold something: not None, NaN or blank text. Reading strips text cells, so
    blank text is ""."""
    return cells.notna() & (cells != "")


def file_notation(cells: pd.DataFrame, delimiter: str | None) -> Notation:
    """The number notation of a whole file: its unambiguous plain numbers decide; a ";"
    delimiter (Excel's CSV in comma-decimal locales) decides when they do not."""
    texts = [v for column in cells.columns for v in cells[column] if isinstance(v, str) and v][
        : _NOTATION_SAMPLE * 10
    ]
    plain = [v for v in texts if _PLAIN_DIGITS.match(v)][:_NOTATION_SAMPLE]
    notation = combine_notation(notation_evidence(v.lstrip("-−")) for v in plain)
    if notation == "unknown" and delimiter == ";":
        return "european"
    return notation


def read_numeric(name: str, cells: pd.Series, notation: Notation) -> NumericColumn:
    filled = filled_mask(cells)
    kinds = cells.map(type)
    logical_mask = filled & kinds.isin([bool, np.bool_])
    # Spreadsheet numbers are numbers whatever the notation; text needs reading.
    number_mask = filled & kinds.isin([int, float, np.int64, np.float64])
    text_mask = filled & ~number_mask & ~logical_mask
    values = pd.Series(np.nan, index=cells.index, dtype=float)
    values[number_mask] = cells[number_mask].astype(float)
    values[logical_mask] = cells[logical_mask].astype(float)
    text = cells[text_mask].astype(str)
    if notation != "european" and not text.empty:
        # Fast path: what pandas reads is exactly what a dot-decimal file means, except for
        # broken digit groups ("1.234.5"), which pandas refuses anyway.
        values[text_mask] = pd.to_numeric(text, errors="coerce").astype(float)
    pending = text_mask & values.isna()
    found = _Findings()
    unread = text[pending[text_mask]]
    # Past this many unreadable cells the column is text (see NumericColumn.is_numeric): the
    # rest need no reading.
    text_column_from = (1.0 - NUMERIC_SHARE) * int(filled.sum()) + 1
    for row, cell in zip(unread.index.to_numpy(), unread.to_numpy(), strict=True):
        found.read(int(row), str(cell), notation)
        if len(found.unreadable) > text_column_from:
            break
    if found.read_values:
        values = values.fillna(pd.Series(found.read_values, dtype=float))
    for row in cells.index[logical_mask.to_numpy()]:
        found.logical.append(Cell(int(row), str(cells[row]).upper()))
    as_array = values.to_numpy()
    non_finite = np.isinf(as_array)
    huge = ~non_finite & (np.abs(as_array) > MAX_MAGNITUDE)
    minus_zero = (as_array == 0) & np.signbit(as_array)
    found.non_finite += [Cell(int(r), str(cells[r])) for r in values.index[non_finite]]
    found.implausible += [Cell(int(r), str(cells[r])) for r in values.index[huge]]
    found.negative_zero += [
        Cell(int(r), str(cells[r])) for r in values.index[minus_zero & text_mask.to_numpy()]
    ]
    values[non_finite | huge] = np.nan
    values[minus_zero] = 0.0
    blank_rows = [int(r) for r in cells.index[~filled.to_numpy()]]
    missing = [*(c.row for c in found.marked), *blank_rows]
    return NumericColumn(
        name=name,
        values=values,
        missing_rows=tuple(sorted(missing)),
        unreadable=tuple(found.unreadable),
        # "n/a", "-" and the like are filled in, but hold no number
        filled_count=int(filled.sum()) - len(found.marked),
        currencies=frozenset(found.currencies),
        marked_missing=tuple(found.marked),
        non_finite=tuple(found.non_finite),
        implausible=tuple(found.implausible),
        percentages=tuple(found.percentages),
        logical=tuple(found.logical),
        negative_zero=tuple(found.negative_zero),
    )


class _Findings:
    """What the slow path learns about the text cells pandas could not read."""

    def __init__(self) -> None:
        self.read_values: dict[int, float] = {}
        self.currencies: set[str] = set()
        self.marked: list[Cell] = []
        self.unreadable: list[Cell] = []
        self.non_finite: list[Cell] = []
        self.implausible: list[Cell] = []
        self.percentages: list[Cell] = []
        self.logical: list[Cell] = []
        self.negative_zero: list[Cell] = []

    def read(self, row: int, text: str, notation: Notation) -> None:
        reading = read_cell(text, kind="money", notation=notation)
        if reading.missing:
            self.marked.append(Cell(row, text))
            return
        if reading.value is None:
            self.unreadable.append(Cell(row, text, reading.problem))
            return
        problem = grouping_problem(text)
        if problem is not None:
            self.unreadable.append(Cell(row, text, problem))
            return
        self.read_values[row] = reading.value
        if reading.currency:
            self.currencies.add(reading.currency)
        if reading.percent:
            self.percentages.append(Cell(row, text))


def grouping_problem(text: str) -> str | None:
    """Why a literal's digit groups contradict each other, or ``None``: a separator used more
    than once groups thousands, so the group after its last use must have three digits
    ("1.234.5" and "1,234,5" are neither 1,234.5 nor 12,345 for sure)."""
    match = CELL_PATTERN.fullmatch(text)
    if match is None:
        return None
    digits = match["num"]
    for separator in ",.":
        if digits.count(separator) >= 2 and len(digits.rsplit(separator, 1)[1]) != 3:
            return f"its digit groups are uneven ({digits!r}): is a separator missing or extra?"
    return None
