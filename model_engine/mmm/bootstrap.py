r"""Moving-block residual bootstrap: intervals that respect autocorrelated errors.

Weekly residuals are autocorrelated, so resampling single weeks understates uncertainty. Each
replicate rebuilds a target from the fitted values plus residuals resampled in contiguous
blocks of :math:`b \approx n^{1/3}` weeks (Künsch 1989), inflated by
:math:`\sqrt{n/(n-p)}` for the degrees of freedom the fit used:

.. math:: y^{*}_t = \hat y_t + \sqrt{\tfrac{n}{n-p}}\,(\hat e_{\pi(t)} - \bar e)

and refits every parameter, nonlinear ones included, starting from the point estimate. The spend
design is kept as observed (adstock needs contiguous weeks), so the intervals describe the
uncertainty of the estimates given the spend that actually happened.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from model_engine.mmm.solver import ProfiledObjective
from model_engine.saturation import FloatArray

IntArray = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class BootstrapDraws:
    """Refitted parameters, one row per replicate."""

    theta: FloatArray  # (B, C, P)
    media: FloatArray  # (B, C)
    interactions: FloatArray  # (B, I)

    @property
    def n_draws(self) -> int:
        return int(self.theta.shape[0])


def default_block_weeks(n_weeks: int) -> int:
    return max(2, round(n_weeks ** (1.0 / 3.0)))


def moving_block_indices(n_weeks: int, block_weeks: int, rng: np.random.Generator) -> IntArray:
    """Row indices made of randomly placed contiguous blocks, cut to ``n_weeks``."""
    block = min(block_weeks, n_weeks)
    n_blocks = -(-n_weeks // block)
    starts = rng.integers(0, n_weeks - block + 1, n_blocks)
    return (starts[:, np.newaxis] + np.arange(block)).ravel()[:n_weeks]


def residual_bootstrap(
    objective: ProfiledObjective,
    theta: FloatArray,
    fitted: FloatArray,
    n_draws: int,
    block_weeks: int,
    degrees_of_freedom: int,
    rng: np.random.Generator,
    max_evaluations: int = 200,
) -> BootstrapDraws:
    """Refit ``n_draws`` block-resampled targets, each from the point estimate ``theta``."""
    residual = objective.target - fitted
    residual = residual - residual.mean()
    n_weeks = residual.size
    inflation = np.sqrt(n_weeks / max(n_weeks - degrees_of_freedom, n_weeks / 2))
    thetas = np.empty((n_draws, *theta.shape))
    media = np.empty((n_draws, theta.shape[0]))
    interactions = np.empty((n_draws, len(objective.pairs)))
    for draw in range(n_draws):
        rows = moving_block_indices(n_weeks, block_weeks, rng)
        replicate = objective.with_target(fitted + inflation * residual[rows])
        thetas[draw], _ = replicate.minimize(theta, max_evaluations)
        coefficients = replicate.linear_coefficients(thetas[draw])
        media[draw] = coefficients.media
        interactions[draw] = coefficients.interactions
    return BootstrapDraws(theta=thetas, media=media, interactions=interactions)
