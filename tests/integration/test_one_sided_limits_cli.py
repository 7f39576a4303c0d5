"""`budgetmix ask --json` through the offline planner with a one-sided change limit: every
channel keeps at least half of its current spend, the reply states the rule it obeys, and a
budget the floors cannot fit is refused with the figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from prompts import seed_prompt


def _ask_json(data_dir: Path, message: str) -> dict[str, Any]:
    env = {
        **os.environ,
        "BUDGETMIX_DATA_DIR": str(data_dir),
        "OPENAI_API_KEY": "",
        "OPENAI_BASE_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", "--json", message],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_dont_cut_anything_by_more_than_half_keeps_every_channel_at_half(data_dir: Path) -> None:
    document = _ask_json(
        data_dir, f"{seed_prompt()} Budget $2M, don't cut anything by more than half."
    )
    assert document["intent"] == "allocate"
    plan = document["plan"]
    assert plan["total_budget"] == 2_000_000
    rule = "no channel is cut by more than 50% from current spend"
    assert rule in plan["constraints"]
    # The CMO's own limit replaces the default ±50% guardrail: growth is left free.
    assert not any("±" in c for c in plan["constraints"])
    for line in plan["allocations"]:
        assert line["recommended"] >= 0.5 * line["current"] - 0.5, line
    # The rule binds on the channels the plan would otherwise cut further, and says so.
    held = [a for a in plan["allocations"] if a["recommended"] <= 0.5 * a["current"] + 0.5]
    assert held
    assert "No channel is cut by more than 50% from current spend" in document["reply"]
    assert not any("half" in w for w in document["warnings"])


def test_a_budget_below_the_floors_is_refused_with_the_figures(data_dir: Path) -> None:
    document = _ask_json(
        data_dir,
        "Last quarter: Paid search $400K spent, 2,400 MQLs. Email $200K spent, 1,500 MQLs. "
        "Events $400K spent, 600 MQLs. Budget $400K next quarter. "
        "Don't cut anything by more than half.",
    )
    assert document["plan"] is None
    assert "The channel minimums add up to $500,000, more than $400,000." in document["reply"]
