"""Run the batch benchmark and write ``benchmarks/results/batch.md``.

200 simulated brand histories (104 weeks x 3 channels, seeds 0-199) fitted by the jobs of
``budgetmix batch fit`` (no bootstrap: the fit is the unit of work), first one after another in
this process, then as Ray tasks on a local Ray started for the run, in turn in the same
process. Storage is left out: it is the same for both engines and runs in the driver.

What scales to a cluster is the per-fit cost (CPU-seconds of one fit, this process's CPU time
over the sequential run: unlike wall time it does not grow with the other jobs on a shared
machine) and Ray's fixed cost (starting the local instance); a cluster of N dedicated CPUs takes
about ``start + fits x per-fit CPU-seconds / N`` when the fits outnumber the CPUs. The wall time
of a fit inside the Ray workers, contended here, gives the estimate for CPUs as busy as these.
"""

from __future__ import annotations

import os
import platform
import tempfile
import time
from pathlib import Path

from assistant.cli.batch_jobs import BatchItem, FitSettings, run_on_ray, run_sequential
from model_engine.simulation import default_scenario, simulate

RESULTS_FILE = Path(__file__).resolve().parents[1] / "results" / "batch.md"
N_FITS = 200
SETTINGS = FitSettings(bootstrap=0, seed=0)


def _write_files(folder: Path) -> list[BatchItem]:
    items = []
    scenario = default_scenario(n_weeks=104, n_channels=3)
    for seed in range(N_FITS):
        path = folder / f"brand_{seed:03d}.csv"
        simulate(scenario, seed=seed).history.frame.rename_axis("week").to_csv(path)
        items.append(BatchItem(path.stem, str(path)))
    return items


def main() -> int:
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    cpus = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as folder:
        items = _write_files(Path(folder))

        sequential_started = time.perf_counter()
        cpu_started = time.process_time()
        _, outcomes = run_sequential(items, SETTINGS)
        sequential = list(outcomes)
        sequential_seconds = time.perf_counter() - sequential_started
        cpu_per_fit = (time.process_time() - cpu_started) / N_FITS
        print(f"sequential: {sequential_seconds:.1f} s", flush=True)

        ray_started = time.perf_counter()
        engine, outcomes = run_on_ray(items, SETTINGS, cpus)
        ray_start_seconds = time.perf_counter() - ray_started
        on_ray = list(outcomes)
        ray_seconds = time.perf_counter() - ray_started
        print(f"{engine}: {ray_seconds:.1f} s (start {ray_start_seconds:.1f} s)", flush=True)

    failed = sum(o.error is not None for o in sequential) + sum(o.error is not None for o in on_ray)
    per_fit = sequential_seconds / N_FITS
    worker_fit = sum(o.seconds for o in on_ray) / N_FITS
    ray_work = ray_seconds - ray_start_seconds
    cluster_32 = ray_start_seconds + N_FITS * cpu_per_fit / 32
    contended_32 = ray_start_seconds + N_FITS * worker_fit / 32
    lines = [
        "# Batch benchmark",
        "",
        f"Written by `python -m benchmarks.batch` in {time.perf_counter() - started:.0f} s on "
        f"{platform.machine()} (CPython {platform.python_version()}, {cpus} cores shared with "
        "other jobs: wall times are under that load, both engines in turn in the same run).",
        f"{N_FITS} simulated histories (104 weeks x 3 channels), one fit each, no bootstrap; "
        f"{failed} fits failed. Load average (1 min) {load_before:.1f} at the start and "
        f"{os.getloadavg()[0]:.1f} at the end, on {cpus} cores.",
        "",
        "| engine | wall time | per fit (wall / fits) | speed-up |",
        "|---|---|---|---|",
        f"| sequential (this process) | {sequential_seconds:.1f} s | {per_fit:.2f} s | 1.00x |",
        f"| {engine} | {ray_seconds:.1f} s (start {ray_start_seconds:.1f} s) | "
        f"{ray_seconds / N_FITS:.2f} s | {sequential_seconds / ray_seconds:.2f}x |",
        "",
        f"Per-fit cost: {cpu_per_fit:.2f} CPU-seconds (this process's CPU time over the "
        f"sequential run), {per_fit:.2f} s of wall time; {worker_fit:.2f} s of wall time "
        f"inside the Ray workers ({cpus} running at once on {cpus} shared cores). Ray's fixed "
        f"cost here: {ray_start_seconds:.1f} s to start the local instance; the fits then ran "
        f"at {N_FITS / ray_work:.1f} fits/s against {N_FITS / sequential_seconds:.1f} "
        "sequentially.",
        f"On a cluster of N dedicated CPUs the batch would take about {ray_start_seconds:.0f} s + "
        f"{N_FITS} x {cpu_per_fit:.2f} s / N (e.g. {cluster_32:.0f} s on 32 CPUs; "
        f"{contended_32:.0f} s if each fit is as slow as in these contended workers), as long "
        "as the data files are readable by every node. "
        f"The speed-up here ({sequential_seconds / ray_seconds:.2f}x) is bounded by this machine, "
        f"not by Ray: at most {cpus}x on {cpus} cores, less when other jobs take them, as the "
        "wall time of a fit against its CPU-seconds shows.",
        "",
    ]
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0
