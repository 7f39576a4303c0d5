"""Starting `budgetmix chat` for the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CLI = [sys.executable, "-m", "assistant.cli"]
SERVER_START_TIMEOUT_S = 90
_LLM_SETTINGS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "BUDGETMIX_OFFLINE")


@dataclass(frozen=True)
class ChatServer:
    url: str
    data_dir: Path
    workdir: Path  # where the server was started: it must stay empty
    log: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def chat_env(data_dir: Path, **settings: str) -> dict[str, str]:
    """The test's environment without any LLM settings, plus ``settings``."""
    env = {k: v for k, v in os.environ.items() if k not in _LLM_SETTINGS}
    env.update(BUDGETMIX_DATA_DIR=str(data_dir), ORT_DISABLE_TELEMETRY="1", **settings)
    return env


@contextmanager
def serve_chat(env: dict[str, str], workdir: Path, log: Path) -> Iterator[str]:
    """``budgetmix chat`` on a free loopback port, started in ``workdir``; yields its URL."""
    port = _free_port()
    with log.open("w") as output:
        server = subprocess.Popen(
            [*CLI, "chat", "--host", "127.0.0.1", "--port", str(port), "--headless"],
            cwd=workdir,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait_until_serving(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(f"budgetmix chat did not start:\n{log.read_text()}") from None
            time.sleep(0.25)
