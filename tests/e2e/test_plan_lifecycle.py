"""A plan that lives, in the browser (issue 14's "done when"): alice signs in, plans, adopts
the plan ("Use this plan for Q1 starting 4 January 2027"), the server restarts, she signs in
again, resumes the conversation, uploads six weeks of actuals, sees the alert and the re-plan,
and downloads the one-page PDF; bob sees none of it."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from e2e.chat_page import FIT_TIMEOUT_MS, attach, charts, send, wait_for_answers
from e2e.chat_server import CLI, chat_env, serve_chat
from e2e.test_sign_in_history import USERS, TeamServer, open_sidebar, sign_in
from playwright.sync_api import Browser, BrowserContext, expect

pytestmark = pytest.mark.e2e

PLAN_REQUEST = (
    "Last quarter: Paid search: $400K spent, 2,400 MQLs. Events: $400K spent, 600 MQLs. "
    "Email: $100K spent, 900 MQLs. Plan $1M for next quarter."
)
ADOPT = "Use this plan for Q1 starting 4 January 2027"
START = date(2027, 1, 4)
WEEKS = 6
PDF_NAME = "q1-v1.pdf"


@pytest.fixture(scope="module")
def team(indexed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> TeamServer:
    data_dir = tmp_path_factory.mktemp("plans-team-data")
    shutil.copytree(indexed_data_dir / "chroma", data_dir / "chroma")
    env = chat_env(data_dir, BUDGETMIX_OFFLINE="1", BUDGETMIX_AUTH="password")
    env.pop("CHAINLIT_AUTH_SECRET", None)
    for name, password in USERS.items():
        subprocess.run(
            [*CLI, "users", "add", name, "--password-stdin"],
            input=password + "\n",
            env=env,
            text=True,
            check=True,
            capture_output=True,
        )
    return TeamServer(
        data_dir=data_dir,
        env=env,
        workdir=tmp_path_factory.mktemp("plans-team-cwd"),
        log_dir=tmp_path_factory.mktemp("plans-team-logs"),
    )


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


def _cli_json(team: TeamServer, *arguments: str) -> dict[str, object]:
    done = subprocess.run(
        [*CLI, *arguments, "--json"], env=team.env, text=True, check=True, capture_output=True
    )
    return dict(json.loads(done.stdout))


def _six_weeks_of_actuals(team: TeamServer, folder: Path) -> Path:
    """The stored forecast's first six weeks, with Paid search bringing 30% less."""
    shown = _cli_json(team, "plans", "show", "Q1", "--user", "alice")
    forecast = shown["forecast"]
    assert isinstance(forecast, list)
    end = START + timedelta(weeks=WEEKS)
    lines = ["week,channel,spend,outcome"]
    for week in forecast:
        if date.fromisoformat(week["week"]) >= end:
            continue
        outcome = week["outcome"] * (0.7 if week["channel"] == "Paid search" else 1.0)
        lines.append(f"{week['week']},{week['channel']},{week['spend']:.2f},{outcome:.3f}")
    path = folder / "actuals-6-weeks.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_adopt_restart_resume_track_and_download(
    browser: Browser, team: TeamServer, contexts: list[BrowserContext], tmp_path: Path
) -> None:
    with serve_chat(team.env, team.workdir, team.log_dir / "first.log") as url:
        alice = sign_in(browser, contexts, url, "alice")
        send(alice, PLAN_REQUEST)
        wait_for_answers(alice, 1)
        expect(alice.get_by_text("Recommended allocation").first).to_be_visible()
        # The plan message offers the button; the words do the same with a name and a start.
        expect(alice.get_by_role("button", name=re.compile("Use this plan"))).to_be_visible()
        send(alice, ADOPT)
        wait_for_answers(alice, 2)
        expect(alice.get_by_text("is adopted").first).to_be_visible()
        expect(alice.get_by_text(PDF_NAME).first).to_be_visible(timeout=30_000)
        thread_path = alice.url.removeprefix(url)

    with serve_chat(team.env, team.workdir, team.log_dir / "second.log") as url:
        alice = sign_in(browser, contexts, url, "alice")
        open_sidebar(alice)
        history = alice.locator("#thread-history a[href*='/thread/']")
        expect(history).to_have_count(1)
        history.first.click()
        expect(alice.get_by_text("is adopted").first).to_be_visible()
        wait_for_answers(alice, 2)  # both answers come back with their files and badges

        attach(alice, _six_weeks_of_actuals(team, tmp_path))
        send(alice, "Here are our first six weeks of actuals.")
        wait_for_answers(alice, 3, timeout_ms=FIT_TIMEOUT_MS)
        answer = alice.locator('[data-step-type="assistant_message"]').last
        expect(answer).to_contain_text("6 weeks tracked, 1 alert")
        expect(answer).to_contain_text("responded differently")
        expect(answer).to_contain_text("Re-planning the remaining 7 weeks")
        expect(charts(alice).filter(has_text="actual vs predicted").first).to_be_visible(
            timeout=30_000
        )

        href = alice.get_by_role("link", name=PDF_NAME).first.get_attribute("href") or ""
        # A file restored from the database is served inline as a data: URL.
        if href.startswith("data:"):
            pdf = base64.b64decode(href.split(",", 1)[1])
        else:
            pdf = alice.request.get(href).body()
        assert pdf.startswith(b"%PDF")
        document = pdfium.PdfDocument(pdf)
        assert len(document) == 1
        text = " ".join(document[0].get_textpage().get_text_range().split())
        for channel in ("Paid search", "Events", "Email"):
            assert channel in text
        assert "$1,000,000" in text
        assert thread_path == alice.url.removeprefix(url)

        bob = sign_in(browser, contexts, url, "bob")
        open_sidebar(bob)
        expect(bob.locator("#thread-history a[href*='/thread/']")).to_have_count(0)
        # Bob's own actuals find no plan: alice's is hers alone.
        attach(bob, _six_weeks_of_actuals(team, tmp_path))
        send(bob, "Here are our first six weeks of actuals.")
        wait_for_answers(bob, 1, timeout_ms=FIT_TIMEOUT_MS)
        expect(bob.get_by_text("no plan is adopted yet").first).to_be_visible()
        expect(bob.get_by_text(PDF_NAME)).to_have_count(0)
    assert _cli_json(team, "plans", "list", "--user", "bob") == {"plans": []}
    assert [p["name"] for p in _cli_json(team, "plans", "list", "--user", "alice")["plans"]] == [
        "Q1"
    ]
