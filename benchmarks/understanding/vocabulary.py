"""The words of the corpus: channel names as CMOs write them (with their canonical type),
outcomes, periods, filler and the typos people make.

Channel names include multi-word names and names that contain a type word without being that
type's generic name ("branded search" and "non-brand search" are two search channels; "expo
booth" is an event; "Partner Q1" is a partner channel). Two names in one message never
contain one another, so every mention has one meaning.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from benchmarks.understanding.reading import name_key

CHANNELS: tuple[tuple[str, str], ...] = (
    ("Paid search", "search"),
    ("Google search", "search"),
    ("Google Ads", "search"),
    ("branded search", "search"),
    ("non-brand search", "search"),
    ("Bing", "search"),
    ("SEM", "search"),
    ("Paid social", "social"),
    ("LinkedIn", "social"),
    ("LinkedIn ads", "social"),
    ("Meta", "social"),
    ("Facebook", "social"),
    ("Instagram", "social"),
    ("TikTok", "social"),
    ("Reddit", "social"),
    ("influencers", "social"),
    ("Content", "content"),
    ("SEO", "content"),
    ("organic search", "content"),
    ("blog", "content"),
    ("content syndication", "content"),
    ("Events", "events"),
    ("webinars", "events"),
    ("trade shows", "events"),
    ("expo booth", "events"),
    ("conference", "events"),
    ("field events", "events"),
    ("user conference", "events"),
    ("sponsorships", "events"),
    ("Email", "email"),
    ("newsletter", "email"),
    ("email nurture", "email"),
    ("TV", "traditional"),
    ("linear TV", "traditional"),
    ("radio", "traditional"),
    ("print", "traditional"),
    ("billboards", "traditional"),
    ("direct mail", "traditional"),
    ("out-of-home", "traditional"),
    ("display", "display"),
    ("programmatic", "display"),
    ("retargeting", "display"),
    ("YouTube", "video"),
    ("CTV", "video"),
    ("online video", "video"),
    ("affiliates", "affiliate"),
    ("Partner Q1", "affiliate"),
    ("partner program", "affiliate"),
    ("referrals", "affiliate"),
    ("podcasts", "podcasts"),
    ("podcast ads", "podcasts"),
    ("Spotify", "podcasts"),
)
# Names that the issue reported being collapsed or lost: drawn more often than the rest.
TYPE_WORD_NAMES = ("branded search", "non-brand search", "expo booth", "Partner Q1")
BRAND_BUILDING = frozenset({"traditional", "content", "events", "video", "podcasts"})


@dataclass(frozen=True)
class OutcomeWord:
    name: str  # the canonical outcome name the reading uses
    money: bool  # pipeline and revenue are amounts of money
    forms: tuple[str, ...]  # as written after a number


OUTCOMES: tuple[OutcomeWord, ...] = (
    OutcomeWord("MQLs", False, ("MQLs", "MQLs", "mqls", "marketing qualified leads")),
    OutcomeWord("SQLs", False, ("SQLs", "SQLs", "sales qualified leads")),
    OutcomeWord("leads", False, ("leads", "leads", "inbound leads")),
    OutcomeWord("demos", False, ("demos", "demo requests")),
    OutcomeWord("signups", False, ("signups", "sign-ups")),
    OutcomeWord("opportunities", False, ("opportunities", "opps")),
    OutcomeWord("customers", False, ("customers", "new customers")),
    OutcomeWord("trials", False, ("trials", "free trials")),
    OutcomeWord("pipeline", True, ("pipeline",)),
    OutcomeWord("revenue", True, ("revenue",)),
)

# (phrase, weeks) for the period the figures cover; None = not stated (read as a quarter).
PAST_PERIODS: tuple[tuple[str | None, int], ...] = (
    ("last quarter", 13),
    ("last quarter", 13),
    ("in Q3", 13),
    ("last month", 4),
    ("over the last 8 weeks", 8),
    ("in the past 6 months", 26),
    ("last year", 52),
    ("over the last 12 weeks", 12),
    (None, 13),
    (None, 13),
)
# (as a noun, as an adverbial, weeks) for the period the budget is for; None = not stated.
FUTURE_PERIODS: tuple[tuple[str | None, str | None, int | None], ...] = (
    ("next quarter", "next quarter", 13),
    ("next quarter", "next quarter", 13),
    ("Q4", "for Q4", 13),
    ("the next 8 weeks", "for the next 8 weeks", 8),
    ("next month", "next month", 4),
    ("H2", "for H2", 26),
    ("the coming quarter", "over the coming quarter", 13),
    (None, None, None),
)
# The budget period of the same length as the figures' period, for budgets stated relative
# to what was spent ("10% lower than last quarter").
SAME_LENGTH_FUTURE: dict[int, tuple[str, int]] = {
    13: ("next quarter", 13),
    4: ("next month", 4),
    8: ("for the next 8 weeks", 8),
    12: ("for the next 12 weeks", 12),
    26: ("for the next 6 months", 26),
    52: ("next year", 52),
}
SINGULAR = {
    "MQLs": "MQL",
    "SQLs": "SQL",
    "leads": "lead",
    "demos": "demo",
    "signups": "signup",
    "opportunities": "opportunity",
    "customers": "customer",
    "trials": "trial",
}

OPENINGS = (
    "Hi!",
    "Hey team,",
    "Quick one:",
    "Morning —",
    "Hello, hoping you can help.",
    "Ok so here's where we are.",
    "Context for our planning session:",
)
CLOSINGS = (
    "Thanks!",
    "Let me know what you think.",
    "Appreciate it.",
    "Thanks in advance — need this for the board deck.",
    "What would you do?",
    "Can you put a plan together?",
    "Numbers are from HubSpot, pulled this morning.",
)
MIDDLES = (
    "It was a tough quarter.",
    "The agency changed in May, so take this with a grain of salt.",
    "Honestly our attribution is messy.",
    "We think the CRM undercounts a bit.",
    "Our team is 12 people, for context.",
    "FYI we rebranded in 2024.",
)

# Real slips of the keyboard (swaps, drops, doubles), never another English word.
TYPOS: dict[str, tuple[str, ...]] = {
    "budget": ("budegt", "buget", "budgte"),
    "quarter": ("quater", "qaurter", "quartr"),
    "spent": ("spnet", "sepnt"),
    "least": ("leats", "laest"),
    "channel": ("chanel", "channle"),
    "together": ("togehter", "togther"),
    "saturates": ("saturtes", "satruates"),
    "booked": ("boked", "bookd"),
    "brought": ("brougth", "brougt"),
    "generated": ("genrated", "generatd"),
    "maximize": ("maximze", "maxmize"),
    "maximise": ("maximse", "maxmise"),
    "more": ("mroe",),
    "above": ("abvoe", "abve"),
    "below": ("belwo", "bleow"),
    "worth": ("worht", "wrth"),
    "allocate": ("alocate", "allcoate"),
}


def draw_channels(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` channel names, no one containing another; a type-word name in about a
    third of the draws."""
    chosen: list[tuple[str, str]] = []
    pool = list(CHANNELS)
    if rng.random() < 0.35:
        special = rng.choice(TYPE_WORD_NAMES)
        chosen.append(next(c for c in CHANNELS if c[0] == special))
        if special in ("branded search", "non-brand search") and rng.random() < 0.7:
            other = "non-brand search" if special == "branded search" else "branded search"
            chosen.append(next(c for c in CHANNELS if c[0] == other))
    while len(chosen) < count:
        candidate = rng.choice(pool)
        if all(not _overlap(candidate[0], c[0]) for c in chosen):
            chosen.append(candidate)
    rng.shuffle(chosen)
    return chosen[:count]


def _overlap(a: str, b: str) -> bool:
    """One name's words appear, in order, inside the other ("TV" in "linear TV")."""
    x, y = name_key(a), name_key(b)
    return bool(
        re.search(rf"(?<![\w-]){re.escape(x)}(?![\w-])", y)
        or re.search(rf"(?<![\w-]){re.escape(y)}(?![\w-])", x)
    )


def add_typo(text: str, rng: random.Random) -> str:
    """One typo in one keyword of ``text`` (the text unchanged when it has none)."""
    found = [
        (m.start(), m.end(), m.group(0))
        for word in TYPOS
        for m in re.finditer(rf"\b{word}\b", text)
    ]
    if not found:
        return text
    start, end, word = rng.choice(found)
    return text[:start] + rng.choice(TYPOS[word]) + text[end:]
