"""Per-channel notes that say when, and why, a channel's ROI is weakly identified."""

import numpy as np
import pandas as pd
import pytest

from model_engine.adstock import GeometricAdstock
from model_engine.channels import ChannelType
from model_engine.datasets import WeeklyHistory
from model_engine.mmm import HistoryFit, MarketingMixModel
from model_engine.mmm.validation import ChannelIdentification, roi_uncertainty_note
from model_engine.saturation import HillSaturation
from model_engine.simulation import default_scenario, simulate

WEAK = "ROI weakly identified"


def _ident(**changes: object) -> ChannelIdentification:
    values: dict[str, object] = {
        "seasonal_share": 0.1,
        "closest": ("tv", 0.2),
        "signal_per_roi": 0.01,
        "noise": 0.02,
        "spend_floor": 0.5,
    }
    values.update(changes)
    return ChannelIdentification(**values)  # type: ignore[arg-type]


def test_a_tight_interval_gets_no_note() -> None:
    assert roi_uncertainty_note(1.2, 1.0, 1.9, _ident(), False, "sales") is None


def test_a_wide_interval_names_the_reasons_most_specific_first() -> None:
    note = roi_uncertainty_note(
        1.5,
        0.5,
        3.0,
        _ident(seasonal_share=0.8, closest=("tv", 0.9)),
        True,
        "sales",
    )
    assert note is not None
    assert note.startswith(f"{WEAK} (90% interval 0.50 to 3.00)")
    season = note.index("moves with the season (80%")
    other = note.index("moves with tv's (correlation 0.90)")
    steady = note.index("barely changes")
    small = note.index("move sales by about 1.5% of an average week, less than the 2.0%")
    assert season < other < steady < small


def test_a_zero_estimate_is_bounded_by_the_top_of_its_interval() -> None:
    note = roi_uncertainty_note(0.0, 0.0, 2.0, _ident(signal_per_roi=0.005), False, "leads")
    assert note is not None
    assert "move leads by at most about 1.0% of an average week" in note


def test_a_well_measured_swing_that_never_pauses_points_at_the_curve_shape() -> None:
    note = roi_uncertainty_note(1.0, 0.6, 1.8, _ident(signal_per_roi=0.05), False, "sales")
    assert note is not None
    assert "never fell below 50% of its average" in note


@pytest.fixture(scope="module")
def shared_cycle_fit() -> HistoryFit:
    # The benchmark's low-noise design: every channel's spend follows one yearly budget cycle.
    sim = simulate(default_scenario(noise=0.02, curves="concave"), seed=0)
    return MarketingMixModel(n_bootstrap=40, seed=0).fit(sim.history).result_


def test_shared_cycle_history_names_the_channels_whose_roi_is_uncertain(
    shared_cycle_fit: HistoryFit,
) -> None:
    flagged = {c.name for c in shared_cycle_fit.channels if any(WEAK in n for n in c.notes)}
    # Small channels (2-5% of sales) are flagged; TV (7%, flighted) is measured.
    assert {"email", "podcasts", "social", "display"} <= flagged
    assert "tv" not in flagged
    for c in shared_cycle_fit.channels:
        if c.name in flagged:
            assert c.roi.high >= 2 * c.roi.low
    # Here the shared cycle explains little of each channel's spend: the reason given is that
    # the channel's spend swings are small against the noise.
    email = next(n for n in shared_cycle_fit.channel("email").notes if WEAK in n)
    assert "less than the" in email
    assert "unexplained" in email
    # The notes reach the planner and the summary.
    response = shared_cycle_fit.to_response_model(13)
    curve = next(c for c in response.channels if c.name == "email")
    assert any(WEAK in n for n in curve.notes)
    assert f"email: {email}" in shared_cycle_fit.summary()


def test_spend_that_follows_the_season_is_named_as_the_reason() -> None:
    rng = np.random.default_rng(1)
    weeks = 156
    years = np.arange(weeks) / (365.25 / 7)
    season = np.sin(2 * np.pi * years + 1.1)
    radio = 20_000 * (1 + 0.6 * season) * np.exp(rng.normal(0, 0.05, weeks))
    search = 30_000 * np.exp(rng.normal(0, 0.3, weeks))

    def effect(spend: np.ndarray, half: float, decay: float, coefficient: float) -> np.ndarray:
        return coefficient * HillSaturation(half, 1.0)(GeometricAdstock(decay).apply(spend))

    baseline = 500_000 * (1 + 0.1 * season + 0.03 * years)
    sales = (
        baseline
        + effect(radio, 20_000, 0.3, 40_000)
        + effect(search, 30_000, 0.1, 120_000)
        + rng.normal(0, 0.02 * baseline.mean(), weeks)
    )
    frame = pd.DataFrame(
        {"sales": sales, "radio": radio, "search": search},
        index=pd.date_range("2021-01-04", periods=weeks, freq="7D", name="week"),
    )
    history = WeeklyHistory(
        frame=frame,
        target="sales",
        channels=("radio", "search"),
        channel_types={"radio": ChannelType.TRADITIONAL, "search": ChannelType.SEARCH},
    )
    fit = MarketingMixModel(n_bootstrap=40, seed=0).fit(history).result_
    radio_notes = [n for n in fit.channel("radio").notes if WEAK in n]
    assert radio_notes
    assert "its spend moves with the season" in radio_notes[0]
    assert not any("season" in n for n in fit.channel("search").notes)
