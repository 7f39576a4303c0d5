"""Saved plans through the router (issue 12): "show me the plan we saved last week", "compare
the Q1 draft with the current one", "make this our official plan" reach the plans route, which
adopts, says how to track, or says what the chat and the CLI can do with saved plans."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.routes.plans import next_monday
from tools.state import PlanInputs, ToolError
from tools.views.tracking import (
    AdoptedPlanView,
    DeletedPlanView,
    PlanComparisonView,
    TrackingView,
)

PLAN_REQUEST = (
    "Last quarter: Paid search: $400K spent, 2,400 MQLs. Events: $400K spent, 600 MQLs. "
    "Email: $100K spent, 900 MQLs. Plan $1M for next quarter."
)


class RecordingBook:
    """A plan book that records what it is asked to adopt and refuses to store it."""

    def __init__(self) -> None:
        self.adopted: list[tuple[str, date]] = []

    def adopt(self, inputs: PlanInputs, name: str, start: date) -> AdoptedPlanView:
        del inputs
        self.adopted.append((name, start))
        raise ToolError("the test's book stores nothing")

    def track(self, actuals: Path, plan: str | None, threshold: float) -> TrackingView:
        raise AssertionError("no actuals were given")

    def saved(self) -> list[AdoptedPlanView]:
        return []

    def compare(self, first: str, second: str) -> PlanComparisonView:
        raise AssertionError("there are no saved plans to compare")

    def delete(self, plan: str) -> DeletedPlanView:
        raise AssertionError("there are no saved plans to delete")


@pytest.fixture
def planned(offline_settings: Settings) -> tuple[Conversation, RecordingBook]:
    conversation = Conversation(offline_settings)
    book = RecordingBook()
    conversation.plan_book = book
    assert conversation.respond(PLAN_REQUEST).intent == "allocate"
    return conversation, book


@pytest.mark.parametrize(
    "message",
    [
        "Show me the plan we saved last week.",
        "What saved plans do we have?",
    ],
)
def test_list_and_open_get_what_the_chat_can_do(
    planned: tuple[Conversation, RecordingBook], message: str
) -> None:
    conversation, book = planned
    result = conversation.respond(message)
    assert result.intent == "clarify"
    assert "`budgetmix plans list`" in result.reply
    assert book.adopted == []
    assert result.pending is None  # answered, not offered as a choice


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("Compare the Q1 draft with the current one.", "Which two saved plans should I compare?"),
        ("Delete the saved holiday plan.", "There is no plan to delete"),
    ],
)
def test_compare_and_delete_with_no_saved_plans_say_there_are_none(
    planned: tuple[Conversation, RecordingBook], message: str, said: str
) -> None:
    conversation, book = planned
    result = conversation.respond(message)
    assert result.intent == "clarify"
    assert said in result.reply
    assert "you have no saved plans yet" in result.reply
    assert book.adopted == []
    assert result.pending is None


def test_keeping_this_plan_without_a_name_adopts_it_from_next_monday(
    planned: tuple[Conversation, RecordingBook],
) -> None:
    conversation, book = planned
    result = conversation.respond("Make this our official plan.")
    start = next_monday(date.today())
    assert book.adopted == [(f"Plan from {start.isoformat()}", start)]
    assert "stores nothing" in result.reply


def test_asking_how_we_track_says_what_to_upload(
    planned: tuple[Conversation, RecordingBook],
) -> None:
    conversation, _ = planned
    result = conversation.respond("Are we pacing to the plan we adopted?")
    assert result.intent == "track"
    assert "weekly actuals" in result.reply


def test_without_an_account_saved_plans_point_to_signing_in(offline_settings: Settings) -> None:
    conversation = Conversation(offline_settings)
    conversation.respond(PLAN_REQUEST)
    result = conversation.respond("Show me the plan we saved last week.")
    assert "sign in" in result.reply
