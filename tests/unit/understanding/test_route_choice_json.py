"""The route choice below the router's margin, as ``ask --json`` shows it: ``intent`` is
``clarify``, no plan, and ``choices`` lists the two or three likeliest readings (numbered, with
their route and the router's score); answering with a number runs that route."""

from __future__ import annotations

from assistant.config import Settings
from assistant.conversation import Conversation
from prompts import seed_prompt

UNCLEAR = "And events?"


def test_an_unclear_message_lists_its_likeliest_readings_and_a_number_runs_one(
    offline_settings: Settings,
) -> None:
    conversation = Conversation(offline_settings)
    conversation.respond(seed_prompt())
    document = conversation.respond(UNCLEAR).to_json()
    assert document["intent"] == "clarify"
    assert "optimize_allocation" not in {c["name"] for c in document["tool_calls"]}  # no guess
    choices = document["choices"]
    assert 2 <= len(choices) <= 3
    assert [c["choice"] for c in choices] == list(range(1, len(choices) + 1))
    assert len({c["route"] for c in choices}) == len(choices)  # one button per route
    scores = [c["score"] for c in choices]
    assert scores == sorted(scores, reverse=True)
    explain = next(c for c in choices if c["route"] == "explain")
    answered = conversation.respond(str(explain["choice"])).to_json()
    assert answered["intent"] == "explain"
    assert answered["choices"] == []
    assert "Events" in answered["reply"]
