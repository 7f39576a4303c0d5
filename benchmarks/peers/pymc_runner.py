"""Fit PyMC-Marketing on one simulated design and write what the shared scoring code needs.

Runs inside the peers' own virtualenv (``benchmarks/peers/.venv``, made by ``make
bench-peers``), never the project's, and imports nothing from budgetmix. Reads a CSV and a JSON
spec written by ``benchmarks.peers.run``, fits on the first ``n_train`` weeks, and writes a JSON
with, per channel, the posterior ROI draws over the fitted weeks, contribution-share draws, the
posterior mean steady-state weekly curve on a spend grid (for the optimizer-regret score), the
posterior mean prediction of the held-out weeks, wall time, peak memory and divergences.

Model: PyMC-Marketing's documented defaults for the MMM class (geometric adstock, logistic
saturation, its default priors), with yearly Fourier seasonality of order 2 and the design's
controls plus a linear trend column as controls, as its example notebooks set it up; NUTS
through nutpie, 2 chains x (1000 tune + 1000 draws).

    python pymc_runner.py DATA.csv SPEC.json OUT.json
"""

from __future__ import annotations

import json
import resource
import sys
import time

import numpy as np
import pandas as pd


def main(data_path: str, spec_path: str, out_path: str) -> int:
    from pymc_marketing.mmm import MMM, GeometricAdstock, LogisticSaturation

    with open(spec_path) as handle:
        spec = json.load(handle)
    frame = pd.read_csv(data_path, parse_dates=[spec["date"]])
    channels, controls = spec["channels"], [*spec["controls"], "trend"]
    frame["trend"] = np.arange(len(frame), dtype=float) / len(frame)
    n_train = int(spec["n_train"])
    train, test = frame.iloc[:n_train], frame.iloc[n_train:]
    x_columns = [spec["date"], *channels, *controls]
    mmm = MMM(
        date_column=spec["date"],
        channel_columns=channels,
        control_columns=controls,
        adstock=GeometricAdstock(l_max=int(spec.get("l_max", 8))),
        saturation=LogisticSaturation(),
        yearly_seasonality=2,
    )
    started = time.perf_counter()
    mmm.fit(
        train[x_columns],
        train[spec["target"]],
        chains=2,
        draws=1000,
        tune=1000,
        nuts_sampler="nutpie",
        random_seed=int(spec["seed"]),
        progressbar=False,
    )
    fit_seconds = time.perf_counter() - started

    contributions = mmm.compute_channel_contribution_original_scale()  # chain, draw, date, ch
    totals = contributions.sum("date").stack(sample=("chain", "draw")).transpose("sample", ...)
    spend = train[channels].sum().to_numpy()
    target_total = float(train[spec["target"]].sum())
    roi = totals.to_numpy() / spend
    share = totals.to_numpy() / target_total
    predicted = mmm.sample_posterior_predictive(
        test[x_columns], extend_idata=False, include_last_observations=True, progressbar=False
    )
    holdout = _mean_prediction(predicted)
    curves = _steady_state_curves(mmm, train, channels)
    divergences = int(mmm.idata.sample_stats["diverging"].sum())
    out = {
        "engine": "PyMC-Marketing",
        "fit_seconds": fit_seconds,
        "process_seconds": time.process_time(),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "divergences": divergences,
        "channels": channels,
        "roi": _summaries(channels, roi),
        "share": _summaries(channels, share),
        "holdout_prediction": holdout,
        "curves": curves,
    }
    with open(out_path, "w") as handle:
        json.dump(out, handle)
    return 0


def _summaries(channels: list[str], draws: np.ndarray) -> dict[str, list[float]]:
    """Per channel: posterior median, 5% and 95% quantiles (the 90% interval)."""
    q = np.quantile(draws, [0.5, 0.05, 0.95], axis=0)
    return {c: [float(v) for v in q[:, i]] for i, c in enumerate(channels)}


def _mean_prediction(predicted: object) -> list[float]:
    """Posterior mean per held-out week, whatever the order of the sample dimensions."""
    values = predicted.get("y", predicted)  # type: ignore[attr-defined]
    others = [d for d in values.dims if d != "date"]
    return [float(v) for v in values.mean(dim=others).to_numpy()]


def _steady_state_curves(
    mmm: object, train: pd.DataFrame, channels: list[str]
) -> dict[str, dict[str, list[float]]]:
    """Posterior mean weekly outcome of each channel at a steady weekly spend, on a grid from
    0 to 3x its average weekly spend (as many constant weeks as the training data, which the
    forward pass requires; the last week read, by then in steady state)."""
    grid = np.linspace(0.0, 3.0, 31)
    mean_spend = train[channels].mean().to_numpy()
    curves: dict[str, dict[str, list[float]]] = {c: {"spend": [], "outcome": []} for c in channels}
    for factor in grid:
        weekly = np.tile(mean_spend * factor, (len(train), 1))
        result = mmm.channel_contribution_forward_pass(weekly)  # type: ignore[attr-defined]
        array = np.asarray(result)  # (chain, draw, date, channel), original scale
        last = array[..., -1, :].reshape(-1, len(channels)).mean(axis=0)
        for i, c in enumerate(channels):
            curves[c]["spend"].append(float(mean_spend[i] * factor))
            curves[c]["outcome"].append(float(last[i]))
    return curves


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
