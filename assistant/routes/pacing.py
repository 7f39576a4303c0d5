"""Pacing rules a CMO states for a weekly calendar, read from the message: "no more than 20%
week-to-week change", "front-load 60%", "back-load 55% of the budget", "go dark the week of
2027-02-15", "at least $5K a week on every channel". Each becomes a field of
:class:`~tools.calendar.CalendarArgs`; anything not matched is left to the defaults.

After a calendar, a follow-up that changes the whole budget by a share ("now with 10% less",
"cut it by 5%", "20% more") is read by :func:`budget_change_said` (intake reads the ones that
name the budget, "10% less budget")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from model_engine.intake import BudgetChange
from model_engine.intake.text.mentions import find_number_mentions

_PERCENT = r"(\d{1,3}(?:\.\d+)?)\s*%"
_MAX_CHANGE = re.compile(
    rf"(?:no more than|at most|not more than|max(?:imum)?(?: of)?|cap(?:ped)? at|within)\s+"
    rf"{_PERCENT}\s*(?:change\s+)?(?:week[- ]to[- ]week|week[- ]on[- ]week|from week to week|"
    rf"between weeks|a week|per week|weekly)"
    rf"|(?:week[- ]to[- ]week|weekly) (?:change|swings?|moves?) (?:of )?(?:no more than |at most |"
    rf"under |below )?{_PERCENT}",
    re.IGNORECASE,
)
_LOADING = re.compile(
    rf"(front|back)[- ]?load(?:ed|ing)?\s+(?:by\s+|with\s+)?{_PERCENT}"
    rf"|{_PERCENT}\s+(?:of (?:the|our) (?:budget|spend)\s+)?in the (first|second|last) half",
    re.IGNORECASE,
)
_DARK = re.compile(
    r"\bdark\b[^.;\n]*?(\d{4}-\d{2}-\d{2}(?:\s*(?:,|and)\s*\d{4}-\d{2}-\d{2})*)", re.IGNORECASE
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MIN_WEEKLY = re.compile(
    r"at least\s+([$€£]\s?[\d.,]+\s*[kKmM]?)\s*(?:a|per|each)\s+week", re.IGNORECASE
)

_LESS = frozenset({"less", "lower", "smaller", "fewer", "cut", "trim", "reduce", "shrink", "drop"})
_LESS_OR_MORE = re.compile(
    rf"{_PERCENT}\s+(less|lower|smaller|fewer|more|higher|bigger|larger|extra)\b"
    rf"|\b(cut|trim|reduce|lower|shrink|drop|raise|increase|grow|boost)\w*"
    rf"(?:\s+(?:it|that|the\s+budget|budget|the\s+spend|spend))?\s+by\s+{_PERCENT}",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Pacing:
    max_weekly_change: float | None = None
    front_load: float | None = None
    back_load: float | None = None
    dark_weeks: list[date] = field(default_factory=list)
    min_weekly_spend: float | None = None


def read_pacing(message: str) -> Pacing:
    """The pacing rules ``message`` states (shares as fractions: 20% -> 0.2)."""
    change = _MAX_CHANGE.search(message)
    max_change = None
    if change is not None:
        max_change = float(change.group(1) or change.group(2)) / 100
    front = back = None
    loading = _LOADING.search(message)
    if loading is not None:
        if loading.group(1):
            share = float(loading.group(2)) / 100
            direction = loading.group(1).casefold()
        else:
            share = float(loading.group(3)) / 100
            direction = "front" if loading.group(4).casefold() == "first" else "back"
        if 0 < share <= 1:
            front, back = (share, None) if direction == "front" else (None, share)
    dark: list[date] = []
    for found in _DARK.finditer(message):
        for text in _ISO_DATE.findall(found.group(1)):
            try:
                dark.append(date.fromisoformat(text))
            except ValueError:
                continue
    minimum = None
    floor = _MIN_WEEKLY.search(message)
    if floor is not None:
        amounts = find_number_mentions(floor.group(1))
        minimum = amounts[0].value if amounts else None
    return Pacing(max_change, front, back, dark, minimum)


def budget_change_said(message: str) -> BudgetChange | None:
    """A change of the whole budget by a share: "now with 10% less" is -10%, "cut it by 5%"
    -5%, "20% more" +20%; ``None`` when the message states none (or several)."""
    found = list(_LESS_OR_MORE.finditer(message))
    if len(found) != 1:
        return None
    match = found[0]
    share = float(match.group(1) or match.group(4)) / 100
    direction = (match.group(2) or match.group(3)).casefold()
    if not 0 < share < 10:
        return None
    value = -share if direction in _LESS else share
    if value <= -1:
        return None
    return BudgetChange(kind="relative", value=value, phrase=match.group(0))
