import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model_engine.channels import ChannelType
from model_engine.datasets import WeeklyHistory
from model_engine.mmm import (
    SCHEMA_VERSION,
    HistoryFit,
    MarketingMixModel,
    load_fitted_model,
    save_fitted_model,
)
from model_engine.mmm.persistence import history_fit_to_dict
from model_engine.mmm.validation import r_squared
from model_engine.simulation import (
    SimulatedHistory,
    SimulationScenario,
    default_scenario,
    simulate,
)


def test_recovers_roi_and_shares_on_an_informative_history(
    identifiable: SimulatedHistory, identifiable_fit: HistoryFit
) -> None:
    for channel in identifiable_fit.channels:
        truth = identifiable.effect(channel.name)
        assert channel.roi.estimate == pytest.approx(truth.roi, rel=0.12), channel.name
        share_error = abs(channel.contribution_share.estimate - truth.contribution_share)
        assert share_error < 0.01, channel.name
    assert identifiable_fit.metrics.holdout_mape < 3.0
    assert identifiable_fit.usable_for_planning


def test_recovers_carryover_shapes(identifiable_fit: HistoryFit) -> None:
    tv = identifiable_fit.channel("tv").adstock
    search = identifiable_fit.channel("search").adstock
    video = identifiable_fit.channel("video").adstock
    assert tv.mean_lag() > search.mean_lag() + 0.4  # decay 0.5 against 0.1
    assert video.peak_lag() >= 1  # Weibull(2, 3) peaks two weeks after exposure
    assert search.peak_lag() == 0


def test_intervals_and_outputs_are_consistent(identifiable_fit: HistoryFit) -> None:
    total_media = 0.0
    for c in identifiable_fit.channels:
        for interval in (c.contribution, c.contribution_share, c.roi, c.marginal_roi):
            assert interval.low <= interval.high
            assert interval.level == 0.9
        assert c.roi.estimate == pytest.approx(c.contribution.estimate / c.spend)
        assert c.contribution_share.estimate == pytest.approx(
            c.contribution.estimate / identifiable_fit.target_total
        )
        assert c.draws is not None
        assert c.draws.coefficient.shape == (60,)
        total_media += c.contribution.estimate
    share = identifiable_fit.baseline.share + total_media / identifiable_fit.target_total
    assert share == pytest.approx(1.0, abs=0.02)  # baseline + media explain the target


def test_prediction_carries_adstock_over_from_earlier_weeks(
    identifiable: SimulatedHistory, identifiable_fit: HistoryFit
) -> None:
    frame = identifiable.history.frame
    full = identifiable_fit.decompose(frame)
    cut = identifiable_fit.decompose(frame.iloc[100:])
    # Without the earlier weeks, the first predicted weeks lose tv's carryover.
    assert full["tv"].iloc[100:].sum() > cut["tv"].sum()
    np.testing.assert_allclose(full["tv"].iloc[130:], cut["tv"].iloc[30:])
    assert identifiable_fit.predict(frame).name == "sales"


def test_predict_reproduces_the_fitted_values(
    identifiable: SimulatedHistory, identifiable_fit: HistoryFit
) -> None:
    """The saved model's predictions (adstock per channel) equal the fit's own fitted values
    (batched media transform): in-sample R² over the fitted weeks comes out the same."""
    frame = identifiable.history.frame
    warmup = 8  # the default, for 156 weeks
    actual = frame["sales"].to_numpy()[warmup:]
    predicted = identifiable_fit.predict(frame).to_numpy()[warmup:]
    assert r_squared(actual, predicted) == pytest.approx(identifiable_fit.metrics.r2, abs=1e-9)


def test_same_seed_same_fit(small: SimulatedHistory, small_fit: HistoryFit) -> None:
    model = MarketingMixModel(
        n_bootstrap=25, seed=3, interactions=[("search", "social")], backtest_folds=2
    )
    again = model.fit(small.history).result_
    assert history_fit_to_dict(again) | {"seconds": 0} == history_fit_to_dict(small_fit) | {
        "seconds": 0
    }


def test_interactions_and_backtest_are_reported(small_fit: HistoryFit) -> None:
    (term,) = small_fit.interactions
    assert (term.channel_a, term.channel_b) == ("search", "social")
    assert term.p_value is not None
    assert 0 < term.p_value <= 1
    assert len(small_fit.metrics.backtest_mapes) == 2
    assert "Rolling-origin backtest" in small_fit.summary()
    assert "interaction search x social" in small_fit.summary()


def test_response_model_for_the_optimizer(small: SimulatedHistory, small_fit: HistoryFit) -> None:
    model = small_fit.to_response_model(horizon_weeks=13)
    frame = small.history.frame
    assert model.source == "history"
    assert model.outcome_name == "sales"
    assert model.baseline_outcome > 0
    (interaction,) = model.interactions
    assert interaction.coefficient == pytest.approx(
        13 * small_fit.interactions[0].coefficient.estimate
    )
    for curve in model.channels:
        fitted = small_fit.channel(curve.name)
        assert curve.current_spend == pytest.approx(frame[curve.name].iloc[-13:].mean() * 13)
        assert curve.history is not None
        assert curve.history.roi == fitted.roi
        assert curve.carryover == fitted.adstock.carryover()
        assert curve.draws is not None
        assert curve.draws.n_draws == 25
        # A steady run-rate over the horizon yields 13 weeks of the weekly term.
        weekly = float(fitted.coefficient * fitted.saturation(curve.current_spend / 13))
        assert float(curve.curve.outcome(curve.current_spend)) == pytest.approx(13 * weekly)
        assert float(curve.curve.marginal(curve.current_spend)) == pytest.approx(
            fitted.marginal_roi.estimate
        )
    longer = small_fit.to_response_model(horizon_weeks=26)
    assert longer.channels[0].current_spend == pytest.approx(2 * model.channels[0].current_spend)


def test_save_and_load_round_trip(
    small: SimulatedHistory, small_fit: HistoryFit, tmp_path: Path
) -> None:
    path = save_fitted_model(small_fit, tmp_path / "model.json")
    loaded = load_fitted_model(path)
    assert loaded.summary() == small_fit.summary()
    frame = small.history.frame
    pd.testing.assert_series_equal(loaded.predict(frame), small_fit.predict(frame))
    before, after = small_fit.to_response_model(13), loaded.to_response_model(13)
    assert after.baseline_outcome == pytest.approx(before.baseline_outcome)
    for a, b in zip(before.channels, after.channels, strict=True):
        np.testing.assert_allclose(
            a.outcome_draws(a.current_spend), b.outcome_draws(b.current_spend)
        )
    assert '"schema_version": ' + str(SCHEMA_VERSION) in path.read_text()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no saved model"),
        ("{not json", "not valid JSON"),
        ('{"schema": "something.else"}', "not a budgetmix history fit"),
        ('{"schema": "budgetmix.history_fit", "schema_version": 99}', "schema version 99"),
        ('{"schema": "budgetmix.history_fit", "schema_version": 1}', "damaged"),
    ],
)
def test_loading_a_bad_file_says_what_is_wrong(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "model.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(ValueError, match=message):
        load_fitted_model(path)


def history_with(frame: pd.DataFrame) -> WeeklyHistory:
    return WeeklyHistory(frame=frame, target="sales", channels=("tv", "search"))


def base_frame(weeks: int = 80) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    index = pd.date_range("2022-01-03", periods=weeks, freq="7D")
    return pd.DataFrame(
        {
            "sales": rng.normal(1000, 30, weeks),
            "tv": rng.gamma(2, 100, weeks),
            "search": rng.gamma(2, 50, weeks),
        },
        index=index,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda f: f.assign(tv=f["tv"].where(f.index != f.index[5], -3.0)),
            "'tv' has negative spend in the week of 2022-02-07",
        ),
        (
            lambda f: f.assign(search=f["search"].where(f.index != f.index[9], np.nan)),
            "'search' has a missing value in the week of 2022-03-07",
        ),
        (lambda f: f.assign(sales=["x"] * len(f)), "'sales' is not numeric"),
        (lambda f: f.iloc[:20], "only 20 weekly rows"),
    ],
)
def test_bad_histories_get_a_message_naming_column_and_week(
    change: Callable[[pd.DataFrame], pd.DataFrame], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        MarketingMixModel(n_bootstrap=0).fit(history_with(change(base_frame())))


def test_unknown_interaction_channel_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown channel 'radio'"):
        MarketingMixModel(interactions=[("tv", "radio")]).fit(history_with(base_frame()))


def test_a_channel_never_spent_has_no_evidence() -> None:
    frame = base_frame().assign(search=0.0)
    fit = MarketingMixModel(n_bootstrap=10).fit(history_with(frame)).result_
    search = fit.channel("search")
    assert search.evidence == "no_evidence"
    assert search.contribution.estimate == 0.0
    assert "no spend in any week" in search.notes[0]
    assert fit.diagnostics.never_active == ("search",)
    assert fit.to_response_model().channel("search").evidence == "no_evidence"


def test_a_channel_whose_spend_never_moves_gets_no_effect() -> None:
    """Constant spend is indistinguishable from the intercept: no effect, not an arbitrary one."""
    frame = base_frame().assign(search=50.0)
    fit = MarketingMixModel(n_bootstrap=10).fit(history_with(frame)).result_
    search = fit.channel("search")
    assert search.contribution.estimate == 0.0
    assert search.contribution.high == 0.0
    assert fit.diagnostics.low_variation == ("search",)


@pytest.mark.slow
def test_ninety_percent_intervals_cover_the_truth_across_seeds(
    identifiable_scenario: SimulationScenario,
) -> None:
    hits = []
    for seed in range(6):
        sim = simulate(identifiable_scenario, seed=seed)
        fit = MarketingMixModel(n_bootstrap=100, seed=seed).fit(sim.history).result_
        for channel in fit.channels:
            truth = sim.effect(channel.name)
            hits.append(channel.roi.low <= truth.roi <= channel.roi.high)
            hits.append(
                channel.contribution_share.low
                <= truth.contribution_share
                <= channel.contribution_share.high
            )
    assert np.mean(hits) >= 0.8


def test_a_model_that_misses_the_holdout_is_not_used_for_planning() -> None:
    """A level shift in the last weeks that nothing in the file explains: the gate refuses."""
    sim = simulate(default_scenario(n_weeks=104, n_channels=3, noise=0.02), seed=1)
    frame = sim.history.frame.copy()
    frame.loc[frame.index[-16:], "sales"] *= 1.6
    history = WeeklyHistory(
        frame=frame,
        target="sales",
        channels=sim.history.channels,
        channel_types=dict.fromkeys(sim.history.channels, ChannelType.OTHER),
        controls=sim.history.controls,
    )
    fit = MarketingMixModel(n_bootstrap=0).fit(history).result_
    assert fit.metrics.holdout_mape >= 15
    assert not fit.usable_for_planning
    assert "not reliable for planning" in fit.verdict.headline
    assert fit.verdict.reasons
    model = fit.to_response_model()
    assert model.notes[0].startswith("not usable for planning")


def test_summary_reads_like_a_results_table(small_fit: HistoryFit) -> None:
    text = small_fit.summary()
    assert text.startswith("Marketing-mix fit of sales: 104 weeks")
    assert "Verdict: MAPE" in text
    for name in ("search", "social", "tv", "display", "baseline"):
        assert name in text
    assert not math.isnan(small_fit.metrics.holdout_r2)
