"""Lift-test results from a file or a chat statement, as typed :class:`LiftTest` records or
located problems.

File columns (CSV, one test per row, header first)::

    channel,start,end,spend_change,outcome_change,outcome_change_se[,measured_until]

``spend_change`` is the total change over ``start``..``end``, spread evenly over those weeks
(negative for a cut or a go-dark test); ``outcome_change`` the total incremental outcome from
``start`` through ``measured_until`` (``end`` when blank), carryover included, with its standard
error. A statement reads the same facts from words: "our March LinkedIn geo test: $150K extra
spend over 6 weeks brought 1,200 incremental MQLs, ±300" (the month's first day starts the test;
"±" is read as a standard error unless a confidence level is named, "±600 (95% CI)").

Every row or statement is checked on its own: a channel that is not in the data, an unreadable
date or number, a test that ends before it starts, a zero spend change or standard error, and an
outcome that moved against the spend by more than two standard errors (a sign slip) each give a
message naming the row and column and what to do. With a history, amounts are also checked
against the channel's spend and the target's size (a unit slip: thousands typed as units).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from model_engine.datasets import WeeklyHistory
from model_engine.experiments.lift_test import LiftTest
from model_engine.intake.channel_names import channel_type_of, find_channel_mentions
from model_engine.intake.files.values import MAX_MAGNITUDE
from model_engine.intake.issues import IntakeError, IntakeIssue, error, warning
from model_engine.intake.numbers import read_cell
from model_engine.intake.text.amounts import TOO_LARGE
from model_engine.intake.wording import quote

REQUIRED_COLUMNS = (
    "channel",
    "start",
    "end",
    "spend_change",
    "outcome_change",
    "outcome_change_se",
)
OPTIONAL_COLUMNS = ("measured_until",)
SIGN_SLIP_SE = 2.0  # an outcome against the spend by more than this many standard errors
# A weekly spend change above this multiple of the channel's average weekly spend, or below
# this share of it, is most likely a unit slip.
MAX_WEEKLY_CHANGE_RATIO = 10.0
MIN_WEEKLY_CHANGE_RATIO = 0.002


@dataclass(frozen=True)
class ExperimentIntake:
    """The tests read, and every problem found (errors stop calibration, warnings do not)."""

    tests: tuple[LiftTest, ...]
    issues: tuple[IntakeIssue, ...] = ()

    @property
    def errors(self) -> tuple[IntakeIssue, ...]:
        return tuple(i for i in self.issues if i.is_error)

    def raise_for_errors(self) -> tuple[LiftTest, ...]:
        """The tests, or :class:`IntakeError` listing every bad row."""
        if self.errors:
            raise IntakeError(self.issues)
        return self.tests


def read_experiments_file(
    path: str | Path, channels: Sequence[str], history: WeeklyHistory | None = None
) -> ExperimentIntake:
    """Read a test file (see the module docstring) against the data's ``channels``."""
    source = Path(path)
    try:
        table = pd.read_csv(source, dtype=str, keep_default_na=False, skipinitialspace=True)
    except FileNotFoundError:
        return _fail("no_file", f"no experiments file at {source}", "check the path")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        return _fail("unreadable", f"{source.name} is not a readable CSV ({exc})", "save as CSV")
    table.columns = [str(c).strip().casefold() for c in table.columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        return _fail(
            "missing_columns",
            f"{source.name} lacks the column(s) {', '.join(missing)}",
            "give the header channel,start,end,spend_change,outcome_change,outcome_change_se "
            "(and optionally measured_until)",
        )
    tests: list[LiftTest] = []
    issues: list[IntakeIssue] = []
    for i, record in enumerate(table.astype(str).to_dict("records")):
        row = i + 2  # the header is row 1
        test, problems = _row_test(
            {str(k): v for k, v in record.items()}, row, source.name, channels
        )
        issues += problems
        if test is not None:
            tests.append(test)
    if not tests and not issues:
        issues.append(error("empty", f"{source.name} has no test rows", "add one test per row"))
    if history is not None:
        issues += check_against_history(tests, history)
    return ExperimentIntake(tuple(tests), tuple(issues))


def check_against_history(tests: Sequence[LiftTest], history: WeeklyHistory) -> list[IntakeIssue]:
    """Unit checks of each test against the history: the spend change per week against the
    channel's weekly spend, the outcome change against the target over the measured weeks."""
    issues = []
    frame = history.frame
    weekly_target = float(np.abs(frame[history.target]).mean())
    for test in tests:
        if test.channel not in history.channels:
            continue
        weekly_spend = float(frame[test.channel].mean())
        weeks = test.calendar_weeks
        per_week = abs(test.spend_change) / weeks
        label = test.source or test.channel
        if weekly_spend > 0 and per_week > MAX_WEEKLY_CHANGE_RATIO * weekly_spend:
            issues.append(
                error(
                    "spend_units",
                    f"{label}: a spend change of {per_week:,.0f} a week is "
                    f"{per_week / weekly_spend:,.0f}x {test.channel}'s average weekly spend "
                    f"({weekly_spend:,.0f})",
                    "check the units (cents, or thousands written out twice) and that "
                    "spend_change is the total over the test, not a rate",
                    channel=test.channel,
                )
            )
        elif weekly_spend > 0 and per_week < MIN_WEEKLY_CHANGE_RATIO * weekly_spend:
            issues.append(
                warning(
                    "spend_units",
                    f"{label}: a spend change of {per_week:,.2f} a week is tiny next to "
                    f"{test.channel}'s average weekly spend ({weekly_spend:,.0f})",
                    "if the amount is in thousands, write it out (150000 or 150K)",
                    channel=test.channel,
                )
            )
        measured_weeks = max(1, int(np.ceil(((test.last_measured - test.start).days + 1) / 7)))
        if abs(test.outcome_change) > measured_weeks * weekly_target:
            issues.append(
                error(
                    "outcome_units",
                    f"{label}: an incremental outcome of {test.outcome_change:,.0f} is more than "
                    f"the whole target over the {measured_weeks} measured weeks "
                    f"(about {measured_weeks * weekly_target:,.0f})",
                    f"check that outcome_change is in the units of {history.target}",
                    channel=test.channel,
                )
            )
    return issues


def _row_test(
    record: dict[str, str], row: int, file_name: str, channels: Sequence[str]
) -> tuple[LiftTest | None, list[IntakeIssue]]:
    issues: list[IntakeIssue] = []

    def problem(code: str, column: str, what: str, fix: str) -> None:
        issues.append(error(code, what, fix, row=row, column=column))

    name = record.get("channel", "").strip()
    channel = match_channel(name, channels)
    if channel is None:
        problem(
            "unknown_channel",
            "channel",
            f"{name!r} is not a channel of the data" if name else "no channel given",
            f"use one of: {', '.join(channels)}",
        )
    dates: dict[str, pd.Timestamp | None] = {}
    for column in ("start", "end", "measured_until"):
        text = record.get(column, "").strip()
        if not text:
            if column != "measured_until":
                problem(
                    "missing_date", column, f"no {column} date", "give a date such as 2024-03-04"
                )
            dates[column] = None
            continue
        parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
        if pd.isna(parsed):
            problem("bad_date", column, f"{text!r} is not a date", "write dates as YYYY-MM-DD")
            dates[column] = None
        else:
            dates[column] = pd.Timestamp(parsed)
    amounts: dict[str, float | None] = {}
    for column in ("spend_change", "outcome_change", "outcome_change_se"):
        text = record.get(column, "").strip()
        cell = read_cell(text, kind="money" if column == "spend_change" else "count")
        if cell.value is None:
            what = f"no {column}" if cell.missing or not text else f"{text!r} is not a number"
            problem("bad_number", column, what, "give a number, e.g. 150000 or 150K")
        elif not abs(cell.value) <= MAX_MAGNITUDE:  # 400 digits read as infinity
            problem(
                "implausible_value",
                column,
                f"{quote(text)}: {TOO_LARGE}",
                "check the cell (a pasted ID or a formula error?) and write the figure",
            )
            amounts[column] = None
            continue
        amounts[column] = cell.value
    spend, outcome, se = (
        amounts[c] for c in ("spend_change", "outcome_change", "outcome_change_se")
    )
    start, end, until = dates["start"], dates["end"], dates["measured_until"]
    if start is not None and end is not None and end < start:
        problem(
            "end_before_start",
            "end",
            f"the test ends ({end:%Y-%m-%d}) before it starts ({start:%Y-%m-%d})",
            "swap the dates or fix the year",
        )
    if until is not None and end is not None and until < end:
        problem(
            "measured_before_end",
            "measured_until",
            f"measured_until ({until:%Y-%m-%d}) is before the end ({end:%Y-%m-%d})",
            "leave it blank to measure through the end",
        )
    if spend is not None and spend == 0:
        problem(
            "zero_spend_change",
            "spend_change",
            "a spend change of 0 tests nothing",
            "give the total change in spend over the test (negative for a cut)",
        )
    if se is not None and se <= 0:
        problem(
            "bad_se",
            "outcome_change_se",
            f"a standard error of {se:g} is not positive",
            "give the test's standard error (a 95% interval's half-width / 1.96)",
        )
    if spend and outcome is not None and se and se > 0 and _against(spend, outcome, se):
        problem(
            "sign",
            "outcome_change",
            f"spend went {'up' if spend > 0 else 'down'} but the outcome went "
            f"{'down' if spend > 0 else 'up'} by {abs(outcome):,.0f}, "
            f"{abs(outcome) / se:.1f} standard errors",
            "check the signs: spend_change is negative for a cut or go-dark test, and "
            "outcome_change is the outcome's change (negative when it fell)",
        )
    if issues or channel is None or start is None or end is None:
        return None, issues
    assert spend is not None
    assert outcome is not None
    assert se is not None
    return (
        LiftTest(
            channel=channel,
            start=start,
            end=end,
            spend_change=spend,
            outcome_change=outcome,
            outcome_change_se=se,
            measured_until=until,
            source=f"row {row} of {file_name}",
        ),
        issues,
    )


def match_channel(name: str, channels: Sequence[str]) -> str | None:
    """The data's channel a user's name refers to: the same name (any case, spaces or
    underscores), or the only channel of the same type ("LinkedIn" -> the one social channel)."""
    if not name:
        return None
    key = _key(name)
    for channel in channels:
        if _key(channel) == key:
            return channel
    wanted = channel_type_of(name)
    same_type = [c for c in channels if channel_type_of(c) == wanted]
    if len(same_type) == 1 and wanted.value != "other":
        return same_type[0]
    return None


def _key(name: str) -> str:
    return re.sub(r"[\s_\-]+", " ", name.casefold()).strip()


_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        )
    )
}
_MONEY = r"(?P<cur>[$€£])?\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s?(?P<suf>[kKmM]\b|thousand|million)?"
_SPEND = re.compile(
    rf"{_MONEY}\s*(?P<dir>extra|more|additional|less|fewer)?\s*(?:in\s+)?(?:spend|budget|media)"
    r"|(?P<verb>cut|reduced|paused|increased|added|raised)\s+(?:\w+\s+){0,3}?(?:spend\s+)?by\s+"
    rf"{_MONEY.replace('cur', 'cur2').replace('num', 'num2').replace('suf', 'suf2')}",
    re.IGNORECASE,
)
_WEEKS = re.compile(r"(?:over|for|across)\s+(?P<n>\d+)\s+weeks?|(?P<m>\d+)[-\s]weeks?", re.I)
_OUTCOME = re.compile(
    r"(?:brought|drove|generated|produced|delivered|added|lost|cost|yielded)\s+(?:an?\s+)?"
    r"(?:extra\s+)?(?P<cur>[$€£])?\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s?(?P<suf>[kKmM]\b)?",
    re.IGNORECASE,
)
_SE = re.compile(
    r"(?:±|\+/-|\+-|plus or minus|standard error(?: of)?|se)\s*[$€£]?\s?(?P<num>\d[\d,]*(?:\.\d+)?)"
    r"\s?(?P<suf>[kKmM]\b)?(?:\s*\((?P<level>90|95)%)?",
    re.IGNORECASE,
)
_MONTH = re.compile(r"\b(?P<month>" + "|".join(_MONTHS) + r")\b(?:\s+(?P<year>\d{4}))?", re.I)
_Z = {"90": 1.6448536, "95": 1.959964}


def read_experiment_statement(
    text: str,
    channels: Sequence[str],
    reference: pd.Timestamp,
    history: WeeklyHistory | None = None,
) -> ExperimentIntake:
    """One test from a chat statement; the month without a year is its last occurrence on or
    before ``reference`` (the last week of the data, or today)."""
    issues: list[IntakeIssue] = []

    def problem(code: str, what: str, fix: str) -> None:
        issues.append(error(code, what, fix, line=1))

    channel = None
    named = [c for c in channels if re.search(rf"(?<!\w){re.escape(_key(c))}(?!\w)", _key(text))]
    if len(named) == 1:
        channel = named[0]
    else:
        for mention in find_channel_mentions(text):
            channel = match_channel(mention.text, channels)
            if channel is not None:
                break
    if channel is None:
        problem(
            "unknown_channel",
            "no channel of the data is named in the statement",
            f"name one of: {', '.join(channels)}",
        )
    month = _MONTH.search(text)
    weeks_match = _WEEKS.search(text)
    weeks = int(weeks_match["n"] or weeks_match["m"]) if weeks_match else None
    if month is None:
        problem(
            "no_date",
            "the statement does not say when the test ran",
            'name the month it started ("our March test") or give its dates in a file',
        )
    if weeks is None:
        problem(
            "no_duration",
            "the statement does not say how long the spend changed",
            'say "over 6 weeks"',
        )
    spend = _spend_change(text)
    if spend is None:
        problem(
            "no_spend",
            "the statement does not say how much spend changed",
            'say "$150K extra spend" or "cut spend by $50K"',
        )
    outcome_match = _OUTCOME.search(text)
    outcome = _money(outcome_match) if outcome_match else None
    if outcome is None:
        problem(
            "no_outcome",
            "the statement does not say what the test measured",
            'say "brought 1,200 incremental MQLs"',
        )
    elif outcome_match and outcome_match.group(0).casefold().startswith(("lost", "cost")):
        outcome = -outcome
    se_match = _SE.search(text)
    se = None
    if se_match is None:
        problem(
            "no_se",
            "the statement gives no uncertainty for the result",
            'add its standard error, e.g. "±300"',
        )
    else:
        value = float(se_match["num"].replace(",", "")) * _scale(se_match["suf"])
        se = value / _Z[se_match["level"]] if se_match["level"] else value
    if issues:
        return ExperimentIntake((), tuple(issues))
    assert month is not None
    assert weeks is not None
    assert spend is not None
    assert channel is not None
    assert outcome is not None
    assert se is not None
    start = _month_start(_MONTHS[month["month"].casefold()], month["year"], reference)
    end = start + pd.Timedelta(weeks=weeks) - pd.Timedelta(days=1)
    if _against(spend, outcome, se):
        return ExperimentIntake(
            (),
            (
                error(
                    "sign",
                    f"spend went {'up' if spend > 0 else 'down'} but the result says the outcome "
                    f"went {'down' if spend > 0 else 'up'}",
                    'check the wording: a cut test that lost MQLs says "lost 300 MQLs"',
                    line=1,
                ),
            ),
        )
    try:
        test = LiftTest(channel, start, end, spend, outcome, se, source="the chat statement")
    except ValueError as exc:
        return ExperimentIntake((), (error("invalid", str(exc), "restate the test", line=1),))
    found = check_against_history([test], history) if history is not None else []
    return ExperimentIntake((test,), tuple(found))


def _against(spend: float, outcome: float, se: float) -> bool:
    """The outcome moved against the spend by more than :data:`SIGN_SLIP_SE` standard errors."""
    return bool(np.sign(outcome) == -np.sign(spend)) and abs(outcome) > SIGN_SLIP_SE * se


def _spend_change(text: str) -> float | None:
    match = _SPEND.search(text)
    if match is None:
        return None
    if match["num"] is not None:
        value = float(match["num"].replace(",", "")) * _scale(match["suf"])
        down = (match["dir"] or "").casefold() in ("less", "fewer")
    else:
        value = float(match["num2"].replace(",", "")) * _scale(match["suf2"])
        down = match["verb"].casefold() in ("cut", "reduced", "paused")
    down = down or bool(re.search(r"\b(go|went|going)[-\s]dark\b|\bgo-dark\b", text, re.I))
    return -value if down else value


def _money(match: re.Match[str]) -> float:
    return float(match["num"].replace(",", "")) * _scale(match["suf"])


def _scale(suffix: str | None) -> float:
    s = (suffix or "").casefold()
    return {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6}.get(s, 1.0)


def _month_start(month: int, year: str | None, reference: pd.Timestamp) -> pd.Timestamp:
    if year is not None:
        return pd.Timestamp(int(year), month, 1)
    candidate = pd.Timestamp(reference.year, month, 1)
    return candidate if candidate <= reference else pd.Timestamp(reference.year - 1, month, 1)


def _fail(code: str, what: str, fix: str) -> ExperimentIntake:
    return ExperimentIntake((), (error(code, what, fix),))
