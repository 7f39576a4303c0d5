"""The reading a message should get, in a form that knows nothing of how the parser works.

A :class:`Reading` is what a careful analyst would write down after reading a CMO's message:
the channels with their spend and results, the budget and its period, the rules the plan must
respect, the objective, what the CMO knows about curves, the what-ifs asked about (on the
budget or on a channel), and the sentences that should be asked about rather than guessed.
The generator writes the expected reading of every message it makes;
:mod:`benchmarks.understanding.adapter` turns a :class:`~model_engine.intake.ParsedMessage`
into the same form, and the scorer compares the two category by category.

Names are compared casefolded with runs of spaces collapsed ("Paid  Search" = "paid search");
money is rounded to cents and fractions to four places, so 1/3 written as "a third" compares
equal to 0.3333.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

RuleKind = Literal["floor", "cap", "fix", "lock", "max_change", "max_cut", "max_growth"]
CurveMeaning = Literal["flattens_past", "half_saturation"]
ObjectiveKind = Literal["volume", "profit", "volume_at_cac", "spend_for_volume"]
ChangeKind = Literal["relative", "new_total", "delta"]
ChannelChangeKind = Literal["relative", "delta"]

CATEGORIES = (
    "channels",
    "period",
    "currency",
    "budget",
    "rules",
    "locks",
    "objective",
    "curve",
    "changes",
    "asks",
    "clean",
)


def name_key(name: str) -> str:
    """How two spellings of one channel name compare: casefolded, spaces collapsed."""
    return re.sub(r"\s+", " ", name.strip()).casefold()


def money(value: float) -> float:
    return round(float(value), 2)


def fraction(value: float) -> float:
    return round(float(value), 4)


@dataclass(frozen=True, order=True)
class ChannelFigures:
    """One channel's last-period figures: its name as the user wrote it, its canonical type
    (the product's channel vocabulary), spend, and the outcome with its canonical name."""

    name: str
    channel_type: str
    spend: float
    outcome: float | None
    outcome_name: str | None

    @classmethod
    def of(
        cls,
        name: str,
        channel_type: str,
        spend: float,
        outcome: float | None,
        outcome_name: str | None,
    ) -> ChannelFigures:
        return cls(
            name_key(name),
            channel_type,
            money(spend),
            None if outcome is None else money(outcome),
            outcome_name if outcome is not None else None,
        )


@dataclass(frozen=True, order=True)
class Rule:
    """One atomic rule the plan must respect.

    - ``floor`` / ``cap``: spend at least / at most ``amount`` (a fraction of the budget when
      ``share``); ``channels`` empty means each channel on its own ("no channel above 35%");
      ``together`` means one limit on the channels' sum ("TV and radio together at most $500K").
      "Between $300K and $500K" is a floor and a cap; "drop print" is a cap of 0.
    - ``fix``: spend exactly ``amount`` ("booked at $350K, so that one is fixed").
    - ``lock``: keep the channel at its current spend ("don't touch email").
    - ``max_change``: no move beyond ``amount`` (a fraction) from current spend.
    - ``max_cut`` / ``max_growth``: no cut / no growth beyond ``amount`` (a fraction) from
      current spend, the other side left free ("don't cut anything by more than half").
    """

    kind: RuleKind
    channels: tuple[str, ...]
    together: bool = False
    amount: float | None = None
    share: bool = False

    @classmethod
    def of(
        cls,
        kind: RuleKind,
        channels: tuple[str, ...] | list[str] = (),
        *,
        amount: float | None = None,
        share: bool = False,
        together: bool = False,
    ) -> Rule:
        names = tuple(sorted(name_key(c) for c in channels))
        value = None if amount is None else (fraction(amount) if share else money(amount))
        return cls(kind, names, together and len(names) > 1, value, share)

    @property
    def is_lock(self) -> bool:
        return self.kind in ("fix", "lock")


@dataclass(frozen=True, order=True)
class ObjectiveReading:
    kind: ObjectiveKind
    value: float | None = None


@dataclass(frozen=True, order=True)
class CurveKnowledge:
    """What the CMO said about a curve: ``flattens_past`` for "email saturates at about $300K"
    (extra spend past that amount buys little), ``half_saturation`` only when the CMO names
    the half-saturation point itself."""

    channel: str
    amount: float
    meaning: CurveMeaning

    @classmethod
    def of(cls, channel: str, amount: float, meaning: CurveMeaning) -> CurveKnowledge:
        return cls(name_key(channel), money(amount), meaning)


@dataclass(frozen=True, order=True)
class BudgetChangeReading:
    """A what-if on the budget: ``relative`` (-0.15 for "drops 15%"), ``new_total`` or
    ``delta`` (+300,000 for "add $300K")."""

    kind: ChangeKind
    value: float

    @classmethod
    def of(cls, kind: ChangeKind, value: float) -> BudgetChangeReading:
        return cls(kind, fraction(value) if kind == "relative" else money(value))


@dataclass(frozen=True, order=True)
class ChannelChangeReading:
    """A what-if on one channel's planned spend: ``relative`` (-1/3 for "what if we cut TV by
    a third", -1 for "suppose we drop radio entirely") or ``delta`` (+100,000 for "what if
    events get $100K more"). A move between two channels is two changes: the amount taken
    from one and added to the other. Scored with the budget changes (the ``changes``
    category): both are what-ifs on the plan, and the category list stays the one earlier
    runs were recorded with."""

    channel: str
    kind: ChannelChangeKind
    value: float

    @classmethod
    def of(cls, channel: str, kind: ChannelChangeKind, value: float) -> ChannelChangeReading:
        return cls(name_key(channel), kind, fraction(value) if kind == "relative" else money(value))


WhatIf = BudgetChangeReading | ChannelChangeReading


@dataclass(frozen=True, order=True)
class Ask:
    """A fragment that should be asked about, not guessed: the channels it names and the
    amount it states (its proposed reading is for the reply; the subject and figure are what
    must be right)."""

    channels: tuple[str, ...]
    amount: float | None


@dataclass(frozen=True)
class Reading:
    """Everything one message says, as sets where order carries no meaning."""

    channels: frozenset[ChannelFigures] = frozenset()
    period_weeks: int | None = None  # of the channel figures; None when there are none
    currency: str = "USD"
    budget: float | None = None
    budget_period_weeks: int | None = None
    rules: frozenset[Rule] = frozenset()
    objective: ObjectiveReading | None = None
    curve: frozenset[CurveKnowledge] = frozenset()
    changes: frozenset[WhatIf] = frozenset()  # on the budget and on single channels
    asks: frozenset[Ask] = frozenset()
    errors: tuple[str, ...] = field(default=())  # error codes: an error stops the plan

    def part(self, category: str) -> object:
        """The piece of the reading one category compares."""
        parts: dict[str, object] = {
            "channels": self.channels,
            "period": self.period_weeks,
            "currency": self.currency,
            "budget": (self.budget, self.budget_period_weeks),
            "rules": frozenset(r for r in self.rules if not r.is_lock),
            "locks": frozenset(r for r in self.rules if r.is_lock),
            "objective": self.objective,
            "curve": self.curve,
            "changes": self.changes,
            "asks": self.asks,
            "clean": tuple(sorted(self.errors)),
        }
        return parts[category]

    def states(self, category: str) -> bool:
        """Whether the message says anything in this category (so the category is scored on
        it): empty parts are not stated, and the currency counts only when it is not USD."""
        value = self.part(category)
        if category == "currency":
            return value != "USD"
        if category == "budget":
            return self.budget is not None
        if category == "clean":
            return True
        return value not in (None, frozenset(), ())
