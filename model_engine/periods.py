r"""Dated planning periods: "Q1 2027", "H1", "the next two quarters", "by month".

A :class:`PeriodSpec` is a span of calendar dates cut into parts (quarters, months, halves or
the span itself) and says whether one budget is split over the parts or each part gets its own.
:meth:`PeriodSpec.weeks` turns it into planning weeks on the history's weekly grid: a week
belongs to the part that holds most of its days (its fourth day; for Monday weeks that is the
ISO rule), so a quarter has 13 weeks (sometimes 12 or 14) and no week is split.

:func:`parse_period_phrase` reads the phrases a CMO uses into a spec. It is pure (the reference
date is an argument, never the clock), knows nothing about amounts, and returns ``None`` when
the text names no period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import pandas as pd

Granularity = Literal["whole", "month", "quarter", "half"]
BudgetSplit = Literal["split", "per_part"]

_MONTHS = (
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
_MONTH_INDEX = {name: k + 1 for k, name in enumerate(_MONTHS)} | {
    name[:3]: k + 1 for k, name in enumerate(_MONTHS)
}
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a": 1,
}
_MIDDLE_DAY = 3  # a week belongs to the part holding its fourth day (most of its days)


@dataclass(frozen=True)
class PeriodPart:
    """One part of a span, inclusive dates: "Q1 2027" is 2027-01-01 to 2027-03-31."""

    label: str
    first_day: date
    last_day: date

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise ValueError(f"{self.label}: the period ends before it starts")

    def holds(self, week_start: pd.Timestamp) -> bool:
        middle = (week_start + pd.Timedelta(days=_MIDDLE_DAY)).date()
        return self.first_day <= middle <= self.last_day


@dataclass(frozen=True)
class PeriodSpec:
    """A planning span cut into parts, and how its budget is shared among them.

    ``budget_split="split"``: one budget over the whole span, the optimizer chooses how much
    each part gets; ``"per_part"``: every part has its own budget ("$500K a quarter").
    """

    label: str
    parts: tuple[PeriodPart, ...]
    granularity: Granularity = "whole"
    budget_split: BudgetSplit = "split"
    source: str = ""  # the words it was read from, for the reply

    def __post_init__(self) -> None:
        if not self.parts:
            raise ValueError("a planning period needs at least one part")
        for before, after in zip(self.parts, self.parts[1:], strict=False):
            if after.first_day != before.last_day + timedelta(days=1):
                raise ValueError(f"{before.label} and {after.label} are not consecutive")

    @property
    def first_day(self) -> date:
        return self.parts[0].first_day

    @property
    def last_day(self) -> date:
        return self.parts[-1].last_day

    def weeks(self, anchor: pd.Timestamp) -> PlanningWeeks:
        """The weeks of the span on the weekly grid through ``anchor`` (any week start of
        the history), each assigned to its part."""
        anchor = pd.Timestamp(anchor).normalize()
        offset = (pd.Timestamp(self.first_day) - pd.Timedelta(days=_MIDDLE_DAY) - anchor).days
        first = anchor + pd.Timedelta(days=7 * -(-offset // 7))
        starts: list[pd.Timestamp] = []
        labels: list[str] = []
        week = first
        while (week + pd.Timedelta(days=_MIDDLE_DAY)).date() <= self.last_day:
            part = next(p for p in self.parts if p.holds(week))
            starts.append(week)
            labels.append(part.label)
            week = week + pd.Timedelta(days=7)
        if not starts:
            raise ValueError(f"{self.label} holds no whole week")
        return PlanningWeeks(pd.DatetimeIndex(starts), tuple(labels))

    def with_parts(self, granularity: Granularity) -> PeriodSpec:
        """The same span cut into months, quarters or halves (``"whole"``: one part)."""
        return PeriodSpec(
            label=self.label,
            parts=_cut(self.first_day, self.last_day, granularity, self.label),
            granularity=granularity,
            budget_split=self.budget_split,
            source=self.source,
        )

    def describe(self) -> str:
        """'Q1 2027 (2027-01-01 to 2027-03-31), by month, one budget split over the months'."""
        text = f"{self.label} ({self.first_day:%Y-%m-%d} to {self.last_day:%Y-%m-%d})"
        if len(self.parts) > 1:
            unit = {"month": "months", "quarter": "quarters", "half": "halves"}.get(
                self.granularity, "parts"
            )
            how = (
                f"one budget split over the {unit}"
                if self.budget_split == "split"
                else f"a budget for each of the {len(self.parts)} {unit}"
            )
            text += f", {len(self.parts)} {unit}: {how}"
        return text


@dataclass(frozen=True, eq=False)
class PlanningWeeks:
    """Week starts of a plan and the part each belongs to."""

    starts: pd.DatetimeIndex
    parts: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.starts) != len(self.parts):
            raise ValueError("one part label per week")

    @property
    def n_weeks(self) -> int:
        return len(self.starts)

    @property
    def part_labels(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.parts))

    def positions(self, label: str) -> tuple[int, ...]:
        return tuple(k for k, part in enumerate(self.parts) if part == label)


def consecutive_weeks(start: pd.Timestamp, n_weeks: int) -> PlanningWeeks:
    """``n_weeks`` weeks from ``start``, one part per calendar month (by the majority rule)."""
    if n_weeks <= 0:
        raise ValueError("a plan needs at least one week")
    starts = pd.date_range(pd.Timestamp(start).normalize(), periods=n_weeks, freq="7D")
    return PlanningWeeks(starts, tuple(month_label(week) for week in starts))


def month_label(week_start: pd.Timestamp) -> str:
    """'2027-01': the month holding most of the week's days."""
    middle = week_start + pd.Timedelta(days=_MIDDLE_DAY)
    return f"{middle:%Y-%m}"


# --- building specs ---------------------------------------------------------------------------


def quarter(year: int, number: int) -> PeriodPart:
    if not 1 <= number <= 4:
        raise ValueError(f"there is no quarter {number}: quarters are Q1 to Q4")
    first = date(year, 3 * number - 2, 1)
    return PeriodPart(f"Q{number} {year}", first, _month_end(year, 3 * number))


def half(year: int, number: int) -> PeriodPart:
    if number not in (1, 2):
        raise ValueError(f"there is no half {number}: halves are H1 and H2")
    first = date(year, 1 if number == 1 else 7, 1)
    return PeriodPart(f"H{number} {year}", first, _month_end(year, 6 if number == 1 else 12))


def month(year: int, number: int) -> PeriodPart:
    return PeriodPart(
        f"{_MONTHS[number - 1].capitalize()} {year}",
        date(year, number, 1),
        _month_end(year, number),
    )


def _month_end(year: int, number: int) -> date:
    following = date(year + number // 12, number % 12 + 1, 1)
    return following - timedelta(days=1)


def _cut(first: date, last: date, granularity: Granularity, label: str) -> tuple[PeriodPart, ...]:
    if granularity == "whole":
        return (PeriodPart(label, first, last),)
    parts: list[PeriodPart] = []
    year, number = first.year, first.month
    while date(year, number, 1) <= last:
        if granularity == "month":
            part = month(year, number)
        elif granularity == "quarter":
            part = quarter(year, (number - 1) // 3 + 1)
        else:
            part = half(year, 1 if number <= 6 else 2)
        if not parts or parts[-1].label != part.label:
            parts.append(
                PeriodPart(part.label, max(part.first_day, first), min(part.last_day, last))
            )
        year, number = _following(date(year, number, 1), 1)
    return tuple(parts)


# --- parsing phrases --------------------------------------------------------------------------

_YEAR = r"(?:fy\s?)?(\d{4}|'\d{2})"
_QUARTER = re.compile(rf"\bq([1-4])(?:\s*(?:of\s+)?{_YEAR})?\b")
_QUARTER_RANGE = re.compile(rf"\bq([1-4])\s*(?:-|–|to|through|and)\s*q([1-4])(?:\s*{_YEAR})?\b")
_HALF = re.compile(rf"\bh([12])(?:\s*{_YEAR})?\b")
_HALF_WORDS = re.compile(
    rf"\b(first|second)\s+half(?:\s+of)?(?:\s+(?:the\s+)?year)?(?:\s+{_YEAR})?"
)
_NEXT = re.compile(
    r"\b(?:the\s+)?(next|coming|following|upcoming)\s+(?:(\d+|[a-z]+)\s+)?"
    r"(weeks?|months?|quarters?|halves|half|years?)\b"
)
_THIS = re.compile(r"\b(this|current)\s+(quarter|month|half|year)\b")
_MONTH_NAMES = "|".join(sorted(_MONTH_INDEX, key=len, reverse=True))
_MONTH_RANGE = re.compile(
    rf"\b({_MONTH_NAMES})\.?\s*(?:{_YEAR}\s*)?(?:-|–|to|through|until)\s*({_MONTH_NAMES})\.?"
    rf"(?:\s*{_YEAR})?\b"
)
_MONTH_ALONE = re.compile(rf"\b({_MONTH_NAMES})\.?(?:\s+{_YEAR})?\b")
# A bare number is a year only in this century ("2027", not "$1500").
_FULL_YEAR = re.compile(
    rf"\b(?:(?:full|fiscal|calendar)\s+)?(?:year|fy)\s*{_YEAR}\b|\b(20\d{{2}})\b"
)
_GRANULARITY = (
    (re.compile(r"\b(by|per|each|every|a)\s+months?\b|\bmonthly\b|\bmonth by month\b"), "month"),
    (re.compile(r"\b(by|per|each|every|a)\s+quarters?\b|\bquarterly\b"), "quarter"),
    (re.compile(r"\b(by|per|each|every|a)\s+half\b"), "half"),
)
_PER_PART_BUDGET = re.compile(
    r"\b(per|each|every|a)\s+(month|quarter|half)\b|\b(monthly|quarterly)\s+budgets?\b"
)
_WORDY_MONTHS = ("may", "mar", "jan")  # words that are months only next to a year or a range


def parse_period_phrase(text: str, *, after: date) -> PeriodSpec | None:
    """The period a message names, or ``None`` if it names none.

    ``after`` is the last date already known (the history's last week): relative phrases
    ("next quarter", "the next two quarters") and years left out ("Q1", "H2") mean the first
    such period starting after it. Granularity ("by month", "each quarter") cuts the span into
    parts; "per quarter"/"a month" next to a budget gives each part its own budget.

    Raises ``ValueError`` for phrases that name an impossible period ("Q5", "Q3 to Q1").
    """
    lowered = " ".join(text.casefold().split())
    span = _span(lowered, after)
    if span is None:
        return None
    label, first, last, natural = span
    granularity: Granularity = natural
    for pattern, unit in _GRANULARITY:
        if pattern.search(lowered):
            granularity = unit  # type: ignore[assignment]
            break
    split: BudgetSplit = "per_part" if _PER_PART_BUDGET.search(lowered) else "split"
    if split == "per_part" and granularity == "whole":
        split = "split"
    spec = PeriodSpec(
        label=label,
        parts=(PeriodPart(label, first, last),),
        budget_split=split,
        source=text.strip(),
    )
    return spec.with_parts(granularity) if granularity != "whole" else spec


def _year(text: str | None, default: int) -> int:
    if text is None:
        return default
    text = text.lstrip("fy").strip()
    return 2000 + int(text[1:]) if text.startswith("'") else int(text)


def _next_start_year(after: date, first_month: int) -> int:
    """The year of the first period starting in ``first_month`` after ``after``."""
    return after.year if date(after.year, first_month, 1) > after else after.year + 1


def _span(text: str, after: date) -> tuple[str, date, date, Granularity] | None:
    match = _QUARTER_RANGE.search(text)
    if match:
        first_q, last_q = int(match.group(1)), int(match.group(2))
        if last_q < first_q:
            raise ValueError(f"Q{first_q} to Q{last_q} runs backwards: name the earlier one first")
        year = _year(match.group(3), _next_start_year(after, 3 * first_q - 2))
        first, last = quarter(year, first_q), quarter(year, last_q)
        return f"Q{first_q}-Q{last_q} {year}", first.first_day, last.last_day, "quarter"
    match = _QUARTER.search(text)
    if match:
        number = int(match.group(1))
        part = quarter(_year(match.group(2), _next_start_year(after, 3 * number - 2)), number)
        return part.label, part.first_day, part.last_day, "whole"
    if re.search(r"\bq[05-9]\b", text):
        raise ValueError("quarters are Q1 to Q4")
    for pattern in (_HALF, _HALF_WORDS):
        match = pattern.search(text)
        if match:
            word = match.group(1)
            number = int(word) if word.isdigit() else (1 if word == "first" else 2)
            default = _next_start_year(after, 1 if number == 1 else 7)
            part = half(_year(match.group(2), default), number)
            return part.label, part.first_day, part.last_day, "whole"
    match = _NEXT.search(text)
    if match:
        return _relative(match.group(2), match.group(3), after)
    match = _THIS.search(text)
    if match:
        return _current(match.group(2), after)
    match = _MONTH_RANGE.search(text)
    if match:
        first_m, last_m = _MONTH_INDEX[match.group(1)], _MONTH_INDEX[match.group(3)]
        last_year_text = match.group(4) or match.group(2)
        first_year = _year(match.group(2) or last_year_text, _next_start_year(after, first_m))
        last_year = _year(last_year_text, first_year + (1 if last_m < first_m else 0))
        first_day, last_day = date(first_year, first_m, 1), _month_end(last_year, last_m)
        if last_day < first_day:
            raise ValueError("that month range runs backwards: name the earlier month first")
        label = f"{_MONTHS[first_m - 1].capitalize()}-{_MONTHS[last_m - 1].capitalize()} "
        label += f"{first_year}" if first_year == last_year else f"{first_year}-{last_year}"
        return label, first_day, last_day, "month"
    for match in _MONTH_ALONE.finditer(text):
        name, year_text = match.group(1), match.group(2)
        if name in _WORDY_MONTHS and year_text is None:
            continue
        number = _MONTH_INDEX[name]
        part = month(_year(year_text, _next_start_year(after, number)), number)
        return part.label, part.first_day, part.last_day, "whole"
    match = _FULL_YEAR.search(text)
    if match:
        year = _year(match.group(1) or match.group(2), after.year + 1)
        return f"{year}", date(year, 1, 1), date(year, 12, 31), "whole"
    return None


def _count(word: str | None) -> int:
    if word is None:
        return 1
    if word.isdigit():
        value = int(word)
    elif word in _NUMBER_WORDS:
        value = _NUMBER_WORDS[word]
    else:
        raise ValueError(f"cannot read {word!r} as a number of periods: write e.g. 'next 2'")
    if value <= 0:
        raise ValueError("a plan needs at least one period")
    return value


def _relative(word: str | None, unit: str, after: date) -> tuple[str, date, date, Granularity]:
    count = _count(word)
    start = after + timedelta(days=1)
    if unit.startswith("week"):
        last = start + timedelta(days=7 * count - 1)
        return f"the next {count} weeks", start, last, "whole"
    if unit.startswith("month"):
        year, number = (start.year, start.month) if start.day == 1 else _following(start, 1)
        first = date(year, number, 1)
        end_year, end_month = year + (number - 1 + count - 1) // 12, (number - 1 + count - 1) % 12
        last = _month_end(end_year, end_month + 1)
        label = "the next month" if count == 1 else f"the next {count} months"
        return label, first, last, "whole" if count == 1 else "month"
    if unit.startswith("quarter"):
        number = (start.month - 1) // 3 + 1
        year = start.year
        if start != quarter(year, number).first_day:
            year, number = (year, number + 1) if number < 4 else (year + 1, 1)
        opening = quarter(year, number)
        end_index = (number - 1) + count - 1
        closing = quarter(year + end_index // 4, end_index % 4 + 1)
        if count == 1:
            return opening.label, opening.first_day, opening.last_day, "whole"
        return f"the next {count} quarters", opening.first_day, closing.last_day, "quarter"
    if unit in ("half", "halves"):
        number = 1 if start.month <= 6 else 2
        year = start.year
        if start != half(year, number).first_day:
            year, number = (year, 2) if number == 1 else (year + 1, 1)
        opening = half(year, number)
        end_index = (number - 1) + count - 1
        closing = half(year + end_index // 2, end_index % 2 + 1)
        if count == 1:
            return opening.label, opening.first_day, opening.last_day, "whole"
        return f"the next {count} halves", opening.first_day, closing.last_day, "half"
    year = start.year if start == date(start.year, 1, 1) else start.year + 1
    last_year = year + count - 1
    label = f"{year}" if count == 1 else f"{year}-{last_year}"
    return label, date(year, 1, 1), date(last_year, 12, 31), "whole"


def _following(day: date, months: int) -> tuple[int, int]:
    index = day.month - 1 + months
    return day.year + index // 12, index % 12 + 1


def _current(unit: str, after: date) -> tuple[str, date, date, Granularity]:
    """'this quarter': the rest of the period holding the day after ``after``."""
    start = after + timedelta(days=1)
    if unit == "quarter":
        part = quarter(start.year, (start.month - 1) // 3 + 1)
    elif unit == "month":
        part = month(start.year, start.month)
    elif unit == "half":
        part = half(start.year, 1 if start.month <= 6 else 2)
    else:
        part = PeriodPart(f"{start.year}", date(start.year, 1, 1), date(start.year, 12, 31))
    return f"the rest of {part.label}", start, part.last_day, "whole"
