"""The chat as a CMO uses it, in headless Chromium against `budgetmix chat` (offline planner).

Expected numbers come from the same engine run in this process (the planner is
deterministic), so the tests check that the page shows the engine's results, not fixed values.
With BUDGETMIX_RECORD=1 (``make screenshots``) the screenshots for the docs are written to
docs/screenshots/ and the first-reply latency of the sample prompt to
benchmarks/results/chat.md; otherwise they go to a temporary folder, so a test run leaves the
repository as it was.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from e2e.chat_page import (
    FIT_TIMEOUT_MS,
    OpenChat,
    answers,
    attach,
    badges,
    charts,
    scroll_message_to_top,
    send,
    table_row,
    wait_for_answers,
)
from e2e.chat_server import ChatServer
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from assistant import export
from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.turn import TurnResult
from prompts import seed_prompt
from tools.allocation import current_plan_view
from tools.views import PlanView, ScenarioSetView, display

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
RECORD = os.environ.get("BUDGETMIX_RECORD") == "1"
_SCRATCH = Path(tempfile.gettempdir()) / "budgetmix-e2e"
SCREENSHOTS = REPO / "docs" / "screenshots" if RECORD else _SCRATCH / "screenshots"
LATENCY_REPORT = REPO / "benchmarks" / "results" / "chat.md" if RECORD else _SCRATCH / "chat.md"
WEEKLY_HISTORY = REPO / "data" / "robyn_dt_simulated_weekly.csv"
SCENARIO_QUESTION = "What if the budget drops 15%?"
OTHER_COMPANY = (
    "Last quarter: TV: $300K spent, 900 leads. Radio: $100K spent, 250 leads. "
    "Podcasts: $50K spent, 200 leads. Plan $450K for next quarter."
)

# Records, in the page's own clock, when Enter is pressed in the message box and when the
# first assistant message shows text (steps above it do not count).
_LATENCY_PROBE = """
() => {
  window.__sentAt = null;
  window.__firstReplyAt = null;
  document.querySelector('#chat-input').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && window.__sentAt === null) window.__sentAt = performance.now();
  }, {capture: true});
  new MutationObserver((_, observer) => {
    const reply = document.querySelector('[data-step-type="assistant_message"] .message-content');
    if (window.__sentAt !== null && reply && reply.innerText.trim().length > 0) {
      window.__firstReplyAt = performance.now();
      observer.disconnect();
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}
"""


@dataclass(frozen=True)
class EngineRun:
    """The same conversation run in this process: the conversation and each turn's result."""

    conversation: Conversation
    results: tuple[TurnResult, ...]

    @property
    def plan(self) -> PlanView:
        """The current plan after the last turn."""
        return current_plan_view(self.conversation.results, self.conversation.session.inputs)

    @property
    def last(self) -> TurnResult:
        return self.results[-1]

    def scenarios(self) -> ScenarioSetView:
        views = [c.view for c in self.last.tool_calls if isinstance(c.view, ScenarioSetView)]
        return views[-1]


def _engine_turns(
    tmp_path: Path, *messages: str, files: tuple[Path, ...] = (), **preferences: Any
) -> EngineRun:
    """The same conversation, run in this process by the offline planner (in a worker thread:
    Playwright's sync API keeps an event loop running in this one); ``files`` go with the
    first message."""

    def run() -> EngineRun:
        conversation = Conversation(Settings(data_dir=tmp_path, force_offline=True))
        if preferences:
            conversation.set_preferences(conversation.preferences.model_copy(update=preferences))
        results = tuple(
            conversation.respond(message, files if index == 0 else ())
            for index, message in enumerate(messages)
        )
        return EngineRun(conversation, results)

    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(run).result()


def _expect_plan_table(page: Page, plan: PlanView) -> None:
    units = plan.units
    for line in plan.allocations:
        row = table_row(page, line.channel)
        expect(row).to_contain_text(display(line.recommended, units))
        expect(row).to_contain_text(display(line.expected, units))


def _write_latency_report(seconds: float) -> None:
    LATENCY_REPORT.parent.mkdir(parents=True, exist_ok=True)
    LATENCY_REPORT.write_text(
        "# Chat: time to the first visible reply\n\n"
        "| Measure | Value | Target |\n|---|---:|---:|\n"
        f"| Sample prompt (seed), Enter to first reply text on screen | {seconds:.2f} s | "
        "≤ 2 s |\n\n"
        "Measured by `tests/e2e/test_chat.py::test_sample_prompt_brings_up_the_allocation_table"
        "_and_charts` (`pytest -m e2e tests/e2e`): `budgetmix chat` served offline (offline "
        "planner, no API key) on 127.0.0.1, a fresh session in headless Debian Chromium. The "
        "page's own clock (`performance.now()`) is read when Enter goes down in the message box "
        "and when a MutationObserver first sees text in the assistant's answer; the tool steps "
        "above the answer do not count. One run, not averaged; the server had answered no "
        "earlier message in this session, but its methodology retriever was warmed up at "
        "start.\n"
    )


def test_sample_prompt_brings_up_the_allocation_table_and_charts(
    open_chat: OpenChat, tmp_path: Path, chat_server: ChatServer
) -> None:
    expected = _engine_turns(tmp_path, seed_prompt()).plan
    page = open_chat(height=3200)
    page.evaluate(_LATENCY_PROBE)

    send(page, seed_prompt())
    expect(answers(page).first).to_be_visible()
    wait_for_answers(page, 1)

    seconds = page.evaluate("(window.__firstReplyAt - window.__sentAt) / 1000")
    print(f"\nfirst visible reply to the sample prompt: {seconds:.2f} s")
    _write_latency_report(seconds)

    _expect_plan_table(page, expected)
    total = table_row(page, "Total")
    expect(total).to_contain_text(display(expected.total_spend))
    expect(badges(page).first).to_contain_text("offline planner")
    expect(page.get_by_text("Used the engine:").first).to_be_visible()
    expect(charts(page)).to_have_count(2)
    expect(charts(page).first).to_contain_text("Budget by channel")
    expect(charts(page).nth(1)).to_contain_text("Response curves")

    # The downloads are the plan of the table, byte for byte as the exporter writes it.
    csv_link = page.get_by_role("link", name="current-plan.csv")
    xlsx_link = page.get_by_role("link", name="current-plan.xlsx")
    csv_bytes = page.request.get(csv_link.get_attribute("href") or "").body()
    assert csv_bytes == export.plan_csv(expected)
    workbook = load_workbook(
        io.BytesIO(page.request.get(xlsx_link.get_attribute("href") or "").body())
    )
    header = next(workbook["Allocation"].iter_rows(max_row=1, values_only=True))
    at = list(header).index("Recommended (USD)")
    recommended = [row[at] for row in workbook["Allocation"].iter_rows(min_row=2, values_only=True)]
    assert recommended == [a.recommended for a in expected.allocations] + [expected.total_spend]

    # Starting the server wrote nothing into its working directory.
    assert list(chat_server.workdir.iterdir()) == []

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # The prompt, the answer and its first chart: the picture for the README.
    scroll_message_to_top(page, "I'm a CMO planning")
    chart = charts(page).first.bounding_box()
    assert chart is not None
    page.screenshot(
        path=str(SCREENSHOTS / "chat-allocation.png"),
        clip={"x": 0, "y": 0, "width": 1280, "height": chart["y"] + chart["height"] + 24},
    )


def test_a_follow_up_scenario_works_on_a_copy_of_the_plan(
    open_chat: OpenChat, tmp_path: Path
) -> None:
    engine = _engine_turns(tmp_path, seed_prompt(), SCENARIO_QUESTION)
    (scenario,) = engine.scenarios().scenarios
    assert scenario.allocation is not None
    page = open_chat(height=1800)

    send(page, seed_prompt())
    wait_for_answers(page, 1)
    send(page, SCENARIO_QUESTION)
    wait_for_answers(page, 2)

    expect(table_row(page, "Total spend")).to_contain_text(display(scenario.total_spend))
    for name, amount in scenario.allocation.items():
        expect(table_row(page, name)).to_contain_text(display(amount))
    expect(answers(page).last).to_contain_text("the current plan is unchanged")
    expect(page.get_by_role("link", name="scenario-a-budget-15.csv")).to_be_visible()
    expect(charts(page)).to_have_count(3)
    expect(charts(page).last).to_contain_text("What-ifs beside the current plan")

    scroll_message_to_top(page, SCENARIO_QUESTION)
    page.screenshot(path=str(SCREENSHOTS / "chat-scenario.png"))


def test_uploading_a_weekly_csv_gives_a_fit_summary(open_chat: OpenChat, tmp_path: Path) -> None:
    history = tmp_path / "weekly_history.csv"
    shutil.copyfile(WEEKLY_HISTORY, history)
    engine = _engine_turns(tmp_path / "engine", "Here is my weekly history.", files=(history,))
    fit = engine.conversation.results.fit(engine.conversation.session.inputs)
    page = open_chat(height=2400)

    attach(page, history)
    send(page, "Here is my weekly history.")
    wait_for_answers(page, 1, timeout_ms=FIT_TIMEOUT_MS)

    answer = answers(page).last
    expect(answer).to_contain_text("weekly_history.csv")  # intake names the user's own file
    expect(answer).to_contain_text(fit.verdict.headline)
    for channel in fit.channels:
        expect(table_row(page, channel.name)).to_be_visible()
    expect(charts(page)).to_have_count(1)
    expect(charts(page).first).to_contain_text("Response curves")

    scroll_message_to_top(page, "Here is my weekly history.")
    page.screenshot(path=str(SCREENSHOTS / "chat-upload.png"))


def test_a_file_that_is_not_a_spreadsheet_gets_a_clear_message(chat: Page, tmp_path: Path) -> None:
    deck = tmp_path / "board deck.pdf"
    deck.write_bytes(b"%PDF-1.7\n")
    attach(chat, deck)
    send(chat, "Here is my data")
    expect(chat.get_by_text("is a .pdf file, not a CSV or Excel (.xlsx) file")).to_be_visible(
        timeout=15_000
    )
    # Nothing ran on it: the next message is the conversation's first turn.
    send(chat, "What is adstock?")
    wait_for_answers(chat, 1)
    expect(chat.get_by_text("Used the engine:")).to_have_count(1)


def test_two_sessions_at_once_keep_their_own_data(open_chat: OpenChat, tmp_path: Path) -> None:
    cmo = open_chat()
    other = open_chat()
    ours = _engine_turns(tmp_path / "ours", seed_prompt(), SCENARIO_QUESTION)
    theirs = _engine_turns(tmp_path / "theirs", OTHER_COMPANY, SCENARIO_QUESTION)

    # Both conversations run on the server at the same time.
    send(cmo, seed_prompt())
    send(other, OTHER_COMPANY)
    wait_for_answers(cmo, 1)
    wait_for_answers(other, 1)
    send(cmo, SCENARIO_QUESTION)
    send(other, SCENARIO_QUESTION)
    wait_for_answers(cmo, 2)
    wait_for_answers(other, 2)

    for page, engine, foreign in ((cmo, ours, "Podcasts"), (other, theirs, "Paid search")):
        (scenario,) = engine.scenarios().scenarios
        assert scenario.allocation is not None
        expect(table_row(page, "Total spend")).to_contain_text(display(scenario.total_spend))
        for name, amount in scenario.allocation.items():
            expect(table_row(page, name)).to_contain_text(display(amount))
        # In the conversation itself; the sidebar lists the local user's other conversation.
        expect(page.locator("[data-step-type]").get_by_text(foreign)).to_have_count(0)


def test_settings_change_the_next_plan(chat: Page, tmp_path: Path) -> None:
    expected = _engine_turns(tmp_path, seed_prompt(), max_change=0.3).plan
    send(chat, seed_prompt())
    wait_for_answers(chat, 1)

    chat.locator("#chat-settings-open-modal").click()
    slider = chat.get_by_role("slider")
    slider.focus()
    for _ in range(4):  # 50% down to 30% in steps of 5
        slider.press("ArrowLeft")
    chat.get_by_role("button", name="Confirm").click()
    expect(chat.get_by_text("each channel's spend moves at most ±30% from today's")).to_be_visible()

    chat.get_by_role("button", name="Re-plan with these settings").click()
    wait_for_answers(chat, 2)
    _expect_plan_table(chat, expected)


def test_starters_answer_a_question_and_ask_for_a_file(
    chat: Page, open_chat: OpenChat, tmp_path: Path
) -> None:
    chat.get_by_role("button", name="What is adstock?").click()
    wait_for_answers(chat, 1)
    expect(chat.get_by_text("Adstock and carryover").first).to_be_visible()

    history = tmp_path / "history.csv"
    shutil.copyfile(WEEKLY_HISTORY, history)
    upload_page = open_chat()
    upload_page.get_by_role("button", name="Upload my weekly data").click()
    expect(upload_page.get_by_text("Attach your weekly history")).to_be_visible(timeout=15_000)
    started = time.monotonic()
    upload_page.locator("#ask-button-input").set_input_files(str(history))
    wait_for_answers(upload_page, 1, timeout_ms=FIT_TIMEOUT_MS)
    print(f"\nupload to fit summary: {time.monotonic() - started:.1f} s")
    expect(answers(upload_page).last).to_contain_text("history.csv")
    expect(charts(upload_page)).to_have_count(1)


def test_a_what_if_never_changes_the_data_and_a_re_plan_works(
    open_chat: OpenChat, tmp_path: Path
) -> None:
    """The reported defect: "what if TV is $0?" on an uploaded history replaced the data, and
    every later plan failed with "the channel maximums add up to $0"."""
    history = tmp_path / "weekly_history.csv"
    shutil.copyfile(WEEKLY_HISTORY, history)
    what_if, replan = "what if TV is $0?", "allocate $3M next quarter"
    engine = _engine_turns(
        tmp_path / "engine", "Here is my weekly history.", what_if, replan, files=(history,)
    )
    expected = engine.plan
    assert float(expected.total_spend) == pytest.approx(3_000_000, abs=2)
    page = open_chat(height=2400)

    attach(page, history)
    send(page, "Here is my weekly history.")
    wait_for_answers(page, 1, timeout_ms=FIT_TIMEOUT_MS)
    send(page, what_if)
    wait_for_answers(page, 2)
    expect(answers(page).last).to_contain_text("tv_S at $0")
    expect(answers(page).last).to_contain_text("the current plan is unchanged")
    send(page, replan)
    wait_for_answers(page, 3)
    expect(answers(page).last).not_to_contain_text("maximums add up to")
    expect(table_row(page, "Total")).to_contain_text(display(expected.total_spend))
    _expect_plan_table(page, expected)


def test_channels_are_added_removed_renamed_and_undone(open_chat: OpenChat, tmp_path: Path) -> None:
    added = "Conference: $100K spent, 250 MQLs. Webinars: $50K spent, 150 MQLs."
    steps = (seed_prompt(), added, "remove the conference channel", "call Email Newsletter")
    engine = _engine_turns(tmp_path, *steps)
    renamed = engine.plan
    assert [a.channel for a in renamed.allocations] == [
        "Paid search",
        "Paid social",
        "Content",
        "Events",
        "Newsletter",
        "Traditional",
        "Webinars",
    ]
    undone = _engine_turns(tmp_path / "undo", *steps, "undo").plan
    page = open_chat(height=2400)

    send(page, seed_prompt())
    wait_for_answers(page, 1)
    send(page, added)
    wait_for_answers(page, 2)
    expect(table_row(page, "Conference")).to_be_visible()
    expect(table_row(page, "Webinars")).to_be_visible()
    send(page, steps[2])
    wait_for_answers(page, 3)
    expect(answers(page).last).to_contain_text("Removed Conference")
    expect(answers(page).last.get_by_role("cell", name="Conference", exact=True)).to_have_count(0)
    send(page, steps[3])
    wait_for_answers(page, 4)
    _expect_plan_table(page, renamed)
    send(page, "undo")
    wait_for_answers(page, 5)
    last = answers(page).last
    expect(last).to_contain_text("Undid 1 change")
    expect(last).to_contain_text("Email renamed Newsletter")
    expect(last).to_contain_text("channel removed: Conference")  # the step before, listed
    expect(last.get_by_role("cell", name="Newsletter", exact=True)).to_have_count(0)
    _expect_plan_table(page, undone)


def test_a_limit_said_in_chat_shows_in_the_settings_panel(chat: Page) -> None:
    send(chat, seed_prompt())
    wait_for_answers(chat, 1)
    send(chat, "no limit on changes please")
    wait_for_answers(chat, 2)
    chat.locator("#chat-settings-open-modal").click()
    expect(chat.get_by_role("switch", name="No limit on changes per channel")).to_be_checked()


def test_a_pasted_weekly_table_is_read_as_the_uploaded_file(
    open_chat: OpenChat, tmp_path: Path
) -> None:
    weeks = WEEKLY_HISTORY.read_text().splitlines()[:105]  # the header and 104 weeks
    pasted = "\n".join(weeks)
    uploaded = tmp_path / "weekly.csv"
    uploaded.write_text(pasted + "\n")
    engine = _engine_turns(tmp_path / "engine", "Here is my weekly history.", files=(uploaded,))
    fit = engine.conversation.results.fit(engine.conversation.session.inputs)
    page = open_chat(height=2400)

    started = time.monotonic()
    send(page, pasted)
    wait_for_answers(page, 1, timeout_ms=FIT_TIMEOUT_MS)
    print(f"\npasted 104 weeks to fit summary: {time.monotonic() - started:.1f} s")
    answer = answers(page).last
    expect(answer).to_contain_text("104 weeks")
    expect(answer).to_contain_text(fit.verdict.headline)
    expect(answer).not_to_contain_text("no spend given")
    for channel in fit.channels:
        expect(table_row(page, channel.name)).to_be_visible()


def test_no_row_moves_beyond_the_limit_stated_beside_it(
    open_chat: OpenChat, tmp_path: Path
) -> None:
    bigger = "allocate $2.4M next quarter"
    plan = _engine_turns(tmp_path, seed_prompt(), bigger).plan
    (guardrail,) = [c for c in plan.constraint_reports if c.kind == "max_change"]
    assert "±50% from current spend" in guardrail.description
    page = open_chat(height=2400)

    send(page, seed_prompt())
    wait_for_answers(page, 1)
    send(page, bigger)
    wait_for_answers(page, 2)
    expect(answers(page).last).to_contain_text(guardrail.description[1:])
    for line in plan.allocations:
        assert line.change_pct is not None
        assert abs(float(line.change_pct)) <= 0.5 + 1e-9
        row = table_row(page, line.channel)
        shown = row.get_by_role("cell").nth(3).inner_text()  # the "Change" column
        assert abs(int(shown.strip("+−%"))) <= 50, shown


def test_warnings_the_reply_does_not_list_show_as_notes_under_it(chat: Page) -> None:
    asides = " ".join(f"KPI {n} went up {n + 10}% since 2024." for n in range(1, 8))
    send(
        chat,
        "Paid search: $400K spent, 2,400 MQLs. Email: $200K spent, 1,500 MQLs. Budget $600K. "
        + asides,
    )
    wait_for_answers(chat, 1)
    reply = answers(chat).last
    expect(reply).to_contain_text("… and 3 more, listed in this reply's notes.")
    for percent in ("15%", "16%", "17%"):  # past the five notes the reply lists
        expect(reply).to_contain_text(f"did not use '{percent}' in 'KPI")
