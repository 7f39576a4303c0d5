"""Reading a journeys file or a pasted table into text cells with the row numbers a user sees.

Excel workbooks go through the intake's sheet reader (title rows, several sheets). CSV and TSV
files, which can hold millions of event rows, are read by pandas' C parser as text, with blank
lines kept until the row numbers are set so that "row 57" is the 57th line of the file. A pasted
table may be CSV, TSV or a markdown table (``| path | conversions |``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from model_engine.intake.files.reading import read_sheet
from model_engine.intake.issues import IntakeError, IntakeIssue, error

_EXCEL = frozenset({".xlsx", ".xlsm"})
_TEXT = frozenset({".csv", ".tsv", ".txt", ""})
_ZIP_MAGIC = b"PK\x03\x04"
_DELIMITERS = ",;\t|"
_MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


@dataclass(frozen=True, eq=False)
class CellTable:
    """Text cells, stripped of surrounding spaces, under their header, indexed by the row
    number the user sees (the header row of a file is ``header_row``; for a paste, rows are
    the lines of the paste)."""

    cells: pd.DataFrame
    header_row: int
    origin: str  # "the file x.csv" or "the pasted table", for messages
    notes: tuple[IntakeIssue, ...] = ()


def read_table_file(source: str | Path) -> CellTable:
    path = Path(source)
    if not path.is_file():
        raise IntakeError(
            [error("file_not_found", f"there is no file at {str(path)!r}", "Check the path.")]
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = path.suffix.casefold()
    if head.startswith(_ZIP_MAGIC) or suffix in _EXCEL or suffix not in _TEXT:
        sheet = read_sheet(path)  # raises the intake's messages for wrong or broken files
        cells = sheet.cells.map(_as_text)
        return CellTable(cells, sheet.header_row, f"the file {path.name}", sheet.notes)
    try:
        sample = _first_lines(path, "utf-8-sig")
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        sample, encoding = _first_lines(path, "cp1252"), "cp1252"
    if not sample.strip():
        raise IntakeError(
            [
                error(
                    "empty_file",
                    f"{path.name} is empty",
                    "Export the journeys again: a header row, then one row per path or touch.",
                )
            ]
        )
    delimiter = _sniff(sample)
    try:
        frame = pd.read_csv(
            path,
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            encoding=encoding,
            encoding_errors="replace",
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        raise IntakeError([_unreadable(path.name, str(exc))]) from None
    return _numbered(frame, 1, f"the file {path.name}")


def read_table_text(text: str) -> CellTable:
    """A pasted table: markdown, TSV or CSV (the delimiter is sniffed)."""
    lines = list(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise IntakeError(
            [
                error(
                    "empty_paste",
                    "the pasted text is empty",
                    "Paste a header row (e.g. path,conversions,nulls) and one row per path.",
                )
            ]
        )
    body = lines[first:]
    if body[0].lstrip().startswith("|"):
        rows = [_markdown_cells(line) for line in body]
        keep = [i for i, line in enumerate(body) if not _MARKDOWN_RULE.match(line.strip())]
        header = rows[keep[0]]
        records = {first + i + 1: rows[i] for i in keep[1:] if any(rows[i])}
        width = len(header)
        frame = pd.DataFrame(
            [[*r, *[""] * (width - len(r))][:width] for r in records.values()],
            columns=header,
            index=list(records),
            dtype=str,
        )
        return CellTable(frame, first + 1, "the pasted table")
    joined = "\n".join(body)
    try:
        frame = pd.read_csv(
            io.StringIO(joined),
            sep=_sniff(joined),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        raise IntakeError([_unreadable("the pasted table", str(exc))]) from None
    return _numbered(frame, first + 1, "the pasted table")


def _numbered(frame: pd.DataFrame, header_row: int, origin: str) -> CellTable:
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.index = pd.RangeIndex(header_row + 1, header_row + 1 + len(frame))
    for column in frame.columns:
        frame[column] = frame[column].str.strip()
    filled = (frame != "").any(axis=1)
    return CellTable(frame[filled], header_row, origin)


def map_distinct(cells: pd.Series, function: Callable[[str], str]) -> pd.Series:
    """``function`` applied to each distinct cell once: millions of event rows repeat a few
    flags and channel names, and a per-row Python call is what a big file would spend its
    time on."""
    codes, distinct = pd.factorize(cells, use_na_sentinel=False)
    mapped = np.array([function(str(value)) for value in distinct.tolist()], dtype=object)
    return pd.Series(mapped[codes], index=cells.index, name=cells.name, dtype=object)


def _first_lines(path: Path, encoding: str, count: int = 50) -> str:
    with path.open(encoding=encoding) as handle:
        return "".join(line for _, line in zip(range(count), handle, strict=False))


def _sniff(sample: str) -> str:
    lines = [line for line in sample.splitlines() if line.strip()][:50]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=_DELIMITERS).delimiter
    except csv.Error:
        counts = {d: lines[0].count(d) for d in _DELIMITERS} if lines else {}
        best = max(counts, key=lambda d: counts[d], default=",")
        return best if counts.get(best) else ","


def _markdown_cells(line: str) -> list[str]:
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|"):
        stripped = stripped[:-1]
    return [cell.strip() for cell in stripped.split("|")]


def _as_text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _unreadable(name: str, reason: str) -> IntakeIssue:
    return error(
        "unreadable_table",
        f"{name} could not be read as a table ({reason})",
        "Export it again as CSV (comma-separated, one header row) or as .xlsx.",
    )
