"""The words around numbers that say what they are: outcome nouns ("MQLs", "pipeline"),
cost-per words ("CAC", "cost per lead"), ROAS, spend words, and the periods ("last quarter",
"next 8 weeks").

Outcome names are canonical ("MQLs", "leads", "SQLs", "opportunities", "customers",
"signups", "demos", "trials", "conversions", "orders", "installs" are counts; "pipeline" and
"revenue" are money). "Sales" means revenue except in "sales-qualified leads".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from model_engine.datasets import OutcomeUnit


@dataclass(frozen=True)
class Outcome:
    name: str
    unit: OutcomeUnit


_OUTCOMES: tuple[tuple[str, Outcome], ...] = (
    (r"mqls?|marketing[- ]qualified leads?", Outcome("MQLs", "count")),
    (r"sqls?|sales[- ]qualified leads?", Outcome("SQLs", "count")),
    (r"sals?|sales[- ]accepted leads?", Outcome("SALs", "count")),
    (r"(?:new |inbound |qualified )?leads?", Outcome("leads", "count")),
    (r"(?:sales )?opportunit(?:y|ies)|opps?", Outcome("opportunities", "count")),
    (
        r"(?:new |paying )?customers?|(?:closed[- ]won |won )?deals?(?: won| closed)?|wins",
        Outcome("customers", "count"),
    ),
    (r"sign[- ]?ups?|registrations?", Outcome("signups", "count")),
    (r"(?:free )?trials?", Outcome("trials", "count")),
    (r"demos?(?: booked| requests?)?|demo requests?", Outcome("demos", "count")),
    (r"conversions?", Outcome("conversions", "count")),
    (r"orders?|purchases?", Outcome("orders", "count")),
    (r"installs?|downloads?", Outcome("installs", "count")),
    (r"(?:qualified |sales |new )?pipeline(?: value)?", Outcome("pipeline", "currency")),
    (r"revenue|sales|bookings|arr|acv", Outcome("revenue", "currency")),
)
OUTCOME_WORDS = "|".join(f"(?:{pattern})" for pattern, _ in _OUTCOMES)
_OUTCOME_EXACT = [(re.compile(rf"^(?:{p})$", re.IGNORECASE), o) for p, o in _OUTCOMES]
_OUTCOME_AT_START = re.compile(rf"^\s*(?:in |of |worth of )?(?P<noun>{OUTCOME_WORDS})\b", re.I)
_OUTCOME_AT_END = re.compile(rf"\b(?P<noun>{OUTCOME_WORDS})\s*(?:of|:|=|were|was|at)?\s*$", re.I)

COST_WORDS = (
    rf"cac|cpl|cpa|cpmql|cpsql|cpo|customer acquisition cost|"
    rf"cost[- ]per[- ](?:{OUTCOME_WORDS}|acquisition)|cost/(?:{OUTCOME_WORDS})"
)
_COST_AFTER = re.compile(
    rf"^\s*(?:(?:{COST_WORDS})\b|(?:per|/|a|an|each)\s?(?:{OUTCOME_WORDS})\b|each\b|apiece\b)",
    re.IGNORECASE,
)
_COST_BEFORE = re.compile(
    rf"\b(?:{COST_WORDS})\s*(?:of|:|=|is|was|at|around|about|~)?\s*(?:a|an)?\s*$", re.IGNORECASE
)
_ROAS_AFTER = re.compile(r"^\s*(?:roas|return on ad spend)\b", re.IGNORECASE)
_ROAS_BEFORE = re.compile(
    r"\b(?:roas|return on ad spend)\s*(?:of|:|=|is|was|at|around|about|~)?\s*$", re.IGNORECASE
)
_SPEND_WORDS = r"spent|spend|spending|invested|investment|budget|costs?|cost us|paid"
_SPEND_AFTER = re.compile(
    rf"^\s*(?:(?:in\s+|of\s+)?(?:{_SPEND_WORDS})\b(?![- ]per)|(?:was|were)\s+(?:spent|invested|"
    rf"put)\b|went\s+(?:to|into|on)\b|(?:on|into)\s+(?:the\s+|our\s+)?⟦C)",
    re.IGNORECASE,
)
_SPEND_BEFORE = re.compile(
    rf"\b(?:{_SPEND_WORDS}|put|allocated|invested)\s*(?:of|:|=|is|was|were|about|around|~)?\s*$",
    re.IGNORECASE,
)


def outcome_named(text: str) -> Outcome | None:
    """The outcome a whole column header or label names ("MQLs", "Pipeline $")."""
    cleaned = re.sub(r"\(.*?\)|[$€£#]", " ", text).strip().strip(":").strip()
    for pattern, outcome in _OUTCOME_EXACT:
        if pattern.match(cleaned):
            return outcome
    return None


def outcome_after(text: str) -> Outcome | None:
    """The outcome noun right after a number ("2,400 MQLs", "$1.2M in pipeline")."""
    match = _OUTCOME_AT_START.match(text)
    return _outcome(match["noun"]) if match else None


def outcome_before(text: str) -> Outcome | None:
    """The outcome noun right before a number ("MQLs: 2,400", "pipeline of $1.2M")."""
    match = _OUTCOME_AT_END.search(text)
    return _outcome(match["noun"]) if match else None


def outcome_in(text: str) -> Outcome | None:
    """The first outcome noun anywhere in ``text``."""
    match = re.search(rf"\b(?P<noun>{OUTCOME_WORDS})\b", text, re.IGNORECASE)
    return _outcome(match["noun"]) if match else None


def is_cost_after(text: str) -> bool:
    return bool(_COST_AFTER.match(text))


def is_cost_before(text: str) -> bool:
    return bool(_COST_BEFORE.search(text))


def is_roas_after(text: str) -> bool:
    return bool(_ROAS_AFTER.match(text))


def is_roas_before(text: str) -> bool:
    return bool(_ROAS_BEFORE.search(text))


def is_spend_after(text: str) -> bool:
    return bool(_SPEND_AFTER.match(text))


def is_spend_before(text: str) -> bool:
    return bool(_SPEND_BEFORE.search(text))


def _outcome(noun: str) -> Outcome:
    for pattern, outcome in _OUTCOME_EXACT:
        if pattern.match(noun.strip()):
            return outcome
    raise AssertionError(f"no outcome for {noun!r}")  # the regexes come from the same table


_PERIOD_UNITS = {
    "week": 1.0,
    "weeks": 1.0,
    "month": 52 / 12,
    "months": 52 / 12,
    "quarter": 13.0,
    "quarters": 13.0,
    "year": 52.0,
    "years": 52.0,
}
_PAST = r"last|past|previous|prior|trailing"
_FUTURE = r"next|upcoming|coming|following|this"
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "eight": 8, "twelve": 12}
_COUNTED = (
    r"(?P<count>\d+|one|two|three|four|six|eight|twelve)\s+"
    r"(?P<unit>weeks?|months?|quarters?|years?)"
)
# "past half a million" is an amount, not the last half-year.
# "next q" and "last qtr" are chat for a quarter.
_SINGLE = (
    r"(?P<single>week|month|quarter|year|half(?!\s+(?:a|an)\s+(?:million|billion|mil|m|k|mn)\b)"
    r"|h[12]|q[1-4]|qtr|q(?![\w'])|fy\d{0,4})"
)
_ADJECTIVES = {
    "weekly": 1,
    "monthly": 4,
    "quarterly": 13,
    "annual": 52,
    "yearly": 52,
    "annually": 52,
    "half-year": 26,
}


def period_weeks(text: str, *, future: bool) -> int | None:
    """Weeks in the period a phrase names: "next quarter" -> 13, "last 6 months" -> 26,
    "next 8 weeks" -> 8, "FY" -> 52. ``future`` picks next/this phrases or last/past ones."""
    when = _FUTURE if future else _PAST
    pattern = re.compile(rf"\b(?:{when})\s+(?:{_COUNTED}|{_SINGLE})(?:'s|s')?\b", re.IGNORECASE)
    match = pattern.search(text)
    if match is None:
        return None
    if match["count"]:
        count = _NUMBER_WORDS.get(match["count"].casefold()) or int(match["count"])
        return max(1, round(count * _PERIOD_UNITS[match["unit"].casefold()]))
    return _single_period_weeks(match["single"])


def named_period_weeks(text: str) -> int | None:
    """Weeks for a named period: "Q4 plan" -> 13, "H2" -> 26, "FY25" -> 52."""
    match = re.search(r"\b(q[1-4]|h[12]|fy\s?\d{2,4}|fy)\b", text, re.IGNORECASE)
    return _single_period_weeks(match.group(1).replace(" ", "")) if match else None


# A half named without "last" ("In H2: ...", "in the second half") dates figures only in a
# clause that does not speak of the plan ahead ("planning number for H2", "down 10% on H2").
_NAMED_HALF = re.compile(r"\b(?:h[12]|(?:first|second|back|front)\s+half)\b", re.IGNORECASE)
_AHEAD = re.compile(
    r"\b(?:next|upcoming|coming|following|plan\w*|budget\w*|envelope|approved|target\w*|"
    r"for\s+(?:the\s+)?(?:h[12]|(?:first|second|back|front)\s+half))\b",
    re.IGNORECASE,
)


def past_half_weeks(text: str) -> int | None:
    """26 when a clause dates figures by a named half ("In H2:", "in the second half")."""
    return 26 if _NAMED_HALF.search(text) and not _AHEAD.search(text) else None


def rate_period_weeks(text: str) -> int | None:
    """Weeks for a rate: "$1.2M a quarter", "per month"."""
    match = re.search(r"\b(?:a|per|each|every)\s+(week|month|quarter|year)\b", text, re.I)
    return _single_period_weeks(match.group(1)) if match else None


def period_adjective_weeks(text: str) -> int | None:
    """Weeks for "quarterly", "monthly", "annual" budgets."""
    match = re.search(r"\b(" + "|".join(_ADJECTIVES) + r")\b", text, re.IGNORECASE)
    return _ADJECTIVES[match.group(1).casefold()] if match else None


def _single_period_weeks(word: str) -> int:
    word = word.casefold()
    if word == "week":
        return 1
    if word == "month":
        return 4
    if word in ("half", "h1", "h2"):
        return 26
    if word.startswith("fy") or word == "year":
        return 52
    return 13  # quarter, q1..q4
