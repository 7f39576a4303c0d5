r"""Exact allocation for concave curves: equal marginal return, found by bisection on its price.

For curves :math:`g_i` concave on domains :math:`[a_i, b_i]`, the problem

.. math::
    \max_x \sum_i g_i(x_i) - c \sum_i x_i
    \quad \text{s.t.} \quad a_i \le x_i \le b_i,\;
    L_g \le \sum_{i \in g} x_i \le U_g,\; \sum_i x_i = B \;(\text{or} \le B)

has the KKT solution :math:`x_i(p) = \arg\max_{a_i \le x \le b_i} g_i(x) - p\,x`, i.e.
:math:`g_i'(x_i) = p` unless a limit binds, with one price :math:`p` per group node: every
unconstrained channel ends at the same marginal return. For a laminar family of groups (any
two are disjoint or nested) the group responses nest:

.. math::
    R_g(p) = \operatorname{clip}\Big(\sum_{i \in g \setminus \text{subgroups}} x_i(p)
              + \sum_{h \subset g} R_h(p),\; L_g,\; U_g\Big)

Each :math:`R` is non-increasing in :math:`p`, so the root price is found by bracketing on
:math:`\log p` until :math:`R_{root}(p) = B` (or :math:`p = c` when the budget need not be
spent, ``at_most``); a group clipped at its floor or cap is then solved the same way for its
own total, which gives it its own price. Each round tries an even grid of prices inside the
last bracket, a narrow grid around the root its totals interpolate to, and the chord slopes
inside it (where a relaxed channel jumps); :class:`PriceHints` from a similar problem seed
the first round, and a group the hints' problem solved for the same limit, over the same
curves, line limits and inner groups, is copied rather than searched (:class:`SolvedGroup`;
the budget's search then leaves its lines out while its limit holds). Since every
:math:`x_i(p)` falls with :math:`p`, the last bracket's spends also bracket each channel's
next bisection. The last bracket is interpolated so the totals
hold exactly. The difference between a group's price and its parent's is the group limit's
shadow price; the difference between a channel's price and its marginal return at a limit is
that limit's shadow price.

``linear_until`` turns the solver into the concave-envelope relaxation used for S-shaped
curves: on :math:`[a_i, t_i]` the curve is replaced by its chord of slope :math:`\sigma_i`
(see ``nonconcave.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from model_engine.optimizer.curves import CurveSet, IntArray
from model_engine.optimizer.region import BudgetMode, GroupLimit
from model_engine.saturation import FloatArray

# Prices tried per bracketing round: many for few curve terms (numpy overhead dominates), fewer
# for many (array size dominates); a channel has a term per draw and per flighted week.
_SPEND_VALUES_PER_ROUND = 2048
_MAX_ROUNDS = 16
# Spend bisections give (b - a) / 2^34, about 6e-11 of the range; the node totals are then
# matched exactly by interpolating the last price bracket once its totals differ by at most
# _STOP_GAP of the budget (the interpolation error per channel is below that gap).
_SPEND_BISECTIONS = 34
_STOP_GAP = 1e-7
_TINY_PRICE = 1e-300
_HINT_SPAN = 0.02  # a price hint is tried within ±2% (in log price) first
_JUMPS_TRIED = 2  # chord slopes inside a bracket tried as prices when there are this few


@dataclass(frozen=True)
class Envelope:
    """Chord from the domain start to ``linear_until`` with slope ``slope`` (``inf`` = none)."""

    linear_until: FloatArray
    slope: FloatArray


@dataclass(frozen=True)
class SolvedGroup:
    """A group solved for its own total (held at its floor or cap), with what its optimum depends
    on: the same group held at the same total over the same curves, line limits and inner groups
    has the same optimum whatever happens outside it, so a similar problem copies it instead of
    searching again (the plan a market floor is dropped from keeps most markets at their floors).
    Inner groups are ``(source, lower, upper, price, parent price)``."""

    target: float
    positions: IntArray
    lower: FloatArray
    upper: FloatArray
    curves: CurveSet
    inner: tuple[tuple[int, float, float, float, float], ...]
    spend: FloatArray
    channel_price: FloatArray
    price: float


@dataclass(frozen=True)
class PriceHints:
    """Prices of a similar problem's solution (e.g. the plan a constraint is dropped from), where
    the price searches start: the budget's, and each group's by the index of its constraint;
    ``solved``: its groups solved for their own totals, by constraint index, which the new
    problem copies where they recur unchanged (see :class:`SolvedGroup`)."""

    budget: float
    groups: Mapping[int, float]
    solved: Mapping[int, SolvedGroup] = field(default_factory=dict)


@dataclass(frozen=True)
class ConcaveProblem:
    """A separable concave allocation problem (see the module docstring)."""

    curves: CurveSet
    lower: FloatArray
    upper: FloatArray
    groups: tuple[GroupLimit, ...]
    budget: float
    budget_mode: BudgetMode
    spend_cost: float = 0.0  # c: objective units lost per unit of spend (1 for profit)
    envelope: Envelope | None = None
    hints: PriceHints | None = None
    # o_i: a linear cost per unit of spend on channel i, added to every price it sees (the
    # Lagrange multiplier of a dualised group, see ``crossing.py``). At most 0, so that at
    # price 0 every channel still spends its cap and every node reaches its largest total.
    price_offset: FloatArray | None = None

    @property
    def tolerance(self) -> float:
        return 1e-9 * max(self.budget, 1.0)

    def linear_cost(self, spend: FloatArray) -> float:
        """:math:`c \\sum_i x_i + \\sum_i o_i x_i`: what the spend costs in objective units."""
        cost = self.spend_cost * float(spend.sum())
        if self.price_offset is not None:
            cost += float(self.price_offset @ spend)
        return cost


@dataclass(frozen=True)
class ConcaveSolution:
    spend: FloatArray
    channel_price: FloatArray  # price of the group node each channel sits in directly
    group_price: FloatArray  # one per group, in problem order
    group_parent_price: FloatArray  # price of the node each group sits in
    budget_price: float
    solved: Mapping[int, SolvedGroup] = field(default_factory=dict)  # by constraint index

    def hints(self, groups: tuple[GroupLimit, ...]) -> PriceHints:
        """This solution's prices as hints for a problem with (some of) the same ``groups``."""
        by_source = {g.source: float(p) for g, p in zip(groups, self.group_price, strict=True)}
        return PriceHints(budget=self.budget_price, groups=by_source, solved=self.solved)


@dataclass
class _Node:
    group: int | None  # index into problem.groups; None for the root
    lower: float
    upper: float
    channels: list[int] = field(default_factory=list)  # direct members
    children: list[_Node] = field(default_factory=list)
    # A stand-in for this group held at a total a similar problem solved it for: no channels,
    # both limits that total (see :meth:`WaterFilling._settled_root`).
    stands_for: _Node | None = None


class NonNestedGroupsError(ValueError):
    """Two groups share some channels without one containing the other."""


def build_tree(groups: tuple[GroupLimit, ...], n_channels: int, budget: float) -> _Node:
    """Nest groups by containment; raise :class:`NonNestedGroupsError` if two cross.

    Groups are placed largest first, each under the innermost group placed so far over its
    channels: in a laminar family that is one group for all of them (a group placed earlier is
    at least as large, so it contains the new one or misses it), and channels with different
    innermost groups mean that the new group crosses one of them."""
    root = _Node(group=None, lower=0.0, upper=budget)
    placed: dict[int, _Node] = {}
    # The innermost group placed so far over each channel (-1: none); of groups with the same
    # channels (a rule stated twice), the one placed last is the innermost.
    owner = np.full(n_channels, -1)
    for k in sorted(range(len(groups)), key=lambda j: (-groups[j].positions.size, j)):
        positions = groups[k].positions
        owners = np.unique(owner[positions]).tolist() or [-1]
        if len(owners) > 1:
            crossed = next(j for j in owners if j >= 0)
            raise NonNestedGroupsError(
                f"the groups {groups[crossed].label!r} and {groups[k].label!r} share "
                "channels without one containing the other; combine or split them"
            )
        placed[k] = _Node(group=k, lower=groups[k].lower, upper=groups[k].upper)
        (root if owners[0] < 0 else placed[owners[0]]).children.append(placed[k])
        owner[positions] = k
    for position, k in enumerate(owner.tolist()):
        (root if k < 0 else placed[k]).channels.append(position)
    return root


def is_feasible_laminar(problem: ConcaveProblem) -> bool:
    """Whether domains, group limits and the budget admit a solution. Exact for laminar
    groups: a node can reach every total between its children's summed limits, clipped to
    its own floor and cap."""
    tolerance = problem.tolerance
    if np.any(problem.lower > problem.upper + tolerance):
        return False

    def reachable(node: _Node) -> tuple[float, float] | None:
        low = float(problem.lower[node.channels].sum())
        high = float(problem.upper[node.channels].sum())
        for child in node.children:
            span = reachable(child)
            if span is None:
                return None
            low, high = low + span[0], high + span[1]
        low, high = max(low, node.lower), min(high, node.upper)
        return None if low > high + tolerance else (low, high)

    span = reachable(build_tree(problem.groups, problem.lower.size, problem.budget))
    if span is None:
        return False
    if problem.budget_mode == "exact":
        return span[0] - tolerance <= problem.budget <= span[1] + tolerance
    return span[0] <= problem.budget + tolerance


def _positions(node: _Node) -> list[int]:
    out = list(node.channels)
    for child in node.children:
        out.extend(_positions(child))
    return out


class _SpendResponse:
    """Spend of each channel at given prices: :math:`x_i(p)` on its concave domain."""

    def __init__(self, problem: ConcaveProblem) -> None:
        self.curves = problem.curves
        self.lower = problem.lower
        self.upper = problem.upper
        if problem.envelope is None:
            self.start = problem.lower
            self.slope = np.full(problem.lower.shape, np.inf)
        else:
            self.start = np.maximum(problem.envelope.linear_until, problem.lower)
            self.slope = problem.envelope.slope
        offset = problem.price_offset
        self.no_offset = offset is None
        self.offset = np.zeros(problem.lower.shape) if offset is None else offset
        # The node price at which a relaxed channel jumps along its chord.
        self.jump_price = self.slope - self.offset
        # A tiny step into the domain keeps the bracket finite where g'(a) is infinite.
        step = 1e-12 * max(problem.budget, 1.0)
        self.marginal_start = self.curves.marginal(np.minimum(self.start + step, self.upper))
        self.marginal_end = self.curves.marginal(self.upper)

    def price_range(self, positions: IntArray) -> tuple[float, float]:
        offset = self.offset[positions]
        ends = self.marginal_end[positions] - offset
        # A channel held at 0 on a curve that is vertical there has an infinite end: it
        # spends 0 at any price, so it says nothing about the bracket.
        ends = ends[np.isfinite(ends)]
        starts = np.concatenate(
            [self.marginal_start[positions] - offset, self.jump_price[positions]]
        )
        finite = starts[np.isfinite(starts)]
        high = float(finite.max()) * 2.0 if finite.size else 1.0
        low = float(max(ends.min() if ends.size else _TINY_PRICE, _TINY_PRICE)) * 0.5
        return low, max(high, low * 4.0)

    def spend(
        self,
        prices: FloatArray,
        within: tuple[FloatArray, FloatArray] | None = None,
        positions: IntArray | None = None,
        reach: FloatArray | None = None,
    ) -> FloatArray:
        """Spends at each of ``prices``: shape ``(channels, k)``. ``prices`` is ``(k,)``, the
        same prices for every channel, or ``(channels, k)``, a row of prices per channel (the
        sibling nodes of :meth:`WaterFilling._solve_nodes` each try their own).

        ``within`` optionally brackets every channel's spend (its spends at a higher and at a
        lower price than all of its ``prices``: spend falls as the price rises), which lets the
        bisection start narrower; it always ends within ``2^-34`` of the channel's range.
        ``positions``: only these channels are computed (a node's), the other rows are 0; a
        market group's search then costs its own lines, not the whole plan's. ``reach``: per
        channel, the most its node's total can be; no channel of the node spends more above its
        start, so the bisection covers that span and its precision is ``2^-34`` of it (a small
        market is then as exact as a plan of its own), not of the channel's whole range."""
        n = self.start.size
        rows = np.arange(n) if positions is None else positions
        grid = np.broadcast_to(prices, (n, prices.shape[-1]))[rows]
        p = grid if self.no_offset else grid + self.offset[rows, None]
        start = np.broadcast_to(self.start[rows, None], p.shape)
        end = np.broadcast_to(self.upper[rows, None], p.shape)
        marginal_start = self.marginal_start[rows, None]
        marginal_end = self.marginal_end[rows, None]
        middle_spend = start.copy()
        inside = (marginal_start > p) & (marginal_end < p)
        if np.any(inside):
            moving = np.flatnonzero(inside.any(axis=1))
            sub_low, sub_high = start[moving], end[moving]
            if reach is not None:
                sub_high = np.minimum(sub_high, sub_low + reach[rows[moving], None])
            precision = (sub_high - sub_low) * 2.0**-_SPEND_BISECTIONS
            if within is not None:
                # The bracketing spends are bisection midpoints: widen them by the precision.
                sub_low = np.clip(within[0][rows[moving], None] - precision, sub_low, sub_high)
                sub_high = np.clip(within[1][rows[moving], None] + precision, sub_low, sub_high)
            widest = float(np.max((sub_high - sub_low) / np.maximum(precision, _TINY_PRICE)))
            sub_curves = self.curves.subset(rows[moving])
            sub_price = p[moving]
            for _ in range(int(np.ceil(np.log2(max(widest, 1.0))))):
                middle = 0.5 * (sub_low + sub_high)
                above = sub_curves.marginal(middle) > sub_price
                sub_low = np.where(above, middle, sub_low)
                sub_high = np.where(above, sub_high, middle)
            middle_spend[moving] = 0.5 * (sub_low + sub_high)
        # A channel whose last unit still returns p spends everything; a flat curve at p = 0
        # is indifferent, and spending it all is what lets an exact budget be met.
        spend = np.where(marginal_end >= p, end, np.where(marginal_start <= p, start, middle_spend))
        spend = np.where(p > self.slope[rows, None], self.lower[rows, None], spend)
        if positions is None:
            return np.asarray(spend)
        out = np.zeros((n, p.shape[1]))
        out[rows] = spend
        return out


def _node_totals(node: _Node, spend: FloatArray) -> FloatArray:
    """:math:`\\sum` of direct channels plus clipped child totals, per price column."""
    total = spend[node.channels].sum(axis=0) if node.channels else np.zeros(spend.shape[1])
    for child in node.children:
        total = total + np.clip(_node_totals(child, spend), child.lower, child.upper)
    return np.asarray(total)


def _next_prices(
    low: float, high: float, above: float, below: float, count: int, jumps: FloatArray
) -> FloatArray:
    """Prices to try inside the bracket ``[low, high]`` whose totals miss the target by
    ``above`` and ``below``: an even log grid, which narrows the bracket at least
    ``count // 2``-fold; a narrow grid around the root the two totals interpolate to (in log
    price), which narrows it far more where the total is smooth; and either side of the
    ``jumps`` (chord slopes in the bracket), where the root sits when a chord closes the gap."""
    coarse = np.geomspace(low, high, count // 2 + 1)
    span = np.log(high / low)
    share = 0.5 if above + below <= 0 else above / (above + below)
    guess = np.log(low) + share * span
    half_width = span / (2.0 * count * count)
    window = np.exp(np.linspace(guess - half_width, guess + half_width, count - count // 2))
    sides = np.concatenate([jumps * (1.0 - 1e-13), jumps * (1.0 + 1e-13)])
    candidates = np.concatenate([window, sides])
    inside = candidates[(candidates > low) & (candidates < high)]
    return np.unique(np.concatenate([coarse, inside]))


class _PriceSearch:
    """One node's search for the price at which its total meets ``target``: a grid of prices
    per round, narrowed to the bracket around the root (see the module docstring)."""

    def __init__(
        self,
        node: _Node,
        target: float,
        responder: _SpendResponse,
        count: int,
        stop_gap: float,
        hint: float | None,
    ) -> None:
        self.node = node
        self.target = target
        self.responder = responder
        self.count = count
        self.stop_gap = stop_gap
        self.positions = np.asarray(_positions(node), dtype=np.int64)
        low_price, high_price = responder.price_range(self.positions)
        # Price 0 is tried too: below the lowest positive price only channels with flat curves
        # still move, and they take whatever an exact budget leaves.
        self.prices = np.concatenate(([0.0], np.geomspace(low_price, high_price, count)))
        if hint is not None and low_price < hint < high_price:
            near = hint * np.exp(np.linspace(-_HINT_SPAN, _HINT_SPAN, count // 2))
            coarse = np.geomspace(low_price, high_price, count - count // 2)
            self.prices = np.unique(np.concatenate(([0.0], coarse, near)))
        self.within: tuple[FloatArray, FloatArray] | None = None
        self.bracket = np.zeros((responder.start.size, 2))
        self.low_price = self.high_price = 0.0
        self.done = False

    def step(self, columns: FloatArray) -> None:
        """Narrow the bracket with the spends at this round's prices (the first
        ``self.prices.size`` columns); ``done`` once the bracket is tight enough."""
        prices = self.prices
        columns = columns[:, : prices.size]
        totals = _node_totals(self.node, columns)
        target = self.target
        # Totals fall as prices rise: keep the last price whose total still reaches target.
        reaching = np.flatnonzero(totals >= target)
        index = 0 if reaching.size == 0 else min(int(reaching[-1]), prices.size - 2)
        low_price, high_price = float(prices[index]), float(prices[index + 1])
        self.low_price, self.high_price = low_price, high_price
        self.bracket = columns[:, [index, index + 1]]
        if (
            low_price == 0.0
            or high_price / low_price - 1.0 < 1e-13
            or self._smooth_gap(low_price, high_price) <= self.stop_gap
        ):
            self.done = True
            return
        slopes = self.responder.jump_price[self.positions]
        jumps = slopes[(slopes > low_price) & (slopes < high_price)]
        self.prices = _next_prices(
            low_price,
            high_price,
            totals[index] - target,
            target - totals[index + 1],
            self.count,
            jumps if jumps.size <= _JUMPS_TRIED else jumps[:0],
        )
        self.within = (self.bracket[:, 1], self.bracket[:, 0])

    def _smooth_gap(self, low_price: float, high_price: float) -> float:
        """Total spend between the bracket's prices, leaving out the channels whose chords share
        one slope inside the bracket: they jump from the chord's start to its end at that price,
        and interpolating the bracket puts them on their chords, the relaxation's optimum.
        Chords of different slopes inside the bracket count in full (the optimum puts the
        steeper ones at their ends, which interpolation would not)."""
        slope = self.responder.jump_price
        jumps = (slope >= low_price) & (slope <= high_price)
        steady = self.bracket
        if jumps.any() and np.ptp(slope[jumps]) <= 1e-13 * high_price:
            steady = self.bracket.copy()
            steady[jumps, 0] = steady[jumps, 1]
        totals = _node_totals(self.node, steady)
        return float(totals[0] - totals[1])

    def interpolated(self) -> tuple[float, FloatArray, float]:
        """The weight of the bracket's low price, the spends and the price that meet the
        target exactly, interpolated inside the last bracket."""
        bracket = self.bracket
        totals = _node_totals(self.node, bracket)
        gap = totals[0] - totals[1]
        weight = 0.0 if gap <= 0 else float(np.clip((self.target - totals[1]) / gap, 0.0, 1.0))
        mixed = bracket[:, 1] + weight * (bracket[:, 0] - bracket[:, 1])
        price = self.high_price + weight * (self.low_price - self.high_price)
        return weight, mixed, price


class WaterFilling:
    """Solve a :class:`ConcaveProblem` exactly (see the module docstring)."""

    def __init__(self, problem: ConcaveProblem) -> None:
        self.problem = problem
        self.responder = _SpendResponse(problem)
        self.tree = build_tree(problem.groups, problem.lower.size, problem.budget)
        self.solved: dict[int, SolvedGroup] = {}
        self.index_of_source = {g.source: k for k, g in enumerate(problem.groups)}
        self.unchanged: dict[int, bool] = {}  # by group index: the memo of :meth:`_same`

    def solve(self) -> ConcaveSolution:
        problem = self.problem
        spend = problem.lower.copy()
        channel_price = np.zeros(problem.lower.size)
        group_price = np.zeros(len(problem.groups))
        parent_price = np.zeros(len(problem.groups))
        root = self.tree
        if problem.budget_mode == "exact":
            target = problem.budget
        else:
            at_cost = _node_totals(root, self.responder.spend(np.array([problem.spend_cost])))
            target = min(problem.budget, float(at_cost[0]))
        filled = (channel_price, group_price, parent_price)
        hint = None if problem.hints is None else problem.hints.budget
        budget_price = self._solve_root(target, hint, spend, filled)
        if problem.budget_mode == "at_most" and target < problem.budget - problem.tolerance:
            budget_price = problem.spend_cost
        return ConcaveSolution(
            spend, channel_price, group_price, parent_price, budget_price, dict(self.solved)
        )

    def _solve_root(
        self,
        target: float,
        hint: float | None,
        spend: FloatArray,
        filled: tuple[FloatArray, FloatArray, FloatArray],
    ) -> float:
        """The budget's price search, without the channels of the groups a similar problem
        (the hints) held at a limit that still holds here; if the price found leaves one of
        them off its limit, the search runs again over every channel."""
        kept: set[int] = set()  # the groups found off the limit they stood at
        while (settled := self._settled_root(kept)) is not None:
            root, valid = settled
            (search,) = self._search([root], [target], [hint])
            broken = {
                group
                for group, (low, high) in valid.items()
                if not low <= search.low_price <= search.high_price <= high
            }
            if not broken:
                return self._place([search], spend, filled)[0]
            # Those groups are searched with the budget next time, from the price just found.
            kept |= broken
            hint = 0.5 * (search.low_price + search.high_price)
        (search,) = self._search([self.tree], [target], [hint])
        return self._place([search], spend, filled)[0]

    def _settled_root(self, kept: set[int]) -> tuple[_Node, dict[int, tuple[float, float]]] | None:
        r"""The root with each child group that the hints solved for one of its limits, over the
        same curves, line limits and inner groups, replaced by a stand-in fixed at that limit;
        and the prices where each stand-in is exact. A group at its floor ``L`` with price
        :math:`q` spends :math:`R(p) \le L` for every :math:`p \ge q`, so it stays at its
        floor (at its cap :math:`U`, for :math:`p \le q`): the budget's search then evaluates
        only the other channels (those of the groups in ``kept`` too). ``None`` when no child
        can stand aside."""
        root = self.tree
        children: list[_Node] = []
        valid: dict[int, tuple[float, float]] = {}
        for child in root.children:
            assert child.group is not None
            known = self._known(child)
            if (
                child.group in kept
                or known is None
                or known.target not in (child.lower, child.upper)
                or not self._same(child)
            ):
                children.append(child)
                continue
            limit = known.target
            children.append(_Node(child.group, limit, limit, stands_for=child))
            at_floor = limit == child.lower
            valid[child.group] = (known.price, np.inf) if at_floor else (0.0, known.price)
        if not valid or len(_positions(_Node(None, 0.0, 0.0, root.channels, children))) == 0:
            return None
        return _Node(None, root.lower, root.upper, root.channels, children), valid

    def _solve_nodes(
        self,
        nodes: list[_Node],
        targets: list[float],
        hints: list[float | None],
        spend: FloatArray,
        filled: tuple[FloatArray, FloatArray, FloatArray],
    ) -> list[float]:
        """Solve sibling ``nodes`` (disjoint channels) for their ``targets`` in place, their
        price searches in lockstep: each round evaluates every unfinished node's own prices in
        one array, so a hundred markets clipped at their floors cost about one search, not a
        hundred. ``filled`` holds the channel, group and group-parent price arrays being filled
        in; ``hints`` guess the prices. Returns each node's price."""
        return self._place(self._search(nodes, targets, hints), spend, filled)

    def _search(
        self, nodes: list[_Node], targets: list[float], hints: list[float | None]
    ) -> list[_PriceSearch]:
        """The lockstep price searches of :meth:`_solve_nodes`, run to their last brackets."""
        terms = sum(len(_positions(node)) for node in nodes) * self.problem.curves.terms_per_channel
        count = int(np.clip(_SPEND_VALUES_PER_ROUND // max(terms, 1), 9, 129))
        # A group's search stops on a gap relative to its own total, not the whole budget's: a
        # market of a thousandth of the budget is then as exact as a plan of its own.
        searches = [
            _PriceSearch(node, target, self.responder, count, _STOP_GAP * max(target, 1.0), hint)
            for node, target, hint in zip(nodes, targets, hints, strict=True)
        ]
        n = self.problem.lower.size
        for _ in range(_MAX_ROUNDS):
            active = [search for search in searches if not search.done]
            if not active:
                break
            width = max(search.prices.size for search in active)
            prices = np.zeros((n, width))
            low_spend, high_spend = np.zeros(n), np.zeros(n)
            reach = np.zeros(n)
            for search in active:
                rows = search.positions
                reach[rows] = search.target
                # A shorter grid repeats its last price: the search reads only its own columns.
                prices[rows, : search.prices.size] = search.prices
                prices[rows, search.prices.size :] = search.prices[-1]
                if search.within is not None:
                    low_spend[rows] = search.within[0][rows]
                    high_spend[rows] = search.within[1][rows]
            # Every search has a bracket after its first round, and they start together.
            within = None if active[0].within is None else (low_spend, high_spend)
            rows = np.concatenate([search.positions for search in active])
            columns = self.responder.spend(prices, within, rows, reach)
            for search in active:
                search.step(columns)
        return searches

    def _place(
        self,
        searches: list[_PriceSearch],
        spend: FloatArray,
        filled: tuple[FloatArray, FloatArray, FloatArray],
    ) -> list[float]:
        """Write each finished search's node and solve its clipped groups; the nodes' prices."""
        found = []
        for search in searches:
            weight, mixed, price = search.interpolated()
            self._assign(search.node, search.bracket, weight, mixed, price, spend, filled)
            found.append(price)
        return found

    def _assign(
        self,
        node: _Node,
        bracket: FloatArray,
        weight: float,
        mixed: FloatArray,
        price: float,
        spend: FloatArray,
        filled: tuple[FloatArray, FloatArray, FloatArray],
    ) -> None:
        """Write the interpolated solution of ``node``; the child groups that are clipped at
        their floor or cap at either end of the bracket are solved again, together, each for
        its own total."""
        channel_price, group_price, parent_price = filled
        spend[node.channels] = mixed[node.channels]
        channel_price[node.channels] = price
        clipped_children: list[_Node] = []
        targets: list[float] = []
        hints: list[float | None] = []
        for child in node.children:
            assert child.group is not None
            parent_price[child.group] = price
            if child.stands_for is not None:  # held at the limit it stands at
                clipped_children.append(child.stands_for)
                targets.append(child.lower)
                hints.append(None)
                continue
            free = _node_totals(child, bracket)
            clipped = np.clip(free, child.lower, child.upper)
            if np.array_equal(free, clipped):
                group_price[child.group] = price
                self._assign(child, bracket, weight, mixed, price, spend, filled)
                continue
            clipped_children.append(child)
            targets.append(float(clipped[1] + weight * (clipped[0] - clipped[1])))
            known = self.problem.hints
            hints.append(
                None if known is None else known.groups.get(self.problem.groups[child.group].source)
            )
        searched = [
            (child, target, hint)
            for child, target, hint in zip(clipped_children, targets, hints, strict=True)
            if not self._copy_solved(child, target, spend, filled)
        ]
        if searched:
            nodes = [child for child, _, _ in searched]
            prices = self._solve_nodes(
                nodes, [t for _, t, _ in searched], [h for _, _, h in searched], spend, filled
            )
            for child, (_, target, _), child_price in zip(nodes, searched, prices, strict=True):
                assert child.group is not None
                group_price[child.group] = child_price
                self._record_solved(child, target, spend, filled)

    def _reusable(self) -> bool:
        """Solved groups are copied only between problems on the plain curves: a chord
        envelope or a dualised price offset changes a group's optimum at the same total."""
        return self.problem.envelope is None and self.problem.price_offset is None

    def _inner(
        self, node: _Node, filled: tuple[FloatArray, FloatArray, FloatArray]
    ) -> list[tuple[int, float, float, float, float]]:
        groups = self.problem.groups
        out = []
        for child in node.children:
            assert child.group is not None
            group = groups[child.group]
            prices = (float(filled[1][child.group]), float(filled[2][child.group]))
            out.append((group.source, group.lower, group.upper, *prices))
            out.extend(self._inner(child, filled))
        return out

    def _record_solved(
        self,
        node: _Node,
        target: float,
        spend: FloatArray,
        filled: tuple[FloatArray, FloatArray, FloatArray],
    ) -> None:
        if not self._reusable():
            return
        assert node.group is not None
        positions = np.sort(np.asarray(_positions(node), dtype=np.int64))
        problem = self.problem
        self.solved[problem.groups[node.group].source] = SolvedGroup(
            target=target,
            positions=positions,
            lower=problem.lower[positions],
            upper=problem.upper[positions],
            curves=problem.curves,
            inner=tuple(sorted(self._inner(node, filled))),
            spend=spend[positions].copy(),
            channel_price=filled[0][positions].copy(),
            price=float(filled[1][node.group]),
        )

    def _copy_solved(
        self,
        node: _Node,
        target: float,
        spend: FloatArray,
        filled: tuple[FloatArray, FloatArray, FloatArray],
    ) -> bool:
        """Copy ``node``'s solution for ``target`` from the hints' solved groups when the same
        group was held at the same total over the same curves, limits and inner groups (its
        optimum is then the same); ``False`` when it has to be searched."""
        problem = self.problem
        known = self._known(node)
        if known is None or known.target != target or not self._same(node):
            return False
        assert node.group is not None
        positions = known.positions
        inner = self.index_of_source
        channel_price, group_price, parent_price = filled
        spend[positions] = known.spend
        channel_price[positions] = known.channel_price
        group_price[node.group] = known.price
        for source_of, _, _, price, parent in known.inner:
            group_price[inner[source_of]] = price
            parent_price[inner[source_of]] = parent
        self.solved[problem.groups[node.group].source] = known
        return True

    def _known(self, node: _Node) -> SolvedGroup | None:
        """The hints' solution of ``node``'s group, if any."""
        assert node.group is not None
        hints = self.problem.hints
        if hints is None or not self._reusable():
            return None
        return hints.solved.get(self.problem.groups[node.group].source)

    def _same(self, node: _Node) -> bool:
        """Whether ``node``'s group has the same lines, curves, line limits and inner groups as
        when the hints solved it: its optimum for a total is then the same."""
        known = self._known(node)
        assert node.group is not None
        if known is None:
            return False
        if node.group not in self.unchanged:
            problem = self.problem
            positions = np.sort(np.asarray(_positions(node), dtype=np.int64))
            no_prices = np.zeros(len(problem.groups))
            inner = self._inner(node, (no_prices, no_prices, no_prices))
            self.unchanged[node.group] = bool(
                np.array_equal(positions, known.positions)
                and np.array_equal(problem.lower[positions], known.lower)
                and np.array_equal(problem.upper[positions], known.upper)
                and known.curves.same_at(problem.curves, positions)
                and [g[:3] for g in known.inner] == sorted(g[:3] for g in inner)
            )
        return self.unchanged[node.group]
