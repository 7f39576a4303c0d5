import numpy as np
import pandas as pd
import pytest

from model_engine.channels import ChannelType
from model_engine.datasets import ChannelPeriod, SnapshotData
from model_engine.experiments.lift_test import LiftTest
from model_engine.priors import CHANNEL_PRIORS
from model_engine.snapshot import ChannelOverride, SnapshotCalibrator, fit_snapshot

T = ChannelType


def seed_prompt() -> SnapshotData:
    """The seed article's sample prompt: last quarter, six channels."""
    return SnapshotData(
        channels=(
            ChannelPeriod("Paid search", T.SEARCH, 400_000, 2_400),
            ChannelPeriod("Paid social", T.SOCIAL, 500_000, 1_800),
            ChannelPeriod("Content", T.CONTENT, 300_000, 1_200),
            ChannelPeriod("Events", T.EVENTS, 400_000, 600),
            ChannelPeriod("Email", T.EMAIL, 200_000, 1_500),
            ChannelPeriod("Traditional", T.TRADITIONAL, 200_000, 300),
        )
    )


def test_every_curve_and_every_draw_passes_through_the_observed_point() -> None:
    fit = fit_snapshot(seed_prompt())
    for c in fit.channels:
        assert c.evidence == "snapshot"
        assert c.outcome is not None
        assert float(c.curve.outcome(c.spend)) == pytest.approx(c.outcome)
        assert c.draws is not None
        assert c.draws.n_draws == 1000
        np.testing.assert_allclose(c.draws.outcome(c.spend), c.outcome, rtol=1e-9)


def test_point_curve_has_the_prior_mid_elasticity_at_current_spend() -> None:
    fit = fit_snapshot(seed_prompt())
    for c in fit.channels:
        prior = CHANNEL_PRIORS[c.channel_type]
        assert c.outcome is not None
        step = c.spend * 1e-6
        slope = float(c.curve.outcome(c.spend + step) - c.curve.outcome(c.spend - step)) / (
            2 * step
        )
        elasticity = slope * c.spend / c.outcome
        assert elasticity == pytest.approx(prior.elasticity.mid, rel=1e-5)
        assert c.elasticity is not None
        assert c.elasticity.estimate == pytest.approx(elasticity)
        # Saturation level S0 = 1 - e/n with the middle of both ranges.
        assert c.saturation_level is not None
        assert c.saturation_level.estimate == pytest.approx(
            1 - prior.elasticity.mid / prior.hill_shape.mid
        )


def test_intervals_come_from_the_prior_ranges() -> None:
    fit = fit_snapshot(seed_prompt())
    for c in fit.channels:
        prior = CHANNEL_PRIORS[c.channel_type]
        assert c.elasticity is not None
        assert c.marginal_return is not None
        assert c.outcome is not None
        assert prior.elasticity.low <= c.elasticity.low < c.elasticity.estimate
        assert c.elasticity.estimate < c.elasticity.high <= prior.elasticity.high
        # f'(x0) = e * y0 / x0 for every draw, so the marginal interval mirrors the elasticity.
        assert c.marginal_return.low == pytest.approx(c.elasticity.low * c.outcome / c.spend)
        assert c.marginal_return.high == pytest.approx(c.elasticity.high * c.outcome / c.spend)
        draws = c.draws
        assert draws is not None
        marginal_draws = draws.marginal(c.spend)
        assert np.quantile(marginal_draws, 0.05) == pytest.approx(c.marginal_return.low, rel=1e-6)
        cost = c.marginal_cost_per_outcome
        assert cost is not None
        assert cost.low <= cost.estimate <= cost.high
        assert cost.estimate == pytest.approx(1 / c.marginal_return.estimate)


def test_draws_are_deterministic_per_seed_and_per_channel() -> None:
    first = fit_snapshot(seed_prompt(), seed=7).channel("Email")
    again = fit_snapshot(seed_prompt(), seed=7).channel("Email")
    other_seed = fit_snapshot(seed_prompt(), seed=8).channel("Email")
    assert first.draws is not None
    assert again.draws is not None
    assert other_seed.draws is not None
    np.testing.assert_array_equal(first.draws.outcome(300_000), again.draws.outcome(300_000))
    assert not np.allclose(first.draws.outcome(300_000), other_seed.draws.outcome(300_000))
    # Adding a channel does not change another channel's draws.
    bigger = SnapshotData(
        channels=(*seed_prompt().channels, ChannelPeriod("Podcasts", T.PODCASTS, 50_000, 90))
    )
    alongside = fit_snapshot(bigger, seed=7).channel("Email")
    assert alongside.draws is not None
    np.testing.assert_array_equal(first.draws.outcome(300_000), alongside.draws.outcome(300_000))


def test_zero_spend_channel_has_no_curve_and_says_so() -> None:
    data = SnapshotData(
        channels=(
            ChannelPeriod("Search", T.SEARCH, 400_000, 2_400),
            ChannelPeriod("Podcasts", T.PODCASTS, 0.0, None),
        )
    )
    podcasts = fit_snapshot(data).channel("podcasts")
    assert podcasts.evidence == "no_evidence"
    assert float(podcasts.curve.outcome(1_000_000)) == 0.0
    assert podcasts.draws is None
    assert podcasts.marginal_return is None
    assert any("test budget" in note for note in podcasts.notes)


def test_zero_outcome_and_missing_outcome_are_flagged_not_divided_by() -> None:
    data = SnapshotData(
        channels=(
            ChannelPeriod("Search", T.SEARCH, 400_000, 2_400),
            ChannelPeriod("Affiliate", T.AFFILIATE, 50_000, 0.0),
            ChannelPeriod("Display", T.DISPLAY, 80_000, None),
            ChannelPeriod("Video", T.VIDEO, 90_000, None, stated_cost_per_outcome=300.0),
        )
    )
    with np.errstate(all="raise"):
        fit = fit_snapshot(data)
    affiliate, display, video = (fit.channel(n) for n in ("Affiliate", "Display", "Video"))
    assert affiliate.evidence == display.evidence == "no_evidence"
    assert "no recorded outcome" in affiliate.notes[-1]
    assert "no outcome given" in display.notes[-1]
    assert affiliate.cost_per_outcome is None
    # A stated cost per outcome is enough to calibrate.
    assert video.evidence == "snapshot"
    assert video.outcome == pytest.approx(300.0)
    assert float(video.curve.outcome(90_000)) == pytest.approx(300.0)
    assert "stated cost per outcome" in video.notes[0]
    assert "no_evidence" in fit.summary()


def test_half_saturation_override_fixes_k_and_keeps_the_point() -> None:
    override = ChannelOverride(half_saturation=300_000)
    fit = fit_snapshot(seed_prompt(), {"email": override})
    email = fit.channel("Email")
    assert email.override == override
    assert email.draws is not None
    np.testing.assert_allclose(email.draws.saturation.params()["half_saturation"], 300_000)
    np.testing.assert_allclose(email.draws.outcome(200_000), 1_500, rtol=1e-9)
    assert float(email.curve.saturation.params()["half_saturation"]) == 300_000
    assert any("your input replaces the prior" in n for n in email.notes)
    # Other channels keep their priors.
    assert fit.channel("Content").override is None


def test_elasticity_and_shape_overrides() -> None:
    fit = fit_snapshot(
        seed_prompt(),
        {"Paid search": ChannelOverride(elasticity=0.25), "Events": ChannelOverride(shape=3.0)},
    )
    search = fit.channel("Paid search")
    assert search.elasticity is not None
    assert search.elasticity.low == pytest.approx(0.25)
    assert search.elasticity.high == pytest.approx(0.25)
    events = fit.channel("Events")
    assert events.draws is not None
    np.testing.assert_allclose(events.draws.saturation.params()["shape"], 3.0)


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"half_saturation": 1.0, "elasticity": 0.3}, "not both"),
        ({"elasticity": 1.2}, "between 0 and 1"),
        ({"half_saturation": -5.0}, "positive"),
        ({"elasticity": 0.6, "shape": 0.5}, "shape above it"),
        ({}, "needs a half-saturation"),
    ],
)
def test_bad_overrides_are_refused(override: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ChannelOverride(**override)


def test_override_for_an_unknown_channel_is_refused() -> None:
    with pytest.raises(ValueError, match="no channel of the data: radio"):
        fit_snapshot(seed_prompt(), {"Radio": ChannelOverride(shape=2.0)})


def test_too_few_draws_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 500 draws"):
        SnapshotCalibrator(n_draws=100)


@pytest.mark.parametrize("horizon", [13, 26, 4])
def test_response_model_rescales_to_the_horizon(horizon: int) -> None:
    fit = fit_snapshot(seed_prompt())
    model = fit.to_response_model(horizon_weeks=horizon)
    factor = horizon / 13
    assert model.source == "snapshot"
    assert model.horizon_weeks == horizon
    for curve, c in zip(model.channels, fit.channels, strict=True):
        assert c.outcome is not None
        assert curve.current_spend == pytest.approx(c.spend * factor)
        # At the same weekly pace the outcome scales with the horizon.
        assert float(curve.curve.outcome(curve.current_spend)) == pytest.approx(c.outcome * factor)
        np.testing.assert_allclose(curve.outcome_draws(curve.current_spend), c.outcome * factor)
        # Same weekly spend, same marginal return per dollar.
        assert float(curve.curve.marginal(curve.current_spend)) == pytest.approx(
            float(c.curve.marginal(c.spend))
        )


def test_summary_reads_like_a_table() -> None:
    text = fit_snapshot(seed_prompt()).summary()
    assert "Snapshot fit of MQLs over 13 weeks" in text
    for name in ("Paid search", "Email", "Traditional"):
        assert name in text
    assert "1000 prior draws" in text


def test_a_lift_test_is_a_second_point_on_the_quarter_curve() -> None:
    data = SnapshotData(
        channels=(
            ChannelPeriod("Paid social", ChannelType.SOCIAL, 500_000, 3_000),
            ChannelPeriod("Search", ChannelType.SEARCH, 400_000, 2_400),
        )
    )
    # $150K more over 6 weeks bought 600 MQLs: at that pace for the quarter, 825K -> 4,300.
    test = LiftTest(
        "Paid social", pd.Timestamp("2024-03-04"), pd.Timestamp("2024-04-14"), 150_000, 600, 60
    )
    before = fit_snapshot(data).channel("Paid social")
    fit = fit_snapshot(data, experiments=[test])
    social = fit.channel("Paid social")
    calibration = social.lift_test
    assert calibration is not None
    assert calibration.second_spend == pytest.approx(500_000 + 150_000 / 6 * 13)
    assert calibration.second_outcome == pytest.approx(3_000 + 600 / 6 * 13)
    # The point curve passes through both points.
    assert float(social.curve.outcome(500_000)) == pytest.approx(3_000)
    assert float(social.curve.outcome(calibration.second_spend)) == pytest.approx(4_300, rel=1e-6)
    assert calibration.marginal_return_before == before.marginal_return
    assert calibration.clamped_share < 0.05
    # A precise test narrows the marginal return's interval.
    width = calibration.marginal_return_after.high - calibration.marginal_return_after.low
    assert width < before.marginal_return.high - before.marginal_return.low
    assert fit.channel("Search").lift_test is None
    with pytest.raises(ValueError, match="names no channel of the data: radio"):
        fit_snapshot(data, experiments=[LiftTest("radio", test.start, test.end, 1.0, 1.0, 1.0)])
