"""What a plan must respect: the budget, per-channel and group bounds, change limits, locks,
the objective and the attitude to risk.

Intake builds these from a CMO's words ("at least $150K in brand-building", "no channel above
35%", "don't touch email"); the optimizer consumes them and reports, for each one, whether it
binds and what it costs. Each constraint can describe itself in a sentence.

Each constraint carries a ``kind`` tag (``"channel_bound"``, ``"group_bound"``,
``"max_change"``, ``"change_bound"``, ``"lock"``): the one vocabulary of constraint kinds.
Layers above validate JSON straight into these classes with a discriminated union on it
(``tools.constraint_schema``), so the tool schema, the session file and the CLI share it; the
engine stays free of pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Amount:
    """An amount of money, absolute or as a share of the total budget."""

    value: float
    share_of_total: bool = False

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError(f"an amount cannot be negative ({self.value:g})")
        if self.share_of_total and self.value > 1:
            raise ValueError(f"a share of the total must be at most 100% ({self.value:.0%})")

    def resolve(self, total_budget: float) -> float:
        return self.value * total_budget if self.share_of_total else self.value

    def describe(self, currency_symbol: str = "$") -> str:
        if self.share_of_total:
            return f"{self.value:.0%} of the budget"
        return f"{currency_symbol}{self.value:,.0f}"


@dataclass(frozen=True)
class ChannelBound:
    """Minimum and/or maximum spend for one channel, or for each channel when ``channel`` is
    ``None`` ("no channel above 35%")."""

    channel: str | None
    minimum: Amount | None = None
    maximum: Amount | None = None
    kind: Literal["channel_bound"] = field(default="channel_bound", kw_only=True, repr=False)

    def __post_init__(self) -> None:
        if self.minimum is None and self.maximum is None:
            raise ValueError("a channel bound needs a minimum or a maximum")

    def describe(self, currency_symbol: str = "$") -> str:
        who = self.channel or "each channel"
        return _describe_range(who, self.minimum, self.maximum, currency_symbol)


@dataclass(frozen=True)
class GroupBound:
    """Floor and/or cap on the sum over a group of channels ("brand-building")."""

    label: str
    channels: tuple[str, ...]
    minimum: Amount | None = None
    maximum: Amount | None = None
    kind: Literal["group_bound"] = field(default="group_bound", kw_only=True, repr=False)

    def __post_init__(self) -> None:
        if not self.channels:
            raise ValueError(f"the group {self.label!r} has no channels")
        if self.minimum is None and self.maximum is None:
            raise ValueError("a group bound needs a minimum or a maximum")

    def describe(self, currency_symbol: str = "$") -> str:
        who = f"{self.label} ({', '.join(self.channels)})"
        return _describe_range(who, self.minimum, self.maximum, currency_symbol)


@dataclass(frozen=True)
class MaxChange:
    """No channel moves more than ``fraction`` (0.25 = ±25%) from its current spend over the
    horizon. ``channels=None`` applies it to every channel.

    ``relative_to="scaled_current"`` measures the move from the current mix scaled to the new
    budget instead, so a bigger or smaller budget is not blocked by the limit itself (the
    default guardrail works this way; a user's "don't change any channel by more than 25%"
    means current spend).
    """

    fraction: float
    channels: tuple[str, ...] | None = None
    relative_to: Literal["current", "scaled_current"] = "current"
    kind: Literal["max_change"] = field(default="max_change", kw_only=True, repr=False)

    def __post_init__(self) -> None:
        if self.fraction < 0:
            raise ValueError("a maximum change cannot be negative")

    def describe(self, currency_symbol: str = "$") -> str:
        del currency_symbol
        who = "any channel"
        if self.channels:
            many = len(self.channels) > 3
            who = f"each of {len(self.channels)} channels" if many else ", ".join(self.channels)
        if self.relative_to == "scaled_current":
            return f"{who} moves at most ±{self.fraction:.0%} from its current share of the budget"
        return f"{who} changes by at most ±{self.fraction:.0%} from current spend"


@dataclass(frozen=True)
class ChangeBound:
    """A one-sided change limit from current spend: no channel is cut by more than
    ``max_cut`` (0.5: keeps at least half of it) and/or grows by more than ``max_growth`` (0.3:
    at most 130% of it). A side left ``None`` is not limited by this rule ("don't cut anything
    by more than half" says nothing about growth). ``channels=None`` applies it to every
    channel."""

    max_cut: float | None = None
    max_growth: float | None = None
    channels: tuple[str, ...] | None = None
    kind: Literal["change_bound"] = field(default="change_bound", kw_only=True, repr=False)

    def __post_init__(self) -> None:
        if self.max_cut is None and self.max_growth is None:
            raise ValueError("a change limit needs a largest cut or a largest growth")
        if self.max_cut is not None and not 0 <= self.max_cut <= 1:
            raise ValueError(f"a largest cut must be between 0% and 100% ({self.max_cut:.0%})")
        if self.max_growth is not None and self.max_growth < 0:
            raise ValueError(f"a largest growth cannot be negative ({self.max_growth:.0%})")

    def limits(self, current: float) -> tuple[float | None, float | None]:
        """The spend range this rule allows a channel spending ``current`` today."""
        low = None if self.max_cut is None else (1.0 - self.max_cut) * current
        high = None if self.max_growth is None else (1.0 + self.max_growth) * current
        return low, high

    def describe(self, currency_symbol: str = "$") -> str:
        """ "no channel is cut by more than 50% from current spend", "TV grows by at most
        30% from current spend"."""
        del currency_symbol
        limit = "at most" if self.channels else "more than"
        sides = []
        if self.max_cut is not None:
            sides.append(f"is cut by {limit} {self.max_cut:.0%}")
        if self.max_growth is not None:
            sides.append(f"grows by {limit} {self.max_growth:.0%}")
        if not self.channels:
            return f"no channel {' or '.join(sides)} from current spend"
        who = self.channels[0]
        if len(self.channels) > 3:
            who = f"each of {len(self.channels)} channels"
        elif len(self.channels) > 1:
            who = f"each of {', '.join(self.channels)}"
        return f"{who} {' and '.join(sides)} from current spend"


@dataclass(frozen=True)
class LockChannel:
    """Keep a channel at its current spend ("don't touch email")."""

    channel: str
    kind: Literal["lock"] = field(default="lock", kw_only=True, repr=False)

    def describe(self, currency_symbol: str = "$") -> str:
        del currency_symbol
        return f"{self.channel} stays at its current spend"


Constraint = ChannelBound | GroupBound | MaxChange | ChangeBound | LockChannel
ConstraintKind = Literal["channel_bound", "group_bound", "max_change", "change_bound", "lock"]

ObjectiveKind = Literal["volume", "profit", "volume_at_cac", "spend_for_volume"]


@dataclass(frozen=True)
class Objective:
    """What the plan maximises.

    - ``volume``: the most outcome (MQLs, pipeline, revenue) for the budget;
    - ``profit``: ``value_per_outcome * outcome - spend``;
    - ``volume_at_cac``: the most outcome with spend / outcome at most ``target_cac``;
    - ``spend_for_volume``: the least spend that reaches ``target_volume``.
    """

    kind: ObjectiveKind = "volume"
    value_per_outcome: float | None = None
    target_cac: float | None = None
    target_volume: float | None = None

    def __post_init__(self) -> None:
        needs = {
            "profit": ("value_per_outcome", self.value_per_outcome),
            "volume_at_cac": ("target_cac", self.target_cac),
            "spend_for_volume": ("target_volume", self.target_volume),
        }
        if self.kind in needs:
            name, value = needs[self.kind]
            if value is None or value <= 0:
                raise ValueError(f"the {self.kind} objective needs a positive {name}")


@dataclass(frozen=True)
class RiskPreference:
    """``expected`` maximises the mean outcome; ``conservative`` maximises a low percentile of
    the outcome across curve draws (the 10th by default)."""

    mode: Literal["expected", "conservative"] = "expected"
    percentile: float = 10.0

    def __post_init__(self) -> None:
        if not 0 < self.percentile < 50:
            raise ValueError("the conservative percentile must be between 0 and 50")


@dataclass(frozen=True)
class PlanRequest:
    """Everything the optimizer needs besides the curves."""

    budget: float
    budget_mode: Literal["exact", "at_most"] = "exact"
    constraints: tuple[Constraint, ...] = ()
    objective: Objective = Objective()
    risk: RiskPreference = RiskPreference()
    horizon_weeks: int = 13

    def __post_init__(self) -> None:
        if self.budget <= 0:
            raise ValueError(f"the budget must be positive ({self.budget:g})")
        if self.horizon_weeks <= 0:
            raise ValueError("the planning horizon must be at least one week")


def _describe_range(
    who: str, minimum: Amount | None, maximum: Amount | None, currency_symbol: str
) -> str:
    if minimum is not None and maximum is not None:
        low, high = minimum.describe(currency_symbol), maximum.describe(currency_symbol)
        return f"{who} fixed at {low}" if low == high else f"{who} between {low} and {high}"
    if minimum is not None:
        return f"{who} at least {minimum.describe(currency_symbol)}"
    assert maximum is not None
    return f"{who} at most {maximum.describe(currency_symbol)}"
