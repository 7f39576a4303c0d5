"""A :class:`~model_engine.intake.ParsedMessage` in the corpus's reading form, and the call that
reads a corpus message (with the session's channels for a follow-up)."""

from __future__ import annotations

from benchmarks.understanding.generator import CorpusMessage
from benchmarks.understanding.reading import (
    Ask,
    BudgetChangeReading,
    ChannelChangeReading,
    ChannelFigures,
    CurveKnowledge,
    ObjectiveReading,
    Reading,
    Rule,
    name_key,
)
from model_engine.channels import ChannelType
from model_engine.constraints import (
    Amount,
    ChangeBound,
    ChannelBound,
    Constraint,
    GroupBound,
    LockChannel,
    MaxChange,
)
from model_engine.datasets import ChannelPeriod
from model_engine.intake import ParsedMessage, UnreadFragment, parse_message


def read(message: CorpusMessage) -> Reading:
    known = [
        ChannelPeriod(k.name, ChannelType(k.channel_type), k.spend, k.outcome)
        for k in message.known
    ]
    return reading_of(parse_message(message.text, known_channels=known))


def reading_of(parsed: ParsedMessage) -> Reading:
    snapshot = parsed.snapshot
    channels = (
        frozenset(
            ChannelFigures.of(
                c.name, c.channel_type.value, c.spend, c.outcome, snapshot.outcome_name
            )
            for c in snapshot.channels
        )
        if snapshot is not None
        else frozenset()
    )
    objective = None
    if parsed.objective is not None:
        o = parsed.objective
        value = o.value_per_outcome or o.target_cac or o.target_volume
        objective = ObjectiveReading(o.kind, None if value is None else float(value))
    return Reading(
        channels=channels,
        period_weeks=snapshot.period_weeks if snapshot else None,
        currency=parsed.currency,
        budget=parsed.budget,
        budget_period_weeks=parsed.budget_period_weeks if parsed.budget is not None else None,
        rules=frozenset(r for c in parsed.constraints for r in rules_of(c)),
        objective=objective,
        curve=frozenset(
            CurveKnowledge.of(h.channel, h.stated or h.half_saturation, h.meaning)
            for h in parsed.curve_hints
        ),
        changes=frozenset(
            [
                *(BudgetChangeReading.of(c.kind, c.value) for c in parsed.budget_changes),
                *(
                    ChannelChangeReading.of(c.channel, c.kind, c.value)
                    for c in parsed.channel_changes
                ),
            ]
        ),
        asks=frozenset(
            Ask(
                tuple(sorted(name_key(n) for p in f.proposals for n in p.channels)),
                _amount_of(f),
            )
            for f in parsed.unread
        ),
        errors=tuple(i.code for i in parsed.errors),
    )


def _amount_of(fragment: UnreadFragment) -> float | None:
    for proposal in fragment.proposals:
        constraint = proposal.constraint
        if isinstance(constraint, ChannelBound | GroupBound):
            amount = constraint.minimum or constraint.maximum
            return None if amount is None else amount.value
        if proposal.curve is not None:
            return proposal.curve.stated
        if proposal.figure is not None:
            return proposal.figure.spend
        if proposal.budget is not None:
            return proposal.budget.amount
    return None


def rules_of(constraint: Constraint) -> list[Rule]:
    if isinstance(constraint, LockChannel):
        return [Rule.of("lock", [constraint.channel])]
    if isinstance(constraint, MaxChange):
        return [
            Rule.of(
                "max_change",
                list(constraint.channels or ()),
                amount=constraint.fraction,
                share=True,
            )
        ]
    if isinstance(constraint, ChangeBound):
        sides = (("max_cut", constraint.max_cut), ("max_growth", constraint.max_growth))
        return [
            Rule.of(kind, list(constraint.channels or ()), amount=limit, share=True)
            for kind, limit in sides
            if limit is not None
        ]
    if isinstance(constraint, ChannelBound):
        channels = [constraint.channel] if constraint.channel else []
        return _bounds(channels, constraint.minimum, constraint.maximum, together=False)
    assert isinstance(constraint, GroupBound)
    return _bounds(list(constraint.channels), constraint.minimum, constraint.maximum, together=True)


def _bounds(
    channels: list[str], minimum: Amount | None, maximum: Amount | None, *, together: bool
) -> list[Rule]:
    if minimum is not None and minimum == maximum:
        return [
            Rule.of(
                "fix",
                channels,
                amount=minimum.value,
                share=minimum.share_of_total,
                together=together,
            )
        ]
    rules = []
    for kind, amount in (("floor", minimum), ("cap", maximum)):
        if amount is not None:
            rules.append(
                Rule.of(
                    kind,  # type: ignore[arg-type]
                    channels,
                    amount=amount.value,
                    share=amount.share_of_total,
                    together=together,
                )
            )
    return rules
