"""The planner's capability routes: attribution, the forecast and weekly calendar, lift-test
calibration and the next experiment's design.

:func:`capability_routing` decides, before the message is read as plan inputs, whether it asks
for one of them: an uploaded or pasted journeys table goes to attribution (never to the
weekly-history fit), an uploaded lift-test file or a stated test result to calibration, and
the phrasings below to their route. Everything else goes on to the planner's own router
(``assistant.intents``). Deterministic: same message and conversation, same route.

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
from model_engine.attribution import detect_journeys
from model_engine.intake.experiments import REQUIRED_COLUMNS

__all__ = ["capability_routing"]

_ATTRIBUTE = re.compile(
    r"attribut|\bcredit|last[- ]touch|first[- ]touch|multi[- ]touch|\bmarkov\b|\bshapley\b"
    r"|position[- ]based|time[- ]decay|customer journeys?",
    re.IGNORECASE,
)
_DESIGN = re.compile(
    r"\btest next\b|\bnext (?:lift )?(?:test|experiment)\b|what (?:should|could) we test"
    r"|which channels? (?:should|could|would|to) (?:we )?test|design (?:a|an|the) "
    r"(?:lift )?(?:test|experiment)|value of information|worth testing|test would cost"
    r"|exploration budget",
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
_FORECAST = re.compile(
    r"\bforecast|\bcalendar\b|week[- ]by[- ]week|\bweekly (?:plan|spend|budget|pacing)"
    r"|\bby week\b|\bspread\b.*\bover\b|\bpacing\b|\bphasing\b|\bflighting\b"
    r"|\bplan (?:for )?(?:q[1-4]|h[12])\b|\bq[1-4][ -]?(?:20\d\d)\b|\bh[12][ -]?(?:20\d\d)\b"
    r"|next (?:two|three|four|2|3|4) quarters|\bby month\b|\bmonth by month\b"
    r"|week[- ]to[- ]week|front[- ]?load|back[- ]?load|\bgo dark\b",
    re.IGNORECASE,
)


# "What is time-decay attribution?" is a methodology question, not a request to attribute.
_CONCEPT = re.compile(
    r"^\s*(?:what(?:'s| is| are| does)|how (?:does|do|is)|explain|define|why (?:is|do|does))\b"
    r"(?!.*\b(?:our|my|we|us)\b)",
    re.IGNORECASE,
)


def capability_routing(message: str, files: Sequence[Path]) -> Routing | None:
    """The capability route a message (and its uploads) asks for, or ``None``."""
    for path in files:
        if _is_experiments_file(path):
            return Routing("calibrate")
        if path.is_file() and detect_journeys(path).is_journeys:
            return Routing("attribute")
    if files:
        return None  # a weekly history: the planner fits it
    if pasted_journeys(message) is not None:
        return Routing("attribute")
    if _TEST_RESULT.search(message) and _TEST_OUTCOME.search(message):
        return Routing("calibrate")
    if _CONCEPT.search(message):
        return None
    if _DESIGN.search(message):
        return Routing("design_test")
    if _ATTRIBUTE.search(message):
        return Routing("attribute")
    if _FORECAST.search(message):
        return Routing("forecast")
    return None


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
