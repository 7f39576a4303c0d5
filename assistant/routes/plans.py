"""The planner's route for plans that live on: "use this plan for Q1 starting 4 January" adopts
the current plan under a name (``adopt_plan``); weekly actuals, uploaded or pasted, are tracked
against the newest adopted plan (``track_actuals``); "compare the Q3 plan with the
conservative one" sets two saved plans side by side (``compare_plans``) and "delete the old
plan" asks to confirm, as buttons and in ``ask --json``, then deletes (``delete_plan``) on
"yes" or keeps it on "no". Each reply is written from a template over the tool's typed view.

A saved plan is named by its name, in any case, with or without the word "plan" ("the Q3
plan", "the conservative one"); "the old plan" is the oldest, "the latest plan" the newest,
and "the plan" the only one when there is one.

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
from assistant.understanding.pending import PendingChoice, PendingQuestion
from assistant.understanding.router import mentions_saved_plan
from tools.plans import (
    AdoptPlanArgs,
    ComparePlansArgs,
    DeletePlanArgs,
    PlanBook,
    TrackActualsArgs,
)
from tools.views.tracking import AdoptedPlanView, DeletedPlanView, PlanComparisonView, TrackingView

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
_COMPARE = re.compile(
    r"\b(?:compare[ds]?|comparing|comparison|versus|vs\.?|difference between|side by side|"
    r"stack up against)\b",
    re.IGNORECASE,
)
_DELETE = re.compile(
    r"\b(?:delete|remove|discard|erase|get rid of|throw (?:away|out)|bin|trash)\b", re.IGNORECASE
)
_PLAN_WORD = re.compile(r"\bplans?\b", re.IGNORECASE)
_OLDEST = re.compile(r"\b(?:old|older|oldest|earliest|first|original)\b", re.IGNORECASE)
_NEWEST = re.compile(r"\b(?:newer|newest|latest|last|most recent|recent)\b", re.IGNORECASE)
_KEEP = re.compile(
    r"^\W*(?:no|nope|nah|cancel|keep(?:\s+it)?|don'?t|do not|stop|never\s*mind)\b", re.IGNORECASE
)
# A delete waiting for its "yes" keeps the plan's exact name in the question's message.
_CONFIRMED_DELETE = "Delete the saved plan named "
_DELETE_ROUTE = "delete_plan"
_KEEP_ROUTE = "keep_plan"
_NAME_FILLER = frozenset({"plan", "plans", "the", "one", "a"})
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
    book = turn.context.plan_book
    if book is None:
        return None
    asked = turn.start_pending
    if asked is not None and asked.route == _DELETE_ROUTE and _KEEP.search(turn.message):
        return kept(turn)
    saved_reply = _compare_or_delete(turn, book)
    if saved_reply is not None:
        return saved_reply
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
    "4 January'), track weekly actuals against the newest saved plan (upload or paste "
    "them), compare two saved plans ('compare the Q3 plan with the conservative one') and "
    "delete one ('delete the Q3 plan'). Listing and opening saved plans is `budgetmix plans "
    "list` and `budgetmix plans show NAME`."
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


def named_plans(message: str, saved: Sequence[AdoptedPlanView]) -> list[AdoptedPlanView]:
    """The saved plans ``message`` names, in the order it names them: a plan's whole name,
    in any case, or its words without "plan" ("the Q3 plan" names "Q3 plan" and "Q3")."""
    text = message.casefold()
    found: list[tuple[int, AdoptedPlanView]] = []
    for plan in saved:
        words = [w for w in re.findall(r"[\w-]+", plan.name.casefold()) if w not in _NAME_FILLER]
        if not words:
            continue
        match = re.search(r"(?<![\w-])" + r"\W+".join(map(re.escape, words)) + r"(?![\w-])", text)
        if match is not None:
            found.append((match.start(), plan))
    return [plan for _, plan in sorted(found, key=lambda pair: pair[0])]


def _compare_or_delete(turn: _Turn, book: PlanBook) -> TurnResult | None:
    """The reply when the message compares saved plans or deletes one; ``None`` otherwise."""
    message = turn.message
    comparing = _COMPARE.search(message) is not None
    deleting = _DELETE.search(message) is not None and not comparing
    if turn.files or not (comparing or deleting):
        return None
    saved = book.saved()
    named = named_plans(message, saved)
    if not (_PLAN_WORD.search(message) or mentions_saved_plan(message)) and (
        not named or turn._mentioned()  # "remove events" edits the data, even with a plan "Events"
    ):
        return None
    if comparing:
        return _compare(turn, saved, named)
    return _ask_to_delete(turn, saved, named)


def _compare(
    turn: _Turn, saved: Sequence[AdoptedPlanView], named: Sequence[AdoptedPlanView]
) -> TurnResult:
    if len(named) < 2 and len(saved) == 2 and re.search(r"\b(?:two|both)\b", turn.message):
        named = list(saved)  # "compare our two saved plans"
    if len(named) < 2:
        return turn.result(
            "clarify",
            f"Which two saved plans should I compare? {_names(saved)}. Say e.g. 'compare "
            "the Q3 plan with the conservative one'; to compare with the plan shown, save it "
            "first ('use this plan for Q4 draft').",
        )
    first, second = named[0], named[1]
    record = turn._call("compare_plans", ComparePlansArgs(first=first.name, second=second.name))
    if not record.ok:
        return turn._error(record)
    view = record.view
    assert isinstance(view, PlanComparisonView)
    return turn.result("compare_plans", render("plan_comparison", view=view, units=view.units))


def _ask_to_delete(
    turn: _Turn, saved: Sequence[AdoptedPlanView], named: Sequence[AdoptedPlanView]
) -> TurnResult:
    """Which plan the message deletes, asked to be confirmed; nothing is deleted yet."""
    target = named[0] if len(named) == 1 else None
    if target is None and not named and saved:
        if _OLDEST.search(turn.message):
            target = saved[0]
        elif _NEWEST.search(turn.message):
            target = saved[-1]
        elif len(saved) == 1:
            target = saved[0]
    if target is None:
        which = "Which saved plan should I delete?" if saved else "There is no plan to delete:"
        return turn.result("clarify", f"{which} {_names(saved)}.")
    turn.pending = PendingQuestion(
        message=_CONFIRMED_DELETE + target.name,
        route=_DELETE_ROUTE,
        currency=target.currency,
        choices=(
            PendingChoice(route=_DELETE_ROUTE, label=f"Delete {target.name}", score=1.0),
            PendingChoice(route=_KEEP_ROUTE, label=f"Keep {target.name}", score=0.0),
        ),
    )
    return turn.result(
        "clarify",
        f"Delete the saved plan **{target.name}** (version {target.version}, from "
        f"{target.start:%-d %B %Y}, {target.weeks} weeks) with its tracked actuals and alerts? "
        "This cannot be undone. Say 'yes' to delete it or 'no' to keep it.",
    )


def delete_confirmed(turn: _Turn) -> TurnResult:
    """The confirmed delete: the question's message names the plan exactly."""
    name = turn.message.removeprefix(_CONFIRMED_DELETE)
    record = turn._call("delete_plan", DeletePlanArgs(plan=name, confirmed=True))
    if not record.ok:
        return turn._error(record)
    view = record.view
    assert isinstance(view, DeletedPlanView)
    versions = ", ".join(str(v) for v in view.versions)
    left = ", ".join(f"**{n}**" for n in view.plans_left) or "none"
    return turn.result(
        "delete_plan",
        f"Deleted **{view.name}** (version{'s' if len(view.versions) > 1 else ''} {versions}) "
        f"with its tracked actuals and alerts. Saved plans left: {left}.",
    )


def kept(turn: _Turn) -> TurnResult:
    asked = turn.start_pending
    name = asked.message.removeprefix(_CONFIRMED_DELETE) if asked is not None else "the plan"
    turn.pending = None
    return turn.result("clarify", f"Kept **{name}**: nothing was deleted.")


def _names(saved: Sequence[AdoptedPlanView]) -> str:
    if not saved:
        return "you have no saved plans yet (save one with 'use this plan for Q1')"
    names = [f"**{plan.name}**" for plan in saved]
    if len(names) == 1:
        return f"Your one saved plan is {names[0]}"
    return f"Your saved plans are {', '.join(names[:-1])} and {names[-1]}"
