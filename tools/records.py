"""The LLM reads too: a tool through which the model hands over channel records and rules.

An LLM can read prose a parser misses, and it can also change a number while copying it. So
:func:`record_channel_data` takes the model's structured reading (channels with spend and
outcome, a budget, rules) and keeps it only when **every number in it is found in the user's
own messages**, in any notation the intake's amount tagger reads ("$1.2M", "1,200,000",
"1.2 million", "2.4k", "a quarter of a million", "35%"). A number found nowhere is refused
(:class:`~tools.state.ToolError` of kind ``"unverified"``): the records are not used, and the
conversation hands the turn to the deterministic planner, which asks. Where the deterministic
reading of the same message found different figures, the conversation asks the CMO which is
right (see :func:`reading_disagreements`).
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from model_engine.channel_matching import ChannelMatcher
from model_engine.channels import ChannelType
from model_engine.constraints import ChangeBound
from model_engine.datasets import ChannelPeriod, SnapshotData
from model_engine.intake import QuotedConstraint
from model_engine.intake.numbers import Notation
from model_engine.intake.text.amounts import find_amounts
from model_engine.money import format_money
from tools.constraint_schema import ConstraintField, with_channel_names
from tools.context import ToolContext, ToolOutcome
from tools.state import PlanInputs, ToolError
from tools.views.data import snapshot_data_view

_NOTATIONS: tuple[Notation, ...] = ("us", "european")
RELATIVE_TOLERANCE = 0.005  # "2.4k" is 2,400; "about 1.2M" still 1,200,000 within rounding


class ChannelRecord(BaseModel):
    name: str = Field(description="the channel's name as the user wrote it")
    channel_type: ChannelType = Field(ChannelType.OTHER, description="the kind of channel")
    spend: float = Field(ge=0, description="spend over the period, in the currency")
    outcome: float | None = Field(None, ge=0, description="outcome over the period")


class RecordArgs(BaseModel):
    """The user's figures and rules, exactly as they wrote them."""

    channels: list[ChannelRecord] = Field(default_factory=list)
    outcome_name: str = Field("MQLs", description="what the outcome counts (MQLs, leads...)")
    period_weeks: int = Field(13, gt=0, description="weeks the figures cover")
    budget: float | None = Field(None, gt=0, description="next period's budget, if stated")
    rules: list[ConstraintField] = Field(default_factory=list)


def record_channel_data(context: ToolContext, args: RecordArgs) -> ToolOutcome:
    """Hand over the channel figures, budget and rules you read in the user's messages, as
    structured records (use this when parse_marketing_data missed something). Every number
    must appear in the user's messages (in any notation): a number they did not write is
    refused and nothing is recorded. Returns the data as recorded."""
    said = " \n".join(context.said)
    missing = [
        f"{label} ({values[0]:,.10g})"
        for label, values in _numbers(args)
        if not any(_found(value, said) for value in values)
    ]
    if missing:
        raise ToolError(
            "Refused: these numbers appear in none of the user's messages: "
            + "; ".join(missing)
            + ". Nothing was recorded.",
            kind="unverified",
        )
    if not args.channels:
        raise ToolError("Give at least one channel with its spend.")
    try:
        snapshot = SnapshotData(
            tuple(ChannelPeriod(c.name, c.channel_type, c.spend, c.outcome) for c in args.channels),
            outcome_name=args.outcome_name,
            period_weeks=args.period_weeks,
        )
    except ValueError as error:
        raise ToolError(str(error)) from error
    matcher = ChannelMatcher.of(
        [c.name for c in snapshot.channels], [c.channel_type for c in snapshot.channels]
    )
    constraints = []
    for rule in args.rules:
        try:
            resolved = with_channel_names(rule, matcher)
        except ValueError as error:
            raise ToolError(str(error)) from error
        constraints.append(
            QuotedConstraint(resolved, f"recorded by the model: {resolved.describe()}")
        )
    inputs = PlanInputs(
        snapshot=snapshot,
        budget=args.budget,
        constraints=tuple(constraints),
        preferences=context.inputs.preferences,
    )
    return ToolOutcome(snapshot_data_view(snapshot), snapshot, inputs)


def _numbers(args: RecordArgs) -> Iterable[tuple[str, tuple[float, ...]]]:
    """Each number of the records, with the ways the user may have written it (the first is
    the one named when none is found)."""
    for channel in args.channels:
        yield f"{channel.name} spend", (channel.spend,)
        if channel.outcome is not None:
            yield f"{channel.name} {args.outcome_name}", (channel.outcome,)
    if args.budget is not None:
        yield "budget", (args.budget,)
    for rule in args.rules:
        for side in ("minimum", "maximum"):
            amount = getattr(rule, side, None)
            if amount is not None:
                value = amount.value * 100 if amount.share_of_total else amount.value
                yield f"rule {side}", (value,)
        fraction = getattr(rule, "fraction", None)
        if fraction is not None:
            yield "rule change limit", (fraction * 100,)
        if isinstance(rule, ChangeBound):
            # A cut of at most 20% may be said as "no channel below 80% of its spend", a growth
            # of at most 30% as "no channel above 130% of it".
            if rule.max_cut is not None:
                yield "rule largest cut", (rule.max_cut * 100, 100 - rule.max_cut * 100)
            if rule.max_growth is not None:
                yield "rule largest growth", (rule.max_growth * 100, 100 + rule.max_growth * 100)


def _found(value: float, text: str) -> bool:
    """Whether ``value`` is written in ``text`` in any notation (a share as its percent)."""
    if value == 0:
        return True  # "nothing on print", "drop TV": zero needs no digits
    for token in find_amounts(text):
        for notation in _NOTATIONS:
            read = token.read("money", notation).value
            if read is None:
                continue
            candidates = (read, read * 100) if token.percent else (read,)
            if any(abs(c - value) <= RELATIVE_TOLERANCE * abs(value) for c in candidates):
                return True
    return False


def reading_disagreements(model: SnapshotData, ours: SnapshotData | None) -> list[str]:
    """Where the model's records and the deterministic reading give a channel different
    figures (one line each, both readings); channels only one side found are listed too."""
    if ours is None:
        return []
    mine = {c.name.casefold(): c for c in ours.channels}
    lines: list[str] = []
    for channel in model.channels:
        found = mine.get(channel.name.casefold())
        if found is None:
            continue
        if abs(found.spend - channel.spend) > 0.5 or (found.outcome or 0) != (channel.outcome or 0):
            lines.append(
                f"{channel.name}: I read {_figures(found, ours)}; the language model read "
                f"{_figures(channel, model)}"
            )
    return lines


def _figures(channel: ChannelPeriod, snapshot: SnapshotData) -> str:
    outcome = (
        "no outcome"
        if channel.outcome is None
        else f"{channel.outcome:,.0f} {snapshot.outcome_name}"
    )
    return f"{format_money(channel.spend, snapshot.currency)} spent, {outcome}"
