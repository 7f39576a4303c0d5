"""The plain scipy SLSQP baseline and the independent reference optimum.

SLSQP is what PyMC-Marketing's and Robyn's optimizers build on: maximise the summed response
with bounds, an equality on the total and an inequality per group, from the current mix scaled
to the budget, with analytic gradients (so it is given every advantage it can use).

The reference for regret is independent of our solver: for S-shaped curves, every assignment of
each non-concave channel to its lower limit or to the concave part of its range is solved with
tight SLSQP, plus SLSQP from several random starts on the full problem; the best is kept.
"""

from __future__ import annotations

import itertools
import time

import numpy as np
from scipy.optimize import minimize

from benchmarks.optimizer.cases import Case
from model_engine.optimizer.curves import CurveSet


def _solve(
    case: Case, lower: np.ndarray, upper: np.ndarray, start: np.ndarray, tight: bool
) -> np.ndarray | None:
    curves = CurveSet.point(case.model.channels)
    budget = case.request.budget
    scale = float(np.abs(curves.scale).sum())

    def objective(share: np.ndarray) -> float:
        return -float(curves.value(share * budget).sum()) / scale

    def gradient(share: np.ndarray) -> np.ndarray:
        return -curves.marginal(share * budget) * budget / scale

    group_row = np.zeros(lower.size)
    group_row[case.group] = 1.0
    result = minimize(
        objective,
        np.clip(start / budget, lower / budget, upper / budget),
        jac=gradient,
        method="SLSQP",
        bounds=list(zip(lower / budget, upper / budget, strict=True)),
        constraints=[
            {"type": "eq", "fun": lambda s: s.sum() - 1.0, "jac": lambda s: np.ones(s.size)},
            {
                "type": "ineq",
                "fun": lambda s: group_row @ s - case.group_floor / budget,
                "jac": lambda _share: group_row,
            },
        ],
        options={"ftol": 1e-15 if tight else 1e-9, "maxiter": 1000 if tight else 200},
    )
    spend = result.x * budget
    return spend if _feasible(case, spend, lower, upper) else None


def _feasible(case: Case, spend: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> bool:
    budget = case.request.budget
    slack = 1e-7 * budget
    return bool(
        abs(spend.sum() - budget) <= slack
        and np.all(spend >= lower - slack)
        and np.all(spend <= upper + slack)
        and spend[case.group].sum() >= case.group_floor - slack
    )


def outcome(case: Case, spend: np.ndarray) -> float:
    return float(CurveSet.point(case.model.channels).value(spend).sum())


def slsqp_baseline(case: Case) -> np.ndarray | None:
    """Plain SLSQP from the current mix scaled to the budget (``None`` if it ends infeasible)."""
    current = np.array([c.current_spend for c in case.model.channels])
    start = current * case.request.budget / current.sum()
    return _solve(case, case.lower, case.upper, start, tight=False)


def slsqp_comparison(case: Case, ours: float) -> tuple[float, float | None]:
    """SLSQP's wall time on ``case`` and its regret against our expected outcome ``ours``
    (``None`` when SLSQP ends infeasible)."""
    started = time.perf_counter()
    spend = slsqp_baseline(case)
    seconds = time.perf_counter() - started
    if spend is None:
        return seconds, None
    return seconds, (ours - outcome(case, spend)) / ours


def reference_optimum(case: Case, starts: int = 5, seed: int = 0) -> float:
    """Best outcome over regime enumeration and random multi-starts (see the module docs)."""
    curves = CurveSet.point(case.model.channels)
    inflection = curves.concave_from()
    nonconcave = np.flatnonzero(inflection > case.lower)
    budget = case.request.budget
    current = np.array([c.current_spend for c in case.model.channels])
    best = -np.inf
    for high in itertools.product((False, True), repeat=nonconcave.size):
        lower, upper = case.lower.copy(), case.upper.copy()
        chosen = np.array(high, dtype=bool)
        concave_start = np.minimum(
            np.maximum(inflection[nonconcave], lower[nonconcave]), upper[nonconcave]
        )
        lower[nonconcave] = np.where(chosen, concave_start, lower[nonconcave])
        upper[nonconcave] = np.where(chosen, upper[nonconcave], lower[nonconcave])
        if lower.sum() > budget or upper.sum() < budget:
            continue
        spend = _solve(case, lower, upper, current * budget / current.sum(), tight=True)
        if spend is not None:
            best = max(best, outcome(case, spend))
    rng = np.random.default_rng(seed)
    for _ in range(starts):
        start = rng.dirichlet(np.ones(current.size)) * budget
        spend = _solve(case, case.lower, case.upper, start, tight=True)
        if spend is not None:
            best = max(best, outcome(case, spend))
    return float(best)


def grid_optimum(case: Case, points: int = 1201) -> float:
    """Brute force for three channels spending exactly the budget, without other limits."""
    assert len(case.model.channels) == 3
    curves = CurveSet.point(case.model.channels)
    budget = case.request.budget
    grid = np.linspace(0.0, budget, points)
    first, second = np.meshgrid(grid, grid, indexing="ij")
    valid = first + second <= budget
    spend = np.stack([first[valid], second[valid], budget - first[valid] - second[valid]])
    return float(curves.value(spend).sum(axis=0).max())


def draw_outcomes(case: Case, spend: np.ndarray) -> np.ndarray:
    """Total outcome of ``spend`` under each curve draw."""
    return np.asarray(CurveSet.draws(case.model.channels).outcome_draws(spend).sum(axis=0))


def mean_sd_plan(case: Case, risk_aversion: float, starts: int = 6, seed: int = 0) -> np.ndarray:
    """The plan maximising mean - risk_aversion * sd of the outcome over the draws, by SLSQP
    from the current mix and random starts under the case's limits (best feasible end)."""
    curves = CurveSet.draws(case.model.channels)
    budget = case.request.budget
    lower, upper = case.lower / budget, case.upper / budget
    scale = float(np.abs(curves.scale).sum()) / curves.n_draws

    def negative(share: np.ndarray) -> float:
        outcomes = curves.outcome_draws(share * budget).sum(axis=0)
        return -float(outcomes.mean() - risk_aversion * outcomes.std()) / scale

    group_row = np.zeros(lower.size)
    group_row[case.group] = 1.0
    current = np.array([c.current_spend for c in case.model.channels])
    rng = np.random.default_rng(seed)
    best, best_value = current * budget / current.sum(), np.inf
    for start in [current / current.sum(), *rng.dirichlet(np.ones(lower.size), starts)]:
        result = minimize(
            negative,
            np.clip(start, lower, upper),
            method="SLSQP",
            bounds=list(zip(lower, upper, strict=True)),
            constraints=[
                {"type": "eq", "fun": lambda s: s.sum() - 1.0},
                {"type": "ineq", "fun": lambda s: group_row @ s - case.group_floor / budget},
            ],
            options={"ftol": 1e-12, "maxiter": 500},
        )
        spend = result.x * budget
        if result.fun < best_value and _feasible(case, spend, case.lower, case.upper):
            best, best_value = spend, float(result.fun)
    return best
