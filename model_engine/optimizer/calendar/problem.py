"""Assemble a weekly calendar into a convex program: the objective over the free weekly cells
and the linear rows of every rule, each row remembering the rule it came from.

Rows, all linear in the free cells (fixed and dark cells are constants):

- the budget (``= B`` or ``<= B``), or one per part with part budgets;
- channel totals and groups from the optimizer's constraints (:func:`build_region` resolves
  them exactly as for an allocation over the same weeks, locks and changes included);
- weekly floors and caps; week-to-week change :math:`(1-r)x_{t-1} \\le x_t \\le (1+r)x_{t-1}`
  between consecutive free weeks (an equality when :math:`r = 0`);
- loading: :math:`\\sum_{t \\in \\text{first } k} x_t \\ge s \\sum_t x_t`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from model_engine.constraints import (
    ChangeBound,
    ChannelBound,
    GroupBound,
    MaxChange,
    PlanRequest,
)
from model_engine.forecasting import SpendBefore, WeeklyMedia
from model_engine.money import currency_symbol
from model_engine.optimizer.calendar.barrier import LinearSystem
from model_engine.optimizer.calendar.objective import CalendarOutcome, IntArray
from model_engine.optimizer.calendar.rules import (
    CalendarRequest,
    DarkWeeks,
    FixedSpend,
    Loading,
    MaxWeeklyChange,
    MaxWeeklySpend,
    MinWeeklySpend,
    PacingRule,
)
from model_engine.optimizer.region import NoEvidencePin, PlanConstraint, TotalBudget, build_region
from model_engine.planning import ResponseModel
from model_engine.saturation import FloatArray

SourceKind = Literal[
    "total_budget",
    "part_budget",
    "channel_bound",
    "group_bound",
    "max_change",
    "change_bound",
    "lock",
    "no_evidence",
    "max_weekly_change",
    "min_weekly_spend",
    "max_weekly_spend",
    "dark_weeks",
    "fixed_spend",
    "loading",
]
_PACING_KINDS: dict[type, SourceKind] = {
    MaxWeeklyChange: "max_weekly_change",
    MinWeeklySpend: "min_weekly_spend",
    MaxWeeklySpend: "max_weekly_spend",
    DarkWeeks: "dark_weeks",
    FixedSpend: "fixed_spend",
    Loading: "loading",
}


@dataclass(frozen=True)
class PartBudget:
    """The budget of one part of the plan (a month, a quarter)."""

    label: str
    amount: float

    def describe(self, currency_symbol: str = "$") -> str:
        return f"{self.label} budget exactly {currency_symbol}{self.amount:,.0f}"


Source = PlanConstraint | PacingRule | PartBudget


@dataclass(frozen=True)
class RuleSource:
    kind: SourceKind
    description: str
    rule: Source


@dataclass(frozen=True, eq=False)
class CalendarProblem:
    names: tuple[str, ...]
    weeks: pd.DatetimeIndex
    outcome: CalendarOutcome
    system: LinearSystem
    sources: tuple[RuleSource, ...]
    inequality_sources: tuple[tuple[int, ...], ...]  # per row of G; () for a zero floor
    equality_sources: tuple[tuple[int, ...], ...]
    cells: tuple[tuple[int, int], ...]  # (channel, week) of each free variable
    minimum_spend: FloatArray  # (C, N) lower bounds (fixed cells at their value)
    budget_rows: tuple[int, ...]  # equality (or inequality when at most) rows of the budget(s)
    budget_is_inequality: bool

    @property
    def x_scale(self) -> float:
        total = float(self.system.b.sum()) if self.system.b.size else 0.0
        return max(total, 1.0) / max(len(self.cells), 1)


def week_of(day: date, weeks: pd.DatetimeIndex, what: str) -> int:
    """The position of the week holding ``day``; ``ValueError`` naming the plan's span if none."""
    stamp = pd.Timestamp(day)
    position = int(weeks.searchsorted(stamp, side="right")) - 1
    if position < 0 or stamp >= weeks[position] + pd.Timedelta(days=7):
        last = weeks[-1] + pd.Timedelta(days=6)
        raise ValueError(
            f"{what}: {day:%Y-%m-%d} is outside the plan ({weeks[0]:%Y-%m-%d} to {last:%Y-%m-%d})"
        )
    return position


def _channels(names: tuple[str, ...], wanted: tuple[str, ...] | None, what: str) -> list[int]:
    if wanted is None:
        return list(range(len(names)))
    known = {n.casefold(): k for k, n in enumerate(names)}
    out = []
    for name in wanted:
        if name.casefold() not in known:
            raise ValueError(
                f"{what} names an unknown channel {name!r}; channels: {', '.join(names)}"
            )
        out.append(known[name.casefold()])
    return out


def build_problem(
    media: WeeklyMedia,
    model: ResponseModel,
    before: SpendBefore,
    request: CalendarRequest,
    skip: Sequence[int] = (),
) -> CalendarProblem:
    """The convex program of ``request``; ``skip`` leaves out sources by index (to price a rule
    or isolate a conflict)."""
    names = model.names
    weeks = request.weeks.starts
    n_channels, n_weeks = len(names), len(weeks)
    symbol = currency_symbol(model.currency)
    plan_request = PlanRequest(
        budget=request.budget,
        budget_mode=request.budget_mode,
        constraints=request.constraints,
        horizon_weeks=n_weeks,
    )
    region = build_region(model, plan_request)
    sources: list[RuleSource] = [
        RuleSource(_region_kind(c), c.describe(symbol), c) for c in region.constraints
    ]
    pacing_start = len(sources)
    sources += [
        RuleSource(_PACING_KINDS[type(rule)], rule.describe(symbol), rule)
        for rule in request.pacing
    ]
    part_start = len(sources)
    parts = request.part_budgets or {}
    sources += [
        RuleSource(
            "part_budget", PartBudget(label, amount).describe(symbol), PartBudget(label, amount)
        )
        for label, amount in parts.items()
    ]
    skipped = set(skip)

    fixed = np.zeros((n_channels, n_weeks))
    fixed_by: dict[tuple[int, int], int] = {}
    lower = np.zeros((n_channels, n_weeks))
    lower_by: dict[tuple[int, int], int] = {}
    upper = np.full((n_channels, n_weeks), np.inf)
    upper_by: dict[tuple[int, int], int] = {}
    for offset, rule in enumerate(request.pacing):
        index = pacing_start + offset
        if index in skipped:
            continue
        what = sources[index].description
        if isinstance(rule, DarkWeeks | FixedSpend):
            if isinstance(rule, DarkWeeks):
                targets = [
                    (c, week_of(d, weeks, what))
                    for d in rule.dates
                    for c in _channels(names, rule.channels, what)
                ]
                amount = 0.0
            else:
                targets = [
                    (_channels(names, (rule.channel,), what)[0], week_of(rule.on, weeks, what))
                ]
                amount = rule.amount
            for cell in targets:
                if cell in fixed_by and fixed[cell] != amount:
                    raise ValueError(
                        f"{sources[fixed_by[cell]].description} and {what} set the same week "
                        f"({weeks[cell[1]]:%Y-%m-%d}, {names[cell[0]]}) to different amounts"
                    )
                fixed[cell] = amount
                fixed_by[cell] = index
        elif isinstance(rule, MinWeeklySpend):
            for c in _channels(names, rule.channels, what):
                for t in range(n_weeks):
                    if rule.amount > lower[c, t]:
                        lower[c, t] = rule.amount
                        lower_by[(c, t)] = index
        elif isinstance(rule, MaxWeeklySpend):
            for c in _channels(names, rule.channels, what):
                for t in range(n_weeks):
                    if rule.amount < upper[c, t]:
                        upper[c, t] = rule.amount
                        upper_by[(c, t)] = index

    # A channel pinned at no spend (no evidence, or a cap of 0) spends nothing in any week.
    for c in range(n_channels):
        if region.upper[c] <= region.tolerance and 0 not in region.upper_sources[c]:
            for t in range(n_weeks):
                if (c, t) not in fixed_by:
                    fixed_by[(c, t)] = region.upper_sources[c][0] if region.upper_sources[c] else 0
    is_fixed = np.zeros((n_channels, n_weeks), dtype=bool)
    for c, t in fixed_by:
        is_fixed[c, t] = True
    free = tuple(np.flatnonzero(~is_fixed[c]).astype(np.int64) for c in range(n_channels))
    cells = tuple((c, int(t)) for c in range(n_channels) for t in free[c])
    position = {cell: k for k, cell in enumerate(cells)}
    n = len(cells)

    rows: list[tuple[dict[int, float], float, tuple[int, ...]]] = []  # G x <= h
    equalities: list[tuple[dict[int, float], float, tuple[int, ...]]] = []
    for k, (c, t) in enumerate(cells):
        rows.append(({k: -1.0}, -lower[c, t], (lower_by[(c, t)],) if (c, t) in lower_by else ()))
        if np.isfinite(upper[c, t]):
            rows.append(({k: 1.0}, upper[c, t], (upper_by[(c, t)],)))

    def total_row(
        channels: Sequence[int], week_set: Sequence[int] | None = None
    ) -> tuple[dict[int, float], float]:
        chosen = set(range(n_weeks)) if week_set is None else set(week_set)
        coefficients = {
            position[(c, int(t))]: 1.0 for c in channels for t in free[c] if int(t) in chosen
        }
        constant = float(sum(fixed[c, t] for c in channels for t in chosen))
        return coefficients, constant

    budget_rows: list[int] = []
    at_most = request.budget_mode == "at_most"
    budget_targets = (
        [(part_start + k, label, amount) for k, (label, amount) in enumerate(parts.items())]
        if parts
        else [(0, None, request.budget)]
    )
    for source, label, amount in budget_targets:
        week_set = None if label is None else request.weeks.positions(label)
        coefficients, constant = total_row(range(n_channels), week_set)
        target = rows if at_most else equalities
        budget_rows.append(len(target))
        target.append((coefficients, amount - constant, (source,)))

    tolerance = region.tolerance
    for c in range(n_channels):
        coefficients, constant = total_row([c])
        low, high = float(region.lower[c]), float(region.upper[c])
        low_sources = tuple(s for s in region.lower_sources[c] if s not in skipped)
        high_sources = tuple(s for s in region.upper_sources[c] if s not in skipped and s != 0)
        if not coefficients:
            continue
        if low_sources and high_sources and high - low <= tolerance:
            equalities.append((coefficients, low - constant, low_sources + high_sources))
            continue
        if low_sources and low > tolerance:
            rows.append(({k: -v for k, v in coefficients.items()}, constant - low, low_sources))
        if high_sources and high < request.budget - tolerance:
            rows.append((coefficients, high - constant, high_sources))
    for group in region.groups:
        if group.source in skipped:
            continue
        coefficients, constant = total_row(group.positions.tolist())
        if group.lower > tolerance:
            rows.append(
                ({k: -v for k, v in coefficients.items()}, constant - group.lower, (group.source,))
            )
        if group.upper < request.budget - tolerance:
            rows.append((coefficients, group.upper - constant, (group.source,)))

    for offset, rule in enumerate(request.pacing):
        index = pacing_start + offset
        if index in skipped:
            continue
        what = sources[index].description
        if isinstance(rule, MaxWeeklyChange):
            for c in _channels(names, rule.channels, what):
                for t in range(1, n_weeks):
                    if (c, t) not in position or (c, t - 1) not in position:
                        continue
                    now, then = position[(c, t)], position[(c, t - 1)]
                    if rule.fraction == 0:
                        equalities.append(({now: 1.0, then: -1.0}, 0.0, (index,)))
                        continue
                    rows.append(({now: 1.0, then: -(1.0 + rule.fraction)}, 0.0, (index,)))
                    rows.append(({then: 1.0 - rule.fraction, now: -1.0}, 0.0, (index,)))
        elif isinstance(rule, Loading):
            span = rule.weeks or max(1, n_weeks // 2)
            if span >= n_weeks:
                continue
            chosen = (
                set(range(span))
                if rule.direction == "front"
                else set(range(n_weeks - span, n_weeks))
            )
            channels = _channels(names, rule.channels, what)
            coefficients = {}
            constant = 0.0
            for c in channels:
                for t in range(n_weeks):
                    weight = rule.share - (1.0 if t in chosen else 0.0)
                    if (c, t) in position:
                        coefficients[position[(c, t)]] = weight
                    else:
                        constant += weight * fixed[c, t]
            rows.append((coefficients, -constant, (index,)))

    g = _sparse(rows, n)
    a = np.zeros((len(equalities), n))
    for r, (coefficients, _, _) in enumerate(equalities):
        for k, v in coefficients.items():
            a[r, k] = v
    system = LinearSystem(
        a=a,
        b=np.array([rhs for _, rhs, _ in equalities]),
        g=g,
        h=np.array([rhs for _, rhs, _ in rows]),
    )
    outcome = _outcome(media, model, before, request, fixed, free)
    minimum = fixed.copy()
    for c, t in cells:
        minimum[c, t] = lower[c, t]
    return CalendarProblem(
        names=names,
        weeks=weeks,
        outcome=outcome,
        system=system,
        sources=tuple(sources),
        inequality_sources=tuple(s for _, _, s in rows),
        equality_sources=tuple(s for _, _, s in equalities),
        cells=cells,
        minimum_spend=minimum,
        budget_rows=tuple(budget_rows),
        budget_is_inequality=at_most,
    )


def _sparse(rows: list[tuple[dict[int, float], float, tuple[int, ...]]], n: int) -> sp.csr_matrix:
    data, row_index, col_index = [], [], []
    for r, (coefficients, _, _) in enumerate(rows):
        for k, v in coefficients.items():
            row_index.append(r)
            col_index.append(k)
            data.append(v)
    return sp.csr_matrix((data, (row_index, col_index)), shape=(len(rows), n))


def _region_kind(constraint: PlanConstraint) -> SourceKind:
    if isinstance(constraint, TotalBudget):
        return "total_budget"
    if isinstance(constraint, NoEvidencePin):
        return "no_evidence"
    if isinstance(constraint, ChannelBound):
        return "channel_bound"
    if isinstance(constraint, GroupBound):
        return "group_bound"
    if isinstance(constraint, MaxChange):
        return "max_change"
    if isinstance(constraint, ChangeBound):
        return "change_bound"
    return "lock"


def _outcome(
    media: WeeklyMedia,
    model: ResponseModel,
    before: SpendBefore,
    request: CalendarRequest,
    fixed: FloatArray,
    free: tuple[IntArray, ...],
) -> CalendarOutcome:
    n_weeks = fixed.shape[1]
    lags = media.l_max - 1 if request.carryover_out == "counted" else 0
    after = np.tile(before.run_rate, (lags, 1))
    outside = np.vstack([np.zeros((n_weeks, len(model.names))), after])
    base = media.adstocked(outside, before.spend, media.kernels).T  # (C, T)
    values = np.array([request.channel_values.get(n, 1.0) for n in model.names])
    scale = request.value_per_outcome if request.objective == "profit" else 1.0
    return CalendarOutcome(
        kernels=media.kernels,
        half=media.half_saturation[:, np.newaxis],
        shape=media.shape[:, np.newaxis],
        weight=media.coefficient * values * scale,
        base=base,
        fixed=fixed,
        free=free,
        spend_cost=1.0 if request.objective == "profit" else 0.0,
    )
