"""The fourth blind set's words: channel names, number notations, filler and typos.

Written by the blind author from how marketing people write in chat, email and Slack, not
from the reader or the other sets' vocabularies. Every function takes the message's own
``random.Random`` so a message is the same for the same seed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.understanding.reading import name_key


@dataclass(frozen=True)
class Name:
    """A channel name as a marketer writes it, with the canonical type an analyst gives it."""

    text: str
    channel_type: str


def _names(channel_type: str, *texts: str) -> list[Name]:
    return [Name(t, channel_type) for t in texts]


# Multi-word names, brand-specific names and names that contain a type word ("Branded search"
# is a search channel called "Branded search", not "search").
NAMES: tuple[Name, ...] = (
    *_names(
        "search",
        "Paid search",
        "Google Ads",
        "Branded search",
        "Non-brand search",
        "Bing Ads",
        "SEM",
        "Google search",
    ),
    *_names(
        "social",
        "Paid social",
        "LinkedIn",
        "LinkedIn Ads",
        "Meta",
        "Facebook & Instagram",
        "TikTok",
        "Reddit ads",
    ),
    *_names("content", "Content", "Content marketing", "SEO content", "Content syndication"),
    *_names(
        "events",
        "Events",
        "Trade shows",
        "Expo booth",
        "Field events",
        "Acme Summit",
        "Partner events",
        "Roadshow",
    ),
    *_names("email", "Email", "Email nurture", "Newsletter", "Lifecycle email"),
    *_names(
        "traditional", "TV", "Linear TV", "Radio", "Print", "Billboards", "Out-of-home", "Print ads"
    ),
    *_names("display", "Display", "Programmatic display", "Display retargeting", "Banner ads"),
    *_names("video", "YouTube", "Online video", "YouTube pre-roll"),
    *_names("affiliate", "Affiliates", "Affiliate partners", "Affiliate network"),
    *_names("podcasts", "Podcasts", "Podcast sponsorships", "Podcast ads"),
)


def pick_names(rng: random.Random, count: int, types: Sequence[str] = ()) -> list[Name]:
    """``count`` channels, no two of one type unless needed and no name inside another (so
    every mention names one channel); ``types`` first when given."""
    chosen: list[Name] = []
    pool = list(NAMES)
    rng.shuffle(pool)
    wanted = list(types)
    for want in wanted:
        for name in pool:
            if name.channel_type == want and _fits(name, chosen):
                chosen.append(name)
                break
    for name in pool:
        if len(chosen) >= count:
            break
        if _fits(name, chosen) and all(c.channel_type != name.channel_type for c in chosen):
            chosen.append(name)
    return chosen[:count]


def _fits(name: Name, chosen: list[Name]) -> bool:
    key = name_key(name.text)
    words = set(key.replace("-", " ").split())
    for other in chosen:
        other_key = name_key(other.text)
        if key in other_key or other_key in key:
            return False
        if words & set(other_key.replace("-", " ").split()):
            return False  # "Google Ads" beside "Google search": a mention could be either
    return True


# --- money ----------------------------------------------------------------------------------

CURRENCIES = ("USD", "EUR", "GBP")
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}

_WORDS = {
    100_000: ("a hundred thousand", "one hundred thousand"),
    150_000: ("a hundred and fifty thousand",),
    200_000: ("two hundred thousand",),
    250_000: ("a quarter of a million", "two hundred fifty thousand", "250 thousand"),
    300_000: ("three hundred thousand",),
    500_000: ("half a million", "five hundred thousand"),
    750_000: ("three quarters of a million", "seven hundred fifty thousand"),
    1_000_000: ("a million", "one million"),
    1_500_000: ("one and a half million", "a million and a half", "1.5 million"),
    2_000_000: ("two million",),
    2_500_000: ("two and a half million", "2.5 million"),
    3_000_000: ("three million",),
}


def pick_currency(rng: random.Random) -> str:
    return rng.choices(CURRENCIES, weights=(8, 1, 1))[0]


def _trim(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def money_text(value: float, currency: str, rng: random.Random, *, words: bool = True) -> str:
    """``value`` in one of the notations people use: $400K, 400k, $400,000, 0.4M, $1.2M,
    1.2 million, 1200k, $1.2MM, "a quarter of a million", €400K, 400K EUR, £1.2m."""
    styles = ["k", "comma", "short"]
    if value >= 1_000_000:
        styles += ["m", "million", "mm"]
    elif value >= 100_000 and value % 100_000 == 0:
        styles.append("m")
    if words and value in _WORDS:
        styles.append("words")
    style = rng.choice(styles)
    if style == "words":
        body = rng.choice(_WORDS[int(value)])
        if currency == "USD":
            return body + rng.choice(("", " dollars"))
        return body + (" euros" if currency == "EUR" else " pounds")
    if style == "k":
        body = _trim(value / 1000) + rng.choice(("K", "k", "K"))
    elif style == "short":
        body = _trim(value / 1000) + "k"
    elif style == "comma":
        body = f"{value:,.0f}"
    elif style == "m":
        body = _trim(value / 1_000_000) + rng.choice(("M", "m", "M"))
    elif style == "mm":
        body = _trim(value / 1_000_000) + "MM"
    else:
        body = _trim(value / 1_000_000) + " million"
    symbol = SYMBOLS[currency]
    if currency == "USD":
        bare_ok = style in ("k", "short", "m")
        return body if bare_ok and rng.random() < 0.25 else symbol + body
    if rng.random() < 0.2:
        return f"{body} {currency}"
    return symbol + body


def small_money(value: float, currency: str, rng: random.Random) -> str:
    """A per-outcome amount: $350, $1,200, $1.2K, 350 dollars, €350."""
    symbol = SYMBOLS[currency]
    options = [f"{symbol}{value:,.0f}", f"{symbol}{value:.0f}"]
    if value >= 1000 and value % 100 == 0:
        options.append(f"{symbol}{_trim(value / 1000)}K")
    if currency == "USD":
        options.append(f"{value:,.0f} dollars")
    return rng.choice(options)


def count_text(value: float, rng: random.Random) -> str:
    """A count: 2,400, 2400, 2.4k, ~2,400."""
    options = [f"{value:,.0f}", f"{value:.0f}"]
    if value >= 1000 and value % 100 == 0:
        options.append(_trim(value / 1000) + rng.choice(("k", "K")))
    text = rng.choice(options)
    return ("~" + text) if rng.random() < 0.1 else text


_PERCENT_WORDS = {0.1: "ten percent", 0.2: "twenty percent", 0.25: "twenty-five percent"}
SHARE_WORDS = {0.5: "half", 0.3333: "a third", 0.2: "a fifth", 0.25: "a quarter"}


def percent_text(value: float, rng: random.Random) -> str:
    """A percentage: 15%, 15 percent, 15 per cent, ten percent."""
    whole = round(value * 100)
    options = [f"{whole}%", f"{whole}%", f"{whole} percent", f"{whole} per cent"]
    if value in _PERCENT_WORDS:
        options.append(_PERCENT_WORDS[value])
    return rng.choice(options)


def amount_choice(rng: random.Random, low: int, high: int, step: int = 10_000) -> int:
    return rng.randrange(low // step, high // step + 1) * step


# --- outcomes -------------------------------------------------------------------------------

# How people write an outcome noun, and the canonical name the reading carries.
OUTCOMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("MQLs", ("MQLs", "mqls", "MQLs", "marketing qualified leads")),
    ("SQLs", ("SQLs", "sqls", "sales-qualified leads")),
    ("leads", ("leads", "leads", "Leads")),
    ("opportunities", ("opportunities", "opps")),
    ("customers", ("customers", "new customers")),
)


def pick_outcome(rng: random.Random) -> tuple[str, str]:
    """(canonical name, the noun as this message writes it)."""
    canonical, spellings = rng.choice(OUTCOMES)
    return canonical, rng.choice(spellings)


def outcome_per_spend(canonical: str) -> tuple[float, float]:
    """A plausible range of cost per outcome for this outcome, for realistic figures."""
    return {
        "MQLs": (90.0, 400.0),
        "SQLs": (300.0, 1500.0),
        "leads": (40.0, 250.0),
        "opportunities": (900.0, 4000.0),
        "customers": (2500.0, 9000.0),
    }[canonical]


def outcome_for(spend: float, canonical: str, rng: random.Random) -> int:
    low, high = outcome_per_spend(canonical)
    raw = spend / rng.uniform(low, high)
    step = 10 if raw >= 200 else 1
    return max(3, round(raw / step) * step)


# --- filler and typos -----------------------------------------------------------------------

OPENINGS = (
    "Hi team,",
    "Hey!",
    "Morning all,",
    "Hi there,",
    "Quick one before my 3pm:",
    "Following up on yesterday's call.",
    "Hope your week is going well.",
    "Sorry for the delay, back-to-back meetings today.",
    "As promised, here's what we've got.",
    "ok so",
    "Thanks for jumping on this.",
    "Looping in Priya from finance.",
)
MIDDLES = (
    "Numbers are from our dashboard, so take them with a pinch of salt.",
    "Attribution is last-touch, for what it's worth.",
    "Finance hasn't signed off on everything yet.",
    "This is a first pass, happy to refine.",
    "Let me know if anything looks off.",
    "We're a B2B SaaS team, mid-market focus.",
    "The board meets on the 14th so we need a draft soon.",
)
CLOSINGS = (
    "Thanks!",
    "Cheers,",
    "Thanks in advance.",
    "Let me know what you think.",
    "Appreciate it!",
    "Best,\nDana",
    "Talk soon.",
    "thx",
)

# Typos in words whose meaning an analyst reads anyway; never in a number, a name or an
# outcome noun.
TYPOS = {
    "budget": "budegt",
    "quarter": "quater",
    "spent": "spnet",
    "between": "betwen",
    "maximize": "maximze",
    "channel": "chanel",
    "about": "abotu",
    "the ": "teh ",
    "because": "becuase",
    "really": "realy",
    "would": "woudl",
}


def add_typo(text: str, rng: random.Random) -> str:
    present = [word for word in TYPOS if word in text]
    if not present:
        return text
    word = rng.choice(present)
    index = text.find(word)
    return text[:index] + TYPOS[word] + text[index + len(word) :]


def dress(
    parts: Sequence[str],
    rng: random.Random,
    *,
    shuffle: bool = True,
    joiner: str = " ",
    filler: bool = True,
) -> str:
    """The message: its parts, shuffled when their order carries no meaning, with an opening,
    a filler sentence and a closing now and then, and a typo in about one message in seven."""
    pieces = list(parts)
    if shuffle:
        rng.shuffle(pieces)
    if filler and rng.random() < 0.3:
        pieces.insert(rng.randrange(len(pieces) + 1), rng.choice(MIDDLES))
    if filler and rng.random() < 0.4:
        pieces.insert(0, rng.choice(OPENINGS))
    if filler and rng.random() < 0.35:
        pieces.append(rng.choice(CLOSINGS))
    text = ("\n" if any("\n" in p for p in pieces) else joiner).join(pieces)
    if rng.random() < 0.15:
        text = add_typo(text, rng)
    return text


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]
