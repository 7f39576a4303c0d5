"""One-sided change limits checked on the final numbers: a cut limit gives each channel a
floor only, a growth limit a cap only, and a plan that breaks one is a defect, never a reply."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.postcondition import PlanDefectError, ensure_rules_hold
from model_engine.constraints import ChangeBound
from model_engine.intake import parse_message
from model_engine.rule_checks import check_rules
from prompts import seed_prompt
from tools.data import apply_parsed
from tools.derived import Results, stated_limit_violations
from tools.state import PlanInputs

CURRENT = {"Search": 400_000.0, "Social": 500_000.0, "Email": 200_000.0}


def _plan(**changes: float) -> dict[str, float]:
    return {**CURRENT, **changes}


@pytest.mark.parametrize(
    ("constraint", "plan", "holds"),
    [
        (ChangeBound(max_cut=0.5), _plan(Social=250_000, Search=2_000_000), True),
        (ChangeBound(max_cut=0.5), _plan(Social=249_000), False),
        (ChangeBound(max_growth=0.3), _plan(Email=260_000, Social=0), True),
        (ChangeBound(max_growth=0.3), _plan(Email=261_000), False),
        (ChangeBound(max_cut=0.2, channels=("Email",)), _plan(Social=0), True),
        (ChangeBound(max_cut=0.2, channels=("Email",)), _plan(Email=150_000), False),
        (ChangeBound(max_cut=0.1, max_growth=0.1), _plan(Search=441_000), False),
    ],
)
def test_each_side_is_checked_alone(
    constraint: ChangeBound, plan: dict[str, float], holds: bool
) -> None:
    report = check_rules(plan, [constraint], budget=1_100_000, current=CURRENT)
    assert report.ok is holds
    assert len(report.checks) == len(constraint.channels or CURRENT)


def test_a_cut_limit_is_a_floor_and_says_so_with_the_figures() -> None:
    report = check_rules(
        _plan(Social=200_000),
        [ChangeBound(max_cut=0.5)],
        budget=1_100_000,
        current=CURRENT,
        phrases=["don't cut anything by more than half"],
    )
    (broken,) = report.broken
    assert (broken.low, broken.high) == (250_000, None)
    assert broken.describe() == "Social: $200,000 in the plan, must be at least $250,000 — broken"


def test_a_plan_that_cuts_past_the_limit_is_a_defect_not_a_reply() -> None:
    seed = apply_parsed(PlanInputs(), parse_message(seed_prompt()))[0]
    assert seed.snapshot is not None
    rule = parse_message(
        "Don't cut anything by more than half.", known_channels=seed.snapshot.channels
    )
    inputs = apply_parsed(seed, rule)[0]
    output = Results().plan(inputs)
    report = ensure_rules_hold(output, "the plan as made")
    assert any(isinstance(c.constraint, ChangeBound) for c in report.checks)
    events = next(c for c in output.plan.channels if c.name == "Events")
    cut = replace(events, recommended=0.4 * events.current)
    tampered = replace(
        output,
        plan=replace(
            output.plan,
            channels=tuple(cut if c.name == "Events" else c for c in output.plan.channels),
        ),
    )
    assert stated_limit_violations(tampered.plan, (ChangeBound(max_cut=0.5),)) == [
        "Events breaks no channel is cut by more than 50% from current spend"
    ]
    with pytest.raises(PlanDefectError) as raised:
        ensure_rules_hold(tampered, "a plan cut past the limit")
    message = raised.value.honest_message()
    assert "Events: $160,000 in the plan, must be at least $200,000 — broken" in message
