r"""Adstock (carryover) transformations: how one week's spend keeps working in later weeks.

An adstock spreads spend over the following weeks with a kernel of ``l_max`` weights
:math:`w_0, \dots, w_{L-1}` (lag 0 is the week of the spend):

.. math:: a_t = \sum_{l=0}^{L-1} w_l\, x_{t-l}

so :math:`\partial a_t / \partial x_{t-l} = w_l`: the derivative with respect to the input *is*
the kernel. With ``normalize=True`` the weights sum to one, so an even spend ``x`` per week
adstocks to exactly ``x`` (steady-state multiplier 1) and the half-saturation of the curve that
follows stays in units of weekly spend; this is the convention of Jin et al. (2017) and Google
Meridian. With ``normalize=False`` the steady-state multiplier is :math:`\sum_l w_l`.

Two kernels:

- :class:`GeometricAdstock`: :math:`w_l \propto \alpha^l`, peak at lag 0 (search, social);
- :class:`WeibullAdstock`: the Weibull density integrated over each week,
  :math:`w_l \propto F(l+1) - F(l)` with :math:`F(t) = 1 - e^{-(t/\lambda)^k}`. A shape
  :math:`k > 1` delays the peak (TV, video, content often peak 2-6 weeks after exposure);
  :math:`k = 1` is exactly geometric with :math:`\alpha = e^{-1/\lambda}`.

The kernel functions are vectorised over parameter arrays (one kernel per channel or per draw)
and come with their gradients with respect to the parameters, which the history fit uses to
optimise carryover and saturation jointly.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from model_engine.planning import Carryover
from model_engine.saturation import FloatArray

DEFAULT_L_MAX = 13  # a quarter of weeks, as in Jin et al. (2017)


def _normalised(raw: FloatArray, raw_grads: FloatArray) -> tuple[FloatArray, FloatArray]:
    r"""Weights :math:`w = r / R` with :math:`R = \sum r`, and their gradients by the quotient
    rule :math:`\partial w = (\partial r - w\,\partial R) / R`. ``raw_grads`` has the parameter
    axis first."""
    total = raw.sum(axis=-1, keepdims=True)
    weights = raw / total
    total_grads = raw_grads.sum(axis=-1, keepdims=True)
    grads = (raw_grads - weights[np.newaxis] * total_grads) / total[np.newaxis]
    return weights, grads


def geometric_weights(
    decay: ArrayLike, l_max: int = DEFAULT_L_MAX, normalize: bool = True
) -> tuple[FloatArray, FloatArray]:
    r"""Geometric kernel and its gradient.

    .. math:: r_l = \alpha^l, \qquad \partial r_l / \partial \alpha = l\,\alpha^{l-1}

    ``decay`` of shape ``s`` gives weights of shape ``s + (l_max,)`` and gradients of shape
    ``(1,) + s + (l_max,)`` (one parameter).
    """
    alpha = np.asarray(decay, dtype=np.float64)[..., np.newaxis]
    lags = np.arange(l_max, dtype=np.float64)
    raw = np.power(alpha, lags)
    # l * alpha^(l-1), written so that lag 0 contributes 0 even when alpha is 0.
    grad = lags * np.power(alpha, np.maximum(lags - 1.0, 0.0))
    raw_grads = grad[np.newaxis]
    if not normalize:
        return raw, raw_grads
    return _normalised(raw, raw_grads)


def weibull_weights(
    shape: ArrayLike, scale: ArrayLike, l_max: int = DEFAULT_L_MAX, normalize: bool = True
) -> tuple[FloatArray, FloatArray]:
    r"""Weibull kernel (density integrated over each week) and its gradient.

    .. math::
        r_l = F(l+1) - F(l), \quad F(t) = 1 - e^{-u}, \quad u = (t/\lambda)^k, \\
        \frac{\partial F}{\partial k} = e^{-u}\,u \ln(t/\lambda), \qquad
        \frac{\partial F}{\partial \lambda} = -e^{-u}\,u\,k/\lambda

    Gradients have shape ``(2,) + s + (l_max,)``: with respect to ``shape`` then ``scale``.
    """
    k = np.asarray(shape, dtype=np.float64)[..., np.newaxis]
    lam = np.asarray(scale, dtype=np.float64)[..., np.newaxis]
    edges = np.arange(l_max + 1, dtype=np.float64)
    ratio = edges / lam
    with np.errstate(divide="ignore"):
        log_ratio = np.where(edges > 0, np.log(np.where(edges > 0, ratio, 1.0)), 0.0)
    u = np.power(ratio, k)
    survival = np.exp(-u)
    cdf = 1.0 - survival
    d_cdf_d_shape = survival * u * log_ratio
    d_cdf_d_scale = -survival * u * k / lam
    raw = np.diff(cdf, axis=-1)
    raw_grads = np.stack([np.diff(d_cdf_d_shape, axis=-1), np.diff(d_cdf_d_scale, axis=-1)])
    if not normalize:
        return raw, raw_grads
    return _normalised(raw, raw_grads)


def convolve_lags(x: ArrayLike, weights: ArrayLike, initial: ArrayLike = 0.0) -> FloatArray:
    r"""Apply a kernel along axis 0: :math:`a_t = \sum_l w_l x_{t-l}`, where weeks before the
    first row spent ``initial`` (per trailing column; 0 by default). ``x`` may have extra
    trailing axes (channels)."""
    series = np.asarray(x, dtype=np.float64)
    kernel = np.asarray(weights, dtype=np.float64)
    before = np.broadcast_to(np.asarray(initial, dtype=np.float64), series.shape[1:])
    out = np.zeros_like(series)
    n_rows = series.shape[0]
    for lag in range(kernel.shape[-1]):
        shown = min(lag, n_rows)
        out[lag:] += kernel[..., lag] * series[: n_rows - lag]
        out[:shown] += kernel[..., lag] * before
    return out


class Adstock(ABC):
    """Interface shared by the carryover kernels (scalar parameters, one channel)."""

    kind: ClassVar[str]
    param_names: ClassVar[tuple[str, ...]]
    l_max: int
    normalize: bool

    @abstractmethod
    def _kernel(self) -> tuple[FloatArray, FloatArray]:
        """Weights (``l_max``,) and their parameter gradients (n_params, ``l_max``)."""

    def weights(self) -> FloatArray:
        """The kernel :math:`w_0, \\dots, w_{L-1}`."""
        return self._kernel()[0]

    def input_derivative(self) -> FloatArray:
        """:math:`\\partial a_t / \\partial x_{t-l} = w_l`: the derivative with respect to
        spend is the kernel itself."""
        return self.weights()

    def weight_gradients(self) -> FloatArray:
        """:math:`\\partial w_l / \\partial \\theta_j`, shape ``(n_params, l_max)`` in the order
        of ``param_names``."""
        return self._kernel()[1]

    def apply(self, x: ArrayLike, initial: ArrayLike = 0.0) -> FloatArray:
        """Adstocked series along axis 0 (time); extra axes are independent series. ``initial``
        is the weekly spend assumed before the first row."""
        return convolve_lags(x, self.weights(), initial)

    def param_derivatives(self, x: ArrayLike) -> FloatArray:
        """:math:`\\partial a_t / \\partial \\theta_j = \\sum_l (\\partial w_l/\\partial
        \\theta_j)\\, x_{t-l}`, shape ``(n_params,) + x.shape``."""
        return np.stack([convolve_lags(x, grad) for grad in self.weight_gradients()])

    def steady_state_multiplier(self) -> float:
        """Adstocked level of a steady spend of 1 per week: :math:`\\sum_l w_l`."""
        return float(self.weights().sum())

    def mean_lag(self) -> float:
        """Average delay of the effect in weeks: :math:`\\sum_l l\\,w_l / \\sum_l w_l`."""
        w = self.weights()
        return float(np.dot(np.arange(w.size), w) / w.sum())

    def peak_lag(self) -> int:
        """The week (0 = week of the spend) with the largest effect."""
        return int(np.argmax(self.weights()))

    def carryover(self) -> Carryover:
        return Carryover(
            kind=self.kind,
            mean_lag_weeks=self.mean_lag(),
            peak_lag_weeks=float(self.peak_lag()),
            steady_state_multiplier=self.steady_state_multiplier(),
        )

    def params(self) -> dict[str, float]:
        return {name: float(getattr(self, name)) for name in self.param_names}

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.kind,
            **self.params(),
            "l_max": self.l_max,
            "normalize": self.normalize,
        }

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Adstock:
        kind = data.get("type")
        cls = ADSTOCKS.get(str(kind))
        if cls is None:
            known = ", ".join(sorted(ADSTOCKS))
            raise ValueError(f"unknown adstock type {kind!r}; expected one of: {known}")
        missing = [name for name in cls.param_names if name not in data]
        if missing:
            raise ValueError(f"adstock {kind!r} needs the parameter(s) {', '.join(missing)}")
        params: dict[str, Any] = {name: float(data[name]) for name in cls.param_names}
        params["l_max"] = int(data.get("l_max", DEFAULT_L_MAX))
        params["normalize"] = bool(data.get("normalize", True))
        return cls(**params)


def _check_l_max(l_max: int) -> None:
    if l_max < 1:
        raise ValueError(f"an adstock needs at least one week of weights (l_max={l_max})")


@dataclass(frozen=True)
class GeometricAdstock(Adstock):
    r"""Geometric decay: the effect is largest in the week of the spend and falls by a constant
    factor each week.

    .. math::
        w_l = \frac{\alpha^l}{\sum_{j<L} \alpha^j} \;(\text{normalised}), \qquad
        \text{mean lag} \approx \frac{\alpha}{1-\alpha}

    ``decay`` :math:`\alpha \in [0, 1)` is the share of the effect that survives each week; the
    unnormalised kernel has steady-state multiplier :math:`(1-\alpha^L)/(1-\alpha)`.
    """

    decay: float
    l_max: int = DEFAULT_L_MAX
    normalize: bool = True

    kind: ClassVar[str] = "geometric"
    param_names: ClassVar[tuple[str, ...]] = ("decay",)

    def __post_init__(self) -> None:
        _check_l_max(self.l_max)
        if not 0.0 <= self.decay < 1.0:
            raise ValueError(f"geometric decay must be in [0, 1) ({self.decay:g})")

    def _kernel(self) -> tuple[FloatArray, FloatArray]:
        return geometric_weights(self.decay, self.l_max, self.normalize)


@dataclass(frozen=True)
class WeibullAdstock(Adstock):
    r"""Delayed-peak carryover: the Weibull density integrated over each week.

    .. math::
        w_l \propto F(l+1) - F(l), \qquad F(t) = 1 - e^{-(t/\lambda)^k}

    ``shape`` :math:`k > 0` and ``scale`` :math:`\lambda > 0` (weeks). For :math:`k > 1` the
    density peaks at :math:`\lambda\,((k-1)/k)^{1/k}` weeks after exposure; :math:`k = 1` is
    geometric decay with :math:`\alpha = e^{-1/\lambda}`.
    """

    shape: float
    scale: float
    l_max: int = DEFAULT_L_MAX
    normalize: bool = True

    kind: ClassVar[str] = "weibull"
    param_names: ClassVar[tuple[str, ...]] = ("shape", "scale")

    def __post_init__(self) -> None:
        _check_l_max(self.l_max)
        if self.shape <= 0 or self.scale <= 0:
            raise ValueError(
                f"Weibull shape and scale must be positive ({self.shape:g}, {self.scale:g})"
            )

    def _kernel(self) -> tuple[FloatArray, FloatArray]:
        return weibull_weights(self.shape, self.scale, self.l_max, self.normalize)

    def density_peak_weeks(self) -> float:
        """Mode of the continuous Weibull density (0 when :math:`k \\le 1`)."""
        if self.shape <= 1.0:
            return 0.0
        return float(self.scale * ((self.shape - 1.0) / self.shape) ** (1.0 / self.shape))


ADSTOCKS: dict[str, type[Adstock]] = {cls.kind: cls for cls in (GeometricAdstock, WeibullAdstock)}
