r"""Simulated customer journeys from a known first-order Markov chain, with the chain's true
removal effects: the ground truth that attribution tests and benchmarks recover.

A :class:`JourneyChain` has a start distribution over channels, channel-to-channel transition
probabilities and per-channel probabilities of converting or dropping out after a touch (each
row sums to 1). :meth:`JourneyChain.true_removal_effects` solves the absorbing chain directly
from those true probabilities with its own dense algebra (not the estimator's code), so a test
that compares the two checks the estimator rather than repeating it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model_engine.attribution.journeys import FloatArray, IntArray, Journeys, group_paths


@dataclass(frozen=True, eq=False)
class SimulatedJourneys:
    """Simulated journeys one by one (flat touches, in journey order) with their outcomes."""

    touches: IntArray
    lengths: IntArray
    converted: np.ndarray  # bool per journey
    channels: tuple[str, ...]

    @property
    def n_journeys(self) -> int:
        return int(self.lengths.size)

    def to_journeys(self) -> Journeys:
        """The journeys as unique paths with counts (what a path table holds)."""
        return group_paths(
            channels=self.channels,
            touches=self.touches,
            lengths=self.lengths,
            conversions=self.converted.astype(np.float64),
            nulls=(~self.converted).astype(np.float64),
            value=None,
        )


@dataclass(frozen=True, eq=False)
class JourneyChain:
    """A true journey process: ``start[c]``, ``transition[c, d]``, ``convert[c]``, ``drop[c]``
    with ``transition[c].sum() + convert[c] + drop[c] == 1``."""

    channels: tuple[str, ...]
    start: FloatArray
    transition: FloatArray
    convert: FloatArray
    drop: FloatArray

    def __post_init__(self) -> None:
        rows = self.transition.sum(axis=1) + self.convert + self.drop
        if not np.allclose(rows, 1.0) or not np.isclose(self.start.sum(), 1.0):
            raise ValueError("every row of the chain and the start distribution must sum to 1")

    def conversion_probability(self, removed: int | None = None) -> float:
        r""":math:`\pi^\top (I - T)^{-1} r` with the removed channel's row and column of
        :math:`T`, its start probability and its conversion probability set to 0."""
        transition = self.transition.copy()
        start = self.start.copy()
        convert = self.convert.copy()
        if removed is not None:
            transition[removed, :] = 0.0
            transition[:, removed] = 0.0
            start[removed] = 0.0
            convert[removed] = 0.0
        n = len(self.channels)
        reach = np.linalg.solve(np.eye(n) - transition, convert)
        return float(start @ reach)

    def true_removal_effects(self) -> FloatArray:
        base = self.conversion_probability()
        return np.array(
            [1.0 - self.conversion_probability(c) / base for c in range(len(self.channels))]
        )

    def simulate(self, n_journeys: int, seed: int, max_touches: int = 60) -> SimulatedJourneys:
        """``n_journeys`` walks, all advanced together one touch at a time. A walk still
        going after ``max_touches`` touches stops there without converting."""
        rng = np.random.default_rng(seed)
        n = len(self.channels)
        # Outcomes per row: next channel 0..n-1, then n = convert, n + 1 = drop.
        rows = np.column_stack([self.transition, self.convert, self.drop])
        cumulative = np.cumsum(rows, axis=1)
        cumulative[:, -1] = 1.0
        state = np.searchsorted(np.cumsum(self.start), rng.random(n_journeys), side="right")
        state = np.minimum(state, n - 1)
        steps_state: list[IntArray] = []
        steps_walker: list[IntArray] = []
        converted = np.zeros(n_journeys, dtype=np.bool_)
        walker = np.arange(n_journeys)
        for _ in range(max_touches):
            steps_state.append(state)
            steps_walker.append(walker)
            draw = rng.random(walker.size)
            outcome = (draw[:, np.newaxis] >= cumulative[state]).sum(axis=1)
            converted[walker[outcome == n]] = True
            going = outcome < n
            walker, state = walker[going], outcome[going]
            if walker.size == 0:
                break
        touch_walker = np.concatenate(steps_walker)
        touch_state = np.concatenate(steps_state)
        order = np.argsort(touch_walker, kind="stable")  # steps are already in time order
        lengths = np.bincount(touch_walker, minlength=n_journeys).astype(np.int64)
        return SimulatedJourneys(
            touches=touch_state[order].astype(np.int64),
            lengths=lengths,
            converted=converted,
            channels=self.channels,
        )


def funnel_chain() -> JourneyChain:
    """A five-channel funnel: display and social open journeys and rarely close them; search
    and email close; direct is mostly a last step. Its removal effects are far from last-touch
    credit, which is what attribution is meant to reveal."""
    channels = ("Display", "Social", "Search", "Email", "Direct")
    start = np.array([0.35, 0.30, 0.20, 0.10, 0.05])
    transition = np.array(
        [
            [0.00, 0.15, 0.30, 0.15, 0.05],
            [0.10, 0.00, 0.30, 0.15, 0.05],
            [0.05, 0.05, 0.00, 0.15, 0.20],
            [0.05, 0.05, 0.20, 0.00, 0.20],
            [0.02, 0.02, 0.10, 0.06, 0.00],
        ]
    )
    convert = np.array([0.01, 0.02, 0.10, 0.12, 0.35])
    drop = 1.0 - transition.sum(axis=1) - convert
    return JourneyChain(channels, start, transition, convert, drop)
