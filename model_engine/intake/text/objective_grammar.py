"""What the plan should maximise, and the attitude to risk.

- volume: "maximize qualified pipeline", "most MQLs", "our goal is to grow leads";
- profit: a value per outcome ("each MQL is worth $500", "LTV of $12K", "average deal size
  $40K"), with or without the word profit;
- volume at a CAC ceiling: "CAC under $200", "keep cost per MQL below $150";
- spend for a volume: "hit 10,000 MQLs at the lowest cost";
- risk: "be conservative", "risk-averse", "play it safe" (conservative); "aggressive"
  (expected).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from model_engine.intake.text.tagging import TaggedClause
from model_engine.intake.text.vocabulary import COST_WORDS, OUTCOME_WORDS, Outcome, outcome_in

ObjectiveFinding = Literal[
    "volume", "profit", "value", "volume_at_cac", "spend_for_volume", "minimize_cost"
]

A = r"⟦A(?P<a>\d+)⟧"
_NOUN = rf"(?P<noun>{OUTCOME_WORDS})"
_MAXIMISE = (
    r"(?:maximi[sz](?:e|es|ing|ation\s+of)|maximum|max|the\s+most|most|get\s+the\s+most|"
    r"optimi[sz](?:e|ing)\s+(?:for|towards?))"
)
_GROW = r"(?:grow(?:ing)?|driv(?:e|ing)|increas(?:e|ing)|boost(?:ing)?|generat(?:e|ing)|more)"
_GOAL_WORDS = re.compile(
    r"\b(?:goal|objective|aim|want|need|priority|focus|optimi[sz]|target|trying|looking)\b", re.I
)
_CEILING = (
    r"(?:under|below|of\s+at\s+most|at\s+most|no\s+more\s+than|not\s+more\s+than|less\s+than|"
    r"<=|≤|<|max(?:imum)?(?:\s+of)?|target(?:\s+of)?|capped\s+at|ceiling\s+of|at\s+or\s+below)"
)

_ABOUT = r"(?:about\s+|around\s+|roughly\s+|approximately\s+|approx\.?\s+|~\s*|close\s+to\s+)?"
_TARGET_VERB = (
    r"(?:reach|reaching|hit|hitting|get\s+(?:us\s+)?to|getting\s+(?:us\s+)?to|deliver|"
    r"delivering|achieve|achieving|land|need|needs|require|requires|"
    r"(?:the\s+)?(?:number|figure|volume)\s+(?:we\s+(?:need|have)\s+)?to\s+(?:hit|land|reach|deliver)"
    r"(?:\s+is)?\s*:?|"
    r"(?:target|goal|aim|objective)(?:\s+(?:is|of|=))?\s*:?)"
)
_EARNING = (
    r"(?:(?:gross\s+|net\s+|contribution\s+)?margin|(?:gross\s+|net\s+)?profit|revenue|"
    r"contribution|value|earnings?|payoff|return)"
)
_EACH_PREP = r"(?:on|from|of|off|for|with)"
_EACH = r"(?:each|every|a|an|one|the\s+average|the\s+typical)"

_PATTERN_TEXTS: tuple[tuple[ObjectiveFinding, str], ...] = (
    (
        "value",
        rf"(?:each|every|one|an?|per|average|avg\.?)\s+{_NOUN}\s+(?:is\s+|are\s+)?(?:worth|"
        rf"valued\s+at|value\s+(?:of|is)|=)\s*(?:about\s+|around\s+|roughly\s+|~)?{A}",
    ),
    ("value", rf"{_NOUN}\s+(?:are|is)\s+worth\s+(?:about\s+|around\s+|~)?{A}(?:\s+each)?"),
    (
        "value",
        rf"(?:value|worth)\s+(?:per|of\s+(?:an?|each|one))\s+{_NOUN}\s*(?:is|of|=|:)?\s*{A}",
    ),
    (
        "value",
        rf"value\s+(?:each|every|one|an?|per)\s+{_NOUN}\s+at\s+(?:about\s+|around\s+|roughly\s+|~)?"
        rf"{A}",
    ),
    (
        "value",
        rf"(?P<customer>ltv|lifetime\s+value|customer\s+lifetime\s+value|clv|average\s+deal\s+"
        rf"(?:size|value)|avg\.?\s+deal\s+size|deal\s+size|acv)\s+(?:is|of|=|:|at|around|"
        rf"about|~)?\s*{A}",
    ),
    # What one outcome earns, said as margin, revenue or money made rather than worth: "margin
    # per lead is roughly $100", "each new customer brings in $500", "we make about $400 per
    # demo", "$2K of profit on every deal". Verbs of paying are costs, never values.
    (
        "value",
        rf"{_EARNING}\s+(?:per|{_EACH_PREP}\s+{_EACH})\s+(?:new\s+)?{_NOUN}\s+(?:is|of|=|:|comes\s+"
        rf"to|sits\s+at|runs\s+(?:at\s+)?|averages)?\s*{_ABOUT}{A}",
    ),
    (
        "value",
        rf"(?:each|every|one|an?|per|the\s+average|the\s+typical)\s+(?:new\s+|extra\s+|additional\s+|"
        rf"closed\s+)?{_NOUN}\s+(?:\w+\s+){{0,2}}?(?:brings?\s+in|generates?|earns?|nets?|makes?\s+us|"
        rf"yields?|returns?|contributes?|pays?\s+(?:us\s+)?back|adds?)\s+(?:us\s+)?(?:\w+\s+){{0,2}}?"
        rf"{_ABOUT}{A}",
    ),
    (
        "value",
        rf"(?:we|i)\s+(?:typically\s+|usually\s+|roughly\s+)?(?:make|earn|net|clear|bank|realise|realize|"
        rf"take\s+home|get\s+back)\s+{_ABOUT}{A}\s*(?:(?:of|in)\s+{_EARNING}\s+)?(?:per|a|an|"
        rf"{_EACH_PREP}\s+{_EACH})\s+(?:new\s+)?{_NOUN}",
    ),
    (
        "value",
        rf"{A}\s*(?:of\s+|in\s+)?{_EARNING}\s+(?:per|a|an|{_EACH_PREP}\s+{_EACH})\s+(?:new\s+)?"
        rf"{_NOUN}",
    ),
    (
        "volume_at_cac",
        rf"(?:{COST_WORDS}|cost\s+per\s+\w+)\s+(?:\w+\s+){{0,2}}?{_CEILING}\s*{A}",
    ),
    (
        "volume_at_cac",
        rf"(?:(?:at|with)\s+)?(?:a\s+)?(?:{COST_WORDS})\s+(?:of\s+)?{A}\s+or\s+(?:less|lower|"
        rf"below|better)",
    ),
    # A ceiling on what one outcome may cost: "we can afford up to $150 per MQL", "anything
    # above $300 per lead is too expensive", "$200 per SQL at most".
    (
        "volume_at_cac",
        rf"(?:afford|pay|spend)\s+(?:up\s+to|at\s+most|no\s+more\s+than|max(?:imum)?)\s+{A}\s*"
        rf"(?:per|a|an|each|/)\s*{_NOUN}",
    ),
    (
        "volume_at_cac",
        rf"(?:under|below|up\s+to|at\s+most|less\s+than|within)\s+{A}\s*(?:per|a|an|each|/)\s*"
        rf"{_NOUN}\s+(?:is|are)\s+(?:affordable|fine|ok|okay|acceptable|good|worth\s+it)",
    ),
    # "Max we'd pay for each demo is $400", "the most we can spend per lead is $90".
    (
        "volume_at_cac",
        rf"(?:max(?:imum)?|the\s+most)\s+(?:we'?d|we\s+would|we\s+can|we\s+will|we'?ll|we\s+want\s+to)"
        rf"\s+(?:ever\s+)?(?:pay|spend|afford)\s+(?:for|per|on)\s+(?:each|every|a|an|one)?\s*{_NOUN}"
        rf"\s+is\s+{_ABOUT}{A}",
    ),
    (
        "volume_at_cac",
        rf"(?:above|over|more\s+than|beyond)\s+{A}\s*(?:per|a|an|each|/)\s*{_NOUN}\s+"
        rf"(?:is|are)\s+(?:too\s+(?:expensive|much|high|costly)|not\s+worth\s+it|a\s+no[- ]go)",
    ),
    (
        "volume_at_cac",
        rf"{A}\s*(?:per|a|an|each|/)\s*{_NOUN}\s+(?:at\s+most|max(?:imum)?|or\s+less|is\s+our\s+"
        rf"(?:limit|ceiling|max(?:imum)?|cap))",
    ),
    (
        "volume_at_cac",
        rf"(?:(?:{COST_WORDS})\s+(?:target|goal|ceiling|limit|cap)|(?:target|goal|max(?:imum)?)"
        rf"\s+(?:{COST_WORDS}))\s+(?:is|of|=|:|at|under|below)?\s*{A}",
    ),
    (
        "spend_for_volume",
        rf"(?:reach|hit|get\s+to|get|deliver|generate|achieve|need)\s+(?:at\s+least\s+)?{A}\s*"
        rf"{_NOUN}\s+(?:\w+\s+){{0,3}}?(?:(?:at\s+the\s+)?(?:lowest|least|minimum|cheapest)"
        rf"\s+(?:possible\s+)?(?:cost|spend|budget)|for\s+(?:the\s+)?(?:least|less)\s+"
        rf"(?:money|spend))",
    ),
    (
        "spend_for_volume",
        rf"(?:least|minimum|lowest|cheapest)\s+(?:spend|budget|cost)\s+(?:needed\s+|required\s+)?"
        rf"to\s+(?:reach|hit|get|deliver|generate)\s+{A}\s*{_NOUN}",
    ),
    # A volume to reach, said with a verb of reaching or needing, or as the target itself:
    # "we need 3,000 MQLs", "hit 500 SQLs", "get us to 600 customers", "target is 5k
    # opportunities". The engine's objective for it is the least spend that reaches it
    # (whether the message adds "as cheaply as possible" or not).
    (
        "spend_for_volume",
        rf"{_TARGET_VERB}\s+(?:at\s+least\s+|a\s+minimum\s+of\s+|{_ABOUT})?{A}\s*"
        rf"(?:(?:new|more|extra|additional|total|qualified|inbound)\s+)?{_NOUN}",
    ),
    (
        "profit",
        r"(?:maximi[sz](?:e|ing)|optimi[sz](?:e|ing)\s+for|most)\s+(?:\w+\s+)?(?:profit|margin|roi)",
    ),
    (
        "minimize_cost",
        rf"(?:minimi[sz](?:e|ing)|lowest|lower|reduc(?:e|ing)|cut(?:ting)?)\s+(?:our\s+|the\s+)?"
        rf"(?:blended\s+)?(?:{COST_WORDS}|cost\s+per\s+\w+)",
    ),
    ("volume", rf"{_MAXIMISE}\s+(?:\w+\s+){{0,2}}?{_NOUN}"),
    (
        "volume",
        rf"(?:squeeze|wring|extract|pull|get)\s+(?:out\s+)?every\s+(?:last\s+)?(?:bit|drop|ounce)\s+"
        rf"of\s+{_NOUN}",
    ),
    ("volume", rf"as\s+(?:many|much)\s+(?:\w+\s+)?{_NOUN}\s+as\s+(?:possible|we\s+can)"),
)
_PATTERNS: tuple[tuple[ObjectiveFinding, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(p, re.IGNORECASE)) for kind, p in _PATTERN_TEXTS
)
_GOAL_VOLUME = re.compile(rf"{_GROW}\s+(?:our\s+|the\s+)?(?:\w+\s+)?{_NOUN}", re.IGNORECASE)
_CONSERVATIVE = re.compile(
    r"\b(?:conservative|risk[- ]averse|low[- ]risk|play(?:ing)?\s+it\s+safe|cautious|downside|"
    r"worst[- ]case)\b",
    re.IGNORECASE,
)
_AGGRESSIVE = re.compile(r"\b(?:aggressive|risk[- ]tolerant|upside|bold)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ObjectiveMatch:
    kind: ObjectiveFinding
    outcome: Outcome | None
    amount: int | None
    phrase: str
    start: int
    end: int


def find_objectives(clause: TaggedClause) -> tuple[ObjectiveMatch, ...]:
    found: list[ObjectiveMatch] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(clause.text):
            if any(match.start() < f.end and f.start < match.end() for f in found):
                continue
            if kind in ("volume_at_cac", "spend_for_volume") and _about_one_channel(
                clause.text, match
            ):
                continue  # a CAC or a target for one channel is not the plan's objective
            found.append(_objective(kind, match, clause))
    if not found and _GOAL_WORDS.search(clause.text):
        goal = _GOAL_VOLUME.search(clause.text)
        if goal is not None:
            found.append(_objective("volume", goal, clause))
    return tuple(found)


def _about_one_channel(text: str, match: re.Match[str]) -> bool:
    """ "search CAC under $200", "CAC for search": a channel inside the phrase or just before."""
    return "⟦C" in match.group(0) or "⟦C" in text[max(0, match.start() - 12) : match.start()]


def find_risk(clause: TaggedClause) -> Literal["expected", "conservative"] | None:
    if _CONSERVATIVE.search(clause.text):
        return "conservative"
    if _AGGRESSIVE.search(clause.text):
        return "expected"
    return None


def _objective(
    kind: ObjectiveFinding, match: re.Match[str], clause: TaggedClause
) -> ObjectiveMatch:
    groups = match.groupdict()
    outcome = outcome_in(groups["noun"]) if groups.get("noun") else None
    if groups.get("customer"):
        outcome = Outcome("customers", "count")
    amount = int(groups["a"]) if groups.get("a") else None
    return ObjectiveMatch(kind, outcome, amount, clause.phrase(*match.span()), *match.span())
