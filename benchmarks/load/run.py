"""Load: 20 concurrent browser-less chat sessions against a served `budgetmix chat`.

Each session sends the seed brief with a budget of its own ($2.55M, $2.6M, …) over Chainlit's
socket at the same moment; the figure is the time from sending to the end of the turn (p50,
p95, max), and the check is no cross-talk: each reply states its own budget and no other
session's. Run with ``python -m benchmarks.load``; results in ``benchmarks/results/load.md``.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from benchmarks.load.sessions import ChatClient
from model_engine.money import format_money
from prompts import seed_prompt

SESSIONS = 20
# Building the methodology index on a fresh data dir, on busy shared cores, takes minutes.
SERVER_START_TIMEOUT_S = 600
RESULTS = Path(__file__).resolve().parents[1] / "results" / "load.md"


def budget_of(index: int) -> float:
    return 2_550_000 + 50_000 * index  # never the $2M the channels spent last quarter


def brief(index: int) -> str:
    return seed_prompt().replace("$2M", format_money(budget_of(index), "USD"))


@dataclass(frozen=True)
class LoadResult:
    sessions: int
    seconds: tuple[float, ...]
    cross_talk: tuple[str, ...]  # one line per reply that misses its budget or names another

    @property
    def p50(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p95(self) -> float:
        ordered = sorted(self.seconds)
        return ordered[max(0, round(0.95 * len(ordered)) - 1)]


async def _turn(client: ChatClient, index: int) -> tuple[float, str]:
    turn = await client.say(brief(index))
    return turn.seconds, turn.reply


async def run_load(url: str, sessions: int = SESSIONS) -> LoadResult:
    clients = [ChatClient(url) for _ in range(sessions)]
    # Every session is connected before any message goes out, so the turns overlap fully.
    await asyncio.gather(*(client.connect() for client in clients))
    try:
        done = await asyncio.gather(*(_turn(c, i) for i, c in enumerate(clients)))
    finally:
        await asyncio.gather(*(client.close() for client in clients))
    budgets = [format_money(budget_of(i), "USD") for i in range(sessions)]
    problems = []
    for index, (_, reply) in enumerate(done):
        if budgets[index] not in reply:
            problems.append(f"session {index}: its budget {budgets[index]} is not in the reply")
        others = [b for j, b in enumerate(budgets) if j != index and b in reply]
        if others:
            problems.append(f"session {index}: the reply names {', '.join(others)}")
    return LoadResult(sessions, tuple(s for s, _ in done), tuple(problems))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve(data_dir: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`budgetmix chat` (offline) on a free port; returns the process and its URL once up."""
    port = _free_port()
    env = {**os.environ, "BUDGETMIX_DATA_DIR": str(data_dir), "BUDGETMIX_OFFLINE": "1"}
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "chat", "--port", str(port), "--headless"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            return server, url
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(f"budgetmix chat did not start:\n{log.read_text()}") from None
            time.sleep(0.25)


def write_results(result: LoadResult) -> None:
    load = os.getloadavg()[0]
    RESULTS.write_text(
        "# Load: concurrent chat sessions\n\n"
        f"{result.sessions} browser-less socket sessions against one `budgetmix chat` "
        "(offline planner), each sending the seed brief with a budget of its own at the same "
        "moment; time from sending to the end of the turn. "
        f"Machine: {os.cpu_count()} cores shared with other jobs (load average {load:.1f}).\n\n"
        "| sessions | p50 (s) | p95 (s) | max (s) | cross-talk |\n|---|---|---|---|---|\n"
        f"| {result.sessions} | {result.p50:.1f} | {result.p95:.1f} | {max(result.seconds):.1f} | "
        f"{len(result.cross_talk) or 'none'} |\n"
    )


def main() -> int:
    """Serve with ``BUDGETMIX_DATA_DIR`` when set (its index is reused), else a fresh folder."""
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(os.environ.get("BUDGETMIX_DATA_DIR") or folder)
        server, url = serve(data_dir, Path(folder) / "server.log")
        try:
            result = asyncio.run(run_load(url))
        finally:
            server.terminate()
            server.wait(30)
    write_results(result)
    print(RESULTS.read_text())
    for problem in result.cross_talk:
        print(problem, file=sys.stderr)
    return 1 if result.cross_talk else 0
