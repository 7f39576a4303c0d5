"""A weekly calendar planned in the chat is the conversation's plan: its budget and weeks become
the conversation's, adopting it (the chat's words, the button, ``budgetmix plans adopt``)
stores the calendar with the plan, ``plans show --json`` returns it, tracking paces each week
against the calendar's week, and the one-page plan shows it. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assistant.cli import main
from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.reports import build_report, report_html
from assistant.session import Session
from assistant.storage import open_storage
from assistant.tracking.adoption import AdoptedPlan
from assistant.tracking.book import StoredPlanBook
from assistant.ui.plan_files import adopt_actions
from knowledge import MethodologyRetriever
from tools.views.calendar import CalendarView
from tools.views.tracking import AdoptedPlanView, TrackingView

HISTORY = Path(__file__).resolve().parents[2] / "data" / "robyn_dt_simulated_weekly.csv"
# Front-loading makes the calendar's weeks uneven, so an even split would pace them wrongly.
CALENDAR_REQUEST = "plan Q1 2027 week by week with $2M, front-load 60%"
TRACKED_WEEKS = 4


@pytest.fixture(scope="module")
def planned(
    offline_settings: Settings, retriever: MethodologyRetriever, tmp_path_factory: Any
) -> tuple[Session, CalendarView]:
    """A conversation that fitted the weekly history and planned the calendar (once)."""
    conversation = Conversation(offline_settings, retriever=retriever)
    assert conversation.respond("here is our weekly history", [HISTORY]).intent == "fit"
    result = conversation.respond(CALENDAR_REQUEST)
    assert result.intent == "forecast"
    calendar = result.json_view.calendar
    assert isinstance(calendar, CalendarView)
    return conversation.session, calendar


def _resumed(planned: tuple[Session, CalendarView], settings: Settings) -> Conversation:
    return Conversation(settings, Session.from_json(planned[0].to_json()))


def test_the_calendar_budget_and_weeks_are_the_conversations(
    planned: tuple[Session, CalendarView], offline_settings: Settings
) -> None:
    session, calendar = planned
    assert session.inputs.budget == 2_000_000
    assert session.inputs.horizon_weeks == len(calendar.calendar)
    assert session.inputs.calendar is not None
    assert session.inputs.calendar.front_load == pytest.approx(0.6)
    follow_up = _resumed(planned, offline_settings).respond("what if we cut the budget by 10%")
    assert follow_up.intent == "scenario"
    assert "$2,000,000" in follow_up.reply  # the what-if is beside the calendar's budget
    assert "$1,800,000" in follow_up.reply


def _planned_weeks(calendar: CalendarView) -> dict[tuple[str, str], float]:
    return {
        (week.week, channel): float(spend)
        for week in calendar.calendar
        for channel, spend in week.spend.items()
    }


def test_adopting_in_chat_stores_the_calendar_and_tracks_each_week_against_it(
    planned: tuple[Session, CalendarView],
    offline_settings: Settings,
    database_url: str,
    tmp_path: Path,
) -> None:
    _, calendar = planned
    storage = open_storage(database_url)
    try:
        conversation = _resumed(planned, offline_settings)
        conversation.plan_book = StoredPlanBook(storage, "alice")
        adopted = conversation.respond("Use this plan for Q1 starting 4 January 2027")
        assert adopted.intent == "adopt_plan"
        view = next(c.view for c in adopted.tool_calls if isinstance(c.view, AdoptedPlanView))
        assert view.paced_by_calendar
        assert view.start == date.fromisoformat(calendar.calendar[0].week)
        assert view.weeks == len(calendar.calendar)
        assert "The weekly calendar is stored with the plan" in adopted.reply
        for channel, total in calendar.channel_totals.items():
            assert float(view.allocation[channel]) == pytest.approx(float(total), abs=1.0)

        mine = storage.owned_by(storage.users.get("alice"))
        record = mine.plans.get("Q1")
        assert record is not None
        document = record.document(AdoptedPlan)
        assert document.calendar == calendar
        forecast = mine.plans.forecast(record)
        planned_spend = _planned_weeks(calendar)
        for week in forecast:
            assert week.spend == pytest.approx(
                planned_spend[(f"{week.week_start}", week.channel)], abs=1.0
            )
        first_weeks = sorted({w.week_start for w in forecast})[:TRACKED_WEEKS]
        assert (
            len({round(sum(w.spend for w in forecast if w.week_start == d)) for d in first_weeks})
            > 1
        )

        # Actuals exactly as the calendar's first weeks: every channel on plan, spend paced 0%.
        rows = [w for w in forecast if w.week_start in first_weeks]
        actuals = tmp_path / "actuals.csv"
        actuals.write_text(
            "week,channel,spend,outcome\n"
            + "".join(f"{w.week_start},{w.channel},{w.spend:.4f},{w.outcome:.4f}\n" for w in rows)
        )
        tracked = conversation.respond("Here are the actuals.", [actuals])
        assert tracked.intent == "track"
        tracking = next(c.view for c in tracked.tool_calls if isinstance(c.view, TrackingView))
        assert tracking.weeks_tracked == TRACKED_WEEKS
        for line in tracking.channels:
            assert line.spend_pacing_pct == pytest.approx(0.0, abs=1e-4), line.channel
            assert line.deviation_pct == pytest.approx(0.0, abs=1e-4), line.channel
            assert not line.alert
        summary = tracking.replan_summary
        assert summary is not None
        assert summary.remaining_weeks == len(calendar.calendar) - TRACKED_WEEKS
        rest = [w for w in forecast if w.week_start not in first_weeks]
        for channel, spend in summary.planned_remaining.items():
            expected = sum(w.spend for w in rest if w.channel == channel)
            assert float(spend) == pytest.approx(expected, abs=1.0)

        report = build_report(document, record.version)
        assert report.calendar == calendar
        page = report_html(report)
        assert f"Weekly calendar, {calendar.period}" in page
        assert calendar.calendar[-1].week in page
        assert "spend by week as the calendar above" in page
    finally:
        storage.close()


def test_the_calendar_turn_offers_the_adopt_button(
    planned: tuple[Session, CalendarView], offline_settings: Settings, tmp_path: Path
) -> None:
    storage = open_storage(f"sqlite:///{tmp_path / 'budgetmix.db'}")
    try:
        conversation = _resumed(planned, offline_settings)
        result = conversation.respond(CALENDAR_REQUEST)
        assert adopt_actions(result, StoredPlanBook(storage, "alice"))
        assert not adopt_actions(result, None)
    finally:
        storage.close()


@pytest.fixture
def database_env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BUDGETMIX_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BUDGETMIX_DATABASE_URL", database_url)
    monkeypatch.setenv("BUDGETMIX_OFFLINE", "1")
    return tmp_path


def test_plans_adopt_and_show_carry_the_calendar(
    planned: tuple[Session, CalendarView],
    database_env: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    session, calendar = planned
    path = database_env / "session.json"
    session.save(path)
    arguments = ["plans", "adopt", "--session", str(path), "--name", "Q1", "--start"]
    assert main([*arguments, "2027-01-04", "--json"]) == 0
    capsys.readouterr()
    assert main(["plans", "show", "Q1", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["calendar"]["period"] == calendar.period
    assert [w["week"] for w in shown["calendar"]["calendar"]] == [w.week for w in calendar.calendar]
    planned_spend = _planned_weeks(calendar)
    assert {(w["week"], w["channel"]): w["spend"] for w in shown["forecast"]} == pytest.approx(
        planned_spend, abs=1.0
    )
    assert shown["start"] == calendar.calendar[0].week
