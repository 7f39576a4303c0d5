"""Reading weekly actuals for a plan from a CSV (or TSV) file, in either layout:

- long: one row per week and channel, columns ``week, channel, spend, outcome`` (the outcome
  column may also be named after the plan's outcome, e.g. ``mqls``);
- wide: one row per week, a ``week`` column and, per channel, ``<channel> spend`` and
  ``<channel> outcome`` columns (``_``, ``-`` or a space between the words).

Channels are matched to the plan's by name, ignoring case and punctuation. A date anywhere in a
plan week counts for that week. Anything that does not fit (an unknown channel, a date outside
the plan, a value that is not a number, a week given twice) is an error naming the line and
the value, never a dropped row.
"""

from __future__ import annotations

import csv
import re
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from assistant.tracking.adoption import AdoptedPlan
from model_engine.tracking import ActualWeek

WEEK_COLUMNS = ("week", "week_start", "date")
_SUFFIX = re.compile(r"^(?P<channel>.+?)[\s_-]+(?P<measure>spend|outcome)$")


class ActualsError(ValueError):
    """The actuals file cannot be used; the message says where and what to do."""


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def read_actuals(path: Path, plan: AdoptedPlan) -> list[ActualWeek]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as file:
            sample = file.read(4096)
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
        frame = pd.read_csv(path, sep=delimiter, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, csv.Error, pd.errors.ParserError) as error:
        raise ActualsError(f"cannot read {path} as a CSV file: {error}") from None
    columns = {_key(c): c for c in frame.columns}
    week_column = next((columns[k] for k in map(_key, WEEK_COLUMNS) if k in columns), None)
    if week_column is None:
        raise ActualsError(
            f"{path.name} has no week column: name one of the columns "
            f"{', '.join(WEEK_COLUMNS)} (got {', '.join(frame.columns)})"
        )
    channels = {_key(line.channel): line.channel for line in plan.allocation}
    if "channel" in columns:
        rows = _long(frame, week_column, columns, plan, channels)
    else:
        rows = _wide(frame, week_column, plan, channels)
    seen: dict[tuple[date, str], int] = {}
    for line, week in rows:
        where = (week.week_start, week.channel)
        if where in seen:
            raise ActualsError(
                f"line {line}: {week.channel} in the week of {week.week_start} is already on "
                f"line {seen[where]}: give each week once"
            )
        seen[where] = line
    return [week for _, week in rows]


def _long(
    frame: pd.DataFrame,
    week_column: str,
    columns: dict[str, str],
    plan: AdoptedPlan,
    channels: dict[str, str],
) -> list[tuple[int, ActualWeek]]:
    outcome = columns.get("outcome") or columns.get(_key(plan.outcome_name))
    if "spend" not in columns or outcome is None:
        raise ActualsError(
            "a long actuals file needs the columns week, channel, spend and outcome "
            f"(or {plan.outcome_name!r} for the outcome)"
        )
    rows = []
    for index, record in frame.iterrows():
        line = int(str(index)) + 2  # the header is line 1
        channel = _channel(record[columns["channel"]], channels, line)
        rows.append(
            (
                line,
                ActualWeek(
                    week_start=_week(record[week_column], plan, line),
                    channel=channel,
                    spend=_amount(record[columns["spend"]], "spend", line),
                    outcome=_amount(record[outcome], "outcome", line),
                ),
            )
        )
    return rows


def _wide(
    frame: pd.DataFrame, week_column: str, plan: AdoptedPlan, channels: dict[str, str]
) -> list[tuple[int, ActualWeek]]:
    pairs: dict[str, dict[str, str]] = {}
    for column in frame.columns:
        if column == week_column:
            continue
        match = _SUFFIX.match(column.strip().lower())
        if match is None:
            raise ActualsError(
                f"column {column!r} is neither the week nor '<channel> spend' / "
                "'<channel> outcome' (or use the long layout: week, channel, spend, outcome)"
            )
        channel = _channel(match["channel"], channels, 1)
        pairs.setdefault(channel, {})[match["measure"]] = column
    for channel, measures in pairs.items():
        for measure in ("spend", "outcome"):
            if measure not in measures:
                raise ActualsError(f"{channel} has no '{channel} {measure}' column")
    rows = []
    for index, record in frame.iterrows():
        line = int(str(index)) + 2
        week = _week(record[week_column], plan, line)
        for channel, measures in pairs.items():
            spend = _amount(record[measures["spend"]], f"{channel} spend", line)
            outcome = _amount(record[measures["outcome"]], f"{channel} outcome", line)
            rows.append((line, ActualWeek(week, channel, spend, outcome)))
    return rows


def _channel(text: str, channels: dict[str, str], line: int) -> str:
    found = channels.get(_key(str(text)))
    if found is None:
        raise ActualsError(
            f"line {line}: {text!r} is not a channel of this plan ({', '.join(channels.values())})"
        )
    return found


def _week(text: str, plan: AdoptedPlan, line: int) -> date:
    try:
        day = pd.Timestamp(str(text).strip()).date()
    except ValueError:
        raise ActualsError(f"line {line}: {text!r} is not a date (write e.g. 2027-01-04)") from None
    offset = (day - plan.start_date).days // 7
    if not 0 <= offset < plan.weeks:
        end = plan.start_date + timedelta(weeks=plan.weeks) - timedelta(days=1)
        raise ActualsError(f"line {line}: {day} is outside the plan ({plan.start_date} to {end})")
    return plan.start_date + timedelta(weeks=offset)


def _amount(text: str, what: str, line: int) -> float:
    cleaned = re.sub(r"[\s$€£,]", "", str(text))
    try:
        value = float(cleaned)
    except ValueError:
        raise ActualsError(f"line {line}: {what} {text!r} is not a number") from None
    if value < 0 or value != value:
        raise ActualsError(f"line {line}: {what} {text!r} must be zero or more")
    return value
