"""What a CMO knows about a channel's curve: "email saturates at about $300K", "returns on TV
flatten past $800K", "search tops out around $1M", "search's half-saturation point is $500K".

A CMO who says a channel saturates at an amount means its returns flatten past that amount
(``flattens_past``), not that half its ceiling is reached there; only the words
"half-saturation" (or "half its ceiling") name the half-saturation point itself. "Saturation"
as a bare noun ("email's saturation point is about $300K") is read as the flattening point but
not for certain, so the reply asks.

A hint is a saturation word (or a phrase for the same: "hits diminishing returns past $470K",
"barely moves the needle"), the channel named nearest before it (or after it: "saturation for
events is $1.2M") and the first amount after it, within a few words, or an amount before it
said as a threshold ("beyond $370K, more search barely moves the needle"). The amount is claimed, so
it is never read as the channel's spend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from model_engine.intake.text.tagging import TaggedClause

CurveMeaning = Literal["flattens_past", "half_saturation"]

# "Half its max response", "half of the maximum effect", "half-max" ("half" may have been
# tagged as a share, "gets to half its maximum"): the
# half-saturation point named in the CMO's words.
_HALF = re.compile(
    r"\bhalf[- ]?saturation(?:\s+point)?\b|(?:\bhalf|⟦A(?P<half>\d+)⟧)\s+(?:of\s+)?"
    r"(?:its|the|their)\s+(?:(?:max(?:imum)?|full|peak|top)\s+)?(?:ceiling|maximum|max|response|effect|impact|lift|"
    r"potential)\b|\bhalf[- ]max(?:imum)?(?:\s+(?:response|effect|point))?\b",
    re.IGNORECASE,
)
_FLATTENS = re.compile(
    r"\b(?:saturates?|saturating|saturated|plateaus?|plateaued|plateauing|tops?\s+out|topped\s+out|"
    r"maxes\s+out|maxed\s+out|flattens?(?:\s+out)?|flattened|flattening|levels?\s+off|"
    r"levelled\s+off|leveled\s+off|caps\s+out|hits?\s+(?:its\s+|a\s+)?(?:ceiling|wall|plateau)|"
    r"stop(?:s|ped)?\s+(?:growing|scaling|working|paying\s+off)|runs?\s+out\s+of\s+steam|"
    r"diminishing\s+returns|(?:barely|hardly|doesn't|does\s+not|don't|won't)\s+(?:move|moves|"
    r"shift|shifts)\s+the\s+needle|(?:does|do|did)(?:n't|\s+not)?\s+(?:almost\s+)?(?:nothing|"
    r"very\s+little|little|much)(?:\s+(?:for\s+us|more|extra))?|(?:adds?|brings?|buys?)\s+(?:us\s+)?"
    r"(?:almost\s+)?(?:nothing|very\s+little|little)(?:\s+(?:more|extra))?|(?:returns?|results?|"
    r"response)\s+(?:drops?|falls?|tails?|tapers?|fades?)\s+off|is\s+(?:mostly\s+)?wasted|"
    r"no\s+(?:extra|incremental|additional)\s+(?:return|returns|lift|results?))\b",
    re.IGNORECASE,
)
# "Beyond $370K, more search barely moves the needle": the amount before the cue, after a word
# that makes it a threshold.
_THRESHOLD_BEFORE = re.compile(
    r"\b(?:beyond|past|after|above|over|north\s+of|more\s+than|once\s+(?:we(?:'re)?\s+)?"
    r"(?:pass|passed|hit|reach|go\s+past|get\s+past|are\s+past|past))\s+(?:about\s+|around\s+|"
    r"roughly\s+|approximately\s+|~\s*)?$",
    re.IGNORECASE,
)
# "At $500K, X delivers half its max impact": the half-saturation amount may come first.
_HALF_AT_BEFORE = re.compile(
    r"\b(?:at|by|around|about|with)\s+(?:about\s+|around\s+|roughly\s+|~\s*)?$", re.IGNORECASE
)
# "..., that's the limit": the amount is named a limit for the plan, not a curve's shape.
_NAMED_A_LIMIT = re.compile(
    r"\s*,?\s*(?:that'?s|that\s+is|which\s+is|is)\s+(?:the|our|a|my)\s+(?:hard\s+|firm\s+)?"
    r"(?:limit|cap|ceiling|max(?:imum)?)\b",
    re.IGNORECASE,
)
_OWN_CHANNEL = re.compile(
    r"(?:\s+(?:point|spend|spending|level|amount))?\s+(?:for|of|on)\s+(?:the\s+)?", re.IGNORECASE
)
_SATURATION_NOUN = re.compile(r"\bsaturation(?:\s+(?:point|level))?\b", re.IGNORECASE)
_TAG = re.compile(r"⟦([ACG])(\d+)⟧")
_MAX_WORDS_TO_AMOUNT = 5


@dataclass(frozen=True)
class SaturationMatch:
    mention: int  # index into the clause's channel mentions
    amount: int  # index into the clause's amounts
    phrase: str
    meaning: CurveMeaning = "flattens_past"
    certain: bool = True
    share_word: int | None = None  # "half" tagged as an amount inside the cue, also claimed


def find_saturation_hints(clause: TaggedClause) -> tuple[SaturationMatch, ...]:
    text = clause.text
    cues: list[tuple[int, int, CurveMeaning, bool]] = []
    shares: dict[int, int] = {}  # a cue's start -> the "half" tagged as an amount there
    for match in _HALF.finditer(text):
        if match["half"] is not None:
            if not _is_half(clause.amounts[int(match["half"])].text):
                continue
            shares[match.start()] = int(match["half"])
        cues.append((match.start(), match.end(), "half_saturation", True))
    for match in _FLATTENS.finditer(text):
        cues.append((match.start(), match.end(), "flattens_past", True))
    for match in _SATURATION_NOUN.finditer(text):
        if not any(s <= match.start() < e for s, e, _, _ in cues):
            cues.append((match.start(), match.end(), "flattens_past", False))
    tags = [(m.group(1), int(m.group(2)), m.start(), m.end()) for m in _TAG.finditer(text)]
    found: list[SaturationMatch] = []
    taken: set[int] = set()
    for start, end, meaning, certain in sorted(cues):
        before = _HALF_AT_BEFORE if meaning == "half_saturation" else _THRESHOLD_BEFORE
        amount = _amount_after(text, tags, end, taken) or _threshold_before(
            text, tags, start, taken, before
        )
        if (
            meaning == "flattens_past"
            and amount is not None
            and _NAMED_A_LIMIT.match(text, amount[2])
        ):
            continue  # "search tops out at $500K, that's the limit": a cap for the plan
        mention = _channel_near(text, tags, start, end)
        if amount is None or mention is None:
            continue
        taken.add(amount[0])
        phrase = clause.phrase(min(start, mention[1], amount[1]), max(end, amount[2]))
        found.append(
            SaturationMatch(mention[0], amount[0], phrase, meaning, certain, shares.get(start))
        )
    return tuple(sorted(found, key=lambda m: m.amount))


def _amount_after(
    text: str, tags: list[tuple[str, int, int, int]], position: int, taken: set[int]
) -> tuple[int, int, int] | None:
    for kind, index, start, end in tags:
        if kind != "A" or start < position or index in taken:
            continue
        between = _TAG.sub("x", text[position:start])
        if len(between.split()) > _MAX_WORDS_TO_AMOUNT or re.search(r"[.;]", between):
            return None
        return index, start, end
    return None


def _is_half(written: str) -> bool:
    """ "half", "50%", "50 percent": a share of exactly one half written in the cue."""
    folded = re.sub(r"\s+", " ", written.casefold()).strip()
    return folded in ("half", "50%", "50 %", "50 percent", "50 per cent", "fifty percent")


def _threshold_before(
    text: str,
    tags: list[tuple[str, int, int, int]],
    position: int,
    taken: set[int],
    threshold: re.Pattern[str] = _THRESHOLD_BEFORE,
) -> tuple[int, int, int] | None:
    before = [t for t in tags if t[0] == "A" and t[3] <= position and t[1] not in taken]
    if not before:
        return None
    _, index, start, end = before[-1]
    between = _TAG.sub("x", text[end:position])
    if re.search(r"[.;]", between) or not threshold.search(text[:start]):
        return None
    return index, start, end


def _channel_near(
    text: str, tags: list[tuple[str, int, int, int]], cue_start: int, cue_end: int
) -> tuple[int, int] | None:
    """The channel named nearest before the cue, unless the cue names its own right after it
    ("the half-saturation spend for SEO is $2M")."""
    following = next(((i, s) for kind, i, s, _ in tags if kind == "C" and s >= cue_end), None)
    if following is not None and _OWN_CHANNEL.fullmatch(text, cue_end, following[1]):
        return following
    before = [(i, s) for kind, i, s, _ in tags if kind == "C" and s < cue_start]
    if before:
        return before[-1]
    after = [(i, s) for kind, i, s, _ in tags if kind == "C" and s >= cue_end]
    return after[0] if after else None
