"""``budgetmix plans compare A B`` and ``budgetmix plans delete NAME`` on real conversations'
plans, on SQLite and PostgreSQL: the comparison's figures are the stored plans' own, and a
plan is deleted only with ``--yes`` (or a yes at a terminal)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from support.cli import cli_error, cli_output

from assistant.config import Settings
from assistant.conversation import Conversation
from knowledge import MethodologyRetriever

DATA = (
    "Last quarter: Paid search: $400K spent, 2,400 MQLs. Events: $400K spent, 600 MQLs. "
    "Email: $100K spent, 900 MQLs. "
)
PLANS = {
    "Q3": DATA + "Plan $1M for next quarter, keep at least $150K in events.",
    "Conservative": DATA + "Plan $800K for next quarter.",
}


@pytest.fixture(scope="module")
def sessions(
    offline_settings: Settings, retriever: MethodologyRetriever, tmp_path_factory: Any
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sessions")
    paths = {}
    for name, request in PLANS.items():
        conversation = Conversation(offline_settings, retriever=retriever)
        assert conversation.respond(request).intent == "allocate"
        paths[name] = folder / f"{name}.json"
        conversation.session.save(paths[name])
    return paths


@pytest.fixture
def adopted(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sessions: dict[str, Path],
) -> dict[str, dict[str, Any]]:
    monkeypatch.setenv("BUDGETMIX_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BUDGETMIX_DATABASE_URL", database_url)
    monkeypatch.setenv("BUDGETMIX_OFFLINE", "1")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal to ask at
    for name, path in sessions.items():
        cli_output(capsys, "plans", "adopt", "--session", str(path), "--name", name, "--start",
             "2027-01-04")  # fmt: skip
    return {name: json.loads(cli_output(capsys, "plans", "show", name, "--json")) for name in PLANS}


def test_compare_sets_the_stored_plans_side_by_side(
    adopted: dict[str, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(cli_output(capsys, "plans", "compare", "Q3", "conservative", "--json"))
    first, second = adopted["Q3"], adopted["Conservative"]
    assert (document["first"], document["second"]) == (
        {"name": "Q3", "version": 1},
        {"name": "Conservative", "version": 1},
    )
    assert document["outcome_name"] == "MQLs"
    assert set(document["channels"]) == {"Paid search", "Events", "Email"}
    for channel, line in document["channels"].items():
        a, b = first["channels"][channel], second["channels"][channel]
        assert line["first_spend"] == a["planned_spend"]
        assert line["spend_change"] == pytest.approx(b["planned_spend"] - a["planned_spend"])
        assert line["outcome_change"] == pytest.approx(
            b["expected_outcome"] - a["expected_outcome"]
        )
        assert line["first_roi"] == pytest.approx(a["expected_outcome"] / a["planned_spend"])
        assert line["roi_change"] == pytest.approx(
            b["expected_outcome"] / b["planned_spend"] - line["first_roi"]
        )
    total = document["total"]
    assert total["first_spend"] == pytest.approx(1_000_000)
    assert total["spend_change"] == pytest.approx(-200_000)
    assert total["second_outcome_low"] == second["expected_low"]
    assert total["outcome_change"] == pytest.approx(
        second["expected_outcome"] - first["expected_outcome"]
    )
    # The cheaper plan returns more per dollar (diminishing returns), and says so.
    assert total["roi_change"] > 0

    text = cli_output(capsys, "plans", "compare", "Q3", "Conservative")
    assert "Conservative v1 against Q3 v1" in text
    assert "Total: spend $1,000,000 -> $800,000 (-$200,000)" in text


def test_compare_names_a_missing_plan_and_the_plans_there_are(
    adopted: dict[str, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    error = cli_error(capsys, "plans", "compare", "Q3", "Holiday")
    assert "there is no saved plan 'Holiday': your saved plans are 'Q3' and 'Conservative'" in error
    assert "is the same plan twice" in cli_error(capsys, "plans", "compare", "Q3", "q3")


def test_delete_asks_for_yes_and_then_deletes_every_version(
    adopted: dict[str, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    error = cli_error(capsys, "plans", "delete", "Q3")
    assert "kept 'Q3'" in error
    assert "--yes" in error
    assert "Q3 v1" in cli_output(capsys, "plans", "list")

    deleted = json.loads(cli_output(capsys, "plans", "delete", "Q3", "--yes", "--json"))
    assert deleted == {"name": "Q3", "versions": [1], "plans_left": ["Conservative"]}
    listing = json.loads(cli_output(capsys, "plans", "list", "--json"))
    assert [p["name"] for p in listing["plans"]] == ["Conservative"]
    error = cli_error(capsys, "plans", "delete", "Q3", "--yes")
    assert "there is no saved plan 'Q3': your one saved plan is 'Conservative'" in error


def test_a_versions_id_deletes_only_that_version(
    adopted: dict[str, dict[str, Any]],
    sessions: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    cli_output(capsys, "plans", "adopt", "--session", str(sessions["Q3"]), "--name", "Q3",
         "--start", "2027-02-01")  # fmt: skip
    listing = json.loads(cli_output(capsys, "plans", "list", "--json"))
    newest = next(p for p in listing["plans"] if p["name"] == "Q3")
    assert newest["version"] == 2

    text = cli_output(capsys, "plans", "delete", str(newest["id"]), "--yes")
    assert text.strip() == "deleted Q3 (v2)"
    shown = json.loads(cli_output(capsys, "plans", "show", "Q3", "--json"))
    assert (shown["version"], shown["start"]) == (1, "2027-01-04")


def test_ask_json_asks_before_deleting_and_deletes_on_confirm(
    adopted: dict[str, dict[str, Any]],
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BUDGETMIX_DATA_DIR", str(data_dir))  # the methodology index is built
    session = str(tmp_path / "chat.json")
    asked = json.loads(
        cli_output(capsys, "ask", "--session", session, "--json", "delete the old plan")
    )
    assert asked["intent"] == "clarify"
    assert [(c["choice"], c["route"], c["label"]) for c in asked["choices"]] == [
        (1, "delete_plan", "Delete Q3"),
        (2, "keep_plan", "Keep Q3"),
    ]
    assert [c["name"] for c in asked["tool_calls"]] == []  # nothing deleted yet
    listing = json.loads(cli_output(capsys, "plans", "list", "--json"))
    assert [p["name"] for p in listing["plans"]] == ["Q3", "Conservative"]

    done = json.loads(cli_output(capsys, "ask", "--session", session, "--json", "confirm"))
    assert done["intent"] == "delete_plan"
    assert done["choices"] == []
    assert ("delete_plan", True) in [(c["name"], c["ok"]) for c in done["tool_calls"]]
    listing = json.loads(cli_output(capsys, "plans", "list", "--json"))
    assert [p["name"] for p in listing["plans"]] == ["Conservative"]

    compared = json.loads(
        cli_output(capsys, "ask", "--json", "compare the conservative plan with Q3")
    )
    assert compared["intent"] == "clarify"  # Q3 is gone: which two?
    assert "Your one saved plan is **Conservative**" in compared["reply"]
