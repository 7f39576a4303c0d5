"""``python -m benchmarks.understanding --dev-v5``: exact reading on the v5 development set,
by category and by shape. ``--shapes PREFIX`` scores only the shapes whose key starts with it
(``D5-R``); ``--failures N`` prints up to N failing messages per shape; ``--write`` records the
run in ``benchmarks/results/understanding_dev_v5.md``."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.understanding.adapter import read
from benchmarks.understanding.dev_v5.generator import PER_SHAPE, SEED, generate, shapes
from benchmarks.understanding.reading import CATEGORIES
from benchmarks.understanding.run import ReadingSummary
from benchmarks.understanding.scoring import print_failures, score

REPO = Path(__file__).resolve().parents[3]
RESULTS = REPO / "benchmarks" / "results" / "understanding_dev_v5.md"


def main(arguments: Sequence[str]) -> None:
    prefix = arguments[arguments.index("--shapes") + 1] if "--shapes" in arguments else ""
    messages = generate(prefix=prefix)
    start = time.perf_counter()
    scores = score(messages, read)
    seconds = time.perf_counter() - start
    summary = ReadingSummary.of(scores)
    if "--failures" in arguments:
        print_failures(scores, int(arguments[arguments.index("--failures") + 1]))
    lines = _table(summary, seconds)
    print("\n".join(lines))
    if "--write" in arguments:
        RESULTS.write_text("\n".join(_header() + lines) + "\n")
        print(f"wrote {RESULTS}")


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _header() -> list[str]:
    return [
        "# Understanding: development set v5",
        "",
        f"`python -m benchmarks.understanding --dev-v5 --write` (seed {SEED}; {PER_SHAPE} "
        "messages per shape). Every shape in `benchmarks/understanding/dev_v5/` is for tuning; "
        "the sixth pass's held-out measure is the blind set v5.",
        "",
    ]


def _table(summary: ReadingSummary, seconds: float) -> list[str]:
    lines = [
        f"{summary.messages} messages: **{_pct(summary.exact)} read exactly**. "
        f"Reading time {seconds:.1f} s.",
        "",
        "| category | correct | spurious |",
        "|---|---:|---:|",
    ]
    for category in CATEGORIES:
        stated, correct, spurious = summary.categories[category]
        rate = f"{_pct(correct / stated)} of {stated}" if stated else "—"
        lines.append(f"| {category} | {rate} | {spurious} |")
    lines += ["", "| shape | exact |", "|---|---:|"]
    for shape in shapes():
        if shape.key in summary.shapes:
            lines.append(f"| {shape.key}: {shape.title} | {_pct(summary.shapes[shape.key])} |")
    return lines
