"""Geo-level plans at 1,000 lines: exactness by a KKT certificate and wall time.

125 markets x 8 channels = 1,000 geo x channel lines with concave Hill curves (each market's
own scale), a floor on every market's total, one market fixed at its current spend and caps on
a tenth of the lines. For a concave objective the KKT conditions are sufficient, so they
certify the optimum without a second solver: inside each market every line strictly between
its limits has the same marginal return (the market's price), a line at its floor has a lower
one and a line at its cap a higher one; a market above its floor has the plan's common price,
a market held at its floor a lower one. The gap is the largest violation, relative to the
common price.

``python -m benchmarks.optimizer.geo`` reruns this section alone and writes it into
``benchmarks/results/optimizer.md`` in place of the last run's, with the machine's load
average before and after (a timing under load is read against it).
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial

import numpy as np

from benchmarks.optimizer.timing import median_seconds
from model_engine.channels import ChannelType
from model_engine.constraints import Amount, PlanRequest
from model_engine.optimizer import OptimizerSettings, optimize
from model_engine.optimizer.geo import (
    FixedGeo,
    GeoBound,
    GeoPlan,
    GeoPlanModel,
    GeoRule,
    LineBound,
    optimize_by_geo,
)
from model_engine.planning import ChannelCurve, ResponseModel
from model_engine.response import ResponseCurve
from model_engine.saturation import HillSaturation

N_GEOS = 125
N_CHANNELS = 8
KKT_GOAL = 1e-6
SECONDS_GOAL = 2.0
SMALL_GEOS = 25
FLOOR = 150_000.0


def _case(seed: int, n_geos: int) -> tuple[GeoPlanModel, PlanRequest, list[GeoRule]]:
    rng = np.random.default_rng(seed)
    geo_models = []
    rules: list[GeoRule] = []
    for g in range(n_geos):
        size = float(np.exp(rng.normal(0.0, 0.5)))
        curves = []
        for c in range(N_CHANNELS):
            current = 20_000.0 * size * float(rng.uniform(0.5, 1.5))
            half = current * float(rng.uniform(0.6, 2.0))
            scale = current * float(rng.uniform(1.5, 4.0)) * (half + current) / current
            curve = ResponseCurve(HillSaturation(half, float(rng.uniform(0.7, 1.0))), scale)
            curves.append(ChannelCurve(f"channel_{c}", ChannelType.OTHER, current, curve))
            if rng.uniform() < 0.1:
                rules.append(LineBound(f"geo_{g:03d}", f"channel_{c}", maximum=Amount(current)))
        geo_models.append((f"geo_{g:03d}", ResponseModel(tuple(curves), outcome_name="sales")))
    plan_model = GeoPlanModel.from_geo_models(geo_models)
    # The largest market is held fixed (a fixed market must clear the floor itself).
    totals = {geo: model.current_total for geo, model in geo_models}
    rules += [GeoBound(None, minimum=Amount(FLOOR)), FixedGeo(max(totals, key=totals.__getitem__))]
    return plan_model, PlanRequest(budget=plan_model.model.current_total), rules


def kkt_gap(plan: GeoPlan, rules: list[GeoRule]) -> float:
    """The largest violation of the optimality conditions, relative to the common price."""
    price = plan.result.equalised_marginal_return
    fixed = {r.geo for r in rules if isinstance(r, FixedGeo)}
    caps = {
        (r.geo, r.channel): r.maximum.value
        for r in rules
        if isinstance(r, LineBound) and r.maximum is not None
    }
    floor = next(
        r.minimum.value for r in rules if isinstance(r, GeoBound) and r.minimum is not None
    )
    gap = 0.0
    for geo in dict.fromkeys(a.geo for a in plan.allocations):
        if geo in fixed:
            continue
        lines = [a for a in plan.allocations if a.geo == geo]
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


def _direct(plan_model: GeoPlanModel, request: PlanRequest, rules: list[GeoRule]) -> float:
    """Wall time of the optimizer with one group per market (the path the active set avoids)."""
    constraints = plan_model.constraints(rules)
    started = time.perf_counter()
    optimize(
        plan_model.model,
        replace(request, constraints=constraints),
        OptimizerSettings(price_constraints=False),
    )
    return time.perf_counter() - started


def render(pct: Callable[[float | None], str], seconds: Callable[[float | None], str]) -> list[str]:
    del pct
    solve_only = OptimizerSettings(price_constraints=False)
    rows = []
    for seed in (0, 1, 2):
        plan_model, request, rules = _case(seed, N_GEOS)
        plan = optimize_by_geo(plan_model, request, rules)
        held = all(c.holds for c in plan.rule_checks)
        solve = median_seconds(partial(optimize_by_geo, plan_model, request, rules, solve_only), 3)
        full = median_seconds(partial(optimize_by_geo, plan_model, request, rules), 1)
        rows.append((seed, kkt_gap(plan, rules), held, solve, full))
    small_model, small_request, small_rules = _case(0, SMALL_GEOS)
    small_active = median_seconds(
        partial(optimize_by_geo, small_model, small_request, small_rules, solve_only), 3
    )
    small_direct = _direct(small_model, small_request, small_rules)
    lines = [
        f"## Geo-level plans ({N_GEOS} markets x {N_CHANNELS} channels = "
        f"{N_GEOS * N_CHANNELS:,} lines)",
        "",
        "Rules: at least $150K in every market, the largest market fixed, caps on about a",
        "tenth of the lines. Exactness by a KKT certificate (`benchmarks/optimizer/geo.py`; goal:",
        f"gap <= {KKT_GOAL:g}); every rule is re-checked on the final plan. Market floors take",
        "the active-set path of `optimize_by_geo` (markets below their floor held at it, the",
        "rest re-solved); `solve` leaves out the exact costing of binding constraints.",
        "",
        "| seed | KKT gap | rules hold | solve | with costs |",
        "|---|---|---|---|---|",
    ]
    for seed, gap, held, solve, full in rows:
        mark = "meets goal" if solve <= SECONDS_GOAL else "MISSES goal"
        lines.append(
            f"| {seed} | {gap:.1e} | {'yes' if held else 'NO'} | {seconds(solve)} ({mark}) | "
            f"{seconds(full)} |"
        )
    lines += [
        "",
        f"The same rules with one group per market in the water-filling, at {SMALL_GEOS} markets "
        f"({SMALL_GEOS * N_CHANNELS} lines): {seconds(small_direct)}, against "
        f"{seconds(small_active)} by the active set (its nested price searches grow with the "
        "number of groups, which is why market floors do not go that way).",
        "",
    ]
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
