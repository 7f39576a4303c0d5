r"""Vectorised evaluation of every channel's response at once.

The solvers evaluate thousands of (channel, price) pairs per call, so the per-channel
``ResponseCurve`` objects of a :class:`~model_engine.planning.ResponseModel` are stacked into
one block per saturation kind, with parameters of shape ``(channels, draws)`` (flighted curves
add a trailing week axis to their levels). Channel ``i``'s objective curve is a weighted sum over
draws

.. math::
    g_i(x) = \sum_d w_d \, s_{id} \, S(x; \theta_{id})

with ``w`` summing to one: a single draw is the point curve; uniform weights over the draws are
the mean curve; weights on a few draws near a low percentile give the risk-adjusted curve.
Interaction terms enter by changing the per-draw scales ``s_{id}`` (see ``scoring.py``).

A sum of S-shaped terms (several draws, or the weeks of a flighted curve) can switch between
convex and concave more than once; :meth:`CurveSet.curvature` finds where, for the regime
search of ``nonconcave.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from model_engine.planning import ChannelCurve
from model_engine.response import ResponseCurve
from model_engine.saturation import FlightedSaturation, FloatArray, Saturation

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

_SINGLE_INFLECTION = 1e-12  # relative spread of term inflections treated as one point
_GRID_PER_DECADE = 96  # log-grid density when locating curvature changes numerically
_GRID_MAX = 1536
_LOWEST_DECADES = 12.0  # a concave term's range starts this far below the last inflection
_BREAK_BISECTIONS = 60


def _with_axes(value: FloatArray, extra_axes: int) -> FloatArray:
    """``(channels, *rest)`` -> ``(channels, 1 x extra_axes, *rest)``."""
    return value.reshape(value.shape[0], *([1] * extra_axes), *value.shape[1:])


@dataclass(frozen=True)
class _Block:
    """Channels sharing one saturation kind; parameters are ``(channels, draws)`` arrays and
    flighted channels' ``levels`` are ``(channels, draws, weeks)``."""

    positions: IntArray
    kind: type[Saturation]
    params: dict[str, FloatArray]
    levels: FloatArray | None = None

    def saturation(self, extra_axes: int) -> Saturation:
        """The block's saturation with ``extra_axes`` singleton axes between channel and draw,
        so that it broadcasts against spends of shape ``(channels, *extra)``."""
        base = self.kind(**{k: _with_axes(v, extra_axes) for k, v in self.params.items()})
        if self.levels is None:
            return base
        return FlightedSaturation(base, _with_axes(self.levels, extra_axes))

    def take(self, rows: IntArray, positions: IntArray, draws: IntArray | slice) -> _Block:
        """Rows ``rows`` of the block (at new ``positions``) and draws ``draws``."""
        return _Block(
            positions=positions,
            kind=self.kind,
            params={name: value[rows][:, draws] for name, value in self.params.items()},
            levels=None if self.levels is None else self.levels[rows][:, draws],
        )

    def term_inflections(self) -> FloatArray:
        """Inflection of every term: ``(channels, draws, weeks)`` (one week if not flighted)."""
        saturation = self.saturation(0)
        if isinstance(saturation, FlightedSaturation):
            return saturation.component_inflections()
        return np.asarray(saturation.inflection())[..., None]


def _stack_curves(curves: Sequence[ResponseCurve], n_draws: int) -> tuple[FloatArray, _Block]:
    """Scale and saturation parameters of same-kind curves as ``(channels, n_draws)`` arrays.

    A curve with fewer draws than ``n_draws`` repeats them cyclically (draw ``d`` uses its draw
    ``d mod n``), so a point curve is constant across draws.
    """
    draw_index = np.arange(n_draws)

    def spread(value: object) -> FloatArray:
        flat = np.asarray(value, dtype=np.float64).reshape(-1)
        return flat[draw_index % flat.size]

    def spread_levels(saturation: Saturation) -> FloatArray:
        assert isinstance(saturation, FlightedSaturation)
        rows = saturation.levels.reshape(-1, saturation.levels.shape[-1])
        return rows[draw_index % rows.shape[0]]

    scale = np.stack([spread(c.scale) for c in curves])
    bases = [_base(c.saturation) for c in curves]
    params = {
        name: np.stack([spread(b.params()[name]) for b in bases]) for name in bases[0].params()
    }
    flighted = isinstance(curves[0].saturation, FlightedSaturation)
    levels = np.stack([spread_levels(c.saturation) for c in curves]) if flighted else None
    return scale, _Block(np.zeros(0, dtype=np.int64), type(bases[0]), params, levels)


def _base(saturation: Saturation) -> Saturation:
    return saturation.base if isinstance(saturation, FlightedSaturation) else saturation


def _block_key(saturation: Saturation) -> tuple[type[Saturation], int]:
    """Curves stack together when they share a base kind and a number of weeks (0: even)."""
    if isinstance(saturation, FlightedSaturation):
        return type(saturation.base), int(saturation.levels.shape[-1])
    return type(saturation), 0


@dataclass(frozen=True)
class Curvature:
    """Where each channel's curve switches between convex and concave inside its range:
    ``convex_at_start`` just above the lower limit, then a switch at every entry of ``breaks``
    (sorted; padded with NaN)."""

    convex_at_start: BoolArray
    breaks: FloatArray


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
        by_key: dict[tuple[type[Saturation], int], list[int]] = {}
        for position, curve in enumerate(curves):
            by_key.setdefault(_block_key(curve.saturation), []).append(position)
        for positions in by_key.values():
            block_scale, block = _stack_curves([curves[p] for p in positions], n_draws)
            index = np.asarray(positions, dtype=np.int64)
            scale[index] = block_scale
            blocks.append(block.take(np.arange(index.size), index, slice(None)))
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

    @property
    def terms_per_channel(self) -> int:
        """Curve terms evaluated per channel and spend, on average: draws times flighted weeks."""
        weeks = sum(
            b.positions.size * (1 if b.levels is None else b.levels.shape[-1]) for b in self._blocks
        )
        return max(1, round(self.n_draws * weeks / max(self.n_channels, 1)))

    def subset(self, rows: IntArray) -> CurveSet:
        """The curves of channels ``rows`` (positions), in that order."""
        where = np.full(self.n_channels, -1, dtype=np.int64)
        where[rows] = np.arange(rows.size)
        blocks = []
        for block in self._blocks:
            keep = np.flatnonzero(where[block.positions] >= 0)
            if keep.size:
                positions = where[block.positions][keep]
                blocks.append(block.take(keep, positions, slice(None)))
        return CurveSet(tuple(blocks), self.scale[rows], self.weights)

    def same_at(self, other: CurveSet, rows: IntArray) -> bool:
        """Whether ``other`` has the same curves at ``rows``: rescaled from the same stacked
        shapes (:meth:`with_scale`) to the same scales, with the same draw weights."""
        return (
            self._blocks is other._blocks
            and np.array_equal(self.weights, other.weights)
            and np.array_equal(self.scale[rows], other.scale[rows])
        )

    def with_scale(self, scale: FloatArray) -> CurveSet:
        return CurveSet(self._blocks, scale, self.weights)

    def with_weights(self, weights: FloatArray) -> CurveSet:
        """The weighted curves over the draws with positive weight (others are dropped, which
        keeps the tail-weighted curves of the risk mode cheap to evaluate)."""
        keep = np.flatnonzero(weights > 0)
        blocks = tuple(b.take(np.arange(b.positions.size), b.positions, keep) for b in self._blocks)
        return CurveSet(blocks, self.scale[:, keep], weights[keep] / weights[keep].sum())

    def _per_draw(self, spend: FloatArray, order: int) -> FloatArray:
        """Saturation level (``order`` 0) or its first or second derivative per draw: shape
        ``(*spend.shape, draws)``."""
        out = np.empty((*spend.shape, self.n_draws))
        extra = spend.ndim - 1
        for block in self._blocks:
            saturation = block.saturation(extra)
            x = spend[block.positions][..., None]
            if order == 0:
                out[block.positions] = saturation(x)
            elif order == 1:
                out[block.positions] = saturation.derivative(x)
            else:
                out[block.positions] = saturation.second_derivative(x)
        return out

    def levels(self, spend: FloatArray) -> FloatArray:
        """Saturation level per channel and draw, ``S(x_i; θ_id)``: shape ``(channels, draws)``."""
        return self._per_draw(np.asarray(spend, dtype=np.float64), order=0)

    def _scale_for(self, spend: FloatArray) -> FloatArray:
        return self.scale.reshape(self.n_channels, *([1] * (spend.ndim - 1)), self.n_draws)

    def outcome_draws(self, spend: FloatArray) -> FloatArray:
        """Outcome per channel and draw: shape ``(*spend.shape, draws)``."""
        x = np.asarray(spend, dtype=np.float64)
        return self._scale_for(x) * self._per_draw(x, order=0)

    def value(self, spend: FloatArray) -> FloatArray:
        """Weighted outcome :math:`g_i(x_i)`; ``spend`` is ``(channels,)`` or ``(channels, k)``."""
        return np.asarray(self.outcome_draws(spend) @ self.weights)

    def marginal(self, spend: FloatArray) -> FloatArray:
        """:math:`g_i'(x_i)`, same shapes as :meth:`value`."""
        return self._weighted(spend, order=1)

    def second_derivative(self, spend: FloatArray) -> FloatArray:
        """:math:`g_i''(x_i)`, same shapes as :meth:`value`: positive where convex."""
        return self._weighted(spend, order=2)

    def _weighted(self, spend: FloatArray, order: int) -> FloatArray:
        x = np.asarray(spend, dtype=np.float64)
        scale = self._scale_for(x)
        # A zero curve is flat everywhere, even where its shape is vertical (0 * inf).
        with np.errstate(invalid="ignore"):
            terms = np.where(scale == 0.0, 0.0, scale * self._per_draw(x, order))
        return np.asarray(terms @ self.weights)

    def inflection_range(self) -> tuple[FloatArray, FloatArray]:
        """Smallest and largest inflection among each channel's terms (draws with positive
        weight, and the weeks of a flighted curve; 0 for a concave term). Every term is convex
        below the smallest and concave beyond the largest, and so is their sum."""
        first = np.zeros(self.n_channels)
        last = np.zeros(self.n_channels)
        used = self.weights > 0
        for block in self._blocks:
            terms = block.term_inflections()[:, used, :].reshape(block.positions.size, -1)
            first[block.positions] = terms.min(axis=1)
            last[block.positions] = terms.max(axis=1)
        return first, last

    def concave_from(self) -> FloatArray:
        r"""Spend beyond which each channel's curve is concave: the largest term inflection.

        Hill curves with shape :math:`n > 1` are convex below their inflection
        :math:`K((n-1)/(n+1))^{1/n}`; exponential and power (:math:`\beta \le 1`) curves are
        concave everywhere. A weighted sum of terms is concave beyond the largest inflection of
        its terms with positive weight.
        """
        return self.inflection_range()[1]

    def curvature(self, lower: FloatArray, upper: FloatArray, tolerance: float) -> Curvature:
        r"""Where each curve switches between convex and concave on :math:`(\ell_i, u_i)`.

        A curve whose terms share one inflection :math:`c` (a single Hill draw, the common
        case) is convex below :math:`c` and concave above. A sum of terms with different
        inflections can switch several times between its smallest and largest term inflection,
        so there the sign of :math:`g''` is read on a log grid (``_GRID_PER_DECADE`` points per
        decade) and each change is located by bisection. Switches within ``tolerance`` of
        :math:`\ell_i` are ignored, as in the single-inflection case.
        """
        first, last = self.inflection_range()
        low = lower + tolerance
        convex_at_start = (last > low) & (low < first)
        single = (last > low) & (last - first <= _SINGLE_INFLECTION * last)
        breaks = np.full((self.n_channels, 1), np.nan)
        breaks[single & (last < upper), 0] = last[single & (last < upper)]
        convex_at_start |= single
        mixed = np.flatnonzero((last > low) & ~single & (upper > np.maximum(low, first)))
        if mixed.size:
            found, convex = self.subset(mixed)._located_breaks(
                np.maximum(low[mixed], first[mixed]), np.minimum(upper[mixed], last[mixed])
            )
            convex_at_start[mixed] |= convex
            width = max(breaks.shape[1], found.shape[1])
            padded = np.full((self.n_channels, width), np.nan)
            padded[:, : breaks.shape[1]] = breaks
            padded[mixed] = np.nan
            padded[mixed, : found.shape[1]] = found
            breaks = padded
        return Curvature(convex_at_start=convex_at_start, breaks=breaks)

    def _located_breaks(self, start: FloatArray, end: FloatArray) -> tuple[FloatArray, BoolArray]:
        """Sign changes of :math:`g''` on ``[start, end]`` per channel (NaN-padded) and whether
        each curve is convex at ``start``."""
        floor = end * 10.0**-_LOWEST_DECADES
        start = np.maximum(start, floor)
        decades = float(np.max(np.log10(end / start)))
        points = int(np.clip(np.ceil(_GRID_PER_DECADE * decades) + 2, 8, _GRID_MAX))
        grid = np.exp(np.linspace(np.log(start), np.log(end), points).T)
        convex = self.second_derivative(grid) > 0
        rows, columns = np.nonzero(convex[:, 1:] != convex[:, :-1])
        out = np.full((self.n_channels, max(1, int(np.bincount(rows).max(initial=0)))), np.nan)
        if rows.size:
            low, high = grid[rows, columns], grid[rows, columns + 1]
            convex_below = convex[rows, columns]
            # One bisection for all changes: each (row, change) is its own column of a row.
            order = np.argsort(rows, kind="stable")
            slot = np.arange(rows.size) - np.searchsorted(rows[order], rows[order])
            lows = np.tile(start[:, None], (1, out.shape[1]))
            highs = lows.copy()
            lows[rows[order], slot] = low[order]
            highs[rows[order], slot] = high[order]
            convex_at_low = np.zeros(lows.shape, dtype=bool)
            convex_at_low[rows[order], slot] = convex_below[order]
            for _ in range(_BREAK_BISECTIONS):
                middle = 0.5 * (lows + highs)
                same = (self.second_derivative(middle) > 0) == convex_at_low
                lows = np.where(same, middle, lows)
                highs = np.where(same, highs, middle)
            out[rows[order], slot] = highs[rows[order], slot]
        return out, convex[:, 0]
