"""``python -m benchmarks.intake``: case-table accuracy, message throughput and history load
times, written to ``benchmarks/results/intake.md``.

Load times are also given as a ratio to ``pandas.read_csv`` of the same file in the same
process, so they mean something on any machine.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from benchmarks.intake.case_table import CASES, REPO, CaseResult, message_cases, run_all
from model_engine.intake import load_history, parse_message

RESULTS = REPO / "benchmarks" / "results" / "intake.md"
SEED = REPO / "prompts" / "seed_prompt.txt"


@dataclass(frozen=True)
class LoadTiming:
    name: str
    rows: int
    columns: int
    weeks: int
    seconds: float
    ratio_to_read_csv: float


def median_seconds(action: Callable[[], object], repeats: int) -> float:
    action()  # warm caches (imports, compiled patterns) out of the measurement
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def message_throughput(rounds: int = 20) -> tuple[float, float, int]:
    """Messages per second over the case-table messages, and the seed prompt's median ms."""
    cases = message_cases()
    texts = [(c.text, c.known_channels) for c in cases]
    start = time.perf_counter()
    for _ in range(rounds):
        for text, known in texts:
            parse_message(text, known_channels=known)
    elapsed = time.perf_counter() - start
    seed = SEED.read_text()
    seed_ms = 1000 * median_seconds(lambda: parse_message(seed), repeats=50)
    return rounds * len(texts) / elapsed, seed_ms, len(texts)


def load_timing(name: str, path: Path, repeats: int = 15, **arguments: str) -> LoadTiming:
    loaded = load_history(path, **arguments)
    seconds = median_seconds(lambda: load_history(path, **arguments), repeats)
    if path.suffix == ".xlsx":
        baseline = median_seconds(lambda: pd.read_excel(path), repeats)
    else:
        baseline = median_seconds(lambda: pd.read_csv(path), repeats)
    raw = pd.read_excel(path) if path.suffix == ".xlsx" else pd.read_csv(path)
    return LoadTiming(
        name, len(raw), raw.shape[1], loaded.history.n_weeks, seconds, seconds / baseline
    )


def load_timings(workdir: Path) -> list[LoadTiming]:
    weekly = CASES / "files" / "b2b_weekly.csv"
    xlsx = workdir / "b2b_weekly.xlsx"
    pd.read_csv(weekly, parse_dates=["Week"]).to_excel(xlsx, index=False)
    data = REPO / "data"
    return [
        load_timing("2-year weekly CSV (b2b_weekly.csv)", weekly),
        load_timing("2-year weekly XLSX (same data)", xlsx),
        load_timing(
            "2-year daily CSV -> weekly (b2c_daily.csv)", CASES / "files" / "b2c_daily.csv"
        ),
        load_timing(
            "4-year weekly, 80 columns (pymc case study)",
            data / "pymc_marketing_case_study_data.csv",
        ),
        load_timing("3-year weekly x 20 geos (meridian geo)", data / "meridian_geo_media.csv"),
    ]


def report(
    results: list[CaseResult], throughput: tuple[float, float, int], loads: list[LoadTiming]
) -> str:
    messages = [r for r in results if r.kind == "message"]
    files = [r for r in results if r.kind == "file"]
    passed = sum(r.passed for r in results)
    per_second, seed_ms, distinct = throughput
    lines = [
        "# Intake benchmark",
        "",
        "`python -m benchmarks.intake` (cases: `tests/unit/intake/cases/`).",
        "",
        "## Case-table accuracy (exact expected extraction)",
        "",
        "| cases | passed | accuracy |",
        "|---|---|---|",
        f"| messages | {sum(r.passed for r in messages)}/{len(messages)} | {_share(messages)} |",
        f"| files | {sum(r.passed for r in files)}/{len(files)} | {_share(files)} |",
        f"| all | {passed}/{len(results)} | {_share(results)} |",
        "",
    ]
    failures = [r for r in results if not r.passed]
    if failures:
        lines += ["Failing cases:", ""]
        lines += [f"- {r.name}: {'; '.join(r.differences)}" for r in failures]
        lines.append("")
    lines += [
        "## Message throughput",
        "",
        "| measure | value |",
        "|---|---|",
        f"| messages/s (the {distinct} case-table messages, repeated) | {per_second:,.0f} |",
        f"| seed prompt, median latency | {seed_ms:.1f} ms |",
        "",
        "## History load time (median of 15 runs)",
        "",
        "| file | rows x columns | weeks out | load_history | x pandas read |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {t.name} | {t.rows} x {t.columns} | {t.weeks} | {1000 * t.seconds:.1f} ms | "
        f"{t.ratio_to_read_csv:.1f}x |"
        for t in loads
    ]
    lines += [
        "",
        "'x pandas read' is load_history's time over `pandas.read_csv` (or `read_excel`) of the",
        "same file: the cost of detection, validation and weekly aggregation on top of reading.",
        "",
    ]
    return "\n".join(lines)


def _share(results: list[CaseResult]) -> str:
    return f"{sum(r.passed for r in results) / len(results):.1%}" if results else "n/a"


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        results = run_all(workdir)
        throughput = message_throughput()
        loads = load_timings(workdir)
    text = report(results, throughput, loads)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text)
    print(text)
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
