"""Comparing and deleting saved plans from the conversation (the offline planner's plans route
and the ``compare_plans`` / ``delete_plan`` tools), stored for the user on SQLite and
PostgreSQL: a comparison's figures are the saved plans' own, and a delete is asked first (as
buttons, and as choices in ``ask --json``) and done only on "yes" or the button."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from support.conversations import talk, ungrounded_numbers

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.storage import Storage, open_storage
from assistant.tracking.book import StoredPlanBook
from knowledge import MethodologyRetriever
from tools.views.tracking import PlanComparisonView

DATA = (
    "Last quarter: Paid search: $400K spent, 2,400 MQLs. Events: $400K spent, 600 MQLs. "
    "Email: $100K spent, 900 MQLs. "
)


@pytest.fixture
def chat(
    offline_settings: Settings, retriever: MethodologyRetriever, database_url: str
) -> Iterator[tuple[Conversation, Storage]]:
    storage = open_storage(database_url)
    conversation = Conversation(offline_settings, retriever=retriever)
    conversation.plan_book = StoredPlanBook(storage, "alice")
    conversation.respond(DATA + "Plan $1M for next quarter, keep at least $150K in events.")
    assert conversation.respond("Use this plan for Q3 starting 4 January 2027").intent == (
        "adopt_plan"
    )
    conversation.respond("Plan $800K for next quarter.")
    adopted = conversation.respond("Use this plan for Conservative starting 4 January 2027")
    assert adopted.intent == "adopt_plan"
    yield conversation, storage
    storage.close()


def _names(storage: Storage) -> list[str]:
    mine = storage.owned_by(storage.users.ensure("alice"))
    return [p.name for p in mine.plans.latest_versions()]


def test_compare_the_q3_plan_with_the_conservative_one(chat: Any) -> None:
    conversation, storage = chat
    turns = talk(conversation, "Compare the Q3 plan with the conservative one")
    assert ungrounded_numbers(turns) == []  # every figure is the tool's
    result = turns[-1][1]
    assert result.intent == "compare_plans"
    view = next(c.view for c in result.tool_calls if isinstance(c.view, PlanComparisonView))
    assert (view.first_name, view.second_name) == ("Q3", "Conservative")
    mine = storage.owned_by(storage.users.ensure("alice"))
    stored = {name: mine.plans.get(name) for name in ("Q3", "Conservative")}
    assert float(view.total.first_spend) == pytest.approx(1_000_000)
    assert float(view.total.spend_change) == pytest.approx(-200_000)
    assert float(view.total.outcome_change) == pytest.approx(
        float(view.total.second_outcome) - float(view.total.first_outcome), abs=1
    )
    assert {line.channel for line in view.channels} == {"Paid search", "Events", "Email"}
    assert all(record is not None for record in stored.values())
    assert "**Conservative** (version 1) against **Q3** (version 1)" in result.reply
    assert "| Channel | Q3 spend | Conservative spend | Change |" in result.reply
    assert "Cost per MQL (Q3 → Conservative)" in result.reply
    assert _names(storage) == ["Q3", "Conservative"]  # comparing changes nothing


def test_compare_with_one_plan_named_asks_which_two(chat: Any) -> None:
    conversation, _ = chat
    result = conversation.respond("Compare the Q3 plan with the current one.")
    assert result.intent == "clarify"
    assert "Which two saved plans should I compare?" in result.reply
    assert "**Q3** and **Conservative**" in result.reply


def test_delete_the_old_plan_asks_then_no_keeps_it_and_yes_deletes_it(chat: Any) -> None:
    conversation, storage = chat
    asked = conversation.respond("Delete the old plan")
    assert asked.intent == "clarify"
    assert "Delete the saved plan **Q3** (version 1" in asked.reply
    assert asked.pending is not None
    assert asked.pending.labels() == ["Delete Q3", "Keep Q3"]
    assert _names(storage) == ["Q3", "Conservative"]  # nothing deleted yet

    kept = conversation.respond("no")
    assert kept.intent == "clarify"
    assert "Kept **Q3**" in kept.reply
    assert kept.pending is None
    assert _names(storage) == ["Q3", "Conservative"]

    conversation.respond("Delete the old plan")
    deleted = conversation.respond("yes")
    assert deleted.intent == "delete_plan"
    assert deleted.pending is None
    assert "Deleted **Q3** (version 1)" in deleted.reply
    assert "Saved plans left: **Conservative**" in deleted.reply
    assert _names(storage) == ["Conservative"]


def test_the_delete_button_deletes_and_the_keep_button_keeps(chat: Any) -> None:
    conversation, storage = chat
    conversation.respond("please get rid of the conservative plan")
    kept = asyncio.run(conversation.aanswer(1))  # "Keep Conservative"
    assert "Kept **Conservative**" in kept.reply
    assert _names(storage) == ["Q3", "Conservative"]

    conversation.respond("please get rid of the conservative plan")
    deleted = asyncio.run(conversation.aanswer(0))  # "Delete Conservative"
    assert deleted.intent == "delete_plan"
    assert _names(storage) == ["Q3"]


def test_a_plan_that_is_not_there_is_named_and_nothing_is_deleted(chat: Any) -> None:
    conversation, storage = chat
    result = conversation.respond("Delete the holiday plan")
    assert result.intent == "clarify"
    assert result.pending is None
    assert "Which saved plan should I delete? Your saved plans are **Q3** and" in result.reply
    assert _names(storage) == ["Q3", "Conservative"]
    # Removing a channel is still a data edit, not a plan's deletion.
    assert conversation.respond("remove email").intent == "allocate"
