"""Response curves: outcome over a period as a function of the spend over that period.

A :class:`ResponseCurve` is what the optimizer, the scenarios and the narrative consume. It
assumes spend is spread evenly over the period and carryover has reached its steady state, so
a curve fitted on weekly adstocked spend becomes a curve of total spend over the planning
horizon by a change of units (see :meth:`ResponseCurve.from_weekly`).

Parameters may be arrays of draws (prior or bootstrap samples); every method then returns one
value per draw, which is how intervals on outcomes are computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from model_engine.saturation import FloatArray, Param, Saturation, draw_value


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
