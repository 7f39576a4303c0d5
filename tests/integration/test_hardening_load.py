"""Load: 20 concurrent browser-less socket sessions against a served `budgetmix chat`; each
gets its own answer (its own budget, no other session's). The timing is recorded by
``python -m benchmarks.load`` (benchmarks/results/load.md), not asserted here."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from benchmarks.load.run import SESSIONS, run_load, serve


@pytest.mark.slow
def test_twenty_concurrent_sessions_each_get_their_own_answer(
    data_dir: Path, tmp_path: Path
) -> None:
    server, url = serve(data_dir, tmp_path / "server.log")
    try:
        result = asyncio.run(run_load(url, SESSIONS))
    finally:
        server.terminate()
        server.wait(30)
    assert len(result.seconds) == SESSIONS
    assert result.cross_talk == ()
    assert "Traceback" not in (tmp_path / "server.log").read_text()
