"""The plan shown in the chat as a downloadable CSV or Excel workbook.

Both files are rendered from the :class:`~tools.views.PlanView` the reply's table is rendered
from (the same rounded values, the same "next unit" column and header, the same confidence):
one row per channel, then the total, with last period's outcome beside the plan. The workbook
adds a sheet with the plan's settings, totals and constraints. Files are named after the
plan or scenario they hold. Nothing is recomputed here.

Names come from the user's data, so a channel called ``=cmd|' /C calc'!A0`` must not become a
formula when the file is opened (OWASP "CSV injection"): every text cell that starts with
``= + - @``, a tab or a carriage return gets a leading ``'``, in the CSV and in the workbook,
and workbook text cells are written as string cells, never as formulas. Numbers stay numbers.
The workbook's bytes depend only on the plan (fixed document and zip timestamps), so the chat's
download and ``budgetmix ask --export`` are the same file.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from tools.views import PlanView

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_MONEY_FORMAT = "#,##0"
_COUNT_FORMAT = "#,##0"
_PERCENT_FORMAT = "+0%;-0%;0%"
# Costs per outcome can be cents ($0.65 per click must not read as $1), spends never are.
_COST_FORMAT = "[<100]#,##0.00;#,##0"
_HEADER_FILL = PatternFill("solid", fgColor="E2E8F0")
_NOT_IN_NAMES = re.compile(r"[^a-z0-9]+")
# What a spreadsheet reads as the start of a formula (OWASP CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A fixed date for the workbook's properties and zip entries, so its bytes depend on the plan.
_FIXED_TIME = datetime(2000, 1, 1)

Cell = str | float | int | None


@dataclass(frozen=True)
class Column:
    """One column of the allocation table: its header and how Excel should show it."""

    header: str
    number_format: str | None = None


def neutralised(text: str) -> str:
    """``text`` as a spreadsheet shows it but never evaluates: a leading ``'`` when it starts
    like a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _safe(cell: Cell) -> Cell:
    return neutralised(cell) if isinstance(cell, str) else cell


def _append(sheet: Worksheet, row: list[Cell]) -> None:
    """Append ``row`` with its text neutralised: openpyxl stores a text starting with ``=`` as
    a formula, and a neutralised text never starts with one, so it is a string cell."""
    sheet.append([_safe(value) for value in row])


def file_stem(plan: PlanView) -> str:
    """ "current-plan", "scenario-a-budget-15": the plan's own name."""
    return _NOT_IN_NAMES.sub("-", plan.name.casefold()).strip("-") or "plan"


def allocation_columns(plan: PlanView) -> tuple[Column, ...]:
    currency = plan.currency
    outcome = plan.outcome_name
    outcome_format = _MONEY_FORMAT if plan.units.outcome_is_money else _COUNT_FORMAT
    return (
        Column("Channel"),
        Column(f"Last period ({currency})", _MONEY_FORMAT),
        Column(f"Last period {outcome}", outcome_format),
        Column(f"Recommended ({currency})", _MONEY_FORMAT),
        Column(f"Change ({currency})", _MONEY_FORMAT),
        Column("Change (%)", _PERCENT_FORMAT),
        Column(f"Expected {outcome}", outcome_format),
        Column(f"Expected {outcome}, 90% low", outcome_format),
        Column(f"Expected {outcome}, 90% high", outcome_format),
        Column(f"{plan.next_unit_header} ({currency})", _COST_FORMAT),
        Column("Direction"),
        Column("Main reason"),
        Column("Confidence"),
        Column("Held by"),
    )


def _number(value: float | None) -> float | None:
    return None if value is None else float(value)


def allocation_rows(plan: PlanView) -> list[list[Cell]]:
    """Channel rows then the total row; ``Change (%)`` is a fraction (0.24 for +24%).

    The total row holds only totals the plan reports, like the reply's table."""
    rows: list[list[Cell]] = [
        [
            a.channel,
            _number(a.current),
            _number(a.current_expected),
            _number(a.recommended),
            _number(a.change),
            _number(a.change_pct),
            _number(a.expected),
            _number(a.expected_low),
            _number(a.expected_high),
            _number(a.next_unit),
            a.direction,
            a.reason.replace("_", " "),
            a.confidence,
            "; ".join(a.binding),
        ]
        for a in plan.allocations
    ]
    rows.append(
        [
            "Total",
            _number(plan.current_total),
            _number(plan.current_expected_total),
            _number(plan.total_spend),
            None,
            None,
            _number(plan.expected_total),
            _number(plan.expected_total_low),
            _number(plan.expected_total_high),
            _number(plan.equalised_next_unit),
            None,
            None,
            None,
            None,
        ]
    )
    return rows


def plan_csv(plan: PlanView) -> bytes:
    """The allocation table as UTF-8 CSV (with a BOM, so Excel reads the currency signs);
    ``Change (%)`` is written in percent (24.09 for +24.09%)."""
    columns = allocation_columns(plan)
    buffer = io.StringIO()
    # Text quoted, numbers not: a carriage return in a name stays inside its cell.
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(neutralised(c.header) for c in columns)
    percent_at = [c.header for c in columns].index("Change (%)")
    for row in allocation_rows(plan):
        cells = list(row)
        value = cells[percent_at]
        if isinstance(value, float):
            cells[percent_at] = round(value * 100, 2)
        writer.writerow("" if cell is None else _safe(cell) for cell in cells)
    return buffer.getvalue().encode("utf-8-sig")


def plan_xlsx(plan: PlanView) -> bytes:
    """A workbook with the allocation table (sheet "Allocation") and the plan's settings,
    totals and constraints (sheet "Plan")."""
    workbook = Workbook()
    allocation = workbook.active
    assert allocation is not None  # a new workbook always has one sheet
    allocation.title = "Allocation"
    columns = allocation_columns(plan)
    _append(allocation, [c.header for c in columns])
    for row in allocation_rows(plan):
        _append(allocation, row)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        allocation.column_dimensions[letter].width = max(12, len(column.header) + 2)
        if column.number_format is not None:
            for cell in allocation[letter][1:]:
                cell.number_format = column.number_format
    for cell in allocation[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in allocation[allocation.max_row]:
        cell.font = Font(bold=True)
    allocation.freeze_panes = "B2"

    plan_sheet = workbook.create_sheet("Plan")
    for label, value, number_format in _plan_facts(plan):
        _append(plan_sheet, [label, value])
        if number_format is not None:
            plan_sheet.cell(plan_sheet.max_row, 2).number_format = number_format
    plan_sheet.append([])
    _append(plan_sheet, ["Constraint", "From", "Binds", "Cost", "Cost unit"])
    for cell in plan_sheet[plan_sheet.max_row]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for constraint in plan.constraint_reports:
        _append(
            plan_sheet,
            [
                constraint.description,
                constraint.from_,
                "yes" if constraint.binds else "no",
                _number(constraint.cost),
                constraint.cost_unit,
            ],
        )
    plan_sheet.column_dimensions["A"].width = 48
    plan_sheet.column_dimensions["B"].width = 40

    return fixed_workbook_bytes(workbook)


def fixed_workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook's bytes with fixed document and zip timestamps, so they depend only on
    its content (the chat's download and ``ask --export`` are the same file)."""
    workbook.properties.created = _FIXED_TIME
    workbook.properties.modified = _FIXED_TIME
    buffer = io.BytesIO()
    # Not workbook.save: it stamps "modified" with the clock, so two saves a second apart differ.
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _with_fixed_zip_times(buffer.getvalue())


def _with_fixed_zip_times(workbook: bytes) -> bytes:
    """The same zip with every entry dated :data:`_FIXED_TIME` (openpyxl dates them now)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=_FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(entry.filename))
    return out.getvalue()


def _plan_facts(plan: PlanView) -> list[tuple[str, Cell, str | None]]:
    currency = plan.currency
    outcome = plan.outcome_name
    outcome_format = _MONEY_FORMAT if plan.units.outcome_is_money else _COUNT_FORMAT
    return [
        ("Plan", plan.name, None),
        (f"Total budget ({currency})", _number(plan.total_budget), _MONEY_FORMAT),
        (f"Planned spend ({currency})", _number(plan.total_spend), _MONEY_FORMAT),
        (f"Last period's spend ({currency})", _number(plan.current_total), _MONEY_FORMAT),
        (f"Last period's {outcome}", _number(plan.current_expected_total), outcome_format),
        ("Horizon (weeks)", plan.horizon_weeks, None),
        ("Objective", plan.objective, None),
        ("Risk", plan.risk, None),
        (f"Expected {outcome}", _number(plan.expected_total), outcome_format),
        (f"Expected {outcome}, 90% low", _number(plan.expected_total_low), outcome_format),
        (f"Expected {outcome}, 90% high", _number(plan.expected_total_high), outcome_format),
        (
            f"Expected {outcome} keeping today's mix",
            _number(plan.baseline_expected_total),
            outcome_format,
        ),
        ("Lift over today's mix", _number(plan.lift_over_baseline_pct), _PERCENT_FORMAT),
        (
            f"{plan.next_unit_header} at the margin ({currency})",
            _number(plan.equalised_next_unit),
            _COST_FORMAT,
        ),
    ]
