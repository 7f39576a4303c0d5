"""Turning a column of raw cells into numbers, remembering every cell that is missing or is
text, so the loader can name the row and the value."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from model_engine.intake.files.reading import numbered_cells
from model_engine.intake.numbers import Notation, combine_notation, notation_evidence, read_cell
from model_engine.intake.wording import is_filled

# A column is numeric when at least this share of its filled cells read as numbers; the rest
# are then reported as text in a numeric column rather than making it a text column.
NUMERIC_SHARE = 0.8
_PLAIN_DIGITS = re.compile(r"^[-−]?\d[\d.,]*$")
_NOTATION_SAMPLE = 2000


@dataclass(frozen=True, eq=False)
class NumericColumn:
    """A column read as numbers: NaN where a cell is missing or unreadable."""

    name: str
    values: pd.Series  # float, indexed by spreadsheet row
    missing_rows: tuple[int, ...]
    unreadable: tuple[tuple[int, str], ...]  # (row, text as written)
    filled_count: int
    currencies: frozenset[str]

    @property
    def is_numeric(self) -> bool:
        readable = self.filled_count - len(self.unreadable)
        return self.filled_count > 0 and readable / self.filled_count >= NUMERIC_SHARE


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
    filled = cells.map(is_filled)
    values = pd.Series(float("nan"), index=cells.index, dtype=float)
    if notation != "european":
        # Fast path: what pandas reads is exactly what a dot-decimal file means.
        fast = pd.to_numeric(cells.where(filled), errors="coerce")
        values = fast.astype(float)
    pending = filled & values.isna()
    missing: list[int] = []
    unreadable: list[tuple[int, str]] = []
    currencies: set[str] = set()
    read: dict[int, float] = {}
    for row, cell in numbered_cells(cells[pending]):
        reading = read_cell(str(cell), kind="money", notation=notation)
        if reading.missing:
            missing.append(row)
        elif reading.value is None:
            unreadable.append((row, str(cell)))
        else:
            read[row] = reading.value
            if reading.currency:
                currencies.add(reading.currency)
    if read:
        values = values.fillna(pd.Series(read, dtype=float))
    marked_missing = len(missing)  # "n/a", "-" and the like: filled in, but no number
    missing.extend(int(r) for r in cells.index[~filled])
    return NumericColumn(
        name,
        values,
        tuple(sorted(missing)),
        tuple(unreadable),
        int(filled.sum()) - marked_missing,
        frozenset(currencies),
    )
