"""The next experiment's design, the exploration-budget plan and the plan verdict on a fitted
history."""

import numpy as np
import pytest

from model_engine.constraints import MaxChange, PlanRequest
from model_engine.experiments.design import design_next_test
from model_engine.experiments.exploration import exploration_plan
from model_engine.experiments.power import minimum_detectable_lift
from model_engine.experiments.value_of_information import rank_by_information_value
from model_engine.experiments.verdict import plan_verdict
from model_engine.mmm import HistoryFit, MarketingMixModel
from model_engine.optimizer import optimize
from model_engine.planning import ResponseModel
from model_engine.simulation import default_scenario, simulate


@pytest.fixture(scope="module")
def fitted() -> tuple[HistoryFit, ResponseModel, PlanRequest]:
    sim = simulate(default_scenario(n_weeks=104, n_channels=4, noise=0.05), seed=11)
    fit = MarketingMixModel(n_bootstrap=40, seed=0).fit(sim.history).result_
    model = fit.to_response_model(13)
    request = PlanRequest(
        budget=model.current_total, constraints=(MaxChange(0.5, relative_to="scaled_current"),)
    )
    return fit, model, request


def test_the_design_is_for_the_most_valuable_channel_and_states_its_power(
    fitted: tuple[HistoryFit, ResponseModel, PlanRequest],
) -> None:
    fit, model, request = fitted
    plan = optimize(model, request)
    ranking = rank_by_information_value(model, request, plan)
    design = design_next_test(fit, model, request, plan, ranking)
    assert design is not None
    assert ranking.top is not None
    assert design.channel == ranking.top.channel
    assert design.test_type in {"go_dark", "geo_holdout", "spend_scale_up", "on_off_in_time"}
    assert 4 <= design.weeks <= 12
    assert design.measured_weeks >= design.weeks
    assert design.minimum_detectable_lift == pytest.approx(
        minimum_detectable_lift(design.standard_error)
    )
    # This history's noise lets a test reach 80% power: the expected lift clears the MDL.
    assert design.reaches_power
    assert design.notes == ()
    assert abs(design.expected_lift.estimate) >= 0.95 * design.minimum_detectable_lift
    spends = [b.planned_spend for b in design.branches]
    assert [b.label for b in design.branches] == ["lower", "expected", "higher"]
    assert spends == sorted(spends)  # a higher measured return never gets less money
    assert "minimum detectable lift = (z(1 - alpha/2) + z(power)) x SE" in design.formula


def test_the_exploration_plan_reserves_its_share_and_states_the_cost(
    fitted: tuple[HistoryFit, ResponseModel, PlanRequest],
) -> None:
    _, model, request = fitted
    ranking = rank_by_information_value(model, request)
    variant = exploration_plan(model, request, ranking, share=0.2)
    assert variant.reserved == pytest.approx(0.2 * request.budget)
    assert sum(variant.allocation.values()) == pytest.approx(request.budget, rel=1e-9)
    assert sum(variant.exploration.values()) == pytest.approx(variant.reserved)
    valuable = {c.channel for c in ranking.channels if c.value > 0}
    assert set(variant.exploration) <= valuable
    assert variant.cost == pytest.approx(variant.optimal_expected - variant.expected)
    assert variant.cost > 0  # learning costs something against the optimum
    with pytest.raises(ValueError, match="between 0 and 1"):
        exploration_plan(model, request, ranking, share=1.5)


def test_moves_on_weakly_identified_channels_are_directional(
    fitted: tuple[HistoryFit, ResponseModel, PlanRequest],
) -> None:
    _, model, request = fitted
    plan = optimize(model, request)
    verdict = plan_verdict(model, plan)
    by_channel = {m.channel: m for m in verdict.moves}
    for curve in model.channels:
        assert curve.history is not None
        roi = curve.history.roi
        move = by_channel[curve.name]
        if move.label == "identified":
            assert roi.high < 2 * roi.low
        if move.label == "directional":
            assert roi.high >= 2 * roi.low or roi.low <= 0
    # Four weeks of noise against 104 weeks of history: the plan's moves are directional.
    assert verdict.directional
    assert not verdict.fit_for_planning
    assert "directional" in verdict.headline
    assert verdict.fixing_channel in {m.channel for m in verdict.directional}
    ranking = rank_by_information_value(model, request, plan)
    ranked = plan_verdict(model, plan, ranking=ranking)
    first = next(c.channel for c in ranking.channels if c.channel in by_channel)
    assert ranked.fixing_channel == first or ranked.fixing_channel in {
        m.channel for m in ranked.directional
    }
    assert not plan_verdict(model, plan, predicts_well=False).fit_for_planning


def test_a_fit_with_mostly_weak_channels_is_not_called_fit_for_planning(
    fitted: tuple[HistoryFit, ResponseModel, PlanRequest],
) -> None:
    fit, _, _ = fitted
    verdict = fit.verdict
    weak = [c.name for c in fit.channels if any(n.startswith("ROI weakly") for n in c.notes)]
    assert list(verdict.weak_channels) == weak
    assert 2 * len(weak) > len(fit.channels)
    assert "not fit for planning on its own" in verdict.headline
    assert verdict.suggested_test in weak
    assert not verdict.moves_identified
    assert np.isfinite(fit.diagnostics.residual_sd)
    assert fit.diagnostics.residual_sd > 0
