"""``python -m benchmarks.hardening.measure FILE``: load one history file in a fresh
interpreter and print, as JSON, the seconds ``load_history`` took, the process's peak memory
and the outcome. A process per file keeps one file's peak memory from hiding another's."""

from __future__ import annotations

import json
import resource
import sys
import time

from model_engine.intake import IntakeError, load_history


def main() -> int:
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    try:
        loaded = load_history(sys.argv[1])
        outcome = f"loaded: {loaded.history.n_weeks} weeks"
    except IntakeError as refused:
        outcome = f"refused: {refused.errors[0].code}"
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": peak / 1024,
                "added_mb": (peak - baseline) / 1024,
                "outcome": outcome,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
