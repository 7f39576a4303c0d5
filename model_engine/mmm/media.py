r"""The media part of the model for all channels at once, with gradients.

For channel :math:`c` with weekly spend :math:`x_{ct}` scaled by a reference spend :math:`r_c`
(its average weekly spend in weeks with spend), the media level is

.. math::
    a_{ct} = \sum_{l<L} w_l(\phi_c)\,\frac{x_{c,t-l}}{r_c}, \qquad
    z_{ct} = \mathrm{Hill}(a_{ct}; \kappa_c, n_c)
           = \frac{1}{1 + e^{-n_c(\ln a_{ct} - \ln \kappa_c)}}

and the channel adds :math:`\beta_c z_{ct}` to the target. The nonlinear parameters of a channel
are its adstock parameters :math:`\phi_c` (``decay``; or Weibull ``shape``, ``scale``), the log
half-saturation :math:`\ln \kappa_c` (in units of the reference spend) and the Hill shape
:math:`n_c`. Gradients:

.. math::
    \frac{\partial z}{\partial \ln\kappa} = -n\,z(1-z), \quad
    \frac{\partial z}{\partial n} = z(1-z)(\ln a - \ln\kappa), \quad
    \frac{\partial z}{\partial \phi_j} = \frac{n\,z(1-z)}{a}
        \sum_l \frac{\partial w_l}{\partial \phi_j} \frac{x_{t-l}}{r}

Lagged spend is precomputed once over the whole series, so adstock at any week uses the spend of
the weeks before it, including training weeks before a holdout week. The data holds no spend from
before its first week; assuming none would make every channel's adstock ramp up over the first
weeks (a spurious trend the fit would explain with media), so weeks before the data are assumed
to have spent like the first ``l_max`` weeks (:func:`assumed_earlier_spend`), the usual
pre-sample initialisation of a distributed lag.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from scipy.special import expit

from model_engine.adstock import (
    Adstock,
    GeometricAdstock,
    WeibullAdstock,
    geometric_weights,
    weibull_weights,
)
from model_engine.saturation import FloatArray, HillSaturation

KernelFamily = Literal["geometric", "weibull"]
ADSTOCK_PARAMS: dict[KernelFamily, tuple[str, ...]] = {
    "geometric": ("decay",),
    "weibull": ("shape", "scale"),
}
SATURATION_PARAMS = ("log_half_saturation", "hill_shape")
_TINY_LEVEL = 1e-12  # adstocked spend below this counts as none (keeps logs finite)


def parameter_names(family: KernelFamily) -> tuple[str, ...]:
    return (*ADSTOCK_PARAMS[family], *SATURATION_PARAMS)


def assumed_earlier_spend(spend: FloatArray, l_max: int) -> FloatArray:
    """Weekly spend assumed before the first row: the average of the first ``l_max`` weeks."""
    return np.asarray(np.mean(spend[:l_max], axis=0), dtype=np.float64)


def reference_spend(spend: FloatArray) -> FloatArray:
    """Average weekly spend in weeks with spend, per column (1 for a column never spent)."""
    positive = spend > 0
    counts = positive.sum(axis=0)
    totals = np.where(positive, spend, 0.0).sum(axis=0)
    return np.where(counts > 0, totals / np.maximum(counts, 1), 1.0)


@dataclass(frozen=True, eq=False)
class MediaTransform:
    """Adstock then Hill for every channel, on spend scaled by ``reference``.

    ``lagged[c, t, l]`` is the scaled spend of channel ``c`` in week ``t - l`` (0 before the
    first week of the series), so restricting to some weeks keeps their carryover.
    """

    lagged: FloatArray
    reference: FloatArray
    family: KernelFamily
    l_max: int

    @classmethod
    def from_spend(
        cls, spend: FloatArray, reference: FloatArray, family: KernelFamily, l_max: int
    ) -> MediaTransform:
        scaled = spend / reference
        earlier = assumed_earlier_spend(scaled, l_max)
        n_weeks = scaled.shape[0]
        lagged = np.zeros((scaled.shape[1], n_weeks, l_max))
        for lag in range(l_max):
            lagged[:, lag:, lag] = scaled[: n_weeks - lag].T
            lagged[:, : min(lag, n_weeks), lag] = earlier[:, np.newaxis]
        return cls(lagged=lagged, reference=reference, family=family, l_max=l_max)

    def for_rows(self, rows: slice) -> MediaTransform:
        """The same transform on some weeks only (their carryover from earlier weeks kept)."""
        return replace(self, lagged=np.ascontiguousarray(self.lagged[:, rows]))

    @property
    def n_channels(self) -> int:
        return int(self.lagged.shape[0])

    @property
    def n_adstock_params(self) -> int:
        return len(ADSTOCK_PARAMS[self.family])

    def kernels(self, theta: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Weights ``(C, L)`` and their gradients ``(P_adstock, C, L)``."""
        if self.family == "geometric":
            return geometric_weights(theta[:, 0], self.l_max)
        return weibull_weights(theta[:, 0], theta[:, 1], self.l_max)

    def adstocked(self, theta: FloatArray) -> FloatArray:
        """Adstocked scaled spend, shape ``(T, C)``."""
        weights, _ = self.kernels(theta)
        return np.matmul(self.lagged, weights[:, :, np.newaxis])[:, :, 0].T

    def levels(self, theta: FloatArray) -> FloatArray:
        """Saturation levels :math:`z_{ct}`, shape ``(T, C)``."""
        return self._hill(self.adstocked(theta), theta)[0]

    def levels_and_gradients(self, theta: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Levels ``(T, C)`` and :math:`\\partial z / \\partial \\theta`, ``(P, T, C)``."""
        weights, weight_grads = self.kernels(theta)
        # One batched product gives the adstock and its derivative for every kernel parameter.
        kernels = np.concatenate([weights[np.newaxis], weight_grads]).transpose(1, 2, 0)
        products = np.matmul(self.lagged, kernels).transpose(2, 1, 0)  # (1 + P_adstock, T, C)
        z, log_ratio, safe_level = self._hill(products[0], theta)
        shape = theta[:, -1]
        dz_du = z * (1.0 - z)
        grads = np.empty((theta.shape[1], *z.shape))
        grads[: self.n_adstock_params] = (shape * dz_du / safe_level) * products[1:]
        grads[-2] = -shape * dz_du
        grads[-1] = dz_du * log_ratio
        return z, grads

    @staticmethod
    def _hill(level: FloatArray, theta: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        safe_level = np.maximum(level, _TINY_LEVEL)
        log_ratio = np.log(safe_level) - theta[:, -2]
        # No adstocked spend means exactly no effect (a tiny constant would mimic the intercept).
        z = np.where(level > _TINY_LEVEL, expit(theta[:, -1] * log_ratio), 0.0)
        return z, log_ratio, safe_level

    def adstock(self, theta_row: FloatArray) -> Adstock:
        """The fitted carryover of one channel as an :class:`Adstock`."""
        if self.family == "geometric":
            return GeometricAdstock(decay=float(theta_row[0]), l_max=self.l_max)
        return WeibullAdstock(
            shape=float(theta_row[0]), scale=float(theta_row[1]), l_max=self.l_max
        )

    def saturation(self, theta_channel: FloatArray, channel: int) -> HillSaturation:
        """One channel's Hill curve in currency per week. ``theta_channel`` is that channel's
        parameter row, or a stack of rows (draws) giving array parameters."""
        log_half_saturation = theta_channel[..., -2]
        shape = theta_channel[..., -1]
        half_saturation = np.exp(log_half_saturation) * self.reference[channel]
        if np.ndim(half_saturation) == 0:
            return HillSaturation(float(half_saturation), float(shape))
        return HillSaturation(np.asarray(half_saturation), np.asarray(shape, dtype=np.float64))
