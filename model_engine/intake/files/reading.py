"""Reading an uploaded file into a table of raw cells, whatever its shape.

The result keeps every cell as written (text for CSV, Python values for XLSX) and uses the
spreadsheet row number the user sees as the index, so every later message can say "row 57".
Title rows above the header are skipped and reported; a file that is not CSV/TSV/XLSX, is
empty, or has no header raises :class:`IntakeError`.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from model_engine.intake.files.limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    check_workbook_archive,
    read_bounded,
    too_many_cells,
    too_many_columns,
    too_many_rows,
)
from model_engine.intake.issues import IntakeError, IntakeIssue, error, warning
from model_engine.intake.numbers import CELL_PATTERN
from model_engine.intake.wording import is_filled

FileFormat = Literal["csv", "tsv", "xlsx"]

_TEXT_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ""})
_EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
_ZIP_MAGIC = b"PK\x03\x04"
_LEGACY_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0"
_HEADER_SEARCH_ROWS = 20
_DELIMITERS = ",;\t|"


@dataclass(frozen=True, eq=False)
class RawSheet:
    """The cells of one sheet under its header row.

    ``cells`` has one column per header name (object dtype) and is indexed by the spreadsheet
    row number the user sees (the header row is ``header_row``).
    """

    cells: pd.DataFrame
    file_format: FileFormat
    header_row: int
    delimiter: str | None
    sheet_name: str | None
    notes: tuple[IntakeIssue, ...]


def read_sheet(source: str | Path) -> RawSheet:
    path = Path(source)
    if not path.is_file():
        raise IntakeError(
            [error("file_not_found", f"there is no file at {str(path)!r}", "Check the path.")]
        )
    with path.open("rb") as stream:
        head = stream.read(8)
    if not head:
        raise IntakeError([_empty_file(path)])
    suffix = path.suffix.casefold()
    if head.startswith(_LEGACY_EXCEL_MAGIC) or suffix == ".xls":
        raise IntakeError(
            [
                error(
                    "wrong_file_type",
                    f"{path.name} is an old-style Excel file (.xls)",
                    "Save it as .xlsx or CSV and upload it again.",
                )
            ]
        )
    if head.startswith(_ZIP_MAGIC) and suffix not in _EXCEL_SUFFIXES | _TEXT_SUFFIXES:
        raise IntakeError([_wrong_type(path)])
    if head.startswith(_ZIP_MAGIC):
        return _read_excel(path)
    if suffix in _EXCEL_SUFFIXES:
        raise IntakeError(
            [
                error(
                    "wrong_file_type",
                    f"{path.name} is named like an Excel file but is not one",
                    "Export the sheet again as .xlsx or CSV.",
                )
            ]
        )
    if suffix not in _TEXT_SUFFIXES:
        raise IntakeError([_wrong_type(path)])
    return _read_text(path)


def _read_text(path: Path) -> RawSheet:
    raw = read_bounded(path)
    if b"\x00" in raw[:4096]:
        raise IntakeError([_wrong_type(path)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows still writes CSV in the ANSI code page.
        text = raw.decode("cp1252", errors="replace")
    if not text.strip():
        raise IntakeError([_empty_file(path)])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter = _sniff_delimiter(text)
    try:
        rows = _bounded_rows(path, csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:  # e.g. an unbalanced quote swallowing the rest of the file
        raise IntakeError(
            [
                error(
                    "unreadable_csv",
                    f"{path.name} could not be read as a table ({exc})",
                    "Export it again from the spreadsheet as CSV (or upload the .xlsx).",
                )
            ]
        ) from exc
    file_format: FileFormat = "tsv" if delimiter == "\t" else "csv"
    return _sheet_from_rows(path, rows, file_format, delimiter, None, ())


def _bounded_rows(path: Path, reader: Iterable[list[str]]) -> list[list[object]]:
    """The rows of a text table, stripped, refusing more rows, columns or cells than the
    limits as soon as they are passed."""
    rows: list[list[object]] = []
    cells = 0
    for row in reader:
        if len(rows) >= MAX_ROWS + _HEADER_SEARCH_ROWS:
            raise IntakeError([too_many_rows(path)])
        if len(row) > MAX_COLUMNS:
            raise IntakeError([too_many_columns(path, len(row), len(rows) + 1)])
        cells += len(row)
        if cells > MAX_CELLS:
            raise IntakeError([too_many_cells(path, "")])
        rows.append([cell.strip() for cell in row])
    return rows


def _read_excel(path: Path) -> RawSheet:
    check_workbook_archive(path)  # before openpyxl unpacks anything
    from openpyxl import load_workbook  # openpyxl is slow to import; only XLSX needs it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt archive
        raise IntakeError(
            [
                error(
                    "wrong_file_type",
                    f"{path.name} could not be opened as an Excel workbook ({exc})",
                    "Open it in Excel and save it again as .xlsx, or export a CSV.",
                )
            ]
        ) from exc
    try:
        sheets = [(ws.title, _sheet_rows(path, ws)) for ws in workbook.worksheets]
    except IntakeError:
        raise
    except Exception as exc:  # a part that unpacks or parses badly
        raise IntakeError(
            [
                error(
                    "wrong_file_type",
                    f"{path.name} could not be read as an Excel workbook ({exc})",
                    "Open it in Excel and save it again as .xlsx, or export a CSV.",
                )
            ]
        ) from exc
    finally:
        workbook.close()
    with_data = [(name, rows) for name, rows in sheets if _count_filled_rows(rows) >= 2]
    if not with_data:
        raise IntakeError([_empty_file(path)])
    name, rows = with_data[0]
    notes: tuple[IntakeIssue, ...] = ()
    if len(with_data) > 1:
        others = ", ".join(repr(n) for n, _ in with_data[1:])
        notes = (
            warning(
                "other_sheets_ignored",
                f"read the first sheet with data, {name!r}; also has data: {others}",
                "If the history is on another sheet, move it first or export that sheet as CSV.",
            ),
        )
    str_rows = [[v.strip() if isinstance(v, str) else v for v in row] for row in rows]
    return _sheet_from_rows(path, str_rows, "xlsx", None, name, notes)


def _sheet_rows(path: Path, sheet: Any) -> list[list[object]]:
    """A worksheet's rows up to its last filled one, blanks as "". The sheet's declared
    dimension is ignored: a wrong one would cut rows off or pad every row to it."""
    sheet.reset_dimensions()
    rows: list[list[object]] = []
    last_filled = 0
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if not any(is_filled(v) for v in values):
            continue
        if number > MAX_ROWS + _HEADER_SEARCH_ROWS:
            raise IntakeError([too_many_rows(path)])
        if len(values) > MAX_COLUMNS:
            raise IntakeError([too_many_columns(path, len(values), number)])
        rows.extend([] for _ in range(number - last_filled - 1))
        rows.append(["" if v is None else v for v in values])
        last_filled = number
    return rows


def _sheet_from_rows(
    path: Path,
    rows: list[list[object]],
    file_format: FileFormat,
    delimiter: str | None,
    sheet_name: str | None,
    notes: tuple[IntakeIssue, ...],
) -> RawSheet:
    if not any(is_filled(c) for row in rows for c in row):
        raise IntakeError([_empty_file(path)])
    header_index = _find_header(rows)
    if header_index is None:
        raise IntakeError(
            [
                error(
                    "no_header",
                    "the first rows hold numbers, not column names",
                    "Add a header row naming each column (date, each channel's spend, the "
                    "outcome) and upload again.",
                    row=1,
                )
            ]
        )
    issues = list(notes)
    if header_index > 0:
        skipped = [str(c) for row in rows[:header_index] for c in row if is_filled(c)]
        issues.append(
            warning(
                "title_rows_skipped",
                f"skipped {header_index} row(s) above the header"
                + (f" ({'; '.join(skipped)[:80]})" if skipped else ""),
                f"The header is row {header_index + 1}; if that is wrong, remove the rows "
                "above the real header.",
            )
        )
    header = rows[header_index]
    width = max(len(header), *(len(r) for r in rows[header_index + 1 :]), 0)
    names = _column_names(header, width)
    duplicates = sorted(n for n, count in Counter(names).items() if count > 1)
    if duplicates:
        raise IntakeError(
            [
                error(
                    "duplicate_columns",
                    f"the header names {', '.join(map(repr, duplicates))} more than once",
                    "Rename the repeated columns so each name is unique, then upload again.",
                    row=header_index + 1,
                )
            ]
        )
    body = rows[header_index + 1 :]
    too_wide = [
        (header_index + 2 + i, len(r))
        for i, r in enumerate(body)
        if len(r) > len(header) and any(is_filled(c) for c in r[len(header) :])
    ]
    if too_wide and file_format != "xlsx":
        row_number, count = too_wide[0]
        raise IntakeError(
            [
                error(
                    "ragged_rows",
                    f"row {row_number} has {count} values but the header has {len(header)} "
                    f"columns ({len(too_wide)} row(s) like this)",
                    "A number with a thousands separator may have been split into two cells: "
                    "quote such numbers or export without thousands separators.",
                    row=row_number,
                )
            ]
        )
    padded = [[*r, *([""] * (width - len(r)))][:width] for r in body]
    cells = pd.DataFrame(padded, columns=names, dtype=object)
    cells.index = pd.RangeIndex(header_index + 2, header_index + 2 + len(body))
    # Reading strips text, so a filled cell is one that is neither missing nor "".
    filled = (cells.notna() & (cells != "")).any(axis=1)
    cells = cells[filled]
    if cells.empty:
        raise IntakeError(
            [
                error(
                    "no_data_rows",
                    f"{path.name} has a header but no data rows",
                    "Upload the file with one row per week (or day) under the header.",
                )
            ]
        )
    return RawSheet(cells, file_format, header_index + 1, delimiter, sheet_name, tuple(issues))


def numbered_cells(cells: pd.Series) -> list[tuple[int, object]]:
    """(spreadsheet row, cell) pairs of a column of :attr:`RawSheet.cells`."""
    return [
        (int(row), cell) for row, cell in zip(cells.index.to_numpy(), cells.to_numpy(), strict=True)
    ]


def _find_header(rows: list[list[object]]) -> int | None:
    """The first row that looks like a header: at least half as many filled cells as the
    widest of the first rows, none of them numbers. ``None`` when the data start at once."""
    first = rows[:_HEADER_SEARCH_ROWS]
    widest = max(sum(is_filled(c) for c in row) for row in first)
    for index, row in enumerate(first):
        filled = [c for c in row if is_filled(c)]
        if len(filled) < max(1, widest / 2) or (widest >= 2 and len(filled) < 2):
            continue
        if any(_looks_numeric(c) for c in filled):
            return None
        return index
    return None


def _column_names(header: list[object], width: int) -> list[str]:
    names = []
    for position in range(width):
        value = header[position] if position < len(header) else ""
        text = str(value).strip() if is_filled(value) else ""
        names.append(text or f"(unnamed column {position + 1})")
    return names


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        first_line = next((line for line in text.splitlines() if line.strip()), "")
        counts = {d: first_line.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _looks_numeric(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and CELL_PATTERN.fullmatch(value) is not None


def _count_filled_rows(rows: list[list[object]]) -> int:
    return sum(any(is_filled(c) for c in row) for row in rows)


def _empty_file(path: Path) -> IntakeIssue:
    return error(
        "empty_file",
        f"{path.name} is empty",
        "Upload the file with a header row and one row per week (or day).",
    )


def _wrong_type(path: Path) -> IntakeIssue:
    return error(
        "wrong_file_type",
        f"{path.name} is not a CSV, TSV or Excel (.xlsx) file",
        "Export the history from your spreadsheet as CSV or .xlsx and upload that.",
    )
