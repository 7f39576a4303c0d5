"""Splitting a message into tables (markdown, TSV, CSV or semicolon-separated, as pasted from
a spreadsheet) and prose clauses (sentences, bullet items, lines), each with its line number.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

TableStyle = Literal["markdown", "tsv", "csv", "semicolon", "slash", "aligned"]

_MARKDOWN_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦‣]|\d{1,2}[.)])\s+")
# A sentence ends at ". " before a capital or a figure, and also before a lower-case word
# when the whole message is typed in lower case (phones, chat); "e.g. x" is not an end.
# A semicolon ends a clause, except inside parentheses ("Print ads (spend $780K; 1,560 MQLs)");
# the look-ahead is bounded so a long line of semicolons stays linear.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9$€£\"'(])|;\s*(?![^()\n]{0,120}\))")
_LOWER_CASE_SENTENCE_END = re.compile(r"(?<=[a-z0-9%)][.!?])\s+(?=[a-z$€£])")
_ABBREVIATION_END = re.compile(
    r"\b(?:e\.g|i\.e|vs|approx|etc|incl|est|avg|no|mio|mln|mrd|tsd)\.$", re.IGNORECASE
)
# A sentence run on without its full stop ("... 750 customers No more than $490K on events"):
# a capitalised word that starts sentences and is never a channel's name, after a figure or a
# lower-case word, starts a new one ("Max" and "Min" only before a figure: "... MQLs) Max 35
# percent on Sponsorships").
_RUN_ON_SENTENCE = re.compile(
    r"(?<=[a-z0-9%)])\s+(?=(?:No|Keep|Don't|Do|Cap|Neither|Either|Budget|Our|We|We're|We'll|"
    r"We've|I|I'd|The|What|Half-saturation|Maximi[sz]e|Minimi[sz]e|Each|Every|Hit|Target|Let|"
    r"Can|Could|Please|Thanks|Honestly|FYI|It|That|This|Never|Leave|Lock|Next|Also|Make|Goal|"
    r"Finance|Suppose|If|How|Should|Would|Nothing|Spend|Total|Overall|Ignore|Assume|One|"
    r"Allocate|(?:Max|Min)(?:imum)?(?=\s+[\d$€£]))\b)"
)
MAX_COLUMNS = 50
_SPLITS_A_NUMBER = re.compile(r"\d,\d{3}(?!\d)")
# " / " between cells, as typed in chat ("channel / spend / MQLs" then one row a line).
_DELIMITERS: tuple[tuple[str, TableStyle], ...] = (
    ("\t", "tsv"),
    (";", "semicolon"),
    (",", "csv"),
    (" / ", "slash"),
)


@dataclass(frozen=True)
class Clause:
    """A sentence, bullet item or line of prose, with the message line it is on."""

    text: str
    line: int


@dataclass(frozen=True)
class TableBlock:
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (line number, cells)
    header_line: int
    style: TableStyle


def numbered_lines(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1))


def find_tables(
    lines: Sequence[tuple[int, str]],
    is_header: Callable[[Sequence[str]], bool],
    is_row: Callable[[Sequence[str]], bool],
) -> tuple[list[TableBlock], list[tuple[int, str]]]:
    """Tables and the lines left for prose. ``is_header`` says whether a row of cells names
    table columns and ``is_row`` whether it holds figures, so that prose with commas around
    a pasted CSV is not taken for part of it."""
    tables: list[TableBlock] = []
    prose: list[tuple[int, str]] = []
    lines = keyed_records_as_lines(lines)
    index = 0
    while index < len(lines):
        block, used = _markdown_block(lines, index) or _delimited_block(
            lines, index, is_header, is_row
        )
        if block is None:
            block, used = _aligned_block(lines, index, is_header, is_row)
        if block is not None and (block.style != "markdown" or is_header(block.header)):
            tables.append(block)
            index += used
            continue
        prose.append(lines[index])
        index += 1
    return tables, prose


# "Channel: Paid search" / "Spend: $400K" / "Result: 2,400 MQLs": one field a line, a block a
# channel. The key names a field in at most three words and holds no figure.
_KEYED_LINE = re.compile(
    r"^\s*(?:[-*•]\s+)?([A-Za-z][A-Za-z()$€£%/&.' -]{0,30}?)\s*:\s+(\S.*?)\s*$"
)


def keyed_records_as_lines(lines: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """Blocks of "Key: value" lines that repeat their first key (one block per channel) as
    one line per block, "<first value>: key value, key value", on the block's first line, so
    that the channel, its spend and its result are read together as on any labelled line."""
    joined: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        records, used = _keyed_records(lines, index)
        if len(records) < 2:
            joined.append(lines[index])
            index += 1
            continue
        for line, fields in records:
            rest = ", ".join(f"{key.casefold()} {value}" for key, value in fields[1:])
            joined.append((line, f"{fields[0][1]}: {rest}"))
        index += used
    return joined


def _keyed_records(
    lines: Sequence[tuple[int, str]], start: int
) -> tuple[list[tuple[int, list[tuple[str, str]]]], int]:
    """The records of a keyed block starting at ``start`` and the lines they take; a record
    starts at each repeat of the block's first key and holds a figure after its first field."""
    records: list[tuple[int, list[tuple[str, str]]]] = []
    first_key: str | None = None
    used = 0
    for number, line in lines[start:]:
        if not line.strip():
            used += 1
            continue
        match = _KEYED_LINE.match(line)
        if match is None or len(match[1].split()) > 3:
            break
        key, value = match[1].strip(), match[2]
        if first_key is None:
            first_key = key.casefold()
        if key.casefold() == first_key:
            records.append((number, []))
        records[-1][1].append((key, value))
        used += 1
    while used and not lines[start + used - 1][1].strip():
        used -= 1  # blank lines after the block stay prose's
    complete = all(
        len(fields) >= 2 and any(ch.isdigit() for _, value in fields[1:] for ch in value)
        for _, fields in records
    )
    return (records, used) if complete else ([], 0)


def split_clauses(lines: Sequence[tuple[int, str]]) -> list[Clause]:
    clauses: list[Clause] = []
    for number, line in lines:
        text = _BULLET.sub("", line).strip()
        if not text:
            continue
        pieces: list[str] = []
        splitter = _LOWER_CASE_SENTENCE_END if text == text.casefold() else None
        parts = [p for part in _SENTENCE_END.split(text) for p in _RUN_ON_SENTENCE.split(part)]
        if splitter is not None:
            parts = [p for part in parts for p in splitter.split(part)]
        for piece in parts:
            if pieces and _ABBREVIATION_END.search(pieces[-1]):
                pieces[-1] = f"{pieces[-1]} {piece}"
            else:
                pieces.append(piece)
        clauses += [Clause(p.strip(), number) for p in pieces if p.strip()]
    return clauses


def _markdown_block(
    lines: Sequence[tuple[int, str]], start: int
) -> tuple[TableBlock | None, int] | None:
    run: list[tuple[int, str]] = []
    for number, line in lines[start:]:
        if line.count("|") < 2 and not line.strip().startswith("|"):
            break
        run.append((number, line))
    if len(run) < 2:
        return None
    rows = [(n, _markdown_cells(line)) for n, line in run if not _MARKDOWN_SEPARATOR.match(line)]
    if len(rows) < 2:
        return None
    (header_line, header), *body = rows
    return TableBlock(header, tuple(body), header_line, "markdown"), len(run)


def _markdown_cells(line: str) -> tuple[str, ...]:
    stripped = line.strip()
    stripped = stripped.removeprefix("|").removesuffix("|")
    return tuple(cell.strip() for cell in stripped.split("|"))


def _delimited_block(
    lines: Sequence[tuple[int, str]],
    start: int,
    is_header: Callable[[Sequence[str]], bool],
    is_row: Callable[[Sequence[str]], bool],
) -> tuple[TableBlock | None, int]:
    number, first = lines[start]
    for delimiter, style in _DELIMITERS:
        if delimiter not in first:
            continue
        header = _cells(first, delimiter)
        if not 2 <= len(header) <= MAX_COLUMNS:
            continue  # a sentence with many commas, not a header row
        if _BULLET.match(first) or _SPLITS_A_NUMBER.search(first):
            continue  # "• Affiliates – 350,000 dollars" is a bullet with a thousands comma
        if not is_header(header):
            continue
        rows: list[tuple[int, tuple[str, ...]]] = []
        for row_number, line in lines[start + 1 :]:
            if not line.strip():
                break
            cells = _cells(line, delimiter)
            if len(cells) < 2 or not is_row(cells):
                break
            rows.append((row_number, cells))
        if rows:
            return TableBlock(header, tuple(rows), number, style), 1 + len(rows)
    return None, 1


def _cells(line: str, delimiter: str) -> tuple[str, ...]:
    if delimiter == " / ":
        return tuple(cell.strip() for cell in re.split(r"\s+/\s+", line.strip()))
    return tuple(cell.strip() for cell in split_delimited(line, delimiter))


def split_delimited(line: str, delimiter: str) -> list[str]:
    """A delimited line's cells, quotes honoured; a cell past the csv module's field limit
    (131,072 characters, inside the message bound) is split plainly, so that its reader names
    it rather than the parser raising."""
    try:
        return next(csv.reader([line], delimiter=delimiter))
    except csv.Error:
        return line.split(delimiter)


# Columns lined up with spaces, as pasted from an email or a terminal: cells are separated by
# two spaces or more ("Branded search    0.12M GBP    600"); one space stays inside a cell.
_ALIGNED_GAP = re.compile(r"\s{2,}")


def _aligned_cells(line: str) -> tuple[str, ...]:
    return tuple(c for c in _ALIGNED_GAP.split(line.strip()) if c)


def _aligned_block(
    lines: Sequence[tuple[int, str]],
    start: int,
    is_header: Callable[[Sequence[str]], bool],
    is_row: Callable[[Sequence[str]], bool],
) -> tuple[TableBlock | None, int]:
    """A header and rows with the same number of space-separated cells (at least two rows, so
    that one sentence with a double space is never a table)."""
    number, first = lines[start]
    header = _aligned_cells(first)
    if not 2 <= len(header) <= MAX_COLUMNS or not is_header(header):
        return None, 1
    rows: list[tuple[int, tuple[str, ...]]] = []
    for row_number, line in lines[start + 1 :]:
        cells = _aligned_cells(line)
        if len(cells) != len(header) or not is_row(cells):
            break
        rows.append((row_number, cells))
    if len(rows) < 2:
        return None, 1
    return TableBlock(header, tuple(rows), number, "aligned"), 1 + len(rows)
