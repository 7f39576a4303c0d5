"""Fit budgetmix on one design the way ``pymc_runner.py`` fits PyMC-Marketing, and write the
same JSON: per channel the posterior median and 90% interval of ROI and contribution share over
the fitted weeks, the steady-state weekly curve on the same spend grid, the prediction of the
held-out weeks, wall time and peak memory. Run as its own process (like the peer) so the peak
memory is the fit's::

    python -m benchmarks.peers.budgetmix_runner DATA.csv SPEC.json OUT.json [SETTINGS_JSON]

``SETTINGS_JSON`` (optional) holds ``MarketingMixModel`` keyword arguments, e.g.
``{"point_estimate": "median"}`` for the estimator before the posterior mode was reported.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model_engine.channels import ChannelType
from model_engine.datasets import WeeklyHistory
from model_engine.mmm import MarketingMixModel

GRID = np.linspace(0.0, 3.0, 31)  # the peer runner's grid: 0 to 3x average weekly spend


def main(data_path: str, spec_path: str, out_path: str, settings: str = "{}") -> int:
    spec = json.loads(Path(spec_path).read_text())
    frame = pd.read_csv(data_path, parse_dates=[spec["date"]]).set_index(spec["date"])
    out = fit_output(frame, spec, json.loads(settings))
    out["process_seconds"] = time.process_time()
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    Path(out_path).write_text(json.dumps(out))
    return 0


def fit_output(
    frame: pd.DataFrame, spec: Mapping[str, Any], settings: Mapping[str, Any]
) -> dict[str, Any]:
    """Fit the first ``spec["n_train"]`` weeks of ``frame`` and describe the fit as the peer
    runner does (the JSON fields ``scoring.score`` reads; no process-wide measures)."""
    n_train = int(spec["n_train"])
    channels = list(spec["channels"])
    history = WeeklyHistory(
        frame=frame.iloc[:n_train],
        target=spec["target"],
        channels=tuple(channels),
        channel_types={c: ChannelType(t) for c, t in spec["channel_types"].items()},
        controls=tuple(spec["controls"]),
        events=tuple(spec.get("events", ())),
    )
    started = time.perf_counter()
    fit = MarketingMixModel(seed=int(spec["seed"]), **settings).fit(history).result_
    seconds = time.perf_counter() - started
    predicted = fit.predict(frame).to_numpy()[n_train:]
    mean_spend = frame[channels].iloc[:n_train].mean()
    return {
        "engine": "budgetmix",
        "fit_seconds": seconds,
        "peak_rss_mb": 0.0,
        "divergences": 0,
        "channels": channels,
        "roi": {c.name: [c.roi.estimate, c.roi.low, c.roi.high] for c in fit.channels},
        "share": {
            c.name: [
                c.contribution_share.estimate,
                c.contribution_share.low,
                c.contribution_share.high,
            ]
            for c in fit.channels
        },
        "holdout_prediction": [float(v) for v in predicted],
        "curves": {
            c.name: {
                "spend": [float(mean_spend[c.name] * g) for g in GRID],
                "outcome": [
                    float(c.response_curve(1).outcome(mean_spend[c.name] * g)) for g in GRID
                ],
            }
            for c in fit.channels
        },
    }


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
