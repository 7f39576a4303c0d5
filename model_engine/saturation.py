"""Saturation transformations: diminishing returns to (adstocked) spend.

Each class is a small frozen dataclass holding its parameters and exposing the value, the first
and second derivatives with respect to spend and the spend at which the derivative takes a given
value. Parameters may be floats or numpy arrays of posterior/prior draws; every method
broadcasts, so one object evaluates all draws at once.

All three basic kinds map ``x >= 0`` to a non-negative level; Hill and exponential approach an
asymptote of 1, power has none. A response curve multiplies the level by a scale (see
``response.py``). :class:`FlightedSaturation` averages a bounded kind over the weeks of a
flighted horizon, where each week runs at its own multiple of the even-spend level.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
Param = float | FloatArray


def _as_array(x: ArrayLike) -> FloatArray:
    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)


def draw_value(value: Param, index: int) -> float:
    """Draw ``index`` of a parameter; a scalar (or one-element array) is shared by all draws."""
    flat = np.asarray(value, dtype=np.float64).reshape(-1)
    return float(flat[0] if flat.size == 1 else flat[index])


class Saturation(ABC):
    """Interface shared by every saturation function."""

    kind: ClassVar[str]
    bounded: ClassVar[bool]

    @abstractmethod
    def __call__(self, x: ArrayLike) -> FloatArray:
        """Saturation level at spend ``x``."""

    @abstractmethod
    def derivative(self, x: ArrayLike) -> FloatArray:
        """d level / d x at spend ``x``."""

    @abstractmethod
    def second_derivative(self, x: ArrayLike) -> FloatArray:
        """d² level / d x² at spend ``x``: positive where the curve is convex."""

    @abstractmethod
    def spend_at_derivative(self, slope: ArrayLike) -> FloatArray:
        """Spend beyond which the derivative stays below ``slope`` (0 if it never exceeds it)."""

    def inflection(self) -> FloatArray:
        """Spend where the marginal level peaks; 0 for curves concave everywhere."""
        return np.zeros(np.broadcast(*map(np.asarray, self.params().values())).shape)

    @abstractmethod
    def rescaled(self, factor: Param) -> tuple[Saturation, Param]:
        """Re-express ``S(x / factor)`` as ``m * S_new(x)``; returns ``(S_new, m)``.

        Used to change spend units, e.g. from weekly adstocked spend to total spend over a
        planning horizon. Bounded curves only stretch (``m = 1``); a power curve cannot stretch,
        so its change of units moves into the multiplier.
        """

    def params(self) -> dict[str, Param]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]

    def with_params(self, **changes: Param) -> Saturation:
        """The same kind of curve with some parameters changed."""
        return replace(self, **changes)  # type: ignore[type-var]

    def draw(self, index: int) -> Saturation:
        """One draw of an array-valued curve as a scalar curve."""
        return type(self)(**{k: draw_value(v, index) for k, v in self.params().items()})

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.kind}
        for key, value in self.params().items():
            out[key] = np.asarray(value).tolist()
        return out

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Saturation:
        kind = data.get("type")
        if kind == FlightedSaturation.kind:
            return FlightedSaturation(
                base=Saturation.from_dict(data["base"]),
                levels=np.asarray(data["levels"], dtype=np.float64),
            )
        cls = SATURATIONS.get(str(kind))
        if cls is None:
            known = ", ".join(sorted(SATURATIONS))
            raise ValueError(f"unknown saturation type {kind!r}; expected one of: {known}")
        args = {f.name: _param_from_json(data, f.name) for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**args)


def _param_from_json(data: dict[str, Any], name: str) -> Param:
    if name not in data:
        raise ValueError(f"saturation {data.get('type')!r} needs the parameter {name!r}")
    value = data[name]
    if isinstance(value, list):
        return np.asarray(value, dtype=np.float64)
    return float(value)


@dataclass(frozen=True)
class HillSaturation(Saturation):
    r"""Hill curve.

    .. math::
        S(x) = \frac{x^{n}}{x^{n} + K^{n}}, \qquad
        S'(x) = \frac{n\,K^{n}\,x^{n-1}}{(x^{n} + K^{n})^{2}}

    ``half_saturation`` :math:`K > 0` is the spend at which half the asymptote is reached;
    ``shape`` :math:`n > 0` is concave for :math:`n \le 1` and S-shaped for :math:`n > 1`, with its
    inflection at :math:`x^{*} = K\,((n-1)/(n+1))^{1/n}`.
    """

    half_saturation: Param
    shape: Param = 1.0

    kind: ClassVar[str] = "hill"
    bounded: ClassVar[bool] = True

    def __call__(self, x: ArrayLike) -> FloatArray:
        ratio = _as_array(x) / self.half_saturation
        powered = np.power(ratio, self.shape)
        return np.asarray(powered / (1.0 + powered))

    def derivative(self, x: ArrayLike) -> FloatArray:
        xs = _as_array(x)
        k, n = self.half_saturation, self.shape
        ratio = xs / k
        with np.errstate(divide="ignore", invalid="ignore"):
            # n r^(n-1) / (K (1 + r^n)^2), written to stay finite at r = 0 for n >= 1.
            powered = np.power(ratio, n)
            value = n * np.power(ratio, n - 1.0) / (k * (1.0 + powered) ** 2)
        return np.asarray(np.where(np.isfinite(value), value, np.inf))

    def second_derivative(self, x: ArrayLike) -> FloatArray:
        r"""
        .. math:: S''(x) = \frac{n\,r^{n-2}\,\big((n-1) - (n+1)\,r^{n}\big)}{K^{2}(1 + r^{n})^{3}},
            \qquad r = x / K

        At :math:`x = 0` it is :math:`+\infty` for :math:`1 < n < 2` and :math:`-\infty` for
        :math:`n \le 1` (the limits' signs are what matter).
        """
        xs = _as_array(x)
        k, n = self.half_saturation, self.shape
        ratio = xs / k
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            powered = np.power(ratio, n)
            value = (
                n
                * np.power(ratio, n - 2.0)
                * ((n - 1.0) - (n + 1.0) * powered)
                / (k * k * (1.0 + powered) ** 3)
            )
        limit = np.where(np.asarray(n) > 1.0, np.inf, -np.inf)
        return np.asarray(np.where(np.isfinite(value), value, limit))

    def inflection(self) -> FloatArray:
        """Spend where the marginal level peaks (0 for concave shapes)."""
        n = np.asarray(self.shape, dtype=np.float64)
        ratio = np.clip((n - 1.0) / (n + 1.0), 0.0, None)
        return np.asarray(self.half_saturation * np.power(ratio, 1.0 / n))

    def spend_at_derivative(self, slope: ArrayLike) -> FloatArray:
        target = np.asarray(slope, dtype=np.float64)
        peak_at = self.inflection()
        low = np.array(np.broadcast_to(peak_at, np.broadcast(target, peak_at).shape), dtype=float)
        never_above = self.derivative(low) <= target
        # Beyond the inflection the derivative falls monotonically to 0: bracket, then bisect.
        high = np.maximum(low, np.asarray(self.half_saturation, dtype=np.float64)) * 2.0
        for _ in range(200):
            above = self.derivative(high) > target
            if not np.any(above):
                break
            high = np.where(above, high * 4.0, high)
        for _ in range(100):
            mid = 0.5 * (low + high)
            above = self.derivative(mid) > target
            low = np.where(above, mid, low)
            high = np.where(above, high, mid)
        return np.asarray(np.where(never_above, 0.0, high))

    def rescaled(self, factor: Param) -> tuple[Saturation, Param]:
        return HillSaturation(self.half_saturation * factor, self.shape), 1.0


@dataclass(frozen=True)
class ExponentialSaturation(Saturation):
    r"""Exponential (negative-exponential) saturation.

    .. math::
        S(x) = 1 - e^{-x/\lambda}, \qquad S'(x) = \frac{e^{-x/\lambda}}{\lambda}

    ``lam`` :math:`\lambda > 0` is the spend at which :math:`1 - e^{-1} \approx 63\%` of the
    asymptote is reached. Always concave.
    """

    lam: Param

    kind: ClassVar[str] = "exponential"
    bounded: ClassVar[bool] = True

    def __call__(self, x: ArrayLike) -> FloatArray:
        return np.asarray(-np.expm1(-_as_array(x) / self.lam))

    def derivative(self, x: ArrayLike) -> FloatArray:
        return np.asarray(np.exp(-_as_array(x) / self.lam) / self.lam)

    def second_derivative(self, x: ArrayLike) -> FloatArray:
        return np.asarray(-np.exp(-_as_array(x) / self.lam) / (self.lam * self.lam))

    def spend_at_derivative(self, slope: ArrayLike) -> FloatArray:
        target = np.asarray(slope, dtype=np.float64)
        with np.errstate(divide="ignore"):
            x = -self.lam * np.log(target * self.lam)
        return np.asarray(np.clip(x, 0.0, None))

    def rescaled(self, factor: Param) -> tuple[Saturation, Param]:
        return ExponentialSaturation(lam=self.lam * factor), 1.0


@dataclass(frozen=True)
class PowerSaturation(Saturation):
    r"""Power curve (constant elasticity).

    .. math::
        S(x) = x^{\beta}, \qquad S'(x) = \beta\,x^{\beta - 1}

    ``exponent`` :math:`0 < \beta \le 1` is the elasticity: a 1% spend increase raises the
    outcome by :math:`\beta\%`. It has no asymptote, so its saturation level is undefined.
    """

    exponent: Param

    kind: ClassVar[str] = "power"
    bounded: ClassVar[bool] = False

    def __call__(self, x: ArrayLike) -> FloatArray:
        return np.asarray(np.power(_as_array(x), self.exponent))

    def derivative(self, x: ArrayLike) -> FloatArray:
        xs = _as_array(x)
        with np.errstate(divide="ignore"):
            value = self.exponent * np.power(xs, np.asarray(self.exponent) - 1.0)
        return np.asarray(value)

    def second_derivative(self, x: ArrayLike) -> FloatArray:
        xs = _as_array(x)
        beta = np.asarray(self.exponent, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = beta * (beta - 1.0) * np.power(xs, beta - 2.0)
        return np.asarray(np.where(np.isfinite(value), value, np.where(beta < 1.0, -np.inf, 0.0)))

    def spend_at_derivative(self, slope: ArrayLike) -> FloatArray:
        target = np.asarray(slope, dtype=np.float64)
        beta = np.asarray(self.exponent, dtype=np.float64)
        with np.errstate(divide="ignore", over="ignore"):
            x = np.power(target / beta, 1.0 / (beta - 1.0))
        return np.asarray(np.where(beta >= 1.0, np.where(target >= beta, 0.0, np.inf), x))

    def rescaled(self, factor: Param) -> tuple[Saturation, Param]:
        # (x / f)^β = f^-β · x^β
        return self, np.power(factor, -np.asarray(self.exponent))


SATURATIONS: dict[str, type[Saturation]] = {
    cls.kind: cls for cls in (HillSaturation, ExponentialSaturation, PowerSaturation)
}

_PEAK_SEARCH_DECADES = 12.0  # how far below the last component inflection the peak is sought
_SEARCH_POINTS = 768
_BISECTIONS = 100


@dataclass(frozen=True)
class FlightedSaturation(Saturation):
    r"""A bounded saturation averaged over the weeks of a flighted horizon.

    .. math::
        S(X) = \frac{1}{H} \sum_{t=1}^{H} B(r_t X), \qquad
        S'(X) = \frac{1}{H} \sum_t r_t\,B'(r_t X), \qquad
        S''(X) = \frac{1}{H} \sum_t r_t^{2}\,B''(r_t X)

    ``base`` :math:`B` is the curve of total horizon spend :math:`X` spread evenly; ``levels``
    :math:`r_t \ge 0` is week :math:`t`'s adstocked level relative to that even spend (mean 1
    for a pattern of the same total), so ``levels`` of all ones is :math:`B` itself. The last
    axis of ``levels`` is the week; leading axes, if any, are draws, matching the base's
    parameters. The level stays a share of the asymptote, so ``bounded`` holds.

    A sum of S-shaped terms at different scales can turn convex again after turning concave
    (a burst saturates, then the weeks reached only by its carryover start to count), so the
    peak of :math:`S'` and the inverse of :math:`S'` are searched numerically: beyond the
    largest term inflection :math:`\max_t c_B / r_t` every term is concave; below it a
    log-spaced grid of the derivative is refined by bisection.
    """

    base: Saturation
    levels: FloatArray

    kind: ClassVar[str] = "flighted"
    bounded: ClassVar[bool] = True

    def __post_init__(self) -> None:
        levels = np.asarray(self.levels, dtype=np.float64)
        if not self.base.bounded:
            raise ValueError(f"a flighted curve needs a saturating base, not {self.base.kind!r}")
        if levels.ndim == 0 or not np.all(np.isfinite(levels)) or np.any(levels < 0):
            raise ValueError("flighted levels must be finite, non-negative, one per week")
        object.__setattr__(self, "levels", levels)

    def _weekly_base(self) -> Saturation:
        """The base with a trailing week axis on its parameters, to broadcast with ``levels``."""
        return self.base.with_params(
            **{k: np.asarray(v, dtype=np.float64)[..., None] for k, v in self.base.params().items()}
        )

    def _weekly(self, x: ArrayLike, order: int) -> FloatArray:
        r"""Mean over the weeks of :math:`r_t^{k} B^{(k)}(r_t X)` (0 for weeks with no level)."""
        base = self._weekly_base()
        inputs = _as_array(x)[..., None] * self.levels
        if order == 0:
            terms = base(inputs)
        else:
            derivative = base.derivative if order == 1 else base.second_derivative
            with np.errstate(invalid="ignore"):
                terms = np.power(self.levels, order) * derivative(inputs)
            terms = np.where(self.levels > 0, terms, 0.0)
        return np.asarray(np.mean(terms, axis=-1))

    def __call__(self, x: ArrayLike) -> FloatArray:
        return self._weekly(x, 0)

    def derivative(self, x: ArrayLike) -> FloatArray:
        return self._weekly(x, 1)

    def second_derivative(self, x: ArrayLike) -> FloatArray:
        return self._weekly(x, 2)

    def component_inflections(self) -> FloatArray:
        """Each week's term inflection :math:`c_B / r_t` (0 where the week has no level or the
        base is concave): shape ``(*draws, weeks)``."""
        base = np.asarray(self._weekly_base().inflection())
        with np.errstate(divide="ignore", invalid="ignore"):
            found = base / self.levels
        return np.asarray(np.where(self.levels > 0, found, 0.0))

    def params(self) -> dict[str, Param]:
        """The base's parameters: the pattern is a decision, not an assumption."""
        return self.base.params()

    def with_params(self, **changes: Param) -> Saturation:
        return FlightedSaturation(self.base.with_params(**changes), self.levels)

    def draw(self, index: int) -> Saturation:
        weeks = self.levels.shape[-1]
        levels = self.levels if self.levels.ndim == 1 else self.levels.reshape(-1, weeks)[index]
        return FlightedSaturation(self.base.draw(index), levels)

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.kind, "base": self.base.to_dict(), "levels": self.levels.tolist()}

    def rescaled(self, factor: Param) -> tuple[Saturation, Param]:
        stretched, multiplier = self.base.rescaled(factor)
        return FlightedSaturation(stretched, self.levels), multiplier

    def _draw_shape(self) -> tuple[int, ...]:
        return self.levels.shape[:-1]

    def _search_grid(self, flat_index: int) -> tuple[FlightedSaturation, FloatArray]:
        """One draw as a scalar curve, and a log grid up to its last term inflection (below
        which its derivative may rise and fall; beyond it, it only falls)."""
        curve = self.draw(flat_index) if self._draw_shape() else self
        assert isinstance(curve, FlightedSaturation)
        last = float(np.max(curve.component_inflections()))
        if last <= 0:
            return curve, np.zeros(1)
        return curve, np.geomspace(last * 10.0**-_PEAK_SEARCH_DECADES, last, _SEARCH_POINTS)

    def _draw_indices(self, shape: tuple[int, ...]) -> NDArray[np.int64]:
        """Flat draw index for every position of ``shape`` (a broadcast of the draw shape)."""
        draws = self._draw_shape()
        flat = np.arange(int(np.prod(draws)), dtype=np.int64).reshape(draws)
        return np.broadcast_to(flat, shape)

    def inflection(self) -> FloatArray:
        """Spend where the marginal level peaks: the best point of the search grid, refined by
        bisection on the sign of :math:`S''` between its neighbours."""
        shape = self._draw_shape()
        draws = self._draw_indices(shape)
        out = np.zeros(shape)
        for index in np.ndindex(*shape):
            curve, grid = self._search_grid(int(draws[index]))
            if grid.size > 1:
                best = int(np.argmax(curve.derivative(grid)))
                low, high = grid[max(best - 1, 0)], grid[min(best + 1, grid.size - 1)]
                out[index] = curve._bisect(float(low), float(high), curve._rising)
        return out

    def spend_at_derivative(self, slope: ArrayLike) -> FloatArray:
        """The largest spend where the derivative still exceeds ``slope``: bisection beyond the
        last term inflection, else from the last grid crossing below it."""
        target = np.asarray(slope, dtype=np.float64)
        shape = np.broadcast_shapes(target.shape, self._draw_shape())
        draws = self._draw_indices(shape)
        wanted = np.broadcast_to(target, shape)
        out = np.zeros(shape)
        for index in np.ndindex(*shape):
            curve, grid = self._search_grid(int(draws[index]))
            out[index] = curve._last_reaching(float(wanted[index]), grid)
        return out

    def _last_reaching(self, slope: float, grid: FloatArray) -> float:
        last = float(grid[-1])
        if float(self.derivative(last)) > slope:
            low, high = last, max(last, 1.0) * 2.0
            while float(self.derivative(high)) > slope:
                low, high = high, high * 4.0
        else:
            reaching = np.flatnonzero(self.derivative(grid) > slope)
            if reaching.size == 0:
                return 0.0
            low, high = float(grid[reaching[-1]]), float(grid[reaching[-1] + 1])
        return self._bisect(low, high, lambda x: self.derivative(x) > slope)

    def _rising(self, x: float) -> bool:
        return bool(self.second_derivative(x) > 0)

    @staticmethod
    def _bisect(low: float, high: float, before: Callable[[float], Any]) -> float:
        """The point in ``[low, high]`` where ``before`` turns false (it holds at ``low``)."""
        for _ in range(_BISECTIONS):
            middle = 0.5 * (low + high)
            if bool(before(middle)):
                low = middle
            else:
                high = middle
        return high
