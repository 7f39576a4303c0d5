"""Side-by-side benchmark: budgetmix and PyMC-Marketing on the same simulated designs, scored by
the same code (``scoring.py``), written to ``benchmarks/results/peers.md``.

``make bench-peers`` creates the peers' own virtualenv (``benchmarks/peers/.venv``, from
``requirements.in``; never the project's) and runs this module. Each fit runs in its own process,
one at a time under ``nice`` (the machine has two shared cores); every engine fits the first 85%
of the weeks and predicts the rest. Raw outputs are kept in ``benchmarks/results/peers/`` so a
re-run only fits what is missing (``--refit`` fits everything again; ``--budgetmix-only``
refits budgetmix's estimators and scores them against the recorded PyMC-Marketing outputs,
which take about 20 minutes to reproduce).

budgetmix runs as ``budgetmix`` (the shipped estimator: the posterior mode with the draws'
intervals), ``budgetmix_student_t`` (the same with a Student-t ROI prior of 1 degree of freedom,
adopted on the tuning seeds and scored here once beside the shipped one; not the default) and
``budgetmix_median`` (reporting the draws' medians, the estimator before the mode) and
``budgetmix_unidentified`` (the ROI prior pooling channels the data does not measure harder,
``unidentified_pooling=1``, chosen on the tuning seeds and scored here once; not the default),
so each comparison is on the same data. ``--engines a,b`` refits only
those of budgetmix's estimators and scores the others' recorded outputs.

Designs (seeds 0 and 1; the estimator's settings were chosen on seeds 100-111 of the default
design only):

- ``five_concave``: 156 weeks x 5 channels, concave Hill curves, geometric carryover, trend,
  seasonality, two controls, 5% noise: the design of the earlier peer measurement here;
- ``eight_mixed``: 156 x 8, S-shaped curves and delayed peaks, 5% noise;
- ``eight_random_roi``: as ``eight_mixed`` with ROIs drawn at random, independent of type;
- ``small_business``: after pymc-labs' mmm-param-recovery "small business" preset (104 x 4).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.peers.scoring import Score, score
from model_engine.simulation import (
    SimulatedHistory,
    default_scenario,
    simulate,
    simulate_small_business,
)

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "benchmarks" / "peers"
RAW = ROOT / "benchmarks" / "results" / "peers"
RESULTS_FILE = ROOT / "benchmarks" / "results" / "peers.md"
PEER_PYTHON = HERE / ".venv" / "bin" / "python"
TRAIN_SHARE = 0.85
SEEDS = (0, 1)
BUDGETMIX = [sys.executable, "-m", "benchmarks.peers.budgetmix_runner"]
ENGINES: dict[str, tuple[list[str], list[str]]] = {  # engine: (command, arguments after OUT)
    "budgetmix": (BUDGETMIX, []),
    "budgetmix_student_t": (BUDGETMIX, ['{"return_prior_tail": 1.0}']),
    "budgetmix_median": (BUDGETMIX, ['{"point_estimate": "median"}']),
    "budgetmix_unidentified": (BUDGETMIX, ['{"unidentified_pooling": 1.0}']),
    "pymc_marketing": ([str(PEER_PYTHON), str(HERE / "pymc_runner.py")], []),
}
DESIGNS: dict[str, Callable[[int], SimulatedHistory]] = {
    "five_concave": lambda s: simulate(
        default_scenario(n_channels=5, noise=0.05, curves="concave"), seed=s
    ),
    "eight_mixed": lambda s: simulate(default_scenario(noise=0.05, curves="mixed"), seed=s),
    "eight_random_roi": lambda s: simulate(
        default_scenario(noise=0.05, curves="mixed", random_roi=True), seed=s
    ),
    "small_business": simulate_small_business,
}


def main(argv: list[str]) -> int:
    refit = "--refit" in argv
    budgetmix_only = "--budgetmix-only" in argv
    # --engines a,b: refit only these of budgetmix's estimators; the others' recorded outputs
    # are scored as they are.
    chosen = set(argv[argv.index("--engines") + 1].split(",")) if "--engines" in argv else None
    RAW.mkdir(parents=True, exist_ok=True)
    work = HERE / "work"
    work.mkdir(exist_ok=True)
    scores: dict[str, dict[str, list[Score]]] = {}
    for design, make in DESIGNS.items():
        for seed in SEEDS:
            sim = make(seed)
            data, spec, n_train = _write_inputs(sim, design, seed, work)
            for engine, (command, extra) in ENGINES.items():
                out = RAW / f"{design}_seed{seed}_{engine}.json"
                ours = engine.startswith("budgetmix") and (chosen is None or engine in chosen)
                if (refit and (ours or not budgetmix_only)) or (budgetmix_only and ours):
                    _run([*command, str(data), str(spec), str(out), *extra])
                elif not out.exists():
                    if budgetmix_only and not engine.startswith("budgetmix"):
                        raise SystemExit(f"no recorded output {out}: run without --budgetmix-only")
                    _run([*command, str(data), str(spec), str(out), *extra])
                result = json.loads(out.read_text())
                scores.setdefault(design, {}).setdefault(engine, []).append(
                    score(result, sim, n_train)
                )
    lines = _report(scores)
    RESULTS_FILE.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


def _write_inputs(
    sim: SimulatedHistory, design: str, seed: int, work: Path
) -> tuple[Path, Path, int]:
    history = sim.history
    data = work / f"{design}_seed{seed}.csv"
    history.frame.reset_index().to_csv(data, index=False)
    spec = work / f"{design}_seed{seed}.json"
    contents = design_spec(sim, seed)
    spec.write_text(json.dumps(contents))
    return data, spec, int(contents["n_train"])


def design_spec(sim: SimulatedHistory, seed: int) -> dict[str, Any]:
    """What a runner needs besides the data: columns, channel types, fitted weeks, seed."""
    history = sim.history
    return {
        "date": history.frame.index.name or "week",
        "target": history.target,
        "channels": list(history.channels),
        "channel_types": {c: history.channel_type(c).value for c in history.channels},
        "controls": [*history.controls, *history.events],
        "n_train": round(TRAIN_SHARE * history.n_weeks),
        "seed": seed,
    }


def _run(command: list[str]) -> None:
    print("running", " ".join(Path(c).name for c in command[:3]), command[-1], file=sys.stderr)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    subprocess.run(
        ["nice", "-n", "10", *command], check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL
    )


def _report(scores: dict[str, dict[str, list[Score]]]) -> list[str]:
    lines = [
        "# Peers: budgetmix and PyMC-Marketing on the same data",
        "",
        f"Generated by `make bench-peers` (`python -m benchmarks.peers.run`). Machine: "
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}. "
        "PyMC-Marketing 0.19.2 (the newest on the registry here) in its own virtualenv: MMM "
        "with geometric adstock (8 weeks), logistic saturation and its default priors, yearly "
        "Fourier order 2, the design's controls plus a trend, NUTS through nutpie, 2 chains x "
        "(1000 + 1000). budgetmix: `MarketingMixModel()` defaults, 100 posterior draws, "
        "reporting the posterior mode with the draws' 90% intervals; `budgetmix_student_t` is "
        "the same with a Student-t ROI prior of 1 degree of freedom (`return_prior_tail=1`), "
        "chosen on the tuning seeds and fitted in the same run as `budgetmix`; "
        "`budgetmix_unidentified` the same with the ROI prior's spread cut for channels the "
        "data does not measure (`unidentified_pooling=1`), chosen on the tuning seeds and "
        "fitted in a later run beside `budgetmix`; "
        "`budgetmix_median` the estimator before the mode, "
        'reporting the draws\' medians (`point_estimate="median"`, recorded in the run '
        "before). Both "
        f"fit the first {TRAIN_SHARE:.0%} of the weeks; ROI and share are scored against the "
        "truth over those weeks, MAPE on the rest. Every number comes from `scoring.py`, the "
        "same code for both engines. Seeds 0 and 1 of each design (held out); budgetmix's "
        "settings were chosen on validation seeds (100-111), the point estimate, the ROI "
        "prior's tail and the harder pooling on tuning seeds 20-23 of these designs only "
        "(`benchmarks/peers/tune.py`). "
        "Fit seconds are wall time on a machine shared with other engineers' jobs (load 4-10 "
        "on 2 cores while budgetmix's fits "
        "ran): compare orders of magnitude, and see `fit.md` for budgetmix's speed grid; "
        "peak RSS is the fitting process's.",
        "",
        "| design | engine | mean ROI error | median ROI error | share error (points) | ROI "
        "coverage (90%) | share coverage | holdout MAPE | regret vs true optimum | fit s | "
        "peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    overall: dict[str, list[Score]] = {}
    for design, engines in scores.items():
        for engine, rows in engines.items():
            overall.setdefault(engine, []).extend(rows)
            lines.append(_row(design, engine, rows))
    lines.append("|||||||||||")
    for engine, rows in overall.items():
        lines.append(_row("**all designs**", engine, rows))
    ours = _mean(overall["budgetmix"], "roi_error_mean")
    theirs = _mean(overall["pymc_marketing"], "roi_error_mean")
    coverage = _mean(overall["budgetmix"], "roi_coverage")
    variant = overall.get("budgetmix_student_t")
    pooled = overall.get("budgetmix_unidentified")
    lines += [
        "",
        f"Target: mean ROI error at most half of PyMC-Marketing's: budgetmix {ours:.1%}, "
        f"PyMC-Marketing {theirs:.1%} (ratio {ours / theirs:.2f}), "
        + ("met" if ours <= theirs / 2 else "**not met**")
        + f". Coverage of budgetmix's 90% ROI intervals {coverage:.0%} (target 85%), "
        + ("met" if coverage >= 0.85 else "**not met**")
        + "."
        + (
            ""
            if variant is None
            else f" The Student-t ROI prior (`budgetmix_student_t`, same run): mean ROI error "
            f"{_mean(variant, 'roi_error_mean'):.1%}, median "
            f"{_mean(variant, 'roi_error_median'):.1%}, coverage "
            f"{_mean(variant, 'roi_coverage'):.0%}, holdout MAPE "
            f"{_mean(variant, 'holdout_mape'):.2f}% (the tuning seeds' figures and the "
            "decision are in `benchmarks/README.md`)."
        )
        + (
            ""
            if pooled is None
            else f" Harder pooling of unmeasured channels (`budgetmix_unidentified`): mean ROI "
            f"error {_mean(pooled, 'roi_error_mean'):.1%}, median "
            f"{_mean(pooled, 'roi_error_median'):.1%}, coverage "
            f"{_mean(pooled, 'roi_coverage'):.0%}, holdout MAPE "
            f"{_mean(pooled, 'holdout_mape'):.2f}%."
        ),
    ]
    return lines


def _mean(rows: list[Score], field: str) -> float:
    return float(statistics.mean(getattr(r, field) for r in rows))


def _row(design: str, engine: str, rows: list[Score]) -> str:
    def m(field: str) -> float:
        return _mean(rows, field)

    return (
        f"| {design} | {engine} | {m('roi_error_mean'):.1%} | {m('roi_error_median'):.1%} | "
        f"{m('share_error_points'):.2f} | {m('roi_coverage'):.0%} | {m('share_coverage'):.0%} | "
        f"{m('holdout_mape'):.2f}% | {m('regret'):.2%} | {m('fit_seconds'):.1f} | "
        f"{m('peak_rss_mb'):,.0f} |"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
