r"""S-shaped curves: choose each channel's regime by branch and bound, then allocate exactly.

A Hill curve with shape :math:`n > 1` is convex below its inflection :math:`c_i` and concave
above it, so marginal-return equalisation alone can stall at zero (where the marginal return
is 0) or at an equal split. At an optimum, a channel whose curve is convex somewhere in its
feasible range sits at its lower limit (``LOW``) or in the concave part of its range
(``HIGH``: :math:`[\max(\ell_i, c_i), u_i]`, or :math:`u_i` when the whole range is convex);
moving budget between two channels both inside convex parts never helps. With every regime
fixed the problem is concave and :class:`~model_engine.optimizer.water_filling.WaterFilling`
solves it exactly.

Regimes are chosen by branch and bound on the concave-envelope relaxation. On
:math:`[\ell_i, t_i]` each undecided curve is replaced by its chord to the tangent point
:math:`t_i`, where :math:`g'(t_i)(t_i - \ell_i) = g(t_i) - g(\ell_i)`; the envelope lies
above the curve, so the relaxed optimum bounds every plan below its node. A relaxed solution
with no undecided channel strictly on a chord is a real plan (there envelope and curve agree);
otherwise the search branches on the chord channel with the largest envelope gap, ``HIGH``
or ``LOW`` first by which end it is nearer. Subtrees whose bound cannot beat the best plan by
more than ``relative_gap`` are pruned. The relaxation never starts from an equal split or from
zero, so the search cannot stall there.

One channel may end strictly inside its convex part when its neighbours' curvature outweighs
its own; a final one-dimensional polish covers that case.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy.optimize import minimize_scalar

from model_engine.optimizer.curves import CurveSet
from model_engine.optimizer.water_filling import (
    ConcaveProblem,
    ConcaveSolution,
    Envelope,
    WaterFilling,
    is_feasible_laminar,
)
from model_engine.saturation import FloatArray

_TANGENT_BISECTIONS = 60


@dataclass(frozen=True)
class SearchSettings:
    relative_gap: float = 1e-7  # prune subtrees that cannot gain more than this share
    node_limit: int = 256  # relaxations solved at most; the best plan so far is kept


@dataclass(frozen=True)
class SeparableSolution:
    solution: ConcaveSolution
    objective: float
    method: str


def separable_objective(problem: ConcaveProblem, spend: FloatArray) -> float:
    """:math:`\\sum_i g_i(x_i) - c \\sum_i x_i` on the true curves."""
    return float(problem.curves.value(spend).sum() - problem.spend_cost * spend.sum())


def _tangent_points(
    curves: CurveSet, start: FloatArray, inflection: FloatArray, end: FloatArray
) -> FloatArray:
    r"""Tangent point :math:`t` of the chord from :math:`(a, g(a))`: the root of
    :math:`h(t) = g'(t)(t - a) - (g(t) - g(a))`, which decreases on the concave part; the end
    of the range when the chord to it still lies above the curve."""
    base = curves.value(start)

    def gap(t: FloatArray) -> FloatArray:
        return np.asarray(curves.marginal(t) * (t - start) - (curves.value(t) - base))

    low = np.minimum(np.maximum(inflection, start), end)
    high = end.copy()
    chord_to_end = gap(high) >= 0
    for _ in range(_TANGENT_BISECTIONS):
        middle = 0.5 * (low + high)
        positive = gap(middle) >= 0
        low = np.where(positive, middle, low)
        high = np.where(positive, high, middle)
    return np.asarray(np.where(chord_to_end, end, high))


_UNDECIDED, _LOW, _HIGH = -1, 0, 1


class RegimeSearch:
    """Solve a separable problem whose curves may be S-shaped (see the module docstring)."""

    def __init__(self, problem: ConcaveProblem, settings: SearchSettings | None = None) -> None:
        self.problem = problem
        self.settings = settings or SearchSettings()
        self.inflection = problem.curves.concave_from()
        self.nonconcave = np.flatnonzero(self.inflection > problem.lower + problem.tolerance)
        idx = self.nonconcave
        self.tangent = problem.lower.copy()
        self.slope = np.full(problem.lower.shape, np.inf)
        if idx.size:
            curves, start, end = problem.curves, problem.lower, problem.upper
            self.tangent[idx] = _tangent_points(
                curves.subset(idx), start[idx], self.inflection[idx], end[idx]
            )
            width = np.maximum(self.tangent[idx] - start[idx], problem.tolerance)
            rise = curves.value(self.tangent)[idx] - curves.value(start)[idx]
            self.slope[idx] = rise / width

    def solve(self) -> SeparableSolution:
        if self.nonconcave.size == 0:
            plain = self._evaluate(self.problem, "marginal equalisation")
            assert plain is not None  # the feasibility check ran before the search
            return plain
        return self._polish_convex_side(self._branch_and_bound())

    def _restricted(self, regimes: np.ndarray) -> ConcaveProblem:
        """The node problem: decided channels held to their regime, undecided ones relaxed to
        their envelope. ``regimes`` holds one of _UNDECIDED, _LOW, _HIGH per non-concave
        channel."""
        lower = self.problem.lower.copy()
        upper = self.problem.upper.copy()
        idx = self.nonconcave
        concave_start = np.maximum(self.inflection[idx], lower[idx])
        high_start = np.where(concave_start < upper[idx], concave_start, upper[idx])
        lower[idx] = np.where(regimes == _HIGH, high_start, lower[idx])
        upper[idx] = np.where(regimes == _LOW, lower[idx], upper[idx])
        undecided = np.zeros(lower.shape, dtype=bool)
        undecided[idx] = regimes == _UNDECIDED
        envelope = None
        if undecided.any():
            envelope = Envelope(
                linear_until=np.where(undecided, self.tangent, lower),
                slope=np.where(undecided, self.slope, np.inf),
            )
        return replace(self.problem, lower=lower, upper=upper, envelope=envelope)

    def _evaluate(self, problem: ConcaveProblem, method: str) -> SeparableSolution | None:
        if not is_feasible_laminar(problem):
            return None
        solution = WaterFilling(problem).solve()
        return SeparableSolution(solution, separable_objective(problem, solution.spend), method)

    def _relaxed_value(self, problem: ConcaveProblem, spend: FloatArray) -> float:
        """Objective on the envelope: the chord where an undecided channel sits on it."""
        value = problem.curves.value(spend)
        if problem.envelope is not None:
            start, until = problem.lower, problem.envelope.linear_until
            on_chord = spend < until
            slope = np.where(on_chord, problem.envelope.slope, 0.0)
            chord = problem.curves.value(start) + slope * (spend - start)
            value = np.where(on_chord, chord, value)
        return float(value.sum() - problem.spend_cost * spend.sum())

    def _branch_and_bound(self) -> SeparableSolution:
        idx, tolerance = self.nonconcave, self.problem.tolerance
        best: SeparableSolution | None = None
        stack = [np.full(idx.size, _UNDECIDED, dtype=np.int64)]
        nodes = 0
        while stack and nodes < self.settings.node_limit:
            regimes = stack.pop()
            problem = self._restricted(regimes)
            if not is_feasible_laminar(problem):
                continue
            solution = WaterFilling(problem).solve()
            nodes += 1
            bound = self._relaxed_value(problem, solution.spend)
            if best is not None and bound <= best.objective + self.settings.relative_gap * abs(
                best.objective
            ):
                continue
            spend = solution.spend[idx]
            start, until = problem.lower[idx], self.tangent[idx]
            on_chord = (
                (regimes == _UNDECIDED) & (spend > start + tolerance) & (spend < until - tolerance)
            )
            if not on_chord.any():
                plan = SeparableSolution(
                    solution, separable_objective(problem, solution.spend), "branch and bound"
                )
                if best is None or plan.objective > best.objective:
                    best = plan
                continue
            # Branch where the relaxation overstates most; explore the nearer regime first.
            curves = self.problem.curves
            chord_value = curves.value(problem.lower)[idx] + self.slope[idx] * (spend - start)
            overstated = np.where(on_chord, chord_value - curves.value(solution.spend)[idx], -1.0)
            branch = int(np.argmax(overstated))
            nearer_high = spend[branch] - start[branch] >= 0.5 * (until[branch] - start[branch])
            for regime in (_LOW, _HIGH) if nearer_high else (_HIGH, _LOW):
                child = regimes.copy()
                child[branch] = regime
                stack.append(child)
        if best is None:
            raise ValueError(  # the region check makes this unreachable for valid requests
                "no plan found within the search limit; raise SearchSettings.node_limit"
            )
        suffix = "" if not stack else f" (stopped at {nodes} nodes)"
        return replace(best, method=f"branch and bound on concave envelopes{suffix}")

    def _polish_convex_side(self, best: SeparableSolution) -> SeparableSolution:
        r"""Let a channel held at the start of its concave part move into its convex part.

        One channel may end strictly inside its convex part, when the others' curvature
        outweighs its own. For a channel pinned at :math:`c_j` with marginal return below its
        price, maximise :math:`g_j(y) + V_{rest}(y)` over :math:`y \in [\ell_j, c_j]` (Brent's
        bounded method; the ends are the two regimes already compared).
        """
        problem, idx = self.problem, self.nonconcave
        spend, price = best.solution.spend, best.solution.channel_price
        concave_start = np.maximum(self.inflection[idx], problem.lower[idx])
        pinned = (
            (spend[idx] <= concave_start + problem.tolerance)
            & (spend[idx] > problem.lower[idx] + problem.tolerance)
            & (problem.curves.marginal(spend)[idx] < price[idx])
        )
        regimes = self._regimes_of(spend)
        for k in np.flatnonzero(pinned):
            channel = int(idx[k])

            def loss(y: float, channel: int = channel) -> float:
                trial = self._restricted(regimes)
                lower, upper = trial.lower.copy(), trial.upper.copy()
                lower[channel] = upper[channel] = y
                candidate = self._evaluate(replace(trial, lower=lower, upper=upper), "")
                return np.inf if candidate is None else -candidate.objective

            found = minimize_scalar(
                loss,
                bounds=(float(problem.lower[channel]), float(concave_start[k])),
                method="bounded",
                options={"xatol": 1e-9 * max(problem.budget, 1.0)},
            )
            if -found.fun > best.objective:
                trial = self._restricted(regimes)
                lower, upper = trial.lower.copy(), trial.upper.copy()
                lower[channel] = upper[channel] = float(found.x)
                polished = self._evaluate(replace(trial, lower=lower, upper=upper), best.method)
                if polished is not None and polished.objective > best.objective:
                    best = polished
        return best

    def _regimes_of(self, spend: FloatArray) -> np.ndarray:
        idx = self.nonconcave
        above = spend[idx] > self.problem.lower[idx] + self.problem.tolerance
        return np.where(above, _HIGH, _LOW)
