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
        "conference",
        "webinars",
        "webinar",
        "sponsorships",
        "sponsorship",
        "experiential",
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


@dataclass(frozen=True)
class ChannelMention:
    """A channel named in free text: where, as written, and its canonical type."""

    start: int
    end: int
    text: str
    channel_type: ChannelType


def channel_type_of(label: str) -> ChannelType:
    """Canonical type of a user's channel label; ``OTHER`` when no alias is in it."""
    mentions = find_channel_mentions(label.replace("_", " "))
    if not mentions:
        return ChannelType.OTHER
    return max(mentions, key=lambda m: m.end - m.start).channel_type


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
