"""The LLM agent (the real ``openai`` client against the local stub server) on a capability
tool: an uploaded journeys file is attributed with ``attribute_journeys``, the turn reports
``intent: "attribute"`` and carries the typed attribution view."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.openai_stub import OpenAIStub, StubReply

from assistant.config import Settings
from assistant.conversation import Conversation
from knowledge import MethodologyRetriever

PATHS = "path,conversions,nulls\nFacebook > Search,300,2000\nFacebook,100,3000\nSearch,400,1500\n"


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    server = OpenAIStub().start()
    yield server
    server.stop()


def attributing_model(body: dict[str, Any]) -> StubReply:
    """Plays a model that attributes the uploaded file, then answers from the tool result."""
    messages = body["messages"]
    results = [m for m in messages if m["role"] == "tool"]
    if not results:
        prompt = next(m["content"] for m in messages if m["role"] == "user")
        uploaded = re.search(r"\[The user uploaded: ([^;\]]+?)\.\s", prompt)
        assert uploaded is not None, prompt
        return StubReply.call("attribute_journeys", {"path": uploaded.group(1)})
    view = json.loads(results[-1]["content"])
    return StubReply.text(
        f"{view['conversions']:,.0f} conversions; last touch under-credits "
        f"{', '.join(view['under_credited_by_last_touch'])}."
    )


def test_the_agent_attributes_an_uploaded_journeys_file(
    stub: OpenAIStub,
    offline_settings: Settings,
    retriever: MethodologyRetriever,
    tmp_path: Path,
) -> None:
    stub.script = attributing_model
    online = Settings.from_env(
        {
            "BUDGETMIX_DATA_DIR": str(offline_settings.data_dir),
            "OPENAI_BASE_URL": stub.base_url,
            "OPENAI_API_KEY": "sk-local",
            "BUDGETMIX_MODEL": "stub-model",
        }
    )
    journeys = tmp_path / "paths.csv"
    journeys.write_text(PATHS)
    conversation = Conversation(online, retriever=retriever)
    result = conversation.respond("who deserves the credit?", [journeys])
    assert result.brain == "llm"
    assert result.intent == "attribute"
    assert result.reply.startswith("800 conversions; last touch under-credits Facebook")
    document = result.to_json()
    assert document["attribution"]["conversions"] == 800
    offered = {tool["function"]["name"] for tool in stub.requests[0]["tools"]}
    assert {
        "attribute_journeys",
        "plan_weekly_calendar",
        "forecast_period",
        "calibrate_with_lift_tests",
        "design_next_experiment",
    } <= offered
    assert conversation.session.inputs.journeys is not None
