r"""The rule-based attribution models: each splits a conversion among its path's touches by a
fixed formula, so its credit is a weighted count of touches.

For a path :math:`p` with touches :math:`k = 0..L_p-1` (0 = first) and weights
:math:`w_{pk} \ge 0` with :math:`\sum_k w_{pk} = 1`, channel :math:`c` gets

.. math:: \mathrm{credit}_c = \sum_p C_p \sum_{k:\,c_{pk} = c} w_{pk}

conversions (and the same with the path's value :math:`V_p` in place of :math:`C_p`). Repeated
touches of one channel count separately, as in ChannelAttribution's heuristic models: in
``email > email > search`` linear attribution gives email 2/3.

All weights are computed for every touch of every unique path at once (no loop over paths).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from model_engine.attribution.journeys import FloatArray, IntArray, Journeys, tally

DecayUnit = Literal["days", "touches"]

# Google Analytics' time-decay model used a 7-day half-life; a path table has no clock, so
# there the decay runs in touches, and one halving every two touches keeps the first touches
# of a typical 3-5 touch path from vanishing the way a per-touch halving would.
DEFAULT_HALF_LIFE_DAYS = 7.0
DEFAULT_HALF_LIFE_TOUCHES = 2.0


@dataclass(frozen=True)
class Credit:
    """Conversions (and value) credited to each channel code by one model."""

    conversions: FloatArray
    value: FloatArray | None


@dataclass(frozen=True)
class TimeDecay:
    r"""Weights that halve every ``half_life`` before the conversion:
    :math:`w_{pk} \propto 2^{-d_{pk}/h}`, with :math:`d` the time before the conversion (days,
    for timestamped journeys) or the number of touches between the touch and the conversion
    (0 for the last touch, for path tables)."""

    half_life: float
    unit: DecayUnit

    def __post_init__(self) -> None:
        if not self.half_life > 0:
            raise ValueError(f"the time-decay half-life must be above 0 (got {self.half_life:g})")

    def describe(self) -> str:
        amount = f"{self.half_life:g} {self.unit if self.half_life != 1 else self.unit[:-1]}"
        if self.unit == "days":
            return f"credit halves every {amount} before the conversion"
        return (
            f"credit halves every {amount} back from the conversion (a decay by position: it "
            "counts touches, not time)"
        )


def first_touch(journeys: Journeys) -> Credit:
    """All the credit to the first touch."""
    starts = journeys.touches[journeys.offsets[:-1]]
    return _per_path_channel(journeys, starts)


def last_touch(journeys: Journeys) -> Credit:
    """All the credit to the last touch before the conversion."""
    ends = journeys.touches[journeys.offsets[1:] - 1]
    return _per_path_channel(journeys, ends)


def linear(journeys: Journeys) -> Credit:
    """Equal credit to every touch: :math:`w_{pk} = 1/L_p`."""
    lengths = journeys.lengths.astype(np.float64)
    return _weighted(journeys, np.repeat(1.0 / lengths, journeys.lengths))


def position_based(journeys: Journeys, first: float = 0.4, last: float = 0.4) -> Credit:
    """U-shaped: 40% to the first touch, 40% to the last, 20% split evenly among the touches
    between; a two-touch path splits 50/50 and a one-touch path gives it everything (Google
    Analytics' position-based model)."""
    if first < 0 or last < 0 or first + last > 1:
        raise ValueError("the first and last shares must be >= 0 and add up to at most 1")
    lengths = np.repeat(journeys.lengths, journeys.lengths)
    position = journeys.position
    middle = (1.0 - first - last) / np.maximum(lengths - 2, 1)
    weights = np.where(position == 0, first, np.where(position == lengths - 1, last, middle))
    weights = np.where(lengths == 2, 0.5, weights)
    weights = np.where(lengths == 1, 1.0, weights)
    return _weighted(journeys, weights)


def time_decay(journeys: Journeys, decay: TimeDecay) -> Credit:
    """Credit that halves every ``decay.half_life`` before the conversion (see
    :class:`TimeDecay`). Timestamped journeys decay in days, each converting journey on its
    own clock; path tables decay in touches."""
    if decay.unit == "days":
        timing = journeys.timing
        if timing is None:
            raise ValueError(
                "a half-life in days needs timestamped journeys; a path table decays in touches"
            )
        raw = np.exp2(-timing.days_before / decay.half_life)
        weights = raw / np.bincount(timing.journey, weights=raw)[timing.journey]
        n = len(journeys)
        conversions = tally(timing.channel, weights * timing.conversions[timing.journey], n)
        value = (
            None
            if timing.value is None
            else tally(timing.channel, weights * timing.value[timing.journey], n)
        )
        return Credit(conversions, value)
    steps_before_end = np.repeat(journeys.lengths, journeys.lengths) - 1 - journeys.position
    raw = np.exp2(-steps_before_end / decay.half_life)
    totals = np.bincount(journeys.path_of_touch, weights=raw)
    return _weighted(journeys, raw / totals[journeys.path_of_touch])


def _per_path_channel(journeys: Journeys, channel_of_path: IntArray) -> Credit:
    n = len(journeys)
    conversions = tally(channel_of_path, journeys.conversions, n)
    value = None if journeys.value is None else tally(channel_of_path, journeys.value, n)
    return Credit(conversions, value)


def _weighted(journeys: Journeys, weights: FloatArray) -> Credit:
    path = journeys.path_of_touch
    n = len(journeys)
    conversions = tally(journeys.touches, weights * journeys.conversions[path], n)
    value = (
        None
        if journeys.value is None
        else tally(journeys.touches, weights * journeys.value[path], n)
    )
    return Credit(conversions, value)
