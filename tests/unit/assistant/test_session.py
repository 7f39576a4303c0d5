from pathlib import Path

import pytest

from assistant.session import Session, constraint_from_json, constraint_to_json
from model_engine.constraints import Amount, ChannelBound, GroupBound, LockChannel, MaxChange
from model_engine.intake import parse_message
from prompts import seed_prompt
from tools.registry import ToolContext, call_tool


@pytest.mark.parametrize(
    "constraint",
    [
        ChannelBound("Events", minimum=Amount(200_000)),
        ChannelBound(None, maximum=Amount(0.35, share_of_total=True)),
        GroupBound("brand-building", ("Content", "Events"), minimum=Amount(150_000)),
        MaxChange(0.25),
        MaxChange(0.5, ("Email", "Events"), relative_to="scaled_current"),
        LockChannel("Email"),
    ],
)
def test_constraints_round_trip(constraint: object) -> None:
    assert constraint_from_json(constraint_to_json(constraint)) == constraint  # type: ignore[arg-type]


def test_session_round_trip_recomputes_the_same_plan(tmp_path: Path) -> None:
    session = Session()
    context = ToolContext(session.workspace)
    call_tool(context, "parse_marketing_data", {"text": seed_prompt()})
    call_tool(context, "parse_marketing_data", {"text": "keep events at least $300K"})
    call_tool(context, "fit_response_curves", {})
    call_tool(context, "run_scenarios", {"scenarios": [{"budget_change": 0.2}]})
    session.remember("hello", "hi")
    session.save(tmp_path / "s.json")

    restored = Session.load(tmp_path / "s.json")
    original, again = session.workspace, restored.workspace
    assert again.snapshot == original.snapshot
    assert [q.constraint for q in again.constraints] == [q.constraint for q in original.constraints]
    assert again.plan is not None
    assert original.plan is not None
    assert again.plan.plan.allocation == original.plan.plan.allocation
    assert again.plan.plan.budget == pytest.approx(2_400_000)
    assert restored.messages == session.messages


def test_unknown_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"schema": 99}')
    with pytest.raises(ValueError, match="schema"):
        Session.load(path)


def test_parsed_seed_constraints_are_what_the_session_keeps() -> None:
    parsed = parse_message(seed_prompt())
    assert parsed.constraints
    for constraint in parsed.constraints:
        assert constraint_from_json(constraint_to_json(constraint)) == constraint
