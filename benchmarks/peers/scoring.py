"""One scoring code for every engine: ROI and contribution-share error against the truth over
the fitted weeks, coverage of the 90% intervals, holdout MAPE, time, peak memory and optimizer
regret against the true optimum.

Regret: every engine's steady-state weekly curves (as it reports them, on a spend grid from 0
to 3x each channel's average weekly spend) are handed to the same allocator, which splits the
average weekly budget in small steps to the highest marginal return, each channel between 0.5x
and 2x its average weekly spend (the "moderate" bounds of the peers' own optimizers). The plan
is then scored on the *true* curves and compared with the allocator's plan on the true curves:
regret is the share of the true optimum's media outcome the engine's plan gives up.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from model_engine.mmm.validation import mape
from model_engine.simulation import SimulatedHistory

Curve = Callable[[float], float]
BOUNDS = (0.5, 2.0)
STEPS = 2000


@dataclass(frozen=True)
class Score:
    engine: str
    roi_error_mean: float
    roi_error_median: float
    share_error_points: float  # median |share - true share|, percentage points
    roi_coverage: float
    share_coverage: float
    holdout_mape: float
    regret: float  # share of the true optimum's media outcome given up
    fit_seconds: float
    peak_rss_mb: float
    divergences: int


def true_window(sim: SimulatedHistory, n_train: int) -> tuple[dict[str, float], dict[str, float]]:
    """True ROI and contribution share of each channel over the first ``n_train`` weeks."""
    frame = sim.history.frame.iloc[:n_train]
    total = float(frame[sim.history.target].sum())
    roi, share = {}, {}
    for name in sim.history.channels:
        contribution = float(sim.weekly_contributions[name][:n_train].sum())
        roi[name] = contribution / float(frame[name].sum())
        share[name] = contribution / total
    return roi, share


def true_curves(sim: SimulatedHistory) -> dict[str, Curve]:
    """Each channel's true steady-state weekly outcome at a steady weekly spend."""
    curves: dict[str, Curve] = {}
    for effect in sim.truth:
        multiplier = effect.adstock.steady_state_multiplier()

        def curve(w: float, e: Any = effect, m: float = multiplier) -> float:
            return float(e.coefficient * e.saturation(w * m))

        curves[effect.name] = curve
    return curves


def tabulated(curves: Mapping[str, Mapping[str, list[float]]]) -> dict[str, Curve]:
    """An engine's reported curves, linearly interpolated (flat beyond the grid's end)."""
    out: dict[str, Curve] = {}
    for name, table in curves.items():
        x, y = np.asarray(table["spend"]), np.asarray(table["outcome"])

        def curve(w: float, x: Any = x, y: Any = y) -> float:
            return float(np.interp(w, x, y))

        out[name] = curve
    return out


def allocate(curves: Mapping[str, Curve], mean_spend: Mapping[str, float]) -> dict[str, float]:
    """Greedy allocation of the average weekly budget within the bounds (exact on a grid for
    concave curves; the same procedure for every engine)."""
    names = list(mean_spend)
    budget = sum(mean_spend.values())
    spend = {n: BOUNDS[0] * mean_spend[n] for n in names}
    caps = {n: BOUNDS[1] * mean_spend[n] for n in names}
    step = (budget - sum(spend.values())) / STEPS
    for _ in range(STEPS):
        gains = {
            n: curves[n](spend[n] + step) - curves[n](spend[n])
            for n in names
            if spend[n] + step <= caps[n] + 1e-9
        }
        best = max(gains, key=lambda n: gains[n])
        spend[best] += step
    return spend


def score(engine: Mapping[str, Any], sim: SimulatedHistory, n_train: int) -> Score:
    """Score one engine's output (the runners' JSON) on one simulated design."""
    roi_truth, share_truth = true_window(sim, n_train)
    frame = sim.history.frame
    actual = frame[sim.history.target].to_numpy()[n_train:]
    roi_errors, share_errors, roi_hits, share_hits = [], [], [], []
    for name in sim.history.channels:
        median, low, high = engine["roi"][name]
        roi_errors.append(abs(median / roi_truth[name] - 1.0))
        roi_hits.append(low <= roi_truth[name] <= high)
        s_median, s_low, s_high = engine["share"][name]
        share_errors.append(100.0 * abs(s_median - share_truth[name]))
        share_hits.append(s_low <= share_truth[name] <= s_high)
    mean_spend = {n: float(frame[n].iloc[:n_train].mean()) for n in sim.history.channels}
    truth = true_curves(sim)
    best = allocate(truth, mean_spend)
    plan = allocate(tabulated(engine["curves"]), mean_spend)
    best_value = sum(truth[n](best[n]) for n in best)
    plan_value = sum(truth[n](plan[n]) for n in plan)
    return Score(
        engine=str(engine["engine"]),
        roi_error_mean=float(np.mean(roi_errors)),
        roi_error_median=float(statistics.median(roi_errors)),
        share_error_points=float(statistics.median(share_errors)),
        roi_coverage=float(np.mean(roi_hits)),
        share_coverage=float(np.mean(share_hits)),
        holdout_mape=mape(actual, np.asarray(engine["holdout_prediction"])),
        regret=1.0 - plan_value / best_value,
        fit_seconds=float(engine["fit_seconds"]),
        peak_rss_mb=float(engine["peak_rss_mb"]),
        divergences=int(engine.get("divergences", 0)),
    )
