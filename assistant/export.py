"""The plan shown in the chat as a downloadable CSV or Excel workbook.

Both files are rendered from the :class:`~tools.views.PlanView` the reply's table is rendered
from (the same rounded values, the same "next unit" column and header, the same confidence):
one row per channel, then the total, with last period's outcome beside the plan. The workbook
adds a sheet with the plan's settings, totals and constraints. Files are named after the
plan or scenario they hold. Nothing is recomputed here.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

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

Cell = str | float | int | None


@dataclass(frozen=True)
class Column:
    """One column of the allocation table: its header and how Excel should show it."""

    header: str
    number_format: str | None = None


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
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(c.header for c in columns)
    percent_at = [c.header for c in columns].index("Change (%)")
    for row in allocation_rows(plan):
        cells = list(row)
        value = cells[percent_at]
        if isinstance(value, float):
            cells[percent_at] = round(value * 100, 2)
        writer.writerow("" if cell is None else cell for cell in cells)
    return buffer.getvalue().encode("utf-8-sig")


def plan_xlsx(plan: PlanView) -> bytes:
    """A workbook with the allocation table (sheet "Allocation") and the plan's settings,
    totals and constraints (sheet "Plan")."""
    workbook = Workbook()
    allocation = workbook.active
    assert allocation is not None  # a new workbook always has one sheet
    allocation.title = "Allocation"
    columns = allocation_columns(plan)
    allocation.append([c.header for c in columns])
    for row in allocation_rows(plan):
        allocation.append(row)
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
        plan_sheet.append([label, value])
        if number_format is not None:
            plan_sheet.cell(plan_sheet.max_row, 2).number_format = number_format
    plan_sheet.append([])
    plan_sheet.append(["Constraint", "From", "Binds", "Cost", "Cost unit"])
    for cell in plan_sheet[plan_sheet.max_row]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for constraint in plan.constraint_reports:
        plan_sheet.append(
            [
                constraint.description,
                constraint.from_,
                "yes" if constraint.binds else "no",
                _number(constraint.cost),
                constraint.cost_unit,
            ]
        )
    plan_sheet.column_dimensions["A"].width = 48
    plan_sheet.column_dimensions["B"].width = 40

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
