"""Below the router's margin, in the browser: an unclear message ("And events?" after a plan)
is answered with the two or three likeliest readings as buttons, no plan and no guess; a click
on one runs that route, and its answer is the one the engine gives in this process for the
same conversation and the same pick.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from e2e.chat_page import OpenChat, answers, open_step, send, wait_for_answers
from playwright.sync_api import expect

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.turn import TurnResult
from prompts import seed_prompt

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 120_000  # CPU is shared with other suites
UNCLEAR = "And events?"
PICK = "Explain the plan"


def _engine(tmp_path: Path) -> tuple[TurnResult, TurnResult]:
    """The offer and the answer to the pick, from the same planner in this process."""

    def run() -> tuple[TurnResult, TurnResult]:
        conversation = Conversation(Settings(data_dir=tmp_path, force_offline=True))
        conversation.respond(seed_prompt())
        offered = conversation.respond(UNCLEAR)
        assert offered.pending is not None
        labels = [choice.label for choice in offered.pending.choices]
        return offered, asyncio.run(conversation.aanswer(labels.index(PICK)))

    with ThreadPoolExecutor(max_workers=1) as worker:  # the planner runs its own event loop
        return worker.submit(run).result()


def test_an_unclear_message_offers_buttons_and_a_click_runs_that_route(
    open_chat: OpenChat, tmp_path: Path
) -> None:
    offered, picked = _engine(tmp_path)
    assert offered.intent == "clarify"
    assert offered.pending is not None
    labels = [choice.label for choice in offered.pending.choices]
    assert 2 <= len(labels) <= 3
    assert PICK in labels
    assert picked.intent == "explain"
    explained = picked.reply.splitlines()[1].split(":")[0].replace("**", "")  # "Events −50% (…)"

    page = open_chat(height=2400)
    send(page, seed_prompt())
    wait_for_answers(page, 1, TIMEOUT_MS)
    open_step(page, "Used the engine:", TIMEOUT_MS)
    expect(page.get_by_text("Used optimize_allocation").first).to_be_visible()  # a plan first

    send(page, UNCLEAR)
    wait_for_answers(page, 2, TIMEOUT_MS)
    asked = answers(page).last
    expect(asked).to_contain_text("Did you mean")
    expect(asked).not_to_contain_text("Recommended")  # no plan, no guess
    for label in labels:
        expect(page.get_by_role("button", name=label)).to_be_visible()

    page.get_by_role("button", name=PICK).click()
    wait_for_answers(page, 3, TIMEOUT_MS)
    answer = answers(page).last
    expect(answer).to_contain_text(explained)
    expect(page.get_by_role("button", name=PICK)).to_have_count(0)  # the offer is settled
