"""A real conversation on the seed prompt, answered by the offline planner through the tools.

Module-scoped: each test module gets its own conversation, and tests that ask follow-ups work
on their own copy of the workspace so they do not depend on order.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.turn import TurnResult
from prompts import seed_prompt

REPO = Path(__file__).resolve().parents[3]
WEEKLY_HISTORY = REPO / "data" / "robyn_dt_simulated_weekly.csv"


def offline_conversation(tmp_path: Path) -> Conversation:
    # No retriever: the answers carry no citations, the numbers are the same.
    return Conversation(Settings(data_dir=tmp_path, force_offline=True))


@pytest.fixture
def fresh_conversation(tmp_path: Path) -> Conversation:
    return offline_conversation(tmp_path)


@pytest.fixture(scope="session")
def weekly_history() -> Path:
    return WEEKLY_HISTORY


@pytest.fixture(scope="module")
def seed_turn(tmp_path_factory: pytest.TempPathFactory) -> tuple[Conversation, TurnResult]:
    conversation = offline_conversation(tmp_path_factory.mktemp("seed"))
    result = conversation.respond(seed_prompt())
    assert result.intent == "allocate", result.reply
    return conversation, result


@pytest.fixture
def planned(seed_turn: tuple[Conversation, TurnResult]) -> Conversation:
    """A conversation that has planned the seed prompt, safe to continue in one test."""
    conversation, _ = seed_turn
    return copy.deepcopy(conversation)


@pytest.fixture(scope="module")
def planned_history(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[TurnResult, TurnResult]:
    """A weekly history (revenue: a money outcome) fitted, then planned: both turns."""
    conversation = offline_conversation(tmp_path_factory.mktemp("history"))
    fit = conversation.respond("Here is my weekly history.", [WEEKLY_HISTORY])
    assert fit.intent == "fit", fit.reply
    result = conversation.respond("allocate $600K over the next 13 weeks")
    assert result.intent == "allocate", result.reply
    return fit, result
