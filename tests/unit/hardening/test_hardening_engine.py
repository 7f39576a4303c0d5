"""Engine edges: a channel with no outcome never makes a plan infeasible, outcomes that came
without spend are kept (not dropped), tiny and huge budgets give a plan or a clear message
about the budget, and no internal setting reaches the user."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from model_engine.channels import ChannelType
from model_engine.constraints import Amount, GroupBound, MaxChange, PlanRequest
from model_engine.datasets import ChannelPeriod, SnapshotData
from model_engine.optimizer import optimize
from model_engine.planning import ChannelCurve, ResponseModel
from model_engine.response import ResponseCurve
from model_engine.saturation import HillSaturation
from model_engine.snapshot import fit_snapshot

SEARCH = ChannelPeriod("Paid search", ChannelType.SEARCH, 400_000, 2_400)
SOCIAL = ChannelPeriod("Paid social", ChannelType.SOCIAL, 500_000, 1_800)
EVENTS = ChannelPeriod("Events", ChannelType.EVENTS, 400_000, 600)
EMAIL = ChannelPeriod("Email", ChannelType.EMAIL, 200_000, 1_500)


def _model(*channels: ChannelPeriod) -> ResponseModel:
    return fit_snapshot(SnapshotData(channels)).to_response_model(13)


def _guardrail(model: ResponseModel) -> MaxChange:
    """The chat's default: evidenced channels move at most ±50% from their current share."""
    evidenced = tuple(c.name for c in model.channels if c.evidence != "no_evidence")
    return MaxChange(0.5, evidenced, relative_to="scaled_current")


def test_a_channel_with_no_outcome_never_makes_the_plan_infeasible() -> None:
    silent = ChannelPeriod("Events", ChannelType.EVENTS, 400_000, 0)
    model = _model(SEARCH, silent)
    plan = optimize(model, PlanRequest(budget=800_000, constraints=(_guardrail(model),)))
    assert plan.total_spend == pytest.approx(800_000)
    search, events = plan.channel("Paid search"), plan.channel("Events")
    assert search.recommended == pytest.approx(600_000)  # the +50% guardrail holds
    assert events.recommended == pytest.approx(200_000)  # only what nothing else can take
    assert any("nowhere else to go" in note for note in events.notes)
    assert any("Events" in note and "nowhere else to go" in note for note in plan.notes)
    # The last dollar goes to a flat curve: there is no shared marginal cost to quote.
    assert plan.marginal_cost is None


def test_a_channel_with_no_outcome_is_defunded_when_the_others_can_take_its_budget() -> None:
    silent = ChannelPeriod("Events", ChannelType.EVENTS, 400_000, 0)
    model = _model(SEARCH, EMAIL, silent)
    plan = optimize(model, PlanRequest(budget=1_000_000))
    assert plan.channel("Events").recommended == pytest.approx(0.0, abs=1e-3)
    assert any("no recorded outcome" in note for note in plan.channel("Events").notes)


def test_outcomes_that_came_without_spend_are_kept_not_dropped() -> None:
    free = ChannelPeriod("Paid search", ChannelType.SEARCH, 0, 500)
    fit = fit_snapshot(SnapshotData((free, EVENTS, EMAIL)))
    assert fit.channel("Paid search").outcome == 500
    model = fit.to_response_model(13)
    assert model.baseline_outcome == pytest.approx(500)
    plan = optimize(model, PlanRequest(budget=800_000))
    assert plan.non_media_outcome == pytest.approx(500)
    notes = plan.channel("Paid search").notes
    assert any("500" in note and "without spend" in note for note in notes)
    assert any("500" in note for note in model.notes)


def test_a_half_dollar_budget_gets_a_plan_not_a_search_setting() -> None:
    model = _model(SEARCH, SOCIAL, EVENTS, EMAIL)
    brand = GroupBound("brand-building", ("Events",), minimum=Amount(0.1, share_of_total=True))
    request = PlanRequest(budget=0.5, constraints=(brand, _guardrail(model)))
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        plan = optimize(model, request)
    spend = np.array([c.recommended for c in plan.channels])
    assert spend.sum() == pytest.approx(0.5)
    assert plan.channel("Events").recommended >= 0.05 - 1e-9
    current = np.array([c.current for c in plan.channels])
    scaled = current * 0.5 / current.sum()
    assert np.all(spend >= 0.5 * scaled - 1e-9)
    assert np.all(spend <= 1.5 * scaled + 1e-9)


def test_a_whole_number_budget_is_not_truncated_to_whole_units() -> None:
    model = _model(SEARCH, SOCIAL, EVENTS, EMAIL)
    plan = optimize(model, PlanRequest(budget=3, constraints=(_guardrail(model),)))
    assert plan.total_spend == pytest.approx(3.0)


def test_an_absurd_budget_is_a_clear_message_about_the_budget() -> None:
    model = _model(SEARCH, EMAIL)
    with pytest.raises(ValueError, match="budget") as raised:
        optimize(model, PlanRequest(budget=1e30))
    assert "infeasible" not in str(raised.value)
    assert "cannot all hold" not in str(raised.value)


def test_a_floor_below_the_linear_programs_tolerance_still_gets_a_plan() -> None:
    # Found by the large optimizer fuzz: HiGHS's default tolerance (1e-7 absolute) accepted a
    # $0.00000006 brand floor on a channel pinned at $0, which the solver then refused.
    def silent(name: str) -> ChannelCurve:
        curve = ResponseCurve(HillSaturation(100.0, 0.6), 1.0)
        return ChannelCurve(name, ChannelType.OTHER, 0.0, curve, evidence="no_evidence")

    model = ResponseModel((silent("ch0"), silent("ch1")), outcome_name="MQLs")
    floor = GroupBound("brand", ("ch0",), minimum=Amount(5.960464477539063e-08, True))
    plan = optimize(model, PlanRequest(budget=1.0, constraints=(floor,)))
    assert plan.total_spend == pytest.approx(1.0)
    assert plan.channel("ch0").recommended >= 5.96e-8
