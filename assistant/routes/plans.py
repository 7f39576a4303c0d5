"""The planner's route for plans that live on: "use this plan for Q1 starting 4 January" adopts
the current plan under a name (``adopt_plan``); weekly actuals, uploaded or pasted, are tracked
against the newest adopted plan (``track_actuals``). Either reply is written from a template
over the tool's typed view.

A message adopts when it says to use (adopt, go with, keep) this plan *and* names it or its
start; a file holds actuals when its header is the long layout (``week, channel, spend,
outcome``) or has ``<channel> outcome`` columns (a weekly history has one outcome column), or
when the message calls it actuals.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.intents import Routing
from assistant.narrative import render
from assistant.understanding.router import mentions_saved_plan
from tools.plans import AdoptPlanArgs, TrackActualsArgs
from tools.views.tracking import AdoptedPlanView, TrackingView

if TYPE_CHECKING:
    from assistant.planner import _Turn
    from assistant.turn import TurnResult

_ADOPT = re.compile(
    r"\b(?:use|adopt|keep|go with|lock in)\s+(?:this|the|that|my)\s+(?:current\s+)?plan\b"
    r"(?:\s+(?:for|as)\s+(?P<name>.+?))?"
    r"(?:,?\s+(?:starting|beginning|from|that starts)(?:\s+on)?\s+(?P<start>[^.!?]+?))?"
    r"\s*[.!]?\s*$",
    re.IGNORECASE,
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_DAY_MONTH = re.compile(
    r"^(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[a-z]+)\.?(?:,?\s+(?P<year>\d{4}))?$"
)
_MONTH_DAY = re.compile(
    r"^(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?$"
)
_ACTUALS_WORDS = re.compile(r"\bactuals?\b", re.IGNORECASE)
_OUTCOME_COLUMN = re.compile(r"[\s_-]outcome$", re.IGNORECASE)


@dataclass(frozen=True)
class AdoptRequest:
    name: str
    start: date


def adopt_request(message: str, today: date) -> AdoptRequest | str | None:
    """What "use this plan for NAME starting DATE" asks for; a string says what is wrong with
    the date; ``None`` when the message does not adopt a plan."""
    match = _ADOPT.search(message.strip())
    if match is None or (match["name"] is None and match["start"] is None):
        return None
    start = next_monday(today)
    if match["start"] is not None:
        parsed = parse_day(match["start"], today)
        if parsed is None:
            return (
                f"I could not read {match['start'].strip()!r} as the plan's start: write e.g. "
                "'starting 4 January 2027' or 'starting 2027-01-04'."
            )
        start = parsed
    name = (match["name"] or "").strip().strip("'\"") or f"Plan from {start.isoformat()}"
    return AdoptRequest(name, start)


def parse_day(text: str, today: date) -> date | None:
    """'2027-01-04', '4 January 2027', 'January 4'; without a year, the next such day."""
    cleaned = text.strip().lower()
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        pass
    match = _DAY_MONTH.match(cleaned) or _MONTH_DAY.match(cleaned)
    if match is None or match["month"] not in _MONTHS:
        return None
    month, day = _MONTHS[match["month"]], int(match["day"])
    years = [int(match["year"])] if match["year"] else [today.year, today.year + 1]
    for year in years:
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        if match["year"] or candidate >= today:
            return candidate
    return None


def next_monday(today: date) -> date:
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def looks_like_actuals(path: Path) -> bool:
    try:
        with path.open(newline="", encoding="utf-8-sig") as file:
            header = next(csv.reader(io.StringIO(file.readline())), [])
    except (OSError, UnicodeDecodeError):
        return False
    columns = {column.strip().lower() for column in header}
    if {"week", "channel", "spend"} <= columns:
        return True
    return "week" in columns and any(_OUTCOME_COLUMN.search(c) for c in columns)


def pasted_actuals(message: str) -> str | None:
    """A pasted long-layout table (a ``week,channel,spend,...`` header and its rows)."""
    lines = message.strip().splitlines()
    for index, line in enumerate(lines):
        header = [c.strip().lower() for c in line.split(",")]
        if {"week", "channel", "spend"} <= set(header):
            rows = [row for row in lines[index:] if row.count(",") == line.count(",")]
            return "\n".join(rows) + "\n"
    return None


def respond(turn: _Turn) -> TurnResult | None:
    """The reply when the message adopts a plan, brings actuals or names a saved plan
    ("are we pacing to the plan we adopted?"); ``None`` otherwise."""
    if turn.context.plan_book is None:
        return None
    request = adopt_request(turn.message, date.today())
    if isinstance(request, str):
        return turn.result("adopt_plan", request)
    if request is not None:
        return _adopt(turn, request)
    if not turn.files and mentions_saved_plan(turn.message):
        return answer(turn, Routing("saved_plans"))  # before "pacing" reads as a calendar
    actuals = [path for path in turn.files if looks_like_actuals(path)]
    if not actuals and turn.files and _ACTUALS_WORDS.search(turn.message):
        actuals = list(turn.files)
    if actuals:
        return _track(turn, actuals)
    pasted = pasted_actuals(turn.message)
    if pasted is not None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "pasted-actuals.csv"
            path.write_text(pasted, encoding="utf-8")
            return _track(turn, [path])
    return None


# Keeping *this* plan ("save this as the plan we go with", "make it official"); "the plan we
# saved" is about a saved one.
_ADOPT_WORDS = re.compile(
    r"\b(?:adopt|save|keep|lock\s+in|make|go\s+with|commit\s+to)\s+(?:this|it|that)\b",
    re.IGNORECASE,
)
_TRACK_WORDS = re.compile(
    r"\b(?:track\w*|pac(?:e|ing)|on (?:track|pace)|actuals?|versus|vs\.?|so far|over or under)\b",
    re.IGNORECASE,
)
_SAVED_PLANS_IN_CHAT = (
    "In the chat I can save the plan shown (say e.g. 'use this plan for Q1 starting "
    "4 January') and track weekly actuals against the newest saved plan (upload or paste "
    "them). Listing and opening saved plans is `budgetmix plans list` and `budgetmix plans "
    "show NAME`; comparing two saved plans or deleting one is not something I can do yet."
)


def answer(turn: _Turn, routing: Routing) -> TurnResult:
    """The router's reply for a message about saved plans that :func:`respond` did not take
    (no name or start to adopt under, no actuals): adopt under a default name when the message
    asks to keep this plan, say how to track when it asks about pacing, and otherwise what the
    chat and the CLI can do with saved plans."""
    del routing
    if turn.context.plan_book is None:
        return turn.result(
            "clarify",
            "Saved plans live with your account: sign in to the chat, or use `budgetmix plans "
            "adopt`, `budgetmix plans list` and `budgetmix plans show NAME`.",
        )
    if _TRACK_WORDS.search(turn.message):
        return turn.result(
            "track",
            "Upload or paste the weekly actuals (one row per week and channel: week, channel, "
            "spend, outcome) and I'll track them against your newest saved plan.",
        )
    if _ADOPT_WORDS.search(turn.message) and turn.inputs.has_data:
        start = next_monday(date.today())
        return _adopt(turn, AdoptRequest(f"Plan from {start.isoformat()}", start))
    return turn.result("clarify", _SAVED_PLANS_IN_CHAT)


def _adopt(turn: _Turn, request: AdoptRequest) -> TurnResult:
    record = turn._call("adopt_plan", AdoptPlanArgs(name=request.name, start=request.start))
    if not record.ok:
        return turn._error(record)
    view = record.view
    assert isinstance(view, AdoptedPlanView)
    return turn.result("adopt_plan", render("adopted_plan", plan=view, units=view.units))


def _track(turn: _Turn, files: Sequence[Path]) -> TurnResult:
    replies = []
    for path in files:
        record = turn._call("track_actuals", TrackActualsArgs(file=str(path)))
        if not record.ok:
            return turn._error(record)
        view = record.view
        assert isinstance(view, TrackingView)
        replies.append(render("tracking", view=view, units=view.units))
    return turn.result("track", "\n\n".join(replies))
