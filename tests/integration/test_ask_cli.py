"""`budgetmix ask` as a script would use it: the JSON contract and --session continuity."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from prompts import seed_prompt

DATA = Path(__file__).resolve().parents[2] / "data"


def ask(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "BUDGETMIX_DATA_DIR": str(data_dir),
        "OPENAI_API_KEY": "",
        "OPENAI_BASE_URL": "",
    }
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def ask_json(data_dir: Path, *args: str) -> dict[str, Any]:
    result = ask(data_dir, "--json", *args)
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_json_contract_and_session_follow_up(data_dir: Path, tmp_path: Path) -> None:
    session = str(tmp_path / "cmo.json")
    first = ask_json(data_dir, "--session", session, seed_prompt())
    assert first["intent"] == "allocate"
    assert first["brain"] == "planner"
    assert set(first) >= {"reply", "intent", "data", "plan", "scenarios", "citations", "warnings"}
    channel = first["data"]["channels"][0]
    assert set(channel) >= {"name", "spend", "outcome", "outcome_name", "cac"}
    assert first["data"]["currency"] == "USD"
    plan = first["plan"]
    assert set(plan) >= {
        "total_budget",
        "objective",
        "constraints",
        "allocations",
        "expected_total",
        "expected_total_low",
        "expected_total_high",
        "baseline_expected_total",
    }
    line = plan["allocations"][0]
    assert set(line) >= {
        "channel",
        "current",
        "recommended",
        "expected",
        "expected_low",
        "expected_high",
        "reason",
    }
    assert all(set(c) == {"source", "section"} for c in first["citations"])

    follow_up = ask_json(data_dir, "--session", session, "what if the budget goes up 20%?")
    assert follow_up["intent"] == "scenario"
    assert follow_up["plan"]["total_budget"] == 2_400_000
    assert follow_up["scenarios"][0]["total_budget"] == 2_400_000
    # baseline: the current mix scaled to the new total
    assert follow_up["plan"]["baseline_expected_total"] > first["plan"]["baseline_expected_total"]


def test_plain_reply_and_bad_data(data_dir: Path) -> None:
    reply = ask(data_dir, "Paid search: $400K spent, -2,400 MQLs")
    assert reply.returncode == 0
    assert "Paid search" in reply.stdout
    assert "negative" in reply.stdout
    bad = ask_json(data_dir, "Paid search: $400K spent, -2,400 MQLs")
    assert bad["intent"] == "error"
    assert bad["plan"] is None


def test_uploaded_file_through_the_cli(data_dir: Path) -> None:
    document = ask_json(
        data_dir, "--file", str(DATA / "meridian_national_all_channels.csv"), "here is our history"
    )
    assert document["intent"] == "fit"
    assert document["data"]["kind"] == "history"
    assert "fit for planning" in document["reply"]


def test_broken_session_file_is_a_one_line_error(data_dir: Path, tmp_path: Path) -> None:
    session = tmp_path / "broken.json"
    session.write_text("{not json")
    result = ask(data_dir, "--session", str(session), "hello")
    assert result.returncode == 2
    assert result.stderr.startswith("budgetmix ask: cannot read the session file")
    assert "Traceback" not in result.stderr


def test_reported_defects_on_an_uploaded_history_through_the_cli(
    data_dir: Path, tmp_path: Path
) -> None:
    """The tool step said "holdout MAPE 896%" for 9.0%; "what if TV is $0?" replaced the data
    and every later plan failed; a session with an uploaded history could not be reloaded."""
    session = str(tmp_path / "history.json")
    upload = ask_json(
        data_dir,
        "--session",
        session,
        "--file",
        str(DATA / "robyn_dt_simulated_weekly.csv"),
        "here is our history",
    )
    (fit_call,) = [c for c in upload["tool_calls"] if c["name"] == "fit_response_curves"]
    shown = re.search(r"holdout MAPE (\d+\.\d)% on the last 31 weeks", fit_call["summary"])
    assert shown is not None
    assert 1 < float(shown.group(1)) < 20  # a percent, never a fraction printed as one (896%)
    assert all(c["summary"] for c in upload["tool_calls"])
    channels = [c["name"] for c in upload["data"]["channels"]]

    what_if = ask_json(data_dir, "--session", session, "what if TV is $0?")
    assert what_if["intent"] == "scenario"
    assert what_if["plan"]["adopted"] is False
    assert what_if["plan"]["allocations"][channels.index("tv_S")]["recommended"] == 0
    assert [c["name"] for c in what_if["data"]["channels"]] == channels  # the data is kept

    replan = ask_json(data_dir, "--session", session, "allocate $3M next quarter")
    assert replan["intent"] == "allocate"
    assert replan["plan"]["total_budget"] == 3_000_000
    assert replan["plan"]["adopted"] is True
    assert "maximums add up" not in replan["reply"]


def test_added_channels_merge_and_undo_goes_back_through_the_cli(
    data_dir: Path, tmp_path: Path
) -> None:
    session = str(tmp_path / "undo.json")
    ask_json(data_dir, "--session", session, seed_prompt())
    added = ask_json(
        data_dir,
        "--session",
        session,
        "Conference: $100K spent, 250 MQLs. Webinars: $50K spent, 150 MQLs.",
    )
    assert len(added["plan"]["allocations"]) == 8
    undone = ask_json(data_dir, "--session", session, "undo")
    assert len(undone["plan"]["allocations"]) == 6
    assert "channel added: Conference" in undone["reply"]
    assert "channel added: Webinars" in undone["reply"]
