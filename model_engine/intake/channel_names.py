"""Channel names: the user's label -> a canonical :class:`ChannelType` for the priors.

The user's label is always kept for display; the type only chooses priors and groups
("brand-building"). The table below is the whole normalisation; the longest alias found in a
label wins ("paid social ads" -> social, "organic search" -> content, "connected TV" -> video).

Decisions worth knowing:

- **Events** covers trade shows, conferences, field events, sponsorships *and webinars*:
  webinars are scheduled live sessions with a registration funnel and a fixed production cost,
  which behave like field events, not like always-on content. Say "webinars are content" in chat
  to move them.
- **SEO, organic search and blogs** are content (owned media that builds over time), not search.
- **TV, radio, print, out-of-home and direct mail** are traditional; **CTV, OTT, YouTube and
  online video** are video (bought digitally, brand-building either way).
- **Partners, referrals, co-marketing and affiliates** are affiliate.
- **LinkedIn, Meta, Facebook, Instagram, X/Twitter, TikTok, Reddit and influencers** are
  social; **Google Ads, Bing, SEM, PPC and Amazon ads** are search; **programmatic, DV360,
  banners, retargeting and native** are display.
- Anything else keeps its label and is typed ``other`` (generic priors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from model_engine.channels import ChannelType

_ALIASES: dict[ChannelType, tuple[str, ...]] = {
    ChannelType.SEARCH: (
        "paid search",
        "search",
        "search ads",
        "sem",
        "ppc",
        "google ads",
        "adwords",
        "google search",
        "google",
        "bing",
        "bing ads",
        "microsoft ads",
        "amazon ads",
        "ams",
        "sponsored products",
    ),
    ChannelType.SOCIAL: (
        "paid social",
        "social",
        "social media",
        "social ads",
        "organic social",
        "linkedin",
        "linkedin ads",
        "meta",
        "meta ads",
        "facebook",
        "instagram",
        "twitter",
        "x ads",
        "tiktok",
        "reddit",
        "pinterest",
        "snapchat",
        "influencer",
        "influencers",
        "influencer marketing",
    ),
    ChannelType.CONTENT: (
        "content",
        "content marketing",
        "seo",
        "organic search",
        "blog",
        "blogs",
        "thought leadership",
        "whitepapers",
        "ebooks",
    ),
    ChannelType.EVENTS: (
        "events",
        "event",
        "field events",
        "field marketing",
        "trade shows",
        "trade show",
        "tradeshows",
        "conferences",
        "dinners",
        "roundtables",
        "conference",
        "webinars",
        "webinar",
        "sponsorships",
        "sponsorship",
        "experiential",
        "expo",
        "expos",
        "expo booth",
        "booth",
        "trade fair",
        "trade fairs",
        "roadshow",
        "roadshows",
        "summit",
    ),
    ChannelType.EMAIL: (
        "email",
        "e-mail",
        "emails",
        "email marketing",
        "newsletter",
        "newsletters",
    ),
    ChannelType.TRADITIONAL: (
        "traditional",
        "traditional media",
        "tv",
        "television",
        "linear tv",
        "print",
        "newspaper",
        "newspapers",
        "magazines",
        "radio",
        "ooh",
        "out of home",
        "out-of-home",
        "outdoor",
        "billboards",
        "direct mail",
    ),
    ChannelType.DISPLAY: (
        "display",
        "display ads",
        "programmatic",
        "dv360",
        "banners",
        "banner ads",
        "retargeting",
        "native",
        "native ads",
        "google display",
    ),
    ChannelType.VIDEO: (
        "video",
        "online video",
        "youtube",
        "ctv",
        "connected tv",
        "ott",
        "streaming tv",
        "vod",
    ),
    ChannelType.AFFILIATE: (
        "affiliate",
        "affiliates",
        "affiliate marketing",
        "partners",
        "partner",
        "partner program",
        "partner marketing",
        "partnerships",
        "channel partners",
        "referral",
        "referrals",
        "co-marketing",
    ),
    ChannelType.PODCASTS: (
        "podcasts",
        "podcast",
        "podcast ads",
        "audio",
        "digital audio",
        "streaming audio",
        "spotify",
    ),
}


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# A channel's name is the noun phrase around the alias ("branded search", "user conference",
# "email nurture", "Partner Q1"), so a type word inside a name is not the name. Before the
# alias, a name takes up to two modifiers: words that usually qualify a channel (below), proper
# nouns (capitalised inside a sentence: "Google", "Spring") and hyphenated words ("non-brand",
# "always-on"), never a function word or a verb. After it, words that name a part of a channel
# (a programme, a region, a quarter).
_MODIFIERS = _word_set(
    """branded brand nonbrand non-brand generic competitor competitors user users customer
    partner regional local national global international emea apac latam dach us uk eu na
    enterprise smb mid-market spring summer autumn fall winter holiday seasonal evergreen
    prospecting awareness performance conversion demand b2b b2c trade industry virtual
    in-person live annual flagship owned earned sponsored promoted shopping retail app mobile
    desktop product launch premium category core paid organic lifecycle transactional
    onboarding outbound retention loyalty abm"""
)
_NOT_A_MODIFIER = _word_set(
    """a an the our my your their its this that these those we i you they it some any each
    every all both either neither no nor not only just also more less most least other
    another extra additional total overall on in into to for from of at by with via across
    between among per than as about and or but so because since while if then is are was were
    be has have had do does did can could should would will must may might let keep leave lock
    cap limit hold fix set put spend spent invest ran got get drove brought cut drop move
    touch count treat consider"""
)
_NAME_PART_AFTER = re.compile(
    r"(?:booth|booths|nurture|nurturing|syndication|program|programs|programme|programmes|"
    r"campaign|campaigns|series|network|promo|promos|prospecting|q[1-4]|h[12]|emea|apac|latam|"
    r"dach|na|us|uk|eu|brand|non-brand|nonbrand|generic|competitor|ads|ad|spots?|postcards?|"
    r"placements?|pre-?roll|mid-?roll|inserts?)",
    re.IGNORECASE,
)
# "Facebook/Instagram", "Meta/IG": a slash joins one channel's two names.
_SLASHED_AFTER = re.compile(r"^/([A-Za-z][\w&'’-]*)")
_SLASHED_BEFORE = re.compile(r"(?<![\w/])([A-Za-z][\w&'’-]*)/$")
# "Search - competitors", "TV - regional": a dash and one word after a name qualify it when
# the word ends the cell (a line end, a comma, a colon, a bracket, or the figures after it).
_DASHED_AFTER = re.compile(
    r"^[ \t]+[-–][ \t]+([A-Za-z][\w-]*)(?=[ \t]*(?:$|[\n,;:|(])|[ \t]+[-–—$€£\d]|"
    r"[ \t]+(?:and|or|for|at|with|got|took|was|is|brought|drove)\b)"
)
_NOT_A_QUALIFIER = _word_set(
    """spend spent cost costs budget result results invested investment return returns
    revenue pipeline leads mqls sqls signups demos opps opportunities customers conversions
    total"""
)
# Heads that take their medium from the channel before them: "podcast sponsorships" are
# podcasts, "LinkedIn Sponsored Content" is social, "newsletter sponsorships" are email.
_DEFERRING_HEADS = frozenset({"sponsorship", "sponsorships", "content", "sponsored content"})
_WORD_BEFORE = re.compile(r"(^|[^\w&'’.-])([A-Za-z][\w&'’-]*)[ \t]+$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;•*\-–—|(\n]\s*|^\s*\d+[.)]\s*)$")
_WORD_AFTER = re.compile(r"^[ \t]+([A-Za-z][\w-]*)")


@dataclass(frozen=True)
class ChannelMention:
    """A channel named in free text: where, as written, and its canonical type."""

    start: int
    end: int
    text: str
    channel_type: ChannelType


# The words that name a type of channel rather than one channel: "cap social at 30%" with
# LinkedIn and Meta caps both.
_TYPE_WORDS = frozenset(
    {
        "search", "paid search", "social", "paid social", "social media", "content",
        "content marketing", "events", "field events", "email", "email marketing", "traditional",
        "traditional media", "display", "video", "online video", "affiliate", "affiliates",
        "affiliate marketing", "partners", "podcasts", "audio",
    }
)  # fmt: skip


def is_type_word(name: str) -> bool:
    return _normal(name) in _TYPE_WORDS


def channel_type_of(label: str) -> ChannelType:
    """Canonical type of a user's channel label; ``OTHER`` when no alias is in it."""
    mentions = find_channel_mentions(label.replace("_", " "))
    if not mentions:
        return ChannelType.OTHER
    return max(mentions, key=lambda m: m.end - m.start).channel_type


def find_channel_names(text: str) -> tuple[ChannelMention, ...]:
    """Every channel named in ``text`` with the user's whole name for it: "branded search" and
    "non-brand search" are two search channels, "user conference" is not "conference"."""
    names = [_whole_name(text, m) for m in find_channel_mentions(text)]
    kept: list[ChannelMention] = []
    for name in reversed(names):  # a compound's first channel word is inside the compound
        if kept and kept[-1].start <= name.start and name.end <= kept[-1].end:
            continue
        kept.append(name)
    return tuple(reversed(kept))


def _whole_name(text: str, mention: ChannelMention) -> ChannelMention:
    start, end = mention.start, mention.end
    for _ in range(2):
        window = max(0, start - 40)
        before = _WORD_BEFORE.search(text[window:start])
        if before is None:
            break
        word_start = window + before.start(2)
        initial = bool(_SENTENCE_START.search(text[max(0, word_start - 40) : word_start]))
        adjacent = text[window + before.end(2) : start] == " "
        if not _modifies(before.group(2), sentence_initial=initial, adjacent=adjacent):
            break
        start = word_start
    slashed_before = _SLASHED_BEFORE.search(text[max(0, start - 40) : start])
    if slashed_before is not None:
        start -= len(slashed_before.group(0))
    after = _WORD_AFTER.match(text[end:])
    if after is not None and _NAME_PART_AFTER.fullmatch(after.group(1)):
        end += after.end(1)
    while (slashed := _SLASHED_AFTER.match(text[end:])) is not None:
        end += slashed.end()
    dashed = _DASHED_AFTER.match(text[end:])
    if dashed is not None and not _stops_name(dashed.group(1)):
        end += dashed.end()
    if (start, end) == (mention.start, mention.end):
        return mention
    return ChannelMention(start, end, text[start:end], _compound_type(text, start, mention))


def _stops_name(word: str) -> bool:
    bare = word.casefold()
    return bare in _NOT_A_MODIFIER or bare in _NOT_A_QUALIFIER


def _compound_type(text: str, start: int, head: ChannelMention) -> ChannelType:
    """The head's type, unless the head is a format any medium sells and a channel before it
    names the medium."""
    if _normal(head.text) not in _DEFERRING_HEADS:
        return head.channel_type
    media = find_channel_mentions(text[start : head.start])
    return media[-1].channel_type if media else head.channel_type


def _modifies(word: str, *, sentence_initial: bool, adjacent: bool = False) -> bool:
    """A word that can be part of a channel's name before its type word ("branded",
    "non-brand", "Google"). A channel word one space before another is the first noun of a
    compound whose last noun is the head ("partner webinars" are events, "programmatic
    display" is display), unless it names a whole type ("email" in "email SEO" stays two)."""
    bare = word.casefold()
    if bare in _NOT_A_MODIFIER:
        return False
    if find_channel_mentions(word):
        return adjacent and not is_type_word(word)
    proper = word[0].isupper() and not sentence_initial
    return bare in _MODIFIERS or proper or "-" in bare.strip("-")


def find_channel_mentions(text: str) -> tuple[ChannelMention, ...]:
    """Every channel alias in ``text``, left to right, longest at each place, no overlaps."""
    return tuple(
        ChannelMention(m.start(), m.end(), m.group(0), _type_by_alias()[_normal(m.group(0))])
        for m in _alias_pattern().finditer(text)
    )


def _normal(alias: str) -> str:
    return re.sub(r"[\s\-]+", " ", alias.casefold())


@cache
def _type_by_alias() -> dict[str, ChannelType]:
    return {_normal(a): t for t, names in _ALIASES.items() for a in names}


@cache
def _alias_pattern() -> re.Pattern[str]:
    # Longest first so that "paid social" wins over "social" at the same place; separators
    # inside an alias match any run of spaces or hyphens ("out of home", "out-of-home").
    ordered = sorted(_type_by_alias(), key=len, reverse=True)
    alternatives = "|".join(r"[\s\-]+".join(map(re.escape, a.split(" "))) for a in ordered)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)
