r"""Response curves: outcome over a period as a function of the spend over that period.

A :class:`ResponseCurve` is what the optimizer, the scenarios and the narrative consume. By
default it assumes spend is spread evenly over the period and carryover has reached its steady
state, so a curve fitted on weekly adstocked spend becomes a curve of total spend over the
planning horizon by a change of units (see :meth:`ResponseCurve.from_weekly`).

A :class:`FlightingPattern` spreads a channel's horizon budget unevenly instead: weekly shares
:math:`p_t` (summing to 1) give weekly adstocked levels :math:`X q_t` with :math:`q` the adstock
of :math:`p`, so the horizon outcome is :math:`\beta \sum_t S(X q_t)`
(:meth:`ResponseCurve.flighted`). This needs a weekly model; a curve of one point per period
(a snapshot or a curves file) has no weeks for a pattern to act on.

Parameters may be arrays of draws (prior or bootstrap samples); every method then returns one
value per draw, which is how intervals on outcomes are computed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from model_engine.saturation import (
    FlightedSaturation,
    FloatArray,
    Param,
    Saturation,
    draw_value,
)

Flighting = Mapping[str, Sequence[float]] | Sequence[float]
"""Weekly spend weights: one sequence for every channel, or a sequence per channel name (the
key ``"*"`` covers the channels not named). Weights are normalised to shares summing to 1."""

ALL_CHANNELS = "*"
PERIOD_CURVES_CANNOT_FLIGHT = (
    "these curves give one response per period (spend over the whole period to outcome over "
    "the period), so a weekly flighting pattern cannot change them; flighting needs a model "
    "fitted on a weekly history (budgetmix fit ... --save, then optimize --model)"
)


@dataclass(frozen=True)
class FlightingPattern:
    r"""How a channel's horizon budget is spread over the weeks: shares :math:`p_t \ge 0`,
    :math:`\sum_t p_t = 1`, over :math:`H` weeks.

    Carryover follows the steady state the even-spend curve assumes: the weeks before the
    horizon ran the same plan, so the adstock is circular,

    .. math::
        q_t = \sum_{l=0}^{L-1} w_l\, p_{(t - l) \bmod H},

    and what the last weeks carry past the horizon is exactly what its first weeks receive from
    before it. Every dollar keeps its whole carryover inside the horizon (:math:`\sum_t q_t =
    \sum_l w_l`), so a pattern changes the outcome only through saturation; an even pattern
    gives :math:`q_t = \sum_l w_l / H`, the steady run-rate, and today's even-spend curve.
    Taking carry-in from the current run-rate instead would make the response depend on past
    spend rather than the plan and would drop the effect of late weeks that lands after the
    horizon, penalising them for the horizon's edge.
    """

    shares: tuple[float, ...]

    def __post_init__(self) -> None:
        if not self.shares or not math.isclose(sum(self.shares), 1.0, rel_tol=1e-9):
            raise ValueError("flighting shares must sum to 1 (use FlightingPattern.from_weights)")

    @classmethod
    def from_weights(
        cls, weights: Sequence[float], horizon_weeks: int, channel: str = "every channel"
    ) -> FlightingPattern:
        """Validate one weight per week (any non-negative scale) and normalise to shares."""
        where = f"the flighting pattern for {channel!r}"
        if isinstance(weights, str) or not isinstance(weights, Sequence):
            raise ValueError(f"{where} must be a list of weekly weights, got {weights!r}")
        values = list(weights)
        if len(values) != horizon_weeks:
            raise ValueError(
                f"{where} has {len(values)} weeks but the horizon has {horizon_weeks}; "
                "give one weight per week"
            )
        for week, value in enumerate(values, start=1):
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
            ):
                raise ValueError(f"{where}: week {week} must be a number, got {value!r}")
            if value < 0:
                raise ValueError(f"{where}: week {week} is negative ({value:g}); use 0 or more")
        total = float(sum(values))
        if total <= 0:
            raise ValueError(
                f"{where} is all zero; give at least one week some spend, or leave the "
                "channel out to spread it evenly"
            )
        return cls(tuple(float(v) / total for v in values))

    @property
    def weeks(self) -> int:
        return len(self.shares)

    @property
    def is_even(self) -> bool:
        return bool(np.allclose(self.shares, 1.0 / self.weeks, rtol=1e-12, atol=0.0))

    def relative_levels(self, kernel: ArrayLike, multiplier: float) -> FloatArray:
        r"""Weekly adstocked levels relative to an even spend, :math:`r_t = H q_t / m`.

        ``kernel`` holds the adstock weights :math:`w_l` on its last axis (leading axes: draws);
        ``multiplier`` :math:`m` is the steady-state multiplier the even curve was built with,
        so :math:`S_{week}(X q_t) = B(r_t X)` for the even-spend horizon curve :math:`B`.
        """
        weights = np.asarray(kernel, dtype=np.float64)
        lags = np.arange(weights.shape[-1])
        weeks = np.arange(self.weeks)
        shifted = np.asarray(self.shares)[(weeks[:, None] - lags[None, :]) % self.weeks]
        adstocked = np.einsum("tl,...l->...t", shifted, weights)
        return np.asarray(self.weeks * adstocked / multiplier)

    def describe(self) -> str:
        """'peak week 1 takes 25% of the budget; 9 of 13 weeks dark'."""
        shares = np.asarray(self.shares)
        peak = int(np.argmax(shares))
        dark = int(np.sum(shares == 0))
        text = f"flighted: peak week {peak + 1} takes {shares[peak]:.0%} of its budget"
        return text + (f"; {dark} of {self.weeks} weeks dark" if dark else "")


def resolve_flighting(
    flighting: Flighting | None, names: Sequence[str], horizon_weeks: int
) -> dict[str, FlightingPattern]:
    """The pattern of each flighted channel, by its name in ``names`` (matched without regard
    to case). Channels without a pattern spread evenly; an unknown name is an error."""
    if flighting is None:
        return {}
    if not isinstance(flighting, Mapping):
        pattern = FlightingPattern.from_weights(flighting, horizon_weeks)
        return dict.fromkeys(names, pattern)
    known = {name.casefold(): name for name in names}
    patterns: dict[str, FlightingPattern] = {}
    for key, weights in flighting.items():
        if key == ALL_CHANNELS:
            continue
        name = known.get(str(key).casefold())
        if name is None:
            raise ValueError(
                f"the flighting names an unknown channel {key!r}; known channels: "
                f"{', '.join(names)}"
            )
        patterns[name] = FlightingPattern.from_weights(weights, horizon_weeks, name)
    if ALL_CHANNELS in flighting:
        others = FlightingPattern.from_weights(
            flighting[ALL_CHANNELS], horizon_weeks, "every other channel"
        )
        patterns.update({name: others for name in names if name not in patterns})
    return patterns


@dataclass(frozen=True)
class ResponseCurve:
    r"""Outcome over a period for a steady spend ``x`` over that period.

    .. math::
        f(x) = s \cdot S(x), \qquad f'(x) = s \cdot S'(x)

    where :math:`s` is ``scale`` (the asymptotic outcome for bounded saturations) and
    :math:`S` the saturation. ``f'(x)`` is the marginal return: the outcome bought by the
    next unit of currency.
    """

    saturation: Saturation
    scale: Param

    @classmethod
    def from_weekly(
        cls,
        saturation: Saturation,
        coefficient: Param,
        horizon_weeks: int,
        carryover_multiplier: Param = 1.0,
    ) -> ResponseCurve:
        r"""Convert a weekly model term into a curve of total horizon spend.

        A weekly term :math:`\beta\,S(a\,w)` (weekly spend :math:`w`, adstock steady-state
        multiplier :math:`a = \sum_l w_l`) under an even spend :math:`w = x/H` over :math:`H`
        weeks yields :math:`H\,\beta\,S(a\,x/H)` over the horizon.
        """
        stretched, multiplier = saturation.rescaled(
            horizon_weeks / np.asarray(carryover_multiplier)
        )
        return cls(saturation=stretched, scale=horizon_weeks * coefficient * multiplier)

    def flighted(self, levels: ArrayLike) -> ResponseCurve:
        r"""This even-spend curve with spend flighted so that week :math:`t` runs at ``levels``
        :math:`r_t` times the even level (see :class:`FlightedSaturation`):
        :math:`f(X) = s \cdot \frac1H \sum_t S(r_t X)`."""
        return ResponseCurve(FlightedSaturation(self.saturation, np.asarray(levels)), self.scale)

    def over_periods(self, factor: float) -> ResponseCurve:
        r"""The curve over ``factor`` times its period, spend and response keeping the same
        weekly pace: :math:`f_k(x) = k\,f(x / k)`."""
        saturation, multiplier = self.saturation.rescaled(factor)
        return ResponseCurve(
            saturation=saturation, scale=factor * np.asarray(self.scale) * multiplier
        )

    @property
    def n_draws(self) -> int:
        """1 for a point curve, else the number of parameter draws."""
        sizes = [np.size(v) for v in (self.scale, *self.saturation.params().values())]
        return max(sizes)

    def draw(self, index: int) -> ResponseCurve:
        return ResponseCurve(
            saturation=self.saturation.draw(index),
            scale=draw_value(self.scale, index),
        )

    def outcome(self, spend: ArrayLike) -> FloatArray:
        return np.asarray(self.scale * self.saturation(spend))

    def marginal(self, spend: ArrayLike) -> FloatArray:
        """Outcome per extra unit of currency at ``spend``."""
        return np.asarray(self.scale * self.saturation.derivative(spend))

    def average_return(self, spend: ArrayLike) -> FloatArray:
        """Outcome per unit of currency at ``spend`` (0 where spend is 0)."""
        x = np.asarray(spend, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = self.outcome(x) / x
        return np.asarray(np.where(x > 0, value, 0.0))

    def saturation_level(self, spend: ArrayLike) -> FloatArray | None:
        """Share of the asymptote reached at ``spend``; ``None`` for unbounded curves."""
        if not self.saturation.bounded:
            return None
        return self.saturation(spend)

    def spend_at_marginal(self, marginal_return: ArrayLike) -> FloatArray:
        """Spend beyond which the marginal return stays below ``marginal_return``."""
        # A zero-scale curve (a channel with no evidence) never pays: its slope is infinite.
        with np.errstate(divide="ignore"):
            slope = np.asarray(marginal_return, dtype=np.float64) / self.scale
        return self.saturation.spend_at_derivative(slope)

    def to_dict(self) -> dict[str, Any]:
        return {"scale": np.asarray(self.scale).tolist(), "saturation": self.saturation.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ResponseCurve:
        scale = data["scale"]
        return cls(
            saturation=Saturation.from_dict(data["saturation"]),
            scale=np.asarray(scale, dtype=np.float64) if isinstance(scale, list) else float(scale),
        )
