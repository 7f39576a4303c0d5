"""The plan shown in the chat as a downloadable CSV or Excel workbook.

Both files carry the numbers of the reply's allocation table, read from
:func:`tools.allocation.plan_summary` (the same rounded values the table prints): one row per
channel, then the total. The workbook adds a sheet with the plan's settings, totals and
constraints. Nothing is recomputed here.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from model_engine.intake.wording import singular
from tools.allocation import plan_summary
from tools.workspace import PlanOutput

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_MONEY_FORMAT = "#,##0"
_COUNT_FORMAT = "#,##0"
_PERCENT_FORMAT = "+0%;-0%;0%"
# Costs per outcome can be cents ($0.65 per click must not read as $1), spends never are.
_COST_FORMAT = "[<100]#,##0.00;#,##0"
_HEADER_FILL = PatternFill("solid", fgColor="E2E8F0")


@dataclass(frozen=True)
class Column:
    """One column of the allocation table: its header and how Excel should show it."""

    header: str
    number_format: str | None = None


def allocation_columns(summary: dict[str, Any]) -> tuple[Column, ...]:
    currency = summary["currency"]
    outcome = summary["outcome_name"]
    return (
        Column("Channel"),
        Column(f"Last period ({currency})", _MONEY_FORMAT),
        Column(f"Recommended ({currency})", _MONEY_FORMAT),
        Column(f"Change ({currency})", _MONEY_FORMAT),
        Column("Change (%)", _PERCENT_FORMAT),
        Column(f"Expected {outcome}", _COUNT_FORMAT),
        Column(f"Expected {outcome}, 90% low", _COUNT_FORMAT),
        Column(f"Expected {outcome}, 90% high", _COUNT_FORMAT),
        Column(f"Cost of next {singular(outcome)} ({currency})", _COST_FORMAT),
        Column("Direction"),
        Column("Main reason"),
        Column("Confidence"),
        Column("Held by"),
    )


def allocation_rows(summary: dict[str, Any]) -> list[list[Any]]:
    """Channel rows then the total row; ``Change (%)`` is a fraction (0.24 for +24%).

    The total row holds only totals the plan reports, like the reply's table."""
    rows: list[list[Any]] = [
        [
            a["channel"],
            a["current"],
            a["recommended"],
            a["change"],
            a["change_pct"],
            a["expected"],
            a["expected_low"],
            a["expected_high"],
            a["marginal_cost"],
            a["direction"],
            a["reason"].replace("_", " "),
            a["confidence"],
            "; ".join(a["binding"]),
        ]
        for a in summary["allocations"]
    ]
    rows.append(
        [
            "Total",
            summary["current_total"],
            summary["total_spend"],
            None,
            None,
            summary["expected_total"],
            summary["expected_total_low"],
            summary["expected_total_high"],
            summary["equalised_marginal_cost"],
            None,
            None,
            None,
            None,
        ]
    )
    return rows


def plan_csv(output: PlanOutput) -> bytes:
    """The allocation table as UTF-8 CSV (with a BOM, so Excel reads the currency signs);
    ``Change (%)`` is written in percent (24.09 for +24.09%)."""
    summary = plan_summary(output)
    columns = allocation_columns(summary)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(c.header for c in columns)
    percent_at = [c.header for c in columns].index("Change (%)")
    for row in allocation_rows(summary):
        cells = list(row)
        if cells[percent_at] is not None:
            cells[percent_at] = round(cells[percent_at] * 100, 2)
        writer.writerow("" if cell is None else cell for cell in cells)
    return buffer.getvalue().encode("utf-8-sig")


def plan_xlsx(output: PlanOutput) -> bytes:
    """A workbook with the allocation table (sheet "Allocation") and the plan's settings,
    totals and constraints (sheet "Plan")."""
    summary = plan_summary(output)
    workbook = Workbook()
    allocation = workbook.active
    assert allocation is not None  # a new workbook always has one sheet
    allocation.title = "Allocation"
    columns = allocation_columns(summary)
    allocation.append([c.header for c in columns])
    for row in allocation_rows(summary):
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
    for label, value, number_format in _plan_facts(summary):
        plan_sheet.append([label, value])
        if number_format is not None:
            plan_sheet.cell(plan_sheet.max_row, 2).number_format = number_format
    plan_sheet.append([])
    plan_sheet.append(["Constraint", "From", "Binds", "Cost", "Cost unit"])
    for cell in plan_sheet[plan_sheet.max_row]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for constraint in summary["constraints"]:
        plan_sheet.append(
            [
                constraint["description"],
                constraint["from"],
                "yes" if constraint["binds"] else "no",
                constraint["cost"],
                constraint["cost_unit"],
            ]
        )
    plan_sheet.column_dimensions["A"].width = 48
    plan_sheet.column_dimensions["B"].width = 40

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _plan_facts(summary: dict[str, Any]) -> list[tuple[str, Any, str | None]]:
    currency = summary["currency"]
    outcome = summary["outcome_name"]
    return [
        (f"Total budget ({currency})", summary["total_budget"], _MONEY_FORMAT),
        (f"Planned spend ({currency})", summary["total_spend"], _MONEY_FORMAT),
        (f"Last period's spend ({currency})", summary["current_total"], _MONEY_FORMAT),
        ("Horizon (weeks)", summary["horizon_weeks"], None),
        ("Objective", summary["objective"], None),
        ("Risk", summary["risk"], None),
        (f"Expected {outcome}", summary["expected_total"], _COUNT_FORMAT),
        (f"Expected {outcome}, 90% low", summary["expected_total_low"], _COUNT_FORMAT),
        (f"Expected {outcome}, 90% high", summary["expected_total_high"], _COUNT_FORMAT),
        (
            f"Expected {outcome} keeping today's mix",
            summary["baseline_expected_total"],
            _COUNT_FORMAT,
        ),
        ("Lift over today's mix", summary["lift_over_baseline_pct"], _PERCENT_FORMAT),
        (
            f"Cost of next {singular(outcome)} at the margin ({currency})",
            summary["equalised_marginal_cost"],
            _COST_FORMAT,
        ),
    ]
