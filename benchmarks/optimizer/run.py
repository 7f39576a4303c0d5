"""Run the optimizer benchmark and write ``benchmarks/results/optimizer.md``.

Two questions, each answered against plain scipy SLSQP in the same process:

1. **Regret.** On randomised six-channel problems (Hill curves, floors on 30% of channels,
   caps on 40%, a group floor of 25% of the budget), how far below the optimum is each plan?
   The reference optimum is independent of our solver (``baseline.reference_optimum``); the
   best of it and our plan counts as the optimum, so regrets are never negative.
2. **Speed.** Wall time for 6, 10, 50, 200 and 1,000 channels, concave and half S-shaped.

Then flighting (``flighting.py``: exactness against brute force, regret and speed on flighted
problems), risk (``risk.py``: the conservative mode's speed, and a percentile plan against a
mean - λ·sd plan) and geo-level plans at 1,000 lines (``geo.py``: a KKT certificate and speed;
``geo_crossing.py``: market and national rules together, a certified dual gap, scipy baseline).
"""

from __future__ import annotations

import platform
import statistics
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

from benchmarks.optimizer import flighting, geo, geo_crossing, risk
from benchmarks.optimizer.baseline import (
    outcome,
    reference_optimum,
    slsqp_baseline,
    slsqp_comparison,
)
from benchmarks.optimizer.cases import Case, make_case
from benchmarks.optimizer.timing import median_seconds
from model_engine.optimizer import OptimizerSettings, optimize

RESULTS_FILE = Path(__file__).resolve().parents[1] / "results" / "optimizer.md"
REGRET_GOAL = 1e-3
REGRET_CASES = 20
REGRET_CHANNELS = 6
TIMING_SIZES = (6, 10, 50, 200, 1000)
SLSQP_MAX_CHANNELS = 200  # beyond this one SLSQP run takes many minutes (O(n^3) per step)
GOALS_SECONDS = {10: 0.05, 1000: 2.0}

SOLVE_ONLY = OptimizerSettings(price_constraints=False)


def _plan_outcome(case: Case, settings: OptimizerSettings) -> float:
    return optimize(case.model, case.request, settings).expected.estimate


@dataclass(frozen=True)
class RegretRow:
    label: str
    method: str
    mean: float
    worst: float
    within_goal: int
    failures: int  # plans that ended infeasible
    cases: int


def _summarise(label: str, method: str, regrets: list[float | None]) -> RegretRow:
    valid = [r for r in regrets if r is not None]
    return RegretRow(
        label=label,
        method=method,
        mean=statistics.fmean(valid) if valid else float("nan"),
        worst=max(valid) if valid else float("nan"),
        within_goal=sum(r <= REGRET_GOAL for r in valid),
        failures=len(regrets) - len(valid),
        cases=len(regrets),
    )


def regret_rows() -> tuple[list[RegretRow], list[float]]:
    """Regret rows, and our plan's gain over the independent reference on every problem."""
    rows = []
    above: list[float] = []
    for label, share in (("concave", 0.0), ("half S-shaped", 0.5), ("all S-shaped", 1.0)):
        ours: list[float | None] = []
        slsqp: list[float | None] = []
        for seed in range(REGRET_CASES):
            case = make_case(np.random.default_rng(1_000 + seed), REGRET_CHANNELS, share)
            planned = _plan_outcome(case, SOLVE_ONLY)
            baseline = slsqp_baseline(case)
            baseline_outcome = None if baseline is None else outcome(case, baseline)
            reference = reference_optimum(case)
            above.append((planned - reference) / reference)
            best = max(reference, planned, baseline_outcome or -np.inf)
            ours.append((best - planned) / best)
            slsqp.append(None if baseline_outcome is None else (best - baseline_outcome) / best)
        rows.append(_summarise(label, "budgetmix (default)", ours))
        rows.append(_summarise(label, "scipy SLSQP", slsqp))
    return rows, above


@dataclass(frozen=True)
class TimingRow:
    channels: int
    label: str
    solve_seconds: float
    full_seconds: float
    slsqp_seconds: float | None
    slsqp_regret: float | None  # relative to our plan (negative: SLSQP found more)
    method: str


def timing_rows() -> list[TimingRow]:
    rows = []
    for channels in TIMING_SIZES:
        for label, share in (("concave", 0.0), ("half S-shaped", 0.5)):
            case = make_case(np.random.default_rng(channels), channels, share)
            repeats = 7 if channels <= 50 else 3 if channels <= 200 else 1
            optimize(case.model, case.request, SOLVE_ONLY)  # warm caches and imports
            solve = median_seconds(partial(optimize, case.model, case.request, SOLVE_ONLY), repeats)
            full = median_seconds(partial(optimize, case.model, case.request), repeats)
            result = optimize(case.model, case.request, SOLVE_ONLY)
            slsqp_seconds = slsqp_regret = None
            if channels <= SLSQP_MAX_CHANNELS:
                slsqp_seconds, slsqp_regret = slsqp_comparison(case, result.expected.estimate)
            rows.append(
                TimingRow(channels, label, solve, full, slsqp_seconds, slsqp_regret, result.method)
            )
    return rows


def _pct(value: float | None) -> str:
    return "-" if value is None or np.isnan(value) else f"{100 * value:.4f}%"


def _seconds(value: float | None) -> str:
    if value is None:
        return "not run"
    return f"{1000 * value:.1f} ms" if value < 1 else f"{value:.2f} s"


def render(
    regrets: list[RegretRow],
    above: list[float],
    timings: list[TimingRow],
    sections: list[str],
    elapsed: float,
) -> str:
    beaten = [gain for gain in above if gain > 1e-9]
    lines = [
        "# Optimizer benchmark",
        "",
        f"Written by `python -m benchmarks.optimizer` in {elapsed:.0f} s on "
        f"{platform.machine()} ({platform.python_implementation()} {platform.python_version()}).",
        "Problems: Hill curves through the current spend, floors on 30% of channels (0.2-0.8x",
        "current), caps on 40% (1.2-2.5x current), a group floor of 25% of the budget on a quarter",
        "of the channels; the budget is the current total. Seeds are fixed.",
        "",
        f"## Regret ({REGRET_CASES} problems of {REGRET_CHANNELS} channels each; goal <= 0.1%)",
        "",
        "The optimum is the best of an independent reference (every low/concave-part regime",
        "of every S-shaped channel solved by tight SLSQP, plus five random-start SLSQP runs),",
        "our plan and the baseline's plan. SLSQP starts from the current mix scaled to the",
        "budget and gets analytic gradients.",
        "",
        "| curves | method | mean regret | worst regret | within 0.1% | infeasible end |",
        "|---|---|---|---|---|---|",
    ]
    for r in regrets:
        lines.append(
            f"| {r.label} | {r.method} | {_pct(r.mean)} | {_pct(r.worst)} | "
            f"{r.within_goal}/{r.cases - r.failures} | {r.failures} |"
        )
    lines += [
        "",
        f"Against the independent reference alone, our plan is higher on {len(beaten)} of "
        f"{len(above)} problems (by up to {_pct(max(beaten, default=0.0))}) and lower on "
        f"{sum(gain < -1e-9 for gain in above)} (by up to {_pct(-min(min(above), 0.0))}).",
    ]
    lines += [
        "",
        "## Speed (median wall time of `optimize`; goals: <= 50 ms for 10 channels, "
        "<= 2 s for 1,000)",
        "",
        "`solve` computes the plan, intervals and shadow prices; `with costs` also re-solves",
        "without each binding constraint (at most 8) to price it exactly, the default. A re-solve",
        "starts its price searches from the plan's prices and, when its search has to branch",
        "more than once, first tries the plan's regimes; the costs are exact differences of",
        "optimal plans either way.",
        "SLSQP regret is measured against our plan (negative: SLSQP found more).",
        "",
        "| channels | curves | solve | with costs | method | SLSQP time | SLSQP regret |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in timings:
        goal = GOALS_SECONDS.get(t.channels)
        mark = (
            ""
            if goal is None
            else (" (meets goal)" if t.solve_seconds <= goal else " (MISSES goal)")
        )
        lines.append(
            f"| {t.channels} | {t.label} | {_seconds(t.solve_seconds)}{mark} | "
            f"{_seconds(t.full_seconds)} | {t.method} | {_seconds(t.slsqp_seconds)} | "
            f"{_pct(t.slsqp_regret)} |"
        )
    lines += [
        "",
        f"SLSQP is not run beyond {SLSQP_MAX_CHANNELS} channels: each of its iterations solves a",
        "dense least-squares problem, O(n^3) in the number of channels.",
        "",
        *sections,
    ]
    return "\n".join(lines)


def main() -> int:
    started = time.perf_counter()
    regrets, above = regret_rows()
    timings = timing_rows()
    sections = flighting.render(
        flighting.exact_rows(), flighting.regret_rows(), flighting.timing_rows(), _pct, _seconds
    )
    sections += risk.render(risk.comparison_rows(), risk.timing_rows(), _pct, _seconds)
    sections += geo.render(_pct, _seconds)
    sections += geo_crossing.render(_pct, _seconds)
    text = render(regrets, above, timings, sections, time.perf_counter() - started)
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(text, encoding="utf-8")
    print(text)
    return 0
