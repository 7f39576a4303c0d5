import numpy as np
import pytest

from model_engine.simulation import (
    WEEKS_PER_YEAR,
    SpendDesign,
    default_channels,
    default_scenario,
    simulate,
)


def test_same_seed_same_history() -> None:
    a = simulate(default_scenario(n_weeks=60, n_channels=3), seed=4)
    b = simulate(default_scenario(n_weeks=60, n_channels=3), seed=4)
    c = simulate(default_scenario(n_weeks=60, n_channels=3), seed=5)
    assert a.history.frame.equals(b.history.frame)
    assert not a.history.frame.equals(c.history.frame)


def test_truth_matches_the_configured_channels() -> None:
    scenario = default_scenario(n_weeks=156, n_channels=8, noise=0.05)
    sim = simulate(scenario, seed=0)
    frame = sim.history.frame
    target_total = frame["sales"].sum()
    media_total = 0.0
    for channel in scenario.channels:
        truth = sim.effect(channel.name)
        assert truth.roi == pytest.approx(channel.roi)
        assert truth.spend == pytest.approx(frame[channel.name].sum())
        assert truth.contribution_share == pytest.approx(truth.contribution / target_total)
        media_total += truth.contribution
    # Media drive about the configured share of the (noise-free) target; trend and controls
    # move the baseline around its level.
    assert media_total / sim.noise_free_target.sum() == pytest.approx(scenario.media_share, rel=0.1)
    residual = frame["sales"].to_numpy() - sim.noise_free_target
    assert residual.std() == pytest.approx(sim.noise_sd, rel=0.2)


def test_flighted_channels_go_dark_and_always_on_ones_do_not() -> None:
    sim = simulate(default_scenario(n_weeks=104, n_channels=8), seed=1)
    frame = sim.history.frame
    assert (frame["tv"] == 0).mean() > 0.2  # flighted
    assert (frame["search"] > 0).all()  # always on
    assert set(sim.history.controls) == {"price_index", "competitor_activity"}


def test_default_channels_cover_the_requested_shapes() -> None:
    mixed = default_channels(8, "mixed")
    assert any(c.shape > 1 for c in mixed)  # S-shaped
    assert any(c.adstock.peak_lag() >= 2 for c in mixed)  # delayed peak
    concave = default_channels(16, "concave")
    assert all(c.shape == 1.0 for c in concave)
    assert all(c.adstock.kind == "geometric" for c in concave)
    assert len({c.name for c in concave}) == 16


def test_true_response_curve_over_a_horizon() -> None:
    sim = simulate(default_scenario(n_weeks=60, n_channels=2), seed=0)
    truth = sim.effect("search")
    curve = truth.response_curve(13)
    weekly = 40_000.0
    expected = 13 * truth.coefficient * float(truth.saturation(weekly))
    assert float(curve.outcome(13 * weekly)) == pytest.approx(expected)
    assert np.isfinite(float(curve.marginal(13 * weekly)))


def test_independent_spend_drops_the_shared_budget_cycle() -> None:
    def cycle_correlation(design: SpendDesign) -> float:
        correlations = []
        for seed in range(5):
            sim = simulate(default_scenario(n_channels=8, spend_design=design), seed=seed)
            frame = sim.history.frame
            weeks = np.arange(len(frame))
            cycle = np.sin(2 * np.pi * weeks / WEEKS_PER_YEAR + 0.6)
            correlations += [np.corrcoef(frame[c], cycle)[0, 1] for c in sim.history.channels]
        return float(np.mean(correlations))

    assert cycle_correlation("shared_cycle") > 0.15
    assert abs(cycle_correlation("independent")) < 0.1
    # Same channels and truth: only the spend design differs.
    shared = simulate(default_scenario(spend_design="shared_cycle"), seed=3)
    independent = simulate(default_scenario(spend_design="independent"), seed=3)
    for a, b in zip(shared.truth, independent.truth, strict=True):
        assert a.roi == pytest.approx(b.roi)
        assert a.spend / 156 == pytest.approx(b.spend / 156, rel=0.15)
    with pytest.raises(ValueError, match="spend design"):
        default_scenario(spend_design="seasonal")  # type: ignore[arg-type]
