"""The chat's bounds: a message too long to read gets an answer, an upload over the limit is
stopped while it streams (413 and a sentence), a turn over its time budget is stopped with a
message."""

from __future__ import annotations

import asyncio
import re
import time
import tomllib
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.planner import OfflinePlanner
from assistant.turn import TurnResult
from assistant.ui.bounds import (
    SOCKET_BUFFER_BYTES,
    UPLOAD_PATH,
    UploadSizeLimit,
    message_too_long,
    turn_too_slow,
    within_budget,
)
from model_engine.intake.text.message import MAX_MESSAGE_CHARACTERS

LIMIT = 1000


class BodyReader:
    """An app that reads the whole body, as Chainlit's upload handler does."""

    def __init__(self) -> None:
        self.bytes_read = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        more = True
        while more:
            message = await receive()
            self.bytes_read += len(message.get("body", b""))
            more = message.get("more_body", False)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"stored"})


def _post(app: Any, body: Any, path: str = UPLOAD_PATH) -> httpx.Response:
    async def run() -> httpx.Response:
        transport = httpx.ASGITransport(app=UploadSizeLimit(app, LIMIT))
        async with httpx.AsyncClient(transport=transport, base_url="http://chat") as client:
            return await client.post(path, content=body)

    return asyncio.run(run())


def test_an_upload_declared_over_the_limit_is_refused_before_it_is_read() -> None:
    app = BodyReader()
    response = _post(app, b"x" * (LIMIT + 1))
    assert response.status_code == 413
    assert "upload limit" in response.json()["detail"]
    assert app.bytes_read == 0


def test_a_streamed_upload_is_stopped_once_it_passes_the_limit() -> None:
    app = BodyReader()

    async def chunks() -> Any:
        for _ in range(100):
            yield b"y" * 100  # no length declared: counted as it arrives

    response = _post(app, chunks())
    assert response.status_code == 413
    assert app.bytes_read <= LIMIT + 100


def test_an_upload_within_the_limit_and_other_paths_pass() -> None:
    assert _post(BodyReader(), b"z" * LIMIT).text == "stored"
    assert _post(BodyReader(), b"z" * (LIMIT * 5), path="/other").text == "stored"


def test_a_message_too_long_to_read_gets_an_answer_and_the_socket_takes_it() -> None:
    assert message_too_long("x" * MAX_MESSAGE_CHARACTERS) is None
    reply = message_too_long("x" * (MAX_MESSAGE_CHARACTERS + 1))
    assert reply is not None
    assert f"{MAX_MESSAGE_CHARACTERS + 1:,} characters" in reply
    # A megabyte message (what dropped the socket) fits the socket's buffer, so it is answered.
    assert SOCKET_BUFFER_BYTES > 2**20 * 4


def test_a_turn_over_its_time_budget_is_stopped_with_a_message() -> None:
    async def slow() -> str:
        await asyncio.sleep(5)
        return "late"

    async def fast() -> str:
        return "on time"

    assert asyncio.run(within_budget(slow(), budget_s=0.05)) is None
    assert asyncio.run(within_budget(fast(), budget_s=1)) == "on time"
    assert "longer than 0.05 seconds" in turn_too_slow(0.05)


FIGURES = "Paid search: $400K spent, 2,400 MQLs. Email: $200K spent, 1,500 MQLs."
PLANNER_DELAY_S = 0.5  # each planner turn takes at least this long: past the budget below
BUDGET_S = 0.1


def _stopped_turn(conversation: Conversation, message: str) -> TurnResult | None:
    async def turn() -> TurnResult | None:
        return await conversation.within_budget(conversation.arespond(message), BUDGET_S)

    # asyncio.run waits for the worker thread the stopped turn left running to end, so
    # anything it would still change has been changed by the time this returns.
    return asyncio.run(turn())


def test_a_turn_past_its_time_budget_leaves_the_session_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conversation = Conversation(Settings(data_dir=tmp_path, force_offline=True))
    conversation.respond(FIGURES)
    conversation.respond("Allocate $3M.")
    before = conversation.session.model_dump_json()

    for name in ("respond", "replan"):  # the real planner, slower than the turn's budget
        real = getattr(OfflinePlanner, name)

        def slow(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            time.sleep(PLANNER_DELAY_S)
            return _real(*args, **kwargs)

        monkeypatch.setattr(OfflinePlanner, name, slow)

    assert _stopped_turn(conversation, "Allocate $2M and keep email at least $150K.") is None
    assert conversation.session.model_dump_json() == before
    assert _stopped_turn(conversation, "undo") is None
    assert conversation.session.model_dump_json() == before

    monkeypatch.undo()
    conversation.respond("undo")  # on time, the same turns change the session
    assert conversation.session.model_dump_json() != before


def test_the_page_refuses_what_the_socket_would_drop_at_the_same_bound() -> None:
    """The browser's check (message_bounds.js, loaded by the chat's config) uses the socket's
    buffer: a message the page lets through is one the server receives."""
    ui = Path(__file__).resolve().parents[3] / "assistant" / "ui"
    script = (ui / "public" / "message_bounds.js").read_text()
    found = re.search(r"const SOCKET_BUFFER_BYTES = (\d+);", script)
    assert found is not None
    assert int(found.group(1)) == SOCKET_BUFFER_BYTES
    config = tomllib.loads((ui / ".chainlit" / "config.toml").read_text())
    assert config["UI"]["custom_js"] == "/public/message_bounds.js"


@pytest.mark.parametrize(
    "line", ["x" * 140_000, "Email," + "9" * 140_000 + ",5", "Email\t" + "b" * 140_000]
)
def test_a_line_past_the_csv_field_limit_inside_the_bound_is_read(line: str) -> None:
    """Found by the `ask` command-line fuzz: Python's csv reader raises on a field of more
    than 131,072 characters, which a message inside the bound can hold."""
    from model_engine.intake import parse_message
    from model_engine.intake.text.pasted import find_pasted_history

    text = f"Channel,Spend,MQLs\n{line}\nSearch,300000,4"
    assert len(text) <= MAX_MESSAGE_CHARACTERS
    assert find_pasted_history(text) is None
    parse_message(text)
