"""The intake case table: realistic messages and files with their exact expected extraction.

Cases live as TOML in ``tests/unit/intake/cases/`` (``messages.toml``, ``files.toml``); the
unit tests assert every case and the benchmark reports the share that pass. An extraction is
compared field by field, so a failure lists exactly what differs.

Message cases compare: the snapshot (each channel's label, type, spend, outcome, stated cost
per outcome; outcome name, unit, period), currency, budget and its period, budget changes,
objective, constraints (their ``describe()`` text and source phrase), brand-building override,
risk, derived figures and issues (``severity:code``, with ``:channel`` when one is named).
File cases compare the detection (date column, frequency, weeks, target, channels with types,
exposures, controls, events, ignored columns) and warning codes, or the error codes raised.
"""

from __future__ import annotations

import csv
import io
import random
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from model_engine.channels import ChannelType
from model_engine.datasets import ChannelPeriod
from model_engine.intake import (
    HistoryLoad,
    IntakeError,
    IntakeIssue,
    ParsedMessage,
    load_history,
    parse_message,
)

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "tests" / "unit" / "intake" / "cases"


@dataclass(frozen=True)
class MessageExtraction:
    currency: str = "USD"
    outcome: str | None = None
    outcome_unit: str | None = None
    period_weeks: int | None = None
    channels: tuple[tuple[str, str, float, float | None, float | None], ...] = ()
    budget: float | None = None
    budget_period_weeks: int | None = None
    budget_changes: tuple[tuple[str, float], ...] = ()
    objective: tuple[str, float | None] | None = None
    objective_outcome: str | None = None
    constraints: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    brand_building_types: tuple[str, ...] | None = None
    risk: str | None = None
    derived: tuple[tuple[str, str, float], ...] = ()
    issues: tuple[str, ...] = ()

    @classmethod
    def of(cls, parsed: ParsedMessage) -> MessageExtraction:
        snap = parsed.snapshot
        objective = parsed.objective
        target = None
        if objective is not None:
            target = objective.value_per_outcome or objective.target_cac or objective.target_volume
        symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(parsed.currency, "$")
        return cls(
            currency=parsed.currency,
            outcome=snap.outcome_name if snap else None,
            outcome_unit=snap.outcome_unit if snap else None,
            period_weeks=snap.period_weeks if snap else None,
            channels=tuple(
                (
                    c.name,
                    c.channel_type.value,
                    round(c.spend, 2),
                    _round(c.outcome),
                    _round(c.stated_cost_per_outcome),
                )
                for c in (snap.channels if snap else ())
            ),
            budget=parsed.budget,
            budget_period_weeks=parsed.budget_period_weeks,
            budget_changes=tuple((c.kind, round(c.value, 4)) for c in parsed.budget_changes),
            objective=(objective.kind, target) if objective else None,
            objective_outcome=parsed.objective_outcome,
            constraints=tuple(c.describe(symbol) for c in parsed.constraints),
            phrases=parsed.constraint_phrases,
            brand_building_types=(
                tuple(sorted(t.value for t in parsed.brand_building_types))
                if parsed.brand_building_types is not None
                else None
            ),
            risk=parsed.risk.mode if parsed.risk else None,
            derived=tuple((d.channel, d.quantity, round(d.value, 2)) for d in parsed.derived),
            issues=tuple(_issue_key(i) for i in parsed.issues),
        )

    @classmethod
    def expected(cls, table: Mapping[str, Any]) -> MessageExtraction:
        objective = table.get("objective")
        return cls(
            currency=table.get("currency", "USD"),
            outcome=table.get("outcome"),
            outcome_unit=table.get("outcome_unit"),
            period_weeks=table.get("period_weeks"),
            channels=tuple(
                (
                    c["name"],
                    c["type"],
                    float(c["spend"]),
                    _optional(c.get("outcome")),
                    _optional(c.get("cost")),
                )
                for c in table.get("channels", ())
            ),
            budget=_optional(table.get("budget")),
            budget_period_weeks=table.get("budget_period_weeks"),
            budget_changes=tuple((k, float(v)) for k, v in table.get("budget_changes", ())),
            objective=(objective[0], _optional(objective[1]) if len(objective) > 1 else None)
            if objective
            else None,
            objective_outcome=table.get("objective_outcome"),
            constraints=tuple(table.get("constraints", ())),
            phrases=tuple(table.get("phrases", ())),
            brand_building_types=(
                tuple(sorted(table["brand_building_types"]))
                if "brand_building_types" in table
                else None
            ),
            risk=table.get("risk"),
            derived=tuple((c, q, float(v)) for c, q, v in table.get("derived", ())),
            issues=tuple(table.get("issues", ())),
        )


@dataclass(frozen=True)
class FileExtraction:
    errors: tuple[str, ...] = ()
    date_column: str | None = None
    frequency: str | None = None
    week_start: str | None = None
    n_weeks: int | None = None
    first_week: str | None = None
    target: str | None = None
    outcome_unit: str | None = None
    currency: str | None = None
    channels: tuple[tuple[str, str], ...] = ()
    exposures: tuple[str, ...] = ()
    controls: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @classmethod
    def of(cls, loaded: HistoryLoad) -> FileExtraction:
        d = loaded.detection
        return cls(
            date_column=d.date_column,
            frequency=d.source_frequency,
            week_start=d.week_start,
            n_weeks=d.n_weeks,
            first_week=str(d.first_week),
            target=d.target,
            outcome_unit=d.outcome_unit,
            currency=d.currency,
            channels=tuple((c.column, c.channel_type.value) for c in d.channels),
            exposures=d.exposures,
            controls=d.controls,
            events=d.events,
            ignored=tuple(i.name for i in d.ignored),
            warnings=tuple(w.code for w in loaded.warnings),
        )

    @classmethod
    def of_error(cls, raised: IntakeError) -> FileExtraction:
        return cls(errors=tuple(i.code for i in raised.errors))

    @classmethod
    def expected(cls, table: Mapping[str, Any]) -> FileExtraction:
        unknown = set(table) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown keys in a file case: {sorted(unknown)}")
        return cls(
            errors=tuple(table.get("errors", ())),
            date_column=table.get("date_column"),
            frequency=table.get("frequency"),
            week_start=table.get("week_start"),
            n_weeks=table.get("n_weeks"),
            first_week=table.get("first_week"),
            target=table.get("target"),
            outcome_unit=table.get("outcome_unit"),
            currency=table.get("currency"),
            channels=tuple((name, kind) for name, kind in table.get("channels", ())),
            exposures=tuple(table.get("exposures", ())),
            controls=tuple(table.get("controls", ())),
            events=tuple(table.get("events", ())),
            ignored=tuple(table.get("ignored", ())),
            warnings=tuple(table.get("warnings", ())),
        )


@dataclass(frozen=True)
class CaseResult:
    name: str
    kind: str  # "message" or "file"
    passed: bool
    differences: tuple[str, ...]


@dataclass(frozen=True)
class MessageCase:
    name: str
    text: str
    known_channels: tuple[ChannelPeriod, ...]
    brand_building_types: frozenset[ChannelType] | None
    expected: MessageExtraction

    def run(self) -> CaseResult:
        parsed = parse_message(
            self.text,
            known_channels=self.known_channels,
            brand_building_types=self.brand_building_types,
        )
        return _compare(self.name, "message", MessageExtraction.of(parsed), self.expected)


@dataclass(frozen=True)
class FileCase:
    name: str
    spec: Mapping[str, Any]
    expected: FileExtraction

    def run(self, workdir: Path) -> CaseResult:
        path = materialise(self.name, self.spec, workdir)
        arguments = dict(self.spec.get("args", {}))
        try:
            actual = FileExtraction.of(load_history(path, **arguments))
        except IntakeError as raised:
            actual = FileExtraction.of_error(raised)
        return _compare(self.name, "file", actual, self.expected)


def message_cases() -> list[MessageCase]:
    table = tomllib.loads((CASES / "messages.toml").read_text(encoding="utf-8"))
    return [
        MessageCase(
            case["name"],
            case["text"],
            tuple(_known(k) for k in case.get("known", ())),
            frozenset(ChannelType(t) for t in case["session_brand_types"])
            if "session_brand_types" in case
            else None,
            MessageExtraction.expected(case.get("expect", {})),
        )
        for case in table["case"]
    ]


def file_cases() -> list[FileCase]:
    table = tomllib.loads((CASES / "files.toml").read_text(encoding="utf-8"))
    return [
        FileCase(case["name"], case, FileExtraction.expected(case.get("expect", {})))
        for case in table["case"]
    ]


def run_all(workdir: Path) -> list[CaseResult]:
    return [c.run() for c in message_cases()] + [c.run(workdir) for c in file_cases()]


def materialise(name: str, spec: Mapping[str, Any], workdir: Path) -> Path:
    """Write a file case to disk: a repository file as is, or a base fixture (or inline
    ``content``) with the case's edits applied, as CSV, TSV or XLSX."""
    if "path" in spec:
        return REPO / spec["path"]
    if "raw_bytes" in spec:
        target = workdir / f"{_slug(name)}{spec.get('suffix', '.csv')}"
        target.write_bytes(bytes.fromhex(spec["raw_bytes"]))
        return target
    text = spec["content"] if "content" in spec else (CASES / "files" / spec["base"]).read_text()
    rows = list(csv.reader(io.StringIO(text)))
    rows = _edited(rows, spec)
    file_format = spec.get("format", "csv")
    extension = {"semicolon": "csv"}.get(file_format, file_format)
    target = workdir / f"{_slug(name)}.{spec.get('suffix', extension).lstrip('.')}"
    if file_format == "xlsx":
        _write_xlsx(target, rows, spec.get("extra_sheets", ()))
    else:
        delimiter = {"csv": ",", "tsv": "\t", "semicolon": ";"}[file_format]
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
        target.write_text(spec.get("prefix", "") + buffer.getvalue() + spec.get("suffix_text", ""))
    return target


def _edited(rows: list[list[str]], spec: Mapping[str, Any]) -> list[list[str]]:
    header, body = rows[0], rows[1:]
    for row, column, value in spec.get("set", ()):
        body[row - 2][header.index(column)] = value  # rows are spreadsheet rows (header = 1)
    for row in sorted(spec.get("drop_rows", ()), reverse=True):
        del body[row - 2]
    if "keep_rows" in spec:
        body = body[: spec["keep_rows"]]
    if spec.get("shuffle"):
        random.Random(0).shuffle(body)
    for row in spec.get("duplicate_rows", ()):
        body.insert(row - 1, list(body[row - 2]))
    if "rename" in spec:
        header = [spec["rename"].get(h, h) for h in header]
    if "drop_columns" in spec:
        keep = [i for i, h in enumerate(header) if h not in spec["drop_columns"]]
        header = [header[i] for i in keep]
        body = [[r[i] for i in keep] for r in body]
    if "decimal_comma" in spec:
        body = [[c.replace(".", ",") if _is_number(c) else c for c in r] for r in body]
    return [header, *body]


def _write_xlsx(target: Path, rows: Sequence[Sequence[str]], extra_sheets: Sequence[str]) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "History"
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for title in extra_sheets:
        other = workbook.create_sheet(title)
        other.append(["note", "value"])
        other.append(["source", "finance export"])
    workbook.save(target)


def _cell(value: str) -> object:
    if _is_number(value):
        return float(value)
    try:
        return datetime.combine(date.fromisoformat(value), datetime.min.time())
    except ValueError:
        return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _known(entry: Mapping[str, Any]) -> ChannelPeriod:
    return ChannelPeriod(
        entry["name"],
        ChannelType(entry["type"]),
        float(entry["spend"]),
        _optional(entry.get("outcome")),
    )


def _compare(name: str, kind: str, actual: Any, expected: Any) -> CaseResult:
    differences = tuple(
        f"{f.name}: expected {getattr(expected, f.name)!r}, got {getattr(actual, f.name)!r}"
        for f in fields(actual)
        if getattr(actual, f.name) != getattr(expected, f.name)
    )
    return CaseResult(name, kind, not differences, differences)


def _issue_key(issue: IntakeIssue) -> str:
    key = f"{issue.severity}:{issue.code}"
    return f"{key}:{issue.channel}" if issue.channel else key


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _optional(value: Any) -> float | None:
    return None if value is None or value == "" else float(value)


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name)[:60]
