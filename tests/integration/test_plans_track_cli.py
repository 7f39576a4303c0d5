"""``budgetmix plans adopt/list/show`` and ``budgetmix track`` on a real conversation's plan,
on SQLite and PostgreSQL.

The actuals are made from the stored forecast itself: Paid search spends as planned but
brings 30% less (it responded differently), Events spends 40% more and brings what the
model expects at that spend (it spent differently), Email runs exactly on plan.
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from support.cli import cli_error, cli_output
from support.conversations import saved_session

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.session import Session
from knowledge import MethodologyRetriever
from tools.derived import Results

PLAN_REQUEST = (
    "Last quarter: Paid search: $400K spent, 2,400 MQLs. Events: $400K spent, 600 MQLs. "
    "Email: $100K spent, 900 MQLs. Plan $1M for next quarter, keep at least $150K in events."
)
START = date(2027, 1, 4)
TRACKED_WEEKS = 6


@pytest.fixture(scope="module")
def session_file(
    offline_settings: Settings, retriever: MethodologyRetriever, tmp_path_factory: Any
) -> Path:
    return saved_session(
        offline_settings, retriever, PLAN_REQUEST, tmp_path_factory.mktemp("session")
    )


@pytest.fixture
def database_env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BUDGETMIX_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BUDGETMIX_DATABASE_URL", database_url)
    monkeypatch.setenv("BUDGETMIX_OFFLINE", "1")
    return tmp_path


def _adopt(capsys: pytest.CaptureFixture[str], session: Path) -> dict[str, Any]:
    adopted = cli_output(
        capsys, "plans", "adopt", "--session", str(session), "--name", "Q1", "--start",
        START.isoformat(), "--json",
    )  # fmt: skip
    return dict(json.loads(adopted))


def _actuals(
    forecast: list[dict[str, Any]], weeks: int, session: Path
) -> list[tuple[str, str, float, float]]:
    model = Results().model(Session.load(session).inputs)
    events = model.channel("Events").curve
    planned_events = sum(w["spend"] for w in forecast if w["channel"] == "Events")
    # The engine's outcome at a 40% higher pace of spend, per week.
    events_outcome = float(events.outcome(1.4 * planned_events)) / model.horizon_weeks
    rows = []
    for week in forecast:
        if date.fromisoformat(week["week"]) >= START + timedelta(weeks=weeks):
            continue
        spend, outcome = week["spend"], week["outcome"]
        if week["channel"] == "Paid search":
            outcome *= 0.7
        if week["channel"] == "Events":
            spend, outcome = spend * 1.4, events_outcome
        rows.append((week["week"], week["channel"], spend, outcome))
    return rows


def test_adopt_list_show(
    session_file: Path, database_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    adopted = _adopt(capsys, session_file)
    assert (adopted["name"], adopted["version"], adopted["start"]) == ("Q1", 1, "2027-01-04")
    assert adopted["weeks"] == 13
    assert adopted["budget"] == pytest.approx(1_000_000)
    assert set(adopted["channels"]) == {"Paid search", "Events", "Email"}
    assert sum(c["planned_spend"] for c in adopted["channels"].values()) == pytest.approx(1e6)
    for line in adopted["channels"].values():
        assert line["expected_low"] < line["expected_outcome"] < line["expected_high"]

    again = _adopt(capsys, session_file)
    assert again["version"] == 2
    listed = json.loads(cli_output(capsys, "plans", "list", "--json"))
    assert [(p["name"], p["version"]) for p in listed["plans"]] == [("Q1", 2)]

    shown = json.loads(cli_output(capsys, "plans", "show", "Q1", "--json"))
    assert shown["channels"] == adopted["channels"]
    forecast = shown["forecast"]
    assert len(forecast) == 13 * 3
    assert forecast[0]["week"] == "2027-01-04"
    assert forecast[-1]["week"] == "2027-03-29"
    for channel, line in adopted["channels"].items():
        weeks = [w for w in forecast if w["channel"] == channel]
        assert sum(w["outcome"] for w in weeks) == pytest.approx(line["expected_outcome"])
        assert sum(w["outcome_low"] for w in weeks) == pytest.approx(line["expected_low"])
        assert sum(w["spend"] for w in weeks) == pytest.approx(line["planned_spend"])
    assert any("events" in rule["description"] for rule in shown["rules"])
    assert shown["model"]["source"] == "snapshot"
    assert shown["assumptions"]
    assert shown["plan"]["total_spend"] == pytest.approx(1e6, rel=1e-6)
    assert (
        json.loads(cli_output(capsys, "plans", "show", "Q1", "--version", "1", "--json"))["version"]
        == 1
    )


def test_track_alerts_with_reasons_and_replans_the_rest(
    session_file: Path, database_env: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _adopt(capsys, session_file)
    forecast = json.loads(cli_output(capsys, "plans", "show", "Q1", "--json"))["forecast"]
    rows = _actuals(forecast, TRACKED_WEEKS, session_file)
    long = tmp_path / "actuals.csv"
    long.write_text(
        "week,channel,spend,outcome\n"
        + "".join(f"{w},{c},{s:.2f},{o:.4f}\n" for w, c, s, o in rows)
    )
    tracked = json.loads(cli_output(capsys, "track", "Q1", str(long), "--json"))
    assert tracked["weeks_tracked"] == TRACKED_WEEKS
    channels = tracked["channels"]
    for values in channels.values():
        assert set(values) >= {
            "actual_outcome", "predicted_outcome", "predicted_low", "predicted_high",
            "actual_spend", "planned_spend", "deviation_pct", "alert", "reason",
        }  # fmt: skip
    search, events, email = channels["Paid search"], channels["Events"], channels["Email"]
    assert search["deviation_pct"] == pytest.approx(-30, abs=0.01)
    assert (search["alert"], search["reason"]) == (True, "responded differently")
    assert events["actual_spend"] == pytest.approx(1.4 * events["planned_spend"], rel=1e-4)
    assert (events["alert"], events["reason"]) == (True, "spent differently")
    assert (email["alert"], email["reason"]) == (False, None)
    assert email["deviation_pct"] == pytest.approx(0, abs=0.01)
    assert [a["channel"] for a in tracked["alerts"]] == ["Events", "Paid search"]
    replan = tracked["replan"]
    summary = tracked["replan_summary"]
    assert replan["horizon_weeks"] == 13 - TRACKED_WEEKS
    spent = sum(v["actual_spend"] for v in channels.values())
    assert summary["remaining_budget"] == pytest.approx(1e6 - spent)
    assert replan["total_spend"] == pytest.approx(1e6 - spent, rel=1e-6)
    moves = summary["moves"].values()
    into, out_of = sum(m for m in moves if m > 0), -sum(m for m in moves if m < 0)
    assert summary["money_moved"] == pytest.approx(max(into, out_of))
    assert summary["money_moved"] > 0

    # The same weeks in the wide layout replace the stored ones: the same result.
    by_week: dict[str, dict[str, tuple[float, float]]] = {}
    for week, channel, spend, outcome in rows:
        by_week.setdefault(week, {})[channel] = (spend, outcome)
    names = ["Paid search", "Events", "Email"]
    wide = tmp_path / "wide.csv"
    header = "week," + ",".join(f"{n} spend,{n} outcome" for n in names)
    body = "".join(
        week + "," + ",".join(f"{v[n][0]:.2f},{v[n][1]:.4f}" for n in names) + "\n"
        for week, v in by_week.items()
    )
    wide.write_text(header + "\n" + body)
    assert (
        json.loads(cli_output(capsys, "track", "Q1", str(wide), "--json"))["channels"] == channels
    )

    text = cli_output(capsys, "track", "Q1", str(long), "--threshold", "50")
    assert "Likely reason: it responded differently" in text  # outside the band still
    assert "Re-planning the remaining 7 weeks" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("week,channel,spend,outcome\n2027-01-04,Radio,1,1\n", "'Radio' is not a channel"),
        ("week,channel,spend,outcome\n2026-12-01,Email,1,1\n", "outside the plan"),
        ("week,channel,spend,outcome\n2027-01-04,Email,lots,1\n", "spend 'lots' is not a number"),
        ("week,channel,spend,outcome\n2027-01-04,Email,1,1\n", "has no actuals for Events"),
        (
            "week,channel,spend,outcome\n2027-01-04,Email,1,1\n2027-01-05,Email,2,2\n",
            "line 3: Email in the week of 2027-01-04 is already on line 2",
        ),
        ("channel,spend\nEmail,1\n", "no week column"),
    ],
)
def test_bad_actuals_are_explained(
    session_file: Path,
    database_env: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    content: str,
    message: str,
) -> None:
    _adopt(capsys, session_file)
    path = tmp_path / "bad.csv"
    path.write_text(content)
    assert message in cli_error(capsys, "track", "Q1", str(path))


def test_plans_belong_to_their_user(
    session_file: Path,
    database_env: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _adopt(capsys, session_file)
    monkeypatch.setattr("sys.stdin", io.StringIO("erin-long-password\n"))
    cli_output(capsys, "users", "add", "erin", "--password-stdin")
    assert json.loads(cli_output(capsys, "plans", "list", "--json", "--user", "erin")) == {
        "plans": []
    }
    assert "no adopted plan 'Q1'" in cli_error(capsys, "plans", "show", "Q1", "--user", "erin")


def test_a_session_without_a_plan_is_explained(
    database_env: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    empty = tmp_path / "empty.json"
    Conversation(Settings.from_env()).session.save(empty)
    error = cli_error(capsys, "plans", "adopt", "--session", str(empty), "--name", "Q", "--start",
                   "2027-01-04")  # fmt: skip
    assert "has no plan yet" in error
    assert "no session file" in cli_error(
        capsys, "plans", "adopt", "--session", str(tmp_path / "none.json"), "--name", "Q",
        "--start", "2027-01-04",
    )  # fmt: skip
