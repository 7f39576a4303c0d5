"""Follow-ups after a weekly calendar (issue 15's leftovers): "now with 10% less" re-plans the
calendar (same period and pacing rules, the budget 10% lower), not the totals, and a message
that states only funnel rates re-plans the calendar with the KPI those rates make. Every reply
passes the grounding check."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from support.calendars import assert_paced
from support.conversations import talk, ungrounded_numbers

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.session import Session
from tools.views.calendar import CalendarView

HISTORY = Path(__file__).resolve().parents[3] / "data" / "robyn_dt_simulated_weekly.csv"
PACED = "Plan Q1 2027 with $600K, no more than 10% week-to-week change, front-load 60%"


def _fitted(root: Path, history: Path) -> tuple[Settings, Session]:
    settings = Settings.from_env({"BUDGETMIX_DATA_DIR": str(root), "BUDGETMIX_OFFLINE": "1"})
    conversation = Conversation(settings)
    assert conversation.respond("here is our weekly history", [history]).intent == "fit"
    return settings, conversation.session


@pytest.fixture(scope="module")
def revenue_history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Session]:
    return _fitted(tmp_path_factory.mktemp("revenue"), HISTORY)


@pytest.fixture(scope="module")
def mql_history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Session]:
    """The same weekly history with its outcome counted as MQLs (revenue / 1,000)."""
    root = tmp_path_factory.mktemp("mqls")
    with HISTORY.open(newline="") as file:
        rows = list(csv.reader(file))
    rows[0][1] = "MQLs"
    for row in rows[1:]:
        row[1] = f"{float(row[1]) / 1000:.1f}"
    path = root / "weekly_mqls.csv"
    with path.open("w", newline="") as file:
        csv.writer(file).writerows(rows)
    return _fitted(root, path)


def _conversation(fitted: tuple[Settings, Session]) -> Conversation:
    settings, session = fitted
    return Conversation(settings, Session.from_json(session.to_json()))


def _calendar(turns: list[tuple[str, object]]) -> CalendarView:
    assert ungrounded_numbers(turns) == []  # type: ignore[arg-type]
    result = turns[-1][1]
    assert result.intent == "forecast"  # type: ignore[attr-defined]
    calendar = result.json_view.calendar  # type: ignore[attr-defined]
    assert isinstance(calendar, CalendarView)
    return calendar


def test_now_with_ten_percent_less_replans_the_calendar(
    revenue_history: tuple[Settings, Session],
) -> None:
    conversation = _conversation(revenue_history)
    turns = talk(conversation, PACED, "now with 10% less")
    first = _calendar(turns[:1])
    calendar = _calendar(turns)
    assert float(calendar.budget) == pytest.approx(0.9 * float(first.budget))
    assert float(calendar.total_spend) == pytest.approx(540_000, abs=1)
    assert [w.week for w in calendar.calendar] == [w.week for w in first.calendar]
    assert calendar.period == first.period
    assert_paced(calendar, week_to_week=0.1, front_load=0.6)
    assert "The same calendar with budget −10%." in turns[-1][1].reply
    assert conversation.session.inputs.budget == pytest.approx(540_000)


def test_a_cut_to_a_run_rate_calendar_applies_to_the_run_rate(
    revenue_history: tuple[Settings, Session],
) -> None:
    turns = talk(_conversation(revenue_history), "Plan Q1 2027", "cut it by 5%")
    first, calendar = _calendar(turns[:1]), _calendar(turns)
    assert float(calendar.budget) == pytest.approx(0.95 * float(first.budget), abs=1)


def test_a_what_if_after_a_calendar_stays_a_what_if(
    revenue_history: tuple[Settings, Session],
) -> None:
    conversation = _conversation(revenue_history)
    _calendar(talk(conversation, PACED))
    result = conversation.respond("What if we cut it by 10%?")
    assert result.intent == "scenario"
    assert conversation.session.inputs.budget == pytest.approx(600_000)


def test_funnel_rates_alone_replan_the_calendar_with_the_funnel_kpi(
    mql_history: tuple[Settings, Session],
) -> None:
    plan = "Plan Q1 2027 week by week, maximise qualified pipeline"
    rates = "MQL to SQL is 30% and SQL to won is 20%"
    turns = talk(_conversation(mql_history), plan, rates)
    first, calendar = _calendar(turns[:1]), _calendar(turns)
    assert first.kpi.name == "MQLs"
    assert calendar.kpi.name == "SQLs"
    assert calendar.kpi.model_outcome == "MQLs"
    assert calendar.kpi.derivation == "MQLs x 30% MQL->SQL"
    assert float(calendar.budget) == pytest.approx(float(first.budget))
    assert [w.week for w in calendar.calendar] == [w.week for w in first.calendar]
