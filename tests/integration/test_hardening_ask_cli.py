"""`budgetmix ask` under hostile use: malformed session files, two writers on one session,
``--export`` and a command line that is not UTF-8. Every failure is one line, never a
traceback; concurrent turns are all kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.ui.turn_view import plan_downloads
from prompts import seed_prompt
from tools.views import PlanView

MALFORMED_SESSIONS = {
    "a list": "[1]",
    "an old schema": '{"schema": 1}',
    "Infinity": '{"schema": 2, "inputs": {"budget": Infinity}}',
    "NaN": '{"schema": 2, "inputs": {"budget": NaN}}',
    "an overflowing number": '{"schema": 2, "inputs": {"budget": 1e400}}',
    "a string budget": '{"schema": 2, "inputs": {"budget": "lots"}}',
    "an overflowing budget written as text": '{"schema": 2, "inputs": {"budget": "1e309"}}',
    "infinity written as text": '{"schema": 2, "inputs": {"budget": "inf"}}',
    "an unknown constraint kind": (
        '{"schema": 2, "inputs": {"constraints": [{"constraint": {"kind": "banana"}}]}}'
    ),
    "a step that is not an object": '{"schema": 2, "steps": [1]}',
    "messages that are not a list": '{"schema": 2, "messages": "x"}',
    "a negative horizon": '{"schema": 2, "inputs": {"horizon_weeks": -3}}',
    "broken JSON": '{"schema": 2, "inputs": {',
    "an empty file": "",
    "not JSON at all": "nul",
    "a channel missing its fields": '{"schema": 2, "inputs": {"snapshot": {"channels": [{}]}}}',
}


def _env(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "BUDGETMIX_DATA_DIR": str(data_dir),
        "BUDGETMIX_OFFLINE": "1",
        "OPENAI_API_KEY": "",
        "OPENAI_BASE_URL": "",
    }


@pytest.fixture
def offline(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, value in _env(data_dir).items():
        if name.startswith(("BUDGETMIX_", "OPENAI_")):
            monkeypatch.setenv(name, value)
    return data_dir


@pytest.mark.parametrize("text", MALFORMED_SESSIONS.values(), ids=MALFORMED_SESSIONS.keys())
def test_a_malformed_session_file_is_one_clear_line(
    offline: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    session = tmp_path / "session.json"
    session.write_text(text)
    code = main(["ask", "optimize my budget", "--session", str(session)])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.startswith("budgetmix ask: cannot read the session file"), err
    assert "start a new session" in err
    assert len(err.splitlines()) == 1
    assert session.read_text() == text  # the broken file is left for the user to look at


WRITER = """
import sys
from assistant.cli import main
session, writer = sys.argv[1], sys.argv[2]
for turn in range(8):
    code = main(["ask", f"writer {writer} turn {turn}: what is adstock?", "--session", session])
    assert code == 0, code
"""


def test_two_writers_on_one_session_file_keep_all_sixteen_turns(
    data_dir: Path, tmp_path: Path
) -> None:
    session = tmp_path / "shared.json"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(session), name],
            env=_env(data_dir),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=600)
        assert writer.returncode == 0, err
    messages = json.loads(session.read_text())["messages"]
    said = [m["content"] for m in messages if m["role"] == "user"]
    expected = {f"writer {w} turn {t}: what is adstock?" for w in "ab" for t in range(8)}
    assert len(said) == 16
    assert set(said) == expected
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_writes_the_current_plan_as_the_chat_offers_it(
    offline: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    target = tmp_path / f"plan{suffix}"
    code = main(["ask", seed_prompt(), "--json", "--export", str(target)])
    out = capsys.readouterr().out
    assert code == 0
    plan = PlanView.model_validate(json.loads(out)["current_plan"])
    offered = {Path(d.filename).suffix: d.content for d in plan_downloads(plan)}
    assert target.read_bytes() == offered[suffix]


def test_export_without_a_plan_or_with_another_suffix_is_a_clear_line(
    offline: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "what is adstock?", "--export", str(tmp_path / "plan.csv")]) == 2
    assert "there is no plan yet" in capsys.readouterr().err
    assert not (tmp_path / "plan.csv").exists()
    assert main(["ask", seed_prompt(), "--export", str(tmp_path / "plan.pdf")]) == 2
    assert "give a file ending in .csv or .xlsx" in capsys.readouterr().err


def test_a_message_that_is_not_utf8_is_refused_with_the_byte(data_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", b"budget \xff 2M"],
        capture_output=True,
        env=_env(data_dir),
        timeout=120,
    )
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, err
    assert "not UTF-8 text (byte 0xFF at byte 8)" in err
    assert "Traceback" not in err
