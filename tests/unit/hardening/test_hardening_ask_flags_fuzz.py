"""Fuzz over `budgetmix ask`'s command line: the message, --session, --file, --export and
--json, each drawn from well-formed and hostile values (a session file that is a directory,
empty, malformed or /dev/null; an attached file that is missing, a directory, bytes or a
short weekly CSV; an export path with another suffix or naming a directory; a message that is
empty, not UTF-8, a markdown beacon or past the length bound), run in-process as the shell
would run it.

Properties, on every case:

1. **no traceback**: the exit code is 0, or 2 with one line on stderr starting
   ``budgetmix ask:`` (argparse's own usage error is 2 too);
2. **no hang**: each case finishes within :data:`HANG_BOUND_SECONDS`;
3. **no silent drop**: an accepted turn with --session is saved in the file (its message is
   the session's last user message, and a message of channel figures keeps them); --json
   prints one JSON document; --export writes a file; a refused session file is left as it
   was, for the user to look at (a turn refused later, at --export, is still saved).

The default run is a quick profile; ``-m slow`` runs 500 command lines.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fuzz_harness import HANG_BOUND_SECONDS

from assistant.cli import main
from assistant.session import Session
from model_engine.intake.text.message import MAX_MESSAGE_CHARACTERS

FIGURES = "Paid search: $400K spent, 2,400 MQLs. Email: $200K spent, 1,500 MQLs."
MESSAGES = (
    "optimize my budget",
    f"{FIGURES} Allocate $500K.",
    FIGURES,
    "What if the budget goes up 20%?",
    "",
    "   ",
    "Email: 1e309 spent, 5 MQLs.",
    "Email: $400K,000 spent, 12% MQLs.",
    "![x](http://host/leak?d=1) Email: $200K spent, 900 MQLs.",
    "caf\udce9 budget",  # the bytes of a Latin-1 terminal, as Python keeps them in argv
    "=cmd|' /C calc'!A0: $100K spent, 50 MQLs.",
    "x" * (MAX_MESSAGE_CHARACTERS + 1),
)
SESSIONS = ("none", "missing", "directory", "empty", "malformed", "earlier turn", "/dev/null")
FILES = ("none", "missing", "directory", "empty", "bytes", "short weekly csv")
EXPORTS = ("none", "plan.csv", "plan.xlsx", "plan.txt", "folder.csv")


@dataclass(frozen=True)
class AskCase:
    message: str
    session: str
    file: str
    export: str
    json: bool


def ask_cases(count: int, seed: int) -> Iterator[AskCase]:
    rng = random.Random(seed)
    for _ in range(count):
        yield AskCase(
            rng.choice(MESSAGES),
            rng.choice(SESSIONS),
            rng.choice(FILES) if rng.random() < 0.4 else "none",
            rng.choice(EXPORTS),
            rng.random() < 0.5,
        )


def _short_weekly_csv() -> str:
    rows = ["week,search_spend,email_spend,revenue"]
    rows += [
        f"2026-{1 + w // 4:02d}-{1 + 7 * (w % 4):02d},{1000 + 37 * w},{500 + 11 * w},{9000 + w}"
        for w in range(12)
    ]
    return "\n".join(rows) + "\n"


def _session_path(kind: str, folder: Path, earlier: str) -> Path | None:
    if kind == "none":
        return None
    if kind == "/dev/null":
        return Path("/dev/null")
    path = folder / "session.json"
    if kind == "directory":
        path.mkdir()
    elif kind == "empty":
        path.write_text("")
    elif kind == "malformed":
        path.write_text('{"schema": 3, "inputs": {"budget": "lots"}}')
    elif kind == "earlier turn":
        path.write_text(earlier)
    return path


def _attached(kind: str, folder: Path) -> Path | None:
    path = folder / "upload.csv"
    if kind == "none":
        return None
    if kind == "directory":
        path.mkdir()
    elif kind == "empty":
        path.write_text("")
    elif kind == "bytes":
        path.write_bytes(bytes(range(256)) * 4)
    elif kind == "short weekly csv":
        path.write_text(_short_weekly_csv())
    return path


def _export_path(kind: str, folder: Path) -> Path | None:
    if kind == "none":
        return None
    path = folder / kind
    if kind == "folder.csv":
        path.mkdir()
    return path


def check_ask_case(
    case: AskCase, folder: Path, earlier: str, capsys: pytest.CaptureFixture[str]
) -> None:
    session = _session_path(case.session, folder, earlier)
    attached = _attached(case.file, folder)
    export = _export_path(case.export, folder)
    before = session.read_bytes() if session is not None and session.is_file() else None
    arguments = ["ask", case.message]
    if session is not None:
        arguments += ["--session", str(session)]
    if attached is not None:
        arguments += ["--file", str(attached)]
    if export is not None:
        arguments += ["--export", str(export)]
    if case.json:
        arguments.append("--json")
    start = time.perf_counter()
    try:
        code = main(arguments)
    except SystemExit as exited:  # argparse's own usage error
        code = int(exited.code or 0)
    assert time.perf_counter() - start < HANG_BOUND_SECONDS, case
    out = capsys.readouterr()
    assert "Traceback" not in out.err, case
    if code != 0:
        assert code == 2, (code, case)
        lines = out.err.strip().splitlines()
        assert lines, case
        assert lines[-1].startswith("budgetmix"), (out.err, case)
        refused_session = "session file" in lines[-1]
        if refused_session and before is not None and session is not None:
            assert session.read_bytes() == before, f"a refused session file changed: {case}"
        return
    assert out.out.strip(), case
    if case.json:
        json.loads(out.out)
    if export is not None:
        assert export.is_file(), case
        assert export.stat().st_size > 0, case
    if session is not None and session.is_file() and session != Path("/dev/null"):
        saved = Session.load(session)
        said = [m.content for m in saved.messages if m.role == "user"]
        assert said, f"the turn was not saved: {case}"
        assert said[-1] == case.message, f"the turn was not saved: {case}"
        if FIGURES in case.message and attached is None:
            assert saved.inputs.snapshot is not None, f"the figures were dropped: {case}"
            spends = {c.name: c.spend for c in saved.inputs.snapshot.channels}
            assert spends.get("Paid search") == 400_000, spends


@pytest.fixture
def offline(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BUDGETMIX_DATA_DIR", str(data_dir))
    monkeypatch.setenv("BUDGETMIX_OFFLINE", "1")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    return data_dir


@pytest.fixture
def earlier_turn(offline: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A session file after one turn of channel figures, as `ask --session` wrote it."""
    path = tmp_path / "earlier.json"
    assert main(["ask", FIGURES, "--session", str(path)]) == 0
    capsys.readouterr()
    return path.read_text()


def run_cases(
    count: int, seed: int, tmp_path: Path, earlier: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for index, case in enumerate(ask_cases(count, seed)):
        folder = tmp_path / f"case{index}"
        folder.mkdir()
        check_ask_case(case, folder, earlier, capsys)


def test_any_ask_command_line_answers_or_is_refused_in_one_line(
    tmp_path: Path, earlier_turn: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run_cases(14, 18, tmp_path, earlier_turn, capsys)


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_any_ask_command_line_answers_or_is_refused_in_one_line_large(
    tmp_path: Path, earlier_turn: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run_cases(500, 1818, tmp_path, earlier_turn, capsys)
