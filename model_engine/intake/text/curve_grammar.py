"""What a CMO knows about a channel's curve: "email saturates at about $300K", "search's
half-saturation point is $500K", "social tops out around $1M".

Each becomes the channel's half-saturation (the spend per period at which half its ceiling
is reached) for the snapshot fit, replacing that part of the channel type's prior. The
amount is claimed, so it is never read as the channel's spend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from model_engine.intake.text.tagging import TaggedClause

_ABOUT = r"(?:about\s+|around\s+|roughly\s+|approximately\s+|near\s+|~\s*)?"
_LEVELS = (
    r"(?:saturates?|saturating|plateaus?|tops?\s+out|maxes\s+out|flattens(?:\s+out)?|"
    r"stops\s+(?:growing|scaling|working)|hits?\s+(?:its\s+|a\s+)?(?:ceiling|wall)|"
    r"runs\s+out\s+of\s+steam)"
)
_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"⟦C(?P<c>\d+)⟧(?:'s)?\s+(?:spend\s+|budget\s+)?(?:probably\s+|likely\s+|already\s+)?"
        rf"{_LEVELS}\s+(?:at|around|near|beyond|above|after|past|by)?\s*{_ABOUT}⟦A(?P<a>\d+)⟧",
        rf"⟦C(?P<c>\d+)⟧(?:'s)?\s+half[- ]saturation(?:\s+point)?\s+(?:is|at|of|=|:)?\s*"
        rf"{_ABOUT}⟦A(?P<a>\d+)⟧",
        rf"(?:half[- ])?saturation(?:\s+point)?\s+(?:for|of)\s+⟦C(?P<c>\d+)⟧\s+(?:is|at|=|:)?\s*"
        rf"{_ABOUT}⟦A(?P<a>\d+)⟧",
    )
)


@dataclass(frozen=True)
class SaturationMatch:
    mention: int  # index into the clause's channel mentions
    amount: int  # index into the clause's amounts
    phrase: str


def find_saturation_hints(clause: TaggedClause) -> tuple[SaturationMatch, ...]:
    found: list[SaturationMatch] = []
    taken: set[int] = set()
    for pattern in _PATTERNS:
        for match in pattern.finditer(clause.text):
            amount = int(match["a"])
            if amount in taken:
                continue
            taken.add(amount)
            found.append(SaturationMatch(int(match["c"]), amount, clause.phrase(*match.span())))
    return tuple(sorted(found, key=lambda m: m.amount))
