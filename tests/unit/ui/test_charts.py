"""The chat's figures carry the views' numbers: a plan built by the tools on the seed prompt,
then follow-ups, each checked trace by trace against the typed views."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from assistant import charts
from assistant.conversation import Conversation
from model_engine.planning import ResponseModel
from tools.allocation import current_plan_view
from tools.registry import call_tool
from tools.views import PlanView, ScenarioSetView, SensitivityView


def _plan_and_model(conversation: Conversation) -> tuple[PlanView, ResponseModel]:
    inputs = conversation.session.inputs
    results = conversation.results
    return current_plan_view(results, inputs), results.model(inputs)


def _traces(figure: go.Figure, name: str) -> list[go.Scatter]:
    return [t for t in figure.data if t.name == name]


def test_allocation_bars_show_current_and_recommended_spend_per_channel(
    planned: Conversation,
) -> None:
    plan, _ = _plan_and_model(planned)
    figure = charts.allocation_bars(plan)

    (last_period,) = _traces(figure, "Last period")
    (recommended,) = _traces(figure, "Recommended")
    # Plotly draws the first category at the bottom, so the bars run in reverse plan order.
    names = [c.channel for c in plan.allocations]
    assert list(last_period.y) == names[::-1]
    assert list(last_period.x) == [c.current for c in plan.allocations][::-1]
    assert list(recommended.x) == [c.recommended for c in plan.allocations][::-1]
    assert recommended.x != last_period.x  # the seed plan moves money


def test_response_curves_mark_the_plan_on_each_channels_curve(planned: Conversation) -> None:
    plan, model = _plan_and_model(planned)
    figure = charts.response_curves(model, plan)

    titles = [a.text for a in figure.layout.annotations]
    assert titles == [c.name for c in model.channels]
    today = _traces(figure, "Today")
    recommended = _traces(figure, "Recommended")
    curves = _traces(figure, "Expected response")
    assert len(today) == len(recommended) == len(curves) == len(model.channels)
    for channel, now, planned_point, curve in zip(
        model.channels, today, recommended, curves, strict=True
    ):
        allocation = plan.line(channel.name)
        assert (now.x[0], now.y[0]) == (allocation.current, allocation.current_expected)
        assert planned_point.x[0] == allocation.recommended
        assert planned_point.y[0] == allocation.expected
        # The marker sits on the drawn curve: the plan's outcome is the curve's value there.
        on_curve = np.interp(allocation.recommended, curve.x, curve.y)
        assert on_curve == pytest.approx(allocation.expected, rel=0.01)
        assert max(curve.x) >= max(allocation.current, allocation.recommended)


def test_response_curves_band_is_the_90_percent_range_of_the_draws(planned: Conversation) -> None:
    plan, model = _plan_and_model(planned)
    figure = charts.response_curves(model, plan)
    band_low = _traces(figure, "90% range")
    band_high = [t for t in figure.data if t.legendgroup == "band" and t.fill is None]
    assert len(band_low) == len(band_high) == len(model.channels)
    for channel, low, high in zip(model.channels, band_low, band_high, strict=True):
        assert channel.draws is not None
        spend = float(low.x[-1])
        draws = np.atleast_1d(channel.draws.outcome(spend))
        assert low.y[-1] == pytest.approx(np.percentile(draws, 5))
        assert high.y[-1] == pytest.approx(np.percentile(draws, 95))
        assert np.all(np.asarray(low.y) <= np.asarray(high.y) + 1e-9)


def test_response_curves_without_a_plan_mark_todays_spend_only(planned: Conversation) -> None:
    _, model = _plan_and_model(planned)
    figure = charts.response_curves(model)
    assert not _traces(figure, "Recommended")
    today = _traces(figure, "Today")
    assert [t.x[0] for t in today] == [c.current_spend for c in model.channels]
    assert [t.y[0] for t in today] == pytest.approx(
        [float(c.curve.outcome(c.current_spend)) for c in model.channels]
    )


def test_response_curves_can_show_only_the_channels_asked_about(planned: Conversation) -> None:
    plan, model = _plan_and_model(planned)
    figure = charts.response_curves(model, plan, channels=["Events"])
    assert [a.text for a in figure.layout.annotations] == ["Events"]
    (point,) = _traces(figure, "Recommended")
    assert point.x[0] == plan.line("Events").recommended


def test_scenario_comparison_shows_each_scenarios_plan_and_range(planned: Conversation) -> None:
    record = call_tool(
        planned.context,
        "run_scenarios",
        {"scenarios": [{"budget_change": -0.15}, {"budget_change": 0.2}]},
    )
    view = record.view
    assert isinstance(view, ScenarioSetView), record.error
    feasible = [s for s in view.scenarios if s.feasible]
    assert len(feasible) == 2
    figure = charts.scenario_comparison(view)

    spend_bars = [t for t in figure.data if t.showlegend is not False]
    outcome_bars = [t for t in figure.data if t.showlegend is False]
    assert len(spend_bars) == len(outcome_bars) == 3
    assert spend_bars[0].name == "Current plan"
    assert [t.name for t in spend_bars[1:]] == [s.title for s in feasible]
    plans = [
        (
            view.base.allocation,
            view.base.expected_total,
            view.base.expected_total_low,
            view.base.expected_total_high,
        ),
        *(
            (s.allocation, s.expected_total, s.expected_total_low, s.expected_total_high)
            for s in feasible
        ),
    ]
    for spend, outcome, (allocation, expected, low, high) in zip(
        spend_bars, outcome_bars, plans, strict=True
    ):
        assert list(spend.y) == [allocation[name] for name in spend.x]
        assert outcome.y[0] == expected
        assert outcome.error_y.array[0] == pytest.approx(high - expected)
        assert outcome.error_y.arrayminus[0] == pytest.approx(expected - low)


def test_sensitivity_tornado_shows_every_channel_in_the_replys_order(
    planned: Conversation,
) -> None:
    result = planned.respond("How sensitive is this plan?")
    (record,) = [c for c in result.tool_calls if c.name == "analyze_sensitivity"]
    view = record.view
    assert isinstance(view, SensitivityView)
    figure = charts.sensitivity_tornado(view)

    (low,) = _traces(figure, "Assumption set low")
    (high,) = _traces(figure, "Assumption set high")
    # Every channel, most at stake on top (last in plotly's order), as the reply's table.
    snapshot = planned.session.inputs.snapshot
    assert snapshot is not None
    assert {r.channel for r in view.channels} >= {c.name for c in snapshot.channels}
    assert list(low.y)[::-1] == [r.assumption for r in view.channels]
    table = [
        line.split(" | ")[0].removeprefix("| ")
        for line in result.reply.splitlines()
        if line.startswith("| ") and ": " in line.split(" | ")[0]
    ]
    assert table == [r.assumption for r in view.channels]
    stakes = [float(r.outcome_at_stake) for r in view.channels]
    assert stakes == sorted(stakes, reverse=True)
    assert list(low.x)[::-1] == [r.outcome_change_low for r in view.channels]
    assert list(high.x)[::-1] == [r.outcome_change_high for r in view.channels]
    assert list(high.customdata)[::-1] == [r.budget_moved_high for r in view.channels]
