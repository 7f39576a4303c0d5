"""From dated rows to one row per week: combining geo/panel rows, putting rows in date order,
checking the spacing, and summing daily rows into weeks.

Decisions:

- **Rows out of date order** are sorted, with a warning naming the first row out of place:
  the order of rows carries no information, so sorting loses nothing.
- **Duplicate dates** are an error (which rows to keep is the user's call), unless a text
  column explains them (geo or region rows); then the panel is summed into national weeks.
- **Missing weeks** are an error naming them: inventing zero or average spend would change
  what the model learns. Fill them in (0 if nothing ran) and upload again.
- **Daily rows** are summed into weeks starting Monday (controls averaged, events: any day).
  A first or last week with missing days is left out and reported; a week with days missing
  in the middle is kept, summed over the days present, and reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from model_engine.intake.files.dates import Frequency, frequency_of
from model_engine.intake.issues import IntakeIssue, error, warning
from model_engine.intake.wording import listing, rows_phrase

Aggregation = Literal["sum", "mean", "max"]
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class DroppedRows:
    """Rows of the file left out of the history, and why (shown to the user)."""

    rows: tuple[int, ...]
    reason: str

    def describe(self) -> str:
        return f"{rows_phrase(self.rows)}: {self.reason}"


@dataclass(frozen=True, eq=False)
class WeeklyRows:
    frame: pd.DataFrame  # one row per week, indexed by week start
    source_frequency: Frequency
    week_start: str
    steps: tuple[str, ...]
    dropped: tuple[DroppedRows, ...]


def to_weekly(
    frame: pd.DataFrame,
    dates: pd.Series,
    how: Mapping[str, Aggregation],
    *,
    panel: pd.Series | None = None,
    panel_name: str | None = None,
) -> tuple[WeeklyRows | None, list[IntakeIssue]]:
    """``frame`` and ``dates`` are indexed by spreadsheet row; ``how`` says how each column
    combines across geos and days."""
    issues: list[IntakeIssue] = []
    steps: list[str] = []
    if panel is not None:
        duplicated = pd.DataFrame({"panel": panel, "date": dates}).duplicated(keep=False)
        if duplicated.any():
            return None, [_duplicate_dates_error(dates[duplicated])]
        dated = frame.groupby(dates.to_numpy()).agg(dict(how))
        count = panel.nunique()
        steps.append(
            f"combined {count} {panel_name or 'panel'} values into one national row per date "
            "(spend, exposures and the target summed; controls averaged; events: any)"
        )
        issues.append(
            warning(
                "panel_combined",
                f"the file has one row per {panel_name} and date; combined its {count} "
                f"{panel_name} values into national totals",
                "To model one geo, upload only that geo's rows.",
                column=panel_name,
            )
        )
    else:
        if dates.duplicated().any():
            return None, [_duplicate_dates_error(dates[dates.duplicated(keep=False)])]
        if not dates.is_monotonic_increasing:
            first_out = _first_out_of_order(dates)
            issues.append(
                warning(
                    "rows_sorted",
                    f"rows are not in date order (row {first_out} comes after a later date); "
                    "sorted them by date",
                    "Nothing to do; sort the file by date to avoid this note.",
                    row=first_out,
                )
            )
        dated = frame.set_axis(pd.DatetimeIndex(dates.to_numpy())).sort_index()
    dated.index = pd.DatetimeIndex(dated.index)
    frequency = frequency_of(pd.Series(dated.index))
    if frequency == "weekly":
        problem = _weekly_spacing_error(dated.index)
        if problem is not None:
            return None, [*issues, problem]
        weekday = _WEEKDAYS[dated.index[0].weekday()]
        return WeeklyRows(dated, "weekly", weekday, tuple(steps), ()), issues
    if frequency == "daily":
        return _daily_to_weekly(dated, dates, how, steps, issues)
    return None, [*issues, _frequency_error(frequency, dated.index)]


def _daily_to_weekly(
    daily: pd.DataFrame,
    dates: pd.Series,
    how: Mapping[str, Aggregation],
    steps: list[str],
    issues: list[IntakeIssue],
) -> tuple[WeeklyRows | None, list[IntakeIssue]]:
    days_in = pd.DatetimeIndex(daily.index)
    week_of = days_in - pd.to_timedelta(days_in.day_of_week.to_numpy(), unit="D")
    weekly = daily.groupby(week_of).agg(dict(how))
    days = pd.Series(daily.index, index=daily.index).groupby(week_of).nunique()
    weekly.index = pd.DatetimeIndex(weekly.index)
    days.index = weekly.index
    dropped: list[DroppedRows] = []
    short = days[days < 7]
    edges = [w for w in short.index if w in (weekly.index[0], weekly.index[-1])]
    business_days = bool((days.iloc[1:-1] == 5).all()) if len(days) > 2 else False
    if business_days:
        edges = [w for w in edges if days[w] < 5]
        steps.append("weekdays only: each week sums its five business days")
    for week in edges:
        in_week = dates[(dates >= week) & (dates < week + pd.Timedelta(days=7))]
        dropped.append(
            DroppedRows(
                tuple(int(r) for r in in_week.index),
                f"the partial week of {week.date()} ({int(days[week])} of 7 days)",
            )
        )
    if dropped:
        issues.append(
            warning(
                "partial_weeks_dropped",
                "left out the partial week(s) of "
                + listing([str(w.date()) for w in edges])
                + ": a partial week would look like a drop in spend and outcome",
                "Nothing to do; upload whole weeks to keep them.",
            )
        )
        weekly = weekly.drop(index=edges)
    interior = [w for w in short.index if w not in edges and not (business_days and days[w] == 5)]
    if interior:
        issues.append(
            warning(
                "days_missing",
                f"{len(interior)} week(s) have days missing (first: week of "
                f"{interior[0].date()}, {int(days[interior[0]])} days); they sum the days present",
                "Add the missing days (0 spend if nothing ran) for exact weekly totals.",
            )
        )
    if weekly.empty:
        return None, [*issues, _frequency_error(None, days_in)]
    problem = _weekly_spacing_error(pd.DatetimeIndex(weekly.index))
    if problem is not None:
        return None, [*issues, problem]
    steps.append("summed daily rows into weeks starting Monday (controls averaged)")
    return WeeklyRows(weekly, "daily", "Monday", tuple(steps), tuple(dropped)), issues


def _weekly_spacing_error(index: pd.DatetimeIndex) -> IntakeIssue | None:
    if len(index) < 2:
        return None
    spacing = pd.Series(index[1:] - index[:-1], index=index[1:]).dt.days
    if (spacing == 7).all():
        return None
    uneven = spacing[spacing % 7 != 0]
    if not uneven.empty:
        when = uneven.index[0]
        return error(
            "irregular_dates",
            f"the row dated {when.date()} is {int(uneven.iloc[0])} days after the one before; "
            "weekly rows should be 7 days apart",
            "Give every row the start date of its week (all on the same weekday).",
        )
    expected = pd.date_range(index[0], index[-1], freq="7D")
    missing = [str(d.date()) for d in expected.difference(index)]
    return error(
        "missing_weeks",
        f"{len(missing)} week(s) are missing: {listing(missing, shown=5)}",
        "Add a row for each missing week (0 spend if nothing ran) and upload again.",
    )


def _frequency_error(frequency: Literal["monthly"] | None, index: pd.DatetimeIndex) -> IntakeIssue:
    if frequency == "monthly":
        return error(
            "monthly_rows",
            "the rows are monthly; a model of carryover needs weekly (or daily) rows",
            "Export the history by week or by day.",
        )
    return error(
        "irregular_dates",
        f"the dates are not evenly spaced by day or by week ({len(index)} distinct dates)",
        "Give one row per week (same weekday) or per day.",
    )


def _duplicate_dates_error(duplicates: pd.Series) -> IntakeIssue:
    first_date = duplicates.iloc[0]
    rows = [int(r) for r in duplicates[duplicates == first_date].index]
    count = duplicates.nunique()
    return error(
        "duplicate_dates",
        f"{pd.Timestamp(first_date).date()} appears in {rows_phrase(rows)}"
        + (f" ({count} dates repeat)" if count > 1 else ""),
        "Keep one row per date: merge or delete the repeats (if the rows are per geo or "
        "product, keep the column that says which).",
        row=rows[0],
    )


def _first_out_of_order(dates: pd.Series) -> int:
    running_max = dates.cummax()
    out = dates[dates < running_max]
    return int(out.index[0])
