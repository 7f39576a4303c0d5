"""Channel names where a layout puts a name: the words before a label separator or before
a channel's first figure ("Print ads: spend $430K", "partner webinars / $610K / 150",
"lifecycle email $1.07M, paid LinkedIn $210K").

Words in such a slot are the user's name for a channel when they contain a channel word and
every one of them can be part of a name (no verb, function word, period, outcome or rule
word). The name then holds everywhere in the message, so prose later in it ("keep print ads
as is") names the same channel, not its type word. One pass over the lines: linear time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from model_engine.intake.channel_names import find_channel_mentions
from model_engine.intake.text.vocabulary import OUTCOME_WORDS

# A slot ends at one of these (a label separator) or at an amount.
_SEPARATOR = re.compile(r"\s*(?::|\||\t|=|→|->|=>|\(|\s/\s|\s[—–-]\s)")
# A slot starts at the start of a line (after a bullet) or after one of these.
_SLOT_START = re.compile(r"(?:^\s*(?:[-•*]|\d+[.)])?\s*|[,;:|\t(]\s*|\s(?:and|then)\s+)", re.I)
_WORDS = re.compile(r"[A-Za-z][\w&.-]*(?:[ ][A-Za-z][\w&.-]*){1,3}(?![\w'])")
# What follows a name's slot in a layout of figures: an amount, maybe after a spend label.
_FIGURE_AHEAD = re.compile(
    r"\s*(?:(?:spend|spent|spending|cost|costs|invested|investment)\s*[:=]?\s*)?"
    r"(?:[$€£]|(?:usd|eur|gbp)\s*\d|\d|a\s+(?:million|quarter|half)|half\s+a)",
    re.I,
)
# After the channel word a past-tense form is the sentence's verb ("delivered", "returned");
# before it, the same form is part of a name ("branded search", "sponsored posts").
_PAST_TENSE = re.compile(r"^[a-z]{3,}ed$", re.IGNORECASE)
_OUTCOME = re.compile(rf"^(?:{OUTCOME_WORDS})$", re.IGNORECASE)
_NOT_IN_A_NAME = re.compile(
    r"^(?:a|an|the|our|my|your|their|its|this|that|these|those|we|i|you|they|"
    r"it|some|any|each|every|all|both|either|neither|no|nor|not|only|just|also|more|less|most|"
    r"least|other|another|extra|total|totals|overall|on|in|into|to|for|from|of|at|by|with|via|"
    r"across|between|among|per|than|as|about|and|or|but|so|because|since|while|if|then|is|are|"
    r"was|were|be|been|has|have|had|do|does|did|can|could|should|would|will|must|may|might|let|"
    r"keep|leave|lock|cap|capped|limit|hold|fix|fixed|set|put|spend|spent|spending|sepnd|invest|"
    r"invested|investment|cost|costs|budget|ran|got|get|drove|brought|took|ate|made|gave|went|came|"
    r"paid|returned|need|needs|require|requires|gets|takes|cut|drop|move|touch|"
    r"count|treat|consider|kill|pause|freeze|boost|reduce|increase|decrease|shift|raise|lower|"
    r"hard|soft|minimum|maximum|min|max|floor|ceiling|ok|okay|fyi|hey|hi|hello|thanks|"
    r"last|next|past|previous|coming|upcoming|this|week|weeks|month|months|quarter|quarters|year|"
    r"years|q[1-4]|h[1-2]|fy\d*|usd|eur|gbp|dollars|euros|pounds|roughly|about|around|approx|"
    r"channel|channels|actuals|recap|data|results|numbers|goal|note|notes)$",
    re.IGNORECASE,
)


def names_at_label_positions(lines: Iterable[str]) -> list[str]:
    """The multi-word channel names the message's layout states, as written."""
    names: list[str] = []
    for line in lines:
        for start in _SLOT_START.finditer(line):
            name = _slot_name(line, start.end())
            if name is not None:
                names.append(name)
    return list(dict.fromkeys(names))


def _slot_name(line: str, position: int) -> str | None:
    words = _WORDS.match(line, position)
    if words is None:
        return None
    rest = line[words.end() :]
    separator = _SEPARATOR.match(rest)
    after = rest[separator.end() :] if separator else rest
    if not _FIGURE_AHEAD.match(after):
        return None  # "Let's protect events: at least $250K" labels a rule, not figures
    text = words.group(0).rstrip(".")
    if not all(can_be_in_a_name(w) and not _OUTCOME.match(w) for w in text.split()):
        return None
    mentions = find_channel_mentions(text)
    if not mentions or mentions[-1].end < text.rfind(" "):
        return None  # no channel word, or words after the channel word's own
    if any(_PAST_TENSE.match(w) for w in text[mentions[-1].end :].split()):
        return None  # "search generated 2,400 MQLs": a verb after the channel, not a name
    return text


def can_be_in_a_name(word: str) -> bool:
    """Not a verb, function, period, outcome or rule word ("Hard cap on OTT" is no name)."""
    return not _NOT_IN_A_NAME.match(word)
