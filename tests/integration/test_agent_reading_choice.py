"""The LLM path never picks silently: when the model's records (every number found in the
user's words) and the planner's reading of the same message disagree, the CMO gets three
buttons (the model's reading, the planner's, edit) and nothing is planned until one is picked.
The real ``openai`` client talks to the local stub: one stub transcribes correctly (no
question, the plan follows), one changes a number to another the message has.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from support.openai_stub import OpenAIStub
from test_agent_openai_stub import conversation_with
from test_agent_records import MESSAGE, model_that_records, records

from assistant.agent import EDIT_READING, MODEL_READING, OUR_READING
from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.session import Session
from knowledge import MethodologyRetriever


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    server = OpenAIStub().start()
    yield server
    server.stop()


def _email(conversation: Conversation) -> tuple[float, float | None]:
    snapshot = conversation.session.inputs.snapshot
    assert snapshot is not None
    email = next(c for c in snapshot.channels if c.name.casefold() == "email")
    return email.spend, email.outcome


def _asked(stub: OpenAIStub, settings: Settings, retriever: MethodologyRetriever) -> Conversation:
    """The stub reads email's 1,500 MQLs as 2,400 (search's number: in the message, so the
    records pass the check, and wrong)."""
    stub.script = model_that_records(records(2_400, 2_400))
    conversation = conversation_with(stub, settings, retriever)
    result = conversation.respond(MESSAGE)
    assert result.intent == "clarify"
    assert "email: I read $200,000 spent, 1,500 MQLs; the language model read" in result.reply
    assert result.pending is not None
    assert [c.label for c in result.pending.choices] == [MODEL_READING, OUR_READING, EDIT_READING]
    assert conversation.session.inputs.snapshot is None  # nothing kept, nothing planned
    assert [c["label"] for c in result.to_json()["choices"]] == [
        MODEL_READING,
        OUR_READING,
        EDIT_READING,
    ]
    restored = Session.model_validate_json(conversation.session.model_dump_json())
    assert restored.pending == conversation.session.pending  # saved with the session
    return conversation


def test_a_faithful_transcription_asks_nothing(
    stub: OpenAIStub, offline_settings: Settings, retriever: MethodologyRetriever
) -> None:
    stub.script = model_that_records(records(2_400, 1_500))
    conversation = conversation_with(stub, offline_settings, retriever)
    result = conversation.respond(MESSAGE)
    assert result.pending is None
    assert result.to_json()["choices"] == []
    assert _email(conversation) == (200_000, 1_500)


def test_picking_the_models_reading_plans_on_its_figures(
    stub: OpenAIStub, offline_settings: Settings, retriever: MethodologyRetriever
) -> None:
    conversation = _asked(stub, offline_settings, retriever)
    result = asyncio.run(conversation.aanswer(0))
    assert result.intent == "allocate"
    assert result.pending is None
    assert _email(conversation) == (200_000, 2_400)
    assert result.json_view.plan is not None


def test_picking_our_reading_plans_on_the_planners_figures(
    stub: OpenAIStub, offline_settings: Settings, retriever: MethodologyRetriever
) -> None:
    conversation = _asked(stub, offline_settings, retriever)
    result = asyncio.run(conversation.aanswer(1))
    assert result.intent == "allocate"
    assert _email(conversation) == (200_000, 1_500)
    plan = result.json_view.plan
    assert plan is not None
    assert float(plan.total_spend) == pytest.approx(1_200_000, abs=1)


def test_edit_asks_for_the_figures_and_plans_nothing(
    stub: OpenAIStub, offline_settings: Settings, retriever: MethodologyRetriever
) -> None:
    conversation = _asked(stub, offline_settings, retriever)
    result = asyncio.run(conversation.aanswer(2))
    assert result.intent == "clarify"
    assert result.pending is None
    assert conversation.session.inputs.snapshot is None
    assert "spend" in result.reply
