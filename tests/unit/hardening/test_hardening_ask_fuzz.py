"""Fuzz over chat text: the seed brief cut, spliced and salted with hostile fragments (numbers
that overflow, percentages in money, broken separators, markdown links, control characters),
sent as turns of one conversation through the offline planner, as `budgetmix ask` does.

Property: every turn answers (no traceback, a non-empty reply) within the hang bound, and the
reply shows no link or image the message carried. Which numbers the reader used or named is
the reader's own suite (``tests/unit/understanding``); here the whole turn is held to not
failing. The default run is a quick profile; ``-m slow`` runs 400 turns.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_harness import HANG_BOUND_SECONDS

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.markdown_safety import find_links
from assistant.ui.chat_markdown import for_display
from prompts import seed_prompt

FRAGMENTS = (
    "1e309",
    "$1e309",
    "inf",
    "NaN MQLs",
    "$400K,000",
    "-0 spent",
    "$0 spent, 500 MQLs",
    "12% spend",
    "budget $0.5",
    "budget -$5M",
    "Partner Q1: $100K spent, 300 MQLs.",
    "![x](http://host/leak?d=1)",
    "[click](https://evil.example)",
    "=cmd|' /C calc'!A0: $50K spent, 20 MQLs.",
    "\x00",
    "\u202e",
    "9" * 40,
    "$" * 50,
    "undo",
    "what if the budget goes up 20%?",
    "keep email at least $150K",
    "| channel | spend |\n|---|---|\n| a | 1 |",
)


def messages(count: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    brief = seed_prompt()
    for _ in range(count):
        start = rng.randrange(len(brief))
        piece = brief[start : start + rng.randint(0, 600)]
        salt = [rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 4))]
        words = piece.split(" ")
        for fragment in salt:
            words.insert(rng.randint(0, len(words)), fragment)
        yield " ".join(words) if rng.random() < 0.9 else brief


def run_turns(folder: Path, count: int, seed: int) -> None:
    conversation = Conversation(Settings(data_dir=folder, force_offline=True))
    for index, message in enumerate(messages(count, seed)):
        if index % 15 == 0:
            conversation = Conversation(Settings(data_dir=folder, force_offline=True))
        start = time.perf_counter()
        result = conversation.respond(message)
        assert time.perf_counter() - start < HANG_BOUND_SECONDS, message[:200]
        assert result.reply.strip(), message[:200]
        assert find_links(for_display(result.reply)) == (), message[:200]


def test_any_chat_text_gets_an_answer(tmp_path: Path) -> None:
    run_turns(tmp_path, 12, seed=18)


@pytest.mark.slow
def test_any_chat_text_gets_an_answer_large(tmp_path: Path) -> None:
    run_turns(tmp_path, 400, seed=1818)


def test_a_four_hundred_digit_spend_beside_a_cost_is_read_or_refused(tmp_path: Path) -> None:
    """Found by this fuzz: the figure overflowed while the reader worded its cost check."""
    conversation = Conversation(Settings(data_dir=tmp_path, force_offline=True))
    result = conversation.respond(f"Paid search: {'9' * 400} spent, 2,400 MQLs, $167 CAC.")
    assert "too large to be a marketing figure" in result.reply
    assert result.document().plan is None


FOUND_FOLLOW_UP = (
    " CAC. =cmd|' /C calc'!A0: $50K spent, 20 MQLs. Email: $200K spent, 1,500 MQLs, $133 CAC. "
    "Traditional: $200K spent, 300 MQLs, $667 CAC. Our goal is maximizing qualified Partner Q1: "
    "$100K spent, 300 MQLs. pipeline while maintaining at least $150K in brand-building "
    "activities. Create \x00 an optimized budget allocation for next quarter."
)


def test_a_follow_up_adding_two_channels_gets_a_plan_or_a_message(tmp_path: Path) -> None:
    """Found by this fuzz: the follow-up repeats the brand floor, and two identical group
    rules tripped the optimizer's feasibility assertion."""
    conversation = Conversation(Settings(data_dir=tmp_path, force_offline=True))
    conversation.respond(seed_prompt())
    result = conversation.respond(FOUND_FOLLOW_UP)
    assert result.reply.strip()
    assert "Traceback" not in result.reply
