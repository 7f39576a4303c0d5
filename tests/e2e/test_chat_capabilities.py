"""The capability routes in the browser: a journeys export uploaded in the chat is attributed
(every model side by side, the chart, no history fit), in headless Chromium against
`budgetmix chat` (offline planner). Expected figures come from the same engine in this process.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from e2e.chat_page import OpenChat, answers, attach, charts, send, table_row, wait_for_answers
from playwright.sync_api import expect

from assistant.config import Settings
from assistant.conversation import Conversation
from tools.views import display

pytestmark = pytest.mark.e2e

PATHS = (
    "path,conversions,nulls\n"
    "Facebook > Paid Search,300,2000\n"
    "Facebook,100,3000\n"
    "Paid Search,400,1500\n"
    "Email > Paid Search,200,500\n"
    "Facebook > Email > Paid Search,80,400\n"
)


def test_an_uploaded_journeys_export_is_attributed_with_a_chart(
    open_chat: OpenChat, tmp_path: Path
) -> None:
    journeys = tmp_path / "ga_conversion_paths.csv"
    journeys.write_text(PATHS)
    # The same turn by the offline planner in this process (in a worker thread: Playwright's
    # sync API keeps an event loop running in this one).
    settings = Settings(data_dir=tmp_path / "engine", force_offline=True)
    with ThreadPoolExecutor(max_workers=1) as worker:
        engine = worker.submit(
            Conversation(settings).respond, "Here is our GA path export.", [journeys]
        ).result()
    view = engine.json_view.attribution
    assert view is not None
    page = open_chat(height=2400)

    attach(page, journeys)
    send(page, "Here is our GA path export.")
    wait_for_answers(page, 1)

    answer = answers(page).last
    expect(answer).to_contain_text("Last touch vs Markov")
    expect(answer).to_contain_text(view.last_touch_summary)
    facebook = next(row for row in view.comparison if row.channel == "Facebook")
    row = table_row(page, "Facebook")
    expect(row).to_be_visible()
    expect(row).to_contain_text(display(facebook.shares[0]))
    expect(charts(page)).to_have_count(1)
    expect(charts(page).first).to_contain_text("Credit for conversions by attribution model")

    send(page, "We report on Markov.")
    wait_for_answers(page, 2)
    expect(answers(page).last).to_contain_text("Markov is recorded")
    expect(answers(page).last).to_contain_text("reporting only")
