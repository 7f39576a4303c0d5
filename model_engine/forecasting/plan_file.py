"""Read a planned-spend file (CSV/TSV/XLSX): the history's date column and one spend column per
channel for the weeks after the history, optionally control and event columns.

Every problem is reported at once with its spreadsheet row and column: a missing channel
column, a blank or negative amount, a first week that does not follow the history, a gap or a
repeated week. Columns the model does not use are listed, not silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from model_engine.forecasting.timeline import WEEK, SpendPlan
from model_engine.intake.files.dates import find_date_column, read_date_column
from model_engine.intake.files.reading import read_sheet
from model_engine.intake.files.validation import column_issues
from model_engine.intake.files.values import file_notation, read_numeric
from model_engine.intake.issues import IntakeError, IntakeIssue, error
from model_engine.intake.wording import listing
from model_engine.mmm import HistoryFit


@dataclass(frozen=True, eq=False)
class PlanFile:
    """A planned-spend file read against a model."""

    plan: SpendPlan
    source: str
    supplied: tuple[str, ...]  # control and event columns taken from the file
    ignored: tuple[str, ...]  # columns the model does not use

    def describe(self) -> str:
        first, last = self.plan.weeks[0], self.plan.weeks[-1]
        text = (
            f"Read {self.source}: {self.plan.n_weeks} planned weeks, {first:%Y-%m-%d} to "
            f"{last:%Y-%m-%d}."
        )
        if self.supplied:
            text += f" Controls/events from the file: {listing(list(self.supplied))}."
        if self.ignored:
            text += f" Not used by the model: {listing(list(self.ignored))}."
        return text


def read_plan_file(source: str | Path, fit: HistoryFit, date: str | None = None) -> PlanFile:
    """The plan in ``source`` for ``fit``'s channels; raises :class:`IntakeError` (a
    ``ValueError``) listing every problem with its row and column."""
    sheet = read_sheet(source)
    cells = sheet.cells
    columns = {str(c).casefold(): str(c) for c in cells.columns}
    date_name = columns.get(date.casefold()) if date else find_date_column(cells)
    if date_name is None:
        wanted = f"the date column {date!r}" if date else "a column of week dates"
        raise IntakeError(
            [
                error(
                    "no_date_column",
                    f"found no {wanted} in the plan; its columns are "
                    + listing([str(c) for c in cells.columns]),
                    "Give the plan the history's date column, one row per week.",
                )
            ]
        )
    dates, issues = read_date_column(cells, date_name)
    if dates is None:
        raise IntakeError(issues)
    issues = [i for i in issues if i.is_error]
    names = fit.channel_names
    missing = [n for n in names if n.casefold() not in columns]
    if missing:
        issues.append(
            error(
                "missing_channel_columns",
                f"the plan has no spend column for {listing(missing)}",
                "Give one column per channel of the history ("
                + listing(list(names))
                + "), with 0 for weeks without spend.",
            )
        )
    design = fit.baseline.design
    optional = {n.casefold(): n for n in (*design.controls, *design.events)}
    notation = file_notation(cells, sheet.delimiter)
    values: dict[str, pd.Series] = {}
    for key, column in columns.items():
        if column == date_name:
            continue
        model_name = next((n for n in names if n.casefold() == key), optional.get(key))
        if model_name is None:
            continue
        rows = dates.dates.index
        reading = read_numeric(column, cells[column].loc[rows], notation)
        issues += column_issues(reading, "spend" if model_name in names else None)
        series = reading.values
        values[model_name] = series
    issues += _date_issues(dates.dates, fit, date_name)
    if any(i.is_error for i in issues):
        raise IntakeError(issues)
    index = pd.DatetimeIndex(dates.dates.to_numpy())
    spend = pd.DataFrame({n: values[n].to_numpy(dtype=np.float64) for n in names}, index=index)
    supplied_names = tuple(n for n in (*design.controls, *design.events) if n in values)
    supplied = (
        pd.DataFrame({n: values[n].to_numpy(dtype=np.float64) for n in supplied_names}, index=index)
        if supplied_names
        else None
    )
    used = {n.casefold() for n in (*names, *supplied_names)} | {date_name.casefold()}
    ignored = tuple(str(c) for c in cells.columns if str(c).casefold() not in used)
    return PlanFile(SpendPlan(spend, supplied), str(source), supplied_names, ignored)


def _date_issues(dates: pd.Series, fit: HistoryFit, column: str) -> list[IntakeIssue]:
    """The first week must follow the history's last; then one row per week, no gaps."""
    issues: list[IntakeIssue] = []
    rows = [int(r) for r in dates.index]
    stamps = [pd.Timestamp(d) for d in dates]
    expected = fit.last_week + WEEK
    if stamps and stamps[0] != expected:
        relation = "inside the history" if stamps[0] <= fit.last_week else "after a gap"
        issues.append(
            error(
                "plan_does_not_follow_history",
                f"the first planned week is {stamps[0]:%Y-%m-%d}, {relation}: the history ends "
                f"{fit.last_week:%Y-%m-%d}",
                f"Start the plan the week after, on {expected:%Y-%m-%d}, and give every week "
                "from there.",
                column=column,
                row=rows[0],
            )
        )
    for k in range(1, len(stamps)):
        step = stamps[k] - stamps[k - 1]
        if step == WEEK:
            continue
        if step == pd.Timedelta(0):
            what, fix = f"{stamps[k]:%Y-%m-%d} appears twice", "Give each week once."
        elif step < pd.Timedelta(0):
            what, fix = (
                f"{stamps[k]:%Y-%m-%d} comes after {stamps[k - 1]:%Y-%m-%d}",
                "Sort the weeks in date order.",
            )
        elif step % WEEK == pd.Timedelta(0):
            what = (
                f"{stamps[k]:%Y-%m-%d} follows {stamps[k - 1]:%Y-%m-%d}: "
                f"{step // WEEK - 1} week(s) missing"
            )
            fix = "Give every week, with 0 for weeks without spend."
        else:
            what = (
                f"{stamps[k]:%Y-%m-%d} is not on the history's weekly grid (weeks start on "
                f"{fit.last_week:%A}s)"
            )
            fix = "Use the week-start dates of the history."
        issues.append(error("plan_week_gap", what, fix, column=column, row=rows[k]))
    return issues
