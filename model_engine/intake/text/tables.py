"""Tables pasted in chat (markdown, CSV, TSV) -> channel records.

Each header is read for what its column holds: the channel label, spend, an outcome (MQLs,
pipeline...), a cost per outcome (CAC, CPL), ROAS, or something not used (impressions, share,
notes), which is reported. Headers can carry a unit: "Spend ($K)", "Pipeline (€M)",
"MQLs (000s)". A "Total" row is kept as a stated total to check the channels against. A table
with metrics down the first column and channels across the header is read transposed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from model_engine.intake.channel_names import channel_type_of
from model_engine.intake.files.values import MAX_MAGNITUDE
from model_engine.intake.issues import IntakeIssue, error, warning
from model_engine.intake.numbers import (
    CELL_PATTERN,
    MISSING_MARKERS,
    Notation,
    NumberKind,
    currency_of,
    read_cell,
)
from model_engine.intake.text.amounts import TOO_LARGE, find_amounts
from model_engine.intake.text.layout import TableBlock
from model_engine.intake.text.records import ChannelRecord, OutcomeFigure, StatedTotal
from model_engine.intake.text.vocabulary import Outcome, outcome_named
from model_engine.intake.wording import quote

ColumnKind = Literal["label", "spend", "outcome", "cost", "roas", "ignored"]

_LABEL_HEADERS = re.compile(
    r"^(?:channels?|source|sources|medium|name|programs?|tactics?|platforms?|media|line item)$",
    re.IGNORECASE,
)
_COST_HEADER = re.compile(
    r"\b(?:cac|cpl|cpa|cpmql|cpsql|cpo|cost\s*(?:per|/)\s*\w+|\$\s*/\s*\w+)\b", re.IGNORECASE
)
_ROAS_HEADER = re.compile(r"\b(?:roas|return on ad spend)\b", re.IGNORECASE)
_SPEND_HEADER = re.compile(
    r"\b(?:spend|spent|cost|costs|budget|investment|invested|amount)\b", re.IGNORECASE
)
_IGNORED_HEADER = re.compile(
    r"%|\b(?:impressions?|impr|clicks?|ctr|cpm|cpc|share|percent|notes?|comments?|change|"
    r"growth|delta|vs|trend|reach|views|sessions|visits|conversion rate|cvr)\b",
    re.IGNORECASE,
)
_SCALE_IN_HEADER = (
    (
        re.compile(r"\(\s*[$€£]?\s*(?:k|000s?|'000s?|thousands?)\s*[$€£]?\s*\)|in thousands", re.I),
        1e3,
    ),
    (re.compile(r"\(\s*[$€£]?\s*(?:m|mm|mn|millions?)\s*[$€£]?\s*\)|in millions", re.I), 1e6),
)
_TOTAL_LABEL = re.compile(r"^(?:grand\s+)?(?:total|totals|sum|all channels|overall)\b", re.I)


@dataclass(frozen=True)
class ColumnMeaning:
    kind: ColumnKind
    header: str
    outcome: Outcome | None = None
    scale: float = 1.0
    currency: str | None = None


def column_meaning(header: str) -> ColumnMeaning | None:
    """What a header says its column holds; ``None`` when it says nothing recognisable."""
    text = header.strip()
    scale = next((s for pattern, s in _SCALE_IN_HEADER if pattern.search(text)), 1.0)
    currency = next(
        (
            c
            for mark in re.findall(r"[$€£]|\b(?:usd|eur|gbp)\b", text, re.I)
            if (c := currency_of(mark))
        ),
        None,
    )
    if not text or _LABEL_HEADERS.match(text):
        return ColumnMeaning("label", header)
    if _COST_HEADER.search(text):
        return ColumnMeaning("cost", header, scale=scale, currency=currency)
    if _ROAS_HEADER.search(text):
        return ColumnMeaning("roas", header)
    if _IGNORED_HEADER.search(text):
        return ColumnMeaning("ignored", header)
    if _SPEND_HEADER.search(text):
        return ColumnMeaning("spend", header, scale=scale, currency=currency)
    outcome = outcome_named(_without_period_words(text))
    if outcome is not None:
        return ColumnMeaning("outcome", header, outcome=outcome, scale=scale, currency=currency)
    return None


def is_table_header(cells: Sequence[str]) -> bool:
    """A row names table columns: no cell is a number, a sentence or holds a figure, and at
    least one cell names spend, an outcome or a cost (or the row names channels, for
    transposed tables). "Print — $0.3M spend, 7.2k SQLs" is a sentence with a comma."""
    if any(CELL_PATTERN.fullmatch(c) for c in cells if c):
        return False
    if any(len(c) > 40 or ":" in c or c.endswith(".") or _holds_figure(c) for c in cells):
        return False
    meanings = [column_meaning(c) for c in cells]
    measured = sum(
        m is not None and m.kind in ("spend", "outcome", "cost", "roas") for m in meanings
    )
    channels = sum(channel_type_of(c).value != "other" for c in cells[1:])
    return measured >= 1 or channels >= 2


def is_table_row(cells: Sequence[str]) -> bool:
    """A row of figures: a short first cell and at least one other cell that is a number or
    blank, so that a sentence with commas after a pasted CSV ends the table. A first cell
    that says what follows ("Total budget: USD 1,115,200", split at its thousands commas) is
    a sentence too."""
    if len(cells[0].split()) > 6 or _LABELLED_PROSE.search(cells[0]):
        return False
    return any(
        not c.strip()
        or CELL_PATTERN.fullmatch(c.removesuffix("x"))
        or c.strip().casefold() in MISSING_MARKERS
        for c in cells[1:]
    )


_LABELLED_PROSE = re.compile(r":\s+\S")


def _holds_figure(cell: str) -> bool:
    """Money or a figure with a suffix ("$0.3M", "7.2k") in a cell: a header names a column,
    it never holds a value; "Spend ($000s)" or "Spend 2025" still name one."""
    return any(t.is_money or t.has_suffix for t in find_amounts(cell))


@dataclass(frozen=True)
class TableReading:
    records: tuple[ChannelRecord, ...]
    totals: tuple[StatedTotal, ...]
    issues: tuple[IntakeIssue, ...]
    currencies: frozenset[str]


def read_table(block: TableBlock, notation: Notation) -> TableReading:
    block = _transposed_if_needed(_without_emphasis(block))
    meanings = [column_meaning(h) for h in block.header]
    label_index = next(
        (i for i, m in enumerate(meanings) if m is not None and m.kind == "label"), 0
    )
    issues: list[IntakeIssue] = []
    for position, (header, meaning) in enumerate(zip(block.header, meanings, strict=True)):
        if position != label_index and (meaning is None or meaning.kind == "ignored"):
            issues.append(
                warning(
                    "column_not_used",
                    f"did not use the column {header!r}"
                    + (" (not a figure I plan on)" if meaning else " (I don't know what it holds)"),
                    "Rename it (e.g. 'Spend', 'MQLs', 'CAC') if it should be used.",
                    line=block.header_line,
                    column=header,
                )
            )
    records: list[ChannelRecord] = []
    totals: list[StatedTotal] = []
    currencies: set[str] = {m.currency for m in meanings if m and m.currency}
    for line, cells in block.rows:
        if len(cells) != len(block.header):
            issues.append(_ragged_row(line, cells, block))
            continue
        label = cells[label_index].strip()
        if not label:
            if any(c.strip() for c in cells):
                issues.append(
                    error(
                        "missing_channel_name",
                        "a table row has figures but no channel name",
                        "Put the channel's name in the first column.",
                        line=line,
                    )
                )
            continue
        row = _read_row(label, line, cells, meanings, label_index, notation)
        issues += row.issues
        currencies |= row.currencies
        if _TOTAL_LABEL.match(label):
            totals.append(StatedTotal(row.record.spend, _first_outcome(row.record), line))
        else:
            records.append(row.record)
    return TableReading(tuple(records), tuple(totals), tuple(issues), frozenset(currencies))


@dataclass(frozen=True)
class _RowReading:
    record: ChannelRecord
    issues: tuple[IntakeIssue, ...]
    currencies: frozenset[str]


def _read_row(
    label: str,
    line: int,
    cells: Sequence[str],
    meanings: Sequence[ColumnMeaning | None],
    label_index: int,
    notation: Notation,
) -> _RowReading:
    spend: float | None = None
    outcomes: list[OutcomeFigure] = []
    cost: float | None = None
    cost_word: str | None = None
    roas: float | None = None
    issues: list[IntakeIssue] = []
    currencies: set[str] = set()
    for position, (cell, meaning) in enumerate(zip(cells, meanings, strict=True)):
        if position == label_index or meaning is None or meaning.kind in ("label", "ignored"):
            continue
        kind: NumberKind = (
            "count"
            if meaning.kind == "outcome" and meaning.outcome and meaning.outcome.unit == "count"
            else "money"
        )
        if meaning.kind == "roas":
            kind = "ratio"
        value = read_cell(cell.removesuffix("x").removesuffix("×"), kind=kind, notation=notation)
        if value.missing:
            continue
        if value.value is None:
            issues.append(
                error(
                    "text_in_numeric_column",
                    f"{quote(cell)} under {meaning.header!r} is not a number"
                    + (
                        f" ({value.problem})"
                        if value.problem and "could be" in value.problem
                        else ""
                    ),
                    "Write the figure as a number (e.g. 400000, $400K or 2,400).",
                    line=line,
                    column=meaning.header,
                    channel=label,
                )
            )
            continue
        figure = value.value * (meaning.scale if not value.percent else 1.0)
        if not math.isfinite(figure) or abs(figure) > MAX_MAGNITUDE:
            # A cell of 400 digits reads as infinity: refused, as a file's cell would be.
            issues.append(
                error(
                    "implausible_value",
                    f"{quote(cell)} under {meaning.header!r}: {TOO_LARGE}",
                    "Check the cell (a pasted ID or a formula error?) and write the figure.",
                    line=line,
                    column=meaning.header,
                    channel=label,
                )
            )
            continue
        if value.currency:
            currencies.add(value.currency)
        if meaning.kind == "spend":
            spend = figure
        elif meaning.kind == "cost":
            cost, cost_word = figure, meaning.header
        elif meaning.kind == "roas":
            roas = value.value
        elif meaning.outcome is not None:
            outcomes.append(OutcomeFigure(meaning.outcome, figure))
    record = ChannelRecord(label, line, spend, tuple(outcomes), cost, cost_word, roas)
    return _RowReading(record, tuple(issues), frozenset(currencies))


def _without_emphasis(block: TableBlock) -> TableBlock:
    """Markdown bold/italic/code marks around cells ("**Total**") are formatting, not text."""

    def clean(cells: Sequence[str]) -> tuple[str, ...]:
        return tuple(c.strip().strip("*_`").strip() for c in cells)

    return TableBlock(
        clean(block.header),
        tuple((line, clean(cells)) for line, cells in block.rows),
        block.header_line,
        block.style,
    )


def _transposed_if_needed(block: TableBlock) -> TableBlock:
    """Metrics down the first column and channels across the header -> one row per channel."""
    metric_rows = [
        cells for _, cells in block.rows if cells and column_meaning(cells[0]) is not None
    ]
    header_channels = sum(channel_type_of(h).value != "other" for h in block.header[1:])
    if len(metric_rows) < 1 or header_channels < 2 or len(metric_rows) != len(block.rows):
        return block
    if any(len(cells) != len(block.header) for _, cells in block.rows):
        return block
    header = ("Channel", *(cells[0] for _, cells in block.rows))
    rows = tuple(
        (block.header_line, (name, *(cells[i] for _, cells in block.rows)))
        for i, name in enumerate(block.header)
        if i > 0
    )
    return TableBlock(header, rows, block.header_line, block.style)


def _ragged_row(line: int, cells: Sequence[str], block: TableBlock) -> IntakeIssue:
    hint = (
        " A number with a thousands comma (2,400) splits a CSV cell: quote it, drop the comma, "
        "or paste as TSV."
        if block.style == "csv"
        else ""
    )
    return error(
        "ragged_row",
        f"this row has {len(cells)} cells but the header has {len(block.header)}",
        "Give every row one cell per column." + hint,
        line=line,
    )


def _first_outcome(record: ChannelRecord) -> OutcomeFigure | None:
    return record.outcomes[0] if record.outcomes else None


def _without_period_words(text: str) -> str:
    return re.sub(
        r"\b(?:q[1-4]|last|quarter|month|year|total|\d{4})\b", " ", text, flags=re.I
    ).strip()
