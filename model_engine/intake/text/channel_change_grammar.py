"""What-ifs on one channel: "what if events get $100K more", "what if search got 20% more",
"what if we move $50K from TV to search", "what if we cut TV by a third", "suppose we drop
radio entirely". Each names a change to a channel's planned spend (an amount, a percentage or a
fraction in words, up or down; a drop is all of it); a move is a cut on one channel and the same
amount added to another. Only a clause asking a what-if is read, so "TV got $100K more last quarter"
stays a figure about the past."""

from __future__ import annotations

import re
from dataclasses import dataclass

from model_engine.intake.text.tagging import TaggedClause

_C = r"⟦C(?P<{name}>\d+)⟧"
_A = r"⟦A(?P<a>\d+)⟧"
_WHAT_IF = re.compile(
    r"\b(?:what\s+if|what\s+happens\s+if|what\s+would\s+happen\s+if|suppose|imagine|"
    r"how\s+about\s+if|^say|let'?s\s+say)\b",
    re.IGNORECASE,
)
_GET = r"(?:gets?|got|getting|had|has|have|receives?|received|were\s+given|was\s+given)"
_MORE = r"(?:more|extra|additional)"
_LESS = r"(?:less|fewer)"
_RAISE = r"(?:add|adds|added|give|gave|put|puts|pour|spend|spent|invest|invested|throw)"
_MOVE = r"(?:move|moved|moves|shift|shifted|shifts|reallocate|reallocated|take|took|pull|pulled)"
_UP = r"(?:goes\s+up|went\s+up|increases?|increased|rises?|rose|grows?|grew|is\s+raised|up)"
_DOWN = r"(?:goes\s+down|went\s+down|drops?|dropped|falls?|fell|is\s+cut|was\s+cut|got\s+cut|down)"
_CUT = r"(?:cut|cuts|trim|trimmed|reduce|reduced|lower|lowered|slash|slashed)"
_BOOST = r"(?:increase|increased|raise|raised|boost|boosted|grow|lift|lifted)"
_THE = r"(?:(?:the|our)\s+)?"
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1}
_FRACTION = r"(?:a|one)\s+(?P<f>half|third|quarter|fifth|tenth)"
# "Drop the TV deal" asks what a commitment costs (the rule is relaxed), not for a channel at $0.
_NOT_A_COMMITMENT = r"(?!\s+(?:deal|contract|commitment|rule|floor|cap|limit|minimum|booking))"
_DROP = r"(?:drop|dropped|drops|kill|killed|cancel|cancelled|stop|stopped|pause|paused|zero\s+out)"

# (pattern, direction of the named channel's change)
_SINGLE: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern.format(C=_C.format(name="c")), re.IGNORECASE), direction)
    for pattern, direction in (
        (rf"{{C}}\s+{_GET}\s+(?:an?\s+)?{_A}\s+{_MORE}", 1),
        (rf"{{C}}\s+{_GET}\s+(?:an?\s+)?{_A}\s+{_LESS}", -1),
        (rf"{{C}}\s+{_GET}\s+(?:an?\s+)?{_MORE}\s+{_A}", 1),
        (rf"{{C}}\s+{_UP}\s+(?:by\s+)?{_A}", 1),
        (rf"{{C}}\s+{_DOWN}\s+(?:by\s+)?{_A}", -1),
        (
            rf"\b{_RAISE}\s+(?:an?\s+)?(?:{_MORE}\s+)?{_A}\s+(?:{_MORE}\s+)?(?:to|into|on|in)\s+{_THE}{{C}}",
            1,
        ),
        (rf"\b{_BOOST}\s+{_THE}{{C}}\s+(?:spend\s+)?by\s+{_A}", 1),
        (rf"\b{_CUT}\s+{_THE}{{C}}\s+(?:spend\s+)?by\s+{_A}", -1),
        (rf"\b{_CUT}\s+{_A}\s+(?:from|off|out\s+of)\s+{_THE}{{C}}", -1),
    )
)
# (pattern, signed share of the named channel's planned spend), the share in words
_IN_WORDS: tuple[tuple[re.Pattern[str], float], ...] = tuple(
    (re.compile(pattern.format(C=_C.format(name="c")), re.IGNORECASE), sign)
    for pattern, sign in (
        (rf"\b{_CUT}\s+{_THE}{{C}}\s+(?:spend\s+)?by\s+{_FRACTION}", -1.0),
        (rf"\b{_BOOST}\s+{_THE}{{C}}\s+(?:spend\s+)?by\s+{_FRACTION}", 1.0),
        (rf"{{C}}\s+{_GET}\s+{_FRACTION}\s+{_MORE}", 1.0),
        (rf"{{C}}\s+{_GET}\s+{_FRACTION}\s+{_LESS}", -1.0),
        (rf"\b{_DROP}\s+{_THE}{{C}}{_NOT_A_COMMITMENT}", -1.0),
        (rf"\b{_CUT}\s+{_THE}{{C}}\s+(?:entirely|completely|altogether|to\s+zero)", -1.0),
    )
)
_MOVE_PATTERN = re.compile(
    rf"\b{_MOVE}\s+(?:an?\s+)?{_A}\s+(?:from|out\s+of|off)\s+{_THE}{_C.format(name='source')}"
    rf"\s+(?:to|into|in|on|over\s+to)\s+{_THE}{_C.format(name='target')}",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ChannelChangeMatch:
    """A change to the channel mentioned ``mention`` (index into the clause's mentions):
    ``direction`` +1 or -1 times the amount ``amount`` (index into its amounts) or, for a
    share said in words, times ``share`` of the channel's planned spend (1 for a drop)."""

    mention: int
    direction: int
    amount: int | None
    phrase: str
    share: float | None = None


def find_channel_changes(tagged: TaggedClause) -> tuple[ChannelChangeMatch, ...]:
    """The channel what-ifs of a clause that asks one; empty otherwise."""
    text = tagged.text
    if not _WHAT_IF.search(text):
        return ()
    for match in _MOVE_PATTERN.finditer(text):
        phrase = tagged.phrase(match.start(), match.end())
        amount = int(match.group("a"))
        return (
            ChannelChangeMatch(int(match.group("source")), -1, amount, phrase),
            ChannelChangeMatch(int(match.group("target")), 1, amount, phrase),
        )
    found: list[ChannelChangeMatch] = []
    taken: set[int] = set()
    for pattern, direction in _SINGLE:
        for match in pattern.finditer(text):
            amount = int(match.group("a"))
            if amount in taken:
                continue
            taken.add(amount)
            phrase = tagged.phrase(match.start(), match.end())
            found.append(ChannelChangeMatch(int(match.group("c")), direction, amount, phrase))
    named = {change.mention for change in found}
    for pattern, sign in _IN_WORDS:
        for match in pattern.finditer(text):
            mention = int(match.group("c"))
            if mention in named:
                continue
            named.add(mention)
            fraction = match.groupdict().get("f")
            share = _FRACTIONS[fraction.casefold()] if fraction else 1.0
            phrase = tagged.phrase(match.start(), match.end())
            found.append(ChannelChangeMatch(mention, int(sign), None, phrase, share))
    return tuple(found)
