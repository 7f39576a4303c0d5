"""The response model a plan is made from: one response curve per channel over the planning
horizon, with draws for uncertainty, plus any interaction terms.

Both fitting modes produce it (``SnapshotFit.to_response_model`` for one quarter of results,
the history fit's ``to_response_model`` for a weekly history), and ``budgetmix optimize
--curves`` reads it from a file. The optimizer, scenarios, sensitivity and drivers consume it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

from model_engine.channels import ChannelType
from model_engine.response import ResponseCurve
from model_engine.saturation import FloatArray

Evidence = Literal["history", "snapshot", "prior_only", "no_evidence", "supplied"]


@dataclass(frozen=True)
class Carryover:
    """How long a channel's effect lasts, for explanations. All in weeks."""

    kind: str  # "geometric", "weibull", or "none"
    mean_lag_weeks: float
    peak_lag_weeks: float
    steady_state_multiplier: float  # sum of the adstock kernel weights


@dataclass(frozen=True)
class Interval:
    """A point estimate with a central interval (90% unless ``level`` says otherwise)."""

    estimate: float
    low: float
    high: float
    level: float = 0.9


@dataclass(frozen=True)
class HistoricalEffect:
    """What a history fit attributes to a channel over the fitted weeks (for explanations)."""

    contribution: Interval  # total outcome attributed to the channel
    contribution_share: Interval  # contribution / sum of the target
    roi: Interval  # contribution / spend


@dataclass(frozen=True)
class ChannelCurve:
    """One channel's response over the planning horizon.

    ``curve`` is the point estimate; ``draws`` has array-valued parameters (one per draw) and
    gives the intervals. ``current_spend`` is what the channel would get over the horizon at
    its recent run-rate.
    """

    name: str
    channel_type: ChannelType
    current_spend: float
    curve: ResponseCurve
    draws: ResponseCurve | None = None
    evidence: Evidence = "snapshot"
    carryover: Carryover | None = None
    history: HistoricalEffect | None = None  # history fits only
    notes: tuple[str, ...] = ()

    def outcome_draws(self, spend: float | FloatArray) -> FloatArray:
        """Outcome for each draw at ``spend`` (shape ``(n_draws,)``); the point curve if none."""
        curve = self.draws if self.draws is not None else self.curve
        return np.atleast_1d(curve.outcome(spend))


@dataclass(frozen=True)
class Interaction:
    r"""A pairwise synergy term between two channels, added to the total outcome:

    .. math:: \gamma \cdot S_a(x_a) \cdot S_b(x_b)

    with :math:`S` each channel's saturation level (so :math:`\gamma` is in outcome units).
    """

    channel_a: str
    channel_b: str
    coefficient: float
    p_value: float | None = None


@dataclass(frozen=True)
class ResponseModel:
    """Channel curves over a horizon, the baseline outcome and interactions."""

    channels: tuple[ChannelCurve, ...]
    horizon_weeks: int = 13
    outcome_name: str = "outcome"
    outcome_unit: Literal["count", "currency"] = "count"
    currency: str = "USD"
    baseline_outcome: float = 0.0  # non-media outcome over the horizon (history fits)
    interactions: tuple[Interaction, ...] = ()
    source: Literal["snapshot", "history", "curves_file"] = "snapshot"
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not self.channels:
            raise ValueError("a response model needs at least one channel")
        names = [c.name for c in self.channels]
        if len(set(names)) != len(names):
            raise ValueError("channel names must be unique")
        for term in self.interactions:
            for name in (term.channel_a, term.channel_b):
                if name not in names:
                    raise ValueError(f"interaction names an unknown channel {name!r}")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.channels)

    @property
    def current_total(self) -> float:
        return float(sum(c.current_spend for c in self.channels))

    def channel(self, name: str) -> ChannelCurve:
        for c in self.channels:
            if c.name == name:
                return c
        raise KeyError(f"no channel named {name!r}; channels: {', '.join(self.names)}")

    def over_horizon(self, horizon_weeks: int) -> ResponseModel:
        """The same model over another horizon at the same weekly pace of spend and response.

        Interaction terms multiply saturation levels, which an even rescaling preserves; like
        the baseline, their outcome over the horizon grows with its length.
        """
        if horizon_weeks <= 0:
            raise ValueError("the planning horizon must be at least one week")
        factor = horizon_weeks / self.horizon_weeks
        channels = tuple(
            replace(
                c,
                current_spend=c.current_spend * factor,
                curve=c.curve.over_periods(factor),
                draws=None if c.draws is None else c.draws.over_periods(factor),
            )
            for c in self.channels
        )
        interactions = tuple(
            replace(t, coefficient=t.coefficient * factor) for t in self.interactions
        )
        return replace(
            self,
            channels=channels,
            horizon_weeks=horizon_weeks,
            baseline_outcome=self.baseline_outcome * factor,
            interactions=interactions,
        )

    def with_channel(self, updated: ChannelCurve) -> ResponseModel:
        """A copy with one channel replaced (used by sensitivity analysis)."""
        channels = tuple(updated if c.name == updated.name else c for c in self.channels)
        return replace(self, channels=channels)
