r"""Curves that are not concave: choose each channel's regime by branch and bound, then allocate
exactly.

A Hill curve with shape :math:`n > 1` is convex below its inflection and concave above it, so
marginal-return equalisation alone can stall at zero (where the marginal return is 0) or at an
equal split. A sum of S-shaped terms (the weeks of a flighted curve, or several curve draws)
can switch between convex and concave several times. Either way, at an optimum every channel
but at most one sits in a *regime*: an interval on which its curve is concave, or a limit
reached through a convex stretch (:math:`\ell_i`, or :math:`u_i` when the range ends convex).
Moving budget between two channels both inside convex stretches never helps, since the
objective is convex along that move. The regimes of a channel are found from the sign of
:math:`g''` (:meth:`~model_engine.optimizer.curves.CurveSet.curvature`); consecutive regimes are
separated by one convex stretch. For an S-curve they are ``LOW`` :math:`\{\ell_i\}` and
``HIGH`` :math:`[\max(\ell_i, c_i), u_i]`. With every regime fixed the problem is concave and
:class:`~model_engine.optimizer.water_filling.WaterFilling` solves it exactly.

Regimes are chosen by branch and bound on a concave relaxation. A node allows each channel a
run of consecutive regimes, spanning :math:`[a_i, b_i]`; a channel with more than one is relaxed
to a concave majorant of its curve there. The majorant is a line from :math:`(a_i, g(a_i))`
with the largest chord slope :math:`\sigma_i = \max_{x \in (a_i, b_i]} (g(x) - g(a_i)) /
(x - a_i)`, found among the tangent points of the concave stretches (the chord slope can only
peak there) and the ends. When :math:`a_i` is a point regime and the slope peaks at
:math:`t_i` in the last regime, the line up to :math:`t_i` followed by the curve is the exact
concave envelope (the chord to the tangent point of an S-curve, where
:math:`g'(t_i)(t_i - a_i) = g(t_i) - g(a_i)`); otherwise the line runs to :math:`b_i`. The
relaxed optimum bounds every plan below its node. A relaxed solution with no channel where the
majorant exceeds the curve is a real plan; otherwise the search splits the run of the channel
whose majorant overstates most, exploring the nearer half first. Subtrees whose bound cannot beat
the best plan by more than ``relative_gap`` are pruned. The relaxation never starts from an
equal split or from zero, so the search cannot stall there.

One channel may end strictly inside a convex stretch when its neighbours' curvature outweighs
its own; a final one-dimensional polish covers that case.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy.optimize import minimize_scalar

from model_engine.optimizer.curves import BoolArray, Curvature, CurveSet, IntArray
from model_engine.optimizer.water_filling import (
    ConcaveProblem,
    ConcaveSolution,
    Envelope,
    WaterFilling,
    is_feasible_laminar,
)
from model_engine.saturation import FloatArray

_TANGENT_BISECTIONS = 60
# Relaxed nodes kept, while no plan is found, to build a one-free-channel plan from if the
# search ends without one.
_FALLBACK_NODES = 8


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
    """:math:`\\sum_i g_i(x_i) - c \\sum_i x_i - \\sum_i o_i x_i` on the true curves."""
    return float(problem.curves.value(spend).sum()) - problem.linear_cost(spend)


def _tangent_points(
    curves: CurveSet, start: FloatArray, inflection: FloatArray, end: FloatArray
) -> FloatArray:
    r"""Tangent point :math:`t` of the chord from :math:`(a, g(a))` on a concave stretch
    ``[inflection, end]``: the root of :math:`h(t) = g'(t)(t - a) - (g(t) - g(a))`, which
    decreases there; the end of the stretch when the chord to it still lies above the curve."""
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


@dataclass(frozen=True)
class Regimes:
    """Per non-concave channel, its regimes in spend order as ``(channels, R)`` arrays of
    starts and ends (a point regime has start == end), padded by repeating the last one."""

    start: FloatArray
    end: FloatArray
    count: IntArray

    @classmethod
    def from_curvature(
        cls, curvature: Curvature, lower: FloatArray, upper: FloatArray, rows: IntArray
    ) -> Regimes:
        lists = [
            _channel_regimes(
                bool(curvature.convex_at_start[i]), curvature.breaks[i], lower[i], upper[i]
            )
            for i in rows
        ]
        width = max((len(r) for r in lists), default=1)
        start = np.array([[r[min(k, len(r) - 1)][0] for k in range(width)] for r in lists])
        end = np.array([[r[min(k, len(r) - 1)][1] for k in range(width)] for r in lists])
        count = np.array([len(r) for r in lists], dtype=np.int64)
        return cls(start.reshape(rows.size, width), end.reshape(rows.size, width), count)

    def containing(self, spend: FloatArray, tolerance: float) -> IntArray:
        """Index of the last regime starting at or below each spend."""
        valid = np.arange(self.start.shape[1])[None, :] < self.count[:, None]
        reached = valid & (self.start <= spend[:, None] + tolerance)
        return np.asarray(reached.sum(axis=1) - 1, dtype=np.int64)


def _channel_regimes(
    convex: bool, breaks: FloatArray, lower: float, upper: float
) -> list[tuple[float, float]]:
    """Concave stretches of ``[lower, upper]``, plus the limits reached through convex ones."""
    inside = [float(b) for b in breaks if lower < b < upper]
    points = [float(lower), *inside, float(upper)]
    regimes = [
        (points[k], points[k + 1])
        for k in range(len(points) - 1)
        if convex == (k % 2 == 1)  # stretch k is convex when convex_at_start xor k odd
    ]
    if convex:
        regimes.insert(0, (float(lower), float(lower)))
    if convex == ((len(points) - 2) % 2 == 0):  # the last stretch is convex
        regimes.append((float(upper), float(upper)))
    return regimes


@dataclass(frozen=True)
class _Majorants:
    """Concave majorant of every run of regimes ``lo..hi``: a line of ``slope`` from the run's
    start to ``until``, then the curve. ``exact``: it is the concave envelope (the line ends at
    a tangent point), so a relaxed spend at or beyond ``until`` is on the curve. Arrays are
    ``(R, R, channels)``, indexed ``[lo, hi]``."""

    until: FloatArray
    slope: FloatArray
    exact: BoolArray


class RegimeSearch:
    """Solve a separable problem whose curves need not be concave (see the module docstring).

    ``start_from`` is a spend (e.g. a similar problem's plan) whose regimes are solved before
    the search branches more than once, to give it a plan to prune against."""

    def __init__(
        self,
        problem: ConcaveProblem,
        settings: SearchSettings | None = None,
        start_from: FloatArray | None = None,
    ) -> None:
        self.problem = problem
        self.settings = settings or SearchSettings()
        self.start_from = start_from
        lower, upper, tolerance = problem.lower, problem.upper, problem.tolerance
        curvature = problem.curves.curvature(lower, upper, tolerance)
        candidates = np.flatnonzero(
            (curvature.convex_at_start | ~np.isnan(curvature.breaks).all(axis=1))
            & (upper > lower + tolerance)
        )
        regimes = Regimes.from_curvature(curvature, lower, upper, candidates)
        several = regimes.count >= 2
        self.nonconcave = candidates[several]
        self.regimes = Regimes(regimes.start[several], regimes.end[several], regimes.count[several])
        self.majorants = self._majorants()

    def solve(self) -> SeparableSolution:
        if self.nonconcave.size == 0:
            plain = self._evaluate(self.problem, "marginal equalisation")
            assert plain is not None  # the feasibility check ran before the search
            return plain
        return self._polish_convex_side(self._branch_and_bound())

    # --- relaxations -------------------------------------------------------------------------
    def _majorants(self) -> _Majorants:
        regimes, m = self.regimes, self.nonconcave.size
        width = regimes.start.shape[1]
        until = np.zeros((width, width, m))
        slope = np.full((width, width, m), np.inf)
        exact = np.zeros((width, width, m), dtype=bool)
        for lo in range(width):
            for hi in range(lo + 1, width):
                rows = np.flatnonzero(regimes.count > hi)
                if rows.size:
                    found = self._majorant(rows, lo, hi)
                    until[lo, hi, rows], slope[lo, hi, rows], exact[lo, hi, rows] = found
        return _Majorants(until, slope, exact)

    def _majorant(self, rows: IntArray, lo: int, hi: int) -> tuple[FloatArray, ...]:
        """The steepest chord from each run's start, over the candidate tangent points."""
        regimes, tolerance = self.regimes, self.problem.tolerance
        curves = self.problem.curves.subset(self.nonconcave[rows])
        start, end = regimes.start[rows, lo], regimes.end[rows, hi]
        base = curves.value(start)
        best_slope = np.full(rows.size, -np.inf)
        best_point = start.copy()
        # A run starting on a concave stretch: the chord slope tends to g'(a) just above a.
        opens_concave = regimes.end[rows, lo] > start
        step = 1e-12 * max(self.problem.budget, 1.0)
        at_start = curves.marginal(np.minimum(start + step, end))
        best_slope = np.where(opens_concave, at_start, best_slope)
        for k in range(lo + 1, hi + 1):
            point = _tangent_points(curves, start, regimes.start[rows, k], regimes.end[rows, k])
            width = np.maximum(point - start, tolerance)
            chord = (curves.value(point) - base) / width
            steeper = chord > best_slope
            best_slope = np.where(steeper, chord, best_slope)
            best_point = np.where(steeper, point, best_point)
        exact = ~opens_concave & (best_point >= regimes.start[rows, hi])
        return np.where(exact, best_point, end), best_slope, exact

    def in_regimes_of(self, spend: FloatArray) -> ConcaveProblem:
        """The concave problem with every non-concave channel held to the regime ``spend``
        puts it in (a plan's regimes, to re-solve it exactly under other constraints)."""
        held = self.regimes.containing(spend[self.nonconcave], self.problem.tolerance)
        return self._restricted(held, held)

    def _restricted(self, lo: IntArray, hi: IntArray) -> ConcaveProblem:
        """The node problem: each non-concave channel held to its regimes ``lo..hi``, relaxed to
        its majorant when that run holds more than one regime."""
        lower = self.problem.lower.copy()
        upper = self.problem.upper.copy()
        idx, rows = self.nonconcave, np.arange(self.nonconcave.size)
        lower[idx] = self.regimes.start[rows, lo]
        upper[idx] = self.regimes.end[rows, hi]
        open_runs = lo < hi
        envelope = None
        if open_runs.any():
            until, slope = lower.copy(), np.full(lower.shape, np.inf)
            until[idx] = np.where(open_runs, self.majorants.until[lo, hi, rows], lower[idx])
            slope[idx] = np.where(open_runs, self.majorants.slope[lo, hi, rows], np.inf)
            envelope = Envelope(linear_until=until, slope=slope)
        return replace(self.problem, lower=lower, upper=upper, envelope=envelope)

    def _evaluate(self, problem: ConcaveProblem, method: str) -> SeparableSolution | None:
        if not is_feasible_laminar(problem):
            return None
        solution = WaterFilling(problem).solve()
        return SeparableSolution(solution, separable_objective(problem, solution.spend), method)

    def _majorant_values(self, problem: ConcaveProblem, spend: FloatArray) -> FloatArray:
        """Each channel's relaxed value: the line where a relaxed channel sits on it."""
        value = problem.curves.value(spend)
        if problem.envelope is None:
            return value
        start, until, slope = problem.lower, problem.envelope.linear_until, problem.envelope.slope
        on_line = np.isfinite(slope) & (spend <= until)
        line = problem.curves.value(start) + np.where(on_line, slope, 0.0) * (spend - start)
        return np.asarray(np.where(on_line, line, value))

    # --- search ------------------------------------------------------------------------------
    def _branch_and_bound(self) -> SeparableSolution:
        idx, tolerance, regimes = self.nonconcave, self.problem.tolerance, self.regimes
        rows = np.arange(idx.size)
        best: SeparableSolution | None = None
        start_from = self.start_from
        stack = [(np.zeros(idx.size, dtype=np.int64), regimes.count - 1, self.problem.hints)]
        relaxed_nodes: list[tuple[FloatArray, IntArray, IntArray, int, float]] = []
        nodes = 0
        while stack and nodes < self.settings.node_limit:
            lo, hi, hints = stack.pop()
            # A child differs from its parent in one channel: start from the parent's prices.
            problem = replace(self._restricted(lo, hi), hints=hints)
            if not is_feasible_laminar(problem):
                continue
            solution = WaterFilling(problem).solve()
            nodes += 1
            relaxed = self._majorant_values(problem, solution.spend)
            bound = float(relaxed.sum()) - problem.linear_cost(solution.spend)
            if best is not None and bound <= best.objective + self.settings.relative_gap * abs(
                best.objective
            ):
                continue
            spend = solution.spend[idx]
            start = problem.lower[idx]
            until = self.majorants.until[lo, hi, rows]
            exact = self.majorants.exact[lo, hi, rows]
            on_line = (
                (lo < hi) & (spend > start + tolerance) & ((spend < until - tolerance) | ~exact)
            )
            if not on_line.any():
                plan = SeparableSolution(
                    solution, separable_objective(problem, solution.spend), "branch and bound"
                )
                if best is None or plan.objective > best.objective:
                    best = plan
                continue
            if start_from is not None and np.count_nonzero(on_line) > 1:
                # A search that will branch more than once: first solve the warm start's
                # regimes, a plan to prune against.
                warm, start_from = self._first_plan(start_from), None
                if warm is not None and (best is None or warm.objective > best.objective):
                    best = warm
                    if bound <= best.objective + self.settings.relative_gap * abs(best.objective):
                        continue
            # Branch where the relaxation overstates most; explore the nearer half first.
            overstated = np.where(
                on_line, relaxed[idx] - problem.curves.value(solution.spend)[idx], -1.0
            )
            branch = int(np.argmax(overstated))
            if best is None and len(relaxed_nodes) < _FALLBACK_NODES:
                relaxed_nodes.append((solution.spend, lo, hi, branch, bound))
            first, last = int(lo[branch]), int(hi[branch])
            middle = (first + last) // 2
            if last - first == 1 and exact[branch]:
                pivot = 0.5 * (start[branch] + until[branch])
            else:
                pivot = 0.5 * (regimes.end[branch, middle] + regimes.start[branch, middle + 1])
            low_half, high_half = hi.copy(), lo.copy()
            low_half[branch], high_half[branch] = middle, middle + 1
            prices = solution.hints(problem.groups)
            children = [(lo, low_half, prices), (high_half, hi, prices)]
            stack.extend(children if spend[branch] >= pivot else children[::-1])
        for spend, lo, hi, branch, bound in relaxed_nodes if best is None else ():
            # Every leaf's regimes missed the budget (tiny budgets, where whole curves are
            # convex): the plan has one channel inside a convex stretch.
            best = self._free_channel_plan(spend, lo, hi, branch, bound)
            if best is not None:
                break
        if best is None:
            raise ValueError(
                f"no allocation of {self.problem.budget:,.2f} meets every limit with each "
                "channel on its curve; this budget is far below the spend the curves were "
                "fitted on: plan a budget nearer the current spend"
            )
        suffix = "" if not stack else f" (stopped at {nodes} nodes)"
        return replace(best, method=f"branch and bound on concave envelopes{suffix}")

    def _free_channel_plan(
        self, spend: FloatArray, lo: IntArray, hi: IntArray, row: int, bound: float
    ) -> SeparableSolution | None:
        """A real plan near a relaxed one: every non-concave channel but ``row`` held in the
        regime its relaxed spend is in, and channel ``row`` free over its node's regimes
        (a bounded one-dimensional search, started from its relaxed spend)."""
        regimes, tolerance = self.regimes, self.problem.tolerance
        held = regimes.containing(spend[self.nonconcave], tolerance)
        channel = int(self.nonconcave[row])
        low, high = float(regimes.start[row, lo[row]]), float(regimes.end[row, hi[row]])
        penalty = abs(bound) + self.problem.spend_cost * self.problem.budget + 1.0

        def loss(y: float) -> float:
            candidate = self._evaluate(self._held_at(held, channel, y), "")
            return penalty if candidate is None else -candidate.objective

        tries = [float(np.clip(spend[channel], low, high))]
        if high > low:
            found = minimize_scalar(
                loss,
                bounds=(low, high),
                method="bounded",
                options={"xatol": 1e-9 * max(self.problem.budget, 1.0)},
            )
            tries.append(float(found.x))
        plans = [self._evaluate(self._held_at(held, channel, y), "branch and bound") for y in tries]
        feasible = [p for p in plans if p is not None]
        return max(feasible, key=lambda p: p.objective) if feasible else None

    def _first_plan(self, spend: FloatArray) -> SeparableSolution | None:
        """The best plan with every non-concave channel in the regime ``spend`` puts it in."""
        held = self.regimes.containing(spend[self.nonconcave], self.problem.tolerance)
        problem = replace(self._restricted(held, held), hints=self.problem.hints)
        return self._evaluate(problem, "branch and bound")

    def _polish_convex_side(self, best: SeparableSolution) -> SeparableSolution:
        r"""Let a channel held at the start of a concave regime move into the convex stretch
        before it.

        One channel may end strictly inside a convex stretch, when the others' curvature
        outweighs its own. For a channel pinned at the start :math:`c_j` of its regime with
        marginal return below its price, maximise :math:`g_j(y) + V_{rest}(y)` over :math:`y`
        in the convex stretch before :math:`c_j` (Brent's bounded method; the ends are regimes
        already compared).
        """
        problem, idx, regimes = self.problem, self.nonconcave, self.regimes
        rows = np.arange(idx.size)
        spend, price = best.solution.spend, best.solution.channel_price
        held = regimes.containing(spend[idx], problem.tolerance)
        concave_start = regimes.start[rows, held]
        pinned = (
            (held >= 1)
            & (spend[idx] <= concave_start + problem.tolerance)
            & (problem.curves.marginal(spend)[idx] < price[idx])
        )
        penalty = abs(best.objective) + problem.spend_cost * problem.budget + 1.0
        for k in np.flatnonzero(pinned):
            channel = int(idx[k])
            convex_from = float(regimes.end[k, held[k] - 1])

            def loss(y: float, channel: int = channel) -> float:
                candidate = self._evaluate(self._held_at(held, channel, y), "")
                # A finite penalty: Brent's parabolic steps turn an infinite one into NaN.
                return penalty if candidate is None else -candidate.objective

            found = minimize_scalar(
                loss,
                bounds=(convex_from, float(concave_start[k])),
                method="bounded",
                options={"xatol": 1e-9 * max(problem.budget, 1.0)},
            )
            if -found.fun > best.objective:
                polished = self._evaluate(self._held_at(held, channel, float(found.x)), best.method)
                if polished is not None and polished.objective > best.objective:
                    best = polished
        return best

    def _held_at(self, held: IntArray, channel: int, spend: float) -> ConcaveProblem:
        """Every non-concave channel in regime ``held``, and ``channel`` fixed at ``spend``."""
        trial = self._restricted(held, held)
        lower, upper = trial.lower.copy(), trial.upper.copy()
        lower[channel] = upper[channel] = spend
        return replace(trial, lower=lower, upper=upper)
