"""The plan the offline planner shows obeys both sides of a change range stated in one phrase,
and a limit told as what was done last quarter is not planned on (issue 12)."""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.conversation import Conversation
from prompts import seed_prompt
from tools.views.plan import PlanView

# Without these rules the seed plan cuts events by half and grows content and paid search by
# a quarter or more, so each range binds.
RANGES = {
    "Events": (0.10, 0.30),
    "Content": (0.05, 0.20),
    "Paid search": (0.05, 0.10),
}
RANGE_SENTENCES = (
    " Events may drop by up to 10% or grow by up to 30%."
    " Content can move between -5% and +20%."
    " Let paid search fall at most 5% and rise at most 10%."
)


def _plan(settings: Settings, message: str) -> PlanView:
    turn = Conversation(settings).respond(message)
    assert turn.intent == "allocate", turn.reply
    plan = turn.json_view.current_plan
    assert plan is not None
    return plan


def _changes(plan: PlanView) -> dict[str, float]:
    return {
        row.channel: float(row.recommended) / float(row.current) - 1.0 for row in plan.allocations
    }


def test_the_plan_keeps_each_channel_inside_both_sides_of_its_range(
    offline_settings: Settings,
) -> None:
    free = _changes(_plan(offline_settings, seed_prompt()))
    assert any(not -cut <= free[channel] <= growth for channel, (cut, growth) in RANGES.items()), (
        "the ranges must bind for this test to check anything"
    )

    plan = _plan(offline_settings, seed_prompt() + RANGE_SENTENCES)
    changes = _changes(plan)
    for channel, (cut, growth) in RANGES.items():
        assert -cut - 1e-5 <= changes[channel] <= growth + 1e-5, (channel, changes[channel])
    assert "Events is cut by at most 10% and grows by at most 30% from current spend" in (
        plan.constraints
    )
    assert "Content is cut by at most 5% and grows by at most 20% from current spend" in (
        plan.constraints
    )
    # Neither side is read as a share of the budget.
    assert not any("% of the budget" in line for line in plan.constraints)


def test_a_limit_kept_last_quarter_is_not_a_floor_for_the_new_plan(
    offline_settings: Settings,
) -> None:
    turn = Conversation(offline_settings).respond(
        seed_prompt() + " Last quarter we kept at least $450K in events."
    )
    assert turn.intent == "allocate"
    plan = turn.json_view.current_plan
    assert plan is not None
    events = next(row for row in plan.allocations if row.channel == "Events")
    assert float(events.recommended) < 450_000  # the history was not planned on
    assert not any("450,000" in line for line in plan.constraints)
    assert any("as what was done before" in warning for warning in turn.warnings)


@pytest.mark.parametrize(
    "sentence", [" We kept at least $450K in events.", " We've always capped email at $150K."]
)
def test_a_past_limit_that_may_still_hold_is_asked_before_planning(
    offline_settings: Settings, sentence: str
) -> None:
    turn = Conversation(offline_settings).respond(seed_prompt() + sentence)
    assert turn.intent == "clarify"
    assert turn.pending is not None
    (fragment,) = turn.pending.fragments
    assert fragment.quote == sentence.strip()
    assert fragment.proposals
