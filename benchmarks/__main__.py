"""``python -m benchmarks``: run every benchmark area in turn, each in its own interpreter so
one area's imports and caches do not flatter the next (each writes its own results file under
``benchmarks/results/``). ``python -m benchmarks.<area>`` runs one."""

from __future__ import annotations

import subprocess
import sys

AREAS = ("intake", "fit", "optimizer", "knowledge", "assistant", "hardening")


def main() -> None:
    wanted = sys.argv[1:] or list(AREAS)
    unknown = sorted(set(wanted) - set(AREAS))
    if unknown:
        raise SystemExit(f"unknown benchmark area: {', '.join(unknown)}; areas: {', '.join(AREAS)}")
    for area in wanted:
        print(f"== benchmarks.{area}", flush=True)
        subprocess.run([sys.executable, "-m", f"benchmarks.{area}"], check=True)


if __name__ == "__main__":
    main()
