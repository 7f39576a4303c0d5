"""Which messages and uploads go to the capability routes (attribution, forecast and calendar,
lift-test calibration, the next test's design), and which stay with the planner's router."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.routes import capability_routing, period_without_weeks
from assistant.routes.attribution import preferred_model
from assistant.routes.journeys import pasted_journeys
from assistant.routes.pacing import read_pacing
from prompts import seed_prompt

DATA = Path(__file__).resolve().parents[3] / "data"
PATHS = (
    "path,conversions,nulls\n"
    "Facebook > Paid Search,300,2000\n"
    "Facebook,100,3000\n"
    "Paid Search,400,1500\n"
)


def route(message: str, files: tuple[Path, ...] = ()) -> str | None:
    routing = capability_routing(message, files)
    return None if routing is None else routing.route


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Which channels get credit for conversions?", "attribute"),
        ("compare last-touch and Markov", "attribute"),
        ("How much credit does last click give to display versus Shapley?", "attribute"),
        ("We report on Markov from now on.", "attribute"),
        ("Run multi-touch attribution on our journeys", "attribute"),
        ("Plan Q1 2027", "forecast"),
        ("forecast next quarter", "forecast"),
        ("spread $2M over the next 13 weeks", "forecast"),
        ("What's our forecast for H1 2027 by month?", "forecast"),
        ("Give me a week-by-week calendar for the next quarter", "forecast"),
        ("which channel should we test next?", "design_test"),
        ("Which channel should we test next, and what would the test cost?", "design_test"),
        ("Design a lift test for us", "design_test"),
        ("Should we run a go-dark on TV, and for how long?", "design_test"),
        ("Is last-click undervaluing our display?", "attribute"),
        (
            "our March LinkedIn geo test: $150K extra spend over 6 weeks brought 1,200 "
            "incremental MQLs, ±300",
            "calibrate",
        ),
        ("The go-dark test on TV in May lost 900 incremental signups +/- 200", "calibrate"),
    ],
)
def test_capability_phrasings_reach_their_route(message: str, expected: str) -> None:
    assert route(message) == expected


@pytest.mark.parametrize(
    "message",
    [
        seed_prompt(),
        "Allocate $2M next quarter",
        "what if the budget drops 15%?",
        "why are we cutting events?",
        "How sensitive is this plan?",
        "What is adstock?",
        "What is time-decay attribution?",
        "How does a Markov removal effect work?",
        "Paid search: $400K spent, 2,400 MQLs. Email: $200K spent, 1,500 MQLs.",
        "we spend $10K per week on search",
        "undo",
    ],
)
def test_other_messages_stay_with_the_planner_router(message: str) -> None:
    assert route(message) is None


def test_a_journeys_upload_goes_to_attribution_and_a_weekly_history_to_the_fit(
    tmp_path: Path,
) -> None:
    journeys = tmp_path / "ga_paths.csv"
    journeys.write_text(PATHS)
    assert route("here is our export", (journeys,)) == "attribute"
    assert route("here is our weekly history", (DATA / "robyn_dt_simulated_weekly.csv",)) is None


def test_a_lift_test_file_goes_to_calibration(tmp_path: Path) -> None:
    tests = tmp_path / "tests.csv"
    tests.write_text(
        "channel,start,end,spend_change,outcome_change,outcome_change_se\n"
        "facebook_S,2019-03-04,2019-04-08,12000,70000,20000\n"
    )
    assert route("our experiments", (tests,)) == "calibrate"


def test_a_pasted_journeys_table_is_found_inside_the_message() -> None:
    message = f"Here are the GA paths from last quarter:\n\n{PATHS}\nwho deserves the credit?"
    assert pasted_journeys(message) == PATHS.strip()
    assert route(message) == "attribute"
    assert pasted_journeys("Paid search: $400K spent, 2,400 MQLs.") is None


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("We report on Markov.", "markov"),
        ("Let's use position-based for the board deck", "position_based"),
        ("our preferred model is Shapley", "shapley"),
        ("compare last-touch and Markov", None),
        ("we prefer to see last touch and first touch side by side", None),
        ("Which channels get credit?", None),
    ],
)
def test_the_reporting_model_is_read_only_when_stated_as_a_preference(
    message: str, expected: str | None
) -> None:
    assert preferred_model(message) == expected


@pytest.mark.parametrize(
    ("message", "field", "expected"),
    [
        ("Plan Q1 2027 with no more than 20% week-to-week change", "max_weekly_change", 0.2),
        ("keep weekly swings under 15%", "max_weekly_change", 0.15),
        ("front-load 60% of Q1 2027", "front_load", 0.6),
        ("Plan H1 2027 with 55% in the first half", "front_load", 0.55),
        ("back-load 70%", "back_load", 0.7),
        ("at least $5K a week on every channel", "min_weekly_spend", 5000.0),
        ("Plan Q1 2027", "max_weekly_change", None),
    ],
)
def test_pacing_rules_are_read_from_the_message(
    message: str, field: str, expected: float | None
) -> None:
    assert getattr(read_pacing(message), field) == expected


def test_dark_weeks_are_read_as_dates() -> None:
    pacing = read_pacing("go dark the week of 2027-02-15 and 2027-03-01, and plan Q1 2027")
    assert pacing.dark_weeks == [date(2027, 2, 15), date(2027, 3, 1)]


@pytest.mark.parametrize(
    ("message", "period"),
    [
        ("Allocate $500K for Q3 2026, keep at least $100K in events.", "Q3 2026"),
        ("Plan Q1 2027", "Plan Q1"),
        ("How should we split $1M over the next two quarters?", "next two quarters"),
    ],
)
def test_a_named_period_without_weekly_history_is_planned_as_totals(
    message: str, period: str
) -> None:
    """With one quarter's totals and no weeks, "for Q3 2026" names the plan's period; sending
    it to the calendar would keep none of the message's figures (found by the chat-text fuzz)."""
    assert capability_routing(message, (), totals_only=True) is None
    assert period_without_weeks(message) == period
    assert route(message) == "forecast"  # with a weekly history it is a calendar


@pytest.mark.parametrize(
    "message",
    ["Give me a week-by-week calendar for Q3 2026", "forecast Q1 2027", "front-load H1 2027"],
)
def test_asking_for_weeks_goes_to_the_calendar_even_without_a_history(message: str) -> None:
    """Only a weekly history can answer these: the route says so and asks for one."""
    assert capability_routing(message, (), totals_only=True) is not None
    assert period_without_weeks(message) is None


def test_an_upload_the_message_calls_journeys_goes_to_attribution(tmp_path: Path) -> None:
    history = tmp_path / "weeks.csv"
    history.write_text("week,search,revenue\n2026-01-05,100,900\n")
    assert route("Here are our conversion paths, run multi-touch", (history,)) == "attribute"
    assert route("customer journeys from GA attached", (history,)) == "attribute"
    # an upload named no such thing stays a history fit, even when credit is mentioned
    assert (
        route("attribution says search is our best channel; here are our weeks", (history,)) is None
    )
    assert route("here you go", (history,)) is None
