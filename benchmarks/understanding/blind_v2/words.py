"""The words of the blind corpus: channel names with their canonical type, outcomes, periods,
filler and typos. The names lean on what marketing teams call their own line items ("Expo
booth", "Partner Q1", "branded search" beside "non-brand search"), so a type word inside a
name is often not the channel's whole name.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from benchmarks.understanding.reading import name_key

# (name as the team writes it, canonical type)
CHANNELS: tuple[tuple[str, str], ...] = (
    ("branded search", "search"),
    ("non-brand search", "search"),
    ("Google Ads", "search"),
    ("Bing Ads", "search"),
    ("PPC", "search"),
    ("competitor keywords", "search"),
    ("LinkedIn Ads", "social"),
    ("Meta prospecting", "social"),
    ("Instagram", "social"),
    ("TikTok", "social"),
    ("Reddit ads", "social"),
    ("paid social", "social"),
    ("SEO", "content"),
    ("content hub", "content"),
    ("blog", "content"),
    ("Expo booth", "events"),
    ("user summit", "events"),
    ("webinar series", "events"),
    ("field events", "events"),
    ("trade shows", "events"),
    ("roadshow", "events"),
    ("lifecycle email", "email"),
    ("newsletter", "email"),
    ("email nurture", "email"),
    ("TV", "traditional"),
    ("radio", "traditional"),
    ("billboards", "traditional"),
    ("print ads", "traditional"),
    ("direct mail", "traditional"),
    ("OOH", "traditional"),
    ("programmatic display", "display"),
    ("display retargeting", "display"),
    ("banner ads", "display"),
    ("YouTube", "video"),
    ("CTV", "video"),
    ("Partner Q1", "affiliate"),
    ("affiliate network", "affiliate"),
    ("referral program", "affiliate"),
    ("podcast sponsorships", "podcasts"),
    ("Spotify audio", "podcasts"),
)
# Names with a type word that is not the whole name: drawn more often than the rest.
TRICKY = ("branded search", "non-brand search", "Expo booth", "Partner Q1", "paid social")


@dataclass(frozen=True)
class Outcome:
    name: str  # the canonical name in the reading
    money: bool
    plural: tuple[str, ...]  # as written after a number
    singular: str


OUTCOMES: tuple[Outcome, ...] = (
    Outcome("MQLs", False, ("MQLs", "MQLs", "mqls"), "MQL"),
    Outcome("SQLs", False, ("SQLs", "SQLs", "sqls"), "SQL"),
    Outcome("leads", False, ("leads", "leads"), "lead"),
    Outcome("demos", False, ("demos", "demo requests"), "demo"),
    Outcome("signups", False, ("signups", "sign-ups"), "signup"),
    Outcome("opportunities", False, ("opportunities", "opps"), "opportunity"),
    Outcome("customers", False, ("customers", "new customers"), "customer"),
    Outcome("trials", False, ("trials", "trial starts"), "trial"),
    Outcome("pipeline", True, ("pipeline", "in pipeline"), "pipeline"),
    Outcome("revenue", True, ("revenue", "in revenue"), "revenue"),
)

# (as an adverbial, as a noun, weeks) for the figures' period; None: not said (a quarter).
PAST: tuple[tuple[str | None, str | None, int], ...] = (
    ("last quarter", "last quarter", 13),
    ("last qtr", "last qtr", 13),
    ("in Q3", "Q3", 13),
    ("in Q2", "Q2", 13),
    ("last month", "last month", 4),
    ("in October", "October", 4),
    ("over the last 6 weeks", "the last 6 weeks", 6),
    ("in H1", "H1", 26),
    ("over the last 12 months", "the last 12 months", 52),
    (None, None, 13),
    (None, None, 13),
)
# (how the budget's period is written, weeks); None: not said.
FUTURE: tuple[tuple[str | None, int | None], ...] = (
    ("next quarter", 13),
    ("next qtr", 13),
    ("for Q1", 13),
    ("for Q4", 13),
    ("next month", 4),
    ("for the next 6 weeks", 6),
    ("for H2", 26),
    ("for next year", 52),
    (None, None),
)
# For budgets relative to last period: the next period of the same length.
NEXT_OF_SAME_LENGTH: dict[int, tuple[str, int]] = {
    13: ("next quarter", 13),
    4: ("next month", 4),
    6: ("for the next 6 weeks", 6),
    26: ("for H2", 26),
    52: ("for next year", 52),
}

OPENERS = (
    "hey!",
    "Hi there,",
    "morning all",
    "Sorry for the wall of text.",
    "Pasting what RevOps sent me:",
    "ok here goes",
    "Need a sanity check before Monday's QBR.",
    "FYI —",
)
CLOSERS = (
    "thx",
    "lmk what you think",
    "ty!",
    "Cheers, M.",
    "Happy to share more detail if useful.",
    "What's the smartest split?",
    "(source: Salesforce dashboard, pulled today)",
    "Best,\nJordan",
)
ASIDES = (
    "Attribution is self-reported so take it with a pinch of salt.",
    "Our agency swapped in August, fwiw.",
    "Sales keeps asking for more events, naturally.",
    "The board wants to see efficiency this year.",
    "Numbers are rounded.",
)
# A figure that is not a marketing number: it must not become a channel, budget or rule.
SCALE_ASIDES = (
    "For context we're a {money} revenue business.",
    "(we're about {money} in ARR, for scale)",
)
SCALE_AMOUNTS = (1_200_000_000, 2_000_000_000, 3_500_000_000)

# Slips of the keyboard on words a reader keys on; never another English word.
TYPOS: dict[str, tuple[str, ...]] = {
    "budget": ("bduget", "budgt", "budegt"),
    "quarter": ("quarer", "qurater"),
    "at least": ("atleast", "at lesat"),
    "spent": ("spnet", "spen"),
    "together": ("togeter", "togehter"),
    "combined": ("comibned", "combnied"),
    "booked": ("bookd", "boooked"),
    "contracted": ("contarcted", "contracterd"),
    "saturates": ("saturats", "satruates"),
    "maximum": ("maxium", "maximun"),
    "minimum": ("minimun", "mininum"),
    "exceed": ("exceeed", "excede"),
    "brought": ("brough", "borught"),
    "worth": ("wroth", "wotrh"),
}


def draw_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` channels, none of whose names contains another's."""
    chosen: list[tuple[str, str]] = []
    if rng.random() < 0.4:
        tricky = rng.choice(TRICKY)
        chosen.append(next(c for c in CHANNELS if c[0] == tricky))
        if tricky.endswith("search") and rng.random() < 0.75:
            twin = "non-brand search" if tricky == "branded search" else "branded search"
            chosen.append(next(c for c in CHANNELS if c[0] == twin))
    while len(chosen) < count:
        candidate = rng.choice(CHANNELS)
        if all(not overlapping(candidate[0], c[0]) for c in chosen):
            chosen.append(candidate)
    rng.shuffle(chosen)
    return chosen[:count]


def overlapping(a: str, b: str) -> bool:
    x, y = name_key(a), name_key(b)
    return x == y or bool(
        re.search(rf"(?<![\w-]){re.escape(x)}(?![\w-])", y)
        or re.search(rf"(?<![\w-]){re.escape(y)}(?![\w-])", x)
    )


def typo(text: str, rng: random.Random) -> str:
    """One slip on one keyword of ``text`` (unchanged when it has none)."""
    hits = [
        (m.start(), m.end(), word)
        for word in TYPOS
        for m in re.finditer(rf"\b{re.escape(word)}\b", text)
    ]
    if not hits:
        return text
    start, end, word = rng.choice(hits)
    return text[:start] + rng.choice(TYPOS[word]) + text[end:]
