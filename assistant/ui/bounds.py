"""What one chat turn may cost, each bound with a clear message instead of a dropped socket
or a request that runs on.

- **Message length**: a message longer than the reader reads (``MAX_MESSAGE_CHARACTERS``) is
  answered with what to do, before any brain sees it; the socket accepts messages up to
  :data:`SOCKET_BUFFER_BYTES`, so one that size gets that answer instead of a silent drop.
- **Upload size**: :class:`UploadSizeLimit` counts an upload's bytes as they arrive and stops
  it at the limit with HTTP 413 and a sentence, before the body is held in memory.
- **Time per turn**: :func:`within_budget` stops waiting for a turn after
  :data:`TURN_TIME_BUDGET_S` and says so.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable
from typing import Any, TypeVar

from model_engine.intake.text.message import MAX_MESSAGE_CHARACTERS

SOCKET_BUFFER_BYTES = 8 * 2**20  # 4 bytes per character of the longest message read, and room
TURN_TIME_BUDGET_S = 180.0
UPLOAD_PATH = "/project/file"

T = TypeVar("T")

Scope = dict[str, Any]
Message = dict[str, Any]


def message_too_long(text: str) -> str | None:
    """The reply to a message too long to read, or ``None`` if it can be read."""
    if len(text) <= MAX_MESSAGE_CHARACTERS:
        return None
    return (
        f"Your message has {len(text):,} characters; I read at most "
        f"{MAX_MESSAGE_CHARACTERS:,} in one message, so I did not read this one. Upload the "
        "figures as a CSV or Excel file, or send them in several shorter messages."
    )


def turn_too_slow(budget_s: float = TURN_TIME_BUDGET_S) -> str:
    return (
        f"This turn took longer than {budget_s:g} seconds, so I stopped it. Try a smaller "
        "question (fewer channels or scenarios), or a weekly file with fewer rows."
    )


async def within_budget(turn: Awaitable[T], budget_s: float = TURN_TIME_BUDGET_S) -> T | None:
    """The turn's result, or ``None`` when it did not finish within ``budget_s``."""
    try:
        return await asyncio.wait_for(turn, timeout=budget_s)
    except TimeoutError:
        return None


class UploadTooLargeError(Exception):
    pass


class UploadSizeLimit:
    """ASGI middleware: an upload to :data:`UPLOAD_PATH` larger than ``limit_bytes`` is refused
    with 413 as soon as its declared length or its bytes so far pass the limit."""

    def __init__(self, app: Any, limit_bytes: int, path: str = UPLOAD_PATH) -> None:
        self.app = app
        self.limit_bytes = limit_bytes
        self.path = path

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("path") != self.path:
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit_bytes:
            await self._refuse(send)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message: Message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit_bytes:
                    raise UploadTooLargeError
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except UploadTooLargeError:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Any) -> None:
        megabytes = self.limit_bytes / 2**20
        body = json.dumps(
            {
                "detail": f"The file is over the {megabytes:g} MB upload limit. Keep the date, "
                "outcome and spend columns, or aggregate daily rows to weeks, and attach it again."
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
