"""What a column is, judged from its name: spend, exposure (impressions, clicks), target,
control, calendar counter, row index or ratio.

Conventions from real exports are recognised: Robyn's ``tv_S`` (spend), ``facebook_I``
(impressions), ``search_clicks_P`` and ``competitor_sales_B`` (baseline); PyMC-Marketing's
``mdsp_`` (media spend) and ``mdip_`` (media impressions) prefixes, ``me_`` macro indicators,
``hldy_`` holiday and ``seas_`` season dummies; Meridian's ``_spend``, ``_impression`` and
``_control`` suffixes. Values decide the rest (0/1 columns are events; few text levels are
categorical events) in :mod:`model_engine.intake.files.loader`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from model_engine.channels import ChannelType
from model_engine.datasets import OutcomeUnit
from model_engine.intake.channel_names import channel_type_of

NameRole = Literal[
    "spend", "exposure", "target", "control", "organic", "calendar", "ratio", "index", "panel"
]

_SPEND_TOKENS = frozenset({"spend", "spent", "cost", "costs", "investment", "mdsp", "budget"})
_EXPOSURE_TOKENS = frozenset(
    {
        "impression",
        "impressions",
        "impr",
        "imps",
        "views",
        "clicks",
        "click",
        "reach",
        "grp",
        "grps",
        "trp",
        "trps",
        "sessions",
        "visits",
        "exposure",
        "exposures",
        "mdip",
    }
)
_TARGET_UNITS: dict[str, OutcomeUnit] = {
    "revenue": "currency",
    "sales": "currency",
    "pipeline": "currency",
    "bookings": "currency",
    "gmv": "currency",
    "income": "currency",
    "conversions": "count",
    "conversion": "count",
    "orders": "count",
    "leads": "count",
    "mqls": "count",
    "mql": "count",
    "sqls": "count",
    "signups": "count",
    "customers": "count",
    "transactions": "count",
    "units": "count",
    "installs": "count",
    "target": "count",
    "kpi": "count",
    "y": "count",
}
_CONTROL_TOKENS = frozenset(
    {
        "competitor",
        "competition",
        "control",
        "price",
        "pricing",
        "rsp",
        "promo",
        "promotion",
        "promotions",
        "discount",
        "distribution",
        "macro",
        "sentiment",
        "weather",
        "temperature",
        "gdp",
        "unemployment",
        "cpi",
        "inflation",
        "trend",
        "index",
        "stores",
        "store",
        "ct",
        "mrkdn",
        "markdown",
        "me",
        "population",
    }
)
_ORGANIC_TOKENS = frozenset({"organic", "newsletter", "newsletters", "unpaid", "earned", "owned"})
_CALENDAR_TOKENS = frozenset(
    {"yr", "year", "qtr", "quarter", "prd", "wk", "week", "month", "nbr", "dow", "weekday"}
)
_RATIO_TOKENS = frozenset({"per", "rate", "ratio", "share", "pct", "percent", "avg", "cpm", "cpc"})
_PANEL_TOKENS = frozenset(
    {"geo", "region", "market", "country", "dma", "state", "city", "territory"}
)
_INDEX_NAMES = frozenset({"index", "unnamed 0", "row", "id", "#"})

# Abbreviations seen in exported media columns (PyMC-Marketing's case study among them); used
# only for file columns, where they cannot be confused with ordinary words.
_COLUMN_ABBREVIATIONS: dict[str, ChannelType] = {
    "so": ChannelType.SOCIAL,
    "fb": ChannelType.SOCIAL,
    "ig": ChannelType.SOCIAL,
    "li": ChannelType.SOCIAL,
    "on": ChannelType.DISPLAY,
    "dsp": ChannelType.DISPLAY,
    "dm": ChannelType.TRADITIONAL,  # direct mail
    "inst": ChannelType.TRADITIONAL,  # newspaper inserts
    "nsp": ChannelType.TRADITIONAL,  # newspaper
    "audtr": ChannelType.TRADITIONAL,  # traditional audio: radio
    "vidtr": ChannelType.TRADITIONAL,  # traditional video: TV
    "auddig": ChannelType.PODCASTS,  # digital audio
    "viddig": ChannelType.VIDEO,
    "olv": ChannelType.VIDEO,
    "yt": ChannelType.VIDEO,
    "aff": ChannelType.AFFILIATE,
    "em": ChannelType.EMAIL,
}


@dataclass(frozen=True)
class NameReading:
    """What a column's name says about it; ``role`` is ``None`` when the name says nothing."""

    role: NameRole | None
    explicit_spend: bool = False  # the name carries a spend marker ("_S", "spend", "mdsp_")


def tokens_of(name: str) -> list[str]:
    """Lower-case word tokens, splitting on separators and camelCase ("tv_S" -> tv, s)."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    return re.findall(r"[a-z]+|\d+", spaced.casefold())


def read_name(name: str) -> NameReading:
    tokens = tokens_of(name)
    token_set = set(tokens)
    last = tokens[-1] if tokens else ""
    robyn_suffix = re.search(r"_([A-Z])$", name)
    if name.strip().casefold() in _INDEX_NAMES or name.startswith("(unnamed column"):
        return NameReading("index")
    if token_set & _PANEL_TOKENS and len(tokens) <= 2:
        return NameReading("panel")
    if token_set & _ORGANIC_TOKENS:
        return NameReading("organic")
    if (robyn_suffix and robyn_suffix.group(1) == "S") or token_set & _SPEND_TOKENS:
        return NameReading("spend", explicit_spend=True)
    if (robyn_suffix and robyn_suffix.group(1) in ("I", "P")) or token_set & _EXPOSURE_TOKENS:
        return NameReading("exposure")
    if (robyn_suffix and robyn_suffix.group(1) == "B") or token_set & _CONTROL_TOKENS:
        return NameReading("control")
    if token_set & _RATIO_TOKENS:
        return NameReading("ratio")
    if token_set & _TARGET_UNITS.keys():
        return NameReading("target")
    if token_set and token_set <= _CALENDAR_TOKENS | {"in", "of", "number", "num", "no"}:
        return NameReading("calendar")
    if last and channel_type_of(name) is not ChannelType.OTHER:
        return NameReading("spend")
    return NameReading(None)


def target_rank(name: str) -> int:
    """How surely a name is the outcome: 2 for an exact word ("revenue", "Sales"), 1 for a
    name containing one ("total_revenue", "target1")."""
    tokens = tokens_of(name)
    if len(tokens) == 1 and tokens[0] in _TARGET_UNITS:
        return 2
    return 1 if set(tokens) & _TARGET_UNITS.keys() else 0


def outcome_unit_of(name: str) -> OutcomeUnit | None:
    """``currency`` for revenue-like targets, ``count`` for conversion-like ones, ``None``
    when the name does not say ("target1", "kpi")."""
    units = {_TARGET_UNITS[t] for t in tokens_of(name) if t in _TARGET_UNITS}
    named = set(tokens_of(name)) - {"target", "kpi", "y"}
    if len(units) == 1 and named & _TARGET_UNITS.keys():
        return units.pop()
    return None


def spend_channel_type(name: str) -> ChannelType:
    """Channel type of a spend column: the whole name ("DV360", "Google Search"), else its
    words without the spend markers, as written ("LinkedIn Spend") and split at camelCase
    ("tvSpend"), with export abbreviations ("mdsp_so")."""
    whole = channel_type_of(name)
    if whole is not ChannelType.OTHER:
        return whole
    markers = _SPEND_TOKENS | {"s", "total", "media"}
    for words in (re.findall(r"[A-Za-z]+|\d+", name), tokens_of(name)):
        kept = [w for w in words if w.casefold() not in markers]
        for word in kept:
            if word.casefold() in _COLUMN_ABBREVIATIONS:
                return _COLUMN_ABBREVIATIONS[word.casefold()]
        found = channel_type_of(" ".join(kept))
        if found is not ChannelType.OTHER:
            return found
    return ChannelType.OTHER


def channel_stem(name: str) -> str:
    """The part of a spend or exposure column naming the channel ("tv_S" -> "tv",
    "Channel0_impression" -> "channel0", "mdip_sem" -> "sem"), to pair the two."""
    markers = _SPEND_TOKENS | _EXPOSURE_TOKENS | {"s", "i", "p"}
    return " ".join(t for t in tokens_of(name) if t not in markers)
