"""Ask, don't guess: no plan while a sentence that looks like a rule or a figure is unread.

Hidden-style conversations through the planner, each one a failure the issue lists: the reply
quotes the sentence and proposes a reading, the JSON says ``clarify`` with the typed readings,
and confirming plans under the rule (checked on the final numbers).
"""

from __future__ import annotations

import pytest
from support.conversations import talk, ungrounded_numbers

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.session import Session

DATA = (
    "Last quarter: Paid search $400K spent, 2,400 MQLs. Email $200K spent, 1,500 MQLs. "
    "Expo booth $300K spent, 400 MQLs. Paid social $250K spent, 900 MQLs. "
    "Budget $1.2M next quarter."
)
EXPO = "Our expo booth is contracted, we promised the organisers 200K there."


@pytest.fixture
def conversation(offline_settings: Settings) -> Conversation:
    return Conversation(offline_settings)


def allocation(document: dict, channel: str) -> float:
    return next(a for a in document["plan"]["allocations"] if a["channel"] == channel)[
        "recommended"
    ]


def test_an_unread_commitment_withholds_the_plan_and_asks(conversation: Conversation) -> None:
    turns = talk(conversation, DATA, EXPO)
    result = turns[-1][1]
    document = result.to_json()
    assert result.intent == "clarify"
    assert document["plan"] is not None  # the current plan from the first turn, unchanged
    assert EXPO in result.reply
    assert "Expo booth at least $200,000?" in result.reply
    assert "| Expo booth |" not in result.reply  # no plan table while the rule is unread
    (pending,) = document["pending"]
    assert pending["kind"] == "rule"
    assert pending["asked"] is True
    first = pending["readings"][0]
    assert first["label"] == "Expo booth at least $200,000"
    assert first["reading"]["constraint"]["channel"] == "Expo booth"
    assert first["reading"]["constraint"]["minimum"]["value"] == 200_000
    assert not ungrounded_numbers(turns)
    assert conversation.session.pending is not None


def test_confirming_applies_the_reading_and_plans_under_it(conversation: Conversation) -> None:
    turns = talk(conversation, DATA, EXPO, "yes")
    result = turns[-1][1]
    document = result.to_json()
    assert result.intent == "allocate"
    assert document["pending"] == []
    assert allocation(document, "Expo booth") >= 200_000 - 1
    assert any("Expo booth" in c for c in document["plan"]["constraints"])
    assert conversation.session.pending is None
    assert not ungrounded_numbers(turns)


def test_a_new_message_does_not_plan_past_the_open_question(conversation: Conversation) -> None:
    result = talk(conversation, DATA, EXPO, "Allocate the budget.")[-1][1]
    assert result.intent == "clarify"
    assert result.to_json()["pending"]
    assert "Expo booth at least $200,000?" in result.reply


def test_writing_the_rule_out_settles_the_question(conversation: Conversation) -> None:
    result = talk(conversation, DATA, EXPO, "Keep at least $250K in Expo booth.")[-1][1]
    document = result.to_json()
    assert result.intent == "allocate"
    assert document["pending"] == []
    assert allocation(document, "Expo booth") >= 250_000 - 1


def test_skip_leaves_the_sentence_out_and_plans(conversation: Conversation) -> None:
    result = talk(conversation, DATA, EXPO, "skip")[-1][1]
    assert result.intent == "allocate"
    assert "Left out" in result.reply
    assert result.to_json()["pending"] == []


def test_undo_reopens_the_question(conversation: Conversation) -> None:
    talk(conversation, DATA, EXPO, "yes")
    result = conversation.respond("undo")
    assert conversation.session.pending is not None
    assert "Expo booth at least $200,000?" in result.reply
    assert result.to_json()["pending"]


def test_the_pending_question_survives_the_session_file(conversation: Conversation) -> None:
    talk(conversation, DATA, EXPO)
    restored = Session.from_json(conversation.session.to_json())
    assert restored.pending == conversation.session.pending
    assert restored.steps[-1].pending is None


def test_an_unsure_saturation_point_offers_both_readings(conversation: Conversation) -> None:
    turns = talk(conversation, DATA, "email's saturation point is about $300K")
    result = turns[-1][1]
    (pending,) = result.to_json()["pending"]
    assert pending["kind"] == "curve"
    labels = [r["label"] for r in pending["readings"]]
    assert labels == [
        "Email: returns flatten past $300,000 per period",
        "Email reaches half its ceiling at about $300,000 per period",
    ]
    assert "1. Email: returns flatten past $300,000 per period" in result.reply
    chosen = conversation.respond("1")
    assert chosen.intent == "allocate"
    assert chosen.to_json()["pending"] == []


def test_a_button_answer_is_the_same_as_typing_it(conversation: Conversation) -> None:
    import asyncio

    talk(conversation, DATA, EXPO)
    result = asyncio.run(conversation.aanswer(0))
    assert result.intent == "allocate"
    assert allocation(result.to_json(), "Expo booth") >= 200_000 - 1


def test_a_calendar_is_not_shown_past_an_unread_rule(conversation: Conversation) -> None:
    """The forecast and calendar route is a plan too: it waits for the unread sentence, and
    confirming it runs the route the message asked for."""
    result = talk(conversation, DATA, "Lay out Q1 2027 week by week. " + EXPO)[-1][1]
    assert result.intent == "clarify"
    assert "Expo booth at least $200,000?" in result.reply
    assert result.pending is not None
    assert result.pending.route == "forecast"
    assert not any(call.name == "plan_weekly_calendar" for call in result.tool_calls)
    confirmed = talk(conversation, "yes")[-1][1]
    # The forecast route ran: a quarter of totals has no weeks, so it asks for a history.
    assert "planned from a weekly history" in confirmed.reply
    assert confirmed.pending is None
    assert any(c.phrase == EXPO for c in conversation.session.inputs.constraints)
