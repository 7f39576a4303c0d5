"""Channel what-ifs ("what if events get $100K more", "move $50K from TV to search", "cut TV by
a third", "drop radio entirely"): the current plan with the named channels changed and every
other channel held where the plan puts it, so the total moves by the change.

The one arithmetic of such a what-if, shared by the scenario tool (whichever brain calls it)
and the planner's route, which asks the CMO before a change that does not fit is run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel, Field, model_validator

from model_engine.channel_matching import ChannelMatcher
from model_engine.intake.text.parsed import ChannelChange
from model_engine.money import format_money


class ChannelChangeSpec(BaseModel):
    """One channel's change from the current plan: an amount added (negative to cut), or a
    share of what the plan puts there."""

    channel: str = Field(description="The channel, by its name in the data.")
    amount: float | None = Field(
        None,
        description="Added to the channel's planned spend: 100000 for '$100K more', -50000 "
        "for '$50K less'.",
    )
    share: float | None = Field(
        None,
        ge=-1,
        description="The planned spend's relative change: 0.2 for '20% more', -0.3333 for 'cut "
        "by a third', -1 for 'drop it entirely'.",
    )

    @model_validator(mode="after")
    def _amount_or_share(self) -> ChannelChangeSpec:
        if (self.amount is None) == (self.share is None):
            raise ValueError("give the change as an amount or as a share, one of them")
        return self

    @classmethod
    def of(cls, change: ChannelChange) -> ChannelChangeSpec:
        if change.kind == "relative":
            return cls(channel=change.channel, share=change.value)
        return cls(channel=change.channel, amount=change.value)

    def change(self) -> ChannelChange:
        if self.share is not None:
            return ChannelChange(self.channel, "relative", self.share, phrase="")
        assert self.amount is not None
        return ChannelChange(self.channel, "delta", self.amount, phrase="")


class CutTooLargeError(ValueError):
    """A change takes more out of a channel than the plan puts there."""

    def __init__(self, change: ChannelChange, planned: float, currency: str) -> None:
        super().__init__(
            f"The current plan puts {format_money(planned, currency)} in {change.channel}, less "
            f"than the what-if takes out of it ({change.describe(currency)})."
        )
        self.change = change
        self.planned = planned


def channels_named(words: str, channels: Sequence[str]) -> tuple[str, ...]:
    """The channels ``words`` names, by name only: "radio" is not the data's "Traditional",
    though of the same kind (a what-if on a channel of that kind is asked about)."""
    return ChannelMatcher(tuple(channels)).resolve(words)


def changed_allocation(
    planned: Mapping[str, float], changes: Sequence[ChannelChange], currency: str
) -> dict[str, float]:
    """``planned`` (the engine's amounts, not a view's rounded ones, so the rest stay exactly
    as planned) with each change applied in turn to its channel, named as in ``planned``.
    Raises :class:`CutTooLargeError` for a change that would leave a channel below zero."""
    amounts = dict(planned)
    for change in changes:
        changed = change.apply(amounts[change.channel])
        if changed < 0:
            raise CutTooLargeError(change, amounts[change.channel], currency)
        amounts[change.channel] = changed
    return amounts


def describe_changes(changes: Sequence[ChannelChange], currency: str) -> str:
    """ "Events −$50,000; Paid search +$50,000": the what-if's name."""
    return "; ".join(change.describe(currency) for change in changes)
