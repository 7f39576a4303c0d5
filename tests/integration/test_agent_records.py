"""The LLM reads too: channel records handed over through ``record_channel_data``, checked
against the user's own words, with the real ``openai`` client against the local stub server.

One stub transcribes the message correctly (the records become the data and the plan follows),
one changes a number (refused: the planner reads the message and answers), and one attaches
the user's numbers to the wrong channels (every number is in the message, but the reading
disagrees with the deterministic one: the CMO is asked, nothing is planned).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from support.openai_stub import OpenAIStub, StubReply
from test_agent_openai_stub import conversation_with, tool_result

from assistant.config import Settings
from knowledge import MethodologyRetriever

MESSAGE = (
    "We put 0.4M into search last quarter (2.4k MQLs), email got $200K for 1,500 MQLs and "
    "events a quarter of a million for 400 MQLs. Next quarter's budget is $1.2M."
)


def records(search_mqls: float, email_mqls: float) -> dict[str, Any]:
    return {
        "channels": [
            {"name": "search", "channel_type": "search", "spend": 400_000, "outcome": search_mqls},
            {"name": "email", "channel_type": "email", "spend": 200_000, "outcome": email_mqls},
            {"name": "events", "channel_type": "events", "spend": 250_000, "outcome": 400},
        ],
        "budget": 1_200_000,
    }


def model_that_records(payload: dict[str, Any]) -> Callable[[dict[str, Any]], StubReply]:
    """A model that records ``payload``, then optimizes and answers from the tool result."""

    def script(body: dict[str, Any]) -> StubReply:
        done = [
            call["function"]["name"]
            for message in body["messages"]
            for call in message.get("tool_calls") or []
        ]
        if "record_channel_data" not in done:
            return StubReply.call("record_channel_data", payload)
        if any(m["role"] == "tool" and "Refused" in m["content"] for m in body["messages"]):
            return StubReply.text("I could not record your figures.")
        if "optimize_allocation" not in done:
            return StubReply.call("optimize_allocation", {})
        plan = tool_result(body, "optimize_allocation")
        return StubReply.text(f"Planned ${plan['total_spend']:,.0f} across your channels.")

    return script


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    server = OpenAIStub().start()
    yield server
    server.stop()


def test_a_faithful_transcription_becomes_the_data(
    stub: OpenAIStub, offline_settings: Settings, retriever: MethodologyRetriever
) -> None:
    stub.script = model_that_records(records(2_400, 1_500))
    conversation = conversation_with(stub, offline_settings, retriever)
    result = conversation.respond(MESSAGE)
    assert result.brain == "llm"
    assert result.reply == "Planned $1,200,000 across your channels."
    snapshot = conversation.session.inputs.snapshot
    assert snapshot is not None
    assert [(c.name, c.spend, c.outcome) for c in snapshot.channels] == [
        ("search", 400_000, 2_400),
        ("email", 200_000, 1_500),
        ("events", 250_000, 400),
    ]
    offered = {tool["function"]["name"] for tool in stub.requests[0]["tools"]}
    assert "record_channel_data" in offered


def test_a_changed_number_is_refused_and_the_planner_reads_instead(
    stub: OpenAIStub, offline_settings: Settings, retriever: MethodologyRetriever
) -> None:
    stub.script = model_that_records(records(2_400, 1_600))  # 1,600 is nowhere in the message
    conversation = conversation_with(stub, offline_settings, retriever)
    result = conversation.respond(MESSAGE)
    assert result.brain == "llm_fallback"
    assert "not in your messages" in result.notes[0]
    refusal = next(
        m["content"]
        for m in stub.requests[-1]["messages"]
        if m["role"] == "tool" and "Refused" in m["content"]
    )
    assert "email MQLs (1,600)" in refusal
    snapshot = conversation.session.inputs.snapshot
    assert snapshot is not None
    email = next(c for c in snapshot.channels if c.name.casefold() == "email")
    assert email.outcome == 1_500  # the user's number, read by the planner


def test_a_reading_that_disagrees_with_ours_is_asked_about(
    stub: OpenAIStub, offline_settings: Settings, retriever: MethodologyRetriever
) -> None:
    stub.script = model_that_records(records(1_500, 2_400))  # both numbers real, swapped
    conversation = conversation_with(stub, offline_settings, retriever)
    result = conversation.respond(MESSAGE)
    assert result.intent == "clarify"
    assert "read your figures differently" in result.reply
    assert "email: I read $200,000 spent, 1,500 MQLs; the language model read" in result.reply
    assert conversation.session.inputs.snapshot is None  # nothing kept, nothing planned
