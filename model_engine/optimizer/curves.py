r"""Vectorised evaluation of every channel's response at once.

The solvers evaluate thousands of (channel, price) pairs per call, so the per-channel
``ResponseCurve`` objects of a :class:`~model_engine.planning.ResponseModel` are stacked into
one block per saturation kind, with parameters of shape ``(channels, draws)``. Channel ``i``'s
objective curve is a weighted sum over draws

.. math::
    g_i(x) = \sum_d w_d \, s_{id} \, S(x; \theta_{id})

with ``w`` summing to one: a single draw is the point curve; uniform weights over the draws are
the mean curve; weights on a few draws near a low percentile give the risk-adjusted curve.
Interaction terms enter by changing the per-draw scales ``s_{id}`` (see ``interactions.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from model_engine.planning import ChannelCurve
from model_engine.response import ResponseCurve
from model_engine.saturation import FloatArray, HillSaturation, Saturation

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class _Block:
    """Channels sharing one saturation kind; parameters are ``(channels, draws)`` arrays."""

    positions: IntArray
    kind: type[Saturation]
    params: dict[str, FloatArray]

    def saturation(self, extra_axes: int) -> Saturation:
        """The block's saturation with ``extra_axes`` singleton axes between channel and draw,
        so that it broadcasts against spends of shape ``(channels, *extra)``."""
        reshaped = {
            name: value.reshape(value.shape[0], *([1] * extra_axes), value.shape[1])
            for name, value in self.params.items()
        }
        return self.kind(**reshaped)


def _stack_curves(curves: Sequence[ResponseCurve], n_draws: int) -> tuple[FloatArray, dict]:
    """Scale and saturation parameters of same-kind curves as ``(channels, n_draws)`` arrays.

    A curve with fewer draws than ``n_draws`` repeats them cyclically (draw ``d`` uses its draw
    ``d mod n``), so a point curve is constant across draws.
    """
    draw_index = np.arange(n_draws)

    def spread(value: object) -> FloatArray:
        flat = np.asarray(value, dtype=np.float64).reshape(-1)
        return flat[draw_index % flat.size]

    scale = np.stack([spread(c.scale) for c in curves])
    names = list(curves[0].saturation.params())
    params = {
        name: np.stack([spread(c.saturation.params()[name]) for c in curves]) for name in names
    }
    return scale, params


class CurveSet:
    """Channel objective curves evaluated together (see the module docstring).

    ``scale`` has shape ``(channels, draws)`` and ``weights`` shape ``(draws,)``.
    """

    def __init__(self, blocks: tuple[_Block, ...], scale: FloatArray, weights: FloatArray) -> None:
        self._blocks = blocks
        self.scale = scale
        self.weights = weights

    @classmethod
    def from_curves(cls, curves: Sequence[ResponseCurve]) -> CurveSet:
        """Stack curves (point or array-valued) with uniform weights over their draws."""
        n_draws = max(c.n_draws for c in curves)
        blocks = []
        scale = np.zeros((len(curves), n_draws))
        by_kind: dict[type[Saturation], list[int]] = {}
        for position, curve in enumerate(curves):
            by_kind.setdefault(type(curve.saturation), []).append(position)
        for kind, positions in by_kind.items():
            block_scale, params = _stack_curves([curves[p] for p in positions], n_draws)
            index = np.asarray(positions, dtype=np.int64)
            scale[index] = block_scale
            blocks.append(_Block(positions=index, kind=kind, params=params))
        return cls(tuple(blocks), scale, np.full(n_draws, 1.0 / n_draws))

    @classmethod
    def point(cls, channels: Sequence[ChannelCurve]) -> CurveSet:
        """The point-estimate curves."""
        return cls.from_curves([c.curve for c in channels])

    @classmethod
    def draws(cls, channels: Sequence[ChannelCurve]) -> CurveSet:
        """The draw curves (the point curve for a channel without draws)."""
        return cls.from_curves([c.draws if c.draws is not None else c.curve for c in channels])

    @property
    def n_channels(self) -> int:
        return int(self.scale.shape[0])

    @property
    def n_draws(self) -> int:
        return int(self.scale.shape[1])

    def subset(self, rows: IntArray) -> CurveSet:
        """The curves of channels ``rows`` (positions), in that order."""
        where = np.full(self.n_channels, -1, dtype=np.int64)
        where[rows] = np.arange(rows.size)
        blocks = []
        for block in self._blocks:
            keep = where[block.positions] >= 0
            if np.any(keep):
                params = {name: value[keep] for name, value in block.params.items()}
                positions = where[block.positions][keep]
                blocks.append(_Block(positions=positions, kind=block.kind, params=params))
        return CurveSet(tuple(blocks), self.scale[rows], self.weights)

    def with_scale(self, scale: FloatArray) -> CurveSet:
        return CurveSet(self._blocks, scale, self.weights)

    def with_weights(self, weights: FloatArray) -> CurveSet:
        """The weighted curves over the draws with positive weight (others are dropped, which
        keeps the tail-weighted curves of the risk mode cheap to evaluate)."""
        keep = np.flatnonzero(weights > 0)
        blocks = tuple(
            _Block(
                positions=b.positions,
                kind=b.kind,
                params={name: value[:, keep] for name, value in b.params.items()},
            )
            for b in self._blocks
        )
        return CurveSet(blocks, self.scale[:, keep], weights[keep] / weights[keep].sum())

    def _per_draw(self, spend: FloatArray, derivative: bool) -> FloatArray:
        """Saturation level (or its derivative) per draw: shape ``(*spend.shape, draws)``."""
        out = np.empty((*spend.shape, self.n_draws))
        extra = spend.ndim - 1
        for block in self._blocks:
            saturation = block.saturation(extra)
            x = spend[block.positions][..., None]
            out[block.positions] = saturation.derivative(x) if derivative else saturation(x)
        return out

    def levels(self, spend: FloatArray) -> FloatArray:
        """Saturation level per channel and draw, ``S(x_i; θ_id)``: shape ``(channels, draws)``."""
        return self._per_draw(np.asarray(spend, dtype=np.float64), derivative=False)

    def _scale_for(self, spend: FloatArray) -> FloatArray:
        return self.scale.reshape(self.n_channels, *([1] * (spend.ndim - 1)), self.n_draws)

    def outcome_draws(self, spend: FloatArray) -> FloatArray:
        """Outcome per channel and draw: shape ``(*spend.shape, draws)``."""
        x = np.asarray(spend, dtype=np.float64)
        return self._scale_for(x) * self._per_draw(x, derivative=False)

    def value(self, spend: FloatArray) -> FloatArray:
        """Weighted outcome :math:`g_i(x_i)`; ``spend`` is ``(channels,)`` or ``(channels, k)``."""
        return np.asarray(self.outcome_draws(spend) @ self.weights)

    def marginal(self, spend: FloatArray) -> FloatArray:
        """:math:`g_i'(x_i)`, same shapes as :meth:`value`."""
        x = np.asarray(spend, dtype=np.float64)
        per_draw = self._scale_for(x) * self._per_draw(x, derivative=True)
        return np.asarray(per_draw @ self.weights)

    def concave_from(self) -> FloatArray:
        r"""Spend beyond which each channel's curve is concave.

        Hill curves with shape :math:`n > 1` are convex below their inflection
        :math:`K((n-1)/(n+1))^{1/n}`; exponential and power (:math:`\beta \le 1`) curves are
        concave everywhere. A weighted sum of draws is concave beyond the largest inflection of
        its draws with positive weight.
        """
        start = np.zeros(self.n_channels)
        used = self.weights > 0
        for block in self._blocks:
            if block.kind is HillSaturation:
                hill = HillSaturation(**block.params)
                inflections = np.where(used, hill.inflection(), 0.0)
                start[block.positions] = inflections.max(axis=1)
        return start
