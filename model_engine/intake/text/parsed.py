"""What a chat message was read as: :class:`ParsedMessage` and :class:`BudgetChange`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from model_engine.channels import ChannelType
from model_engine.constraints import Constraint, Objective, RiskPreference
from model_engine.datasets import SnapshotData
from model_engine.intake.issues import IntakeIssue
from model_engine.intake.text.cues import MessageCues
from model_engine.intake.text.resolution import QuotedConstraint
from model_engine.intake.text.snapshot import DerivedFigure
from model_engine.intake.wording import money, number, singular
from model_engine.money import currency_symbol
from model_engine.snapshot import ChannelOverride

if TYPE_CHECKING:
    from model_engine.intake.text.unread import UnreadFragment

BudgetChangeKind = Literal["relative", "new_total", "delta"]


@dataclass(frozen=True)
class BudgetChange:
    """A change to the budget: ``relative`` (-0.15 for "drops 15%"), ``new_total`` ("cut to
    $1.5M") or ``delta`` ("add $300K" = +300,000)."""

    kind: BudgetChangeKind
    value: float
    phrase: str

    def apply(self, budget: float) -> float:
        if self.kind == "relative":
            return budget * (1 + self.value)
        if self.kind == "new_total":
            return self.value
        return budget + self.value

    def describe(self, currency: str = "USD") -> str:
        if self.kind == "relative":
            return f"budget {'+' if self.value >= 0 else '−'}{abs(self.value):.0%}"
        if self.kind == "new_total":
            return f"budget becomes {money(self.value, currency)}"
        sign = "+" if self.value >= 0 else "−"
        return f"budget {sign}{money(abs(self.value), currency)}"


@dataclass(frozen=True)
class ChannelChange:
    """A what-if on one channel's planned spend: ``delta`` adds ``value`` (negative to cut),
    ``relative`` scales it ("20% more" is 0.2). ``channel`` is the name as the session knows
    it when it matched one, else as written."""

    channel: str
    kind: Literal["relative", "delta"]
    value: float
    phrase: str

    def apply(self, planned: float) -> float:
        if self.kind == "relative":
            return planned * (1 + self.value)
        return planned + self.value

    def describe(self, currency: str = "USD") -> str:
        sign = "+" if self.value >= 0 else "−"
        if self.kind == "relative" and self.value <= -1:
            return f"{self.channel} dropped"
        if self.kind == "relative":
            return f"{self.channel} {sign}{abs(self.value):.0%}"
        return f"{self.channel} {sign}{money(abs(self.value), currency)}"


CurveMeaning = Literal["flattens_past", "half_saturation"]


@dataclass(frozen=True)
class CurveHint:
    """What the user knows about one channel's curve.

    ``meaning`` says what the amount ``stated`` is: ``flattens_past`` for "email saturates at
    about $300K" (returns flatten past $300K: a CMO's sense of saturation), ``half_saturation``
    only when the half-saturation point itself is named. ``half_saturation`` is the spend per
    period at which half the ceiling is reached, for the channel type's middle Hill shape (for
    ``flattens_past`` it is well below the amount said); :meth:`override` gives the snapshot fit
    the reading itself, so each prior draw of the shape places the curve correctly.
    ``certain`` is false when the words could mean either ("email's saturation point is about
    $300K"): the reply should ask, with :attr:`ParsedMessage.unread` holding the question.
    """

    channel: str
    half_saturation: float
    phrase: str
    meaning: CurveMeaning = "half_saturation"
    stated: float | None = None
    certain: bool = True

    def override(self) -> ChannelOverride:
        if self.meaning == "flattens_past":
            return ChannelOverride(flattens_past=self.stated or self.half_saturation)
        return ChannelOverride(half_saturation=self.half_saturation)

    def describe(self, currency: str = "USD") -> str:
        if self.meaning == "flattens_past":
            return (
                f"{self.channel}: returns flatten past {money(self.stated or 0, currency)} per "
                "period"
            )
        return (
            f"{self.channel} reaches half its ceiling at about "
            f"{money(self.half_saturation, currency)} per period"
        )


@dataclass(frozen=True)
class ParsedMessage:
    """Everything read from one message.

    ``constraints[i]`` came from the words ``constraint_phrases[i]``. ``snapshot`` holds only
    the channels with usable figures; ``issues`` says what else was found and how to fix it.
    ``budget_changes`` lists every change asked about ("up 20% or down 15%");
    ``budget_change`` is the first; ``channel_changes`` the what-ifs on one channel.
    ``brand_building_types`` is set only when the message redefines brand-building.
    ``unread`` holds each sentence that looks like a rule, a figure or curve knowledge but was
    not fully read, with readings to confirm.
    """

    snapshot: SnapshotData | None = None
    currency: str = "USD"
    currency_stated: bool = False
    budget: float | None = None
    budget_period_weeks: int | None = None
    budget_changes: tuple[BudgetChange, ...] = ()
    channel_changes: tuple[ChannelChange, ...] = ()
    objective: Objective | None = None
    objective_outcome: str | None = None
    risk: RiskPreference | None = None
    constraints: tuple[Constraint, ...] = ()
    constraint_phrases: tuple[str, ...] = ()
    brand_building_types: frozenset[ChannelType] | None = None
    curve_hints: tuple[CurveHint, ...] = ()
    derived: tuple[DerivedFigure, ...] = ()
    issues: tuple[IntakeIssue, ...] = field(default=())
    unread: tuple[UnreadFragment, ...] = ()
    cues: MessageCues = field(default_factory=MessageCues)  # what the message asks for

    def __post_init__(self) -> None:
        if len(self.constraints) != len(self.constraint_phrases):
            raise ValueError("each constraint needs the phrase it came from")

    @property
    def budget_change(self) -> BudgetChange | None:
        return self.budget_changes[0] if self.budget_changes else None

    @property
    def errors(self) -> tuple[IntakeIssue, ...]:
        return tuple(i for i in self.issues if i.is_error)

    @property
    def warnings(self) -> tuple[IntakeIssue, ...]:
        return tuple(i for i in self.issues if not i.is_error)

    @property
    def ok(self) -> bool:
        """No errors: everything found can be planned on as read."""
        return not self.errors

    @property
    def ready_to_plan(self) -> bool:
        """No errors and nothing left unread: no sentence that looks like a rule or a figure
        waits for the CMO to confirm a reading (see :attr:`unread`)."""
        return self.ok and not self.unread

    def quoted_constraints(self) -> tuple[QuotedConstraint, ...]:
        return tuple(
            QuotedConstraint(c, p)
            for c, p in zip(self.constraints, self.constraint_phrases, strict=True)
        )

    def describe(self) -> str:
        """What was understood, in words the reply can quote back to the user."""
        symbol = currency_symbol(self.currency)
        lines: list[str] = []
        if self.snapshot is not None:
            snap = self.snapshot
            lines.append(
                f"Last {snap.period_weeks} weeks, {len(snap.channels)} "
                f"channel{'s' if len(snap.channels) != 1 else ''} "
                f"({snap.outcome_name}, {self.currency}):"
            )
            for channel in snap.channels:
                figure = (
                    money(channel.outcome, self.currency)
                    if channel.outcome is not None and snap.outcome_unit == "currency"
                    else number(channel.outcome or 0)
                )
                outcome = (
                    f"{figure} {snap.outcome_name}"
                    if channel.outcome is not None
                    else f"no {snap.outcome_name}"
                )
                lines.append(
                    f"- {channel.name} ({channel.channel_type.value}): "
                    f"{money(channel.spend, self.currency)} spent, {outcome}"
                )
        if self.budget is not None:
            period = f" over {self.budget_period_weeks} weeks" if self.budget_period_weeks else ""
            lines.append(f"Budget: {money(self.budget, self.currency)}{period}.")
        changes: list[BudgetChange | ChannelChange] = [*self.budget_changes, *self.channel_changes]
        lines += [f"Scenario: {c.describe(self.currency)} ({c.phrase!r})." for c in changes]
        if self.objective is not None:
            planned = self.snapshot.outcome_name if self.snapshot else self.objective_outcome
            words = _objective_words(self.objective, planned, self.currency)
            if self.objective_outcome and planned != self.objective_outcome:
                words += f" (your measure of {self.objective_outcome})"
            lines.append(f"Objective: {words}.")
        if self.risk is not None:
            lines.append(f"Risk: {self.risk.mode}.")
        lines += [
            f"Constraint: {q.constraint.describe(symbol)} (from {q.phrase!r})."
            for q in self.quoted_constraints()
        ]
        if self.brand_building_types is not None:
            types = ", ".join(sorted(t.value for t in self.brand_building_types))
            lines.append(f"Brand-building now means: {types}.")
        lines += [f"Curve: {h.describe(self.currency)} ({h.phrase!r})." for h in self.curve_hints]
        lines += [
            f"Derived: {d.channel} {d.quantity} = {number(round(d.value, 2))} ({d.formula})."
            for d in self.derived
        ]
        lines += [f"To confirm: {f.quote!r} — {f.question(self.currency)}" for f in self.unread]
        lines += [f"{'Problem' if i.is_error else 'Note'}: {i}" for i in self.issues]
        return "\n".join(lines) if lines else "Nothing to plan on in this message."


def _objective_words(objective: Objective, outcome: str | None, currency: str) -> str:
    if objective.kind == "profit" and objective.value_per_outcome is not None:
        per = singular(outcome or "outcome")
        return f"maximise profit at {money(objective.value_per_outcome, currency)} per {per}"
    if objective.kind == "volume_at_cac" and objective.target_cac is not None:
        return (
            f"maximise volume with cost per outcome at most {money(objective.target_cac, currency)}"
        )
    if objective.kind == "spend_for_volume" and objective.target_volume is not None:
        return (
            f"reach {number(objective.target_volume)} {outcome or 'outcomes'} for the least spend"
        )
    return f"maximise {outcome or 'volume'}"
