"""Backtest the forecast on every weekly data set in ``data/`` and write
``benchmarks/results/forecast.md``.

For each file: fit on all but the last 13 weeks (the full pipeline a user runs, 100 bootstrap
replicates), forecast those 13 weeks from their real spend, and score MAPE and the coverage of
the 90% prediction intervals against what happened. Three settings: controls and events known
(supplied from the file, as a planner who knows the promo calendar would); the default when a
plan omits them (``held``: each at its value in the same week of the history's last year); and
the earlier default kept for comparison (``average``: controls at their last-13-weeks average,
no events).

A naive seasonal baseline runs on the same weeks: the same week a year earlier scaled by the
ratio of the last 13 training weeks to the same 13 weeks a year before; its 90% interval comes
from the same rule's errors at earlier origins in the training weeks (multiplicative
quantiles), so both methods are judged on the same data with nothing they could not know.
"""

from __future__ import annotations

import platform
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from model_engine.datasets import WeeklyHistory
from model_engine.forecasting import PeriodForecaster, SpendPlan
from model_engine.intake import load_history
from model_engine.mmm import MarketingMixModel

ROOT = Path(__file__).resolve().parents[2]
RESULTS_FILE = ROOT / "benchmarks" / "results" / "forecast.md"
HORIZON = 13
SEASON = 52
FILES = (
    ("robyn_dt_simulated_weekly.csv", None),
    ("meridian_national_all_channels.csv", None),
    ("meridian_geo_media.csv", None),
    ("pymc_marketing_case_study_data.csv", None),
    ("pymc_marketing_mock_cgp_data.csv", "target1"),
)


@dataclass(frozen=True)
class Score:
    mape: float
    coverage: float
    total_error: float  # |forecast total / actual total - 1|
    total_covered: bool


def _score(
    actual: np.ndarray,
    expected: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    total: tuple[float, float, float],
) -> Score:
    nonzero = actual != 0
    mape = float(
        100 * np.mean(np.abs(actual[nonzero] - expected[nonzero]) / np.abs(actual[nonzero]))
    )
    coverage = float(np.mean((actual >= low) & (actual <= high)))
    actual_total = float(actual.sum())
    return Score(
        mape,
        coverage,
        abs(total[0] / actual_total - 1.0),
        total[1] <= actual_total <= total[2],
    )


def naive_seasonal(target: np.ndarray, origin: int) -> np.ndarray:
    """Same week last year, scaled by the last 13 weeks against the same weeks a year before."""
    recent = target[origin - HORIZON : origin].sum()
    year_before = target[origin - HORIZON - SEASON : origin - SEASON].sum()
    ratio = recent / year_before if year_before else 1.0
    return target[origin - SEASON : origin - SEASON + HORIZON] * ratio


def naive_with_interval(target: np.ndarray, origin: int) -> tuple[np.ndarray, ...]:
    point = naive_seasonal(target, origin)
    ratios: list[np.ndarray] = []
    totals: list[float] = []
    for earlier in range(HORIZON + SEASON, origin - HORIZON + 1):
        guess = naive_seasonal(target, earlier)
        actual = target[earlier : earlier + HORIZON]
        ok = guess != 0
        ratios.append(actual[ok] / guess[ok])
        totals.append(float(actual.sum() / guess.sum()))
    pooled = np.concatenate(ratios)
    low_ratio, high_ratio = np.quantile(pooled, [0.05, 0.95])
    total_low, total_high = np.quantile(totals, [0.05, 0.95])
    total = float(point.sum())
    return (
        point,
        point * low_ratio,
        point * high_ratio,
        np.array([total, total * total_low, total * total_high]),
    )


def backtest(history: WeeklyHistory) -> dict[str, object]:
    cut = history.n_weeks - HORIZON
    train = replace(history, frame=history.frame.iloc[:cut])
    test = history.frame.iloc[cut:]
    started = time.perf_counter()
    fit = MarketingMixModel(seed=0).fit(train).result_
    fit_seconds = time.perf_counter() - started
    forecaster = PeriodForecaster(fit, train, seed=0)
    actual = test[history.target].to_numpy(dtype=float)
    known = [*history.controls, *history.events]
    average = pd.DataFrame(
        {
            **dict(zip(history.controls, fit.baseline.recent_controls, strict=True)),
            **dict.fromkeys(history.events, 0.0),
        },
        index=test.index,
    )
    settings = (
        ("known", test[known] if known else None),
        ("held", None),
        ("average", average if known else None),
    )
    scores = {}
    for label, supplied in settings:
        plan = SpendPlan(test[list(history.channels)], supplied)
        forecast = forecaster.forecast(plan)
        expected = np.array([w.expected for w in forecast.weeks])
        low = np.array([w.low for w in forecast.weeks])
        high = np.array([w.high for w in forecast.weeks])
        total = (forecast.total.estimate, forecast.total.low, forecast.total.high)
        scores[label] = _score(actual, expected, low, high, total)
    target = history.frame[history.target].to_numpy(dtype=float)
    if cut >= 2 * SEASON + HORIZON:
        point, low, high, total = naive_with_interval(target, cut)
        scores["naive"] = _score(actual, point, low, high, (total[0], total[1], total[2]))
    return {
        "scores": scores,
        "weeks": history.n_weeks,
        "channels": len(history.channels),
        "fit_seconds": fit_seconds,
        "holdout_mape": fit.metrics.holdout_mape,
        "first": test.index[0],
    }


def main() -> int:
    rows = []
    for name, target in FILES:
        history = load_history(ROOT / "data" / name, target=target).history
        print(f"backtesting {name}", file=sys.stderr, flush=True)
        rows.append((name, history.target, backtest(history)))
    lines = [
        "# Forecast: backtest on every weekly data set",
        "",
        f"Generated by `python -m benchmarks.forecast`. Machine: {platform.machine()}, Python "
        f"{platform.python_version()}. Each data set: fit on all but the last {HORIZON} weeks "
        "(the pipeline `budgetmix fit` runs: kernel and prior chosen on validation weeks, 100 "
        f"block-bootstrap replicates), then forecast the last {HORIZON} weeks from their real "
        "spend, with the spend of the weeks before them carrying over. MAPE over the 13 weeks; "
        "coverage = share of weeks whose actual lies inside the 90% prediction interval (target "
        "90%); total = error of the 13-week total and whether its 90% interval holds it.",
        "",
        "*known*: controls and events supplied for the 13 weeks; *held*: each control and event "
        "at its value in the same week of the history's last year (the default when a plan "
        "gives no controls); *average*: controls at their last-13-weeks average and no events "
        "(the default before, kept to show why it changed); "
        "*naive*: the same week a year earlier scaled by the recent year-on-year ratio, with an "
        "interval from its own errors at earlier origins (needs two years before the cut).",
        "",
        "| data set (target) | weeks x channels | forecast from | fit s | known: MAPE / coverage"
        " / total error | held: MAPE / coverage / total error | average: MAPE / coverage / total"
        " error | naive: MAPE / coverage / total error |",
        "|---|---|---|---:|---|---|---|---|",
    ]
    summary: dict[str, list[Score]] = {"known": [], "held": [], "average": [], "naive": []}
    for name, target, result in rows:
        scores = result["scores"]
        assert isinstance(scores, dict)
        cells = []
        for label in ("known", "held", "average", "naive"):
            score = scores.get(label)
            if score is None:
                cells.append("n/a (under two years before the cut)")
                continue
            summary[label].append(score)
            mark = "" if score.total_covered else " (total outside its interval)"
            cells.append(
                f"{score.mape:.1f}% / {score.coverage:.0%} / {score.total_error:.1%}{mark}"
            )
        lines.append(
            f"| {name} ({target}) | {result['weeks']} x {result['channels']} | "
            f"{result['first']:%Y-%m-%d} | {result['fit_seconds']:.1f} | "
            + " | ".join(cells)
            + " |"
        )
    lines += ["", "Means over the data sets:", ""]
    lines += [
        "| method | mean MAPE | mean weekly coverage | mean total error | totals covered |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, scores in summary.items():
        if not scores:
            continue
        lines.append(
            f"| {label} | {np.mean([s.mape for s in scores]):.1f}% | "
            f"{np.mean([s.coverage for s in scores]):.0%} | "
            f"{np.mean([s.total_error for s in scores]):.1%} | "
            f"{sum(s.total_covered for s in scores)}/{len(scores)} |"
        )
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0
