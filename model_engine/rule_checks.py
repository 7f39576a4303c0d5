"""The postcondition of every plan: each stated rule, checked on the final numbers.

The optimizer is built to respect the constraints it is given; this module does not trust
that. After an optimisation (or a scenario, or any allocation the reply is about to show) it
takes the spend per channel and checks every rule again, the way a CMO would read the table:

- a floor or cap on a channel, or on each channel ("no channel above 35%");
- a floor or cap on the sum of a group ("TV and radio together at most $500K");
- a lock (spend stays at the current spend);
- a change limit (no move beyond ±x from the current spend, or from the current mix scaled to
  the budget when the limit says so), or a one-sided one (no cut beyond x, no growth beyond y).

Shares of the budget are resolved on the plan's budget. A rule holds within a tolerance of a
millionth of the budget (the optimizer's own), so rounding never reads as a breach. A broken
rule is a defect to report, never a plan to show: :attr:`RuleCheckReport.ok` is what the
planner gates the reply on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from model_engine.constraints import (
    Amount,
    ChangeBound,
    ChannelBound,
    Constraint,
    GroupBound,
    LockChannel,
    MaxChange,
)
from model_engine.money import format_money
from model_engine.optimizer import AllocationResult

RELATIVE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class RuleCheck:
    """One rule on one channel (or group) of a plan: the value the plan gives, the limits it
    must lie within (``None`` for no limit on that side) and whether it does."""

    constraint: Constraint
    phrase: str | None  # the user's words, when the rule came from them
    subject: str  # the channel or group checked
    value: float  # spend (or group spend) in the plan
    low: float | None
    high: float | None
    satisfied: bool

    def describe(self, currency: str = "USD") -> str:
        """ "Expo booth: $150,000 in the plan, must be at least $200,000 — broken"."""
        value = format_money(self.value, currency)
        if self.low is not None and self.high is not None and abs(self.high - self.low) < 0.5:
            limit = f"must be {format_money(self.low, currency)}"
        elif self.low is not None and self.high is not None:
            limit = (
                f"must be between {format_money(self.low, currency)} and "
                f"{format_money(self.high, currency)}"
            )
        elif self.low is not None:
            limit = f"must be at least {format_money(self.low, currency)}"
        else:
            assert self.high is not None
            limit = f"must be at most {format_money(self.high, currency)}"
        verdict = "holds" if self.satisfied else "broken"
        return f"{self.subject}: {value} in the plan, {limit} — {verdict}"


@dataclass(frozen=True)
class RuleCheckReport:
    checks: tuple[RuleCheck, ...]

    @property
    def broken(self) -> tuple[RuleCheck, ...]:
        return tuple(c for c in self.checks if not c.satisfied)

    @property
    def ok(self) -> bool:
        return not self.broken

    def summary(self, currency: str = "USD") -> str:
        if not self.checks:
            return "No stated rules to check."
        held = len(self.checks) - len(self.broken)
        lines = [f"{held} of {len(self.checks)} rule checks hold."]
        lines += [f"- {c.describe(currency)}" for c in self.broken]
        return "\n".join(lines)


def check_rules(
    spend: Mapping[str, float],
    constraints: Sequence[Constraint],
    *,
    budget: float,
    current: Mapping[str, float] | None = None,
    phrases: Sequence[str | None] | None = None,
) -> RuleCheckReport:
    """Check ``constraints`` on the plan ``spend`` (per channel, over the plan's horizon).

    ``current`` is each channel's current spend over the same horizon (needed for locks and
    change limits); ``phrases[i]`` the user's words for ``constraints[i]``. A rule about a
    channel the plan does not have is reported broken, with a value of zero: a rule nobody
    can check is not a rule that holds.
    """
    if budget <= 0:
        raise ValueError(f"the budget must be positive to check shares of it ({budget:g})")
    if phrases is not None and len(phrases) != len(constraints):
        raise ValueError("give one phrase (or None) for each constraint")
    current = current or {}
    tolerance = RELATIVE_TOLERANCE * budget
    checks: list[RuleCheck] = []
    for index, constraint in enumerate(constraints):
        phrase = phrases[index] if phrases is not None else None
        for subject, value, low, high in _limits(constraint, spend, current, budget):
            satisfied = (low is None or value >= low - tolerance) and (
                high is None or value <= high + tolerance
            )
            checks.append(RuleCheck(constraint, phrase, subject, value, low, high, satisfied))
    return RuleCheckReport(tuple(checks))


def _limits(
    constraint: Constraint,
    spend: Mapping[str, float],
    current: Mapping[str, float],
    budget: float,
) -> list[tuple[str, float, float | None, float | None]]:
    def amount(value: Amount | None) -> float | None:
        return None if value is None else value.resolve(budget)

    def planned(name: str) -> float:
        return float(spend.get(name, 0.0))

    if isinstance(constraint, ChannelBound):
        names = list(spend) if constraint.channel is None else [constraint.channel]
        low, high = amount(constraint.minimum), amount(constraint.maximum)
        return [(name, planned(name), low, high) for name in names]
    if isinstance(constraint, GroupBound):
        total = sum(planned(name) for name in constraint.channels)
        subject = f"{constraint.label} ({', '.join(constraint.channels)})"
        return [(subject, total, amount(constraint.minimum), amount(constraint.maximum))]
    if isinstance(constraint, LockChannel):
        now = float(current.get(constraint.channel, 0.0))
        return [(constraint.channel, planned(constraint.channel), now, now)]
    if isinstance(constraint, ChangeBound):
        names = list(constraint.channels or spend)
        return [
            (name, planned(name), *constraint.limits(float(current.get(name, 0.0))))
            for name in names
        ]
    assert isinstance(constraint, MaxChange)
    names = list(constraint.channels or spend)
    reference = dict(current)
    if constraint.relative_to == "scaled_current":
        total_now = sum(current.get(n, 0.0) for n in spend)
        factor = budget / total_now if total_now > 0 else 1.0
        reference = {n: v * factor for n, v in current.items()}
    limits: list[tuple[str, float, float | None, float | None]] = []
    for name in names:
        now = float(reference.get(name, 0.0))
        limits.append(
            (name, planned(name), (1 - constraint.fraction) * now, (1 + constraint.fraction) * now)
        )
    return limits


def check_plan(
    plan: AllocationResult,
    constraints: Sequence[Constraint],
    *,
    budget: float,
    phrases: Sequence[str | None] | None = None,
) -> RuleCheckReport:
    """:func:`check_rules` on an optimizer result: its recommended and current spend."""
    return check_rules(
        {c.name: c.recommended for c in plan.channels},
        constraints,
        budget=budget,
        current={c.name: c.current for c in plan.channels},
        phrases=phrases,
    )
