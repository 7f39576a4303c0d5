"""The weekly calendar as a downloadable CSV or Excel workbook, rendered from the
:class:`~tools.views.calendar.CalendarView` the reply's table is rendered from: one row per
week (spend per channel, total, expected outcome with its 90% range), then the channel totals;
the workbook adds the monthly totals and the forecast week by week. Nothing is recomputed.

Text cells that a spreadsheet would run as a formula (a channel named ``=HYPERLINK(...)``)
are written as text.
"""

from __future__ import annotations

import csv
import io
import re

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from tools.views.calendar import CalendarView

_HEADER_FILL = PatternFill("solid", fgColor="E2E8F0")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NOT_IN_NAMES = re.compile(r"[^a-z0-9]+")

Cell = str | float | int | None


def _text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def file_stem(view: CalendarView) -> str:
    slug = _NOT_IN_NAMES.sub("-", view.period.casefold()).strip("-")[:60]
    return f"budgetmix-calendar-{slug or 'plan'}"


def calendar_header(view: CalendarView) -> list[str]:
    outcome = view.outcome_name
    return [
        "Week",
        "Month",
        *(_text(f"{name} ({view.currency})") for name in view.channels),
        f"Total ({view.currency})",
        _text(f"Expected {outcome}"),
        _text(f"Expected {outcome}, 90% low"),
        _text(f"Expected {outcome}, 90% high"),
    ]


def calendar_rows(view: CalendarView) -> list[list[Cell]]:
    rows: list[list[Cell]] = [
        [
            w.week,
            w.month,
            *(float(w.spend[name]) for name in view.channels),
            float(w.total_spend),
            float(w.expected),
            float(w.low),
            float(w.high),
        ]
        for w in view.calendar
    ]
    rows.append(
        [
            "Total",
            None,
            *(float(view.channel_totals[name]) for name in view.channels),
            float(view.total_spend),
            float(view.expected.estimate),
            float(view.expected.low),
            float(view.expected.high),
        ]
    )
    return rows


def calendar_csv(view: CalendarView) -> bytes:
    """The calendar table as UTF-8 CSV with a BOM (Excel then reads currency signs)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(calendar_header(view))
    for row in calendar_rows(view):
        writer.writerow("" if cell is None else cell for cell in row)
    return buffer.getvalue().encode("utf-8-sig")


def calendar_xlsx(view: CalendarView) -> bytes:
    """Sheets "Calendar" (the table), "Months" (monthly totals) and "Forecast" (per week:
    expected, range, baseline, media, carryover in)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "Calendar"
    _table(sheet, calendar_header(view), calendar_rows(view))
    months = workbook.create_sheet("Months")
    _table(
        months,
        [
            "Month",
            "Weeks",
            *(_text(n) for n in view.channels),
            "Total",
            f"Expected {view.outcome_name}",
        ],
        [
            [
                m.label,
                m.weeks,
                *(float(m.spend[n]) for n in view.channels),
                float(m.total_spend),
                float(m.expected),
            ]
            for m in view.months
        ],
    )
    forecast = workbook.create_sheet("Forecast")
    _table(
        forecast,
        ["Week", "Expected", "90% low", "90% high", "Baseline", "Media", "Carryover in"],
        [
            [
                w.week,
                float(w.expected),
                float(w.low),
                float(w.high),
                float(w.baseline),
                float(w.media),
                float(w.carryover_in),
            ]
            for w in view.forecast.weeks
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _table(sheet: Worksheet, header: list[str], rows: list[list[Cell]]) -> None:
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, float):
                cell.number_format = "#,##0"
    sheet.freeze_panes = "B2"
