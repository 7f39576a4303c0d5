"""Saturation transformations: diminishing returns to (adstocked) spend.

Each class is a small frozen dataclass holding its parameters and exposing the value, the
derivative with respect to spend and, where it exists, the spend at which the derivative takes
a given value. Parameters may be floats or numpy arrays of posterior/prior draws; every method
broadcasts, so one object evaluates all draws at once.

All three map ``x >= 0`` to a non-negative level; Hill and exponential approach an asymptote of 1,
power has none. A response curve multiplies the level by a scale (see ``response.py``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, fields
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
    def spend_at_derivative(self, slope: ArrayLike) -> FloatArray:
        """Spend beyond which the derivative stays below ``slope`` (0 if it never exceeds it)."""

    @abstractmethod
    def rescaled(self, factor: Param) -> tuple[Saturation, Param]:
        """Re-express ``S(x / factor)`` as ``m * S_new(x)``; returns ``(S_new, m)``.

        Used to change spend units, e.g. from weekly adstocked spend to total spend over a
        planning horizon. Bounded curves only stretch (``m = 1``); a power curve cannot stretch,
        so its change of units moves into the multiplier.
        """

    def params(self) -> dict[str, Param]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]

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
