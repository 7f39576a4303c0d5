"""Channel what-ifs in the browser (issue 12): a CMO pastes channel data, gets a plan, asks
"what if we move $50K from events to search" and reads, from what to what, the channels the
what-if moves; the plan and the data stay as they were ("plan it" shows the same plan, the
"What I read" card the same figures). A what-if on a channel the data does not name ("radio",
where the data has "Traditional") proposes the reading as buttons, and confirming runs it.
Every expected figure comes from the same engine run in this process.
"""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from e2e.chat_page import OpenChat, answers, send, table_row, wait_for_answers
from playwright.sync_api import expect

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.turn import TurnResult
from tools.views import display

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 120_000  # CPU is shared with other suites: the answers get generous time
DATA = (
    "Last quarter:\nPaid search: $400K, 2,400 MQLs\nPaid social: $500K, 1,800 MQLs\n"
    "Events: $400K, 600 MQLs\nEmail: $200K, 1,500 MQLs\nTraditional: $200K, 300 MQLs\n"
    "Next quarter's budget is $1.7M."
)
SPEND = {
    "Paid search": 400_000,
    "Paid social": 500_000,
    "Events": 400_000,
    "Email": 200_000,
    "Traditional": 200_000,
}
MOVE = "what if we move $50K from events to search"
AGAIN = "plan it"
RADIO = "what if we cut radio by $50K"
READING = "Traditional −$50,000"


def _engine(tmp_path: Path) -> list[TurnResult]:
    """The same conversation through the planner in this process, ending with the confirmed
    reading of the radio what-if."""

    def run() -> list[TurnResult]:
        conversation = Conversation(Settings(data_dir=tmp_path, force_offline=True))
        turns = [conversation.respond(message) for message in (DATA, MOVE, AGAIN, RADIO)]
        return [*turns, asyncio.run(conversation.aanswer(0))]

    with ThreadPoolExecutor(max_workers=1) as worker:  # the planner runs its own event loop
        return worker.submit(run).result()


def _moves(result: TurnResult) -> str:
    """The reply's sentence saying what the what-if moves, from what to what."""
    said = re.search(r"Scenario A \(.*? in all\.", result.reply)
    assert said is not None, result.reply
    return said.group(0)


def test_a_channel_what_if_moves_channels_and_keeps_the_plan_and_data(
    open_chat: OpenChat, tmp_path: Path
) -> None:
    planned, moved, again, asked, confirmed = _engine(tmp_path)
    plan = planned.json_view.plan
    assert plan is not None
    assert again.json_view.plan == plan  # the what-if left the plan as it was
    assert moved.intent == "scenario"
    moves = _moves(moved)
    assert "Paid search from" in moves
    assert "Events from" in moves
    assert asked.intent == "clarify"
    assert asked.pending is not None
    assert asked.pending.labels() == [READING]
    assert confirmed.intent == "scenario"
    page = open_chat(height=2400)

    send(page, DATA)
    wait_for_answers(page, 1, TIMEOUT_MS)
    for allocation in plan.allocations:
        row = table_row(page, allocation.channel)
        expect(row).to_contain_text(display(allocation.recommended, plan.units))

    send(page, MOVE)
    wait_for_answers(page, 2, TIMEOUT_MS)
    expect(answers(page).last).to_contain_text(moves)
    expect(answers(page).last).to_contain_text("the current plan is unchanged")

    card = page.locator("#what-i-read").last
    expect(card).to_be_visible(timeout=TIMEOUT_MS)
    for channel, spend in SPEND.items():  # the data as pasted, not as the what-if moved it
        expect(card.get_by_label(f"{channel} spend")).to_have_value(str(spend))
    expect(card.get_by_label("budget")).to_have_value("1700000")

    send(page, AGAIN)
    wait_for_answers(page, 3, TIMEOUT_MS)
    shown = answers(page).last
    for allocation in plan.allocations:
        row = shown.get_by_role("row").filter(
            has=page.get_by_role("cell", name=allocation.channel, exact=True)
        )
        expect(row.first).to_contain_text(display(allocation.recommended, plan.units))

    send(page, RADIO)
    wait_for_answers(page, 4, TIMEOUT_MS)
    question = answers(page).last
    expect(question).to_contain_text("'radio' is not one of the channels of your data")
    expect(question).to_contain_text(f"{READING}?")
    expect(question).not_to_contain_text("Scenario A")  # asked, not run on a guess
    confirm = page.get_by_role("button", name=READING)
    expect(confirm).to_be_visible()
    expect(page.get_by_role("button", name="Edit")).to_be_visible()
    expect(page.get_by_role("button", name="Skip")).to_be_visible()

    confirm.click()
    wait_for_answers(page, 5, TIMEOUT_MS)
    ran = answers(page).last
    expect(ran).to_contain_text(f"Running the what-if as: {READING}.")
    expect(ran).to_contain_text(_moves(confirmed))
    expect(page.get_by_role("button", name=READING)).to_have_count(0)  # the question is settled
