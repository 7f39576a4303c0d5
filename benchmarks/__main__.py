"""``python -m benchmarks``: run every benchmark area in turn, each in its own interpreter so
one area's imports and caches do not flatter the next (each writes its own results file under
``benchmarks/results/``). ``python -m benchmarks.<area>`` runs one; ``--list`` names them.

An area is a sub-package with a ``__main__`` module; they are found, not listed, so adding one
needs no edit here. Peer benchmarks (their own virtualenvs) run through ``make bench-peers``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_NOT_AREAS = {"peers"}  # needs the peers' own virtualenvs: `make bench-peers`


def areas() -> list[str]:
    return sorted(
        path.parent.name
        for path in _HERE.glob("*/__main__.py")
        if path.parent.name not in _NOT_AREAS
    )


def main() -> None:
    known = areas()
    if sys.argv[1:] == ["--list"]:
        print("\n".join(known))
        return
    wanted = sys.argv[1:] or known
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise SystemExit(f"unknown benchmark area: {', '.join(unknown)}; areas: {', '.join(known)}")
    for area in wanted:
        print(f"== benchmarks.{area}", flush=True)
        subprocess.run([sys.executable, "-m", f"benchmarks.{area}"], check=True)


if __name__ == "__main__":
    main()
