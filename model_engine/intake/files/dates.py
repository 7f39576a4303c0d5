"""Finding and reading the date column, and the spacing of its rows.

Dates are read with one explicit format per column (ISO, day-first or month-first, ISO week),
never row by row: "03/04/2024" means the same thing on every row. When both day-first and
month-first read every row, the one that gives evenly spaced rows wins; if both do, the file is
ambiguous and intake asks. Rows whose date cell is a label such as "Total" are summary rows and
are left out with a warning; any other unreadable date is an error naming the row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

import pandas as pd

from model_engine.intake.files.values import filled_mask
from model_engine.intake.issues import IntakeIssue, error, warning
from model_engine.intake.wording import quote, rows_phrase

Frequency = Literal["daily", "weekly"]

_DATE_NAME_TOKENS = frozenset(
    {"date", "dates", "week", "weeks", "day", "time", "ds", "dt", "period", "wk", "month"}
)
_SUMMARY_LABELS = re.compile(
    r"^(grand\s+)?(total|totals|sum|average|avg|mean|subtotal)\b", re.IGNORECASE
)
_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2})?)?$")
_ISO_SLASHED = re.compile(r"^\d{4}/\d{1,2}/\d{1,2}$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})$")
_ISO_WEEK = re.compile(r"^\d{4}-?W\d{2}$", re.IGNORECASE)
_MIN_DATE_SHARE = 0.9


@dataclass(frozen=True, eq=False)
class DateColumn:
    """The parsed dates of the rows kept, and what was learned reading them."""

    name: str
    dates: pd.Series  # Timestamps indexed by spreadsheet row
    date_format: str  # in words, for the detection report
    summary_rows: tuple[int, ...]  # rows left out because they are totals or averages


def find_date_column(cells: pd.DataFrame) -> str | None:
    """The first date-named column whose cells read as dates, else the first column that
    reads as dates at all."""
    named = [c for c in cells.columns if _tokens(c) & _DATE_NAME_TOKENS]
    others = [c for c in cells.columns if c not in named]
    for column in (*named, *others):
        values = cells[column][filled_mask(cells[column])]
        if not values.empty and _date_share(values) >= _MIN_DATE_SHARE:
            return str(column)
    return None


def read_date_column(cells: pd.DataFrame, name: str) -> tuple[DateColumn | None, list[IntakeIssue]]:
    raw = cells[name]
    summary = _summary_rows(cells, raw)
    issues: list[IntakeIssue] = []
    if summary:
        issues.append(
            warning(
                "summary_rows_dropped",
                f"left out {rows_phrase(summary)}: a total or average row, not a week",
                "Nothing to do if that row is a summary; otherwise give it a date.",
                column=name,
            )
        )
    values = raw.drop(index=summary)
    missing = [int(row) for row in values.index[~filled_mask(values).to_numpy()]]
    if missing:
        issues.append(
            error(
                "missing_date",
                f"{rows_phrase(missing)} {'has' if len(missing) == 1 else 'have'} no date",
                "Fill in the date of each row, or delete rows that are not weeks.",
                column=name,
                row=missing[0],
            )
        )
        values = values.drop(index=missing)
    dates, date_format, problem = _parse(values)
    if dates is None:
        issues.append(error("unreadable_dates", problem, _DATE_FIX, column=name))
        return None, issues
    bad = [int(r) for r in dates[dates.isna()].index.to_numpy()]
    if bad:
        shown = ", ".join(f"row {r} ({quote(values[r])})" for r in bad[:5])
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        issues.append(
            error(
                "unreadable_dates",
                f"these dates could not be read as {date_format}: {shown}{more}",
                _DATE_FIX,
                column=name,
                row=bad[0],
            )
        )
        return None, issues
    return DateColumn(name, dates, date_format, tuple(summary)), issues


def _summary_rows(cells: pd.DataFrame, raw: pd.Series) -> list[int]:
    """Rows with a "Total"/"Average" label in the date cell, or in another cell of a row with
    no date."""
    labelled = _matches(raw, _SUMMARY_LABELS)
    blank = ~filled_mask(raw)
    for row in raw.index[blank.to_numpy()]:
        labelled[row] = any(
            isinstance(v, str) and _SUMMARY_LABELS.match(v) is not None for v in cells.loc[row]
        )
    return [int(row) for row in raw.index[labelled.to_numpy()]]


def _matches(values: pd.Series, pattern: re.Pattern[str]) -> pd.Series:
    """Which cells are text matching ``pattern`` at their start (vectorised ``re.match``)."""
    is_text = values.map(type).isin([str])
    found = values.astype(str).str.match(pattern.pattern, flags=pattern.flags)
    return is_text & found.fillna(False).astype(bool)


def row_spacing_days(dates: Sequence[pd.Timestamp]) -> pd.Series:
    ordered = pd.DatetimeIndex(pd.Series(list(dates))).dropna().unique().sort_values()
    return pd.Series(ordered).diff().dropna().dt.days


def frequency_of(dates: pd.Series) -> Frequency | Literal["monthly"] | None:
    """The most common spacing between consecutive distinct dates, in words."""
    spacing = row_spacing_days(list(dates))
    if spacing.empty:
        return None
    typical = int(spacing.mode().iloc[0])
    if typical == 7:
        return "weekly"
    if typical in (1, 2, 3):  # business-day files skip weekends
        return "daily"
    if 28 <= typical <= 31:
        return "monthly"
    return None


_DATE_FIX = "Write dates as YYYY-MM-DD (for example 2024-01-08) and upload again."


def _parse(values: pd.Series) -> tuple[pd.Series | None, str, str]:
    kinds = set(values.map(type))
    if all(issubclass(k, datetime | date) for k in kinds):
        return pd.to_datetime(values.astype(object)).dt.normalize(), "spreadsheet dates", ""
    if kinds <= {str}:
        text = values.astype(str).str.strip()
    else:
        text = values.map(lambda v: str(v.date()) if isinstance(v, datetime) else str(v).strip())
    iso = _matches(text, _ISO) | _matches(text, _ISO_SLASHED)
    if iso.mean() >= _MIN_DATE_SHARE:
        parsed = pd.to_datetime(text.str.replace("/", "-"), format="ISO8601", errors="coerce")
        return parsed.dt.normalize(), "year-month-day", ""
    if _matches(text, _ISO_WEEK).mean() >= _MIN_DATE_SHARE:
        weeks = text.str.upper().str.replace("-", "", regex=False) + "1"
        return pd.to_datetime(weeks, format="%GW%V%u", errors="coerce"), "ISO week", ""
    if _matches(text, _NUMERIC_DATE).mean() >= _MIN_DATE_SHARE:
        return _parse_day_month(text)
    parsed = pd.to_datetime(text, format="mixed", errors="coerce")
    if parsed.notna().mean() >= _MIN_DATE_SHARE:
        return parsed.dt.normalize(), "written dates", ""
    return None, "", f"the column does not hold dates (e.g. {quote(text.iloc[0])})"


def _parse_day_month(text: pd.Series) -> tuple[pd.Series | None, str, str]:
    separator = _NUMERIC_DATE.match(next(v for v in text if _NUMERIC_DATE.match(v)))
    assert separator is not None
    sep = separator.group(2)
    year = "%Y" if len(separator.group(4)) == 4 else "%y"
    readings = {
        "month/day/year": pd.to_datetime(text, format=f"%m{sep}%d{sep}{year}", errors="coerce"),
        "day/month/year": pd.to_datetime(text, format=f"%d{sep}%m{sep}{year}", errors="coerce"),
    }
    complete = {k: v for k, v in readings.items() if v.notna().all()}
    if len(complete) == 1:
        ((label, parsed),) = complete.items()
        return parsed, label, ""
    if not complete:
        label, parsed = max(readings.items(), key=lambda kv: int(kv[1].notna().sum()))
        return parsed, label, ""
    regular = {k: v for k, v in complete.items() if frequency_of(v) is not None}
    if len(regular) == 1:
        ((label, parsed),) = regular.items()
        return parsed, label, ""
    example = text.iloc[0]
    return (
        None,
        "",
        f"dates like {quote(example)} read as both day/month and month/day, so their meaning "
        "is ambiguous",
    )


def _date_share(values: pd.Series) -> float:
    if all(issubclass(k, datetime | date) for k in set(values.map(type))):
        return 1.0
    text = values.astype(str).str.strip()
    patterns = (_ISO, _ISO_SLASHED, _NUMERIC_DATE, _ISO_WEEK)
    matched = pd.Series(False, index=text.index)
    for pattern in patterns:
        matched |= _matches(text, pattern)
        if matched.mean() >= _MIN_DATE_SHARE:
            break  # enough to call it a date column; the other shapes cannot lower the share
    share = float(matched.mean())
    if share >= _MIN_DATE_SHARE:
        return share
    head = list(text.iloc[:50])
    if any(re.fullmatch(r"[\d.,\s$€£%()+-]+", v) for v in head[:20]):
        return 0.0  # plain numbers: to_datetime would read them as nanoseconds
    parsed = pd.to_datetime(pd.Series(head), format="mixed", errors="coerce")
    return float(parsed.notna().mean())


def _tokens(name: object) -> set[str]:
    return set(re.findall(r"[a-z]+", str(name).casefold()))
