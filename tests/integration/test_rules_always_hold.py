"""No plan through the planner breaks a rule the message stated (a property test).

Random budgets and random rules (floors, caps, shares, fixed amounts, group limits, one-sided
change limits) are written as a CMO would write them; whatever the planner answers, a plan it
shows keeps every rule, checked here on the plan's final numbers by the rule checker,
independently of the planner.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.postcondition import PlanDefectError, ensure_rules_hold
from model_engine.constraints import Amount, ChangeBound, ChannelBound, Constraint, GroupBound
from model_engine.rule_checks import check_rules
from tools.derived import Results
from tools.state import PlanInputs

CHANNELS = ("Paid search", "Email", "Expo booth", "Paid social")
DATA = (
    "Last quarter: Paid search $400K spent, 2,400 MQLs. Email $200K spent, 1,500 MQLs. "
    "Expo booth $300K spent, 400 MQLs. Paid social $250K spent, 900 MQLs."
)


@dataclass(frozen=True)
class Rule:
    words: str
    constraint: Constraint


def _thousands(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high).map(lambda k: k * 10)


@st.composite
def rules(draw: st.DrawFn) -> Rule:
    channel = draw(st.sampled_from(CHANNELS))
    kind = draw(
        st.sampled_from(["floor", "cap", "share_cap", "group_cap", "cut_limit", "growth_limit"])
    )
    if kind == "floor":
        k = draw(_thousands(5, 40))
        return Rule(f"Keep at least ${k}K in {channel}.", ChannelBound(channel, Amount(k * 1e3)))
    if kind == "cap":
        k = draw(_thousands(10, 60))
        return Rule(
            f"No more than ${k}K on {channel}.", ChannelBound(channel, None, Amount(k * 1e3))
        )
    if kind == "share_cap":
        share = draw(st.integers(20, 60))
        return Rule(
            f"{channel} at most {share}% of the budget.",
            ChannelBound(channel, None, Amount(share / 100, share_of_total=True)),
        )
    if kind == "cut_limit":
        share = draw(st.integers(5, 60))
        return Rule(
            f"Don't cut {channel} by more than {share}%.",
            ChangeBound(max_cut=share / 100, channels=(channel,)),
        )
    if kind == "growth_limit":
        share = draw(st.integers(5, 80))
        return Rule(f"Nothing grows more than {share}%.", ChangeBound(max_growth=share / 100))
    other = draw(st.sampled_from([c for c in CHANNELS if c != channel]))
    k = draw(_thousands(20, 90))
    return Rule(
        f"{channel} and {other} together at most ${k}K.",
        GroupBound(f"{channel} and {other}", (channel, other), None, Amount(k * 1e3)),
    )


@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(budget_k=st.integers(60, 300).map(lambda k: k * 10), stated=st.lists(rules(), max_size=3))
def test_a_shown_plan_keeps_every_stated_rule(
    offline_settings: Settings, budget_k: int, stated: list[Rule]
) -> None:
    conversation = Conversation(offline_settings)
    words = " ".join(r.words for r in stated)
    result = conversation.respond(f"{DATA} Budget ${budget_k}K next quarter. {words}")
    document = result.to_json()
    if result.intent != "allocate":
        assert "| Paid search |" not in result.reply or result.intent == "scenario"
        return
    plan = document["plan"]
    spend = {a["channel"]: a["recommended"] for a in plan["allocations"]}
    current = {a["channel"]: a["current"] for a in plan["allocations"]}
    report = check_rules(
        spend, [r.constraint for r in stated], budget=plan["total_budget"], current=current
    )
    assert report.ok, report.summary()


def test_a_plan_that_breaks_a_rule_is_a_defect_not_a_reply(offline_settings: Settings) -> None:
    conversation = Conversation(offline_settings)
    conversation.respond(f"{DATA} Budget $1.2M next quarter.")
    inputs: PlanInputs = conversation.session.inputs
    output = Results().plan(inputs)
    search = next(c for c in output.plan.channels if c.name == "Paid search")
    from dataclasses import replace

    from model_engine.intake import QuotedConstraint

    stricter = QuotedConstraint(
        ChannelBound("Paid search", None, Amount(search.recommended / 2)), "search at most half"
    )
    broken = replace(output, constraints=(*output.constraints, stricter))
    ensure_rules_hold(output, "the plan as made")  # the real plan keeps its rules
    with pytest.raises(PlanDefectError) as raised:
        ensure_rules_hold(broken, "a plan with a rule it breaks")
    message = raised.value.honest_message()
    assert "breaks a rule you stated" in message
    assert "Paid search" in message
