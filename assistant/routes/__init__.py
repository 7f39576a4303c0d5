"""The planner's capability routes: attribution, the forecast and weekly calendar, lift-test
calibration, the next experiment's design and plans by market (``geo_plan``).

:func:`capability_routing` decides, before the message is read as plan inputs, whether it asks
for one of them: an uploaded or pasted journeys table goes to attribution (never to the
weekly-history fit), as does an upload the message calls journeys; an uploaded lift-test file
or a stated test result goes to calibration, an uploaded panel (a history with a geo or market
column) to the geo plan, and the phrasings below to their route. Everything else goes on to
the planner's own router (``assistant.intents``). Deterministic: same message and conversation,
same route.

Each route's handler lives in its own module (``attribution``, ``forecast``, ``experiments``)
and answers through the same tools the LLM agent gets, narrating their typed views. ``plans``
(adopting a plan, tracking actuals) decides for itself: its ``respond(turn)`` answers or
returns ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from assistant.intents import Routing
from assistant.routes.journeys import pasted_journeys
from assistant.understanding.router import JOURNEY_WORDS
from model_engine.attribution import detect_journeys
from model_engine.intake import IntakeError
from model_engine.intake.experiments import REQUIRED_COLUMNS
from model_engine.panel import detect_geo_column

__all__ = ["capability_routing"]

_ATTRIBUTE = re.compile(
    r"attribut|\bcredit|(?:last|first)[- ](?:touch|click)|multi[- ]touch|\bmarkov\b|\bshapley\b"
    r"|position[- ]based|time[- ]decay|customer journeys?",
    re.IGNORECASE,
)
_DESIGN = re.compile(
    r"\btest next\b|\bnext (?:lift )?(?:test|experiment)\b|what (?:should|could) we test"
    r"|which channels? (?:should|could|would|to) (?:we )?test|design (?:a|an|the) "
    r"(?:lift )?(?:test|experiment)|value of information|worth testing|test would cost"
    r"|exploration budget|\b(?:run|try|do) a go[- ]dark\b|\bgo[- ]dark (?:test|experiment)",
    re.IGNORECASE,
)
_TEST_RESULT = re.compile(
    r"\b(?:lift|geo|holdout|go[- ]dark|incrementality|conversion lift|a/b|matched[- ]market)"
    r"[- ]tests?\b|\bour (?:\w+ )*?test\b",
    re.IGNORECASE,
)
_TEST_OUTCOME = re.compile(
    r"\bincremental\b|\bbrought\b|\bdrove\b|\bgenerated\b|\bdelivered\b|\blifted\b|±|\+/-",
    re.IGNORECASE,
)
# Asked for weeks: only a weekly history can answer.
_WEEKLY_ASK = re.compile(
    r"\bforecast|\bcalendar\b|week[- ]by[- ]week|\bweekly (?:plan|spend|budget|pacing)"
    r"|\bby week\b|\bspread\b.*\bover\b|\bpacing\b|\bphasing\b|\bflighting\b"
    r"|week[- ]to[- ]week|front[- ]?load|back[- ]?load|\bgo dark\b",
    re.IGNORECASE,
)
# A dated period named ("allocate $500K for Q3 2026"): a calendar when there are weeks to
# plan from, else one quarter's totals planned for that period.
_PERIOD_NAMED = re.compile(
    r"\bplan (?:for )?(?:q[1-4]|h[12])\b|\bq[1-4][ -]?(?:20\d\d)\b|\bh[12][ -]?(?:20\d\d)\b"
    r"|next (?:two|three|four|2|3|4) quarters|\bby month\b|\bmonth by month\b",
    re.IGNORECASE,
)

# "allocate $2M across markets", "plan by market", "at least $50K in every market".
_BY_GEO = re.compile(
    r"\b(?:across|by|per|each|every|all|between|over)\s+(?:the\s+|our\s+)?"
    r"(?:markets?|geos?|regions?|dmas?)\b|\bgeo[- ]level\b|\bmarket[- ]level\b",
    re.IGNORECASE,
)
# With a panel in the conversation: a market named, "nationally", or a plan asked for.
_PANEL_WORDS = re.compile(r"\bmarkets?\b|\bgeos?\b|\bnationally\b", re.IGNORECASE)
_PLAN_WORDS = re.compile(
    r"\ballocat|\bplan\b|\bbudget\b|\bsplit\b|\bspread\b|\bdistribut|[$€£]", re.IGNORECASE
)


# "What is time-decay attribution?" is a methodology question, not a request to attribute.
_CONCEPT = re.compile(
    r"^\s*(?:what(?:'s| is| are| does)|how (?:does|do|is)|explain|define|why (?:is|do|does))\b"
    r"(?!.*\b(?:our|my|we|us)\b)",
    re.IGNORECASE,
)


def capability_routing(
    message: str,
    files: Sequence[Path],
    *,
    has_panel: bool = False,
    panel_only: bool = False,
    totals_only: bool = False,
) -> Routing | None:
    """The capability route a message (and its uploads) asks for, or ``None``. ``has_panel``:
    the conversation has a panel history; ``panel_only``: and no other data, so any plan
    asked for is by market; ``totals_only``: the conversation has no weekly history (none
    held, uploaded or pasted), so a named period alone is planned as totals, not a
    calendar (see :func:`period_without_weeks`)."""
    for path in files:
        if _is_experiments_file(path):
            return Routing("calibrate")
        if path.is_file() and detect_journeys(path).is_journeys:
            return Routing("attribute")
        if is_panel_file(path):
            return Routing("geo_plan")
    if files and JOURNEY_WORDS.search(message):
        return Routing("attribute")  # called journeys: the route says why it did not read so
    if files:
        return None  # a weekly history: the planner fits it
    if pasted_journeys(message) is not None:
        return Routing("attribute")
    if _TEST_RESULT.search(message) and _TEST_OUTCOME.search(message):
        return Routing("calibrate")
    if _CONCEPT.search(message):
        return None
    if _BY_GEO.search(message) or (has_panel and _PANEL_WORDS.search(message)):
        return Routing("geo_plan")
    if panel_only and _PLAN_WORDS.search(message):
        return Routing("geo_plan")
    if _DESIGN.search(message):
        return Routing("design_test")
    if _ATTRIBUTE.search(message):
        return Routing("attribute")
    if _WEEKLY_ASK.search(message) or (_PERIOD_NAMED.search(message) and not totals_only):
        return Routing("forecast")
    return None


def period_without_weeks(message: str) -> str | None:
    """The dated period a message names when it asks for no weekly plan ("Q3 2026"): with no
    weekly history it is planned as one period's totals, and the reply says so."""
    if _WEEKLY_ASK.search(message):
        return None
    named = _PERIOD_NAMED.search(message)
    return named.group(0) if named else None


def is_panel_file(path: Path) -> bool:
    """Whether an upload is a panel: a history with a geo (market) column, one row per geo
    and week."""
    if not path.is_file():
        return False
    try:
        return detect_geo_column(path) is not None
    except (IntakeError, ValueError, OSError):
        return False


def _is_experiments_file(path: Path) -> bool:
    if not path.is_file() or path.suffix.casefold() not in (".csv", ".txt"):
        return False
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            header = handle.readline()
    except OSError:
        return False
    columns = {c.strip().casefold() for c in header.split(",")}
    return set(REQUIRED_COLUMNS) <= columns
