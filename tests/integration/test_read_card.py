"""The "What I read" card: what the plan uses, and edits from it through the typed inputs path
(one undo step each)."""

from __future__ import annotations

import asyncio

import pytest

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.ui.read_card import CardChannel, CardEdit, read_card

DATA = (
    "Paid search $400K spent, 2,400 MQLs. Email $200K spent, 1,500 MQLs. "
    "Events $300K spent, 400 MQLs. Budget $1M next quarter. Keep at least $150K in Events."
)


@pytest.fixture
def conversation(offline_settings: Settings) -> Conversation:
    conversation = Conversation(offline_settings)
    conversation.respond(DATA)
    return conversation


def test_the_card_shows_the_data_budget_objective_and_rules(conversation: Conversation) -> None:
    card = read_card(conversation.session.inputs)
    assert card is not None
    assert [(c.name, c.spend, c.outcome) for c in card.channels] == [
        ("Paid search", 400_000, 2_400),
        ("Email", 200_000, 1_500),
        ("Events", 300_000, 400),
    ]
    assert card.budget == 1_000_000
    assert card.objective == "volume"
    (rule,) = card.rules
    assert rule.rule == "Events at least $150,000"
    assert "Keep at least $150K in Events" in rule.words


def test_no_card_without_data(offline_settings: Settings) -> None:
    assert read_card(Conversation(offline_settings).session.inputs) is None


def test_an_edit_in_the_card_replans_and_undo_takes_it_back(conversation: Conversation) -> None:
    edit = CardEdit(
        budget=1_200_000,
        channels=[CardChannel(name="Email", spend=250_000, outcome=1_600)],
        remove_rules=[0],
    )
    result = asyncio.run(conversation.aedit(edit))
    assert result.intent == "allocate"
    assert "Updated from the card" in result.reply
    plan = result.to_json()["plan"]
    assert plan["total_budget"] == 1_200_000
    assert not any("Events at least" in c for c in plan["constraints"])
    email = next(c for c in conversation.session.inputs.snapshot.channels if c.name == "Email")
    assert (email.spend, email.outcome) == (250_000, 1_600)
    conversation.respond("undo")
    assert conversation.session.inputs.budget == 1_000_000
    assert len(conversation.session.inputs.constraints) == 1


def test_a_rule_written_in_the_card_is_read_like_a_message(conversation: Conversation) -> None:
    result = asyncio.run(
        conversation.aedit(CardEdit(new_rule="No more than $350K on Paid search."))
    )
    plan = result.to_json()["plan"]
    search = next(a for a in plan["allocations"] if a["channel"] == "Paid search")
    assert search["recommended"] <= 350_000 + 1


def test_a_bad_edit_keeps_the_data_and_says_why(conversation: Conversation) -> None:
    before = conversation.session.inputs
    result = asyncio.run(
        conversation.aedit(CardEdit(channels=[CardChannel(name="TV", spend=1, outcome=1)]))
    )
    assert result.intent == "error"
    assert "TV is not a channel of your data" in result.reply
    assert conversation.session.inputs == before
