"""What a user does in the chat page, and what the tests read back from it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

# A server's first methodology answer loads the embedding model and the Chroma store: on two
# busy cores that alone has taken over 30 s, so waits allow a minute.
ANSWER_TIMEOUT_MS = 60_000
# A history fit (a marketing-mix model) takes a few seconds more than a snapshot plan.
FIT_TIMEOUT_MS = 90_000
ANSWER = '[data-step-type="assistant_message"]'

OpenChat = Callable[..., Page]  # opens the chat in a new browser context: a new session


def send(page: Page, text: str) -> None:
    page.locator("#chat-input").fill(text)
    page.locator("#chat-input").press("Enter")


def badges(page: Page) -> Locator:
    """The brain badge is the last thing sent with every answer (after the text, the files
    and the charts): once it shows, the answer is complete."""
    return page.locator(".brain-badge")


def wait_for_answers(page: Page, count: int, timeout_ms: int = ANSWER_TIMEOUT_MS) -> None:
    expect(badges(page)).to_have_count(count, timeout=timeout_ms)


def answers(page: Page) -> Locator:
    return page.locator(ANSWER)


def charts(page: Page) -> Locator:
    return page.locator(".js-plotly-plot")


def table_row(page: Page, first_cell: str) -> Locator:
    """The last table row in the page whose first cell is ``first_cell``."""
    return (
        page.get_by_role("row")
        .filter(has=page.get_by_role("cell", name=first_cell, exact=True))
        .last
    )


def open_step(page: Page, label: str, timeout_ms: int = ANSWER_TIMEOUT_MS) -> None:
    """Expand the tool step whose header reads ``label``, as a user clicking it would.

    Chainlit re-renders a message's steps when a later element (a chart, the badge) arrives,
    so one click can land on a header that is replaced mid-click: click again until the
    step shows as open."""
    # The innermost expandable element holding the label (an ancestor group holds it too).
    header = page.locator("[aria-expanded]").filter(has_text=label).last
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        try:
            if header.get_attribute("aria-expanded", timeout=5_000) != "true":  # open: leave it
                header.click(timeout=5_000)
            expect(header).to_have_attribute("aria-expanded", "true", timeout=2_000)
            return
        except (PlaywrightError, AssertionError):
            if time.monotonic() > deadline:
                raise


def attach(page: Page, path: Path) -> None:
    """Attach a file with the paperclip, as a user would, and wait for it to be uploaded."""
    page.locator("#upload-button-input").set_input_files(str(path))
    expect(page.get_by_text(path.name, exact=True).first).to_be_visible(timeout=10_000)
    # The chip shows at once; the composer stays disabled until the upload has finished.
    expect(page.locator("#chat-submit")).to_be_enabled(timeout=10_000)


def scroll_message_to_top(page: Page, text: str) -> None:
    """Scroll the chat so the user message containing ``text`` is at the top of the view."""
    page.get_by_text(text, exact=False).last.evaluate(
        "element => (element.closest('.step') || element).scrollIntoView({block: 'start'})"
    )
    page.wait_for_timeout(500)
