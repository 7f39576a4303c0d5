r"""The outcome of a weekly calendar as a function of its free weekly spends, with derivatives.

Channel :math:`c`'s adstocked level in outcome week :math:`\tau` (the plan's weeks, then, when
carryover out is counted, the :math:`L-1` weeks after it) is affine in the plan's spend,

.. math:: a_{c\tau} = b_{c\tau} + \sum_{s} w_{c,\tau-s}\, x_{cs}

(:math:`b` the carryover of the spend before the plan and of the run-rate assumed after it),
and the objective is

.. math:: \Phi(x) = \sum_c v_c\,\beta_c \sum_\tau \hat S_c(a_{c\tau}) - \kappa \sum x,

:math:`v_c` the KPI value of the channel's outcome, :math:`\kappa` 1 for profit and 0 for
volume. A Hill curve with shape :math:`n \le 1` is concave, so :math:`\Phi` is concave (a
concave function of an affine map) and the problem over linear pacing rules is convex. For an
S-shaped curve (:math:`n > 1`) :math:`\hat S` is its concave envelope on the levels the rules
allow, :math:`a \ge m`: the tangent from :math:`(m, S(m))` to the curve, then the curve. The
relaxation's optimum bounds the true one from above, which gives the gap bound.

Gradient and Hessian, per channel with :math:`K_c` the Toeplitz kernel matrix:
:math:`\nabla_c = v_c\beta_c K_c^\top \hat S'(a_c)`,
:math:`\nabla^2_c = v_c\beta_c K_c^\top \operatorname{diag}(\hat S''(a_c)) K_c` (block diagonal
across channels).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from model_engine.saturation import FloatArray

IntArray = NDArray[np.int64]
_ENVELOPE_BISECTIONS = 200


def hill(level: FloatArray, half: FloatArray, shape: FloatArray) -> tuple[FloatArray, ...]:
    """Value, first and second derivative of :math:`r^n/(1+r^n)`, :math:`r = a/K`."""
    # Levels under a trillionth of the half-saturation count as that: derivatives stay finite.
    a = np.maximum(level, 1e-12 * half)
    ratio = a / half
    powered = np.power(ratio, shape)
    value = np.where(level > 0, powered / (1.0 + powered), 0.0)
    first = shape * powered / (a * (1.0 + powered) ** 2)
    second = (
        shape * powered * ((shape - 1.0) - (shape + 1.0) * powered) / (a * a * (1.0 + powered) ** 3)
    )
    return value, first, second


def toeplitz(kernel: FloatArray, n_rows: int, n_cols: int) -> FloatArray:
    """``K[t, s] = kernel[t - s]`` for ``0 <= t - s < len(kernel)``."""
    lags = np.arange(n_rows)[:, np.newaxis] - np.arange(n_cols)[np.newaxis, :]
    inside = (lags >= 0) & (lags < kernel.size)
    return np.where(inside, kernel[np.clip(lags, 0, kernel.size - 1)], 0.0)


@dataclass(frozen=True, eq=False)
class Envelope:
    """Where each channel-week uses a chord: levels below ``until`` follow the line from
    ``(start, S(start))`` with slope ``slope``; ``until`` is ``start`` where the curve is
    already concave."""

    start: FloatArray  # (C, T)
    until: FloatArray
    slope: FloatArray
    start_value: FloatArray


def envelope(minimum: FloatArray, half: FloatArray, shape: FloatArray) -> Envelope:
    """The concave envelope of each Hill curve on ``[minimum, inf)`` (``(C, T)`` levels)."""
    half_b, shape_b = np.broadcast_to(half, minimum.shape), np.broadcast_to(shape, minimum.shape)
    inflection = half_b * np.power(
        np.clip((shape_b - 1.0) / (shape_b + 1.0), 0.0, None), 1.0 / shape_b
    )
    start_value = hill(minimum, half_b, shape_b)[0]
    convex = (shape_b > 1.0) & (minimum < inflection)
    until = minimum.copy()
    slope = hill(minimum, half_b, shape_b)[1]
    if np.any(convex):
        # The tangent point t > inflection solves S'(t)(t - m) = S(t) - S(m); the left side
        # minus the right falls monotonically past the inflection.
        low = inflection[convex]
        high = np.maximum(low, half_b[convex]) * 4.0
        m, k, n, s_m = minimum[convex], half_b[convex], shape_b[convex], start_value[convex]

        def excess(t: FloatArray) -> FloatArray:
            value, first, _ = hill(t, k, n)
            return np.asarray(first * (t - m) - (value - s_m))

        for _ in range(60):
            grow = excess(high) > 0
            if not np.any(grow):
                break
            high = np.where(grow, high * 4.0, high)
        for _ in range(_ENVELOPE_BISECTIONS):
            middle = 0.5 * (low + high)
            above = excess(middle) > 0
            low, high = np.where(above, middle, low), np.where(above, high, middle)
            if np.all(high - low <= 1e-15 * high):
                break
        until[convex] = high
        slope[convex] = hill(high, k, n)[1]
    return Envelope(start=minimum, until=until, slope=slope, start_value=start_value)


@dataclass(frozen=True, eq=False)
class CalendarOutcome:
    """:math:`\\Phi` over the free cells ``x`` (ordered channel by channel).

    ``free[c]`` lists channel ``c``'s free plan weeks; ``fixed`` ``(C, N)`` holds the spend of
    fixed and dark cells (0 elsewhere); ``base`` ``(C, T)`` the carryover from outside the plan.
    """

    kernels: FloatArray  # (C, L)
    half: FloatArray  # (C, 1)
    shape: FloatArray  # (C, 1)
    weight: FloatArray  # (C,) v_c * beta_c
    base: FloatArray  # (C, T)
    fixed: FloatArray  # (C, N)
    free: tuple[IntArray, ...]
    spend_cost: float
    envelope: Envelope | None = None

    @property
    def n_weeks(self) -> int:
        return int(self.fixed.shape[1])

    @property
    def n_outcome_weeks(self) -> int:
        return int(self.base.shape[1])

    @property
    def size(self) -> int:
        return int(sum(f.size for f in self.free))

    def matrices(self) -> tuple[FloatArray, ...]:
        """Each channel's Toeplitz matrix restricted to its free weeks, ``(T, n_c)``."""
        return tuple(
            toeplitz(self.kernels[c], self.n_outcome_weeks, self.n_weeks)[:, self.free[c]]
            for c in range(len(self.free))
        )

    def full_spend(self, x: FloatArray) -> FloatArray:
        spend = self.fixed.copy()
        offset = 0
        for c, weeks in enumerate(self.free):
            spend[c, weeks] = x[offset : offset + weeks.size]
            offset += weeks.size
        return spend

    def levels(self, spend: FloatArray) -> FloatArray:
        """Adstocked levels ``(C, T)`` of a full ``(C, N)`` spend."""
        out = self.base.copy()
        for c in range(spend.shape[0]):
            out[c] += toeplitz(self.kernels[c], self.n_outcome_weeks, self.n_weeks) @ spend[c]
        return out

    def with_envelope(self, minimum_spend: FloatArray) -> CalendarOutcome:
        """The concave relaxation over the levels reachable from ``minimum_spend`` ``(C, N)``."""
        hull = envelope(self.levels(minimum_spend), self.half, self.shape)
        return CalendarOutcome(
            self.kernels,
            self.half,
            self.shape,
            self.weight,
            self.base,
            self.fixed,
            self.free,
            self.spend_cost,
            hull,
        )

    def _curve(self, levels: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        value, first, second = hill(levels, self.half, self.shape)
        hull = self.envelope
        if hull is None:
            return value, first, second
        chord = levels < hull.until
        value = np.where(chord, hull.start_value + hull.slope * (levels - hull.start), value)
        first = np.where(chord, hull.slope, first)
        second = np.where(chord, 0.0, second)
        return value, first, second

    def value(self, x: FloatArray) -> float:
        spend = self.full_spend(x)
        value, _, _ = self._curve(self.levels(spend))
        return float((self.weight[:, np.newaxis] * value).sum() - self.spend_cost * x.sum())

    def outcome(self, spend: FloatArray) -> float:
        """The true (unrelaxed) media outcome of a full spend, without the spend cost."""
        value, _, _ = hill(self.levels(spend), self.half, self.shape)
        return float((self.weight[:, np.newaxis] * value).sum())

    def gradient(self, x: FloatArray, matrices: tuple[FloatArray, ...]) -> FloatArray:
        _, first, _ = self._curve(self.levels(self.full_spend(x)))
        parts = [self.weight[c] * (matrices[c].T @ first[c]) for c in range(len(self.free))]
        return np.concatenate(parts) - self.spend_cost

    def hessian(self, x: FloatArray, matrices: tuple[FloatArray, ...]) -> FloatArray:
        _, _, second = self._curve(self.levels(self.full_spend(x)))
        out = np.zeros((self.size, self.size))
        offset = 0
        for c, matrix in enumerate(matrices):
            n = matrix.shape[1]
            block = (matrix * (self.weight[c] * second[c])[:, np.newaxis]).T @ matrix
            out[offset : offset + n, offset : offset + n] = block
            offset += n
        return out
