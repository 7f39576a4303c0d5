"""Channel what-ifs on the LLM path (issue 12), with the real ``openai`` client against the
local stub server: the model expresses "what if events get $100K more" through the scenario
tool (``run_scenarios`` with ``change_channels``), which runs the same scenario as the offline
planner's route, and the reply's figures come from the tool result. A call naming a channel
that is not in the data is a question for the CMO (the planner asks, with the reading it
proposes), never a guess; a malformed call hands the turn to the planner, which says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support.conversations import ungrounded_numbers
from support.openai_stub import OpenAIStub, StubReply
from test_agent_openai_stub import tool_result

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.session import Session
from knowledge import MethodologyRetriever
from tools.context import ToolContext
from tools.registry import call_tool
from tools.views import Money, display

DATA = (
    "Last quarter:\nPaid search: $400K, 2,400 MQLs\nPaid social: $500K, 1,800 MQLs\n"
    "Events: $400K, 600 MQLs\nEmail: $200K, 1,500 MQLs\nTraditional: $200K, 300 MQLs\n"
    "Next quarter's budget is $1.7M."
)
EVENTS = "what if events get $100K more"
RADIO = "what if we cut radio by $50K"


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    server = OpenAIStub().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The data planned offline: the data dir and the session's JSON after."""
    root = tmp_path_factory.mktemp("llm-channel-what-ifs")
    settings = Settings.from_env({"BUDGETMIX_DATA_DIR": str(root), "BUDGETMIX_OFFLINE": "1"})
    conversation = Conversation(settings)
    assert conversation.respond(DATA).intent == "allocate"
    return root, conversation.session.to_json()


def _offline(planned: tuple[Path, str]) -> Conversation:
    root, session = planned
    settings = Settings.from_env({"BUDGETMIX_DATA_DIR": str(root), "BUDGETMIX_OFFLINE": "1"})
    return Conversation(settings, Session.from_json(session))


def _online(
    planned: tuple[Path, str], stub: OpenAIStub, retriever: MethodologyRetriever
) -> Conversation:
    root, session = planned
    settings = Settings.from_env(
        {
            "BUDGETMIX_DATA_DIR": str(root),
            "OPENAI_BASE_URL": stub.base_url,
            "OPENAI_API_KEY": "sk-local",
            "BUDGETMIX_MODEL": "stub-model",
            "BUDGETMIX_LLM_TIMEOUT": "30",
        }
    )
    return Conversation(settings, Session.from_json(session), retriever=retriever)


def model_that_asks(scenarios: list[dict[str, Any]]) -> Callable[[dict[str, Any]], StubReply]:
    """A model that runs ``scenarios`` and answers from the tool result: the what-if's
    channels from the current plan's amount to the what-if's, and its expected MQLs."""

    def script(body: dict[str, Any]) -> StubReply:
        if not any(m["role"] == "tool" for m in body["messages"]):
            return StubReply.call("run_scenarios", {"scenarios": scenarios})
        result = tool_result(body, "run_scenarios")
        base, line = result["base"]["allocation"], result["scenarios"][0]
        moved = "; ".join(
            f"{channel} ${base[channel]:,.0f} -> ${amount:,.0f}"
            for channel, amount in line["allocation"].items()
            if round(amount) != round(base[channel])
        )
        return StubReply.text(
            f"What-if {line['name']} (the current plan is unchanged): {moved}, about "
            f"{line['expected_total']:,.0f} MQLs."
        )

    return script


@pytest.mark.parametrize(
    ("message", "changes", "name"),
    [
        (EVENTS, {"Events": 100_000}, "Events +$100,000"),
        (
            "what if we move $50K from events to search",
            {"Events": -50_000, "Paid search": 50_000},
            "Events −$50,000; Paid search +$50,000",
        ),
    ],
)
def test_the_model_runs_the_channel_what_if_the_planner_runs(
    planned: tuple[Path, str],
    stub: OpenAIStub,
    retriever: MethodologyRetriever,
    message: str,
    changes: dict[str, float],
    name: str,
) -> None:
    (ours,) = _offline(planned).respond(message).json_view.scenarios
    calls = [{"channel": channel, "amount": amount} for channel, amount in changes.items()]
    stub.script = model_that_asks([{"change_channels": calls}])
    conversation = _online(planned, stub, retriever)
    before = conversation.session.inputs
    result = conversation.respond(message)
    assert result.brain == "llm"
    assert result.intent == "scenario"
    (theirs,) = result.json_view.scenarios
    assert theirs.name == ours.name == name
    assert theirs.allocation == ours.allocation  # the route's scenario, to the dollar
    assert theirs.expected_total == ours.expected_total
    assert ours.allocation is not None
    current = result.json_view.current_plan
    assert current is not None
    base = {a.channel: float(a.recommended) for a in current.allocations}
    for channel, planned_spend in base.items():  # the named channels moved, the rest held
        expected = planned_spend + changes.get(channel, 0.0)
        assert ours.allocation[channel] == pytest.approx(expected, abs=1), channel
    moved = "; ".join(
        f"{channel} {display(Money(base[channel]))} -> {display(ours.allocation[channel])}"
        for channel in base
        if channel in changes
    )
    assert result.reply == (
        f"What-if {name} (the current plan is unchanged): {moved}, about "
        f"{float(ours.expected_total):,.0f} MQLs."
    )
    assert ungrounded_numbers([(message, result)]) == []
    assert conversation.session.inputs == before  # the data and the current plan stay
    offered = next(t for t in stub.requests[0]["tools"] if t["function"]["name"] == "run_scenarios")
    assert "change_channels" in str(offered["function"]["parameters"])


def test_a_channel_not_in_the_data_is_asked_about_not_guessed(
    planned: tuple[Path, str], stub: OpenAIStub, retriever: MethodologyRetriever
) -> None:
    stub.script = model_that_asks([{"change_channels": [{"channel": "Radio", "amount": -50000}]}])
    conversation = _online(planned, stub, retriever)
    before = conversation.session.inputs
    result = conversation.respond(RADIO)
    assert result.brain == "llm_fallback"
    assert len(stub.requests) == 1  # the run stopped at the refused call: no second guess
    assert result.notes[-1] == (
        "The language model's call needs your answer first (run_scenarios: 'Radio' is not one "
        "of the channels of your data (Paid search, Paid social, Events, Email, Traditional).), "
        "so the offline planner answered."
    )
    assert result.intent == "clarify"
    assert "'radio' is not one of the channels of your data" in result.reply
    assert result.pending is not None
    assert result.pending.labels() == ["Traditional −$50,000"]  # proposed, for the CMO to confirm
    assert result.json_view.scenarios == []  # nothing run on a guess
    assert conversation.session.inputs == before


def test_a_malformed_what_if_call_falls_back_to_the_planner_which_says_so(
    planned: tuple[Path, str], stub: OpenAIStub, retriever: MethodologyRetriever
) -> None:
    # Both an amount and a share for one change: the schema refuses it before it runs.
    bad = [{"change_channels": [{"channel": "Events", "amount": 100000, "share": 0.5}]}]
    stub.script = model_that_asks(bad)
    expected = _offline(planned).respond(EVENTS).json_view.scenarios
    conversation = _online(planned, stub, retriever)
    result = conversation.respond(EVENTS)
    assert result.brain == "llm_fallback"
    assert result.reply.startswith(
        "_The language model sent a bad tool call: invalid run_scenarios arguments "
        "(scenarios.0.change_channels.0: Value error, give the change as an amount or as a "
        "share, one of them), so the offline planner answered._"
    )
    assert result.intent == "scenario"
    assert result.json_view.scenarios == expected  # the planner ran the what-if itself


def test_a_cut_larger_than_the_plan_puts_there_is_a_question(
    planned: tuple[Path, str], retriever: MethodologyRetriever
) -> None:
    conversation = _offline(planned)
    context = ToolContext(inputs=conversation.session.inputs, retriever=retriever)
    plan = context.results.plan(context.inputs).plan.allocation
    too_much = plan["Email"] + 1_000
    record = call_tool(
        context,
        "run_scenarios",
        {"scenarios": [{"change_channels": [{"channel": "email", "amount": -too_much}]}]},
    )
    assert record.error_kind == "ask"
    assert record.error == (
        f"The current plan puts {display(Money(plan['Email']))} in Email, less than the "
        f"what-if takes out of it (Email −{display(Money(too_much))})."
    )
    assert context.what_if is None  # nothing shown to adopt
