"""Browser fixtures: one `budgetmix chat` server per test session, Debian chromium per test.

The server runs offline (no API key, BUDGETMIX_OFFLINE=1) on a free loopback port with its
data dir in a temporary folder, where the methodology index is built once for the session; it
is started from an empty working directory so the tests can check nothing is written there.
Chromium is Debian's (never a downloaded browser) and may only talk to 127.0.0.1: the page's
CDN fonts and KaTeX are aborted. Each test gets its own browser context, i.e. its own chat
session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e.chat_page import OpenChat
from e2e.chat_server import CLI, ChatServer, chat_env, serve_chat
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 1000}
# Generous for a loaded CI machine: the suite shares 2 cores with the server it drives.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not CHROMIUM:
        pytest.skip(
            "chromium is not installed (apt-get install -y chromium, or set CHROMIUM_PATH); "
            "the browser tests never download a browser"
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def indexed_data_dir(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the methodology index, built once for the session (and only when the
    browser tests can run)."""
    data_dir = tmp_path_factory.mktemp("budgetmix-data")
    subprocess.run([*CLI, "index"], env=chat_env(data_dir), check=True, capture_output=True)
    return data_dir


@pytest.fixture(scope="session")
def chat_server(
    chromium_path: str, indexed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ChatServer]:
    """The offline chat: no API key, BUDGETMIX_OFFLINE=1."""
    workdir = tmp_path_factory.mktemp("cwd")
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = chat_env(indexed_data_dir, BUDGETMIX_OFFLINE="1")
    with serve_chat(env, workdir, log) as url:
        yield ChatServer(url, indexed_data_dir, workdir, log)


# Module scope, not session: Playwright's sync API keeps an asyncio loop running in the main
# thread while it is open, and tests collected after these (asyncio.run in the planner) would
# fail inside it.
@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_chat(browser: Browser, chat_server: ChatServer) -> Iterator[OpenChat]:
    """Opens a chat in a new browser context (a new session) each time it is called; the
    offline server unless another URL is given."""
    contexts: list[BrowserContext] = []

    def open_page(height: int = VIEWPORT["height"], url: str = chat_server.url) -> Page:
        context = browser.new_context(
            viewport={"width": VIEWPORT["width"], "height": height}, accept_downloads=True
        )
        contexts.append(context)
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith("http://127.0.0.1")
                else route.abort()
            ),
        )
        page = context.new_page()
        with page.expect_websocket(lambda ws: "socket.io" in ws.url) as socket_info:
            page.goto(url, wait_until="domcontentloaded")
        # Text typed before the socket's first frame is silently dropped.
        socket_info.value.wait_for_event("framereceived", timeout=15000)
        page.locator("#chat-input").wait_for()
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def chat(open_chat: OpenChat) -> Page:
    """One chat page."""
    return open_chat()
