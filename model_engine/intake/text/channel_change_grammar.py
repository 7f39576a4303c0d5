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
    r"how\s+about\s+if|^say|let'?s\s+say|^\W*(?:and\s+|but\s+|so\s+)?if)\b",
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
_FRACTION = r"(?:(?:a|one)\s+(?P<f>half|third|quarter|fifth|tenth)|(?P<h>half))"
# Multiplying a channel's spend: "double search" is +100%, "halve TV" -50%.
_MULTIPLES = {"doubl": 1.0, "tripl": 2.0, "quadrupl": 3.0, "halv": -0.5, "twice": 1.0}
_MULTIPLY = r"(?P<m>doubl|tripl|quadrupl|halv)(?:e|es|ed|ing)"
# "Drop the TV deal" asks what a commitment costs (the rule is relaxed), not for a channel at $0.
_NOT_A_COMMITMENT = r"(?!\s+(?:deal|contract|commitment|rule|floor|cap|limit|minimum|booking))"
_DROP = (
    r"(?:drop|dropped|drops|kill|killed|cancel|cancelled|stop|stopped|pause|paused|"
    r"zero(?:e?d|es|s)?(?:\s+out)?|switch(?:ed)?\s+off|turn(?:ed)?\s+off)"
)
_ZERO = r"(?:zero|nothing|nil)"

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
        (
            rf"\b(?:take|takes|took|knock|knocks|knocked|shave|shaved|pull|pulls|pulled)\s+{_A}"
            rf"\s+(?:from|off|out\s+of)\s+{_THE}{{C}}",
            -1,
        ),
        (rf"{{C}}\s+(?:loses?|lost|losing|gives?\s+up|gave\s+up)\s+{_A}", -1),
        (rf"{{C}}\s+(?:gains?|gained|gaining)\s+(?:an?\s+)?(?:{_MORE}\s+)?{_A}", 1),
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
        (rf"{{C}}\s+(?:were|was|is|gets?|got)\s+{_CUT}\s+by\s+{_FRACTION}", -1.0),
        (
            rf"{{C}}\s+(?:were|was|is|gets?|got)\s+(?:{_CUT}|{_DROP})\s+(?:entirely|completely)",
            -1.0,
        ),
        (rf"\b{_CUT}\s+{_THE}{{C}}\s+in\s+(?P<h>half)", -1.0),
        (rf"{{C}}\s+(?:were|was|is|gets?|got)\s+{_CUT}\s+in\s+(?P<h>half)", -1.0),
        (rf"\b{_MULTIPLY}\s+{_THE}{{C}}", 1.0),
        (rf"{{C}}\s+(?:were|was|is|are|gets?|got)\s+{_MULTIPLY}", 1.0),
        (rf"{{C}}\s+{_GET}\s+(?P<m>twice)\s+(?:the|as\s+much|its)", 1.0),
        (
            rf"{{C}}\s+(?:went|goes|go|drops?|dropped|fell|falls|is\s+cut|were\s+cut)\s+to\s+{_ZERO}",
            -1.0,
        ),
    )
)
# "... out of A and put it into B": what is done with the money taken, before its target ("it"
# may be tagged as a reference to a channel).
_HANDED_ON = (
    r"(?:,?\s+and\s+(?:put|puts|putting|gave|give|gives|giving|move|moved|shift|shifted|add|"
    r"added|threw|throw|spend|spent|invest|invested)\s+(?:it|that|them|the\s+money|⟦C\d+⟧)"
    r"(?:\s+all)?)?"
)
_MOVE_PATTERN = re.compile(
    rf"\b{_MOVE}\s+(?:an?\s+)?{_A}\s+(?:from|out\s+of|off)\s+{_THE}{_C.format(name='source')}"
    rf"{_HANDED_ON}\s+(?:to|into|in|on|over\s+to)\s+{_THE}{_C.format(name='target')}",
    re.IGNORECASE,
)
# "an amount moved from A to B", said of the money
_MOVED_PATTERN = re.compile(
    rf"{_A}\s+(?:moved|moves|shifted|shifts|went|goes|got\s+moved|is\s+moved|were\s+moved)\s+"
    rf"(?:from|out\s+of)\s+{_THE}{_C.format(name='source')}\s+(?:over\s+)?(?:to|into)\s+"
    rf"{_THE}{_C.format(name='target')}",
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
    for match in (*_MOVE_PATTERN.finditer(text), *_MOVED_PATTERN.finditer(text)):
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
            groups = match.groupdict()
            fraction = groups.get("f") or groups.get("h")
            multiple = groups.get("m")
            direction = int(sign)
            if multiple:
                change = _MULTIPLES[multiple.casefold()]
                direction, share = (1 if change > 0 else -1), abs(change)
            else:
                share = _FRACTIONS[fraction.casefold()] if fraction else 1.0
            phrase = tagged.phrase(match.start(), match.end())
            found.append(ChannelChangeMatch(mention, direction, None, phrase, share))
    return tuple(found)
