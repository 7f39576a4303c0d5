"""`budgetmix chat` refuses a busy port in one line instead of a server traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from assistant.cli import main


def test_a_busy_port_is_reported_before_anything_starts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUDGETMIX_DATA_DIR", str(tmp_path))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["chat", "--host", "127.0.0.1", "--port", str(port), "--headless"])
    assert code == 2
    error = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in error
    assert "pass another --port" in error
    assert not (tmp_path / "chroma").exists()  # the index is not built for a server that can't run
