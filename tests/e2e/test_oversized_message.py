"""A message too large for the chat gets a clear answer in the browser, never a dropped socket.

Over the socket's buffer (``SOCKET_BUFFER_BYTES``) the page refuses to send it and says its
size, the limit and what to do (``assistant/ui/public/message_bounds.js``); before, socket.io
closed the connection and the server never saw the message. Between what the reader reads
(``MAX_MESSAGE_CHARACTERS``) and the buffer, the server answers it.
"""

from __future__ import annotations

import pytest
from e2e.chat_page import send, wait_for_answers
from playwright.sync_api import Page, expect

from assistant.ui.bounds import SOCKET_BUFFER_BYTES
from model_engine.intake.text.message import MAX_MESSAGE_CHARACTERS

pytestmark = pytest.mark.e2e

USER_MESSAGE = '[data-step-type="user_message"]'
SHORT = "Paid search: $400K spent, 2,400 MQLs. Email: $200K spent, 1,500 MQLs."


def type_generated(page: Page, characters: int) -> None:
    """Put ``characters`` x's in the composer as a paste would, without sending megabytes
    through the test driver: the text is made in the page and React is told it changed."""
    page.evaluate(
        """(count) => {
            const input = document.getElementById("chat-input");
            const setValue = Object.getOwnPropertyDescriptor(
                HTMLTextAreaElement.prototype, "value").set;
            setValue.call(input, "x".repeat(count));
            input.dispatchEvent(new Event("input", { bubbles: true }));
        }""",
        characters,
    )


def test_a_message_over_the_socket_buffer_is_refused_in_the_page(chat: Page) -> None:
    closed: list[str] = []
    chat.on("websocket", lambda ws: ws.on("close", lambda _: closed.append(ws.url)))
    over = SOCKET_BUFFER_BYTES + 2**20 // 2  # 8.5 MB
    type_generated(chat, over)
    chat.locator("#chat-input").press("Enter")

    notice = chat.get_by_role("alert").filter(has_text="was not sent")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(f"{over / 2**20:.1f} MB")
    expect(notice).to_contain_text(f"at most {SOCKET_BUFFER_BYTES / 2**20:.1f} MB")
    expect(notice).to_contain_text("CSV or Excel file")
    expect(chat.locator(USER_MESSAGE)).to_have_count(0)
    assert len(chat.locator("#chat-input").input_value()) == over  # the text is kept

    # The send button is held to the same bound.
    notice.get_by_role("button", name="Dismiss").click()
    expect(notice).to_have_count(0)
    chat.locator("#chat-submit").click()
    expect(chat.get_by_role("alert").filter(has_text="was not sent")).to_be_visible()

    # The connection is still the one the page opened: a normal message is answered.
    send(chat, SHORT)
    expect(chat.get_by_role("alert").filter(has_text="was not sent")).to_have_count(0)
    wait_for_answers(chat, 1)
    assert closed == []


def test_a_message_past_what_the_reader_reads_is_answered_by_the_server(chat: Page) -> None:
    length = MAX_MESSAGE_CHARACTERS + 50_000
    type_generated(chat, length)
    chat.locator("#chat-input").press("Enter")
    expect(chat.get_by_text(f"Your message has {length:,} characters")).to_be_visible(
        timeout=60_000
    )
    expect(chat.get_by_role("alert").filter(has_text="was not sent")).to_have_count(0)
