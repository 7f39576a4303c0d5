"""Scenarios, sensitivity, drivers and the summaries built on them."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from optimizer_models import BRAND, channel, exponential, hill, model_of, seed_model

from model_engine.constraints import (
    Amount,
    ChannelBound,
    GroupBound,
    LockChannel,
    Objective,
    PlanRequest,
    RiskPreference,
)
from model_engine.drivers import Confidence, Direction, Reason, explain_drivers
from model_engine.optimizer import optimize
from model_engine.planning import Carryover, HistoricalEffect, Interval
from model_engine.response import ResponseCurve
from model_engine.saturation import HillSaturation
from model_engine.scenarios import Scenario, compare_scenarios, standard_scenarios
from model_engine.sensitivity import analyse_sensitivity

FLOOR = GroupBound("brand-building", BRAND, minimum=Amount(900_000))


def test_scenarios_compare_budgets_constraints_and_risk() -> None:
    model = seed_model(draws=100)
    base = PlanRequest(budget=2_000_000, constraints=(FLOOR,))
    comparison = compare_scenarios(model, base, standard_scenarios(base))
    names = [o.scenario.name for o in comparison.outcomes]
    assert names[:2] == ["Budget -15%", "Budget +20%"]
    assert [o.label for o in comparison.outcomes][:3] == ["A", "B", "C"]
    down, up, relaxed = comparison.outcomes[:3]
    assert down.result is not None
    assert up.result is not None
    assert relaxed.result is not None
    assert down.result.total_spend == pytest.approx(1_700_000)
    assert up.outcome_change == pytest.approx(
        up.result.expected.estimate / comparison.base.expected.estimate - 1
    )
    width = up.result.expected.high - up.result.expected.low
    base_width = comparison.base.expected.high - comparison.base.expected.low
    assert up.range_width_change == pytest.approx(width / base_width - 1)
    assert up.incremental_cost_per_outcome == pytest.approx(
        400_000 / (up.result.expected.estimate - comparison.base.expected.estimate)
    )
    # Diminishing returns: the next 20% costs more per outcome than the last 15% saved.
    assert up.incremental_cost_per_outcome is not None
    assert down.incremental_cost_per_outcome is not None
    assert up.incremental_cost_per_outcome > down.incremental_cost_per_outcome
    assert relaxed.outcome_change is not None
    assert relaxed.outcome_change > 0  # dropping a binding floor gains
    assert up.outcome_change is not None
    assert f"Scenario B (Budget +20%): {up.outcome_change:+.0%} outcome" in up.trade_off()
    assert "range" in up.trade_off()
    summary = comparison.summary()
    assert "Paid search" in summary
    assert "Scenario A" in summary


def test_infeasible_scenario_is_reported_not_raised() -> None:
    model = seed_model()
    base = PlanRequest(budget=2_000_000, constraints=(FLOOR,))
    squeeze = Scenario("Brand squeeze", budget=800_000)
    comparison = compare_scenarios(model, base, [squeeze])
    outcome = comparison.outcomes[0]
    assert outcome.result is None
    assert "cannot all hold" in (outcome.infeasible_reason or "")
    assert "infeasible" in outcome.trade_off()
    with pytest.raises(ValueError, match="removes constraints the plan lacks"):
        compare_scenarios(model, base, [Scenario("x", remove=(LockChannel("Email"),))])


def test_scenario_can_switch_objective_and_risk() -> None:
    model = seed_model(draws=100)
    base = PlanRequest(budget=2_000_000)
    careful = Scenario("Careful", risk=RiskPreference("conservative"))
    profit = Scenario(
        "Profit", budget_mode="at_most", objective=Objective("profit", value_per_outcome=150.0)
    )
    comparison = compare_scenarios(model, base, [careful, profit])
    careful_result = comparison.outcomes[0].result
    profit_result = comparison.outcomes[1].result
    assert careful_result is not None
    assert careful_result.risk.mode == "conservative"
    assert careful_result.total_spend == pytest.approx(2_000_000)
    assert profit_result is not None
    assert profit_result.total_spend < 2_000_000  # at $150 an MQL the last dollars do not pay
    assert (comparison.outcomes[1].spend_change or 0.0) < 0


def test_sensitivity_ranks_the_assumption_that_moves_the_plan_most_first() -> None:
    # Search dominates; its scale drives the split, Email is locked so its curve moves nothing.
    model = model_of(
        [
            channel("Search", hill(8_000, 300_000), current=300_000),
            channel("Social", exponential(3_000, 200_000), current=300_000),
            channel("Email", hill(2_000, 100_000), current=100_000),
        ]
    )
    request = PlanRequest(budget=700_000, constraints=(LockChannel("Email"),))
    result = analyse_sensitivity(model, request, relative_step=0.3)
    rows = result.rows
    swings = [r.allocation_swing for r in rows]
    assert swings == sorted(swings, reverse=True)
    email_rows = [r for r in rows if r.channel == "Email"]
    assert all(r.allocation_swing < 1e-3 for r in email_rows)
    top = rows[0]
    assert top.channel in ("Search", "Social")
    assert top.parameter in ("scale", "half_saturation", "lam")
    assert top.allocation_swing > 10_000
    # A higher scale means more outcome.
    scale_row = next(r for r in rows if r.assumption == "Search: scale")
    assert scale_row.high_outcome_change > 0 > scale_row.low_outcome_change
    assert "Search: scale" in result.summary()


def test_sensitivity_covers_draw_ranges_and_interaction_strength() -> None:
    from model_engine.planning import Interaction

    base = seed_model(draws=50)
    model = model_of(list(base.channels), [Interaction("Paid search", "Email", 500.0)])
    result = analyse_sensitivity(model, PlanRequest(budget=2_000_000))
    parameters = {r.parameter for r in result.rows}
    assert {
        "scale",
        "half_saturation",
        "shape",
        "draw percentile",
        "interaction strength",
    } <= parameters
    strength = next(r for r in result.rows if r.parameter == "interaction strength")
    assert strength.low_outcome_change < 0 < strength.high_outcome_change


def test_drivers_explain_each_channel_from_the_optimality_conditions() -> None:
    base = seed_model(draws=100)
    carry = Carryover(
        "geometric", mean_lag_weeks=2.0, peak_lag_weeks=0.0, steady_state_multiplier=2.5
    )
    history = HistoricalEffect(
        contribution=Interval(1_000, 800, 1_200),
        contribution_share=Interval(0.1, 0.08, 0.12),
        roi=Interval(0.004, 0.003, 0.005),
    )
    channels = list(base.channels)
    channels[0] = replace(channels[0], carryover=carry, history=history)
    model = model_of(channels)
    request = PlanRequest(
        budget=2_000_000,
        constraints=(FLOOR, LockChannel("Paid social")),
    )
    result = optimize(model, request)
    report = explain_drivers(model, result)
    by_name = {d.channel: d for d in report.drivers}
    email = by_name["Email"]  # cheapest MQLs: its next dollar beats the margin
    assert email.direction is Direction.INCREASE
    assert email.primary_reason is Reason.HIGHER_MARGINAL_RETURN
    assert email.marginal_ratio_current is not None
    assert email.marginal_ratio_current > 1
    assert email.marginal_cost_current == pytest.approx(1 / email.marginal_return_current)
    assert email.saturation_recommended is not None
    assert email.saturation_current is not None
    assert email.saturation_recommended > email.saturation_current
    assert by_name["Paid social"].primary_reason is Reason.LOCKED
    assert by_name["Paid social"].direction is Direction.HOLD
    events = by_name["Events"]  # held up by the brand floor
    assert Reason.HELD_AT_MINIMUM in events.reasons
    assert events.binding == ("brand-building (Content, Events, Traditional) at least $900,000",)
    search = by_name["Paid search"]
    assert search.carryover == carry
    assert search.contribution == history
    assert search.average_cost_current == pytest.approx(400_000 / 2_400, rel=1e-6)
    assert all(
        d.confidence in (Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW) for d in report.drivers
    )
    assert report.by_direction(Direction.INCREASE)
    assert "Email" in report.summary()


def test_driver_flags_for_no_evidence_saturated_and_threshold_channels() -> None:
    model = model_of(
        [
            channel("Saturated", hill(1_000, 20_000), current=200_000),
            channel("Threshold", hill(9_000, 400_000, 3.0), current=50_000),
            channel("Unknown", hill(5_000, 100_000), evidence="no_evidence", current=0.0),
            channel("Plain", exponential(4_000, 300_000), current=200_000),
        ]
    )
    result = optimize(model, PlanRequest(budget=450_000))
    drivers = {d.channel: d for d in explain_drivers(model, result).drivers}
    assert Reason.SATURATED in drivers["Saturated"].reasons
    assert drivers["Saturated"].direction is Direction.DECREASE
    assert Reason.BELOW_THRESHOLD in drivers["Threshold"].reasons
    assert drivers["Threshold"].threshold_spend == pytest.approx(400_000 * (2 / 4) ** (1 / 3))
    assert drivers["Unknown"].primary_reason is Reason.NO_EVIDENCE
    assert drivers["Unknown"].confidence is Confidence.LOW
    assert drivers["Plain"].confidence is Confidence.UNRATED  # no draws to judge by
    assert drivers["Plain"].saturation_current is not None


def test_summary_reads_like_the_plan() -> None:
    model = seed_model(draws=50)
    result = optimize(
        model,
        PlanRequest(
            budget=2_000_000,
            constraints=(FLOOR, ChannelBound(None, maximum=Amount(0.35, True))),
        ),
    )
    text = result.summary()
    for name in ("Paid search", "Traditional", "baseline", "brand-building", "costs"):
        assert name in text
    assert result.binding[0].description.startswith("total budget")


def test_curve_range_ranks_draws_by_marginal_return_when_all_pass_through_one_point() -> None:
    # Snapshot-style draws: every draw passes through (100K spend, 1,000 MQLs) and differs only
    # in how fast returns fall beyond it, so ranking draws by outcome at current spend cannot
    # tell them apart (both ends would pick the same draw); ranking by marginal return can.
    spend, outcome = 100_000.0, 1_000.0
    levels = np.linspace(0.3, 0.8, 11)  # saturation level reached at current spend
    half = spend * (1 - levels) / levels  # Hill shape 1 through the point
    draws = ResponseCurve(HillSaturation(half, np.ones_like(half)), outcome / levels)
    wide = channel("Wide", draws.draw(5), current=spend, draws=draws)
    other = channel("Other", hill(2_000.0, 100_000.0), current=spend)
    result = analyse_sensitivity(model_of([wide, other]), PlanRequest(budget=200_000))
    row = next(r for r in result.rows if r.assumption == "Wide: curve range")
    assert row.low_outcome_change != pytest.approx(row.high_outcome_change)
    assert row.low_allocation_shift > 0
    assert row.high_allocation_shift > 0
