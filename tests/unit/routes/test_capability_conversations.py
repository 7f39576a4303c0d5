"""The capability routes through the offline planner, as a CMO would phrase them: every reply
is checked by the grounding guard against the conversation's tool results and the user's words.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.calendars import assert_paced
from support.conversations import talk, ungrounded_numbers

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.session import Session
from assistant.turn import TurnResult
from assistant.ui.turn_view import turn_view
from tools.views.attribution import AttributionView
from tools.views.calendar import CalendarView
from tools.views.experiments import CalibrationView, ExperimentDesignView

DATA = Path(__file__).resolve().parents[3] / "data"
HISTORY = DATA / "robyn_dt_simulated_weekly.csv"
PATHS = (
    "path,conversions,nulls\n"
    "Facebook > Search,300,2000\n"
    "Facebook,100,3000\n"
    "Search,400,1500\n"
    "TV > Search,200,500\n"
    "Facebook > TV > Search,80,400\n"
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env({"BUDGETMIX_DATA_DIR": str(tmp_path), "BUDGETMIX_OFFLINE": "1"})


@pytest.fixture(scope="module")
def with_history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Session]:
    """A conversation that has fitted the weekly history (fitted once for the module)."""
    root = tmp_path_factory.mktemp("history")
    settings = Settings.from_env({"BUDGETMIX_DATA_DIR": str(root), "BUDGETMIX_OFFLINE": "1"})
    conversation = Conversation(settings)
    assert conversation.respond("here is our weekly history", [HISTORY]).intent == "fit"
    return settings, conversation.session


def resumed(with_history: tuple[Settings, Session]) -> Conversation:
    settings, session = with_history
    return Conversation(settings, Session.from_json(session.to_json()))


def grounded(turns: list[tuple[str, TurnResult]]) -> TurnResult:
    assert ungrounded_numbers(turns) == []
    return turns[-1][1]


def journeys_file(tmp_path: Path) -> Path:
    path = tmp_path / "ga_paths.csv"
    path.write_text(PATHS)
    return path


# -- attribution ----------------------------------------------------------------------------


def test_an_uploaded_journeys_file_is_attributed_not_fitted(
    settings: Settings, tmp_path: Path
) -> None:
    conversation = Conversation(settings)
    result = conversation.respond("here's our GA path export", [journeys_file(tmp_path)])
    assert result.intent == "attribute"
    assert not any(c.name == "load_weekly_history" for c in result.tool_calls)
    view = result.json_view.attribution
    assert isinstance(view, AttributionView)
    assert [m.name for m in view.models] == [
        "first_touch",
        "last_touch",
        "linear",
        "time_decay",
        "position_based",
        "markov",
        "shapley",
    ]
    assert "Facebook" in view.under_credited_by_last_touch
    assert "| Facebook |" in result.reply
    assert "Last touch vs Markov" in result.reply
    assert ungrounded_numbers([("here's our GA path export", result)]) == []


def test_follow_ups_compare_models_and_record_the_reporting_model(
    settings: Settings, tmp_path: Path
) -> None:
    conversation = Conversation(settings)
    conversation.respond("our journeys", [journeys_file(tmp_path)])
    turns = talk(
        conversation,
        "which channels get credit for conversions?",
        "compare last-touch and Markov",
    )
    compared = grounded(turns)
    assert compared.intent == "attribute"
    assert conversation.session.inputs.preferences.attribution_model is None
    chosen = grounded(talk(conversation, "We'll report on Markov from now on."))
    assert conversation.session.inputs.preferences.attribution_model == "markov"
    assert "Markov is recorded" in chosen.reply
    assert "reporting only" in chosen.reply
    assert chosen.json_view.attribution is not None
    assert chosen.json_view.attribution.preferred_model == "markov"
    # The preference survives the session's JSON round trip, and undo takes it back.
    saved = Session.from_json(conversation.session.to_json())
    assert saved.inputs.preferences.attribution_model == "markov"
    conversation.respond("undo")
    assert conversation.session.inputs.preferences.attribution_model is None


def test_a_pasted_journeys_table_is_attributed(settings: Settings) -> None:
    message = f"Here are last quarter's paths:\n\n{PATHS}\nwho deserves the credit?"
    result = grounded(talk(Conversation(settings), message))
    assert result.intent == "attribute"
    assert result.json_view.attribution is not None
    assert result.json_view.attribution.conversions == 1080


def test_attribution_without_journeys_asks_for_them(settings: Settings) -> None:
    result = Conversation(settings).respond("Which channels deserve credit for conversions?")
    assert result.intent == "clarify"
    assert "path,conversions,nulls" in result.reply


def test_attribution_beside_the_mix_model_keeps_the_plan_on_increments(
    with_history: tuple[Settings, Session], tmp_path: Path
) -> None:
    conversation = resumed(with_history)
    result = conversation.respond("and here are our journeys", [journeys_file(tmp_path)])
    assert ungrounded_numbers([("and here are our journeys", result)]) == []
    view = result.json_view.attribution
    assert view is not None
    assert view.reconciliation is not None
    assert {c.model_channel for c in view.reconciliation.channels} >= {"facebook_S", "search_S"}
    assert "Beside the mix model" in result.reply
    assert "keeps using the mix model" in result.reply
    assert conversation.session.inputs.history is not None  # the history is kept


# -- forecast and calendar ------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "Plan Q1 2027",
        "forecast next quarter",
        "spread $2M over the next 13 weeks",
        "Give me a week-by-week calendar for H1 2027 by month, maximising revenue",
    ],
)
def test_dated_periods_get_a_weekly_calendar_and_its_forecast(
    with_history: tuple[Settings, Session], message: str
) -> None:
    result = grounded(talk(resumed(with_history), message))
    assert result.intent == "forecast"
    calendar = result.json_view.calendar
    assert isinstance(calendar, CalendarView)
    assert result.json_view.forecast is not None
    assert len(calendar.calendar) == len(calendar.forecast.weeks) >= 12
    assert set(calendar.calendar[0].spend) == set(calendar.channels)
    for week in calendar.forecast.weeks:
        assert week.low <= week.expected <= week.high
    assert "optimising **revenue**" in result.reply  # the KPI is named
    assert "| Week |" in result.reply
    assert "**By month:**" in result.reply


def test_a_stated_budget_is_spread_and_named(with_history: tuple[Settings, Session]) -> None:
    result = grounded(talk(resumed(with_history), "spread $2M over the next 13 weeks"))
    calendar = result.json_view.calendar
    assert calendar is not None
    assert float(calendar.budget) == 2_000_000
    assert len(calendar.calendar) == 13
    assert abs(float(calendar.total_spend) - 2_000_000) < 1


def test_a_forecast_question_also_forecasts_todays_mix(
    with_history: tuple[Settings, Session],
) -> None:
    result = grounded(talk(resumed(with_history), "forecast next quarter"))
    assert any(c.name == "forecast_period" and c.ok for c in result.tool_calls)
    assert "At today's mix and run-rate" in result.reply


def test_pacing_rules_said_in_chat_hold_on_the_calendar(
    with_history: tuple[Settings, Session],
) -> None:
    message = "Plan Q1 2027 with $600K, no more than 10% week-to-week change, front-load 60%"
    result = grounded(talk(resumed(with_history), message))
    calendar = result.json_view.calendar
    assert calendar is not None
    assert_paced(calendar, week_to_week=0.1, front_load=0.6)
    assert "**Rules that bind:**" in result.reply


def test_a_calendar_needs_a_weekly_history(settings: Settings) -> None:
    conversation = Conversation(settings)
    conversation.respond("Paid search: $400K spent, 2,400 MQLs. Email: $200K spent, 1,500 MQLs.")
    result = conversation.respond("Give me a week-by-week calendar for Q1 2027")
    assert result.intent == "clarify"
    assert "weekly history" in result.reply


def test_a_named_period_with_one_quarters_totals_is_planned_as_totals(
    settings: Settings,
) -> None:
    """'Plan Q1 2027' with no weeks to plan from: the quarter's totals, and the reply says a
    calendar needs a weekly history; the message's budget and rule are kept."""
    conversation = Conversation(settings)
    conversation.respond("Paid search: $400K spent, 2,400 MQLs. Email: $200K spent, 1,500 MQLs.")
    result = conversation.respond("Plan Q1 2027 with $700K, keep at least $150K in email.")
    assert result.intent == "allocate"
    assert "weekly history" in result.reply
    plan = result.json_view.plan
    assert plan is not None
    assert float(plan.total_budget) == pytest.approx(700_000)
    email = next(a for a in plan.allocations if a.channel == "Email")
    assert float(email.recommended) >= 150_000 - 1


# -- experiments ----------------------------------------------------------------------------


def test_which_channel_to_test_next_gets_a_design(with_history: tuple[Settings, Session]) -> None:
    result = grounded(
        talk(resumed(with_history), "Which channel should we test next, and what would it cost?")
    )
    assert result.intent == "experiment_design"
    design = result.json_view.experiment_design
    assert isinstance(design, ExperimentDesignView)
    assert design.channel == design.ranking[0].channel
    assert design.weeks > 0
    assert 0 < design.power <= 1
    assert f"**Test {design.channel} next.**" in result.reply
    assert "Minimum detectable lift at 80% power" in result.reply
    assert "Directional moves" in result.reply  # weak channels are labelled


def test_a_stated_lift_test_calibrates_the_fit(with_history: tuple[Settings, Session]) -> None:
    conversation = resumed(with_history)
    message = (
        "Our March facebook geo test: $12K extra spend over 6 weeks brought 70,000 incremental "
        "revenue, ±20,000"
    )
    result = grounded(talk(conversation, message))
    assert result.intent == "calibrate"
    view = result.json_view.calibration
    assert isinstance(view, CalibrationView)
    assert view.calibrated == ["facebook_S"]
    facebook = view.channel("facebook_S")
    assert facebook.tested
    assert facebook.moved is not None
    assert "**Calibrated channels:** facebook_S" in result.reply
    assert "Still directional" in result.reply
    assert "facebook_S" not in view.weak_uncalibrated
    assert len(conversation.session.inputs.lift_tests) == 1


def test_an_uploaded_lift_test_file_calibrates_the_fit(
    with_history: tuple[Settings, Session], tmp_path: Path
) -> None:
    tests = tmp_path / "lift_tests.csv"
    tests.write_text(
        "channel,start,end,spend_change,outcome_change,outcome_change_se\n"
        "facebook_S,2019-03-04,2019-04-08,12000,70000,20000\n"
    )
    conversation = resumed(with_history)
    result = conversation.respond("our experiments", [tests])
    assert ungrounded_numbers([("our experiments", result)]) == []
    assert result.intent == "calibrate"
    assert result.json_view.calibration is not None
    assert result.json_view.calibration.calibrated == ["facebook_S"]
    assert conversation.session.inputs.history is not None  # still the history, calibrated


def test_a_lift_test_with_a_unit_slip_is_named_not_used(
    with_history: tuple[Settings, Session],
) -> None:
    conversation = resumed(with_history)
    message = (
        "our March facebook geo test: $150K extra spend over 6 weeks brought 900,000 "
        "incremental revenue, ±200,000"
    )
    result = conversation.respond(message)
    assert result.intent == "error"
    assert "facebook_S" in result.reply
    assert "check the units" in result.reply
    assert conversation.session.inputs.lift_tests == ()


# -- what the chat shows under the replies ----------------------------------------------------


def test_a_calendar_turn_shows_the_heat_map_and_offers_the_calendar_files(
    with_history: tuple[Settings, Session],
) -> None:
    result = resumed(with_history).respond("Plan Q1 2027")
    calendar = result.json_view.calendar
    assert calendar is not None
    shown = turn_view(result, None, None)
    figures = {f.name: f.figure for f in shown.figures}
    heat = figures["Weekly calendar"].data[0]
    assert list(heat.y) == calendar.channels
    assert list(heat.x) == [w.week for w in calendar.calendar]
    assert heat.z[0][0] == float(calendar.calendar[0].spend[calendar.channels[0]])
    assert "Forecast" in figures
    files = {d.filename.rsplit(".", 1)[1]: d.content for d in shown.downloads}
    rows = list(csv.reader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    assert rows[0][0] == "Week"
    assert len(rows) == 1 + len(calendar.calendar) + 1  # header, weeks, total
    assert rows[1][0] == calendar.calendar[0].week
    assert float(rows[-1][-4]) == float(calendar.total_spend)
    workbook = load_workbook(io.BytesIO(files["xlsx"]))
    assert workbook.sheetnames == ["Calendar", "Months", "Forecast"]
    assert workbook["Months"].max_row == 1 + len(calendar.months)


def test_an_attribution_turn_shows_the_models_side_by_side(
    settings: Settings, tmp_path: Path
) -> None:
    result = Conversation(settings).respond("our paths", [journeys_file(tmp_path)])
    view = result.json_view.attribution
    assert view is not None
    shown = turn_view(result, None, None)
    (figure,) = [f.figure for f in shown.figures if f.name == "Attribution by model"]
    assert [trace.name for trace in figure.data] == [m.label for m in view.models]
    assert list(figure.data[0].y) == [float(row.shares[0]) for row in view.comparison]
    assert shown.downloads == ()
