"""The "What I read" card: the data, budget, objective and rules a plan uses, editable in place.

After every turn that leaves the conversation with data, the chat shows a compact card
(``public/elements/WhatIRead.jsx``) built from :func:`read_card`: one row per channel (spend and
outcome), the budget and horizon, the objective, and each rule with the user's words. The card's
"Apply" button sends a :class:`CardEdit` back (a Chainlit action); :func:`apply_card_edit`
turns it into new :class:`~tools.state.PlanInputs` through the same typed path a message takes
(:func:`tools.data.apply_parsed` for the budget, the snapshot's own figures for channels), so
the edit is one undo step like any other. A rule written in the card's box is read as a message.
"""

from __future__ import annotations

from dataclasses import replace

from pydantic import BaseModel, ConfigDict, Field

from model_engine.intake import ParsedMessage
from model_engine.money import currency_symbol
from tools.data import apply_parsed
from tools.state import PlanInputs, ToolError

CARD_ELEMENT = "WhatIRead"  # public/elements/WhatIRead.jsx
CARD_ACTION = "edit_what_i_read"


class CardChannel(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    spend: float = Field(ge=0)
    outcome: float | None = Field(None, ge=0)


class CardRule(BaseModel):
    model_config = ConfigDict(frozen=True)

    index: int
    rule: str = Field(description='the rule as the plan uses it ("Events at least $150,000")')
    words: str = Field(description="the user's words it came from")


class ReadCard(BaseModel):
    """The card's props: what the conversation is planning with."""

    model_config = ConfigDict(frozen=True)

    currency: str
    outcome_name: str
    period_weeks: int | None
    channels: list[CardChannel]
    editable: bool = Field(description="channel figures can be edited (a quarter's results)")
    budget: float | None
    horizon_weeks: int
    objective: str
    rules: list[CardRule]


class CardEdit(BaseModel):
    """What the card sends back: only the fields the CMO changed are set."""

    model_config = ConfigDict(extra="forbid")

    budget: float | None = Field(None, gt=0)
    channels: list[CardChannel] = Field(default_factory=list)
    remove_rules: list[int] = Field(default_factory=list)
    new_rule: str = ""


def read_card(inputs: PlanInputs) -> ReadCard | None:
    """The card for ``inputs``; ``None`` without data."""
    if not inputs.has_data:
        return None
    snapshot = inputs.snapshot
    currency = snapshot.currency if snapshot is not None else "USD"
    symbol = currency_symbol(currency)
    channels = (
        [CardChannel(name=c.name, spend=c.spend, outcome=c.outcome) for c in snapshot.channels]
        if snapshot is not None
        else [CardChannel(name=name, spend=0) for name in _history_channels(inputs)]
    )
    return ReadCard(
        currency=currency,
        outcome_name=snapshot.outcome_name if snapshot is not None else "outcome",
        period_weeks=snapshot.period_weeks if snapshot is not None else None,
        channels=channels,
        editable=snapshot is not None,
        budget=inputs.budget,
        horizon_weeks=inputs.horizon_weeks,
        objective=inputs.objective_kind(),
        rules=[
            CardRule(index=i, rule=q.constraint.describe(symbol), words=q.phrase)
            for i, q in enumerate(inputs.constraints)
        ],
    )


def _history_channels(inputs: PlanInputs) -> tuple[str, ...]:
    history = inputs.history
    if history is None or history.channels is None:
        return ()
    return tuple(history.renames.get(c, c) for c in history.channels)


def apply_card_edit(inputs: PlanInputs, edit: CardEdit) -> PlanInputs:
    """``inputs`` with the card's edits (the new rule, if any, is read as a message after)."""
    if edit.budget is not None:
        inputs, _ = apply_parsed(inputs, ParsedMessage(budget=edit.budget))
    if edit.channels:
        snapshot = inputs.snapshot
        if snapshot is None:
            raise ToolError("a weekly history's figures come from its file; edit the file")
        edited = {c.name: c for c in edit.channels}
        unknown = sorted(set(edited) - {c.name for c in snapshot.channels})
        if unknown:
            raise ToolError(f"{', '.join(unknown)} is not a channel of your data")
        rows = tuple(
            replace(c, spend=edited[c.name].spend, outcome=edited[c.name].outcome)
            if c.name in edited
            else c
            for c in snapshot.channels
        )
        inputs = inputs.model_copy(update={"snapshot": replace(snapshot, channels=rows)})
    if edit.remove_rules:
        gone = set(edit.remove_rules)
        kept = tuple(q for i, q in enumerate(inputs.constraints) if i not in gone)
        inputs = inputs.model_copy(update={"constraints": kept})
    return inputs
