import numpy as np
import pytest

from model_engine.channels import ChannelType
from model_engine.planning import ChannelCurve, Interaction, ResponseModel
from model_engine.response import ResponseCurve
from model_engine.saturation import HillSaturation


def quarter_model() -> ResponseModel:
    curve = ResponseCurve(HillSaturation(300_000.0, 1.4), 5_000.0)
    draws = ResponseCurve(HillSaturation(np.array([250e3, 350e3]), np.array([1.2, 1.6])), 5_000.0)
    channels = (
        ChannelCurve("Search", ChannelType.SEARCH, 400_000.0, curve, draws=draws),
        ChannelCurve("TV", ChannelType.TRADITIONAL, 200_000.0, curve),
    )
    return ResponseModel(
        channels,
        horizon_weeks=13,
        baseline_outcome=1_000.0,
        interactions=(Interaction("Search", "TV", 80.0),),
    )


def test_half_the_horizon_at_the_same_weekly_pace() -> None:
    quarter = quarter_model()
    half = quarter.over_horizon(26)
    search, search_26 = quarter.channel("Search"), half.channel("Search")
    assert search_26.current_spend == pytest.approx(2 * search.current_spend)
    # Spending twice as much over twice as many weeks buys twice the outcome.
    assert search_26.curve.outcome(800_000.0) == pytest.approx(2 * search.curve.outcome(400_000.0))
    assert search_26.draws is not None
    assert search.draws is not None
    assert np.allclose(search_26.draws.outcome(800_000.0), 2 * search.draws.outcome(400_000.0))
    assert half.baseline_outcome == pytest.approx(2_000.0)
    assert half.interactions[0].coefficient == pytest.approx(160.0)
    assert half.horizon_weeks == 26


def test_a_horizon_must_have_weeks() -> None:
    with pytest.raises(ValueError, match="at least one week"):
        quarter_model().over_horizon(0)
