"""Which charts and files the chat attaches to an answer, from real turns of the planner."""

from __future__ import annotations

from pathlib import Path

from assistant import export
from assistant.conversation import Conversation
from assistant.turn import TurnResult
from assistant.ui.rendering import notes_markdown
from assistant.ui.turn_view import turn_view
from model_engine.planning import ResponseModel


def _model(conversation: Conversation) -> ResponseModel:
    return conversation.results.model(conversation.session.inputs)


def test_a_new_plan_gets_its_bars_curves_and_both_files(
    seed_turn: tuple[Conversation, TurnResult],
) -> None:
    conversation, result = seed_turn
    view = turn_view(result, _model(conversation), offered=None)

    assert [f.name for f in view.figures] == ["Budget by channel", "Response curves"]
    assert view.badge == "offline planner"
    assert view.brain == "planner"
    plan = result.json_view.plan
    assert plan is not None
    files = {d.filename: d for d in view.downloads}
    assert files["current-plan.csv"].content == export.plan_csv(plan)
    assert files["current-plan.csv"].mime == "text/csv"
    assert files["current-plan.xlsx"].mime == export.XLSX_MIME
    # The same plan is not offered again.
    assert turn_view(result, _model(conversation), offered=plan).downloads == ()


def test_a_what_if_gets_the_scenario_chart_and_the_scenarios_files(planned: Conversation) -> None:
    result = planned.respond("What if the budget drops 15%?")
    assert result.intent == "scenario", result.reply
    view = turn_view(result, _model(planned), offered=None)

    assert [f.name for f in view.figures] == ["Scenario comparison"]
    shown = result.json_view.plan
    assert shown is not None
    assert shown.name == "Scenario A: budget −15%"
    assert not shown.adopted
    assert result.json_view.current_plan is not None
    assert result.json_view.current_plan.total_budget == 2_000_000  # unchanged
    csv_file, _ = view.downloads
    assert csv_file.filename == "scenario-a-budget-15.csv"
    assert csv_file.content == export.plan_csv(shown)


def test_an_analysis_that_keeps_the_plan_offers_no_new_files(planned: Conversation) -> None:
    result = planned.respond("How sensitive is this plan?")
    view = turn_view(result, _model(planned), offered=None)
    assert [f.name for f in view.figures] == ["Sensitivity tornado"]
    assert view.downloads == ()


def test_a_why_question_shows_the_curves_of_the_channel_it_names(planned: Conversation) -> None:
    result = planned.respond("Why are we cutting events?")
    assert result.intent == "explain", result.reply
    view = turn_view(result, _model(planned), offered=None)
    (curves,) = view.figures
    assert [a.text for a in curves.figure.layout.annotations] == ["Events"]


def test_a_fitted_history_shows_its_curves_before_any_plan(
    fresh_conversation: Conversation, weekly_history: Path
) -> None:
    conversation = fresh_conversation
    result = conversation.respond("Here is my weekly history.", [weekly_history])
    assert result.intent == "fit", result.reply
    model = _model(conversation)
    view = turn_view(result, model, offered=None)

    (curves,) = view.figures
    assert curves.name == "Response curves"
    titles = [a.text for a in curves.figure.layout.annotations]
    assert titles == list(model.names)
    assert not [t for t in curves.figure.data if t.name == "Recommended"]
    assert view.downloads == ()


def test_a_failed_turn_shows_no_charts(fresh_conversation: Conversation) -> None:
    result = fresh_conversation.respond("How sensitive is this plan?")
    view = turn_view(result, None, offered=None)
    assert view.figures == ()
    assert view.downloads == ()


def test_a_what_ifs_reply_chart_and_json_come_from_one_view(planned: Conversation) -> None:
    from assistant import charts
    from tools.views import ScenarioSetView, display

    result = planned.respond("What if the budget drops 15%?")
    (record,) = [c for c in result.tool_calls if c.name == "run_scenarios"]
    view = record.view
    assert isinstance(view, ScenarioSetView)
    assert result.json_view.scenarios == view.scenarios
    assert ScenarioSetView.model_validate_json(record.content) == view
    (scenario,) = view.scenarios
    assert scenario.allocation is not None
    figure = charts.scenario_comparison(view)
    bars = {t.name: list(t.y) for t in figure.data if t.showlegend is not False}
    assert bars[scenario.title] == [scenario.allocation[n] for n in view.base.allocation]
    for name, amount in scenario.allocation.items():
        row = next(r for r in result.reply.splitlines() if r.startswith(f"| {name} |"))
        assert row.endswith(f" {display(amount)} |")


def test_warnings_the_reply_does_not_say_are_shown_as_notes_under_it(
    fresh_conversation: Conversation,
) -> None:
    asides = [f"KPI {n} went up {n + 10}% since 2024." for n in range(1, 8)]
    result = fresh_conversation.respond(
        "Paid search: $400K spent, 2,400 MQLs. Email: $200K spent, 1,500 MQLs. Budget $600K.\n"
        + " ".join(asides)
    )
    view = turn_view(result, _model(fresh_conversation), offered=None)
    unsaid = [w for w in result.warnings if w not in result.reply]
    assert len(unsaid) == 3  # the reply lists the first five notes of eight
    assert list(view.notes) == unsaid
    notes = notes_markdown(view.notes)  # the Notes element's text (the browser test sees it)
    assert notes.startswith("**Notes**\n\n- ")
    assert all(f"'{n + 10}%'" in notes for n in (5, 6, 7))


def test_a_turn_whose_reply_says_everything_has_no_notes(
    seed_turn: tuple[Conversation, TurnResult],
) -> None:
    conversation, result = seed_turn
    view = turn_view(result, _model(conversation), offered=None)
    assert view.notes == ()
