"""Ask, don't guess, in the browser: the expo-booth floor conversation.

An unread commitment withholds the plan: the reply quotes it and offers the proposed reading as
buttons; confirming plans under the floor. The expected plan comes from the same engine run in
this process. The "What I read" card shows under every data turn.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from e2e.chat_page import OpenChat, answers, send, wait_for_answers
from playwright.sync_api import expect

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.turn import TurnResult
from tools.views import display

pytestmark = pytest.mark.e2e

# CPU is shared with other suites: the answers get generous time.
TIMEOUT_MS = 120_000
DATA = (
    "Last quarter: Paid search $400K spent, 2,400 MQLs. Email $200K spent, 1,500 MQLs. "
    "Expo booth $300K spent, 400 MQLs. Paid social $250K spent, 900 MQLs. "
    "Budget $1.2M next quarter."
)
EXPO = "Our expo booth is contracted, we promised the organisers 200K there."
READING = "Expo booth at least $200,000"


def _engine(tmp_path: Path) -> TurnResult:
    def run() -> TurnResult:
        conversation = Conversation(Settings(data_dir=tmp_path, force_offline=True))
        for message in (DATA, EXPO):
            conversation.respond(message)
        return conversation.respond("yes")

    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(run).result()


def test_the_plan_waits_for_the_floor_and_confirming_plans_under_it(
    open_chat: OpenChat, tmp_path: Path
) -> None:
    confirmed = _engine(tmp_path)
    plan = confirmed.json_view.plan
    assert plan is not None
    expo = next(a for a in plan.allocations if a.channel == "Expo booth")
    assert float(expo.recommended) >= 200_000 - 1
    page = open_chat(height=2400)

    send(page, DATA)
    wait_for_answers(page, 1, TIMEOUT_MS)
    expect(page.locator("#what-i-read").last).to_be_visible(timeout=TIMEOUT_MS)

    send(page, EXPO)
    wait_for_answers(page, 2, TIMEOUT_MS)
    asked = answers(page).last
    expect(asked).to_contain_text(f"{READING}?")
    expect(asked).to_contain_text(EXPO)
    expect(asked).not_to_contain_text("Recommended")  # no plan while the floor is unread
    confirm = page.get_by_role("button", name=READING)
    expect(confirm).to_be_visible()
    expect(page.get_by_role("button", name="Edit")).to_be_visible()
    expect(page.get_by_role("button", name="Skip")).to_be_visible()

    confirm.click()
    wait_for_answers(page, 3, TIMEOUT_MS)
    planned = answers(page).last
    expect(planned).to_contain_text(f"Using: {READING}.")
    row = planned.get_by_role("row").filter(
        has=page.get_by_role("cell", name="Expo booth", exact=True)
    )
    expect(row.first).to_contain_text(display(expo.recommended, plan.units))


def test_an_edit_in_the_what_i_read_card_replans(open_chat: OpenChat) -> None:
    page = open_chat(height=2400)
    send(page, DATA)
    wait_for_answers(page, 1, TIMEOUT_MS)
    card = page.locator("#what-i-read").last
    expect(card).to_contain_text("Expo booth")
    card.get_by_label("budget").fill("1300000")
    card.locator("#what-i-read-apply").click()
    wait_for_answers(page, 2, TIMEOUT_MS)
    expect(answers(page).last).to_contain_text("Updated from the card")
    expect(answers(page).last).to_contain_text("budget $1,200,000 → $1,300,000")
    expect(answers(page).last).to_contain_text("$1,300,000")
