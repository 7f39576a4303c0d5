"""The budget and the market rules a geo-plan message states, read by structure.

A message is split into clauses (sentences, semicolons, ", " and "and"); in each, a clause with
an amount of money and "at least" / "at most" (or their synonyms) is a rule, scoped by what it
names: "every market" (each market's total), a market of the panel ("Texas at most $1M"), or a
channel ("at least $300K on TV nationally": the channel summed over markets). "Keep Texas
fixed" holds a market at today's spend. An amount with no limit word and nothing named is the
budget ("allocate $2M across markets"). A clause with a limit and an amount that names no
market and no channel is returned in ``unread``: the route asks rather than drop it.

Only markets and channels of the panel are recognised (case and ``_``/``-`` aside; channels
through :class:`~model_engine.channel_matching.ChannelMatcher`), so nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from model_engine.channel_matching import ChannelMatcher
from model_engine.intake.text.mentions import find_number_mentions

# A full stop between digits is a decimal point ("$1.5M"), not a sentence end.
_CLAUSES = re.compile(r"(?<!\d)\.|\.(?!\d)|[;:!?\n]+|,\s+|\s+(?:and|but|while)\s+", re.IGNORECASE)
_AT_LEAST = re.compile(
    r"\bat least\b|\bminimum\b|\bno less than\b|\bnot less than\b|\bnot below\b|\bfloor\b"
    r"|\bmin\b|\bmore than\b|\bover\s+[$€£\d]",
    re.IGNORECASE,
)
_AT_MOST = re.compile(
    r"\bat most\b|\bmaximum\b|\bno more than\b|\bnot more than\b|\bcap(?:ped|s)?\b|\bmax\b"
    r"|\bup to\b|\bunder\s+[$€£\d]|\bbelow\s+[$€£\d]|\blimit(?:ed)? to\b|\bnot above\b"
    r"|\bnot exceed",
    re.IGNORECASE,
)
_EVERY_MARKET = re.compile(
    r"\b(?:every|each|per|all(?: the)?|any)\s+"
    r"(?:markets?|geos?|regions?|dmas?|states?|countr(?:y|ies))\b",
    re.IGNORECASE,
)
_FIXED = re.compile(
    r"\bfixed\b|\bflat\b|\bunchanged\b|\bas (?:it is|they are|is)\b|\bfreeze\b|\bfrozen\b"
    r"|\bwhere (?:it is|they are)\b|\bat (?:its|their|today'?s|the) (?:current|present)"
    r"|\bdon'?t (?:change|touch|move)\b|\bleave\b",
    re.IGNORECASE,
)
_MONEY = re.compile(r"[$€£]|\b(?:usd|eur|gbp)\b|\d\s*[kmb]\b", re.IGNORECASE)


@dataclass(frozen=True)
class GeoRuleReading:
    """What a message states for a geo plan (amounts in the data's currency)."""

    budget: float | None = None
    every_market_min: float | None = None
    every_market_max: float | None = None
    market_min: dict[str, float] = field(default_factory=dict)
    market_max: dict[str, float] = field(default_factory=dict)
    fixed_markets: tuple[str, ...] = ()
    channel_min: dict[str, float] = field(default_factory=dict)
    channel_max: dict[str, float] = field(default_factory=dict)
    unread: tuple[str, ...] = ()  # limits with an amount that name no market or channel


def _normal(text: str) -> str:
    return re.sub(r"[_\-\s]+", " ", text.casefold()).strip()


def _markets_named(clause: str, markets: Sequence[str]) -> list[str]:
    padded = f" {_normal(clause)} "
    return [m for m in markets if re.search(rf"(?<!\w){re.escape(_normal(m))}(?!\w)", padded)]


def _amounts(clause: str) -> list[float]:
    return [
        m.value
        for m in find_number_mentions(clause)
        if not m.is_percent and m.value > 0 and _MONEY.search(m.text)
    ]


def read_geo_rules(message: str, markets: Sequence[str], channels: Sequence[str]) -> GeoRuleReading:
    """The budget and rules ``message`` states for a plan over ``markets`` x ``channels``."""
    matcher = ChannelMatcher.of(channels)
    budget: float | None = None
    every_min: float | None = None
    every_max: float | None = None
    market_min: dict[str, float] = {}
    market_max: dict[str, float] = {}
    fixed: list[str] = []
    channel_min: dict[str, float] = {}
    channel_max: dict[str, float] = {}
    unread: list[str] = []
    for clause in (c.strip() for c in _CLAUSES.split(message)):
        if not clause:
            continue
        named = _markets_named(clause, markets)
        amounts = _amounts(clause)
        if not amounts:
            if named and _FIXED.search(clause):
                fixed.extend(m for m in named if m not in fixed)
            continue
        amount = amounts[0]
        # "at most" first: "no more than" also holds "more than".
        low = _AT_LEAST.search(clause) is not None and _AT_MOST.search(clause) is None
        high = _AT_MOST.search(clause) is not None
        if not (low or high):
            if not named and budget is None:
                budget = amount
            continue
        if _EVERY_MARKET.search(clause):
            if low:
                every_min = amount
            else:
                every_max = amount
        elif named:
            for market in named:
                (market_min if low else market_max)[market] = amount
        elif mentioned := matcher.mentioned_in(clause):
            for channel in mentioned:
                (channel_min if low else channel_max)[channel] = amount
        else:
            unread.append(clause)
    return GeoRuleReading(
        budget=budget,
        every_market_min=every_min,
        every_market_max=every_max,
        market_min=market_min,
        market_max=market_max,
        fixed_markets=tuple(fixed),
        channel_min=channel_min,
        channel_max=channel_max,
        unread=tuple(unread),
    )
