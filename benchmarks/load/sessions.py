"""Browser-less chat sessions over Chainlit's own socket (python-socketio's client).

Each :class:`ChatClient` signs in as the browser does (``POST /auth/header`` sets the session
cookie), opens the socket at ``/ws/socket.io`` with a session id of its own, starts the chat
(``connection_successful``) and sends ``client_message`` events; a turn ends at the server's
``task_end``, and its reply is every message text the server sent for it.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import socketio

SOCKET_PATH = "/ws/socket.io"


@dataclass
class Turn:
    seconds: float
    texts: list[str] = field(default_factory=list)

    @property
    def reply(self) -> str:
        return "\n".join(self.texts)


class ChatClient:
    def __init__(self, url: str) -> None:
        self.url = url
        self.session_id = str(uuid.uuid4())
        self.socket = socketio.AsyncClient(reconnection=False)
        self._messages: dict[str, str] = {}
        self._order: list[str] = []
        self._tokens: dict[str, list[str]] = {}
        self._idle = asyncio.Event()
        self.socket.on("new_message", self._on_message)
        self.socket.on("update_message", self._on_message)
        self.socket.on("stream_start", self._on_message)
        self.socket.on("stream_token", self._on_token)
        self.socket.on("task_start", self._on_task_start)
        self.socket.on("task_end", self._on_task_end)
        self._started = False

    async def _on_message(self, step: dict[str, Any]) -> None:
        if step.get("type") == "assistant_message" and step.get("id"):
            if step["id"] not in self._messages:
                self._order.append(step["id"])
            self._messages[step["id"]] = step.get("output") or ""

    async def _on_token(self, data: dict[str, Any]) -> None:
        self._tokens.setdefault(data["id"], []).append(data.get("token", ""))

    async def _on_task_start(self, *_: Any) -> None:
        self._started = True

    async def _on_task_end(self, *_: Any) -> None:
        if self._started:
            self._idle.set()

    async def connect(self, attempts: int = 3) -> None:
        """Sign in and open the socket; a busy server may refuse a first attempt."""
        for attempt in range(attempts):
            try:
                await self._connect()
                return
            except (socketio.exceptions.ConnectionError, httpx.HTTPError):
                if attempt == attempts - 1:
                    raise
                await asyncio.sleep(1.0 + attempt)

    async def _connect(self) -> None:
        async with httpx.AsyncClient(base_url=self.url, timeout=60) as http:
            response = await http.post("/auth/header")
            response.raise_for_status()
            cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
        auth = {
            "clientType": "webapp",
            "sessionId": self.session_id,
            "threadId": None,
            "userEnv": "{}",
            "chatProfile": None,
        }
        await self.socket.connect(
            self.url,
            socketio_path=SOCKET_PATH,
            headers={"Cookie": cookie},
            auth=auth,
            transports=["websocket"],
            wait_timeout=60,
        )
        await self.socket.emit("connection_successful")
        await asyncio.sleep(0.5)  # the chat's start (settings panel) is sent meanwhile

    async def say(self, text: str, timeout_s: float = 300) -> Turn:
        seen = set(self._messages)
        self._idle.clear()
        self._started = False
        step = {
            "id": str(uuid.uuid4()),
            "threadId": "",
            "name": "User",
            "type": "user_message",
            "output": text,
            "createdAt": datetime.now(UTC).isoformat(),
        }
        start = time.perf_counter()
        await self.socket.emit("client_message", {"message": step, "fileReferences": []})
        # The turn runs between the server's task_start and task_end for this message.
        await asyncio.wait_for(self._idle.wait(), timeout_s)
        seconds = time.perf_counter() - start
        texts = []
        for message_id in self._order:
            if message_id in seen:
                continue
            text_now = self._messages[message_id] or "".join(self._tokens.get(message_id, []))
            texts.append(text_now)
        return Turn(seconds, texts)

    async def close(self) -> None:
        await self.socket.disconnect()
