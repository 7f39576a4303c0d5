"""Review of the shared curve contracts (saturation.py, response.py): derivatives, inverse
marginal, draws, serialisation and the change of units from weekly terms to horizon curves."""

import warnings

import numpy as np
import pytest

from model_engine.adstock import GeometricAdstock, WeibullAdstock
from model_engine.response import ResponseCurve
from model_engine.saturation import (
    ExponentialSaturation,
    HillSaturation,
    PowerSaturation,
    Saturation,
)

CURVES: list[Saturation] = [
    HillSaturation(half_saturation=50_000.0, shape=0.7),
    HillSaturation(half_saturation=50_000.0, shape=1.0),
    HillSaturation(half_saturation=80_000.0, shape=2.5),
    ExponentialSaturation(lam=60_000.0),
    PowerSaturation(exponent=0.6),
]
SPEND = np.array([5_000.0, 30_000.0, 50_000.0, 120_000.0, 400_000.0])


@pytest.mark.parametrize("saturation", CURVES, ids=repr)
def test_derivative_matches_finite_differences(saturation: Saturation) -> None:
    step = 1e-4 * SPEND
    numeric = (saturation(SPEND + step) - saturation(SPEND - step)) / (2 * step)
    np.testing.assert_allclose(saturation.derivative(SPEND), numeric, rtol=1e-6)


@pytest.mark.parametrize("saturation", CURVES, ids=repr)
def test_spend_at_derivative_inverts_the_derivative(saturation: Saturation) -> None:
    # Slopes reached beyond the inflection, where the marginal return is falling.
    inflection = float(saturation.inflection()) if isinstance(saturation, HillSaturation) else 0.0
    beyond = SPEND[inflection < SPEND]
    slopes = saturation.derivative(beyond)
    found = saturation.spend_at_derivative(slopes)
    np.testing.assert_allclose(saturation.derivative(found), slopes, rtol=1e-6)
    np.testing.assert_allclose(found, beyond, rtol=1e-6)


def test_spend_at_derivative_is_zero_when_the_slope_is_never_reached() -> None:
    hill = HillSaturation(half_saturation=10.0, shape=2.0)
    peak_slope = float(hill.derivative(hill.inflection()))
    assert float(hill.spend_at_derivative(peak_slope * 1.01)) == 0.0
    exponential = ExponentialSaturation(lam=10.0)
    assert float(exponential.spend_at_derivative(0.2)) == 0.0  # above 1/lam


def test_hill_inflection_is_where_the_marginal_return_peaks() -> None:
    hill = HillSaturation(half_saturation=100.0, shape=3.0)
    grid = np.linspace(1, 300, 30_000)
    assert float(hill.inflection()) == pytest.approx(
        grid[np.argmax(hill.derivative(grid))], abs=0.02
    )
    assert float(HillSaturation(100.0, 0.8).inflection()) == 0.0


@pytest.mark.parametrize("saturation", CURVES, ids=repr)
def test_rescaled_changes_units_only(saturation: Saturation) -> None:
    factor = 13.0 / 1.7
    stretched, multiplier = saturation.rescaled(factor)
    np.testing.assert_allclose(
        multiplier * stretched(SPEND), saturation(SPEND / factor), rtol=1e-12
    )


def test_response_curve_marginal_and_inverse_round_trip() -> None:
    curve = ResponseCurve(HillSaturation(200_000.0, 1.3), scale=5_000.0)
    spend = np.array([150_000.0, 300_000.0, 900_000.0])
    marginal = curve.marginal(spend)
    step = 1.0
    np.testing.assert_allclose(
        marginal,
        (curve.outcome(spend + step) - curve.outcome(spend - step)) / (2 * step),
        rtol=1e-6,
    )
    np.testing.assert_allclose(curve.spend_at_marginal(marginal), spend, rtol=1e-6)
    assert curve.saturation_level(spend) is not None
    assert ResponseCurve(PowerSaturation(0.5), 3.0).saturation_level(spend) is None
    np.testing.assert_allclose(
        curve.average_return([0.0, 100.0]), [0.0, float(curve.outcome(100.0)) / 100]
    )


def test_draws_broadcast_and_draw_picks_one() -> None:
    half = np.array([100.0, 150.0, 200.0, 250.0])
    shape = np.array([1.0, 1.2, 1.5, 2.0])
    scale = np.array([10.0, 11.0, 12.0, 13.0])
    curve = ResponseCurve(HillSaturation(half, shape), scale)
    assert curve.n_draws == 4
    outcomes = curve.outcome(180.0)
    assert outcomes.shape == (4,)
    for i in range(4):
        single = curve.draw(i)
        assert float(single.outcome(180.0)) == pytest.approx(outcomes[i])
        assert float(single.marginal(180.0)) == pytest.approx(curve.marginal(180.0)[i])


def test_draw_shares_scalar_parameters_across_draws() -> None:
    """A curve with some array parameters and some scalars (e.g. a fixed shape) must give each
    draw the shared scalar; this used to raise IndexError."""
    curve = ResponseCurve(HillSaturation(np.array([1.0, 2.0, 3.0]), 1.5), scale=7.0)
    third = curve.draw(2)
    assert third.saturation == HillSaturation(3.0, 1.5)
    assert third.scale == 7.0


def test_zero_scale_curve_never_pays_and_warns_nothing() -> None:
    curve = ResponseCurve(HillSaturation(1_000.0), 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert float(curve.spend_at_marginal(0.01)) == 0.0
        assert float(curve.outcome(5_000.0)) == 0.0
        assert float(curve.marginal(5_000.0)) == 0.0


@pytest.mark.parametrize(
    "curve",
    [
        ResponseCurve(HillSaturation(120.0, 1.4), 9.5),
        ResponseCurve(
            HillSaturation(np.array([1.0, 2.0]), np.array([1.0, 3.0])), np.array([4.0, 5.0])
        ),
        ResponseCurve(ExponentialSaturation(np.array([3.0, 4.0])), 2.0),
        ResponseCurve(PowerSaturation(0.4), np.array([1.0, 2.0, 3.0])),
    ],
    ids=["scalar", "hill draws", "mixed", "power"],
)
def test_response_curve_round_trips_through_a_dict(curve: ResponseCurve) -> None:
    again = ResponseCurve.from_dict(curve.to_dict())
    np.testing.assert_allclose(again.outcome(2.5), curve.outcome(2.5))
    assert again.n_draws == curve.n_draws


def test_unknown_saturation_type_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown saturation type"):
        Saturation.from_dict({"type": "tanh", "b": 1.0})
    with pytest.raises(ValueError, match="needs the parameter"):
        Saturation.from_dict({"type": "hill", "shape": 1.0})


@pytest.mark.parametrize(
    "adstock", [GeometricAdstock(0.6, normalize=False), WeibullAdstock(2.0, 3.0)]
)
def test_from_weekly_matches_a_steady_weekly_simulation(adstock: GeometricAdstock) -> None:
    """A horizon curve built from a weekly term equals the weekly model run at an even spend,
    once carryover has reached its steady state."""
    saturation = HillSaturation(40_000.0, 1.4)
    coefficient, horizon, total = 25_000.0, 13, 650_000.0
    weekly_spend = np.full(200, total / horizon)
    weekly_outcome = coefficient * saturation(adstock.apply(weekly_spend))
    steady = weekly_outcome[-horizon:].sum()
    curve = ResponseCurve.from_weekly(
        saturation, coefficient, horizon, adstock.steady_state_multiplier()
    )
    assert float(curve.outcome(total)) == pytest.approx(steady, rel=1e-9)
