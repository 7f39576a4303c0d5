"""A local OpenAI-compatible ``/v1/chat/completions`` server for tests (standard library only).

Tests script it turn by turn: each request pops the next :class:`StubReply`, which can be a
tool call, a text answer, an HTTP error (429, 500), a delay longer than the client's timeout,
or a tool call with malformed JSON arguments. The real ``openai`` client talks to it over
HTTP on 127.0.0.1, so the code under test is exactly what runs against a real provider.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class StubReply:
    """One scripted server response."""

    content: str | None = None
    tool_calls: tuple[tuple[str, dict[str, Any] | str], ...] = ()  # (name, args or raw JSON)
    status: int = 200
    delay_s: float = 0.0

    @classmethod
    def text(cls, content: str) -> StubReply:
        return cls(content=content)

    @classmethod
    def call(cls, name: str, args: dict[str, Any] | str) -> StubReply:
        return cls(tool_calls=((name, args),))

    @classmethod
    def error(cls, status: int) -> StubReply:
        return cls(status=status)

    @classmethod
    def slow(cls, seconds: float) -> StubReply:
        return cls(content="too late", delay_s=seconds)


@dataclass
class OpenAIStub:
    """The running server: ``base_url`` for the client, ``requests`` for assertions."""

    script: list[StubReply] | Callable[[dict[str, Any]], StubReply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    base_url: str = ""
    _server: ThreadingHTTPServer | None = None

    def start(self) -> OpenAIStub:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                del args

            def do_POST(self) -> None:
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self.send_error(404)
                    return
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append(body)
                reply = stub.next_reply(body)
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                if reply.status != 200:
                    self._send_json(reply.status, {"error": {"message": f"stub {reply.status}"}})
                    return
                if body.get("stream"):
                    self._send_stream(body, reply)
                else:
                    self._send_json(200, _completion(body, reply))

            def _send_json(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _send_stream(self, body: dict[str, Any], reply: StubReply) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                message = _message(reply)
                delta: dict[str, Any] = {"role": "assistant", "content": message["content"] or ""}
                if "tool_calls" in message:
                    delta["tool_calls"] = [
                        dict(call, index=i) for i, call in enumerate(message["tool_calls"])
                    ]
                finish = "tool_calls" if "tool_calls" in message else "stop"
                base = _envelope(body, "chat.completion.chunk")
                for choice in (
                    {"index": 0, "delta": delta, "finish_reason": None},
                    {"index": 0, "delta": {}, "finish_reason": finish},
                ):
                    chunk = json.dumps({**base, "choices": [choice]})
                    self.wfile.write(f"data: {chunk}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def next_reply(self, body: dict[str, Any]) -> StubReply:
        if callable(self.script):
            return self.script(body)
        if not self.script:
            return StubReply.text("(stub script exhausted)")
        return self.script.pop(0)


def _envelope(body: dict[str, Any], kind: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-" + uuid.uuid4().hex[:12],
        "object": kind,
        "created": int(time.time()),
        "model": body.get("model", "stub"),
    }


def _message(reply: StubReply) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.content}
    if reply.tool_calls:
        message["tool_calls"] = [
            {
                "id": "call_" + uuid.uuid4().hex[:8],
                "type": "function",
                "function": {
                    "name": name,
                    "arguments": args if isinstance(args, str) else json.dumps(args),
                },
            }
            for name, args in reply.tool_calls
        ]
    return message


def _completion(body: dict[str, Any], reply: StubReply) -> dict[str, Any]:
    message = _message(reply)
    return {
        **_envelope(body, "chat.completion"),
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": "tool_calls" if "tool_calls" in message else "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
