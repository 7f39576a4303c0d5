"""The KPI the CMO means, in the chat: stated funnel rates turn "maximise qualified pipeline"
into SQL pipeline value, and the reply names the KPI and how it was derived; without the rates
it names the KPI it used instead. Every reply passes the grounding check."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.conversations import talk, ungrounded_numbers

from assistant.config import Settings
from assistant.conversation import Conversation
from tools.views.calendar import CalendarView
from tools.views.plan import PlanView

QUARTER = (
    "Last quarter: Paid search: $400K spent, 2,400 MQLs. Events: $400K spent, 600 MQLs. "
    "Email: $100K spent, 900 MQLs. Plan $1M for next quarter, maximise qualified pipeline."
)
FUNNEL = "MQL to SQL is 30%, SQL to won 20%, a won deal is worth $40K."
HISTORY = Path(__file__).resolve().parents[3] / "data" / "robyn_dt_simulated_weekly.csv"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env({"BUDGETMIX_DATA_DIR": str(tmp_path), "BUDGETMIX_OFFLINE": "1"})


def _plan(turns: list[tuple[str, object]]) -> PlanView:
    result = turns[-1][1]
    view = result.json_view.plan  # type: ignore[attr-defined]
    assert isinstance(view, PlanView)
    return view


def test_stated_rates_optimise_sql_pipeline_value_and_say_how(settings: Settings) -> None:
    with_rates = talk(Conversation(settings), f"{QUARTER} {FUNNEL}")
    assert ungrounded_numbers(with_rates) == []
    result = with_rates[-1][1]
    assert result.intent == "allocate"
    plan = _plan(with_rates)
    assert plan.outcome_name == "SQL pipeline"
    assert plan.kpi is not None
    assert plan.kpi.model_outcome == "MQLs"
    assert "The KPI optimised is **SQL pipeline**: MQLs x 30% MQL->SQL x $8,000 per SQL" in (
        result.reply
    )
    assert "20% SQL->customer x $40,000 per customer" in result.reply

    without = talk(Conversation(settings), QUARTER)
    assert ungrounded_numbers(without) == []
    counted = _plan(without)
    assert counted.outcome_name == "MQLs"
    assert "The KPI optimised is **MQLs**; no MQLs to SQLs rate was given" in without[-1][1].reply
    # The value is the MQL plan scaled by one SQL's expected value: 30% x 20% x $40K each.
    assert float(plan.expected_total) == pytest.approx(
        float(counted.expected_total) * 0.3 * 0.2 * 40_000, rel=1e-3
    )


def test_the_funnel_said_earlier_shapes_the_calendars_kpi(settings: Settings) -> None:
    conversation = Conversation(settings)
    assert conversation.respond("here is our weekly history", [HISTORY]).intent == "fit"
    conversation.respond("a customer is worth $2K and our gross margin is 40%")
    turns = talk(conversation, "Plan Q1 2027 week by week, maximising profit")
    assert ungrounded_numbers(turns) == []
    calendar = turns[-1][1].json_view.calendar
    assert isinstance(calendar, CalendarView)
    assert calendar.kpi.model_outcome == "revenue"
    assert calendar.kpi.name == "gross profit on revenue"
    assert "40% margin" in calendar.kpi.derivation
