"""Pacing rules a CMO states for a weekly calendar, and the request that carries them.

Weeks are named by a date inside them (the week whose seven days hold it). Amounts are per week
unless the name says otherwise. Each rule describes itself in a sentence, which is how the
result says which rule holds which week.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from model_engine.constraints import Constraint
from model_engine.periods import PlanningWeeks

TailPolicy = Literal["counted", "ignored"]
CalendarObjective = Literal["volume", "profit"]


def _who(channels: tuple[str, ...] | None) -> str:
    return "every channel" if not channels else ", ".join(channels)


@dataclass(frozen=True)
class MaxWeeklyChange:
    """A channel's spend moves at most ±``fraction`` from one week to the next (between two
    consecutive weeks that are neither dark nor fixed)."""

    fraction: float
    channels: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.fraction < 0:
            raise ValueError("a maximum week-to-week change cannot be negative")

    def describe(self, currency_symbol: str = "$") -> str:
        del currency_symbol
        return f"{_who(self.channels)} changes by at most ±{self.fraction:.0%} week to week"


@dataclass(frozen=True)
class MinWeeklySpend:
    """At least ``amount`` in every week that is not dark (an always-on floor)."""

    amount: float
    channels: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError("a minimum weekly spend cannot be negative")

    def describe(self, currency_symbol: str = "$") -> str:
        return f"{_who(self.channels)} spends at least {currency_symbol}{self.amount:,.0f} a week"


@dataclass(frozen=True)
class MaxWeeklySpend:
    """At most ``amount`` in any week."""

    amount: float
    channels: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError("a maximum weekly spend cannot be negative")

    def describe(self, currency_symbol: str = "$") -> str:
        return f"{_who(self.channels)} spends at most {currency_symbol}{self.amount:,.0f} a week"


@dataclass(frozen=True)
class DarkWeeks:
    """No spend in the weeks holding these dates ("go dark over Christmas")."""

    dates: tuple[date, ...]
    channels: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if not self.dates:
            raise ValueError("name at least one dark week")

    def describe(self, currency_symbol: str = "$") -> str:
        del currency_symbol
        days = ", ".join(f"{d:%Y-%m-%d}" for d in self.dates)
        return f"{_who(self.channels)} dark in the week(s) of {days}"


@dataclass(frozen=True)
class FixedSpend:
    """Exactly ``amount`` for ``channel`` in the week holding ``on`` (an event, a launch)."""

    channel: str
    on: date
    amount: float
    label: str = "event"

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError("a fixed spend cannot be negative")

    def describe(self, currency_symbol: str = "$") -> str:
        return (
            f"{self.label}: {self.channel} spends {currency_symbol}{self.amount:,.0f} in the week "
            f"of {self.on:%Y-%m-%d}"
        )


@dataclass(frozen=True)
class Loading:
    """At least ``share`` of the spend in the first (``front``) or last (``back``) ``weeks``
    weeks (half the plan by default), for the named channels together or the whole budget."""

    direction: Literal["front", "back"]
    share: float
    weeks: int | None = None
    channels: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if not 0 < self.share <= 1:
            raise ValueError("a loading share must be above 0 and at most 100%")
        if self.weeks is not None and self.weeks <= 0:
            raise ValueError("a loading needs at least one week")

    def describe(self, currency_symbol: str = "$") -> str:
        del currency_symbol
        span = "half" if self.weeks is None else f"{self.weeks} weeks"
        side = "first" if self.direction == "front" else "last"
        who = "the budget" if not self.channels else f"{', '.join(self.channels)}' spend"
        return f"{self.direction}-loaded: at least {self.share:.0%} of {who} in the {side} {span}"


PacingRule = MaxWeeklyChange | MinWeeklySpend | MaxWeeklySpend | DarkWeeks | FixedSpend | Loading


@dataclass(frozen=True, eq=False)
class CalendarRequest:
    """A weekly calendar to optimise.

    ``budget`` is the total over the weeks; with ``part_budgets`` each part of ``weeks`` (a
    month, a quarter) gets its own and ``budget`` must be their sum. ``constraints`` are the
    optimizer's usual ones, on channel totals over all the weeks. ``carryover_out="counted"``
    adds what the plan's spend yields after its last week (spend assumed at the run-rate
    there); ``"ignored"`` stops at the last week, which undervalues late spend.
    ``channel_values`` converts each channel's outcome into the KPI optimised (a funnel rate
    times a value, see :mod:`model_engine.kpi`).
    """

    budget: float
    weeks: PlanningWeeks
    part_budgets: Mapping[str, float] | None = None
    constraints: tuple[Constraint, ...] = ()
    pacing: tuple[PacingRule, ...] = ()
    objective: CalendarObjective = "volume"
    value_per_outcome: float = 1.0  # profit: currency per unit of the (KPI) outcome
    budget_mode: Literal["exact", "at_most"] = "exact"
    carryover_out: TailPolicy = "counted"
    channel_values: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.budget <= 0:
            raise ValueError(f"the budget must be positive ({self.budget:g})")
        if self.objective == "profit" and self.value_per_outcome <= 0:
            raise ValueError("the profit objective needs a positive value per outcome")
        if self.part_budgets is not None:
            unknown = sorted(set(self.part_budgets) - set(self.weeks.part_labels))
            if unknown:
                raise ValueError(
                    f"budgets for parts the plan does not have: {', '.join(unknown)}; parts: "
                    f"{', '.join(self.weeks.part_labels)}"
                )
            missing = [p for p in self.weeks.part_labels if p not in self.part_budgets]
            if missing:
                raise ValueError(f"no budget for {', '.join(missing)}: give every part one")
            total = sum(self.part_budgets.values())
            if abs(total - self.budget) > 1e-6 * max(self.budget, 1.0):
                raise ValueError(
                    f"the part budgets add up to {total:,.0f}, not the budget {self.budget:,.0f}"
                )
        for name, value in self.channel_values.items():
            if value < 0:
                raise ValueError(f"{name}: a channel's KPI value per outcome cannot be negative")
