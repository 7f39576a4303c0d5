"""Words of the v3 development set: channel names (many with a type word inside a longer
name, or two type words in one name), greetings, sign-offs, filler and typos, none taken from
the earlier corpus's lists.

Each name comes with the canonical type a careful analyst would give it. Two names drawn for
one message never contain one another.
"""

from __future__ import annotations

import random
import re

from benchmarks.understanding.reading import name_key

CHANNELS: tuple[tuple[str, str], ...] = (
    ("brand search", "search"),
    ("competitor search", "search"),
    ("non-branded search", "search"),
    ("Google PPC", "search"),
    ("Bing ads", "search"),
    ("Microsoft Ads", "search"),
    ("LinkedIn", "social"),
    ("paid LinkedIn", "social"),
    ("Meta ads", "social"),
    ("Pinterest", "social"),
    ("TikTok ads", "social"),
    ("influencer marketing", "social"),
    ("SEO", "content"),
    ("thought leadership", "content"),
    ("content syndication", "content"),
    ("partner webinars", "events"),
    ("regional roadshows", "events"),
    ("customer summit", "events"),
    ("trade show booth", "events"),
    ("expo booth", "events"),
    ("field marketing", "events"),
    ("email nurture", "email"),
    ("newsletters", "email"),
    ("lifecycle email", "email"),
    ("linear TV", "traditional"),
    ("local radio", "traditional"),
    ("direct mail", "traditional"),
    ("billboards", "traditional"),
    ("print ads", "traditional"),
    ("programmatic display", "display"),
    ("retargeting", "display"),
    ("native ads", "display"),
    ("YouTube", "video"),
    ("connected TV", "video"),
    ("OTT", "video"),
    ("affiliates", "affiliate"),
    ("referral program", "affiliate"),
    ("channel partners", "affiliate"),
    ("podcast ads", "podcasts"),
    ("Spotify", "podcasts"),
    ("digital audio", "podcasts"),
)
# Names with a type word that is not the whole name, drawn more often than the rest.
TYPE_WORD_NAMES = (
    "brand search",
    "competitor search",
    "partner webinars",
    "expo booth",
    "trade show booth",
    "programmatic display",
    "lifecycle email",
    "print ads",
)

GREETINGS = (
    "hey!",
    "Hi all —",
    "Good morning,",
    "Hey, quick favour:",
    "Hi there, first time using this.",
    "Following up on yesterday's sync.",
    "As discussed on the call:",
)
SIGN_OFFS = (
    "Cheers, Dana",
    "thx",
    "Thanks so much!",
    "Happy to jump on a call if easier.",
    "Need a recommendation by Friday.",
    "Best,\nMarco (RevOps)",
    "lmk",
    "Numbers pulled from Salesforce this morning, might be off by a few.",
)
FILLERS = (
    "Bear with me, this is from memory.",
    "ugh, long week.",
    "Not sure attribution is right but roughly.",
    "Our board meets in two weeks.",
    "(Sorry for the wall of text.)",
    "The new VP wants a fresh look at this.",
    "Sales keeps asking for more leads, as usual.",
)

# Slips of the keyboard in words the messages use, never another English word.
TYPOS: dict[str, tuple[str, ...]] = {
    "budget": ("budgt", "bugdet"),
    "spend": ("sepnd", "spedn"),
    "minimum": ("minimun", "mininum"),
    "maximum": ("maxium",),
    "least": ("lesat",),
    "keep": ("kepe",),
    "channel": ("chnnel",),
    "together": ("togetehr",),
    "combined": ("combiend",),
    "quarter": ("quartre", "qtuarter"),
    "month": ("mnoth",),
    "committed": ("commited", "comitted"),
    "contracted": ("contraced",),
    "returns": ("retruns",),
    "probably": ("prolly", "probaly"),
    "delivered": ("delivred",),
    "thanks": ("thansk",),
}


def draw_channels(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` names, none containing another; a type-word name in about 40% of draws."""
    chosen: list[tuple[str, str]] = []
    if rng.random() < 0.4:
        special = rng.choice(TYPE_WORD_NAMES)
        chosen.append(next(c for c in CHANNELS if c[0] == special))
    while len(chosen) < count:
        candidate = rng.choice(CHANNELS)
        if all(not _overlap(candidate[0], c[0]) for c in chosen):
            chosen.append(candidate)
    rng.shuffle(chosen)
    return chosen[:count]


def _overlap(a: str, b: str) -> bool:
    x, y = name_key(a), name_key(b)
    words_x, words_y = set(x.split()), set(y.split())
    return bool(words_x & words_y) or x in y or y in x


def add_typo(text: str, rng: random.Random) -> str:
    found = [
        (m.start(), m.end(), m.group(0))
        for word in TYPOS
        for m in re.finditer(rf"\b{word}\b", text)
    ]
    if not found:
        return text
    start, end, word = rng.choice(found)
    return text[:start] + rng.choice(TYPOS[word]) + text[end:]
