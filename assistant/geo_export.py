"""The geo plan as a downloadable CSV or Excel workbook, rendered from the
:class:`~tools.views.geo.GeoPlanView` the reply's table is rendered from: one row per market
(spend per channel, total, today's total, change), then the channel totals; the workbook adds
every market x channel line and the rules with their checks. Nothing is recomputed.

Market and channel names come from the user's file, so a text cell a spreadsheet would run as
a formula is written as text (:func:`assistant.export.neutralised`).
"""

from __future__ import annotations

import csv
import io
import re

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from assistant.export import fixed_workbook_bytes, neutralised
from tools.views.geo import GeoPlanView

_HEADER_FILL = PatternFill("solid", fgColor="E2E8F0")
_NOT_IN_NAMES = re.compile(r"[^a-z0-9]+")
_MONEY_FORMAT = "#,##0"
_RATIO_FORMAT = "0.00"

Cell = str | float | None


def file_stem(view: GeoPlanView) -> str:
    slug = _NOT_IN_NAMES.sub("-", view.geo_column.casefold()).strip("-")[:40]
    return f"budgetmix-plan-by-{slug or 'market'}"


def market_header(view: GeoPlanView) -> list[str]:
    money = view.currency
    return [
        neutralised(view.geo_column),
        *(neutralised(f"{name} ({money})") for name in view.channels),
        f"Total ({money})",
        f"Today ({money})",
        f"Change ({money})",
        neutralised(f"Next {money} today returns ({view.outcome_name})"),
    ]


def market_rows(view: GeoPlanView) -> list[list[Cell]]:
    rows: list[list[Cell]] = [
        [
            neutralised(m.geo),
            *(float(m.spend[name]) for name in view.channels),
            float(m.recommended),
            float(m.current),
            float(m.change),
            float(m.marginal_return_now),
        ]
        for m in view.markets
    ]
    rows.append(
        [
            "Total",
            *(float(view.channel_total(name).recommended) for name in view.channels),
            float(view.total_spend),
            float(view.current_total),
            float(view.total_spend) - float(view.current_total),
            None,
        ]
    )
    return rows


def geo_plan_csv(view: GeoPlanView) -> bytes:
    """The table by market as UTF-8 CSV with a BOM (Excel then reads currency signs)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(market_header(view))
    for row in market_rows(view):
        writer.writerow("" if cell is None else cell for cell in row)
    return buffer.getvalue().encode("utf-8-sig")


def geo_plan_xlsx(view: GeoPlanView) -> bytes:
    """Sheets "By market" (the table), "Lines" (every market x channel line) and "Rules"."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "By market"
    _table(sheet, market_header(view), market_rows(view), range(1, len(view.channels) + 4))
    lines = workbook.create_sheet("Lines")
    _table(
        lines,
        [
            neutralised(view.geo_column),
            "Channel",
            f"Today ({view.currency})",
            f"Recommended ({view.currency})",
            neutralised(f"Expected {view.outcome_name}"),
            "Marginal return",
            "Binding",
        ],
        [
            [
                neutralised(line.geo),
                neutralised(line.channel),
                float(line.current),
                float(line.recommended),
                float(line.expected),
                float(line.marginal_return),
                neutralised("; ".join(line.binding)),
            ]
            for line in view.lines
        ],
        (2, 3, 4),
    )
    rules = workbook.create_sheet("Rules")
    _table(
        rules,
        ["Rule", "Holds", f"Planned ({view.currency})"],
        [[neutralised(r.rule), "yes" if r.holds else "no", float(r.value)] for r in view.rules],
        (2,),
    )
    return fixed_workbook_bytes(workbook)


def _table(
    sheet: Worksheet, header: list[str], rows: list[list[Cell]], money: range | tuple[int, ...]
) -> None:
    """Header, rows, and the money columns (0-based) in whole units; other numbers with two
    decimals (returns per unit of money)."""
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for row in rows:
        sheet.append(row)
        for index, cell in enumerate(sheet[sheet.max_row]):
            if isinstance(cell.value, float):
                cell.number_format = _MONEY_FORMAT if index in money else _RATIO_FORMAT
            elif isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "B2"
