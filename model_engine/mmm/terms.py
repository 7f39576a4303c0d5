r"""Pseudo-observations on the media coefficients: the ROI prior and lift-test results.

Both are linear in a channel's coefficient :math:`\beta_c` once its carryover and saturation
:math:`\theta_c` are fixed, so variable projection (``solver.py``) keeps solving the linear part
exactly: each term adds rows to the non-negative least-squares problem. Row :math:`i` concerns
one channel :math:`c_i` and contributes

.. math::
    \Big(\frac{w_i(\theta_{c_i})\,\beta_{c_i} - p_i\,\bar\rho - t_i}{s_i} - \epsilon_i\Big)^2

to the objective, with :math:`w_i` a weight that depends on the channel's curve, :math:`p_i` the
weight of the pooled return :math:`\bar\rho` (a free, non-negative coefficient shared by every
prior row), :math:`t_i` a target, :math:`s_i` its standard deviation and :math:`\epsilon_i` a
perturbation (zero for the point fit; a standard normal draw in randomise-then-optimise
replicates, ``bootstrap.py``).

- :class:`ReturnPriorTerm`: channel ``c``'s ROI over the fitted weeks is
  :math:`\rho_c = \beta_c \sum_t z_{ct} / X_c` (contribution over spend), and the prior is
  :math:`\rho_c \sim N(\bar\rho\,r_c,\ (\tau_c\,\bar\rho_0\,r_c)^2)`: a relative return
  :math:`r_c` by channel type around the mix's pooled return :math:`\bar\rho`, which the data
  estimates (partial pooling). Because it is relative, the same prior serves revenue and lead
  targets: it says how a channel's return (or the inverse of its cost per outcome) compares with
  the mix's, never what the return is in currency. :math:`\bar\rho_0` is the pooled return of a
  pilot fit, which fixes the prior's scale.
  In a refresh (``refresh_prior.py``) the weight is the channel's level on the previous
  version's curve, fixed: the prior then pools the coefficient and cannot pull the curve.
- :class:`LiftTestTerm`: a test that changed channel ``c``'s spend by :math:`\delta` a week over
  weeks :math:`W_s` and measured :math:`\Delta` incremental outcome (standard error
  :math:`\sigma_\Delta`) through weeks :math:`W_m \supseteq W_s` predicts

  .. math::
      \hat\Delta = \beta_c \sum_{t \in W_m} \big(z_t(x + \delta 1_{W_s}) - z_t(x)\big)

  with :math:`z_t` the channel's saturation level on adstocked spend, so the carryover of the
  extra spend into the weeks after the test counts. The row is
  :math:`(\hat\Delta - \Delta)/\sigma_\Delta`: the Gaussian log-likelihood of the result.

The gradient of a row with respect to :math:`\theta_c` needs only :math:`\partial w_i/\partial
\theta_c` (Danskin's theorem, as for the data rows).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from model_engine.mmm.media import MediaTransform
from model_engine.saturation import FloatArray

IntArray = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class CoefficientRows:
    """Evaluated rows of one term for given nonlinear parameters (``m`` rows)."""

    channel: IntArray  # (m,) the channel whose coefficient each row weighs
    weight: FloatArray  # (m,) w_i(theta)
    weight_gradient: FloatArray | None  # (m, P) d w_i / d theta_{c_i}, when asked for
    pooled: FloatArray  # (m,) weight of the pooled return (0 for rows without it)
    target: FloatArray  # (m,)
    sd: FloatArray  # (m,)
    offset: FloatArray  # (m,) randomise-then-optimise perturbation (0 for the point fit)


class CoefficientTerm(Protocol):
    """A source of rows on the media coefficients."""

    @property
    def n_rows(self) -> int: ...

    def rows(self, theta: FloatArray, z: FloatArray, dz: FloatArray | None) -> CoefficientRows:
        """Rows for parameters ``theta`` (C, P), with the fitted weeks' levels ``z`` (T, C) and
        their gradients ``dz`` (P, T, C) when the caller needs the rows' gradients."""
        ...

    def perturbed(self, rng: np.random.Generator) -> CoefficientTerm:
        """The same term with fresh standard normal offsets (randomise-then-optimise)."""
        ...


@dataclass(frozen=True, eq=False)
class ReturnPriorTerm:
    """ROI prior with partial pooling (see the module docstring), on the fitted weeks."""

    channels: IntArray  # channels with spend in the fitted weeks
    spend: FloatArray  # their total spend over the fitted weeks
    relative: FloatArray  # r_c
    spread: FloatArray  # tau_c
    pooled_scale: float  # pilot pooled return, fixes the prior's standard deviation
    offset: FloatArray | None = None
    # In a refresh: each channel's total level on the previous version's curve, so the prior
    # weighs the return on that curve and leaves the curve to the data and its own prior.
    fixed_levels: FloatArray | None = None

    @property
    def n_rows(self) -> int:
        return int(self.channels.size)

    @property
    def sd(self) -> FloatArray:
        return np.asarray(self.spread * self.pooled_scale * self.relative, dtype=np.float64)

    def with_pooled_scale(self, pooled_scale: float) -> ReturnPriorTerm:
        return replace(self, pooled_scale=pooled_scale)

    def with_spread(self, spread: float | FloatArray) -> ReturnPriorTerm:
        return replace(self, spread=np.broadcast_to(spread, (self.n_rows,)).astype(np.float64))

    def standardised_residuals(self, media: FloatArray, pooled: float, z: FloatArray) -> FloatArray:
        """Each channel's ROI off the prior's centre, in prior standard deviations."""
        weight = self.rows(np.empty(0), z, None).weight
        return np.asarray(
            (weight * media[self.channels] - self.relative * pooled) / self.sd, dtype=np.float64
        )

    def with_student_tail(
        self, media: FloatArray, pooled: float, z: FloatArray, dof: float
    ) -> ReturnPriorTerm:
        r"""One iteratively-reweighted step towards a Student-t prior with ``dof`` degrees of
        freedom: a channel whose return sits :math:`u` prior sds from the centre gets its sd
        scaled by :math:`\sqrt{(\nu + u^2)/(\nu + 1)}` (the t's weight: a channel the data
        clearly sets apart is pooled less than the Gaussian would, one near the centre more)."""
        u = self.standardised_residuals(media, pooled, z)
        return replace(self, spread=self.spread * np.sqrt((dof + u**2) / (dof + 1.0)))

    def rows(self, _theta: FloatArray, z: FloatArray, dz: FloatArray | None) -> CoefficientRows:
        gradient = None
        if self.fixed_levels is not None:
            weight = self.fixed_levels / self.spend
            if dz is not None:
                gradient = np.zeros((self.n_rows, dz.shape[0]))
        else:
            weight = z[:, self.channels].sum(axis=0) / self.spend
            if dz is not None:
                gradient = (dz[:, :, self.channels].sum(axis=1) / self.spend).T
        return CoefficientRows(
            channel=self.channels,
            weight=weight,
            weight_gradient=gradient,
            pooled=self.relative,
            target=np.zeros(self.n_rows),
            sd=self.sd,
            offset=np.zeros(self.n_rows) if self.offset is None else self.offset,
        )

    def perturbed(self, rng: np.random.Generator) -> ReturnPriorTerm:
        return replace(self, offset=rng.standard_normal(self.n_rows))


@dataclass(frozen=True, eq=False)
class LiftTestTerm:
    """One lift test's likelihood on its channel's coefficient.

    ``observed`` and ``changed`` are one-channel transforms of the channel's spend as it was and
    as the test changed it, both restricted to the measured weeks (carryover from earlier weeks
    kept).
    """

    channel: int
    observed: MediaTransform
    changed: MediaTransform
    outcome_change: float
    outcome_change_se: float
    offset: float = 0.0

    @property
    def n_rows(self) -> int:
        return 1

    def lift_per_coefficient(self, theta_row: FloatArray) -> float:
        r""":math:`\sum_{t \in W_m} z_t(x + \delta) - z_t(x)`: the predicted lift for a
        coefficient of 1."""
        theta = theta_row[np.newaxis]
        return float((self.changed.levels(theta) - self.observed.levels(theta)).sum())

    def rows(self, theta: FloatArray, _z: FloatArray, dz: FloatArray | None) -> CoefficientRows:
        own = theta[self.channel : self.channel + 1]
        gradient = None
        if dz is None:
            weight = float((self.changed.levels(own) - self.observed.levels(own)).sum())
        else:
            z_changed, dz_changed = self.changed.levels_and_gradients(own)
            z_observed, dz_observed = self.observed.levels_and_gradients(own)
            weight = float((z_changed - z_observed).sum())
            gradient = (dz_changed - dz_observed).sum(axis=(1, 2))[np.newaxis]
        return CoefficientRows(
            channel=np.array([self.channel]),
            weight=np.array([weight]),
            weight_gradient=gradient,
            pooled=np.zeros(1),
            target=np.array([self.outcome_change]),
            sd=np.array([self.outcome_change_se]),
            offset=np.array([self.offset]),
        )

    def perturbed(self, rng: np.random.Generator) -> LiftTestTerm:
        return replace(self, offset=float(rng.standard_normal()))
