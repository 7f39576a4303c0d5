"""Flighted response curves from a history fit: the weekly model summed over a repeating flight,
per-draw carryover, validation, and plans."""

from __future__ import annotations

import numpy as np
import pytest

from model_engine.adstock import Adstock
from model_engine.constraints import PlanRequest
from model_engine.mmm import HistoryFit
from model_engine.optimizer import optimize

BURST = [1.0] * 4 + [0.0] * 9


def _weekly_outcome(fit: HistoryFit, name: str, total: float, shares: np.ndarray) -> float:
    """The fitted weekly term summed over the horizon, with the same flight run before it (three
    cycles of the pattern; the kernel is at most 13 weeks long)."""
    channel = fit.channel(name)
    spend = np.tile(total * shares, 3)
    levels = channel.saturation(channel.adstock.apply(spend))[2 * shares.size :]
    return float(channel.coefficient * levels.sum())


def test_an_even_pattern_reproduces_the_default_plan(small_fit: HistoryFit) -> None:
    default = small_fit.to_response_model(13)
    even = small_fit.to_response_model(13, flighting=[2.0] * 13)
    request = PlanRequest(budget=default.current_total)
    assert optimize(even, request) == optimize(default, request)


def test_flighted_curve_is_the_weekly_model_over_a_repeating_flight(small_fit: HistoryFit) -> None:
    name = small_fit.channel_names[0]
    model = small_fit.to_response_model(13, flighting={name.upper(): BURST})
    curve = model.channel(name)
    shares = np.asarray(BURST) / 4.0
    for total in (0.3 * curve.current_spend, curve.current_spend, 3.0 * curve.current_spend):
        assert float(curve.curve.outcome(total)) == pytest.approx(
            _weekly_outcome(small_fit, name, total, shares), rel=1e-10
        )
    assert "flighted: peak week 1 takes 25% of its budget; 9 of 13 weeks dark" in curve.notes
    others = [c for c in model.channels if c.name != name]
    default = small_fit.to_response_model(13)
    for other in others:
        x = other.current_spend
        assert float(other.curve.outcome(x)) == float(default.channel(other.name).curve.outcome(x))


def test_each_draw_uses_its_own_carryover(small_fit: HistoryFit) -> None:
    fitted = next(c for c in small_fit.channels if c.draws is not None)
    model = small_fit.to_response_model(13, flighting={fitted.name: BURST})
    curve = model.channel(fitted.name)
    assert curve.draws is not None
    assert fitted.draws is not None
    total = curve.current_spend
    outcomes = curve.outcome_draws(total)
    assert outcomes.size == fitted.draws.coefficient.size
    draw = 3
    kernel = Adstock.from_dict(
        {
            **fitted.adstock.to_dict(),
            **dict(zip(fitted.adstock.param_names, fitted.draws.adstock_params[draw], strict=True)),
        }
    )
    shares = np.tile(np.asarray(BURST) / 4.0, 3)
    adstocked = kernel.apply(total * shares)[26:]
    ratio = adstocked / fitted.draws.half_saturation[draw]
    hill = ratio ** fitted.draws.shape[draw] / (1 + ratio ** fitted.draws.shape[draw])
    assert outcomes[draw] == pytest.approx(fitted.draws.coefficient[draw] * hill.sum(), rel=1e-10)


def test_a_burst_moves_budget_away_and_costs_outcome(small_fit: HistoryFit) -> None:
    default = small_fit.to_response_model(13)
    name = max(default.channels, key=lambda c: c.current_spend).name
    flighted = small_fit.to_response_model(13, flighting={name: [1.0] + [0.0] * 12})
    request = PlanRequest(budget=default.current_total)
    even_plan, burst_plan = optimize(default, request), optimize(flighted, request)
    assert burst_plan.allocation[name] < even_plan.allocation[name]
    assert burst_plan.expected.estimate < even_plan.expected.estimate
    assert burst_plan.expected.low <= burst_plan.expected.estimate <= burst_plan.expected.high


def test_interaction_of_two_flighted_channels_is_flagged(small_fit: HistoryFit) -> None:
    (term,) = small_fit.interactions
    one = small_fit.to_response_model(13, flighting={term.channel_a: BURST})
    both = small_fit.to_response_model(13, flighting={term.channel_a: BURST, term.channel_b: BURST})
    flag = "interaction uses both channels' average weekly saturation"
    assert not any(flag in note for note in one.notes)
    assert any(flag in note for note in both.notes)


@pytest.mark.parametrize(
    ("flighting", "message"),
    [
        ([1.0] * 26, "has 26 weeks but the horizon has 13"),
        ({"radio": [1.0] * 13}, "the flighting names an unknown channel 'radio'"),
        ([0.0] * 13, "is all zero"),
        ([1.0] * 12 + [-2.0], "week 13 is negative (-2)"),
    ],
)
def test_bad_patterns_are_refused(small_fit: HistoryFit, flighting: object, message: str) -> None:
    with pytest.raises(ValueError, match="flighting") as raised:
        small_fit.to_response_model(13, flighting=flighting)  # type: ignore[arg-type]
    assert message in str(raised.value)
