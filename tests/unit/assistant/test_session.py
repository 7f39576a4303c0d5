from pathlib import Path

import pytest

from assistant.session import Session
from model_engine.constraints import Amount, ChannelBound, GroupBound, LockChannel, MaxChange
from model_engine.intake import parse_message
from prompts import seed_prompt
from tools.constraint_schema import CONSTRAINTS
from tools.context import ToolContext
from tools.registry import call_tool
from tools.state import PlanInputs


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
def test_constraints_round_trip_through_the_one_union(constraint: object) -> None:
    (again,) = CONSTRAINTS.validate_json(CONSTRAINTS.dump_json((constraint,)))
    assert again == constraint
    assert type(again) is type(constraint)


def test_a_constraint_of_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        CONSTRAINTS.validate_python([{"kind": "budget_floor", "channel": "Email"}])


def test_session_round_trip_keeps_inputs_steps_and_the_what_if(tmp_path: Path) -> None:
    session = Session()
    context = ToolContext(inputs=session.inputs)
    call_tool(context, "parse_marketing_data", {"text": seed_prompt()})
    session.commit(context.inputs, "seed")
    call_tool(context, "parse_marketing_data", {"text": "keep events at least $300K"})
    session.commit(context.inputs, "floor")
    call_tool(context, "run_scenarios", {"scenarios": [{"budget_change": 0.2}]})
    session.what_if = context.what_if
    session.remember("hello", "hi")
    session.save(tmp_path / "s.json")

    restored = Session.load(tmp_path / "s.json")
    assert restored == session
    assert restored.inputs.budget == 2_000_000
    assert [s.message for s in restored.steps] == ["seed", "floor"]
    assert restored.what_if is not None
    assert restored.what_if.inputs[0] is not None
    assert restored.what_if.inputs[0].budget == pytest.approx(2_400_000)


def test_undo_goes_back_step_by_step_and_says_what_changed() -> None:
    session = Session()
    first = PlanInputs(snapshot=parse_message(seed_prompt()).snapshot, budget=2_000_000)
    second = first.model_copy(update={"budget": 3_000_000})
    session.commit(first, "seed")
    changes = session.commit(second, "allocate $3M")
    assert changes == ["budget $2,000,000 → $3,000,000"]
    assert session.commit(second, "again") == ["no change to the plan's inputs"]
    assert len(session.steps) == 2  # no step for no change
    (undone,) = session.undo()
    assert undone.message == "allocate $3M"
    assert session.inputs == first
    assert [s.message for s in session.undo(5)] == ["seed"]
    assert session.inputs == PlanInputs()
    assert session.undo() == []


def test_unknown_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"schema": 99}')
    with pytest.raises(ValueError, match="schema"):
        Session.load(path)


def test_parsed_seed_constraints_are_what_the_session_keeps() -> None:
    parsed = parse_message(seed_prompt())
    assert parsed.constraints
    assert (
        CONSTRAINTS.validate_json(CONSTRAINTS.dump_json(parsed.constraints)) == parsed.constraints
    )
