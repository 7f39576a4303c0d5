r"""Partial pooling of one geo's media coefficients toward the national returns.

With the curve shapes and carryover fixed (shared by every geo), a geo's model is linear in its
coefficients: baseline and seasonality :math:`\gamma` (its own) and media effects
:math:`\beta \ge 0`. Its return on channel :math:`m` is :math:`\mathrm{ROI}_m = a_m\beta_m`,
:math:`a_m = \sum_t z_{mt} / \sum_t x_{mt}` (saturation levels over spend). Each geo's returns
get a Gaussian prior around the national return :math:`\rho_m` with between-geo sd
:math:`\tau_m`, so the estimate is the posterior mode

.. math::
    (\hat\gamma, \hat\beta) = \arg\min_{\gamma,\ \beta \ge 0}
        \frac{\lVert y - B\gamma - Z\beta \rVert^2}{\sigma^2}
        + \sum_m \frac{(a_m \beta_m - \rho_m)^2}{\tau_m^2}

a bounded linear least-squares problem on the data rows stacked over one prior row per
channel (solved exactly by ``scipy.optimize.lsq_linear``). :math:`\tau_m \to \infty` is one
model per geo (no pooling), :math:`\tau_m \to 0` every geo at the national return (complete
pooling). For one channel alone the mode is the precision-weighted average
:math:`w\,\widehat{\mathrm{ROI}} + (1-w)\rho` with the empirical-Bayes weight
:math:`w = \tau^2 / (\tau^2 + \mathrm{se}^2)` (:func:`shrinkage_weight`).

:math:`\tau_m^2` is estimated from the unpooled fits of all geos by the method of moments
(DerSimonian and Laird 1986): the spread of the geos' returns beyond what their standard
errors explain, :math:`\hat\tau^2 = \max(0,\ \widehat{\mathrm{Var}}_g(\widehat{\mathrm{ROI}}_g)
- \overline{\mathrm{se}^2})`, floored at a small share of the national return so that no geo is
forced exactly onto it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import lsq_linear

from model_engine.saturation import FloatArray

TAU_FLOOR_SHARE = 0.05  # the smallest between-geo sd, as a share of the national return
_TAU_FLOOR_ABSOLUTE = 1e-6


@dataclass(frozen=True, eq=False)
class GeoDesign:
    """One geo's linear model on some weeks: baseline columns, media levels, the target."""

    baseline: FloatArray  # (T, p)
    levels: FloatArray  # (T, C) saturation levels with the shared shapes
    target: FloatArray  # (T,)
    spend: FloatArray  # (T, C)

    @property
    def return_per_coefficient(self) -> FloatArray:
        r""":math:`a_m`: ROI per unit of the media coefficient (0 for a channel never spent)."""
        totals = self.spend.sum(axis=0)
        return np.where(totals > 0, self.levels.sum(axis=0) / np.maximum(totals, 1e-300), 0.0)

    @property
    def matrix(self) -> FloatArray:
        return np.hstack([self.baseline, self.levels])


@dataclass(frozen=True, eq=False)
class LinearFit:
    """Coefficients, their covariance (Gaussian approximation at the mode) and the noise."""

    baseline: FloatArray
    media: FloatArray
    media_covariance: FloatArray  # (C, C)
    noise_var: float
    roi: FloatArray  # a_m * beta_m
    roi_se: FloatArray


def _solve(
    design: GeoDesign, noise_var: float, center: FloatArray | None, tau: FloatArray | None
) -> LinearFit:
    x = design.matrix
    n_baseline = design.baseline.shape[1]
    n_media = design.levels.shape[1]
    a = design.return_per_coefficient
    sigma = np.sqrt(noise_var)
    rows, target = [x / sigma], [design.target / sigma]
    if center is not None and tau is not None:
        prior = np.zeros((n_media, n_baseline + n_media))
        prior[:, n_baseline:] = np.diag(a / tau)
        rows.append(prior)
        target.append(center / tau)
    stacked, goal = np.vstack(rows), np.concatenate(target)
    lower = np.concatenate([np.full(n_baseline, -np.inf), np.zeros(n_media)])
    solution = lsq_linear(stacked, goal, bounds=(lower, np.inf), method="bvls", tol=1e-12)
    coefficients = np.asarray(solution.x)
    # The curvature of the objective at the mode: its inverse is the Gaussian approximation
    # of the posterior (a pseudo-inverse for a channel never spent, whose column is empty).
    covariance = np.linalg.pinv(stacked.T @ stacked)
    media_cov = covariance[n_baseline:, n_baseline:]
    media = coefficients[n_baseline:]
    return LinearFit(
        baseline=coefficients[:n_baseline],
        media=media,
        media_covariance=media_cov,
        noise_var=noise_var,
        roi=a * media,
        roi_se=a * np.sqrt(np.maximum(np.diag(media_cov), 0.0)),
    )


def unpooled_fit(design: GeoDesign) -> LinearFit:
    """The geo's own least-squares fit (media effects non-negative), noise from its residuals."""
    first = _solve(design, 1.0, None, None)
    coefficients = np.concatenate([first.baseline, first.media])
    residual = design.target - design.matrix @ coefficients
    dof = max(design.target.size - coefficients.size, 1)
    noise_var = max(float(residual @ residual) / dof, 1e-12 * float(design.target @ design.target))
    return _solve(design, noise_var, None, None)


def pooled_fit(
    design: GeoDesign, noise_var: float, center: FloatArray, tau: FloatArray
) -> LinearFit:
    """The posterior mode with the returns' prior ``N(center, tau^2)`` (module docstring)."""
    if np.any(tau <= 0):
        raise ValueError("the between-geo spread must be positive")
    return _solve(design, noise_var, center, tau)


def between_geo_sd(roi: FloatArray, roi_se: FloatArray, national: FloatArray) -> FloatArray:
    """Method-of-moments :math:`\\hat\\tau_m` from every geo's unpooled ROI ``(G, C)`` and its
    standard error, floored at :data:`TAU_FLOOR_SHARE` of the national return."""
    floor = np.maximum(TAU_FLOOR_SHARE * np.abs(national), _TAU_FLOOR_ABSOLUTE)
    if roi.shape[0] < 2:
        return np.asarray(np.maximum(np.abs(national), floor))  # one geo: a weak prior
    excess = roi.var(axis=0, ddof=1) - np.mean(roi_se**2, axis=0)
    return np.asarray(np.maximum(np.sqrt(np.maximum(excess, 0.0)), floor))


def pooled_mean(roi: FloatArray, roi_se: FloatArray, tau: FloatArray) -> FloatArray:
    """The returns' common centre across geos: each geo's estimate weighted by
    ``1 / (se^2 + tau^2)`` (the random-effects mean of DerSimonian and Laird)."""
    weights = 1.0 / (roi_se**2 + tau**2)
    return np.asarray((weights * roi).sum(axis=0) / weights.sum(axis=0))


def shrinkage_weight(tau: FloatArray, se: FloatArray) -> FloatArray:
    """The empirical-Bayes weight on a geo's own estimate: ``tau^2 / (tau^2 + se^2)``."""
    return np.asarray(tau**2 / (tau**2 + se**2))
