"""Interaction terms, the conservative risk mode, intervals and the efficiency objectives."""

from __future__ import annotations

import numpy as np
import pytest
from optimizer_models import channel, hill, model_of, seed_model

from model_engine.constraints import Objective, PlanRequest, RiskPreference
from model_engine.optimizer import AllocationResult, UnreachableTargetError, optimize
from model_engine.planning import Interaction, ResponseModel
from model_engine.response import ResponseCurve
from model_engine.saturation import HillSaturation


def _synergy_model(gamma: float) -> tuple[ResponseModel, list[ResponseCurve]]:
    curves = [hill(3_000, 200_000, 1.0), hill(2_000, 150_000, 1.5), hill(2_500, 300_000, 0.8)]
    channels = [channel(f"c{k}", c) for k, c in enumerate(curves)]
    return model_of(channels, [Interaction("c0", "c1", gamma)]), curves


def _total(curves: list[ResponseCurve], gamma: float, spend: np.ndarray) -> np.ndarray:
    own = sum(c.outcome(x) for c, x in zip(curves, spend, strict=True))
    levels = [c.saturation(x) for c, x in zip(curves, spend, strict=True)]
    return own + gamma * levels[0] * levels[1]


@pytest.mark.parametrize("gamma", [800.0, -400.0])
def test_interactions_match_brute_force_and_kkt(gamma: float) -> None:
    model, curves = _synergy_model(gamma)
    budget = 600_000.0
    result = optimize(model, PlanRequest(budget=budget))
    grid = np.linspace(0, budget, 601)
    first, second = np.meshgrid(grid, grid, indexing="ij")
    third = budget - first - second
    valid = third >= 0
    brute = _total(curves, gamma, np.stack([first[valid], second[valid], third[valid]])).max()
    assert result.expected.estimate >= brute * (1 - 1e-9)
    assert result.expected.estimate <= brute * (1 + 1e-3)
    spend = np.array([c.recommended for c in result.channels])
    assert result.expected.estimate == pytest.approx(_total(curves, gamma, spend), rel=1e-12)
    # KKT with interactions: the total derivative is equal across funded channels.
    funded = [c.marginal_return for c in result.channels if c.recommended > 1.0]
    np.testing.assert_allclose(funded, funded[0], rtol=1e-4)
    assert result.interaction_outcome == pytest.approx(
        gamma * curves[0].saturation(spend[0]) * curves[1].saturation(spend[1])
    )


def test_synergy_pulls_budget_towards_the_pair() -> None:
    alone, _ = _synergy_model(0.0)
    together, _ = _synergy_model(1_500.0)
    request = PlanRequest(budget=600_000)
    pair_alone = sum(optimize(alone, request).allocation[n] for n in ("c0", "c1"))
    pair_together = sum(optimize(together, request).allocation[n] for n in ("c0", "c1"))
    assert pair_together > pair_alone


def _risky_model() -> ResponseModel:
    """Two channels with the same point curve; one has a much wider spread of draws."""
    rng = np.random.default_rng(3)
    draws = 400
    safe = ResponseCurve(
        HillSaturation(np.full(draws, 200_000.0), np.ones(draws)),
        3_000 * rng.lognormal(0, 0.05, draws),
    )
    risky = ResponseCurve(
        HillSaturation(np.full(draws, 200_000.0), np.ones(draws)),
        3_000 * rng.lognormal(0, 0.8, draws),
    )
    return model_of(
        [
            channel("Safe", hill(3_000, 200_000), draws=safe),
            channel("Risky", hill(3_000, 200_000), draws=risky),
        ]
    )


def test_conservative_plan_moves_budget_to_the_surer_channel() -> None:
    model = _risky_model()
    expected = optimize(model, PlanRequest(budget=400_000))
    conservative = optimize(
        model, PlanRequest(budget=400_000, risk=RiskPreference("conservative", 10.0))
    )
    assert expected.allocation["Safe"] == pytest.approx(200_000, rel=1e-6)
    assert conservative.allocation["Safe"] > 220_000

    # Better at the 10th percentile of the outcome over draws, no better on the point estimate.
    def tenth_percentile(result: AllocationResult) -> float:
        totals = sum(curve.outcome_draws(result.allocation[curve.name]) for curve in model.channels)
        return float(np.percentile(totals, 10.0))

    assert conservative.objective_value == pytest.approx(tenth_percentile(conservative))
    assert tenth_percentile(conservative) > tenth_percentile(expected)
    assert conservative.expected.estimate <= expected.expected.estimate + 1e-9


def test_intervals_come_from_the_draws() -> None:
    model = seed_model(draws=200)
    result = optimize(model, PlanRequest(budget=2_000_000))
    for allocation, curve in zip(result.channels, model.channels, strict=True):
        draws = curve.outcome_draws(allocation.recommended)
        assert allocation.expected.low == pytest.approx(np.percentile(draws, 5))
        assert allocation.expected.high == pytest.approx(np.percentile(draws, 95))
        assert allocation.expected.level == 0.9
    assert result.expected.low < result.expected.estimate < result.expected.high
    assert result.baseline.low < result.baseline.estimate < result.baseline.high


def test_baseline_is_the_current_mix_scaled_to_the_new_total() -> None:
    model = seed_model()
    result = optimize(model, PlanRequest(budget=1_700_000))
    scaled = np.array([c.current_spend for c in model.channels]) * 1_700_000 / 2_000_000
    np.testing.assert_allclose(result.baseline_spend, scaled)
    expected = sum(c.curve.outcome(x) for c, x in zip(model.channels, scaled, strict=True))
    assert result.baseline.estimate == pytest.approx(expected)
    assert result.expected.estimate > result.baseline.estimate


def test_spend_for_volume_finds_the_least_spend() -> None:
    model = seed_model()
    target = 6_000.0
    result = optimize(
        model,
        PlanRequest(
            budget=2_000_000, objective=Objective("spend_for_volume", target_volume=target)
        ),
    )
    assert result.expected.estimate >= target
    assert result.expected.estimate == pytest.approx(target, rel=1e-6)
    cheaper = optimize(model, PlanRequest(budget=result.total_spend * 0.999))
    assert cheaper.expected.estimate < target
    with pytest.raises(UnreachableTargetError, match="out of reach"):
        optimize(
            model,
            PlanRequest(
                budget=2_000_000, objective=Objective("spend_for_volume", target_volume=1e6)
            ),
        )


def test_volume_at_cac_keeps_the_average_cost_at_the_target() -> None:
    model = seed_model()
    result = optimize(
        model, PlanRequest(budget=2_000_000, objective=Objective("volume_at_cac", target_cac=200))
    )
    cac = result.total_spend / result.expected.estimate
    assert cac == pytest.approx(200, rel=1e-5)
    assert result.total_spend < 2_000_000
    with pytest.raises(UnreachableTargetError, match="cost per outcome"):
        optimize(
            model,
            PlanRequest(
                budget=2_000_000,
                constraints=(),
                objective=Objective("volume_at_cac", target_cac=1e-3),
            ),
        )


def test_horizon_mismatch_is_an_error() -> None:
    with pytest.raises(ValueError, match="cover 13 weeks but the plan is for 26"):
        optimize(seed_model(), PlanRequest(budget=2_000_000, horizon_weeks=26))
