"""An undo back to a turn that offered a choice between routes asks that choice again (it
ended in an assertion: the reopened question was treated as an unread reading), and a number
still picks one of its options afterwards."""

from __future__ import annotations

from pathlib import Path

from assistant.config import Settings
from assistant.conversation import Conversation

DATA = (
    "Paid search: $400K spent, 2,400 MQLs. Events: $300K, 600 MQLs. "
    "Email: $200K, 1,500 MQLs. Plan $1M next quarter."
)


def test_an_undo_back_to_a_choice_offers_it_again(tmp_path: Path) -> None:
    settings = Settings.from_env({"BUDGETMIX_DATA_DIR": str(tmp_path), "BUDGETMIX_OFFLINE": "1"})
    conversation = Conversation(settings)
    conversation.respond(DATA)
    asked = conversation.respond("And events?")
    pending = conversation.session.pending
    assert asked.intent == "clarify", asked.reply
    assert pending is not None
    assert pending.choices
    labels = [choice.label for choice in pending.choices]
    picked = len(labels)  # the last option
    assert conversation.respond(str(picked)).intent != "clarify"

    undone = conversation.respond("undo")

    assert undone.intent == "clarify"
    assert 'Open again from "And events?"' in undone.reply
    for number, label in enumerate(labels, start=1):
        assert f"{number}. {label}" in undone.reply
    assert conversation.session.pending == pending
    assert conversation.respond(str(picked)).intent != "clarify"
