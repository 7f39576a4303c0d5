"""Channel taxonomy: the canonical types that priors, groups and explanations key on."""

from __future__ import annotations

from enum import StrEnum


class ChannelType(StrEnum):
    """Canonical channel type. The user's own label is kept separately for display."""

    SEARCH = "search"
    SOCIAL = "social"
    CONTENT = "content"
    EVENTS = "events"
    EMAIL = "email"
    TRADITIONAL = "traditional"  # TV, print, radio, out-of-home
    DISPLAY = "display"
    VIDEO = "video"
    AFFILIATE = "affiliate"
    PODCASTS = "podcasts"
    OTHER = "other"


# Channels whose main job is building the brand rather than harvesting demand. The user can
# override the set in chat ("count events as performance").
BRAND_BUILDING_TYPES: frozenset[ChannelType] = frozenset(
    {
        ChannelType.TRADITIONAL,
        ChannelType.CONTENT,
        ChannelType.EVENTS,
        ChannelType.VIDEO,
        ChannelType.PODCASTS,
    }
)
