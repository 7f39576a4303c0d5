"""The minimum detectable lift formula against simulation: tests of that size are detected 80%
of the time, and tests of no lift falsely 5% of the time, with white and autocorrelated
noise."""

import numpy as np
import pytest

from model_engine.experiments.power import WeeklyNoise, minimum_detectable_lift, power_of

N_SIMULATIONS = 4000


def _rejection_rate(lift: float, noise: WeeklyNoise, weeks: int, seed: int) -> float:
    rng = np.random.default_rng(seed)
    phi, sd = noise.autocorrelation, noise.sd
    innovations = rng.normal(0.0, sd * np.sqrt(1 - phi**2), (N_SIMULATIONS, weeks + 50))
    series = np.zeros_like(innovations)
    series[:, 0] = rng.normal(0.0, sd, N_SIMULATIONS)
    for t in range(1, series.shape[1]):
        series[:, t] = phi * series[:, t - 1] + innovations[:, t]
    # The measured weeks: the lift spread evenly over them, read as the sum of residuals.
    residuals = series[:, -weeks:] + lift / weeks
    estimate = residuals.sum(axis=1)
    return float(np.mean(np.abs(estimate / noise.standard_error(weeks)) > 1.959964))


@pytest.mark.parametrize(("phi", "weeks"), [(0.0, 8), (0.3, 12)])
def test_the_minimum_detectable_lift_is_detected_80_percent_of_the_time(
    phi: float, weeks: int
) -> None:
    noise = WeeklyNoise(sd=1_000.0, autocorrelation=phi)
    mdl = minimum_detectable_lift(noise.standard_error(weeks))
    assert mdl == pytest.approx(2.8016 * noise.standard_error(weeks), rel=1e-4)
    detected = _rejection_rate(mdl, noise, weeks, seed=1)
    # The AR(1) long-run variance slightly overstates a short sum's: power a little above 80%.
    assert 0.77 <= detected <= 0.86
    assert _rejection_rate(0.0, noise, weeks, seed=2) == pytest.approx(0.05, abs=0.015)
    assert power_of(mdl, noise.standard_error(weeks)) == pytest.approx(0.8, abs=0.001)


def test_a_geo_test_on_half_the_market_reads_half_the_signal_at_the_same_noise() -> None:
    noise = WeeklyNoise(sd=1_000.0)
    assert noise.standard_error(10, geo_share=0.5) == pytest.approx(noise.standard_error(10))
    assert noise.standard_error(10, geo_share=0.2) < noise.standard_error(10)
    with pytest.raises(ValueError, match="share of the market"):
        noise.standard_error(10, geo_share=1.0)
