"""Markov removal effects: a published worked example, recovery of a known chain, and
ChannelAttribution's semantics (merged repeats, removal effect = share of converting walks
through a channel)."""

import numpy as np
import pytest

from model_engine.attribution import Journeys, MarkovAttribution
from model_engine.attribution.markov import estimate_chain
from model_engine.attribution.simulation import JourneyChain, funnel_chain

# Bryl (2016), "Marketing Multi-Channel Attribution model with R (part 1: Markov chain
# concept)": three paths, removal effects 0.5 / 1 / 1 and attribution 0.2 / 0.4 / 0.4.
BRYL = Journeys.from_paths([["C1", "C2", "C3"], ["C1"], ["C2", "C3"]], [1, 0, 0], [0, 1, 1])


def test_the_published_three_path_example() -> None:
    fitted = MarkovAttribution().fit(BRYL)
    assert fitted.conversion_probability_ == pytest.approx(1 / 3)
    np.testing.assert_allclose(fitted.removal_effects_, [0.5, 1.0, 1.0])
    np.testing.assert_allclose(fitted.credit_.conversions, [0.2, 0.4, 0.4])


def test_recovers_the_removal_effects_of_a_known_chain() -> None:
    chain = funnel_chain()
    journeys = chain.simulate(300_000, seed=7).to_journeys()
    fitted = MarkovAttribution().fit(journeys)
    np.testing.assert_allclose(fitted.removal_effects_, chain.true_removal_effects(), atol=0.006)
    assert fitted.conversion_probability_ == pytest.approx(
        chain.conversion_probability(), abs=0.003
    )


def test_higher_orders_agree_on_first_order_data() -> None:
    journeys = funnel_chain().simulate(200_000, seed=3).to_journeys()
    first = MarkovAttribution(1).fit(journeys).removal_effects_
    for order in (2, 3):
        fitted = MarkovAttribution(order).fit(journeys)
        assert fitted.chain_.n_states > len(journeys.channels)
        np.testing.assert_allclose(fitted.removal_effects_, first, atol=0.01)


def test_second_order_sees_what_the_first_order_chain_cannot() -> None:
    # b converts only right after a; a first-order chain mixes the two routes into b.
    journeys = Journeys.from_paths(
        [["a", "b"], ["c", "b"], ["c"], ["a"]], [90, 10, 0, 0], [10, 90, 100, 100]
    )
    first = MarkovAttribution(1).fit(journeys)
    second = MarkovAttribution(2).fit(journeys)
    # Exactly: P = (100*0.9 + 100*0.1) / 400 = 0.25; without a only c > b converts: 10/400.
    assert second.conversion_probability_ == pytest.approx(0.25)
    assert second.removal_effects_[0] == pytest.approx(1 - 0.025 / 0.25)
    assert first.removal_effects_[0] != pytest.approx(second.removal_effects_[0], abs=0.05)


def test_consecutive_repeats_are_merged_as_channelattribution_does() -> None:
    repeated = Journeys.from_paths([["a", "a", "b"], ["b", "b"], ["a"]], [3, 1, 0], [1, 2, 4])
    plain = Journeys.from_paths([["a", "b"], ["b"], ["a"]], [3, 1, 0], [1, 2, 4])
    np.testing.assert_allclose(
        MarkovAttribution().fit(repeated).removal_effects_,
        MarkovAttribution().fit(plain).removal_effects_,
    )
    assert estimate_chain(repeated, 1).transient.diagonal().sum() == 0


def test_removal_effect_is_the_share_of_converting_walks_through_a_channel() -> None:
    """ChannelAttribution estimates removal effects by simulating walks on the fitted chain and
    counting the converting walks that visit each channel; the exact solve must agree."""
    journeys = funnel_chain().simulate(50_000, seed=11).to_journeys()
    fitted = MarkovAttribution().fit(journeys)
    chain = estimate_chain(journeys, 1)
    n = len(journeys.channels)
    transient = chain.transient.toarray()
    rows = np.column_stack([transient, chain.to_conversion, chain.to_null])
    cumulative = np.cumsum(rows, axis=1)
    rng = np.random.default_rng(0)
    walks = 400_000
    state = np.zeros(walks, dtype=np.int64)
    visited = np.zeros((walks, n + 1), dtype=bool)
    converted = np.zeros(walks, dtype=bool)
    alive = np.arange(walks)
    while alive.size:
        nxt = (rng.random(alive.size)[:, None] >= cumulative[state[alive]]).sum(axis=1)
        conv = nxt == n + 1
        converted[alive[conv]] = True
        going = nxt <= n
        alive, nxt = alive[going], nxt[going]
        state[alive] = nxt
        visited[alive, nxt] = True
    share = visited[converted][:, 1:].mean(axis=0)
    order = [chain.states.index((c,)) for c in range(n)]
    np.testing.assert_allclose(share[order], fitted.removal_effects_, atol=0.01)


def test_value_removal_effects_match_conversions_when_every_conversion_is_worth_the_same() -> None:
    journeys = Journeys.from_paths(
        [["a", "b"], ["b"], ["a", "c"], ["c"]], [4, 2, 3, 1], [6, 8, 7, 9], value=[40, 20, 30, 10]
    )
    fitted = MarkovAttribution().fit(journeys)
    assert fitted.value_removal_effects_ is not None
    np.testing.assert_allclose(fitted.value_removal_effects_, fitted.removal_effects_)
    assert fitted.credit_.value is not None
    assert fitted.credit_.value.sum() == pytest.approx(100)


def test_a_known_chain_rejects_rows_that_do_not_sum_to_one() -> None:
    with pytest.raises(ValueError, match="sum to 1"):
        JourneyChain(("a",), np.array([1.0]), np.array([[0.5]]), np.array([0.2]), np.array([0.2]))


def test_order_must_be_positive() -> None:
    with pytest.raises(ValueError, match="order"):
        MarkovAttribution(0)
