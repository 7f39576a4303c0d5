"""The rule-based models and the unique-path grouping, on cases small enough to check by hand."""

from dataclasses import replace

import numpy as np
import pytest

from model_engine.attribution import Journeys, TimeDecay, TouchTiming, rules
from model_engine.attribution.journeys import group_paths

JOURNEYS = Journeys.from_paths(
    [["a", "b", "c", "d"], ["b", "a"], ["c"], ["a", "a", "b"]],
    [10, 4, 2, 3],
    [0, 0, 0, 0],
    value=[100, 40, 20, 30],
)  # channel codes: a=0, b=1, c=2, d=3


def credit(result: rules.Credit) -> list[float]:
    return [float(v) for v in result.conversions]


def test_first_and_last_touch() -> None:
    assert credit(rules.first_touch(JOURNEYS)) == [13, 4, 2, 0]
    assert credit(rules.last_touch(JOURNEYS)) == [4, 3, 2, 10]


def test_linear_counts_repeated_touches_separately() -> None:
    expected = [10 / 4 + 4 / 2 + 3 * 2 / 3, 10 / 4 + 4 / 2 + 3 / 3, 10 / 4 + 2, 10 / 4]
    np.testing.assert_allclose(credit(rules.linear(JOURNEYS)), expected)


def test_position_based_is_40_20_40() -> None:
    # a>b>c>d: 4 / 1 / 1 / 4; b>a: 2 / 2; c: 2; a>a>b: 1.2 + 0.6 to a, 1.2 to b.
    expected = [4 + 2 + 1.2 + 0.6, 1 + 2 + 1.2, 1 + 2, 4]
    np.testing.assert_allclose(credit(rules.position_based(JOURNEYS)), expected)


def test_time_decay_in_touches_halves_per_half_life() -> None:
    one = Journeys.from_paths([["a", "b", "c"]], [7], [0])
    result = rules.time_decay(one, TimeDecay(1.0, "touches"))
    np.testing.assert_allclose(credit(result), [1, 2, 4])  # weights 1/4, 1/2, 1 over 7/4


def test_time_decay_in_days_uses_each_journeys_clock() -> None:
    timing = TouchTiming(
        journey=np.array([0, 0, 1]),
        channel=np.array([0, 1, 0]),
        days_before=np.array([14.0, 0.0, 3.0]),
        conversions=np.array([1.0, 1.0]),
        value=np.array([10.0, 6.0]),
    )
    journeys = Journeys.from_paths([["a", "b"], ["a"]], [1, 1], [0, 0], value=[10, 6])
    timed = replace(journeys, timing=timing)
    result = rules.time_decay(timed, TimeDecay(7.0, "days"))
    # Journey 0: weights 1/4 and 1 -> a 0.2, b 0.8; journey 1: all to a.
    np.testing.assert_allclose(credit(result), [1.2, 0.8])
    assert result.value is not None
    np.testing.assert_allclose(result.value, [2 + 6, 8])
    with pytest.raises(ValueError, match="timestamped"):
        rules.time_decay(journeys, TimeDecay(7.0, "days"))


def test_value_is_split_like_the_conversions() -> None:
    result = rules.last_touch(JOURNEYS)
    assert result.value is not None
    assert list(result.value) == [40, 30, 20, 100]


def test_half_life_must_be_positive() -> None:
    with pytest.raises(ValueError, match="above 0"):
        TimeDecay(0.0, "days")


def test_grouping_adds_up_repeated_paths_exactly() -> None:
    rng = np.random.default_rng(2)
    lengths = rng.integers(1, 5, size=2_000)
    lengths[:3] = 45  # long paths take the row-wise route
    touches = rng.integers(0, 6, size=int(lengths.sum()))
    conversions = rng.integers(0, 2, size=lengths.size).astype(float)
    grouped = group_paths(
        channels=tuple("abcdef"),
        touches=touches,
        lengths=lengths,
        conversions=conversions,
        nulls=1 - conversions,
        value=None,
    )
    expected: dict[tuple[int, ...], float] = {}
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    for k in range(lengths.size):
        path = tuple(int(c) for c in touches[offsets[k] : offsets[k + 1]])
        expected[path] = expected.get(path, 0.0) + conversions[k]
    got = {
        tuple(grouped.touches[grouped.offsets[p] : grouped.offsets[p + 1]]): grouped.conversions[p]
        for p in range(grouped.n_paths)
    }
    assert got == expected
    assert grouped.total_journeys == lengths.size
