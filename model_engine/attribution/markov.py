r"""Markov-chain attribution by removal effects (Anderl, Becker, von Wangenheim & Schumann 2016),
computed exactly.

**Chain.** Journeys are walks from a ``start`` state through channel states to one of two
absorbing states, ``conversion`` or ``null``. With order :math:`k` a state is the last :math:`k`
channels touched (a path shorter than :math:`k` is one state, the whole path); consecutive
repeats of a state are merged, as ChannelAttribution does (``email > email > search`` walks
``start > email > search``). Each unique path adds its journeys :math:`C_p + N_p` to every
transition along it, then :math:`C_p` to ``state -> conversion`` and :math:`N_p` to
``state -> null``; rows are normalised into the transient matrix :math:`Q` and the vector
:math:`r` of one-step conversion probabilities.

**Conversion probability.** From the fundamental matrix of the absorbing chain,
:math:`x = (I - Q)^{-1} r` and :math:`P = x_{\mathrm{start}}`.

**Removal effect.** Removing channel :math:`c` sends every transition into a state that
contains :math:`c` to ``null``: :math:`P_{-c}` solves the same system on the remaining states,
and :math:`\mathrm{RE}_c = 1 - P_{-c}/P` is the share of converting walks that pass through
:math:`c`. Credit is proportional: :math:`\mathrm{credit}_c = C\,\mathrm{RE}_c / \sum_j
\mathrm{RE}_j` with :math:`C` the total conversions.

**Value.** With conversion values, :math:`r_s` is weighted by the mean value of the conversions
that ended in state :math:`s` (:math:`\bar v_s`), so :math:`x` is the expected value per
journey, and the value removal effects and credit follow the same way.

ChannelAttribution estimates the same quantities by simulating walks (``nsim_start=1e5`` and a
convergence check); this module solves the linear systems instead (one sparse LU per channel),
so the result has no simulation noise and needs no seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import splu

from model_engine.attribution.journeys import (
    BoolArray,
    FloatArray,
    IntArray,
    Journeys,
    tally,
    unique_rows,
)
from model_engine.attribution.rules import Credit

_DENSE_STATES = 400  # below this a dense solve is faster than a sparse LU


@dataclass(frozen=True)
class MarkovChain:
    """The estimated absorbing chain over transient states ``0`` (start) and ``1..S``."""

    order: int
    states: tuple[tuple[int, ...], ...]  # channel codes of transient states 1..S
    transient: sp.csr_matrix  # (S+1, S+1) transition probabilities between transient states
    to_conversion: FloatArray  # (S+1,) one-step probability of converting
    to_null: FloatArray  # (S+1,)
    value_per_conversion: FloatArray | None  # (S+1,) mean value of conversions ending there
    contains: BoolArray  # (S+1, channels): state contains channel (start contains none)

    @property
    def n_states(self) -> int:
        return len(self.states)

    def conversion_probability(self, removed: int | None = None) -> float:
        """Probability that a walk from start converts (with channel ``removed`` removed)."""
        return self._absorbed(self.to_conversion, removed)

    def value_per_journey(self, removed: int | None = None) -> float:
        """Expected conversion value of a walk from start (with ``removed`` removed)."""
        if self.value_per_conversion is None:
            raise ValueError("the journeys carry no conversion value")
        return self._absorbed(self.to_conversion * self.value_per_conversion, removed)

    def _absorbed(self, reward: FloatArray, removed: int | None) -> float:
        keep = np.ones(self.n_states + 1, dtype=np.bool_)
        if removed is not None:
            keep &= ~self.contains[:, removed]
        index = np.flatnonzero(keep)
        q = self.transient[index][:, index]
        system = sp.identity(index.size, format="csc") - q.tocsc()
        if index.size <= _DENSE_STATES:
            solution = np.linalg.solve(system.toarray(), reward[index])
        else:
            solution = splu(system).solve(reward[index])
        return float(solution[0])


class MarkovAttribution:
    """Removal-effect attribution on a ``order``-order Markov chain (see the module doc).

    Fitted attributes: ``chain_``, ``conversion_probability_``, ``removal_effects_`` (per
    channel code), ``value_removal_effects_`` (or ``None``) and ``credit_``.
    """

    def __init__(self, order: int = 1) -> None:
        if order < 1:
            raise ValueError(f"the Markov order must be 1 or more (got {order})")
        self.order = order

    def fit(self, journeys: Journeys) -> Self:
        chain = estimate_chain(journeys, self.order)
        n = len(journeys)
        base = chain.conversion_probability()
        if base <= 0:
            raise ValueError("no journey converts, so there is no conversion to attribute")
        removal = np.array(
            [1.0 - chain.conversion_probability(c) / base for c in range(n)], dtype=np.float64
        )
        removal = np.clip(removal, 0.0, 1.0)  # round-off only: a removal cannot add conversions
        self.chain_ = chain
        self.conversion_probability_ = base
        self.removal_effects_ = removal
        value_credit = None
        self.value_removal_effects_: FloatArray | None = None
        if journeys.value is not None and chain.value_per_conversion is not None:
            base_value = chain.value_per_journey()
            if base_value > 0:
                value_removal = np.clip(
                    np.array(
                        [1.0 - chain.value_per_journey(c) / base_value for c in range(n)],
                        dtype=np.float64,
                    ),
                    0.0,
                    1.0,
                )
                self.value_removal_effects_ = value_removal
                value_credit = _proportional(value_removal, float(journeys.value.sum()))
            else:
                value_credit = np.zeros(n)
        self.credit_ = Credit(_proportional(removal, journeys.total_conversions), value_credit)
        return self


def _proportional(effects: FloatArray, total: float) -> FloatArray:
    weight = effects.sum()
    return total * effects / weight if weight > 0 else np.zeros_like(effects)


def estimate_chain(journeys: Journeys, order: int) -> MarkovChain:
    """Count the transitions of every unique path (vectorised) and normalise them."""
    state_of_window, window_path, states = _states(journeys, order)
    # Merge consecutive repeats of a state within a path.
    same_as_previous = np.zeros(state_of_window.size, dtype=np.bool_)
    same_as_previous[1:] = (state_of_window[1:] == state_of_window[:-1]) & (
        window_path[1:] == window_path[:-1]
    )
    walk_state = state_of_window[~same_as_previous] + 1  # 0 is start
    walk_path = window_path[~same_as_previous]
    journeys_on_path = journeys.conversions + journeys.nulls
    is_first = np.ones(walk_state.size, dtype=np.bool_)
    is_first[1:] = walk_path[1:] != walk_path[:-1]
    is_last = np.ones(walk_state.size, dtype=np.bool_)
    is_last[:-1] = walk_path[:-1] != walk_path[1:]
    previous = np.where(is_first, 0, np.roll(walk_state, 1))
    n_transient = len(states) + 1
    counts = sp.coo_matrix(
        (journeys_on_path[walk_path], (previous, walk_state)), shape=(n_transient, n_transient)
    ).tocsr()
    last_state, last_path = walk_state[is_last], walk_path[is_last]
    converted = tally(last_state, journeys.conversions[last_path], n_transient)
    dropped = tally(last_state, journeys.nulls[last_path], n_transient)
    out = np.asarray(counts.sum(axis=1)).ravel() + converted + dropped
    scale = np.divide(1.0, out, out=np.zeros_like(out), where=out > 0)
    transient = sp.diags(scale) @ counts
    value_per_conversion = None
    if journeys.value is not None:
        value_ended = tally(last_state, journeys.value[last_path], n_transient)
        value_per_conversion = np.divide(
            value_ended, converted, out=np.zeros_like(value_ended), where=converted > 0
        )
    contains = np.zeros((n_transient, len(journeys)), dtype=np.bool_)
    for index, state in enumerate(states, start=1):
        contains[index, list(state)] = True
    return MarkovChain(
        order=order,
        states=states,
        transient=sp.csr_matrix(transient),
        to_conversion=converted * scale,
        to_null=dropped * scale,
        value_per_conversion=value_per_conversion,
        contains=contains,
    )


def _states(
    journeys: Journeys, order: int
) -> tuple[IntArray, IntArray, tuple[tuple[int, ...], ...]]:
    """Per window of ``order`` consecutive touches: its state id and its path, in path order;
    and the channel codes of each state. A path shorter than ``order`` is one window."""
    lengths = journeys.lengths
    n_windows = np.maximum(lengths - order + 1, 1)
    window_path = np.repeat(np.arange(journeys.n_paths, dtype=np.int64), n_windows)
    window_start = np.arange(n_windows.sum(), dtype=np.int64) - np.repeat(
        np.concatenate(([0], np.cumsum(n_windows)[:-1])), n_windows
    )
    width = np.minimum(lengths, order)[window_path]
    offsets = journeys.offsets[window_path] + window_start
    columns = np.arange(order)
    index = offsets[:, np.newaxis] + np.minimum(columns, width[:, np.newaxis] - 1)
    windows = np.where(columns < width[:, np.newaxis], journeys.touches[index], -1)
    inverse, first = unique_rows(windows + 1, len(journeys) + 1)  # -1 (no touch) -> 0
    states = tuple(tuple(int(c) for c in row if c >= 0) for row in windows[first])
    return inverse, window_path, states
