"""The real ``openai`` client (through ChatOpenAI) against a local OpenAI-compatible server:
tool calls, provider errors and malformed arguments, and the fallback to the planner."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from support.openai_stub import OpenAIStub, StubReply

from assistant.config import Settings
from assistant.conversation import Conversation
from knowledge import MethodologyRetriever
from prompts import seed_prompt


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    server = OpenAIStub().start()
    yield server
    server.stop()


def conversation_with(
    stub: OpenAIStub, settings: Settings, retriever: MethodologyRetriever, timeout: float = 10
) -> Conversation:
    online = Settings.from_env(
        {
            "BUDGETMIX_DATA_DIR": str(settings.data_dir),
            "OPENAI_BASE_URL": stub.base_url,
            "OPENAI_API_KEY": "sk-local",
            "BUDGETMIX_MODEL": "stub-model",
            "BUDGETMIX_LLM_TIMEOUT": str(timeout),
        }
    )
    return Conversation(online, retriever=retriever)


def tool_result(body: dict[str, Any], name: str) -> dict[str, Any]:
    calls = {
        call["id"]: call["function"]["name"]
        for message in body["messages"]
        for call in message.get("tool_calls") or []
    }
    for message in reversed(body["messages"]):
        if message["role"] == "tool" and calls.get(message["tool_call_id"]) == name:
            result: dict[str, Any] = json.loads(message["content"])
            return result
    raise AssertionError(f"no {name} result sent to the model")


def planning_script(body: dict[str, Any]) -> StubReply:
    """Plays a well-behaved model: parse, fit, optimize, then answer from the tool result."""
    done = {
        call["function"]["name"]
        for message in body["messages"]
        for call in message.get("tool_calls") or []
    }
    for name, args in (
        ("parse_marketing_data", {"text": seed_prompt()}),
        ("fit_response_curves", {}),
        ("optimize_allocation", {}),
    ):
        if name not in done:
            return StubReply.call(name, args)
    plan = tool_result(body, "optimize_allocation")
    return StubReply.text(
        f"Expected {plan['expected_total']:,.0f} MQLs from "
        f"${plan['total_spend']:,.0f} over {plan['horizon_weeks']} weeks."
    )


def test_real_client_runs_the_tool_loop(
    stub: OpenAIStub, offline_settings: Settings, retriever: MethodologyRetriever
) -> None:
    stub.script = planning_script
    result = conversation_with(stub, offline_settings, retriever).respond(seed_prompt())
    assert result.brain == "llm"
    assert result.reply.startswith("Expected ")
    assert result.to_json()["plan"]["total_budget"] == 2_000_000
    first = stub.requests[0]
    assert first["model"] == "stub-model"
    assert first["messages"][0]["role"] == "system"
    assert "Every number you write comes from a tool result" in first["messages"][0]["content"]
    offered = {tool["function"]["name"] for tool in first["tools"]}
    assert {"parse_marketing_data", "optimize_allocation", "search_methodology"} <= offered
    schema = next(t for t in first["tools"] if t["function"]["name"] == "optimize_allocation")
    assert "total_budget" in schema["function"]["parameters"]["properties"]


@pytest.mark.parametrize(
    ("reply", "note"),
    [
        (StubReply.error(429), "rate-limited (429)"),
        (StubReply.error(500), "returned an error (500)"),
        (StubReply.error(503), "returned an error (503)"),
        (
            StubReply(tool_calls=(("optimize_allocation", '{"total_budget": 2000000,'),)),
            "bad tool call",
        ),
        (StubReply.call("optimize_allocation", {"total_budget": "lots"}), "bad tool call"),
    ],
)
def test_provider_failures_fall_back_to_the_planner(
    stub: OpenAIStub,
    offline_settings: Settings,
    retriever: MethodologyRetriever,
    reply: StubReply,
    note: str,
) -> None:
    stub.script = [reply]
    result = conversation_with(stub, offline_settings, retriever).respond(seed_prompt())
    assert result.brain == "llm_fallback"
    assert note in result.notes[0]
    assert result.intent == "allocate"
    assert result.to_json()["plan"]["total_budget"] == 2_000_000
    assert len(stub.requests) == 1  # no retries: the user gets an answer fast


def test_timeout_falls_back_to_the_planner(
    stub: OpenAIStub, offline_settings: Settings, retriever: MethodologyRetriever
) -> None:
    stub.script = [StubReply.slow(3.0)]
    conversation = conversation_with(stub, offline_settings, retriever, timeout=0.5)
    result = conversation.respond("What is adstock?")
    assert result.brain == "llm_fallback"
    assert "timed out" in result.notes[0]
    assert result.intent == "methodology"


def test_unreachable_server_falls_back(
    offline_settings: Settings, retriever: MethodologyRetriever
) -> None:
    dead = OpenAIStub().start()
    dead.stop()
    result = conversation_with(dead, offline_settings, retriever).respond("What is adstock?")
    assert result.brain == "llm_fallback"
    assert "could not be reached" in result.notes[0]
