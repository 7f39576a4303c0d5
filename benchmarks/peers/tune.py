"""Estimator variants scored on the peer designs' tuning seeds, in one process, by the same
scoring code as the peer benchmark (``scoring.py``); no peer is run and nothing is written::

    python -m benchmarks.peers.tune [--seeds 20-23] [--channels] VARIANT ...

Each ``VARIANT`` is ``label`` or ``label=JSON`` with ``MarketingMixModel`` keyword arguments
(``shipped`` is the defaults). ``--channels`` also prints, per channel, the true ROI, the
estimate and its 90% interval, for reading where the error sits and in which direction.
Seeds 20-23 are the tuning seeds; the held-out seeds 0-1 belong to ``run.py`` and are scored
once, with the estimator already chosen.
"""

from __future__ import annotations

import json
import statistics
import sys

from benchmarks.peers.budgetmix_runner import fit_output
from benchmarks.peers.run import DESIGNS, design_spec
from benchmarks.peers.scoring import Score, score, true_window

TUNING_SEEDS = (20, 21, 22, 23)


def parse_seeds(text: str) -> tuple[int, ...]:
    """``"20-23"`` or ``"20,22"``."""
    if "-" in text:
        first, last = (int(v) for v in text.split("-", 1))
        return tuple(range(first, last + 1))
    return tuple(int(v) for v in text.split(","))


def main(argv: list[str]) -> int:
    seeds: tuple[int, ...] = TUNING_SEEDS
    if "--seeds" in argv:
        at = argv.index("--seeds")
        seeds = parse_seeds(argv[at + 1])
        argv = argv[:at] + argv[at + 2 :]
    if set(seeds) & {0, 1}:
        raise SystemExit("seeds 0 and 1 are held out: score them with benchmarks.peers.run")
    per_channel = "--channels" in argv
    variants = [a for a in argv if a != "--channels"] or ["shipped"]
    overall: dict[str, list[Score]] = {}
    for design, make in DESIGNS.items():
        for seed in seeds:
            sim = make(seed)
            spec = design_spec(sim, seed)
            roi_truth, _ = true_window(sim, int(spec["n_train"]))
            for variant in variants:
                label, _, settings = variant.partition("=")
                out = fit_output(sim.history.frame, spec, json.loads(settings or "{}"))
                result = score(out, sim, int(spec["n_train"]))
                overall.setdefault(label, []).append(result)
                print(
                    f"{design} seed {seed} {label}: mean {result.roi_error_mean:.1%} median "
                    f"{result.roi_error_median:.1%} coverage {result.roi_coverage:.0%} MAPE "
                    f"{result.holdout_mape:.2f}% {result.fit_seconds:.1f}s",
                    flush=True,
                )
                if per_channel:
                    for name, (estimate, low, high) in out["roi"].items():
                        truth = roi_truth[name]
                        print(
                            f"    {name:14s} true {truth:6.3f} est {estimate:6.3f} "
                            f"[{low:6.3f}, {high:6.3f}] ratio {estimate / truth:5.2f}",
                            flush=True,
                        )
    print("\nvariant | mean ROI error | median | coverage | holdout MAPE | regret | fit s")
    for label, rows in overall.items():
        print(
            f"{label} | {_mean(rows, 'roi_error_mean'):.1%} | "
            f"{_mean(rows, 'roi_error_median'):.1%} | {_mean(rows, 'roi_coverage'):.0%} | "
            f"{_mean(rows, 'holdout_mape'):.2f}% | {_mean(rows, 'regret'):.2%} | "
            f"{statistics.median(r.fit_seconds for r in rows):.1f}"
        )
    return 0


def _mean(rows: list[Score], field: str) -> float:
    return float(statistics.mean(getattr(r, field) for r in rows))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
