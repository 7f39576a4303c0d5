"""Partial pooling against a brute-force minimisation of its objective on a tiny case."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from scipy.optimize import minimize

from model_engine.panel.pooling import (
    GeoDesign,
    between_geo_sd,
    pooled_fit,
    pooled_mean,
    shrinkage_weight,
    unpooled_fit,
)


def _design(seed: int, n_weeks: int = 24, n_media: int = 2) -> GeoDesign:
    rng = np.random.default_rng(seed)
    spend = rng.uniform(50.0, 150.0, (n_weeks, n_media))
    levels = spend / (spend + 100.0)
    baseline = np.column_stack([np.ones(n_weeks), np.linspace(0.0, 1.0, n_weeks)])
    beta = np.linspace(300.0, 600.0, n_media)
    target = baseline @ np.array([1000.0, 50.0]) + levels @ beta + rng.normal(0, 20.0, n_weeks)
    return GeoDesign(baseline=baseline, levels=levels, target=target, spend=spend)


def _objective(
    design: GeoDesign, noise_var: float, center: np.ndarray, tau: np.ndarray
) -> Callable[[np.ndarray], float]:
    a = design.return_per_coefficient
    n_baseline = design.baseline.shape[1]

    def value(coefficients: np.ndarray) -> float:
        residual = design.target - design.matrix @ coefficients
        prior = (a * coefficients[n_baseline:] - center) / tau
        return float(residual @ residual / noise_var + prior @ prior)

    return value


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_pooled_fit_is_the_brute_force_minimum_of_its_objective(seed: int) -> None:
    design = _design(seed)
    own = unpooled_fit(design)
    center = own.roi * np.array([0.5, 1.6])  # a prior away from the data, so it matters
    tau = np.abs(own.roi) * 0.2
    fit = pooled_fit(design, own.noise_var, center, tau)
    value = _objective(design, own.noise_var, center, tau)
    n_baseline = design.baseline.shape[1]
    bounds = [(None, None)] * n_baseline + [(0.0, None)] * design.levels.shape[1]
    rng = np.random.default_rng(seed)
    best = min(
        (
            minimize(
                value,
                np.concatenate([own.baseline, own.media]) * rng.uniform(0.5, 1.5, 4),
                method="L-BFGS-B",
                bounds=bounds,
                options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 20_000},
            )
            for _ in range(5)
        ),
        key=lambda r: r.fun,
    )
    ours = value(np.concatenate([fit.baseline, fit.media]))
    assert ours <= best.fun * (1 + 1e-9)
    np.testing.assert_allclose(fit.media, best.x[n_baseline:], rtol=1e-4)
    # The prior pulled every return from the geo's own estimate toward its centre.
    assert np.all(np.abs(fit.roi - center) < np.abs(own.roi - center))


def test_a_wide_prior_is_no_pooling_and_a_narrow_one_is_complete_pooling() -> None:
    design = _design(4)
    own = unpooled_fit(design)
    center = own.roi * 0.7
    wide = pooled_fit(design, own.noise_var, center, np.full(2, 1e6))
    np.testing.assert_allclose(wide.roi, own.roi, rtol=1e-6)
    narrow = pooled_fit(design, own.noise_var, center, np.full(2, 1e-7))
    np.testing.assert_allclose(narrow.roi, center, rtol=1e-5)


def test_one_channel_shrinks_by_the_empirical_bayes_weight() -> None:
    design = _design(5, n_media=1)
    own = unpooled_fit(design)
    center = own.roi * 0.6
    tau = own.roi_se * 1.3
    fit = pooled_fit(design, own.noise_var, center, tau)
    weight = shrinkage_weight(tau, own.roi_se)
    np.testing.assert_allclose(fit.roi, weight * own.roi + (1 - weight) * center, rtol=1e-8)


def test_the_between_geo_spread_is_the_excess_over_the_standard_errors() -> None:
    roi = np.array([[1.0, 2.0], [2.0, 2.0], [3.0, 2.0]])
    se = np.array([[0.5, 0.1], [0.5, 0.1], [0.5, 0.1]])
    tau = between_geo_sd(roi, se, np.array([2.0, 2.0]))
    # Channel 1: variance 1 minus 0.25; channel 2: no spread left, floored at 5% of 2.
    np.testing.assert_allclose(tau, [np.sqrt(0.75), 0.1])
    np.testing.assert_allclose(pooled_mean(roi, se, tau), [2.0, 2.0])
