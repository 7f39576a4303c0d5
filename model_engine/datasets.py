"""Typed inputs to the engine: one period of channel results, or a weekly history.

These are produced by intake (chat text and uploaded files) and consumed by the fitting code.
They are validated at construction, so the engine never sees negative spend or an empty set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

import pandas as pd

from model_engine.channels import ChannelType

OutcomeUnit = Literal["count", "currency"]


@dataclass(frozen=True)
class ChannelPeriod:
    """One channel's results over one period (a quarter by default)."""

    name: str  # the user's label, kept for display
    channel_type: ChannelType
    spend: float
    outcome: float | None  # None when the user gave no outcome for this channel
    stated_cost_per_outcome: float | None = None  # the CAC/CPL the user wrote, if any

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a channel needs a name")
        if self.spend < 0:
            raise ValueError(f"{self.name}: spend cannot be negative ({self.spend:g})")
        if self.outcome is not None and self.outcome < 0:
            raise ValueError(f"{self.name}: outcome cannot be negative ({self.outcome:g})")

    @property
    def cost_per_outcome(self) -> float | None:
        """Spend per outcome (CAC/CPL); ``None`` when there is no outcome to divide by."""
        if not self.outcome:
            return None
        return self.spend / self.outcome


@dataclass(frozen=True)
class SnapshotData:
    """Results of one period, one row per channel, as a CMO pastes them."""

    channels: tuple[ChannelPeriod, ...]
    outcome_name: str = "MQLs"
    outcome_unit: OutcomeUnit = "count"
    currency: str = "USD"
    period_weeks: int = 13

    def __post_init__(self) -> None:
        if not self.channels:
            raise ValueError("no channels: give at least one channel with its spend")
        names = [c.name.casefold() for c in self.channels]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"duplicate channels: {', '.join(duplicates)}")
        if self.period_weeks <= 0:
            raise ValueError("the period must be at least one week")

    @property
    def total_spend(self) -> float:
        return sum(c.spend for c in self.channels)

    def channel(self, name: str) -> ChannelPeriod:
        for c in self.channels:
            if c.name.casefold() == name.casefold():
                return c
        raise KeyError(name)

    def can_merge(self, update: SnapshotData) -> bool:
        """Whether ``update`` corrects or extends this data rather than replacing it: the same
        outcome, currency and period, and either a channel this data has ("Email actually spent
        $250K") or fewer channels than it ("add Conference and Webinars"); a full new table of
        other channels replaces it."""
        known = {c.name.casefold() for c in self.channels}
        return (
            update.outcome_name.casefold() == self.outcome_name.casefold()
            and update.currency == self.currency
            and update.period_weeks == self.period_weeks
            and (
                any(c.name.casefold() in known for c in update.channels)
                or len(update.channels) < len(self.channels)
            )
        )

    def merged(self, update: SnapshotData) -> SnapshotData:
        """This data with ``update``'s channels replacing same-named ones and new ones added
        ("Email actually spent $250K" changes email only)."""
        updates = {c.name.casefold(): c for c in update.channels}
        kept = tuple(updates.pop(c.name.casefold(), c) for c in self.channels)
        return replace(self, channels=kept + tuple(updates.values()))


@dataclass(frozen=True, eq=False)
class WeeklyHistory:
    """A weekly history: one row per week, spend per channel, the target and any controls.

    ``frame`` has a sorted ``DatetimeIndex`` of week starts with no duplicates; every listed
    column exists and is numeric (events may be 0/1 indicators).
    """

    frame: pd.DataFrame
    target: str
    channels: tuple[str, ...]
    channel_types: Mapping[str, ChannelType] = field(default_factory=dict)
    controls: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    outcome_unit: OutcomeUnit = "currency"
    currency: str = "USD"

    def __post_init__(self) -> None:
        if not isinstance(self.frame.index, pd.DatetimeIndex):
            raise ValueError("the weekly history needs a date index")
        if not self.frame.index.is_monotonic_increasing or self.frame.index.has_duplicates:
            raise ValueError("weeks must be in order, each once")
        missing = [
            c
            for c in (self.target, *self.channels, *self.controls, *self.events)
            if c not in self.frame.columns
        ]
        if missing:
            raise ValueError(f"columns not in the data: {', '.join(missing)}")
        if not self.channels:
            raise ValueError("no spend columns: name at least one channel")

    @property
    def n_weeks(self) -> int:
        return len(self.frame)

    def channel_type(self, name: str) -> ChannelType:
        return self.channel_types.get(name, ChannelType.OTHER)
