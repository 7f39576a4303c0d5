"""Deterministic intent routing for the offline planner.

The message is read once by intake (numbers, constraints, budget changes); the router then
decides what the CMO is asking from that reading, a few phrase patterns and what the
conversation already holds. Same input, same route: no model, no randomness.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from model_engine.intake import ParsedMessage
from tools.workspace import Workspace

Route = Literal[
    "fit",
    "allocate",
    "scenario",
    "explain",
    "sensitivity",
    "methodology",
    "help",
    "clarify",
]

_HELP = re.compile(
    r"^\s*(help|hi|hello|hey|start|what can you do|how does this work|who are you)\b[\s?!.]*$",
    re.I,
)
_INSIST = re.compile(
    r"\b(use it anyway|plan anyway|use (the|this) model anyway|i insist|go ahead anyway)\b", re.I
)
_SENSITIVITY = re.compile(
    r"\b(sensitiv\w*|how (sure|confident|certain|robust|reliable)|tornado|"
    r"which assumptions?|what assumptions? (matter|drive|move))",
    re.I,
)
_SCENARIO = re.compile(
    r"\b(what if|what happens if|scenarios?|compare|relax\w*|drop the|without (the|our)|"
    r"conservative|safer plan|risk[- ]averse|more aggressive)\b",
    re.I,
)
_WHY = re.compile(r"\b(why|explain (the|this|our|my) (plan|allocation|recommendation|cut))\b", re.I)
_MOVE_WORDS = re.compile(
    r"\b(cut\w*|increas\w*|decreas\w*|reduc\w*|rais\w*|boost\w*|grow\w*|shrink\w*|"
    r"more|less|drop\w*)\b",
    re.I,
)
_QUESTION = re.compile(
    r"^\s*(what('s| is| are| does| do)|how (do|does|is|are|should|can)|define|explain|"
    r"tell me about|meaning of|difference between|why (do|does|is|are|should))\b",
    re.I,
)
_METHOD_TERMS = re.compile(
    r"\b(adstock|carry[- ]?over|saturat\w*|diminishing|half[- ]saturation|hill|marginal|"
    r"roi|mroi|roas|cac|cpl|mql|sql|pipeline|attribution|mmm|mix model\w*|marketing mix|"
    r"validat\w*|mape|holdout|back-?test|lift tests?|incrementality|halo|interaction\w*|"
    r"synerg\w*|shadow price|sensitivity analysis|monitor\w*|priors?|elasticity|"
    r"multi-touch|first-touch|last-touch|time-decay|bayesian|baseline|seasonality)\b",
    re.I,
)
_ALLOCATE = re.compile(
    r"\b(allocat\w*|optimi[sz]\w*|plan|budget|split|recommend\w*|distribut\w*|invest\w*|"
    r"rebalanc\w*|where should)\b",
    re.I,
)


@dataclass(frozen=True)
class Routing:
    route: Route
    channels: tuple[str, ...] = ()  # channels the message names (for "why are we cutting X?")
    insist: bool = False


def route_message(
    text: str, parsed: ParsedMessage, workspace: Workspace, *, has_files: bool
) -> Routing:
    """Decide what the message asks for; earlier rules win."""
    mentioned = _mentioned_channels(text, workspace)
    insist = bool(_INSIST.search(text))
    if has_files:
        return Routing("fit", insist=insist)
    if parsed.snapshot is not None:
        return Routing("allocate", insist=insist)
    if insist:
        return Routing("allocate", insist=True)
    if _HELP.search(text) or not text.strip():
        return Routing("help")
    if _SENSITIVITY.search(text):
        return Routing("sensitivity")
    if parsed.budget_changes or (_SCENARIO.search(text) and workspace.has_data):
        return Routing("scenario")
    if _WHY.search(text) and (mentioned or _MOVE_WORDS.search(text)) and workspace.has_data:
        return Routing("explain", channels=mentioned)
    if _QUESTION.search(text) and _METHOD_TERMS.search(text) and not mentioned:
        return Routing("methodology")
    has_plan_inputs = (
        parsed.budget is not None or parsed.constraints or parsed.objective or parsed.curve_hints
    )
    if has_plan_inputs or _ALLOCATE.search(text):
        return Routing("allocate")
    if _METHOD_TERMS.search(text) or _QUESTION.search(text):
        return Routing("methodology")
    return Routing("clarify")


def _mentioned_channels(text: str, workspace: Workspace) -> tuple[str, ...]:
    names: list[str] = []
    if workspace.snapshot is not None:
        channels = [(c.name, c.channel_type.value) for c in workspace.snapshot.channels]
    elif workspace.history is not None:
        history = workspace.history.history
        channels = [(n, history.channel_type(n).value) for n in history.channels]
    else:
        return ()
    lowered = text.casefold()
    for name, kind in channels:
        words = {name.casefold(), kind, *name.casefold().replace("_", " ").split()}
        generic = {"paid", "media", "marketing", "spend", "other", "channel"}
        if any(re.search(rf"\b{re.escape(w)}", lowered) for w in words - generic if len(w) > 1):
            names.append(name)
    return tuple(names)
