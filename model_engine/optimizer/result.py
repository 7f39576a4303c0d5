"""Typed results of an optimization: per-channel allocations, constraint reports, totals.

Every number a reply quotes is a field here; ``summary()`` renders them as text (statsmodels
style) without computing anything new.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Literal

from model_engine.channels import ChannelType
from model_engine.constraints import Objective, RiskPreference
from model_engine.datasets import OutcomeUnit
from model_engine.money import format_money
from model_engine.optimizer.region import PlanConstraint
from model_engine.planning import Evidence, Interval

ConstraintKind = Literal[
    "total_budget",
    "channel_bound",
    "group_bound",
    "max_change",
    "change_bound",
    "lock",
    "no_evidence",
]


def _per_currency_unit(value: float) -> float | None:
    return None if value <= 0 else 1.0 / value


@dataclass(frozen=True)
class ChannelAllocation:
    """One channel's line of the plan (spends are totals over the horizon)."""

    name: str
    channel_type: ChannelType
    evidence: Evidence
    current: float
    recommended: float
    expected: Interval  # outcome of the recommended spend (point estimate, 90% over draws)
    current_expected: Interval  # outcome of the current spend, same model
    marginal_return: float  # outcome per extra unit of currency at the recommendation
    binding: tuple[str, ...]  # descriptions of the constraints holding this channel
    notes: tuple[str, ...] = ()

    @property
    def change(self) -> float:
        return self.recommended - self.current

    @property
    def change_fraction(self) -> float | None:
        """Relative change from current spend; ``None`` when the channel spends nothing now."""
        return None if self.current <= 0 else self.change / self.current

    @property
    def marginal_cost(self) -> float | None:
        """Currency per extra outcome at the recommendation (the marginal CAC)."""
        return _per_currency_unit(self.marginal_return)


@dataclass(frozen=True)
class ConstraintReport:
    """Whether a constraint binds and what it costs.

    ``shadow_price`` is the objective gained per extra unit of currency of slack (outcome per
    currency for volume objectives); ``cost`` is the objective given up compared with dropping
    the constraint and re-optimizing (``None`` for the total budget, which cannot be dropped,
    and for binding constraints beyond ``OptimizerSettings.costed_constraints``).
    """

    constraint: PlanConstraint
    kind: ConstraintKind
    description: str
    binds: bool
    channels: tuple[str, ...]  # channels held at this constraint's limit (a group: its members)
    shadow_price: float
    cost: float | None
    cost_unit: str

    def cost_sentence(self) -> str:
        """'the total ... costs 42 MQLs'; only formats the numbers above."""
        if not self.binds:
            return f"{self.description} does not bind"
        if self.cost is None:
            return f"{self.description} binds: each extra unit is worth {self.shadow_price:.4g}"
        return f"{self.description} costs {self.cost:,.0f} {self.cost_unit}"


@dataclass(frozen=True)
class AllocationResult:
    """The recommended plan. ``baseline`` is the current mix scaled to the plan's total."""

    channels: tuple[ChannelAllocation, ...]
    budget: float
    total_spend: float
    expected: Interval  # media outcome (with interactions) of the plan over the horizon
    baseline: Interval
    baseline_spend: tuple[float, ...]  # per channel, aligned with ``channels``
    equalised_marginal_return: float  # outcome per currency shared by unconstrained channels
    constraints: tuple[ConstraintReport, ...]
    objective: Objective
    risk: RiskPreference
    objective_value: float  # what was maximised (volume, profit, percentile...)
    interaction_outcome: float  # part of ``expected`` from interaction terms
    non_media_outcome: float  # baseline outcome of a history fit, not included in ``expected``
    outcome_name: str
    currency: str
    horizon_weeks: int
    method: str
    notes: tuple[str, ...] = ()
    outcome_unit: OutcomeUnit = "count"  # "currency" when the outcome is revenue or pipeline $

    @property
    def allocation(self) -> dict[str, float]:
        return {c.name: c.recommended for c in self.channels}

    @property
    def binding(self) -> tuple[ConstraintReport, ...]:
        return tuple(r for r in self.constraints if r.binds)

    @property
    def lift_over_baseline(self) -> float | None:
        """Relative gain of the plan over the scaled current mix (point estimates)."""
        if self.baseline.estimate <= 0:
            return None
        return self.expected.estimate / self.baseline.estimate - 1.0

    @property
    def current_total(self) -> float:
        """What the channels spend now over the horizon (the plan's starting point)."""
        return sum(c.current for c in self.channels)

    @property
    def gain_over_baseline(self) -> float:
        """Extra outcome of the plan over the scaled current mix (point estimates)."""
        return self.expected.estimate - self.baseline.estimate

    @property
    def marginal_cost(self) -> float | None:
        """Currency per extra outcome at the equalised margin."""
        return _per_currency_unit(self.equalised_marginal_return)

    def channel(self, name: str) -> ChannelAllocation:
        for allocation in self.channels:
            if allocation.name == name:
                return allocation
        raise KeyError(f"no channel named {name!r}; channels: {', '.join(self.allocation)}")

    def summary(self) -> str:
        money = partial(format_money, currency=self.currency)
        width = max(7, *(len(c.name) for c in self.channels))
        lines = [
            f"Budget plan: {self.outcome_name} over {self.horizon_weeks} weeks, "
            f"spending {money(self.total_spend)} of {money(self.budget)}",
            f"objective {self.objective.kind}, risk {self.risk.mode}, method: {self.method}",
            "",
            f"{'channel':<{width}} {'current':>12} {'recommended':>12} {'change':>9} "
            f"{'expected':>10} {'90% range':>21} {'marg. cost':>11}  binding",
        ]
        for c in self.channels:
            change = "new" if c.change_fraction is None else f"{c.change_fraction:+.0%}"
            cost = "-" if c.marginal_cost is None else money(c.marginal_cost)
            interval = f"{c.expected.low:,.0f}-{c.expected.high:,.0f}"
            lines.append(
                f"{c.name:<{width}} {money(c.current):>12} {money(c.recommended):>12} "
                f"{change:>9} {c.expected.estimate:>10,.0f} {interval:>21} {cost:>11}  "
                f"{'; '.join(c.binding)}"
            )
        total_range = f"{self.expected.low:,.0f}-{self.expected.high:,.0f}"
        lines.append(
            f"{'total':<{width}} {money(self.current_total):>12} "
            f"{money(self.total_spend):>12} {'':>9} {self.expected.estimate:>10,.0f} "
            f"{total_range:>21}"
        )
        lines.append("")
        lift = self.lift_over_baseline
        lines.append(
            f"baseline (current mix scaled to {money(self.total_spend)}): "
            f"{self.baseline.estimate:,.0f} ({self.baseline.low:,.0f}-{self.baseline.high:,.0f})"
            + ("" if lift is None else f"; plan {lift:+.1%}")
        )
        if self.marginal_cost is not None:
            lines.append(
                f"equalised marginal return {self.equalised_marginal_return:.4g} per unit of "
                f"currency (marginal cost {money(self.marginal_cost)} per outcome)"
            )
        if self.interaction_outcome:
            lines.append(f"of which interactions: {self.interaction_outcome:,.0f}")
        if self.non_media_outcome:
            lines.append(f"non-media outcome (not included above): {self.non_media_outcome:,.0f}")
        lines.append("constraints:")
        lines.extend(f"  - {report.cost_sentence()}" for report in self.constraints)
        lines.extend(f"note: {note}" for note in self.notes)
        return "\n".join(lines)
