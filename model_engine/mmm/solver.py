r"""Variable projection: the nonlinear media parameters are optimised with the linear
coefficients solved exactly inside the objective.

For nonlinear parameters :math:`\theta` (carryover and saturation of every channel) the media
levels :math:`Z(\theta)` are fixed columns, and the best coefficients follow from a least-squares
problem with non-negative media effects:

.. math::
    (\hat\gamma, \hat\beta, \hat\eta)(\theta) = \arg\min_{\gamma,\ \beta \ge 0,\ \eta}
        \lVert y - B\gamma - Z(\theta)\beta - W(\theta)\eta \rVert^2

(:math:`B` the baseline and controls, :math:`W` optional pairwise interactions
:math:`z_a z_b` of free sign). Projecting out :math:`B` turns this into a non-negative least
squares problem. The profiled objective adds a weak Gaussian prior on :math:`\theta`:

.. math::
    J(\theta) = \frac{\lVert r(\theta) \rVert^2}{\sigma^2}
              + \lambda \sum_i \Big(\frac{\theta_i - \mu_i}{s_i}\Big)^2

plus the rows of any coefficient terms (the ROI prior with partial pooling and lift-test
results, ``terms.py``), which are linear in the coefficients and join the non-negative least
squares problem as extra rows. Because the inner problem is solved exactly, the gradient needs no
derivative of the coefficients (Danskin's theorem): :math:`\partial J/\partial\theta =
-\tfrac{2}{\sigma^2} r^\top (\partial Z/\partial\theta)\,\hat\beta + 2\lambda(\theta-\mu)/s^2`
plus each term row's residual times the derivative of its weight. A bounded truncated-Newton
search then explores the box from several seeded starts.

Optionally (``ParameterPrior.pooling``) one parameter per channel, the log half-saturation
:math:`u_c`, is also pooled across channels (:class:`SaturationPooling`): the penalty gains
:math:`\lambda\sum_c ((u_c - \bar u)/\omega)^2`, with :math:`\bar u` a stated centre or, empirical
Bayes, the channels' mean :math:`\frac1C\sum_c u_c` (the pooled centre profiled out).

For randomise-then-optimise replicates (``bootstrap.py``) the prior centre and every term row
carry a standard normal perturbation :math:`\epsilon`: the penalty becomes
:math:`\lambda\sum_i((\theta_i-\mu_i)/s_i - \epsilon_i/\sqrt\lambda)^2`, and the pooling
term :math:`\lambda\sum_c((u_c-\bar u)/\omega - \epsilon'_c/\sqrt\lambda)^2`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy.optimize import minimize, nnls

from model_engine.mmm.media import MediaTransform
from model_engine.mmm.terms import CoefficientRows, CoefficientTerm
from model_engine.saturation import FloatArray

_RANK_TOLERANCE = 1e-10
DEFAULT_MAX_EVALUATIONS = 1000


@dataclass(frozen=True)
class SaturationPooling:
    r"""Partial pooling of one parameter column across channels: each channel's value
    :math:`u_c` (the log half-saturation) gets a Gaussian prior :math:`N(\bar u, \omega^2)`
    around ``center`` or, when it is ``None``, around the channels' mean (empirical Bayes: the
    pooled centre maximised out, so only the spread of the channels' values is penalised)."""

    column: int
    sd: float
    center: float | None = None
    offset: FloatArray | None = None  # (C,) randomise-then-optimise perturbation

    def penalty(self, theta: FloatArray) -> tuple[float, FloatArray]:
        r"""Value :math:`\sum_c d_c^2`, :math:`d_c = (u_c - \bar u)/\omega - \epsilon_c`, and
        its gradient in ``theta``'s shape. With the mean as centre,
        :math:`\partial/\partial u_j = 2 (d_j - \bar d)/\omega`."""
        values = theta[:, self.column]
        centre = float(values.mean()) if self.center is None else self.center
        d = (values - centre) / self.sd
        if self.offset is not None:
            d = d - self.offset
        grad = np.zeros_like(theta)
        grad[:, self.column] = 2.0 * (d - (d.mean() if self.center is None else 0.0)) / self.sd
        return float(d @ d), grad


@dataclass(frozen=True)
class ParameterPrior:
    """Bounds and a Gaussian prior (centre, scale) for every nonlinear parameter, ``(C, P)``,
    and optionally one column pooled across channels (``pooling``)."""

    lower: FloatArray
    upper: FloatArray
    center: FloatArray
    scale: FloatArray
    pooling: SaturationPooling | None = None

    def clip(self, theta: FloatArray) -> FloatArray:
        return np.clip(theta, self.lower, self.upper)

    def draw(self, rng: np.random.Generator) -> FloatArray:
        """A random start: uniform within the box."""
        return rng.uniform(self.lower, self.upper)

    def perturbed(self, rng: np.random.Generator, weight: float) -> ParameterPrior:
        """The prior with its centre moved by a draw from the prior itself (at ``weight``): a
        randomise-then-optimise replicate's prior."""
        if weight <= 0:
            return self
        shift = self.scale * rng.standard_normal(self.center.shape) / np.sqrt(weight)
        pooling = self.pooling
        if pooling is not None:
            offset = rng.standard_normal(self.center.shape[0]) / np.sqrt(weight)
            pooling = replace(pooling, offset=offset)
        return replace(self, center=self.center + shift, pooling=pooling)


@dataclass(frozen=True)
class LinearCoefficients:
    """The exactly solved linear part for given nonlinear parameters."""

    media: FloatArray  # (C,) non-negative
    interactions: FloatArray  # (I,)
    baseline: FloatArray  # (p,)
    pooled_return: float | None = None  # the ROI prior's pooled return, when there is one


@dataclass(frozen=True, eq=False)
class _Solution:
    coef: FloatArray  # media columns, then interaction pairs
    pooled_return: float | None
    residual: FloatArray  # data rows, baseline projected out
    rss: float
    term_residual: FloatArray | None  # standardised, perturbation included


@dataclass(frozen=True, eq=False)
class BaselineProjector:
    """Orthonormal basis of the baseline columns, for projecting them out."""

    matrix: FloatArray
    basis: FloatArray

    @classmethod
    def from_matrix(cls, matrix: FloatArray) -> BaselineProjector:
        u, s, _ = np.linalg.svd(matrix, full_matrices=False)
        keep = s > s[0] * _RANK_TOLERANCE
        return cls(matrix=matrix, basis=u[:, keep])

    def residualise(self, values: FloatArray) -> FloatArray:
        return values - self.basis @ (self.basis.T @ values)

    @property
    def rank(self) -> int:
        return int(self.basis.shape[1])


@dataclass(frozen=True, eq=False)
class ProfiledObjective:
    """:math:`J(\\theta)` on a set of rows, for one target vector."""

    transform: MediaTransform  # restricted to the fitted weeks
    projector: BaselineProjector
    target: FloatArray
    prior: ParameterPrior
    penalty: float
    noise_var: float
    pairs: tuple[tuple[int, int], ...] = ()
    terms: tuple[CoefficientTerm, ...] = ()

    def with_target(self, target: FloatArray) -> ProfiledObjective:
        return replace(self, target=target)

    def with_terms(self, terms: Sequence[CoefficientTerm]) -> ProfiledObjective:
        return replace(self, terms=tuple(terms))

    def randomised(self, rng: np.random.Generator) -> ProfiledObjective:
        """A randomise-then-optimise replicate: the prior centre and every term row perturbed
        by a draw from their own distributions (the target is resampled by the caller)."""
        return replace(
            self,
            prior=self.prior.perturbed(rng, self.penalty),
            terms=tuple(term.perturbed(rng) for term in self.terms),
        )

    def with_noise_var(self, noise_var: float) -> ProfiledObjective:
        return replace(self, noise_var=noise_var)

    def _design(self, z: FloatArray) -> FloatArray:
        """Media columns, then each interaction as a +/- pair so NNLS leaves its sign free."""
        if not self.pairs:
            return z
        products = np.column_stack([z[:, a] * z[:, b] for a, b in self.pairs])
        return np.hstack([z, products, -products])

    def _term_rows(
        self, theta: FloatArray, z: FloatArray, dz: FloatArray | None
    ) -> CoefficientRows | None:
        if not self.terms:
            return None
        parts = [term.rows(theta, z, dz) for term in self.terms]
        gradients = None
        if dz is not None:
            gradients = np.concatenate(
                [p.weight_gradient for p in parts if p.weight_gradient is not None]
            )
        return CoefficientRows(
            channel=np.concatenate([p.channel for p in parts]),
            weight=np.concatenate([p.weight for p in parts]),
            weight_gradient=gradients,
            pooled=np.concatenate([p.pooled for p in parts]),
            target=np.concatenate([p.target for p in parts]),
            sd=np.concatenate([p.sd for p in parts]),
            offset=np.concatenate([p.offset for p in parts]),
        )

    def _solve(self, z: FloatArray, rows: CoefficientRows | None) -> _Solution:
        """Non-negative coefficients of the design (and the pooled return when the terms have
        one), the data residual, its sum of squares and the term rows' residuals."""
        design = self._design(z)
        projected = self.projector.residualise(design)
        # A column the baseline explains entirely (spend that never varies) has no effect of
        # its own to measure; zeroing it keeps NNLS from giving it an arbitrary coefficient.
        unexplained = np.linalg.norm(projected, axis=0) > _RANK_TOLERANCE * np.maximum(
            np.linalg.norm(design, axis=0), _RANK_TOLERANCE
        )
        projected = projected * unexplained
        target = self.projector.residualise(self.target)
        if rows is None:
            coef, _ = nnls(projected, target, maxiter=50 * design.shape[1])
            coef = np.where(unexplained, coef, 0.0)
            residual = target - projected @ coef
            return _Solution(coef, None, residual, float(residual @ residual), None)
        # Term rows, scaled by the noise sd so that they weigh 1/sd^2 against the data's
        # 1/sigma^2; the pooled return is one more non-negative column.
        sigma = np.sqrt(self.noise_var)
        keep = unexplained[rows.channel]
        n_rows, n_columns = rows.channel.size, design.shape[1]
        pooled = bool(np.any(rows.pooled != 0))
        extra = np.zeros((n_rows, n_columns + pooled))
        extra[np.arange(n_rows), rows.channel] = sigma * rows.weight / rows.sd * keep
        if pooled:
            extra[:, -1] = -sigma * rows.pooled / rows.sd * keep
        data = projected if not pooled else np.hstack([projected, np.zeros((len(target), 1))])
        extra_target = sigma * (rows.target / rows.sd + rows.offset) * keep
        coef, _ = nnls(
            np.vstack([data, extra]),
            np.concatenate([target, extra_target]),
            maxiter=50 * (n_columns + 1),
        )
        pooled_return = float(coef[-1]) if pooled else None
        coef = np.where(unexplained, coef[:n_columns], 0.0)
        residual = target - projected @ coef
        term_residual = (
            (rows.weight * coef[rows.channel] - rows.pooled * (pooled_return or 0.0) - rows.target)
            / rows.sd
            - rows.offset
        ) * keep
        return _Solution(coef, pooled_return, residual, float(residual @ residual), term_residual)

    def _split(self, coef: FloatArray) -> tuple[FloatArray, FloatArray]:
        n_channels = self.transform.n_channels
        n_pairs = len(self.pairs)
        media = coef[:n_channels]
        interactions = coef[n_channels : n_channels + n_pairs] - coef[n_channels + n_pairs :]
        return media, interactions

    def linear_coefficients(self, theta: FloatArray) -> LinearCoefficients:
        z = self.transform.levels(theta)
        solution = self._solve(z, self._term_rows(theta, z, None))
        media, interactions = self._split(solution.coef)
        explained = self._design(z) @ solution.coef
        baseline, *_ = np.linalg.lstsq(self.projector.matrix, self.target - explained, rcond=None)
        return LinearCoefficients(
            media=media,
            interactions=interactions,
            baseline=np.asarray(baseline, dtype=np.float64),
            pooled_return=solution.pooled_return,
        )

    def least_squares_media(self, theta: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Unconstrained least-squares media coefficients for ``theta`` without any term rows,
        and their standard errors :math:`\\sigma\\sqrt{[(\tilde Z^\top \tilde Z)^{-1}]_{cc}}`
        (curves held fixed): the channels' own evidence, for estimating how much to pool."""
        design = self.projector.residualise(self._design(self.transform.levels(theta)))
        target = self.projector.residualise(self.target)
        coef, *_ = np.linalg.lstsq(design, target, rcond=None)
        covariance = self.noise_var * np.linalg.pinv(design.T @ design)
        n = self.transform.n_channels
        se = np.sqrt(np.clip(np.diag(covariance)[:n], 0.0, None))
        return np.asarray(coef[:n], dtype=np.float64), np.asarray(se, dtype=np.float64)

    def residual_sum_of_squares(self, theta: FloatArray) -> float:
        """The data's residual sum of squares (term rows excluded)."""
        z = self.transform.levels(theta)
        return self._solve(z, self._term_rows(theta, z, None)).rss

    def term_sum_of_squares(self, theta: FloatArray) -> float:
        """The term rows' part of the objective (0 without terms)."""
        z = self.transform.levels(theta)
        solution = self._solve(z, self._term_rows(theta, z, None))
        if solution.term_residual is None:
            return 0.0
        return float(solution.term_residual @ solution.term_residual)

    def _penalty(self, theta: FloatArray) -> tuple[float, FloatArray]:
        standardised = (theta - self.prior.center) / self.prior.scale
        value = self.penalty * float(np.sum(standardised**2))
        grad = 2.0 * self.penalty * standardised / self.prior.scale
        if self.prior.pooling is not None:
            pooled, pooled_grad = self.prior.pooling.penalty(theta)
            value, grad = value + self.penalty * pooled, grad + self.penalty * pooled_grad
        return value, grad

    def value_and_gradient(self, flat: FloatArray) -> tuple[float, FloatArray]:
        theta = flat.reshape(self.prior.center.shape)
        z, dz = self.transform.levels_and_gradients(theta)
        rows = self._term_rows(theta, z, dz)
        solution = self._solve(z, rows)
        coef, residual, rss = solution.coef, solution.residual, solution.rss
        media, interactions = self._split(coef)
        # Weight of each channel's level in the fitted values, per row (interactions included).
        effect = np.broadcast_to(media, z.shape).copy()
        for (a, b), eta in zip(self.pairs, interactions, strict=True):
            effect[:, a] += eta * z[:, b]
            effect[:, b] += eta * z[:, a]
        grad = -2.0 / self.noise_var * np.einsum("t,ptc,tc->cp", residual, dz, effect)
        value = rss / self.noise_var
        if rows is not None and solution.term_residual is not None:
            assert rows.weight_gradient is not None
            value += float(solution.term_residual @ solution.term_residual)
            scale = 2.0 * solution.term_residual * coef[rows.channel] / rows.sd
            np.add.at(grad, rows.channel, scale[:, np.newaxis] * rows.weight_gradient)
        penalty, penalty_grad = self._penalty(theta)
        return value + penalty, (grad + penalty_grad).ravel()

    def minimize(
        self, start: FloatArray, max_evaluations: int = DEFAULT_MAX_EVALUATIONS
    ) -> tuple[FloatArray, float]:
        """Local bounded search from ``start``; returns the parameters and the objective.

        Truncated Newton (TNC) rather than L-BFGS-B: it reaches the same optima here, and its
        C core calls no BLAS, whose threads slow L-BFGS-B down several-fold on a busy 2-core
        machine.
        """
        bounds = list(zip(self.prior.lower.ravel(), self.prior.upper.ravel(), strict=True))
        result = minimize(
            self.value_and_gradient,
            self.prior.clip(start).ravel(),
            jac=True,
            method="TNC",
            bounds=bounds,
            options={"maxfun": max_evaluations},
        )
        theta = self.prior.clip(np.asarray(result.x).reshape(self.prior.center.shape))
        return theta, float(result.fun)

    def multi_start(
        self, starts: Sequence[FloatArray], max_evaluations: int = DEFAULT_MAX_EVALUATIONS
    ) -> tuple[FloatArray, float]:
        """Best local optimum over ``starts`` (ties go to the earliest start)."""
        best_theta, best_value = self.minimize(starts[0], max_evaluations)
        for start in starts[1:]:
            theta, value = self.minimize(start, max_evaluations)
            if value < best_value:
                best_theta, best_value = theta, value
        return best_theta, best_value
