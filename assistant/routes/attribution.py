"""The attribution route: journeys uploaded or pasted, or a question about credit ("which
channels get credit for conversions?", "compare last-touch and Markov"), answered with every
model side by side, last touch's under- and over-credit, the reconciliation with the mix model
and the CMO's reporting model recorded as a preference."""

from __future__ import annotations

import re

from assistant.intents import Routing
from assistant.narrative import render
from assistant.routes.base import PlannerTurn, ask_for, tool_error
from assistant.routes.journeys import pasted_journeys
from assistant.turn import TurnResult
from model_engine.attribution import ModelName, detect_journeys
from tools.attribution import AttributeArgs
from tools.views.attribution import AttributionView
from tools.views.units import Units

_MODEL_WORDS: dict[ModelName, str] = {
    "first_touch": r"first[- ]touch|first[- ]click",
    "last_touch": r"last[- ]touch|last[- ]click",
    "linear": r"\blinear\b",
    "time_decay": r"time[- ]decay",
    "position_based": r"position[- ]based|u[- ]shaped|40/20/40",
    "markov": r"\bmarkov\b|data[- ]driven",
    "shapley": r"\bshapley\b",
}
_PREFERENCE = re.compile(
    r"\b(?:we|i)(?:'ll| will)?\s+(?:report|use|go with|prefer|choose|chose|pick|picked|"
    r"standardi[sz]e)\b|\bprefer(?:red)?\b|\breport(?:s|ing)? (?:on|with|in|by)\b"
    r"|\b(?:our|my) (?:reporting|chosen) model\b|\blet'?s (?:use|go with)\b",
    re.IGNORECASE,
)
_JOURNEY_EXAMPLES = (
    "a path table: path,conversions,nulls with rows like 'Facebook > Paid Search,300,2000'",
    "event rows: user_id,timestamp,channel (converted and value optional)",
    "an uploaded CSV, TSV or XLSX export from Google Analytics or your CRM",
)


def preferred_model(message: str) -> ModelName | None:
    """The attribution model the CMO says they report with ("we report on Markov"); none when
    the message names no single model or states no preference ("compare last-touch and
    Markov")."""
    if not _PREFERENCE.search(message):
        return None
    named = [m for m, words in _MODEL_WORDS.items() if re.search(words, message, re.IGNORECASE)]
    return named[0] if len(named) == 1 else None


def answer(turn: PlannerTurn, routing: Routing) -> TurnResult:
    del routing
    detections = {p: detect_journeys(p) for p in turn.files if p.is_file()}
    path = next((p for p, found in detections.items() if found.is_journeys), None)
    pasted = pasted_journeys(turn.message) if path is None else None
    if path is None and pasted is None and detections:
        reasons = "; ".join(f"{p.name}: {found.reason}" for p, found in detections.items())
        return ask_for(
            turn,
            f"I could not read the upload as customer journeys ({reasons}). Attribution needs "
            "them in one of these forms:",
            _JOURNEY_EXAMPLES,
        )
    if path is None and pasted is None and turn.context.inputs.journeys is None:
        return ask_for(
            turn,
            "Attribution needs customer journeys. Upload or paste them in one of these forms:",
            _JOURNEY_EXAMPLES,
        )
    args = AttributeArgs(
        path=None if path is None else str(path),
        text=pasted,
        preferred_model=preferred_model(turn.message),
    )
    record = turn._call("attribute_journeys", args)
    if not record.ok:
        return tool_error(turn, record)
    view = record.view
    assert isinstance(view, AttributionView)
    units = view.reconciliation.units if view.reconciliation is not None else Units()
    reply = render("attribution", result=view, intro=turn.intro, units=units)
    return turn.result("attribute", reply)
