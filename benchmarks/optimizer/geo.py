"""Geo-level plans at 1,000 lines: exactness by a KKT certificate and wall time.

125 markets x 8 channels = 1,000 geo x channel lines with concave Hill curves (each market's
own scale), a floor on every market's total, one market fixed at its current spend and caps on
a tenth of the lines. For a concave objective the KKT conditions are sufficient, so they
certify the optimum without a second solver: inside each market every line strictly between
its limits has the same marginal return (the market's price), a line at its floor has a lower
one and a line at its cap a higher one; a market above its floor has the plan's common price,
a market held at its floor a lower one. The gap is the largest violation, relative to the
common price. The same seeds are solved by the code of ``BASELINE_COMMIT`` loaded beside
this tree's in the same process (``_Code.before``), timed in alternation: the ratio holds under
any load, which the absolute times on 2 shared cores do not. ``with costs`` (the exact costing
of the binding rules) is timed the same way against the code of ``COSTS_BASELINE_COMMIT``, and
its costs compared with that code's.

``python -m benchmarks.optimizer.geo`` reruns this section alone and writes it into
``benchmarks/results/optimizer.md`` in place of the last run's, with the machine's load
average before and after (a timing under load is read against it).
"""

from __future__ import annotations

import importlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from benchmarks.optimizer.timing import median_seconds
from model_engine.constraints import PlanRequest
from model_engine.optimizer import OptimizerSettings
from model_engine.optimizer.geo import GeoPlan, GeoPlanModel, GeoRule, optimize_by_geo

N_GEOS = 125
N_CHANNELS = 8
KKT_GOAL = 1e-6
SECONDS_GOAL = 2.0
REPEATS = 3
# The code before the lockstep market searches (an active set over markets below their floor).
BASELINE_COMMIT = "723bfd7b18c08f34d0ce2b82dea1a243c983bc61"
# The costing before its re-solves copied the markets left at their floors (each re-solve
# searched every market again, after a feasibility LP).
COSTS_BASELINE_COMMIT = "2d93df009384fc97f7bfed79bd91e7f8d8933339"
COST_GOAL = 1e-6  # relative difference of each cost from the baseline's
FLOOR = 150_000.0


def _case(seed: int, n_geos: int) -> tuple[GeoPlanModel, PlanRequest, list[GeoRule]]:
    return _case_of(_Code.current(), seed, n_geos)


@dataclass(frozen=True)
class _Code:
    """The engine classes a case is built with and the geo optimizer it is solved by: this
    tree's, or a baseline commit's loaded alongside it in the same process (``before``)."""

    geo: ModuleType
    constraints: ModuleType
    planning: ModuleType
    response: ModuleType
    saturation: ModuleType
    channels: ModuleType
    optimizer: ModuleType

    @classmethod
    def current(cls) -> _Code:
        return cls._imported()

    @classmethod
    def _imported(cls) -> _Code:
        names = ("geo", "constraints", "planning", "response", "saturation", "channels")
        paths = ("optimizer.geo", *names[1:])
        modules = [importlib.import_module(f"model_engine.{path}") for path in paths]
        optimizer = importlib.import_module("model_engine.optimizer")
        return cls(*modules, optimizer)  # type: ignore[call-arg]

    @classmethod
    def before(cls, commit: str) -> _Code:
        """``model_engine`` as of ``commit`` (``git archive`` into a temporary directory),
        imported under its own name with this tree's modules set aside, then put back: both
        versions stay callable side by side, each through its own module objects."""
        root = Path(__file__).resolve().parents[2]
        target = Path(tempfile.mkdtemp(prefix="budgetmix-before-"))
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", commit, "model_engine"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
        mine = {k: v for k, v in sys.modules.items() if k.split(".")[0] == "model_engine"}
        for name in mine:
            del sys.modules[name]
        sys.path.insert(0, str(target))
        try:
            return cls._imported()
        finally:
            sys.path.remove(str(target))
            for name in [k for k in sys.modules if k.split(".")[0] == "model_engine"]:
                del sys.modules[name]
            sys.modules.update(mine)


def _case_of(code: _Code, seed: int, n_geos: int) -> tuple[Any, Any, list[Any]]:
    """The benchmark case built with ``code``'s classes (the same numbers for every version)."""
    Amount, LineBound = code.constraints.Amount, code.geo.LineBound
    rng = np.random.default_rng(seed)
    geo_models = []
    rules: list[Any] = []
    for g in range(n_geos):
        size = float(np.exp(rng.normal(0.0, 0.5)))
        curves = []
        for c in range(N_CHANNELS):
            current = 20_000.0 * size * float(rng.uniform(0.5, 1.5))
            half = current * float(rng.uniform(0.6, 2.0))
            scale = current * float(rng.uniform(1.5, 4.0)) * (half + current) / current
            saturation = code.saturation.HillSaturation(half, float(rng.uniform(0.7, 1.0)))
            curve = code.response.ResponseCurve(saturation, scale)
            other = code.channels.ChannelType.OTHER
            curves.append(code.planning.ChannelCurve(f"channel_{c}", other, current, curve))
            if rng.uniform() < 0.1:
                rules.append(LineBound(f"geo_{g:03d}", f"channel_{c}", maximum=Amount(current)))
        model = code.planning.ResponseModel(tuple(curves), outcome_name="sales")
        geo_models.append((f"geo_{g:03d}", model))
    plan_model = code.geo.GeoPlanModel.from_geo_models(geo_models)
    # The largest market is held fixed (a fixed market must clear the floor itself).
    totals = {geo: model.current_total for geo, model in geo_models}
    largest = max(totals, key=totals.__getitem__)
    rules += [code.geo.GeoBound(None, minimum=Amount(FLOOR)), code.geo.FixedGeo(largest)]
    return plan_model, code.constraints.PlanRequest(budget=plan_model.model.current_total), rules


def kkt_gap(plan: GeoPlan, rules: list[GeoRule], code: _Code | None = None) -> float:
    """The largest violation of the optimality conditions, relative to the common price
    (``code``: the version whose classes the plan and rules are of)."""
    geo = (code or _Code.current()).geo
    price = plan.result.equalised_marginal_return
    fixed = {r.geo for r in rules if isinstance(r, geo.FixedGeo)}
    caps = {
        (r.geo, r.channel): r.maximum.value
        for r in rules
        if isinstance(r, geo.LineBound) and r.maximum is not None
    }
    floor = next(
        r.minimum.value for r in rules if isinstance(r, geo.GeoBound) and r.minimum is not None
    )
    gap = 0.0
    for market in dict.fromkeys(a.geo for a in plan.allocations):
        if market in fixed:
            continue
        lines = [a for a in plan.allocations if a.geo == market]
        total = sum(a.line.recommended for a in lines)
        free = [
            a.line.marginal_return
            for a in lines
            if a.line.recommended > 1e-6 * total
            and a.line.recommended < caps.get((a.geo, a.channel), np.inf) * (1 - 1e-9)
        ]
        geo_price = float(np.median(free)) if free else price
        gap = max(gap, *(abs(m - geo_price) / price for m in free))
        at_floor = abs(total - floor) <= 1e-6 * floor
        # Above its floor a market trades at the common price; at the floor, at most that.
        gap = max(gap, (geo_price - price) / price if at_floor else abs(geo_price - price) / price)
        for a in lines:
            capped = a.line.recommended >= caps.get((a.geo, a.channel), np.inf) * (1 - 1e-9)
            if capped:
                gap = max(gap, (geo_price - a.line.marginal_return) / price)
            elif a.line.recommended <= 1e-6 * total:
                gap = max(gap, (a.line.marginal_return - geo_price) / price)
    return gap


@dataclass(frozen=True)
class _Row:
    seed: int
    gap: float
    held: bool
    solve: float
    full: float
    gap_before: float
    solve_before: float
    full_before: float  # with costs, by the code of COSTS_BASELINE_COMMIT
    costed: int
    cost_difference: float  # the largest, relative to the baseline's cost


def _cost_difference(plan: GeoPlan, old_plan: Any) -> tuple[int, float]:
    """How many constraints both plans costed, and the largest relative difference."""
    pairs = [
        (new.cost, old.cost)
        for new, old in zip(plan.result.constraints, old_plan.result.constraints, strict=True)
        if new.cost is not None and old.cost is not None and old.cost != 0
    ]
    worst = max((abs(n - o) / abs(o) for n, o in pairs), default=0.0)
    return len(pairs), worst


def _timed_side_by_side(seed: int, before: _Code, costs_before: _Code) -> _Row:
    """One seed: this tree's and the baselines' solves timed in alternation (same load)."""
    now = _Code.current()
    plan_model, request, rules = _case_of(now, seed, N_GEOS)
    old_model, old_request, old_rules = _case_of(before, seed, N_GEOS)
    costs_model, costs_request, costs_rules = _case_of(costs_before, seed, N_GEOS)
    costs_plan = costs_before.geo.optimize_by_geo(costs_model, costs_request, costs_rules)
    solve_only = OptimizerSettings(price_constraints=False)
    old_solve_only = before.optimizer.OptimizerSettings(price_constraints=False)
    plan = optimize_by_geo(plan_model, request, rules)
    old_plan = before.geo.optimize_by_geo(old_model, old_request, old_rules)
    new_times, old_times = [], []
    for _ in range(REPEATS):
        new_times.append(
            median_seconds(partial(optimize_by_geo, plan_model, request, rules, solve_only), 1)
        )
        old_times.append(
            median_seconds(
                partial(
                    before.geo.optimize_by_geo, old_model, old_request, old_rules, old_solve_only
                ),
                1,
            )
        )
    full_times, full_before_times = [], []
    for _ in range(REPEATS):
        full_times.append(median_seconds(partial(optimize_by_geo, plan_model, request, rules), 1))
        full_before_times.append(
            median_seconds(
                partial(costs_before.geo.optimize_by_geo, costs_model, costs_request, costs_rules),
                1,
            )
        )
    costed, difference = _cost_difference(plan, costs_plan)
    return _Row(
        seed=seed,
        gap=kkt_gap(plan, rules),
        held=all(c.holds for c in plan.recheck()),
        solve=statistics.median(new_times),
        full=statistics.median(full_times),
        gap_before=kkt_gap(old_plan, old_rules, before),
        solve_before=statistics.median(old_times),
        full_before=statistics.median(full_before_times),
        costed=costed,
        cost_difference=difference,
    )


def render(pct: Callable[[float | None], str], seconds: Callable[[float | None], str]) -> list[str]:
    del pct
    before = _Code.before(BASELINE_COMMIT)
    costs_before = _Code.before(COSTS_BASELINE_COMMIT)
    rows = [_timed_side_by_side(seed, before, costs_before) for seed in (0, 1, 2)]
    lines = [
        f"## Geo-level plans ({N_GEOS} markets x {N_CHANNELS} channels = "
        f"{N_GEOS * N_CHANNELS:,} lines)",
        "",
        "Rules: at least $150K in every market, the largest market fixed, caps on about a",
        "tenth of the lines. Exactness by a KKT certificate (`benchmarks/optimizer/geo.py`; goal:",
        f"gap <= {KKT_GOAL:g}); every rule and the budget re-checked on the final plan. One group",
        "per market in the water-filling, the clipped markets' price searches in lockstep;",
        "`solve` leaves out the exact costing of binding constraints (`with costs`: the 8",
        "largest re-solved without them, what the CLI reports). `before`: the code of",
        f"{BASELINE_COMMIT[:7]} (an active set over markets below their floor, each re-solved",
        "alone), loaded from git into the same process and timed in alternation with this",
        f"tree's, median of {REPEATS}.",
        "",
        "| seed | KKT gap | rules hold | solve | with costs | before: KKT gap | before: solve "
        "| before / now |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        mark = "meets goal" if row.solve <= SECONDS_GOAL else "MISSES goal"
        lines.append(
            f"| {row.seed} | {row.gap:.1e} | {'yes' if row.held else 'NO'} | "
            f"{seconds(row.solve)} ({mark}) | {seconds(row.full)} | {row.gap_before:.1e} | "
            f"{seconds(row.solve_before)} | {row.solve_before / row.solve:.1f}x |"
        )
    lines += [
        "",
        "`with costs` against the costing of "
        f"{COSTS_BASELINE_COMMIT[:7]} (each re-solve searched every market again, after a",
        "feasibility LP), loaded the same way and timed in alternation, median of "
        f"{REPEATS}. Each re-solve now",
        "copies the markets the plan left at the same limit (same curves, line limits and",
        "inner groups: the same optimum) and the budget's price search skips their lines; a",
        "market the new price moves off its floor is searched with the budget again. The costs",
        f"are the baseline's to a relative {COST_GOAL:g} (goal), on every constraint both costed.",
        "",
        f"| seed | with costs | goal ({SECONDS_GOAL:g} s) | costing of {COSTS_BASELINE_COMMIT[:7]} "
        "| before / now | costs compared | largest cost difference |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        mark = "meets" if row.full <= SECONDS_GOAL else "MISSES"
        exact = "" if row.cost_difference <= COST_GOAL else " (MISSES goal)"
        lines.append(
            f"| {row.seed} | {seconds(row.full)} | {mark} | {seconds(row.full_before)} | "
            f"{row.full_before / row.full:.1f}x | {row.costed} | "
            f"{row.cost_difference:.1e}{exact} |"
        )
    lines += ["", ""]  # a blank line before the next section
    return lines


_SECTION = re.compile(r"^## Geo-level plans \(.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)


def rerun_section(
    module: str,
    render_section: Callable[
        [Callable[[float | None], str], Callable[[float | None], str]], list[str]
    ],
    section: re.Pattern[str],
) -> int:
    """Run one section of the optimizer results alone and write it in place in the results
    file (appended when it is not there yet), with the load average around the run."""
    from benchmarks.optimizer.run import RESULTS_FILE, _pct, _seconds

    before = os.getloadavg()[0]
    lines = render_section(_pct, _seconds)
    after = os.getloadavg()[0]
    lines.insert(
        2,
        f"Rerun alone by `python -m {module}` on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average {before:.2f} "
        f"before and {after:.2f} after (2 shared cores).\n",
    )
    text = "\n".join(lines)
    current = RESULTS_FILE.read_text(encoding="utf-8")
    updated, found = section.subn(lambda _: text, current)
    RESULTS_FILE.write_text(updated if found else current.rstrip() + "\n\n" + text, "utf-8")
    print(text)
    return 0


def main() -> int:
    return rerun_section("benchmarks.optimizer.geo", render, _SECTION)


if __name__ == "__main__":
    sys.exit(main())
