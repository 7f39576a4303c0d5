r"""Shapley-value attribution, computed exactly over the coalitions present in the data.

Players are channels; a journey's *coalition* is the set of channels it touched (order and
repeats ignored). Let :math:`C_T` and :math:`N_T` be the conversions and non-converting
journeys whose coalition is exactly :math:`T`, and :math:`n_T = C_T + N_T`.

**With non-converting journeys** (the conversion-rate game, after Shao & Li 2011 and
Dalessandro et al. 2012). The characteristic function is the conversion rate of journeys that
touched exactly :math:`S`:

.. math:: v(S) = C_S / n_S \text{ if some journey touched exactly } S, \qquad v(S) = 0
          \text{ otherwise (and } v(\varnothing) = 0).

Each observed coalition :math:`T` splits its own rate among its members by the Shapley value of
the game :math:`v` restricted to the subsets of :math:`T`,

.. math:: \phi_i(T) = \sum_{S \subseteq T \setminus \{i\}}
          \frac{|S|!\,(|T|-|S|-1)!}{|T|!}\,\bigl(v(S \cup \{i\}) - v(S)\bigr),

which sums to :math:`v(T)` (efficiency). Channel :math:`i` is credited
:math:`\sum_T n_T\,\phi_i(T)` conversions, so the credits add up to all conversions; a value is
split in the same proportions as its coalition's conversions. Only the coalitions that occur
carry a nonzero :math:`v`, so the sum runs over observed pairs :math:`S \subseteq T` and is
exact however many channels there are (no sampling of orderings). A channel whose addition
*lowers* the conversion rate gets negative credit; the result says so.

**Without non-converting journeys** there are no rates to compare, and the game is the
conversions a coalition's members could claim alone, :math:`v(S) = \sum_{T \subseteq S} C_T`
(Zhao, Mahboobi & Bagheri 2018). Its Shapley value has a closed form: every coalition's
conversions are split equally among its distinct channels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Self

import numpy as np
import scipy.sparse as sp
from scipy.special import gammaln

from model_engine.attribution.journeys import BoolArray, FloatArray, Journeys, tally, unique_rows
from model_engine.attribution.rules import Credit

Game = Literal["conversion_rate", "conversions"]

_BLOCK_ELEMENTS = 4_000_000  # bounds the (coalitions x block) subset test in memory


@dataclass(frozen=True, eq=False)
class Coalitions:
    """The distinct channel sets in the journeys with their totals."""

    members: BoolArray  # (coalitions, channels)
    conversions: FloatArray
    journeys: FloatArray
    value: FloatArray | None

    @classmethod
    def of(cls, journeys: Journeys) -> Coalitions:
        sets = journeys.channel_sets()
        inverse, first = unique_rows(sets.astype(np.int64), 2)
        members = sets[first]
        count = members.shape[0]

        def total(weights: FloatArray) -> FloatArray:
            return tally(inverse, weights, count)

        return cls(
            members=members,
            conversions=total(journeys.conversions),
            journeys=total(journeys.conversions + journeys.nulls),
            value=None if journeys.value is None else total(journeys.value),
        )

    @property
    def size(self) -> int:
        return int(self.members.shape[0])


class ShapleyAttribution:
    """Exact Shapley attribution (see the module doc for the characteristic function).

    Fitted attributes: ``game_`` (``"conversion_rate"`` or ``"conversions"``), ``coalitions_``,
    ``phi_`` (``(coalitions, channels)``: each coalition's Shapley split of its rate, for the
    rate game) and ``credit_``.
    """

    def fit(self, journeys: Journeys) -> Self:
        coalitions = Coalitions.of(journeys)
        self.coalitions_ = coalitions
        if journeys.nulls_known:
            self.game_: Game = "conversion_rate"
            self.phi_ = coalition_shapley(coalitions)
            rate = coalitions.conversions / coalitions.journeys
            conversions = coalitions.journeys @ self.phi_
            share_of_own = np.divide(
                self.phi_,
                rate[:, np.newaxis],
                out=np.zeros_like(self.phi_),
                where=rate[:, None] > 0,
            )
        else:
            self.game_ = "conversions"
            sizes = coalitions.members.sum(axis=1, keepdims=True)
            share_of_own = coalitions.members / sizes
            self.phi_ = share_of_own * coalitions.conversions[:, np.newaxis]
            conversions = self.phi_.sum(axis=0)
        value = None if coalitions.value is None else coalitions.value @ share_of_own
        self.credit_ = Credit(np.asarray(conversions, dtype=np.float64), value)
        return self


def coalition_shapley(coalitions: Coalitions) -> FloatArray:
    r"""``phi[T, i]``: the Shapley value of channel ``i`` in the rate game restricted to the
    subsets of coalition ``T``. Every :math:`v(S)` term enters with weight
    :math:`(s-1)!(t-s)!/t!` for the members of :math:`S` and :math:`-s!(t-s-1)!/t!` for the
    members of :math:`T \setminus S` (:math:`s = |S|`, :math:`t = |T|`).

    Only the observed pairs :math:`S \subseteq T` carry weight, so they are found block by
    block and summed through sparse matrices: the work grows with the number of such pairs,
    not with the square of the number of coalitions."""
    members = coalitions.members.astype(np.float64)
    outside = 1.0 - members
    sizes = members.sum(axis=1)
    worth = coalitions.conversions / coalitions.journeys
    count, _ = members.shape
    phi = np.zeros_like(members)
    block = max(1, _BLOCK_ELEMENTS // max(count, 1))
    for start in range(0, count, block):
        stop = min(count, start + block)
        # inside[S, T - start] is true when coalition S lies inside coalition T.
        inside = (members @ outside[start:stop].T) == 0
        subset, superset = np.nonzero(inside)
        s = sizes[subset]
        t = sizes[superset + start]
        log_t = gammaln(t + 1)
        plus = np.exp(gammaln(s) + gammaln(t - s + 1) - log_t) * worth[subset]
        proper = s < t
        minus = np.zeros_like(plus)
        minus[proper] = (
            np.exp(gammaln(s[proper] + 1) + gammaln(t[proper] - s[proper]) - log_t[proper])
            * worth[subset[proper]]
        )
        shape = (stop - start, count)
        gains = sp.csr_matrix((plus, (superset, subset)), shape=shape)
        losses = sp.csr_matrix((minus, (superset, subset)), shape=shape)
        lost = np.asarray(losses.sum(axis=1)).ravel()
        phi[start:stop] = (
            gains @ members + losses @ members - lost[:, np.newaxis] * members[start:stop]
        )
    return phi
