r"""Every channel's weekly response of a history fit, for dated weeks: the point estimate and
each bootstrap draw.

For channel :math:`c` with kernel :math:`w`, Hill curve :math:`S_c` and coefficient
:math:`\beta_c`, the media outcome of week :math:`t` is

.. math::
    m_t = \sum_c \beta_c\, S_c(a_{ct}), \qquad a_{ct} = \sum_{l<L} w_{cl}\, x_{c,t-l}

where the spend :math:`x` runs over the weeks before the plan (actual history, or an assumed
run-rate), the plan and anything assumed after it, so carryover flows across every boundary.
Interaction terms :math:`\eta\,S_a S_b` use their point estimate in every draw (a history fit
keeps only their interval).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model_engine.adstock import Adstock
from model_engine.mmm import ChannelFit, HistoryFit
from model_engine.saturation import FloatArray


def _hill(level: FloatArray, half: FloatArray, shape: FloatArray) -> FloatArray:
    ratio = np.maximum(level, 0.0) / half
    powered = np.power(ratio, shape)
    return np.asarray(powered / (1.0 + powered))


def _draw_kernels(channel: ChannelFit, l_max: int) -> FloatArray:
    """Adstock weights of each bootstrap draw, ``(B, l_max)`` (zero-padded)."""
    assert channel.draws is not None
    settings = channel.adstock.to_dict()
    names = channel.adstock.param_names
    rows = []
    for values in channel.draws.adstock_params.tolist():
        weights = Adstock.from_dict({**settings, **dict(zip(names, values, strict=True))}).weights()
        rows.append(np.pad(weights, (0, l_max - weights.size)))
    return np.stack(rows)


@dataclass(frozen=True, eq=False)
class WeeklyMedia:
    """Weekly carryover and saturation of every channel: point parameters ``(C, ...)`` and,
    when the fit was bootstrapped, draws ``(B, C, ...)``."""

    names: tuple[str, ...]
    kernels: FloatArray  # (C, L)
    half_saturation: FloatArray  # (C,) currency per week
    shape: FloatArray  # (C,)
    coefficient: FloatArray  # (C,) outcome per week at full saturation
    draw_kernels: FloatArray | None = None  # (B, C, L)
    draw_half_saturation: FloatArray | None = None  # (B, C)
    draw_shape: FloatArray | None = None
    draw_coefficient: FloatArray | None = None
    interactions: tuple[tuple[int, int, float], ...] = ()

    @classmethod
    def from_fit(cls, fit: HistoryFit) -> WeeklyMedia:
        l_max = max(c.adstock.l_max for c in fit.channels)
        kernels = np.stack(
            [np.pad(c.adstock.weights(), (0, l_max - c.adstock.l_max)) for c in fit.channels]
        )
        index = {name: k for k, name in enumerate(fit.channel_names)}
        interactions = tuple(
            (index[t.channel_a], index[t.channel_b], float(t.coefficient.estimate))
            for t in fit.interactions
        )
        point = cls(
            names=fit.channel_names,
            kernels=kernels,
            half_saturation=np.array([float(c.saturation.half_saturation) for c in fit.channels]),
            shape=np.array([float(c.saturation.shape) for c in fit.channels]),
            coefficient=np.array([c.coefficient for c in fit.channels]),
            interactions=interactions,
        )
        if any(c.draws is None for c in fit.channels):
            return point
        draw_kernels = np.stack([_draw_kernels(c, l_max) for c in fit.channels], axis=1)
        return cls(
            names=point.names,
            kernels=point.kernels,
            half_saturation=point.half_saturation,
            shape=point.shape,
            coefficient=point.coefficient,
            draw_kernels=draw_kernels,
            draw_half_saturation=np.stack(
                [np.asarray(c.draws.half_saturation) for c in fit.channels if c.draws], axis=1
            ),
            draw_shape=np.stack(
                [np.asarray(c.draws.shape) for c in fit.channels if c.draws], axis=1
            ),
            draw_coefficient=np.stack(
                [np.asarray(c.draws.coefficient) for c in fit.channels if c.draws], axis=1
            ),
            interactions=interactions,
        )

    @property
    def l_max(self) -> int:
        return int(self.kernels.shape[1])

    @property
    def n_draws(self) -> int:
        return 0 if self.draw_kernels is None else int(self.draw_kernels.shape[0])

    def adstocked(self, spend: FloatArray, earlier: FloatArray, kernels: FloatArray) -> FloatArray:
        """Adstocked spend of the weeks of ``spend`` ``(T, C)``, ``earlier`` ``(L, C)`` being
        the weeks just before them (oldest first). ``kernels`` is ``(..., C, L)``; the result
        is ``(..., T, C)``."""
        series = np.concatenate([earlier, spend], axis=0)
        n_weeks, lags = spend.shape[0], kernels.shape[-1]
        offset = earlier.shape[0]
        out = np.zeros((*kernels.shape[:-2], n_weeks, spend.shape[1]))
        for lag in range(lags):
            out += kernels[..., np.newaxis, :, lag] * series[offset - lag : offset - lag + n_weeks]
        return out

    def channel_outcome(self, spend: FloatArray, earlier: FloatArray) -> FloatArray:
        """Point-estimate media outcome per week and channel, ``(T, C)`` (no interactions)."""
        levels = _hill(
            self.adstocked(spend, earlier, self.kernels), self.half_saturation, self.shape
        )
        return np.asarray(self.coefficient * levels)

    def outcome(self, spend: FloatArray, earlier: FloatArray) -> FloatArray:
        """Point-estimate media outcome per week, interactions included, ``(T,)``."""
        levels = _hill(
            self.adstocked(spend, earlier, self.kernels), self.half_saturation, self.shape
        )
        return self._total(levels, self.coefficient)

    def draw_outcomes(self, spend: FloatArray, earlier: FloatArray) -> FloatArray | None:
        """Media outcome per week for every draw, ``(B, T)``; ``None`` without draws."""
        if self.draw_kernels is None:
            return None
        assert self.draw_half_saturation is not None
        assert self.draw_shape is not None
        assert self.draw_coefficient is not None
        adstocked = self.adstocked(spend, earlier, self.draw_kernels)
        levels = _hill(
            adstocked, self.draw_half_saturation[:, np.newaxis], self.draw_shape[:, np.newaxis]
        )
        return self._total(levels, self.draw_coefficient[:, np.newaxis])

    def _total(self, levels: FloatArray, coefficient: FloatArray) -> FloatArray:
        total = (coefficient * levels).sum(axis=-1)
        for a, b, eta in self.interactions:
            total = total + eta * levels[..., a] * levels[..., b]
        return np.asarray(total)
