"""Typed results of attribution: every model's credit per channel, the data-driven models'
details, and how far last-touch attribution is from the data-driven reference.

Everything a reply, a chart or an export needs is here as numbers the engine computed:
``AttributionResult.models`` (shares, conversions and value per channel and model),
``last_touch`` (which channels last touch under- and over-credits, by how many share points,
conversions and value, and what a budget split by last-touch credit would move) and
``comparison()`` (one row per channel with every model's share, for a table or a grouped bar
chart).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from model_engine.attribution.rules import TimeDecay
from model_engine.attribution.shapley import Game
from model_engine.money import format_money

ModelName = Literal[
    "first_touch", "last_touch", "linear", "time_decay", "position_based", "markov", "shapley"
]
MODEL_NAMES: tuple[ModelName, ...] = (
    "first_touch",
    "last_touch",
    "linear",
    "time_decay",
    "position_based",
    "markov",
    "shapley",
)
MODEL_LABELS: dict[ModelName, str] = {
    "first_touch": "First touch",
    "last_touch": "Last touch",
    "linear": "Linear",
    "time_decay": "Time decay",
    "position_based": "Position-based",
    "markov": "Markov",
    "shapley": "Shapley",
}
DATA_DRIVEN: tuple[ModelName, ...] = ("markov", "shapley")
Verdict = Literal["under", "over", "close"]


@dataclass(frozen=True)
class ChannelCredit:
    """What one model credits to one channel. Shares are of all credited conversions (and of
    all credited value); Shapley credit can be negative (see :class:`ShapleySummary`)."""

    channel: str
    conversions: float
    share: float
    value: float | None = None
    value_share: float | None = None


@dataclass(frozen=True)
class ModelCredit:
    """One attribution model's credit for every channel, in the journeys' channel order."""

    name: ModelName
    label: str
    rule: str  # how the model splits a conversion, in words
    channels: tuple[ChannelCredit, ...]

    @property
    def shares(self) -> dict[str, float]:
        return {c.channel: c.share for c in self.channels}

    @property
    def conversions(self) -> dict[str, float]:
        return {c.channel: c.conversions for c in self.channels}

    @property
    def value_shares(self) -> dict[str, float] | None:
        if any(c.value_share is None for c in self.channels):
            return None
        return {c.channel: float(c.value_share or 0.0) for c in self.channels}

    def credit(self, channel: str) -> ChannelCredit:
        for c in self.channels:
            if c.channel == channel:
                return c
        raise KeyError(f"no channel named {channel!r} in the journeys")


@dataclass(frozen=True)
class RemovalEffect:
    """Markov removal effect of one channel: the share of conversions (and of value) that
    would be lost if the channel were removed from every journey."""

    channel: str
    conversions: float
    value: float | None


@dataclass(frozen=True)
class MarkovSummary:
    order: int
    n_states: int
    conversion_probability: float  # of a journey, from the chain
    removal_effects: tuple[RemovalEffect, ...]


@dataclass(frozen=True)
class ShapleySummary:
    game: Game
    characteristic: str  # the characteristic function in words
    n_coalitions: int
    negative: tuple[str, ...]  # channels credited below zero


@dataclass(frozen=True)
class CreditGap:
    """Last-touch credit against the reference model for one channel (last minus reference)."""

    channel: str
    last_touch_share: float
    reference_share: float
    points: float  # share difference, as a fraction (-0.05 = five points less)
    conversions: float
    value: float | None
    verdict: Verdict


@dataclass(frozen=True)
class BudgetShift:
    """One channel's share of a budget split by last-touch credit vs by the reference model's,
    and the amount when a budget was given."""

    channel: str
    reference_share: float
    last_touch_share: float
    change: float  # last minus reference, as a fraction of the budget
    amount: float | None


@dataclass(frozen=True)
class LastTouchBias:
    """Where last touch departs from the data-driven reference.

    A channel is flagged when its last-touch share differs from the reference share by at
    least ``threshold_points`` or by at least a quarter of its reference share (and by at least
    0.2 points, so rounding never flags). ``moved_share`` is the part of a budget that would
    change hands if it were split by last-touch credit instead of the reference's:
    :math:`\\tfrac12\\sum_c |s^{LT}_c - s^{ref}_c|`.
    """

    reference: ModelName
    threshold_points: float
    gaps: tuple[CreditGap, ...]  # most under-credited first
    under_credited: tuple[str, ...]
    over_credited: tuple[str, ...]
    moved_share: float
    budget: float | None
    currency: str
    shifts: tuple[BudgetShift, ...]

    def describe(self) -> str:
        reference = MODEL_LABELS[self.reference]
        parts = []
        for gap in self.gaps:
            if gap.verdict == "close":
                continue
            word = "under-credits" if gap.verdict == "under" else "over-credits"
            parts.append(
                f"last touch {word} {gap.channel} by {abs(gap.points) * 100:.1f} points "
                f"({gap.last_touch_share:.1%} vs {gap.reference_share:.1%} {reference}, "
                f"{abs(gap.conversions):,.0f} conversions)"
            )
        if not parts:
            return f"last touch agrees with {reference} on every channel (within the threshold)"
        moved = f"{self.moved_share:.1%} of a budget"
        if self.budget is not None:
            moved += f" ({format_money(self.moved_share * self.budget, self.currency)})"
        return "; ".join(parts) + f". Split by last-touch credit, {moved} would move."


@dataclass(frozen=True)
class JourneyTotals:
    journeys: float
    conversions: float
    non_converting: float | None  # None when the source listed converting journeys only
    value: float | None
    distinct_paths: int
    mean_touches: float  # per journey
    untracked_conversions: float  # conversions with no tracked touch (credited to no channel)


@dataclass(frozen=True)
class ComparisonRow:
    """One channel's share under every model, in :data:`MODEL_NAMES` order."""

    channel: str
    shares: tuple[float, ...]

    def share(self, model: ModelName) -> float:
        return self.shares[MODEL_NAMES.index(model)]


@dataclass(frozen=True)
class AttributionResult:
    """Every attribution model side by side on one set of journeys (statsmodels-style)."""

    channels: tuple[str, ...]
    totals: JourneyTotals
    models: tuple[ModelCredit, ...]  # in MODEL_NAMES order
    time_decay: TimeDecay
    markov: MarkovSummary
    shapley: ShapleySummary
    last_touch: LastTouchBias
    notes: tuple[str, ...]
    seconds: float

    def model(self, name: ModelName) -> ModelCredit:
        for m in self.models:
            if m.name == name:
                return m
        raise KeyError(f"no model named {name!r}; models: {', '.join(MODEL_NAMES)}")

    def comparison(self) -> tuple[ComparisonRow, ...]:
        return tuple(
            ComparisonRow(channel, tuple(m.credit(channel).share for m in self.models))
            for channel in self.channels
        )

    def summary(self) -> str:
        t = self.totals
        counts = f"{t.conversions:,.0f} conversions"
        if t.non_converting is not None:
            counts += f", {t.non_converting:,.0f} journeys without one"
        lines = [
            f"Attribution of {counts} over {t.distinct_paths:,} distinct paths "
            f"({t.mean_touches:.1f} touches per journey), {len(self.channels)} channels, "
            f"{self.seconds:.2f} s",
        ]
        width = max(12, *(len(c) for c in self.channels))
        header = f"{'channel':<{width}} " + " ".join(
            f"{MODEL_LABELS[m.name]:>14}" for m in self.models
        )
        lines += ["", header, "-" * len(header)]
        for row in self.comparison():
            cells = " ".join(f"{share:>14.1%}" for share in row.shares)
            lines.append(f"{row.channel[:width]:<{width}} {cells}")
        lines += ["", "How each model splits a conversion:"]
        lines += [f"  - {m.label}: {m.rule}" for m in self.models]
        lines += [
            "",
            f"Last touch vs {MODEL_LABELS[self.last_touch.reference]}: "
            + self.last_touch.describe(),
        ]
        if self.notes:
            lines += ["", "Notes:", *(f"  - {n}" for n in self.notes)]
        return "\n".join(lines)
