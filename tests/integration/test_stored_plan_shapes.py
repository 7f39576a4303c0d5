"""Adopted plans stored in older shapes still load from a real SQLite row.

``AdoptedPlan.plan`` and ``.session`` are typed (a ``PlanView`` and a ``Session``). A row
written before they were (both as plain JSON objects) reads back as the typed objects; a row
an older budgetmix wrote (a session of schema 2, a plan view without a field today's has)
still lists and shows, and only what needs the unreadable part says why it cannot be used.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from support.cli import cli_output
from support.conversations import saved_session

from assistant.cli import main
from assistant.config import Settings
from assistant.session import Session
from assistant.tracking.adoption import AdoptedPlan, UnreadableStoredPart
from knowledge import MethodologyRetriever
from tools.allocation import current_plan_view
from tools.derived import Results
from tools.views.plan import PlanView

PLAN_REQUEST = (
    "Last quarter: Paid search: $400K spent, 2,400 MQLs. Events: $400K spent, 600 MQLs. "
    "Email: $100K spent, 900 MQLs. Plan $1M for next quarter."
)


@pytest.fixture(scope="module")
def session_file(
    offline_settings: Settings, retriever: MethodologyRetriever, tmp_path_factory: Any
) -> Path:
    return saved_session(
        offline_settings, retriever, PLAN_REQUEST, tmp_path_factory.mktemp("session")
    )


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "budgetmix.db"
    monkeypatch.setenv("BUDGETMIX_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BUDGETMIX_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("BUDGETMIX_OFFLINE", "1")
    return path


def _conforms(printed: str, document: str) -> Any:
    """``printed`` as JSON, checked against its committed schema in docs/schema/."""
    committed = Path(__file__).resolve().parents[2] / "docs" / "schema" / f"{document}.json"
    value = json.loads(printed)
    jsonschema.validate(value, json.loads(committed.read_text()))
    return value


def _adopt_and_rewrite(
    capsys: pytest.CaptureFixture[str], session: Path, database: Path, rewrite: Any
) -> dict[str, Any]:
    """Adopt the session's plan, then rewrite its stored row with ``rewrite(document)``."""
    cli_output(capsys, "plans", "adopt", "--session", str(session), "--name", "Q1", "--start",
         "2027-01-04")  # fmt: skip
    with sqlite3.connect(database) as connection:
        (text,) = connection.execute("SELECT document FROM plans").fetchone()
        document = rewrite(json.loads(text))
        connection.execute("UPDATE plans SET document = ?", (json.dumps(document),))
    return dict(document)


def test_a_row_with_the_plan_and_session_as_plain_json_reads_as_typed_objects(
    session_file: Path, database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = Session.load(session_file)
    view = current_plan_view(Results(), session.inputs)

    def as_written_before(document: dict[str, Any]) -> dict[str, Any]:
        # How AdoptedPlan stored them while they were `dict[str, Any]` fields.
        return {
            **document,
            "plan": view.model_dump(mode="json"),
            "session": json.loads(session.to_json()),
        }

    _adopt_and_rewrite(capsys, session_file, database, as_written_before)
    with sqlite3.connect(database) as connection:
        (text,) = connection.execute("SELECT document FROM plans").fetchone()
    stored = AdoptedPlan.model_validate_json(text)
    assert isinstance(stored.plan, PlanView)
    assert isinstance(stored.session, Session)
    assert stored.plan_view() == view
    assert stored.restore_session().inputs == session.inputs

    shown = _conforms(cli_output(capsys, "plans", "show", "Q1", "--json"), "plans-show")
    assert shown["plan"]["total_spend"] == pytest.approx(1e6, rel=1e-6)
    assert shown["plan_problem"] is None
    report = database.parent / "q1.html"
    cli_output(capsys, "plans", "report", "Q1", "--format", "html", "--out", str(report))
    assert "Paid search" in report.read_text()


def test_a_row_an_older_budgetmix_wrote_still_lists_and_shows(
    session_file: Path, database: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def as_an_older_budgetmix_wrote(document: dict[str, Any]) -> dict[str, Any]:
        session = dict(document["session"], schema=2)
        del session["pending"]
        plan = {k: v for k, v in document["plan"].items() if k != "allocations"}
        return {**document, "plan": plan, "session": session}

    written = _adopt_and_rewrite(capsys, session_file, database, as_an_older_budgetmix_wrote)

    listed = _conforms(cli_output(capsys, "plans", "list", "--json"), "plans-list")
    assert [(p["name"], p["version"]) for p in listed["plans"]] == [("Q1", 1)]
    shown = _conforms(cli_output(capsys, "plans", "show", "Q1", "--json"), "plans-show")
    assert shown["plan"] is None
    assert "older budgetmix" in shown["plan_problem"]
    assert "allocations" in shown["plan_problem"]
    assert sum(c["planned_spend"] for c in shown["channels"].values()) == pytest.approx(1e6)
    assert len(shown["forecast"]) == 13 * 3

    with sqlite3.connect(database) as connection:
        (text,) = connection.execute("SELECT document FROM plans").fetchone()
    stored = AdoptedPlan.model_validate_json(text)
    assert isinstance(stored.session, UnreadableStoredPart)
    assert json.loads(stored.session.stored_json) == written["session"]  # kept as written
    again = AdoptedPlan.model_validate_json(stored.model_dump_json())
    assert again == stored  # and it survives another round trip

    assert main(["plans", "report", "Q1", "--format", "html", "--out", str(tmp_path / "r")]) == 2
    assert "adopt it again from its session" in capsys.readouterr().err
    actuals = tmp_path / "actuals.csv"
    actuals.write_text("week,channel,spend,outcome\n2027-01-04,Email,1,1\n")
    assert main(["track", "Q1", str(actuals)]) == 2
    error = capsys.readouterr().err
    assert "the plan's conversation cannot be rebuilt" in error
    assert "schema 2" in error


def test_a_fresh_adoption_stores_today_s_typed_shape(
    session_file: Path, database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    adopted = _adopt_and_rewrite(capsys, session_file, database, lambda document: document)
    assert adopted["session"]["schema"] == Session.load(session_file).schema_version
    assert PlanView.model_validate(adopted["plan"]).total_spend == pytest.approx(1e6, rel=1e-6)
    assert date.fromisoformat(adopted["start_date"]) == date(2027, 1, 4)
