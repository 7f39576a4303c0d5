"""All models side by side, last touch's bias, channel matching and reconciliation with a
fitted mix model."""

from pathlib import Path

import numpy as np
import pytest

from model_engine.attribution import (
    MODEL_NAMES,
    Journeys,
    attribute,
    match_channels,
    reconcile,
)
from model_engine.attribution.simulation import funnel_chain
from model_engine.intake import load_history
from model_engine.mmm import HistoryFit, MarketingMixModel

DATA = Path(__file__).resolve().parents[3] / "data"


@pytest.fixture(scope="module")
def funnel() -> Journeys:
    return funnel_chain().simulate(100_000, seed=21).to_journeys()


def test_every_model_credits_every_conversion(funnel: Journeys) -> None:
    result = attribute(funnel)
    assert tuple(m.name for m in result.models) == MODEL_NAMES
    for model in result.models:
        assert sum(model.shares.values()) == pytest.approx(1.0)
        assert sum(model.conversions.values()) == pytest.approx(funnel.total_conversions)
    rows = result.comparison()
    assert [r.channel for r in rows] == list(funnel.channels)
    assert rows[0].share("markov") == result.model("markov").shares[rows[0].channel]
    assert "Markov" in result.summary()


def test_last_touch_under_credits_the_top_of_the_funnel(funnel: Journeys) -> None:
    bias = attribute(funnel, budget=1_000_000).last_touch
    assert set(bias.under_credited) == {"Display", "Social"}
    assert bias.over_credited[0] == "Direct"
    display = next(g for g in bias.gaps if g.channel == "Display")
    assert display.points < -0.1
    assert display.conversions == pytest.approx(display.points * funnel.total_conversions)
    amounts = [s.amount for s in bias.shifts]
    assert sum(a for a in amounts if a is not None) == pytest.approx(0.0, abs=1e-6)
    moved = sum(a for a in amounts if a is not None and a > 0)
    assert moved == pytest.approx(bias.moved_share * 1_000_000)
    assert "under-credits Display" in bias.describe()


def test_settings_are_stated_in_the_rules(funnel: Journeys) -> None:
    result = attribute(funnel, half_life=3, markov_order=2, reference="shapley")
    assert "3 touches" in result.model("time_decay").rule
    assert "order-2" in result.model("markov").rule
    assert result.last_touch.reference == "shapley"
    assert result.markov.order == 2
    with pytest.raises(ValueError, match="no timestamps"):
        attribute(funnel, half_life=7, half_life_unit="days")
    with pytest.raises(ValueError, match="data-driven"):
        attribute(funnel, reference="linear")  # type: ignore[arg-type]


def test_channel_names_match_by_name_then_by_type() -> None:
    matches = match_channels(
        ["Facebook", "Paid Search", "Email", "Direct", "Display", "Programmatic"],
        ["tv_S", "facebook_S", "search_S", "display_S"],
    )
    found = {m.journey_channel: (m.model_channel, m.rule) for m in matches}
    assert found["Facebook"] == ("facebook_S", "same name")
    assert found["Paid Search"] == ("search_S", "same channel type")
    assert found["Display"] == ("display_S", "same name")
    assert found["Programmatic"] == (None, None)  # display is taken by name already
    assert found["Email"] == (None, None)
    assert found["Direct"] == (None, None)


def test_two_journey_channels_of_one_type_are_not_guessed() -> None:
    matches = match_channels(["Google Ads", "Bing"], ["search_S"])
    assert all(m.model_channel is None for m in matches)


@pytest.fixture(scope="module")
def robyn_fit() -> HistoryFit:
    history = load_history(DATA / "robyn_dt_simulated_weekly.csv").history
    return MarketingMixModel(n_bootstrap=20, seed=0).fit(history).result_


def test_reconciliation_puts_shares_beside_increments(robyn_fit: HistoryFit) -> None:
    journeys = Journeys.from_paths(
        [["Facebook", "Paid Search"], ["Facebook"], ["Paid Search"], ["Email", "Paid Search"]],
        [300, 100, 400, 200],
        [2000, 3000, 1500, 500],
    )
    result = attribute(journeys)
    rec = reconcile(result, robyn_fit)
    assert [c.model_channel for c in rec.channels] == ["facebook_S", "search_S"]
    assert sum(c.attribution_share for c in rec.channels) == pytest.approx(1.0)
    assert sum(c.mix_share.estimate for c in rec.channels) == pytest.approx(1.0)
    for c in rec.channels:
        assert c.mix_share.low <= c.mix_share.estimate <= c.mix_share.high
        assert c.within_interval == (c.mix_share.low <= c.attribution_share <= c.mix_share.high)
        assert f"{c.attribution_share:.1%}" in c.explanation
    assert rec.journey_only == ("Email",)
    assert set(rec.model_only) == {"tv_S", "ooh_S", "print_S"}
    assert rec.baseline_share == robyn_fit.baseline.share
    assert "counts touches" in rec.explanations[0]
    assert "keeps using the mix model" in rec.plan_basis
    current, last, reference = rec.budgets
    assert current.change_vs_current == 0
    totals = [sum(a.spend for a in b.allocation) for b in rec.budgets]
    np.testing.assert_allclose(totals, totals[0])
    untouched = {a.channel: a.spend for a in current.allocation}
    for budget in (last, reference):
        spend = {a.channel: a.spend for a in budget.allocation}
        assert spend["tv_S"] == untouched["tv_S"]
        assert budget.incremental_outcome.low <= budget.incremental_outcome.estimate
    assert "keeps using" in rec.summary()


def test_reconciliation_needs_a_shared_channel(robyn_fit: HistoryFit) -> None:
    result = attribute(Journeys.from_paths([["Email"], ["Direct"]], [1, 2], [3, 4]))
    with pytest.raises(ValueError, match="no journey channel matches"):
        reconcile(result, robyn_fit)
