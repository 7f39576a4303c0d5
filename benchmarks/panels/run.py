"""Run the panel benchmark and write ``benchmarks/results/panels.md``.

Simulated panels with known truth (``model_engine.panel.simulation``: 156 weeks x 8 geos x 8
channels, shared curve shapes, each geo's own baseline, seasonality and returns spread 25%
around the channel's), three seeds. Three estimators on the same panels, timed in turn in the
same process:

- **panel, partial pooling** (the default): shapes on the summed series, each geo's
  coefficients shrunk toward the national return by empirical Bayes;
- **panel, no pooling**: the same shapes, each geo's coefficients on its own;
- **one model per geo**: the national estimator fitted on each geo separately (what Robyn
  users do), its own shapes per geo.

Measures: pooled ROI error (per channel, contribution over spend summed over geos, against the
truth's), per-geo ROI error (every geo x channel line), holdout MAPE over every geo-week of the
last 15% of weeks (never seen by any fit), fit wall time.
"""

from __future__ import annotations

import platform
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from model_engine.mmm import MarketingMixModel
from model_engine.panel import PanelModel, load_panel
from model_engine.panel.data import PanelHistory
from model_engine.panel.fit import Pooling
from model_engine.panel.simulation import PanelScenario, SimulatedPanel, simulate_panel

RESULTS_FILE = Path(__file__).resolve().parents[1] / "results" / "panels.md"
SEEDS = (0, 1, 2)
SCENARIO = PanelScenario(n_weeks=156, n_geos=8, n_channels=8)
N_BOOTSTRAP = 20
FIT_SECONDS_GOAL = 30.0


@dataclass(frozen=True)
class Scored:
    method: str
    seed: int
    pooled_roi_error: float  # median over channels of |estimate / truth - 1|
    geo_roi_error: float  # median over geo x channel lines
    holdout_mape: float
    seconds: float


def _errors(sim: SimulatedPanel, roi: np.ndarray, contribution: np.ndarray) -> tuple[float, float]:
    pooled = contribution.sum(axis=0) / sim.spend_totals.sum(axis=0)
    return (
        float(np.median(np.abs(pooled / sim.pooled_roi - 1))),
        float(np.median(np.abs(roi / sim.true_roi - 1))),
    )


def _panel(sim: SimulatedPanel, panel: PanelHistory, pooling: Pooling, seed: int) -> Scored:
    started = time.perf_counter()
    fit = PanelModel(pooling=pooling, n_bootstrap=N_BOOTSTRAP, seed=seed).fit(panel).result_
    seconds = time.perf_counter() - started
    roi = np.array([[c.roi.estimate for c in g.fit.channels] for g in fit.geos])
    contribution = np.array([[c.contribution.estimate for c in g.fit.channels] for g in fit.geos])
    pooled, per_geo = _errors(sim, roi, contribution)
    label = "panel, partial pooling" if pooling == "partial" else "panel, no pooling"
    return Scored(label, seed, pooled, per_geo, fit.holdout_mape, seconds)


def _per_geo_models(sim: SimulatedPanel, panel: PanelHistory, seed: int) -> Scored:
    started = time.perf_counter()
    fits = [
        MarketingMixModel(n_bootstrap=N_BOOTSTRAP, seed=seed).fit(h).result_
        for h in panel.histories
    ]
    seconds = time.perf_counter() - started
    roi = np.array([[c.roi.estimate for c in f.channels] for f in fits])
    contribution = np.array([[c.contribution.estimate for c in f.channels] for f in fits])
    pooled, per_geo = _errors(sim, roi, contribution)
    # Every geo has the same test weeks, so the mean of the geos' MAPEs is the MAPE over
    # every geo-week.
    holdout = float(np.mean([f.metrics.holdout_mape for f in fits]))
    return Scored("one model per geo", seed, pooled, per_geo, holdout, seconds)


def _table(rows: list[Scored]) -> list[str]:
    lines = [
        "| method | pooled ROI error | per-geo ROI error | holdout MAPE | fit time |",
        "|---|---|---|---|---|",
    ]
    for method in dict.fromkeys(r.method for r in rows):
        mine = [r for r in rows if r.method == method]
        lines.append(
            f"| {method} | {statistics.median(r.pooled_roi_error for r in mine):.1%} | "
            f"{statistics.median(r.geo_roi_error for r in mine):.1%} | "
            f"{statistics.median(r.holdout_mape for r in mine):.2f}% | "
            f"{statistics.median(r.seconds for r in mine):.1f} s |"
        )
    return lines


def main() -> int:
    started = time.perf_counter()
    rows: list[Scored] = []
    with tempfile.TemporaryDirectory() as folder:
        for seed in SEEDS:
            sim = simulate_panel(SCENARIO, seed=seed)
            path = Path(folder) / f"panel_{seed}.csv"
            sim.write_csv(str(path))
            load_started = time.perf_counter()
            panel = load_panel(path).panel
            load_seconds = time.perf_counter() - load_started
            rows.append(_panel(sim, panel, "partial", seed))
            rows.append(_panel(sim, panel, "none", seed))
            rows.append(_per_geo_models(sim, panel, seed))
            print(
                f"seed {seed}: loaded in {load_seconds:.1f} s; "
                + "; ".join(f"{r.method} {r.seconds:.1f} s" for r in rows[-3:]),
                flush=True,
            )
    partial = [r for r in rows if r.method == "panel, partial pooling"]
    per_geo = [r for r in rows if r.method == "one model per geo"]
    worst = max(r.seconds for r in partial)
    speedup = statistics.median(
        g.seconds / p.seconds for g, p in zip(per_geo, partial, strict=True)
    )
    lines = [
        "# Panel benchmark",
        "",
        f"Written by `python -m benchmarks.panels` in {time.perf_counter() - started:.0f} s on "
        f"{platform.machine()} (CPython {platform.python_version()}), a 2-core machine shared "
        "with other jobs (times are wall times under that load; ratios are in the same run).",
        f"Panels: {SCENARIO.n_weeks} weeks x {SCENARIO.n_geos} geos x {SCENARIO.n_channels} "
        f"channels, seeds {', '.join(map(str, SEEDS))}, noise {SCENARIO.noise:.0%} of each "
        f"geo's mean, geo returns spread {SCENARIO.roi_spread:.0%} (log-sd) around the "
        f"channel's; {N_BOOTSTRAP} bootstrap replicates in every national-estimator fit.",
        "Errors are medians of |estimate / truth - 1|; each cell is the median over seeds.",
        "",
        *_table(rows),
        "",
        f"Panel fit time: worst {worst:.1f} s over the seeds (goal < {FIT_SECONDS_GOAL:.0f} s: "
        f"{'met' if worst < FIT_SECONDS_GOAL else 'not met'}); one model per geo took "
        f"{speedup:.1f}x as long as the partially pooled panel (median over seeds).",
        "",
        "## Every run",
        "",
        "| seed | method | pooled ROI error | per-geo ROI error | holdout MAPE | fit time |",
        "|---|---|---|---|---|---|",
        *(
            f"| {r.seed} | {r.method} | {r.pooled_roi_error:.1%} | {r.geo_roi_error:.1%} | "
            f"{r.holdout_mape:.2f}% | {r.seconds:.1f} s |"
            for r in rows
        ),
        "",
    ]
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0
