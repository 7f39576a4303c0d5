"""Shapley attribution: small cases worked by hand, and the exact coalition formula against a
brute-force average over every ordering of the players."""

import itertools
import math

import numpy as np
import pytest

from model_engine.attribution import Journeys, ShapleyAttribution
from model_engine.attribution.shapley import Coalitions, coalition_shapley


def test_two_channels_by_hand() -> None:
    # Rates: v(a) = 10/100 = 0.1, v(b) = 5/100 = 0.05, v(ab) = 15/55 (a > b and b > a together).
    journeys = Journeys.from_paths(
        [["a"], ["b"], ["a", "b"], ["b", "a"]], [10, 5, 10, 5], [90, 95, 20, 20]
    )
    fitted = ShapleyAttribution().fit(journeys)
    v_ab = 15 / 55
    phi_a = 0.5 * 0.1 + 0.5 * (v_ab - 0.05)
    phi_b = 0.5 * 0.05 + 0.5 * (v_ab - 0.1)
    assert fitted.game_ == "conversion_rate"
    np.testing.assert_allclose(
        fitted.credit_.conversions, [100 * 0.1 + 55 * phi_a, 100 * 0.05 + 55 * phi_b]
    )
    assert fitted.credit_.conversions.sum() == pytest.approx(30)


def test_three_channels_by_hand() -> None:
    # Only {a}, {a,b} and {a,b,c} occur: v(a)=0.2, v(ab)=0.3, v(abc)=0.6, every other v is 0.
    journeys = Journeys.from_paths([["a"], ["a", "b"], ["c", "a", "b"]], [20, 30, 60], [80, 70, 40])
    fitted = ShapleyAttribution().fit(journeys)
    # {a,b}: phi_a = (v(a) + v(ab) - v(b))/2 = 0.25, phi_b = (v(ab) - v(a) + v(b))/2 = 0.05.
    # {a,b,c} (weights 1/3 for |S|=0 and 2, 1/6 for |S|=1):
    #   phi_a = v(a)/3 + (v(ab) - v(b))/6 + (v(ac) - v(c))/6 + (v(abc) - v(bc))/3 = 0.3167
    #   phi_b = (v(ab) - v(a))/6 + (v(abc) - v(ac))/3 = 0.2167
    #   phi_c = (v(ac) - v(a))/6 + (v(abc) - v(ab))/3 = -0.0333 + 0.1 = 0.0667
    expected = {
        "a": 100 * 0.2 + 100 * 0.25 + 100 * (0.2 / 3 + 0.3 / 6 + 0.6 / 3),
        "b": 100 * 0.05 + 100 * ((0.3 - 0.2) / 6 + 0.6 / 3),
        "c": 100 * ((0 - 0.2) / 6 + (0.6 - 0.3) / 3),
    }
    got = dict(zip(journeys.channels, fitted.credit_.conversions, strict=True))
    for channel, value in expected.items():
        assert got[channel] == pytest.approx(value)
    assert sum(got.values()) == pytest.approx(110)


def test_without_non_converting_journeys_each_conversion_is_split_among_its_channels() -> None:
    journeys = Journeys.from_paths([["a", "b", "a"], ["b"], ["c", "a"]], [6, 2, 4])
    fitted = ShapleyAttribution().fit(journeys)
    assert fitted.game_ == "conversions"
    np.testing.assert_allclose(fitted.credit_.conversions, [3 + 2, 3 + 2, 2])


def test_coalition_formula_equals_the_average_over_orderings() -> None:
    rng = np.random.default_rng(5)
    channels = ["a", "b", "c", "d"]
    paths, conversions, nulls = [], [], []
    for size in range(1, 5):
        for subset in itertools.combinations(channels, size):
            if rng.random() < 0.7:
                paths.append(list(subset))
                conversions.append(float(rng.integers(0, 40)))
                nulls.append(float(rng.integers(1, 100)))
    journeys = Journeys.from_paths(paths, conversions, nulls)
    coalitions = Coalitions.of(journeys)
    phi = coalition_shapley(coalitions)
    rate = {
        frozenset(np.flatnonzero(m)): c / n
        for m, c, n in zip(
            coalitions.members, coalitions.conversions, coalitions.journeys, strict=True
        )
    }
    for row, members in enumerate(coalitions.members):
        players = list(np.flatnonzero(members))
        brute = dict.fromkeys(players, 0.0)
        for ordering in itertools.permutations(players):
            so_far: frozenset[int] = frozenset()
            for player in ordering:
                brute[player] += rate.get(so_far | {player}, 0.0) - rate.get(so_far, 0.0)
                so_far = so_far | {player}
        for player in players:
            assert phi[row, player] == pytest.approx(brute[player] / math.factorial(len(players)))
        assert phi[row, ~members].sum() == 0


def test_symmetric_channels_get_equal_credit_and_value_follows_conversions() -> None:
    journeys = Journeys.from_paths(
        [["a", "b"], ["b", "a"], ["a"], ["b"]], [10, 10, 3, 3], [40, 40, 47, 47], value=[5, 5, 1, 1]
    )
    fitted = ShapleyAttribution().fit(journeys)
    assert fitted.credit_.conversions[0] == pytest.approx(fitted.credit_.conversions[1])
    assert fitted.credit_.value is not None
    assert fitted.credit_.value.sum() == pytest.approx(12)


def test_a_channel_that_lowers_the_conversion_rate_gets_negative_credit() -> None:
    journeys = Journeys.from_paths([["a"], ["a", "b"], ["b"]], [50, 5, 1], [50, 95, 99])
    fitted = ShapleyAttribution().fit(journeys)
    assert fitted.credit_.conversions[1] < 0
    assert fitted.credit_.conversions.sum() == pytest.approx(56)
