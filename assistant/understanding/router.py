"""Semantic intent routing: what the CMO wants done, from what the parse found and the nearest
example utterances.

1. A few rules decide what is unambiguous: a file comes with the message (fit, or attribution
   when the message calls it journeys); the message
   gives channel figures (allocate on a first message, a data edit when the session already
   has data); it asks about a budget change (scenario); it is empty (clarify).
2. Otherwise the message is embedded with the shipped MiniLM model and compared with the example
   utterances of every intent (``examples.toml``): an intent's score is the mean cosine
   similarity of its three nearest examples, nudged by what the parse found (a rule or a
   budget in the message points to a plan, "what if" to a scenario). The best intent wins
   when it leads the next by :data:`MARGIN`; below it the decision carries the two or three
   likeliest intents as options to offer, and no intent.

The router is deterministic (the encoder is), loads the model on first use, and embeds its
examples once per process.
"""

from __future__ import annotations

import re
import tomllib
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field

from model_engine.intake import ParsedMessage

EXAMPLES = Path(__file__).with_name("examples.toml")
MARGIN = 0.02  # cosine-similarity lead the best intent needs over the next to decide alone
NEAREST = 3  # examples averaged per intent
# Below this score the nearest examples are only loosely alike ("And events?" shares one word
# with "How much of the revenue came from events?"), so the lead must be wider to decide.
CONFIDENT_SCORE = 0.4
LOOSE_MARGIN = 0.05
OPTIONS = 3  # likeliest intents offered below the margin
PLAN_INPUT_NUDGE = 0.08  # a rule, budget or objective in the message points to a plan


class Intent(StrEnum):
    ALLOCATE = "allocate"
    SCENARIO = "scenario"
    EXPLAIN = "explain"
    SENSITIVITY = "sensitivity"
    METHODOLOGY = "methodology"
    DATA_EDIT = "data_edit"
    UNDO = "undo"
    ABANDON_RULES = "abandon_rules"
    FIT = "fit"
    EXPERIMENT = "experiment"
    ATTRIBUTE = "attribute"
    FORECAST = "forecast"
    CALIBRATE = "calibrate"
    SAVED_PLANS = "saved_plans"  # list, open, compare, adopt or delete a saved plan; track it
    CLARIFY = "clarify"


class Encoder(Protocol):
    """Texts -> unit-length rows (``knowledge.MiniLMEncoder``)."""

    def encode(self, texts: list[str]) -> npt.NDArray[np.float32]: ...


class IntentScore(BaseModel):
    model_config = ConfigDict(frozen=True)

    intent: Intent
    score: float = Field(description="mean cosine similarity of the nearest examples, nudged")
    nearest: str = Field(description="the closest example utterance of this intent")


class RouteDecision(BaseModel):
    """What the message asks for: ``intent`` when one is clear, else ``None`` with the
    likeliest ``options`` to offer as buttons. ``rule`` names the rule that decided, if any."""

    model_config = ConfigDict(frozen=True)

    intent: Intent | None
    options: tuple[IntentScore, ...]
    margin: float
    rule: str | None = None

    @property
    def confident(self) -> bool:
        return self.intent is not None


class RoutingContext(BaseModel):
    model_config = ConfigDict(frozen=True)

    has_data: bool = False  # the session holds channel figures or a history
    has_files: bool = False  # a file came with this message


_EMPTY = re.compile(r"^[\s\W]*$")
# The unambiguous, by their words: asking to drop the rules or to put everything in one
# channel; undo; removing or renaming a channel; planning on a model the user accepts; seeing
# the plan again.
_ABANDON = re.compile(
    r"\b(?:ignore|disregard|forget|drop|remove|scrap|override)\s+(?:all\s+|the\s+|every\s+|"
    r"any\s+|my\s+|your\s+|previous\s+|prior\s+)*(?:rules?|constraints?|limits?|floors?|caps?|"
    r"instructions?|guardrails?)\b|\b(?:everything|all\s+(?:of\s+)?(?:the\s+)?(?:money|budget|spend)|"
    r"the\s+(?:whole|entire|full)\s+budget|100\s*%|every\s+dollar)\s+(?:in|into|on|to|at)\s+\w"
    r"|\b(?:go|going|went)\s+all[- ]in\s+on\s+\w",
    re.IGNORECASE,
)
_UNDO = re.compile(
    r"^\W*(?:undo|revert|scratch\s+that|take\s+that\s+back|go\s+back|roll\s*back)\b", re.I
)
_REMOVE_OR_RENAME = re.compile(
    r"^\W*(?:please\s+)?(?:(?:remove|delete)\s+(?:the\s+)?[\w -]+?(?:\s+channel)?(?:\s+from\s+"
    r"the\s+data(?:set)?)?|rename\s+[\w -]+?\s+(?:to|as)\s+[\w -]+|call\s+[\w -]+?\s+[\w -]+?"
    r"\s+instead)\W*$",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"\?|^\W*(?:what|how|why|which|who|when|where|if|suppose|would|could|should|is|are|do|does|"
    r"can)\b",
    re.IGNORECASE,
)
_WHAT_IF = re.compile(r"\b(?:what\s+if|what\s+happens|suppose|scenario|imagine)\b", re.I)
_OUT_OF_THE_DATA = re.compile(
    r"\b(?:remove|delete|drop|take)\b.*\b(?:from|out\s+of)\s+the\s+(?:data|dataset|numbers|table)\b",
    re.IGNORECASE,
)
# A saved plan named as one: "the plan we saved", "our adopted plan", "the Q1 draft".
_SAVED_PLAN = re.compile(
    r"\b(?:saved|adopted|stored|archived)\s+(?:\w+\s+){0,2}?plans?\b"
    r"|\bplans?\s+(?:(?:that\s+)?(?:we|i|you)\s+)?(?:saved|adopted|stored)\b"
    r"|\b(?:q[1-4]|h[12]|fy\d{0,4})\s+draft\b|\bdraft\s+plans?\b"
    # tracking against it: "actual spend versus the plan", "over or under plan"
    r"|\bactuals?\b(?:\s+\w+){0,3}?\s+(?:to|against|versus|vs\.?|with)\s+(?:the\s+|our\s+)?plan\b"
    r"|\b(?:over|under|ahead\s+of|behind)\s+(?:or\s+(?:over|under|behind)\s+)?(?:the\s+)?plan\b",
    re.IGNORECASE,
)

# The whole message asks to see the plan in force: "show me the plan", "back to the plan".
_SHOW_PLAN = re.compile(
    r"^\W*(?:(?:ok|okay|so|now|please)\W+)*(?:(?:show|see|display|give)\s+(?:me\s+|us\s+)?|"
    r"(?:go\s+)?back\s+to\s+)(?:the|our|my)\s+(?:current\s+|latest\s+|actual\s+)?plan"
    r"(?:\s+again)?(?:\W+please)?\W*$",
    re.IGNORECASE,
)
_INSIST = re.compile(r"\b(?:use\s+it\s+anyway|plan\s+anyway|go\s+ahead\s+anyway)\b", re.I)
# An upload the message calls customer journeys goes to attribution, not to a history fit.
# Bare "credit" or "attribution" are not enough: "attribution says search is our best channel"
# comes with weekly histories too.
JOURNEY_WORDS = re.compile(
    r"\bjourneys?\b|\b(?:conversion|customer|purchase|user)\s+paths?\b|\bpath\s+(?:data|table)"
    r"|\btouch\s*points?\b|\bmulti[- ]touch\b"
    r"|\bfirst[- ]touch\b|\blast[- ]touch\b|\bposition[- ]based\b|\btime[- ]decay\b"
    r"|\bmarkov\b|\bshapley\b|\bclickstream\b",
    re.IGNORECASE,
)
# A what-if about the inputs being wrong is a sensitivity question ("what if our CAC numbers
# are off by 20%?", "suppose the search figures are overstated").
_INPUTS_IN_DOUBT = re.compile(
    r"\b(?:numbers?|figures?|data|inputs?|estimates?|assumptions?|cac|cpl|roi|curves?)\s+"
    r"(?:\w+\s+){0,2}?(?:(?:are|is|were|was)\s+(?:\w+\s+)?)?(?:off|wrong|overstated|understated|"
    r"inflated|optimistic|pessimistic|inaccurate|unreliable|noisy|biased)\b",
    re.IGNORECASE,
)


class IntentRouter:
    """Routes messages; configure with an encoder and the example file, then :meth:`route`."""

    def __init__(self, encoder: Encoder, examples: Path = EXAMPLES, margin: float = MARGIN) -> None:
        if margin < 0:
            raise ValueError(f"the margin must be zero or more ({margin:g})")
        self.encoder = encoder
        self.examples = examples
        self.margin = margin

    @cached_property
    def _bank(self) -> tuple[tuple[Intent, ...], tuple[str, ...], npt.NDArray[np.float32]]:
        table = tomllib.loads(self.examples.read_text(encoding="utf-8"))
        unknown = sorted(set(table) - {i.value for i in Intent})
        if unknown:
            raise ValueError(f"{self.examples}: unknown intents {', '.join(unknown)}")
        intents: list[Intent] = []
        texts: list[str] = []
        for name, section in table.items():
            for text in section["examples"]:
                intents.append(Intent(name))
                texts.append(text)
        return tuple(intents), tuple(texts), self.encoder.encode(texts)

    def route(self, text: str, parsed: ParsedMessage, context: RoutingContext) -> RouteDecision:
        decided = _by_rule(text, parsed, context)
        if decided is not None:
            intent, rule = decided
            return RouteDecision(
                intent=intent, options=(IntentScore(intent=intent, score=1.0, nearest=""),),
                margin=1.0, rule=rule,
            )  # fmt: skip
        scores = self.scores(text, parsed)
        best, second = scores[0], scores[1]
        margin = best.score - second.score
        needed = self.margin if best.score >= CONFIDENT_SCORE else max(self.margin, LOOSE_MARGIN)
        if margin >= needed:
            return RouteDecision(intent=best.intent, options=(best,), margin=margin)
        return RouteDecision(intent=None, options=tuple(scores[:OPTIONS]), margin=margin)

    def scores(self, text: str, parsed: ParsedMessage) -> list[IntentScore]:
        """Every intent's score for ``text``, best first."""
        intents, texts, vectors = self._bank
        query = self.encoder.encode([text])[0]
        similarity = vectors @ query
        results: list[IntentScore] = []
        for intent in Intent:
            rows = [i for i, owner in enumerate(intents) if owner is intent]
            if not rows:
                continue
            ranked = sorted(rows, key=lambda i: -float(similarity[i]))
            score = float(np.mean([similarity[i] for i in ranked[:NEAREST]]))
            score += _nudge(intent, text, parsed)
            results.append(IntentScore(intent=intent, score=score, nearest=texts[ranked[0]]))
        return sorted(results, key=lambda s: -s.score)


def _by_rule(
    text: str, parsed: ParsedMessage, context: RoutingContext
) -> tuple[Intent, str] | None:
    if context.has_files and JOURNEY_WORDS.search(text):
        return Intent.ATTRIBUTE, "a file the message calls customer journeys came with it"
    if context.has_files:
        return Intent.FIT, "a file came with the message"
    if _EMPTY.match(text):
        return Intent.CLARIFY, "the message is empty"
    if parsed.snapshot is not None:
        if context.has_data:
            return Intent.DATA_EDIT, "the message gives channel figures for a session with data"
        return Intent.ALLOCATE, "the message gives channel figures"
    if parsed.budget_changes:
        return Intent.SCENARIO, "the message asks about a budget change"
    if parsed.channel_changes:
        return Intent.SCENARIO, "the message asks about a change to a channel"
    if mentions_saved_plan(text):  # "delete the plan we saved" edits no data
        return Intent.SAVED_PLANS, "the message is about a saved plan"
    if _ABANDON.search(text):
        return Intent.ABANDON_RULES, "the message asks to drop the rules or go all in"
    if _UNDO.search(text):
        return Intent.UNDO, "the message asks to undo"
    if context.has_data and (_REMOVE_OR_RENAME.search(text) or _OUT_OF_THE_DATA.search(text)):
        return Intent.DATA_EDIT, "the message removes or renames a channel"
    if _SHOW_PLAN.match(text):
        return Intent.ALLOCATE, "the message asks to see the current plan"
    if _INSIST.search(text):
        return Intent.ALLOCATE, "the message accepts the model and asks for the plan"
    if parsed.constraints and parsed.ready_to_plan and not _QUESTION.search(text):
        return Intent.ALLOCATE, "the message states rules for the plan"
    return None


def asks_to_abandon_rules(text: str) -> bool:
    """Whether the message asks to drop the rules or put everything in one channel."""
    return _ABANDON.search(text) is not None


def mentions_saved_plan(text: str) -> bool:
    """Whether the message names a saved plan as one ("the plan we saved", "the Q1 draft")."""
    return _SAVED_PLAN.search(text) is not None


def _nudge(intent: Intent, text: str, parsed: ParsedMessage) -> float:
    """What the parse and the what-if words add: a rule, budget or objective points to a
    plan, unless the message asks what would happen ("run a scenario where the budget is")."""
    what_if = bool(_WHAT_IF.search(text))
    plan_inputs = bool(
        parsed.constraints or parsed.budget is not None or parsed.objective or parsed.curve_hints
    )
    if intent is Intent.SENSITIVITY and what_if and _INPUTS_IN_DOUBT.search(text):
        return PLAN_INPUT_NUDGE
    if intent is Intent.SCENARIO and what_if and not _INPUTS_IN_DOUBT.search(text):
        return PLAN_INPUT_NUDGE
    if intent is Intent.ALLOCATE and plan_inputs and not what_if:
        return PLAN_INPUT_NUDGE
    return 0.0
