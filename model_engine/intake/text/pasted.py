"""A weekly or daily history pasted into the chat: found here, then read exactly as the same
file uploaded would be (``load_history``).

A pasted block is a history when it is a table (CSV, TSV, semicolon-separated or markdown)
with a header and at least :data:`MIN_DATED_ROWS` rows, one of whose columns holds dates. The
block comes back as CSV text, with the rest of the message (what the CMO said around it).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import pandas as pd

from model_engine.intake.files.dates import find_date_column
from model_engine.intake.text.layout import split_delimited

MIN_DATED_ROWS = 8
_DELIMITERS = ("\t", ",", ";", "|")
_MARKDOWN_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class PastedHistory:
    """The table as CSV text, and the message without it."""

    csv_text: str
    rest: str
    rows: int


def find_pasted_history(text: str) -> PastedHistory | None:
    """The dated table in ``text``, if it has one (see the module docstring)."""
    lines = text.splitlines()
    for delimiter in _DELIMITERS:
        block = _longest_block(lines, delimiter)
        if block is None:
            continue
        start, end = block
        rows = [_cells(lines[i], delimiter) for i in range(start, end)]
        rows = [r for r in rows if not _MARKDOWN_RULE.match(delimiter.join(r))]
        if len(rows) <= MIN_DATED_ROWS:
            continue
        header, body = rows[0], rows[1:]
        width = len(header)
        body = [r for r in body if len(r) == width]
        if len(body) < MIN_DATED_ROWS:
            continue
        frame = pd.DataFrame(body, columns=[c or f"column {i + 1}" for i, c in enumerate(header)])
        if find_date_column(frame) is None:
            continue
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(body)
        rest = "\n".join(lines[:start] + lines[end:]).strip()
        return PastedHistory(buffer.getvalue(), rest, len(body))
    return None


def _cells(line: str, delimiter: str) -> list[str]:
    stripped = line.strip()
    if delimiter == "|":
        stripped = stripped.strip("|")
    return [c.strip().strip('"') for c in split_delimited(stripped, delimiter)]


def _longest_block(lines: list[str], delimiter: str) -> tuple[int, int] | None:
    """The longest run of lines that split into the same number (≥ 3) of cells."""
    best: tuple[int, int] | None = None
    start = 0
    width = None
    for index in range(len(lines) + 1):
        cells = len(_cells(lines[index], delimiter)) if index < len(lines) else 0
        if cells >= 3 and (width is None or cells == width or _is_rule(lines[index])):
            if width is None:
                start, width = index, cells
            continue
        if width is not None and (best is None or index - start > best[1] - best[0]):
            best = (start, index)
        width = None
        if cells >= 3:
            start, width = index, cells
    return best


def _is_rule(line: str) -> bool:
    return bool(_MARKDOWN_RULE.match(line))
