"""The words of the third blind set: channel names with the canonical type an analyst would
give them, outcomes, periods, filler and typos.

Many names are odd the way real line items are: a platform pair ("Facebook/Instagram"), an
abbreviation ("SEM", "GDN"), a dash qualifier ("Search - competitors"), or a word that is an
outcome or a type elsewhere ("customer dinners", "connected TV", "Trade show circuit").
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from benchmarks.understanding.reading import name_key

# (name as the team writes it, canonical type)
CHANNELS: tuple[tuple[str, str], ...] = (
    ("Google search", "search"),
    ("SEM", "search"),
    ("Bing", "search"),
    ("Search - competitors", "search"),
    ("AdWords brand", "search"),
    ("LinkedIn", "social"),
    ("LI sponsored content", "social"),
    ("Facebook/Instagram", "social"),
    ("Pinterest", "social"),
    ("Snapchat", "social"),
    ("organic content", "content"),
    ("SEO agency", "content"),
    ("gated ebooks", "content"),
    ("case studies", "content"),
    ("Trade show circuit", "events"),
    ("Dreamforce booth", "events"),
    ("customer dinners", "events"),
    ("partner summit", "events"),
    ("Q4 Launch Tour", "events"),
    ("marketing emails", "email"),
    ("drip campaigns", "email"),
    ("HubSpot sequences", "email"),
    ("linear TV", "traditional"),
    ("local radio", "traditional"),
    ("bus shelters", "traditional"),
    ("magazine ads", "traditional"),
    ("airport billboards", "traditional"),
    ("GDN", "display"),
    ("retargeting", "display"),
    ("native ads", "display"),
    ("YouTube pre-roll", "video"),
    ("connected TV", "video"),
    ("affiliate partners", "affiliate"),
    ("partner referrals", "affiliate"),
    ("Podcast ads", "podcasts"),
    ("podcast host reads", "podcasts"),
)
# Names that are easy to misread (a type or outcome word that is not the whole name, or
# two names sharing a word): drawn more often than the rest.
TRICKY = (
    "customer dinners",
    "connected TV",
    "linear TV",
    "LI sponsored content",
    "Search - competitors",
    "Trade show circuit",
    "Facebook/Instagram",
)


@dataclass(frozen=True)
class Outcome:
    name: str  # the canonical name in the reading
    money: bool
    plural: tuple[str, ...]  # as written after a number
    singular: str


OUTCOMES: tuple[Outcome, ...] = (
    Outcome("MQLs", False, ("MQLs", "MQLs", "marketing qualified leads"), "MQL"),
    Outcome("SQLs", False, ("SQLs", "SQLs", "sales qualified leads"), "SQL"),
    Outcome("leads", False, ("leads", "leads", "inbound leads"), "lead"),
    Outcome("demos", False, ("demos", "booked demos"), "demo"),
    Outcome("signups", False, ("signups", "sign ups"), "signup"),
    Outcome("opportunities", False, ("opportunities", "opps"), "opportunity"),
    Outcome("trials", False, ("trials", "free trials"), "trial"),
    Outcome("customers", False, ("customers", "new logos"), "customer"),
    Outcome("pipeline", True, ("pipeline", "in pipeline"), "pipeline"),
    Outcome("revenue", True, ("revenue", "in revenue"), "revenue"),
)

# (as an adverbial, as a noun, weeks) for the figures' period; None: not said (a quarter).
PAST: tuple[tuple[str | None, str | None, int], ...] = (
    ("last quarter", "last quarter", 13),
    ("in Q1", "Q1", 13),
    ("in Q4", "Q4", 13),
    ("in the last 13 weeks", "the last 13 weeks", 13),
    ("last month", "last month", 4),
    ("in September", "September", 4),
    ("over the past 8 weeks", "the past 8 weeks", 8),
    ("in the first half", "the first half", 26),
    ("last year", "last year", 52),
    (None, None, 13),
    (None, None, 13),
    (None, None, 13),
)
# (how the budget's period is written, weeks); None: not said.
FUTURE: tuple[tuple[str | None, int | None], ...] = (
    ("next quarter", 13),
    ("for Q2", 13),
    ("for Q3", 13),
    ("for the coming quarter", 13),
    ("next month", 4),
    ("for December", 4),
    ("for the next 8 weeks", 8),
    ("for the second half", 26),
    ("for next year", 52),
    (None, None),
    (None, None),
)
# For budgets relative to the last period: the next period of the same length.
NEXT_OF_SAME_LENGTH: dict[int, tuple[str, int]] = {
    13: ("next quarter", 13),
    4: ("next month", 4),
    8: ("for the next 8 weeks", 8),
    26: ("for the second half", 26),
    52: ("for next year", 52),
}

OPENERS = (
    "Hello,",
    "Hi team —",
    "quick one.",
    "Context for the planning session:",
    "Copying from my notes, excuse the format.",
    "Long story short:",
    "Ok so.",
    "Per our call,",
)
CLOSERS = (
    "Thanks in advance.",
    "appreciate it",
    "Let me know if anything is unclear.",
    "How would you allocate?",
    "Talk soon, Priya",
    "— sent from my phone",
    "What do you recommend?",
    "Regards,\nSam",
)
# Sentences with no figure, no channel name and no rule.
ASIDES = (
    "Our fiscal year starts in February, for what it's worth.",
    "Tracking got better after we fixed the UTMs.",
    "The CFO is watching efficiency closely.",
    "These are from the CRM, so they may lag a little.",
    "We changed agencies midway through.",
)

# Slips of the keyboard on words a reader keys on; never another English word.
TYPOS: dict[str, tuple[str, ...]] = {
    "budget": ("budgte", "buget"),
    "spent": ("spnt", "sepnt"),
    "least": ("lest", "laest"),
    "between": ("bewteen", "betwen"),
    "exactly": ("exaclty", "exactely"),
    "maximum": ("maxmum",),
    "minimum": ("minumum", "minimim"),
    "commitment": ("commitmnet", "comittment"),
    "respectively": ("respectivly", "repsectively"),
    "generated": ("generatd", "genrated"),
    "delivered": ("deliverd", "delieverd"),
    "ceiling": ("cieling", "ceilng"),
    "total": ("totla", "toal"),
    "spend": ("sepnd", "spned"),
}


def draw_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` channels, none of whose names contains another's."""
    chosen: list[tuple[str, str]] = []
    if rng.random() < 0.45:
        tricky = rng.choice(TRICKY)
        chosen.append(next(c for c in CHANNELS if c[0] == tricky))
        if tricky.endswith("TV") and rng.random() < 0.6:
            twin = "linear TV" if tricky == "connected TV" else "connected TV"
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
