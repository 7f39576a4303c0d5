"""Team mode in the browser: two users sign in with passwords; one plans, the server restarts,
she signs in again, finds the conversation in the sidebar and resumes it with its plan (a
scenario on that plan is answered); the other user sees none of it, by the sidebar, by the
thread's address or by the API."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from e2e.chat_page import badges, charts, send, wait_for_answers
from e2e.chat_server import CLI, chat_env, serve_chat
from e2e.conftest import VIEWPORT
from playwright.sync_api import Browser, BrowserContext, Page, expect

pytestmark = pytest.mark.e2e

PLAN_REQUEST = (
    "Last quarter: Paid search: $400K spent, 2,400 MQLs. Events: $400K spent, 600 MQLs. "
    "Email: $100K spent, 900 MQLs. Plan $1M for next quarter."
)
SCENARIO_QUESTION = "What if the budget drops 15%?"
USERS = {"alice": "alice-long-password", "bob": "bob-long-password"}


@dataclass(frozen=True)
class TeamServer:
    data_dir: Path
    env: dict[str, str]
    workdir: Path
    log_dir: Path


@pytest.fixture(scope="module")
def team(indexed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> TeamServer:
    """A data dir of its own (the methodology index copied in), in team mode, with two users
    added through the CLI."""
    data_dir = tmp_path_factory.mktemp("team-data")
    shutil.copytree(indexed_data_dir / "chroma", data_dir / "chroma")
    env = chat_env(data_dir, BUDGETMIX_OFFLINE="1", BUDGETMIX_AUTH="password")
    env.pop("CHAINLIT_AUTH_SECRET", None)  # generated and kept in the data dir
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
        workdir=tmp_path_factory.mktemp("team-cwd"),
        log_dir=tmp_path_factory.mktemp("team-logs"),
    )


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


def sign_in(browser: Browser, opened: list[BrowserContext], url: str, name: str) -> Page:
    context = browser.new_context(viewport=VIEWPORT)
    opened.append(context)
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort()
        ),
    )
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    page.locator("#email").fill(name)
    page.locator("#password").fill(USERS[name])
    with page.expect_websocket(lambda ws: "socket.io" in ws.url) as socket_info:
        page.locator("button[type=submit]").click()
    # Text typed before the socket's first frame is silently dropped.
    socket_info.value.wait_for_event("framereceived", timeout=15_000)
    page.locator("#chat-input").wait_for()
    return page


def open_sidebar(page: Page) -> None:
    page.locator("#sidebar-trigger-button").last.click()
    expect(page.locator("#thread-history")).to_be_visible()


def test_a_conversation_is_resumed_after_a_restart_and_hidden_from_others(
    browser: Browser, team: TeamServer, contexts: list[BrowserContext]
) -> None:
    with serve_chat(team.env, team.workdir, team.log_dir / "first.log") as url:
        wrong = browser.new_context(viewport=VIEWPORT)
        contexts.append(wrong)
        login = wrong.new_page()
        login.goto(url, wait_until="domcontentloaded")
        login.locator("#email").fill("alice")
        login.locator("#password").fill("not her password")
        login.locator("button[type=submit]").click()
        expect(login.locator("#chat-input")).to_have_count(0)
        assert "/login" in login.url

        alice = sign_in(browser, contexts, url, "alice")
        send(alice, PLAN_REQUEST)
        wait_for_answers(alice, 1)
        expect(alice.get_by_text("Recommended allocation").first).to_be_visible()
        thread_path = alice.url.removeprefix(url)
        assert thread_path.startswith("/thread/")

    with serve_chat(team.env, team.workdir, team.log_dir / "second.log") as url:
        alice = sign_in(browser, contexts, url, "alice")
        open_sidebar(alice)
        history = alice.locator("#thread-history a[href*='/thread/']")
        expect(history).to_have_count(1)
        expect(history.first).to_contain_text("Paid search")
        history.first.click()
        expect(alice.get_by_text("Recommended allocation").first).to_be_visible()
        # The answer's charts, downloads and badge come back from the database too.
        expect(charts(alice).first).to_be_visible()
        expect(alice.get_by_text("current-plan.csv").first).to_be_visible()
        expect(badges(alice).first).to_contain_text("offline planner")
        send(alice, SCENARIO_QUESTION)
        # Answered on the restored plan: the scenario table compares it with a 15% cut.
        expect(alice.get_by_text("Trade-offs").first).to_be_visible(timeout=30_000)
        expect(alice.get_by_role("cell", name="$850,000").first).to_be_visible()
        thread_id = thread_path.removeprefix("/thread/")
        assert alice.request.get(f"{url}/project/thread/{thread_id}").ok

        bob = sign_in(browser, contexts, url, "bob")
        open_sidebar(bob)
        expect(bob.locator("#thread-history a[href*='/thread/']")).to_have_count(0)
        assert bob.request.get(f"{url}/project/thread/{thread_id}").status in (401, 403, 404)
        bob.goto(url + thread_path, wait_until="domcontentloaded")
        expect(bob.get_by_text("Couldn't resume chat")).to_be_visible()
        expect(bob.get_by_text("Paid search")).to_have_count(0)
