"""The one constraint vocabulary above the engine: a discriminated union on ``kind``.

The engine's frozen dataclasses (:mod:`model_engine.constraints`) each carry a ``kind`` tag;
pydantic validates JSON straight into them with this union. The tool schema the LLM fills,
the session file and ``budgetmix ask --json`` all use it, so there is no second list of kinds
to keep in step.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, TypeAdapter

from model_engine.channel_matching import ChannelMatcher
from model_engine.constraints import (
    ChangeBound,
    ChannelBound,
    Constraint,
    GroupBound,
    LockChannel,
    MaxChange,
)

ConstraintField = Annotated[Constraint, Field(discriminator="kind")]
CONSTRAINTS: TypeAdapter[tuple[ConstraintField, ...]] = TypeAdapter(tuple[ConstraintField, ...])


def with_channel_names(constraint: Constraint, matcher: ChannelMatcher) -> Constraint:
    """``constraint`` with every channel it names written as the data spells it ("email" ->
    "Email"); a ``ValueError`` names a channel the data does not have."""
    if isinstance(constraint, ChannelBound):
        if constraint.channel is None:
            return constraint
        return ChannelBound(
            matcher.require(constraint.channel), constraint.minimum, constraint.maximum
        )
    if isinstance(constraint, LockChannel):
        return LockChannel(matcher.require(constraint.channel))
    if isinstance(constraint, MaxChange):
        if constraint.channels is None:
            return constraint
        names = tuple(matcher.require(c) for c in constraint.channels)
        return MaxChange(constraint.fraction, names, constraint.relative_to)
    if isinstance(constraint, ChangeBound):
        if constraint.channels is None:
            return constraint
        names = tuple(matcher.require(c) for c in constraint.channels)
        return ChangeBound(constraint.max_cut, constraint.max_growth, names)
    assert isinstance(constraint, GroupBound)
    names = tuple(matcher.require(c) for c in constraint.channels)
    return GroupBound(constraint.label, names, constraint.minimum, constraint.maximum)
