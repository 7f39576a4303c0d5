"""Every stated rule is checked on the final numbers (issue 12): the postcondition reports
each rule, holds on what the optimizer returns, and catches a plan that breaks one."""

from __future__ import annotations

import pytest

from model_engine.constraints import (
    Amount,
    ChannelBound,
    Constraint,
    GroupBound,
    LockChannel,
    MaxChange,
    PlanRequest,
)
from model_engine.intake import parse_message
from model_engine.optimizer import optimize
from model_engine.rule_checks import check_plan, check_rules
from model_engine.snapshot import fit_snapshot
from prompts import seed_prompt

CURRENT = {"Search": 400_000.0, "Social": 500_000.0, "Email": 200_000.0, "Expo booth": 300_000.0}


def _plan(**changes: float) -> dict[str, float]:
    return {**CURRENT, **changes}


@pytest.mark.parametrize(
    ("constraint", "plan", "holds"),
    [
        (ChannelBound("Expo booth", minimum=Amount(200_000)), _plan(), True),
        (
            ChannelBound("Expo booth", minimum=Amount(200_000)),
            _plan(**{"Expo booth": 150_000}),
            False,
        ),
        (ChannelBound("Social", maximum=Amount(0.3, share_of_total=True)), _plan(), False),
        (ChannelBound(None, maximum=Amount(0.4, share_of_total=True)), _plan(), True),
        (ChannelBound(None, minimum=Amount(250_000)), _plan(), False),
        (GroupBound("TV and radio", ("Search", "Email"), maximum=Amount(600_000)), _plan(), True),
        (GroupBound("TV and radio", ("Search", "Email"), maximum=Amount(550_000)), _plan(), False),
        (LockChannel("Email"), _plan(), True),
        (LockChannel("Email"), _plan(Email=200_500), False),
        (MaxChange(0.25), _plan(Social=620_000), True),
        (MaxChange(0.2), _plan(Social=620_000), False),
        (MaxChange(0.1, ("Email",)), _plan(Social=900_000), True),
    ],
)
def test_each_kind_of_rule_is_checked(
    constraint: Constraint, plan: dict[str, float], holds: bool
) -> None:
    report = check_rules(plan, [constraint], budget=1_400_000, current=CURRENT)
    assert report.ok is holds
    assert report.checks  # every rule produces at least one check


def test_rounding_is_not_a_breach_but_a_dollar_is() -> None:
    floor = [ChannelBound("Email", minimum=Amount(200_000))]
    assert check_rules(_plan(Email=199_999.9995), floor, budget=1_400_000).ok
    assert not check_rules(_plan(Email=199_990), floor, budget=1_400_000).ok


def test_a_rule_about_a_channel_the_plan_lacks_is_broken() -> None:
    report = check_rules(
        _plan(), [ChannelBound("Podcasts", minimum=Amount(50_000))], budget=1_400_000
    )
    assert not report.ok
    assert report.broken[0].value == 0


def test_a_broken_rule_is_described_with_the_users_words_and_both_numbers() -> None:
    report = check_rules(
        _plan(**{"Expo booth": 150_000}),
        [ChannelBound("Expo booth", minimum=Amount(200_000))],
        budget=1_400_000,
        phrases=["keep at least $200K there"],
    )
    (broken,) = report.broken
    assert broken.phrase == "keep at least $200K there"
    assert broken.describe() == (
        "Expo booth: $150,000 in the plan, must be at least $200,000 — broken"
    )
    assert "0 of 1 rule checks hold" in report.summary()


def test_the_optimizers_plan_passes_the_postcondition_for_rules_read_from_chat() -> None:
    """The issue's failure: a floor stated in chat, and a plan shown below it. Read the rules
    with intake, optimize, and check every rule on the result."""
    seed = parse_message(seed_prompt())
    assert seed.snapshot is not None
    rules = parse_message(
        "Events can't go below $450K because of our upfront deal. Email and content together "
        "at most $400K. No channel above 35%.",
        known_channels=seed.snapshot.channels,
    )
    assert rules.ready_to_plan
    assert len(rules.constraints) == 3
    model = fit_snapshot(seed.snapshot).to_response_model(horizon_weeks=13)
    request = PlanRequest(budget=2_000_000, constraints=rules.constraints)
    plan = optimize(model, request)
    report = check_plan(plan, rules.constraints, budget=2_000_000, phrases=rules.constraint_phrases)
    assert report.ok, report.summary()
    assert plan.channel("Events").recommended >= 450_000 - 1
    # The same plan with Events moved below its floor is caught.
    tampered = {c.name: c.recommended for c in plan.channels}
    tampered["Events"] = 300_000
    current = {c.name: c.current for c in plan.channels}
    assert not check_rules(tampered, rules.constraints, budget=2_000_000, current=current).ok
