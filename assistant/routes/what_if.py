"""Channel what-ifs ("what if events get $100K more", "move $50K from TV to search"): the
scenario that changes the named channels from the current plan and holds every other one where
the plan puts it, the question asked instead when a channel or an amount does not fit, and the
reply's line saying what moved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from assistant.narrative import render
from assistant.routes.base import PlannerTurn
from assistant.turn import TurnResult
from assistant.understanding.pending import PendingQuestion
from model_engine.channel_matching import ChannelMatcher
from model_engine.intake.text.parsed import ChannelChange
from model_engine.intake.text.unread import ProposedReading, UnreadFragment
from model_engine.money import format_money
from tools.allocation import OptimizeArgs
from tools.channel_what_if import (
    ChannelChangeSpec,
    CutTooLargeError,
    changed_allocation,
    channels_named,
    describe_changes,
)
from tools.context import ToolCallRecord
from tools.scenarios import ScenarioSpec
from tools.state import PlanInputs
from tools.views import PlanView, display
from tools.views.scenarios import ScenarioSetView


class WhatIfTurn(PlannerTurn, Protocol):
    """What a channel what-if uses of the planner's turn besides :class:`PlannerTurn`."""

    pending: PendingQuestion | None
    ran_what_if: bool

    @property
    def inputs(self) -> PlanInputs: ...

    def _infeasible(self, record: ToolCallRecord) -> TurnResult: ...


def channel_what_if(
    turn: WhatIfTurn, changes: Sequence[ChannelChange]
) -> ScenarioSpec | TurnResult:
    """ "What if events get $100K more", "move $50K from TV to search": the scenario that
    changes the named channels from the current plan and holds every other channel where the
    plan puts it (``run_scenarios`` does the arithmetic). Asks instead when a channel is not
    in the data (offering the channels it may mean) or a change takes more than the channel
    has (offering all of it); a confirmed reading runs the what-if (the planner's
    ``_settle_what_if``)."""
    optimized = turn._call("optimize_allocation", OptimizeArgs())
    if not optimized.ok:
        return turn._infeasible(optimized)
    plan = optimized.view
    assert isinstance(plan, PlanView)
    currency = plan.currency
    results = turn.context.results
    planned = results.plan(turn.inputs).plan.allocation
    model = results.model(turn.inputs)
    names = list(planned)
    by_kind = ChannelMatcher.of(names, [model.channel(name).channel_type for name in names])
    resolved: list[ChannelChange] = []
    for position, change in enumerate(changes):
        found = channels_named(change.channel, names)
        if len(found) == 1:
            resolved.append(replace(change, channel=found[0]))
            continue
        where = "matches more than one" if found else "is not one"
        offered = found or by_kind.resolve(change.channel)
        question = (
            f"Should the what-if change {offered[0]}, the channel of that kind?"
            if len(offered) == 1
            else "Which channel should the what-if change?"
        )
        readings = tuple(
            ProposedReading(
                what_if=(*resolved, replace(change, channel=name), *changes[position + 1 :])
            )
            for name in offered
        )
        return _ask_about_what_if(
            turn,
            change,
            f"{change.channel!r} {where} of the channels of your data ({', '.join(names)}). "
            + question,
            readings,
            currency,
        )
    try:  # checked here to ask before anything runs; run_scenarios applies the changes
        changed_allocation(planned, resolved, currency)
    except CutTooLargeError as too_large:
        change, has = too_large.change, format_money(too_large.planned, currency)
        return _ask_about_what_if(
            turn,
            change,
            f"The current plan puts {has} in {change.channel}, less than your what-if takes "
            f"out of it ({change.phrase!r}). Should it take all of {change.channel}'s {has} "
            "instead?",
            (ProposedReading(what_if=_largest_change(resolved, change, too_large.planned)),),
            currency,
        )
    return ScenarioSpec(
        name=describe_changes(resolved, currency),
        change_channels=[ChannelChangeSpec.of(change) for change in resolved],
    )


def _ask_about_what_if(
    turn: WhatIfTurn,
    change: ChannelChange,
    question: str,
    readings: tuple[ProposedReading, ...],
    currency: str,
) -> TurnResult:
    """The question about a what-if; its readings (when there are any) are kept as the
    pending question, so "yes", a number or a button runs the one chosen."""
    turn.ran_what_if = True  # the question is about the what-if: no note saying it was not run
    if not readings:
        return turn.result("clarify", what_if_question(question, []))
    fragment = UnreadFragment(
        quote=change.phrase,
        line=_line_of(change.phrase, turn.message),
        kind="what_if",
        reason=question,
        proposals=readings,
    )
    turn.pending = PendingQuestion(
        message=turn.message, route="scenario", currency=currency, fragments=(fragment,)
    )
    return turn.result("clarify", what_if_question(question, turn.pending.labels()))


def what_if_said(view: ScenarioSetView) -> str | None:
    """ "Scenario A moves Events from $200,000 to $300,000 and keeps every other channel where
    the current plan puts it": the channel what-if's change, in the tool's own figures."""
    line = view.scenarios[0]
    if line.allocation is None:
        return None
    units = view.units
    base = view.base.allocation
    moved = [
        f"{channel} from {display(base[channel], units)} to {display(amount, units)}"
        for channel, amount in line.allocation.items()
        if channel in base and display(amount, units) != display(base[channel], units)
    ]
    if not moved:
        return None
    return (
        f"Scenario {line.label} ({line.name}) moves {' and '.join(moved)}, and keeps every other "
        f"channel where the current plan puts it: {display(line.total_budget, units)} in all."
    )


def what_if_question(question: str, labels: Sequence[str]) -> str:
    """The question about a what-if, with its readings to run (none when nothing fits)."""
    if len(labels) == 1:
        question += f"\n\n**{labels[0]}?** Say **yes** to run that what-if"
    elif labels:
        listed = "\n".join(f"{i}. {label}" for i, label in enumerate(labels, start=1))
        question += f"\n\n{listed}\n\nSay the number of the what-if to run"
    if labels:
        question += (
            " (on a copy: your data and the current plan stay as they are), or write it "
            "the way you mean it."
        )
    return render("clarify", question=question, problems=[], problem_total=0, examples=[])


def _largest_change(
    changes: Sequence[ChannelChange], too_large: ChannelChange, planned: float
) -> tuple[ChannelChange, ...]:
    """``changes`` with ``too_large`` taking all of its channel's ``planned`` spend (a drop,
    exact however the plan is recomputed) and, for a move, its other side adding just that."""
    largest: list[ChannelChange] = []
    for change in changes:
        if change == too_large:
            largest.append(replace(change, kind="relative", value=-1.0))
        elif (
            change.phrase == too_large.phrase
            and change.kind == too_large.kind == "delta"
            and change.value == -too_large.value
        ):
            largest.append(replace(change, value=planned))  # the move's receiving channel
        else:
            largest.append(change)
    return tuple(largest)


def _line_of(phrase: str, message: str) -> int:
    """The 1-based line of ``message`` that holds ``phrase`` (the first when not found)."""
    at = message.casefold().find(phrase.casefold())
    return message[:at].count("\n") + 1 if at > 0 else 1
