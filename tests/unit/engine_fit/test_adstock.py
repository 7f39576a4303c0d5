import numpy as np
import pytest

from model_engine.adstock import (
    Adstock,
    GeometricAdstock,
    WeibullAdstock,
    convolve_lags,
    geometric_weights,
    weibull_weights,
)

KERNELS = [
    GeometricAdstock(0.0),
    GeometricAdstock(0.55, l_max=8),
    GeometricAdstock(0.8, normalize=False),
    WeibullAdstock(1.0, 2.5),
    WeibullAdstock(2.5, 4.0),
    WeibullAdstock(3.0, 6.0, l_max=10, normalize=False),
]


def test_geometric_kernel_is_powers_of_the_decay() -> None:
    raw = GeometricAdstock(0.5, l_max=4, normalize=False).weights()
    np.testing.assert_allclose(raw, [1.0, 0.5, 0.25, 0.125])
    normalised = GeometricAdstock(0.5, l_max=4).weights()
    np.testing.assert_allclose(normalised, raw / raw.sum())


def test_unnormalised_geometric_steady_state_and_mean_lag() -> None:
    decay, l_max = 0.6, 40  # long enough that truncation is negligible
    adstock = GeometricAdstock(decay, l_max=l_max, normalize=False)
    assert adstock.steady_state_multiplier() == pytest.approx((1 - decay**l_max) / (1 - decay))
    assert adstock.mean_lag() == pytest.approx(decay / (1 - decay), rel=1e-6)
    assert GeometricAdstock(decay, l_max=l_max).steady_state_multiplier() == pytest.approx(1.0)


def test_weibull_with_shape_one_is_geometric() -> None:
    scale = 2.5
    weibull = WeibullAdstock(1.0, scale, l_max=13).weights()
    geometric = GeometricAdstock(float(np.exp(-1 / scale)), l_max=13).weights()
    np.testing.assert_allclose(weibull, geometric, rtol=1e-12)


@pytest.mark.parametrize(("shape", "scale", "peak"), [(2.5, 4.0, 3), (2.0, 3.0, 2), (4.0, 7.0, 6)])
def test_weibull_peaks_weeks_after_exposure(shape: float, scale: float, peak: int) -> None:
    adstock = WeibullAdstock(shape, scale)
    assert adstock.peak_lag() == peak
    assert 2 <= adstock.peak_lag() <= 6
    # Week l holds the density over [l, l + 1], so the continuous mode falls in that week.
    assert abs(adstock.density_peak_weeks() - (peak + 0.5)) <= 0.6


@pytest.mark.parametrize("adstock", KERNELS, ids=repr)
def test_weight_gradients_match_finite_differences(adstock: Adstock) -> None:
    analytic = adstock.weight_gradients()
    eps = 1e-6
    for j, name in enumerate(adstock.param_names):
        value = getattr(adstock, name)
        up = type(adstock).from_dict({**adstock.to_dict(), name: value + eps}).weights()
        down_value = max(value - eps, 0.0)
        down = type(adstock).from_dict({**adstock.to_dict(), name: down_value}).weights()
        numeric = (up - down) / (value + eps - down_value)
        np.testing.assert_allclose(analytic[j], numeric, atol=1e-6)


@pytest.mark.parametrize("adstock", KERNELS, ids=repr)
def test_apply_is_the_kernel_convolution(adstock: Adstock) -> None:
    impulse = np.zeros(20)
    impulse[3] = 1.0
    response = adstock.apply(impulse)
    w = adstock.weights()
    np.testing.assert_allclose(response[3 : 3 + w.size], w[: 20 - 3])
    assert np.all(response[:3] == 0)
    # d a_t / d x_{t-l} = w_l: the input derivative is the kernel.
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, 30)
    bumped = x.copy()
    bumped[10] += 1e-3
    change = (adstock.apply(bumped) - adstock.apply(x)) / 1e-3
    lags = min(w.size, 20)
    np.testing.assert_allclose(
        change[10 : 10 + lags], adstock.input_derivative()[:lags], rtol=1e-6, atol=1e-9
    )


def test_apply_handles_channels_side_by_side() -> None:
    adstock = WeibullAdstock(2.0, 3.0)
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 5, (25, 3))
    together = adstock.apply(x)
    for c in range(3):
        np.testing.assert_allclose(together[:, c], adstock.apply(x[:, c]))


@pytest.mark.parametrize("adstock", KERNELS, ids=repr)
def test_param_derivatives_match_finite_differences(adstock: Adstock) -> None:
    x = np.random.default_rng(2).uniform(0, 3, 24)
    analytic = adstock.param_derivatives(x)
    for j, name in enumerate(adstock.param_names):
        value = getattr(adstock, name)
        step = 1e-6 * max(1.0, value)
        low = max(value - step, 0.0)  # one-sided at a decay of 0
        up = type(adstock).from_dict({**adstock.to_dict(), name: value + step}).apply(x)
        down = type(adstock).from_dict({**adstock.to_dict(), name: low}).apply(x)
        numeric = (up - down) / (value + step - low)
        np.testing.assert_allclose(analytic[j], numeric, rtol=1e-5, atol=1e-5)


def test_vectorised_kernels_match_scalar_ones() -> None:
    decays = np.array([0.1, 0.4, 0.7])
    weights, grads = geometric_weights(decays, 9)
    for i, d in enumerate(decays):
        adstock = GeometricAdstock(float(d), l_max=9)
        np.testing.assert_allclose(weights[i], adstock.weights())
        np.testing.assert_allclose(grads[0, i], adstock.weight_gradients()[0])
    shapes, scales = np.array([1.0, 2.0]), np.array([1.5, 4.0])
    weights, grads = weibull_weights(shapes, scales, 9)
    for i in range(2):
        weibull = WeibullAdstock(float(shapes[i]), float(scales[i]), l_max=9)
        np.testing.assert_allclose(weights[i], weibull.weights())
        np.testing.assert_allclose(grads[:, i], weibull.weight_gradients())


def test_convolve_lags_uses_the_spend_assumed_before_the_series() -> None:
    np.testing.assert_allclose(convolve_lags([1.0, 1.0, 1.0], [0.5, 0.3, 0.2]), [0.5, 0.8, 1.0])
    np.testing.assert_allclose(convolve_lags([1.0, 1.0, 1.0], [0.5, 0.3, 0.2], 1.0), 1.0)
    two = convolve_lags(np.ones((2, 2)), [0.5, 0.3, 0.2], initial=[1.0, 0.0])
    np.testing.assert_allclose(two, [[1.0, 0.5], [1.0, 0.8]])


@pytest.mark.parametrize("adstock", KERNELS, ids=repr)
def test_round_trips_through_a_dict(adstock: Adstock) -> None:
    again = Adstock.from_dict(adstock.to_dict())
    assert again == adstock


def test_carryover_summary_for_explanations() -> None:
    carry = WeibullAdstock(2.5, 4.0).carryover()
    assert carry.kind == "weibull"
    assert carry.peak_lag_weeks == 3.0
    assert carry.mean_lag_weeks == pytest.approx(WeibullAdstock(2.5, 4.0).mean_lag())
    assert carry.steady_state_multiplier == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"type": "binomial", "p": 0.3}, "unknown adstock type"),
        ({"type": "weibull", "shape": 2.0}, "scale"),
        ({"type": "geometric", "decay": 1.0}, r"\[0, 1\)"),
        ({"type": "weibull", "shape": -1.0, "scale": 2.0}, "positive"),
        ({"type": "geometric", "decay": 0.2, "l_max": 0}, "at least one week"),
    ],
)
def test_bad_parameters_are_refused(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Adstock.from_dict(data)
