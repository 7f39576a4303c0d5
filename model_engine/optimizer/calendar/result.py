"""Typed results of a weekly calendar: per week and channel the spend, its marginal return and
what holds it; monthly and per-part totals; each rule's report; the certificate of optimality;
and the forecast of the plan. Everything a reply, a heat map or an export quotes is a field
here; ``summary()`` only formats them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

import pandas as pd

from model_engine.forecasting import PeriodForecast
from model_engine.money import format_money
from model_engine.optimizer.calendar.problem import SourceKind
from model_engine.optimizer.calendar.rules import CalendarObjective, TailPolicy
from model_engine.planning import Interval


@dataclass(frozen=True)
class CalendarCell:
    """One channel in one week."""

    channel: str
    spend: float
    marginal_return: float  # outcome (KPI units) per extra unit of currency in this week
    binding: tuple[str, ...]  # the rules holding this cell ("" none: it sits at the margin)
    fixed: bool  # set by a rule (dark week, event), not chosen


@dataclass(frozen=True)
class CalendarWeek:
    """One week of the plan: spend per channel and the forecast outcome (baseline + media)."""

    week: pd.Timestamp
    month: str  # "2027-01": the month holding most of its days
    part: str  # the plan part it belongs to (a quarter, a month, or the whole plan)
    cells: tuple[CalendarCell, ...]
    expected: float
    low: float
    high: float
    baseline: float
    media: float
    carryover_in: float

    @property
    def spend(self) -> dict[str, float]:
        return {c.channel: c.spend for c in self.cells}

    @property
    def total_spend(self) -> float:
        return sum(c.spend for c in self.cells)


@dataclass(frozen=True)
class PeriodTotal:
    """Totals over a month or a plan part."""

    label: str
    weeks: int
    spend: Mapping[str, float]
    total_spend: float
    expected: float  # baseline + media over its weeks
    media: float
    budget: float | None = None  # the part's own budget, when each part has one


@dataclass(frozen=True)
class RuleReport:
    """Whether a rule binds, where, what it is worth and what it costs.

    ``shadow_price``: objective gained per unit of currency of slack in the rule (summed over
    its weeks); ``cost``: objective given up against re-planning without the rule (``None``
    when not computed).
    """

    kind: SourceKind
    description: str
    binds: bool
    cells: tuple[tuple[str, pd.Timestamp], ...]  # (channel, week) where it binds
    shadow_price: float
    cost: float | None


@dataclass(frozen=True)
class CalendarResult:
    """The optimised weekly calendar.

    ``objective_value`` is what was maximised: the media outcome of the plan's weeks plus, with
    ``carryover_out="counted"``, what its spend yields after the last week (``carryover_out``),
    minus spend for profit. ``gap_bound`` bounds how far below the true optimum it can be
    (``relative_gap`` as a share of it): from the duality of the convex problem, plus the
    concave envelope's slack for S-shaped curves.
    """

    weeks: tuple[CalendarWeek, ...]
    months: tuple[PeriodTotal, ...]
    parts: tuple[PeriodTotal, ...]
    channel_totals: Mapping[str, float]
    budget: float
    total_spend: float
    expected: Interval  # baseline + media over the plan's weeks (forecast)
    media_outcome: float  # media outcome over the plan's weeks (part of ``expected``)
    carryover_in: float  # of which from spend before the plan
    carryover_out: float  # media after the plan from its spend
    objective: CalendarObjective
    objective_value: float
    tail_policy: TailPolicy
    equalised_marginal_return: float  # outcome per currency shared by unconstrained cells
    part_marginal_returns: Mapping[str, float]  # with part budgets: each part's margin
    rules: tuple[RuleReport, ...]
    method: str
    gap_bound: float
    relative_gap: float
    outcome_name: str
    currency: str
    forecast: PeriodForecast
    assumptions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(self.channel_totals)

    @property
    def binding(self) -> tuple[RuleReport, ...]:
        return tuple(r for r in self.rules if r.binds)

    def spend_table(self) -> pd.DataFrame:
        """Weeks by channel (the heat map's data)."""
        return pd.DataFrame(
            [w.spend for w in self.weeks], index=pd.DatetimeIndex([w.week for w in self.weeks])
        )

    def summary(self) -> str:
        money = partial(format_money, currency=self.currency)
        names = self.channels
        width = max(9, *(len(n) for n in names))
        start, end = self.weeks[0].week, self.weeks[-1].week
        lines = [
            f"Weekly calendar: {len(self.weeks)} weeks from {start:%Y-%m-%d} to {end:%Y-%m-%d}, "
            f"spending {money(self.total_spend)} of {money(self.budget)}",
            f"expected {self.outcome_name} over the weeks: {self.expected.estimate:,.0f} "
            f"({self.expected.level:.0%} range {self.expected.low:,.0f}-{self.expected.high:,.0f});"
            f" media {self.media_outcome:,.0f}, of which carried in {self.carryover_in:,.0f}",
            f"carryover out after the last week: {self.carryover_out:,.0f} ("
            + ("counted in the objective" if self.tail_policy == "counted" else "not counted")
            + ")",
            f"method: {self.method}; within {self.relative_gap:.2e} of the optimum "
            f"(gap bound {self.gap_bound:,.4g})",
            "",
            f"{'week':<10} "
            + " ".join(f"{n[:width]:>{width}}" for n in names)
            + f" {'expected':>12}",
        ]
        for w in self.weeks:
            cells = " ".join(f"{c.spend:>{width},.0f}" for c in w.cells)
            lines.append(f"{w.week:%Y-%m-%d} {cells} {w.expected:>12,.0f}")
        lines.append("")
        lines.append("by month:")
        for m in self.months:
            lines.append(
                f"  {m.label}: {m.weeks} weeks, {money(m.total_spend)}, expected {m.expected:,.0f}"
            )
        if self.equalised_marginal_return > 0:
            lines.append(
                f"equalised marginal return {self.equalised_marginal_return:.4g} per unit of "
                f"currency (marginal cost {money(1.0 / self.equalised_marginal_return)})"
            )
        lines.append("rules:")
        for r in self.rules:
            if r.kind == "total_budget":
                continue
            state = "binds" if r.binds else "does not bind"
            cost = "" if r.cost is None or not r.binds else f", costs {r.cost:,.0f}"
            lines.append(f"  - {r.description}: {state}{cost}")
        lines += [f"assumption: {a}" for a in self.assumptions]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)
