"""What a message asks for, beyond its numbers: the cues the planner routes on.

Read once, with the rest of the message, into :class:`MessageCues`: whether the CMO wants to
start over, lift the change limit, relax a constraint, undo, adopt a what-if ("use this one"),
remove or rename a channel, insist on an unreliable model, and what kind of question it is
(a what-if, a "why", sensitivity, methodology, an allocation). Same text, same cues: no model,
no randomness.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

Direction = Literal["increase", "decrease"]


class Ask(StrEnum):
    """The kinds of request a message can make (several at once)."""

    HELP = "help"
    SENSITIVITY = "sensitivity"
    WHAT_IF = "what_if"
    WHY = "why"
    QUESTION = "question"  # "what is…", "how does…": a methodology question if about a term
    METHOD_TERM = "method_term"  # names a methodology term (adstock, MAPE, ROI…)
    ALLOCATE = "allocate"
    CONSERVATIVE = "conservative"
    RELAX = "relax"


_HELP = re.compile(
    r"^\s*(help|hi|hello|hey|start|what can you do|how does this work|who are you)\b[\s?!.]*$",
    re.I,
)
_START_OVER = re.compile(
    r"\b(start over|start again|reset|new data ?set|clear (the|my) data)\b", re.I
)
_LIFT_LIMIT = re.compile(
    r"\b(no limit|without (a |any )?limit|lift|remove|drop)\b[^.?!]*\b(limit|guardrail|cap)s?\b"
    r"[^.?!]*\bchang\w*|\bno (change )?limit on changes\b",
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
_WHAT_IF = re.compile(
    r"\b(what if|what happens if|scenarios?|compare|relax\w*|drop the|without (the|our)|"
    r"conservative|safer plan|risk[- ]averse|more aggressive)\b",
    re.I,
)
_WHY = re.compile(r"\b(why|explain (the|this|our|my) (plan|allocation|recommendation|cut))\b", re.I)
_DECREASE = re.compile(r"\b(cut\w*|decreas\w*|reduc\w*|less|shrink\w*|drop\w*)\b", re.I)
_INCREASE = re.compile(r"\b(increas\w*|rais\w*|boost\w*|more|grow\w*)\b", re.I)
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
_CONSERVATIVE = re.compile(r"\b(conservative|safer|risk[- ]averse)\b", re.I)
_RELAX = re.compile(r"\b(relax\w*|drop|without|remove|lift)\b", re.I)
_UNDO = re.compile(
    r"^\s*(?:please\s+)?(?:undo|revert|go back|take (?:that|it) back)\b"
    r"(?:\s+(?:the\s+)?(?:last\s+)?(?P<n>\d+|two|three|four|five|twice|thrice)?"
    r"\s*(?:changes?|steps?|times?)?)?",
    re.I,
)
_ADOPT = re.compile(
    r"^\s*(?:ok(?:ay)?[,.!]?\s+|yes[,.!]?\s+|great[,.!]?\s+)?(?:let'?s\s+|please\s+)?"
    r"(?:use|adopt|go with|take|pick|choose|switch to|make)\s+"
    r"(?P<what>(?:this|that|it)(?:\s+(?:one|plan|scenario))?|the\s+[\w\s%+−-]+?(?:\s+one|"
    r"\s+plan|\s+scenario)|(?:scenario|plan|option)\s+[A-H]\b|[A-H]\b)"
    r"(?:\s+(?:the|our)\s+(?:current\s+)?plan|\s+instead)?\s*[.!]*\s*$",
    re.I,
)
_REMOVE = re.compile(
    r"\b(?:remove|delete|drop|get rid of|take out)\s+(?:the\s+)?(?P<what>[\w\s&/-]+?)"
    r"(?:\s+channel)?\s*(?:from the (?:data|plan|mix))?\s*[.!?]*\s*$",
    re.I,
)
_RENAME = re.compile(r"\b(?:call|rename)\s+(?P<rest>.+?)\s*[.!?]*\s*$", re.I)
_NUMBER_WORDS = {"two": 2, "twice": 2, "three": 3, "thrice": 3, "four": 4, "five": 5}
_ADOPT_THIS = re.compile(r"^(this|that|it)\b", re.I)


@dataclass(frozen=True)
class MessageCues:
    """The cues of one message (see the module docstring).

    ``adopt`` is ``""`` for "use this one", else the scenario's label or words ("B", "the
    conservative one"); ``remove`` holds the words naming a channel to drop; ``rename`` is
    (old name, new name) with the old one matched to a known channel when the message left
    the split open ("call tv_S TV").
    """

    asks: frozenset[Ask] = frozenset()
    start_over: bool = False
    lift_change_limit: bool = False
    insist: bool = False
    undo_steps: int = 0
    adopt: str | None = None
    remove: str | None = None
    rename: tuple[str, str] | None = None
    direction: Direction | None = None  # "why are we cutting…": the move asked about

    def has(self, ask: Ask) -> bool:
        return ask in self.asks


def read_cues(text: str, channel_names: Sequence[str] = ()) -> MessageCues:
    """The cues in ``text``; ``channel_names`` (the conversation's channels) settle where a
    rename's old name ends."""
    asks = {
        ask
        for ask, pattern in (
            (Ask.HELP, _HELP),
            (Ask.SENSITIVITY, _SENSITIVITY),
            (Ask.WHAT_IF, _WHAT_IF),
            (Ask.WHY, _WHY),
            (Ask.QUESTION, _QUESTION),
            (Ask.METHOD_TERM, _METHOD_TERMS),
            (Ask.ALLOCATE, _ALLOCATE),
            (Ask.CONSERVATIVE, _CONSERVATIVE),
            (Ask.RELAX, _RELAX),
        )
        if pattern.search(text)
    }
    if not text.strip():
        asks.add(Ask.HELP)
    lift = bool(_LIFT_LIMIT.search(text))
    return MessageCues(
        asks=frozenset(asks),
        start_over=bool(_START_OVER.search(text)),
        lift_change_limit=lift,
        insist=bool(_INSIST.search(text)),
        undo_steps=_undo_steps(text),
        adopt=_adopt(text),
        remove=None if lift else _removed(text),
        rename=_rename(text, channel_names),
        direction=_direction(text),
    )


def _undo_steps(text: str) -> int:
    match = _UNDO.match(text)
    if match is None:
        return 0
    count = match["n"]
    if count is None:
        return 1
    return int(count) if count.isdigit() else _NUMBER_WORDS[count.casefold()]


def _adopt(text: str) -> str | None:
    match = _ADOPT.match(text)
    if match is None:
        return None
    what = match["what"].strip()
    if _ADOPT_THIS.match(what):
        return ""
    what = re.sub(r"^(the|scenario|plan|option)\s+", "", what, flags=re.I)
    return re.sub(r"\s+(one|plan|scenario)$", "", what, flags=re.I).strip()


def _removed(text: str) -> str | None:
    match = _REMOVE.search(text)
    if match is None:
        return None
    what = match["what"].strip()
    if re.search(r"\b(limit|guardrail|cap|floor|minimum|maximum|constraint)s?\b", what, re.I):
        return None  # "drop the brand floor" relaxes a constraint
    return what or None


def _rename(text: str, channel_names: Sequence[str]) -> tuple[str, str] | None:
    match = _RENAME.search(text)
    if match is None:
        return None
    rest = match["rest"].strip().strip("\"'")
    explicit = re.match(r"(?P<old>.+?)\s+(?:to|as)\s+[\"']?(?P<new>.+?)[\"']?$", rest, re.I)
    if explicit:
        return explicit["old"].strip().strip("\"'"), explicit["new"].strip()
    folded = rest.casefold()
    for name in sorted(channel_names, key=len, reverse=True):
        if folded.startswith(name.casefold() + " "):
            new = rest[len(name) :].strip().strip("\"'")
            return (name, new) if new else None
    words = rest.split()
    if len(words) == 2:
        return words[0], words[1]
    return None


def _direction(text: str) -> Direction | None:
    if _DECREASE.search(text):
        return "decrease"
    if _INCREASE.search(text):
        return "increase"
    return None
