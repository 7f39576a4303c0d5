r"""Groups that cross (market rules with national channel rules), priced by Lagrange multipliers.

The water-filling is exact for a laminar family of groups. Market groups and national channel
groups cross: each market holds a line of every channel. Keep a laminar part :math:`\mathcal{K}`
of the groups (market and line rules) and dualise the rest :math:`\mathcal{D}` (the national
channel rules :math:`L_k \le S_k(x) = \sum_{i \in k} x_i \le U_k`) with multipliers
:math:`\lambda_k, \mu_k \ge 0`:

.. math::
    D(\lambda, \mu) = \max_{x \in X_{\mathcal{K}}} \Big[ f(x) - \sum_k (\lambda_k - \mu_k)
    S_k(x) \Big] + \sum_k \lambda_k U_k - \mu_k L_k

where :math:`X_{\mathcal{K}}` is the budget with the line limits and the kept groups. The inner
maximum is the laminar problem with a linear cost :math:`\nu_k = \lambda_k - \mu_k` on each line
of group :math:`k` (``ConcaveProblem.price_offset``), solved exactly by the existing optimizer.
:math:`D` is convex and :math:`D \ge f(x)` for every plan meeting all rules (weak duality), so
every evaluation is an upper bound on the optimum. Its gradient is :math:`U_k - S_k(x(\nu))`
in :math:`\lambda_k` and :math:`S_k - L_k` in :math:`\mu_k`; it is continuous where the inner
solution is unique (strictly concave curves) and piecewise smooth, which L-BFGS-B on the box
:math:`\lambda, \mu \ge 0` minimises (multipliers in units of the unconstrained plan's price).
The line costs are shifted to be at most 0, where the water-filling's price search starts:
with an exact budget one constant added to every line's cost does not move the inner solution;
with a budget to spend at most (profit: spend only while the next unit returns more than it
costs) the constant is moved into the spend cost :math:`c`, so that each line's cost
:math:`c + \nu_k` is unchanged. The inner problem stays concave either way, and the bound and
gradient are the same.

The inner plan at the best multipliers meets every kept rule but may miss a dualised one by
what the multipliers' last digits leave; the repair moves the least spend (an L1 projection,
a linear program) onto the full set of rules. The certified gap is
:math:`(D_{\min} - f(x_{\text{repaired}})) / |D_{\min}|`: no plan meeting the rules does better
than the plan by more than that.

S-shaped curves: the inner problem is solved by the regime search (branch and bound to
``SearchSettings.relative_gap``), whose tolerance is added to the bound. The dual bound still
holds, but the duality gap need not close. Every inner plan is a candidate (repaired), and the
best one's regimes (each S-shaped line held to the concave stretch or the limit it is in) give
a concave problem whose crossing rules are priced again the same way; the better plan is kept.
Guaranteed: the plan meets every rule, and no plan meeting them beats it by more than the
reported gap (which may then be a real duality gap, e.g. 0.7% on a 2 x 2 case whose plan
matches a 30-start SLSQP). A search stopped at its node limit gives no bound: the certificate
says so (``bound_certified``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from scipy.optimize import linprog, minimize
from scipy.sparse import csr_matrix, eye, hstack, vstack

from model_engine.constraints import PlanRequest
from model_engine.optimizer.curves import CurveSet
from model_engine.optimizer.engine import OptimizerSettings, check_horizon, report_solved
from model_engine.optimizer.nonconcave import RegimeSearch, SearchSettings
from model_engine.optimizer.region import FeasibleRegion, GroupLimit, check_feasible
from model_engine.optimizer.result import AllocationResult
from model_engine.optimizer.scoring import PlanScorer
from model_engine.optimizer.solver import SolvedPlan
from model_engine.optimizer.water_filling import (
    ConcaveProblem,
    ConcaveSolution,
    NonNestedGroupsError,
    PriceHints,
    WaterFilling,
    build_tree,
)
from model_engine.planning import ResponseModel
from model_engine.saturation import FloatArray

_MAX_EVALUATIONS = 400
_GRADIENT_TOLERANCE = 1e-11  # on the rules' misses, as a share of the budget
_LP_TOLERANCE = 1e-10  # HiGHS's feasibility tolerance in units of the budget
# The search stops once the inner plan misses no dualised rule by more than this share of the
# budget and its complementary slackness leaves less than _STOP_GAP of the bound.
_STOP_MISS = 1e-8
_STOP_GAP = 1e-9
_STOPPED = "stopped at"  # the regime search's method when its node limit cut it short


@dataclass(frozen=True)
class DualCertificate:
    """What the multiplier search proved about a plan with crossing rules.

    ``upper_bound`` is the least dual value found (objective units: outcome, or profit): no
    plan meeting every rule does better. ``plan_value`` is the plan's objective; ``gap`` their
    difference relative to the bound. ``repair`` is the spend the repair moved onto the
    dualised rules; ``multipliers`` the price of each dualised rule (per unit of spend,
    objective units; > 0: a cap holds it, < 0: a floor)."""

    upper_bound: float
    plan_value: float
    gap: float
    evaluations: int
    repair: float
    multipliers: tuple[tuple[str, float], ...]
    concave: bool
    bound_certified: bool

    def describe(self) -> str:
        kind = "concave curves" if self.concave else "S-shaped curves (no duality guarantee)"
        certified = "certified" if self.bound_certified else "not certified (search stopped)"
        return (
            f"crossing rules priced by Lagrange multipliers ({len(self.multipliers)} dualised, "
            f"{self.evaluations} inner solves, {kind}); gap to the optimum {self.gap:.1e}, "
            f"{certified}"
        )


@dataclass(frozen=True)
class CrossingPlan:
    result: AllocationResult
    certificate: DualCertificate


def split_laminar(groups: tuple[GroupLimit, ...], n_channels: int, budget: float) -> list[int]:
    """Indices of the groups to dualise: in order, each group is kept if it nests with those
    kept so far, else dualised (callers list the groups they want kept first)."""
    kept: list[GroupLimit] = []
    dualised = []
    for index, group in enumerate(groups):
        try:
            build_tree((*kept, group), n_channels, budget)
        except NonNestedGroupsError:
            dualised.append(index)
            continue
        kept.append(group)
    return dualised


@dataclass(frozen=True)
class _DualPoint:
    multipliers: FloatArray  # nu = lambda - mu, one per dualised group
    value: float  # D
    solution: ConcaveSolution
    shift: float  # the constant taken off every line's cost
    objective: float  # f at the inner plan
    certified: bool


class _Dual:
    """The dual function of one problem and the best point it was evaluated at."""

    def __init__(
        self,
        base: ConcaveProblem,
        groups: tuple[GroupLimit, ...],
        search: SearchSettings,
        concave: bool,
    ) -> None:
        self.base = base
        n = base.lower.size
        self.members = np.zeros((len(groups), n))
        for k, group in enumerate(groups):
            self.members[k, group.positions] = 1.0
        self.floor = np.array([g.lower for g in groups])
        self.cap = np.array([g.upper for g in groups])
        self.search = search
        self.concave = concave
        self.evaluations = 0
        self.best: _DualPoint | None = None
        self.hints: PriceHints | None = None
        self.hints_shift = 0.0
        self.kept = base.groups
        self.converged = False
        # Without concavity the best dual point's plan need not be the best plan: every inner
        # plan is a candidate (repaired onto the rules, the best kept).
        self.candidates: list[FloatArray] = []

    def at(self, nu: FloatArray) -> tuple[_DualPoint, FloatArray]:
        """D at ``nu`` and the dualised groups' totals of the inner plan."""
        offset = self.members.T @ nu
        shift = float(offset.max(initial=0.0))
        problem = replace(self.base, price_offset=offset - shift, hints=self._hints(shift))
        if self.base.budget_mode == "at_most":
            problem = replace(problem, spend_cost=self.base.spend_cost + shift)
        certified = True
        if self.concave:
            solution = WaterFilling(problem).solve()
        else:
            found = RegimeSearch(problem, self.search).solve()
            solution, certified = found.solution, _STOPPED not in found.method
        self.evaluations += 1
        spend = solution.spend
        if not self.concave:
            self.candidates.append(spend)
        objective = float(problem.curves.value(spend).sum()) - self.base.spend_cost * float(
            spend.sum()
        )
        totals = self.members @ spend
        inner = objective - float(nu @ totals)
        if not self.concave:  # the search's own tolerance, so the bound stays an upper bound
            inner += self.search.relative_gap * abs(inner)
        caps = np.where(np.isfinite(self.cap), self.cap, 0.0)
        value = inner + float(np.maximum(nu, 0.0) @ caps) - float(np.maximum(-nu, 0.0) @ self.floor)
        point = _DualPoint(nu, value, solution, shift, objective, certified)
        self.hints, self.hints_shift = solution.hints(self.kept), shift
        if self.best is None or value < self.best.value:
            self.best = point
        miss = np.maximum(np.maximum(totals - self.cap, self.floor - totals), 0.0)
        budget = max(self.base.budget, 1.0)
        if miss.max(initial=0.0) <= _STOP_MISS * budget and value - objective <= _STOP_GAP * abs(
            value
        ):
            self.converged = True
            self.best = point
        return point, totals

    def _hints(self, shift: float) -> PriceHints | None:
        """The last solution's prices, moved to this evaluation's shift of the costs: the
        searches then start where the last ones ended."""
        if self.hints is None:
            return None
        moved = shift - self.hints_shift
        return PriceHints(
            budget=self.hints.budget + moved,
            groups={k: v + moved for k, v in self.hints.groups.items()},
        )


def _scaled_curves(scorer: PlanScorer) -> CurveSet:
    curves = scorer.search_curves()
    return curves.with_scale(curves.scale * scorer.value_per_outcome)


def _check_supported(model: ResponseModel, request: PlanRequest) -> None:
    unsupported = []
    if request.objective.kind not in ("volume", "profit"):
        unsupported.append(f"the {request.objective.kind} objective")
    if request.risk.mode != "expected":
        unsupported.append("the conservative risk mode")
    if model.interactions:
        unsupported.append("channel interactions")
    if unsupported:
        raise ValueError(
            "market rules together with national channel rules are planned for the expected "
            "volume or profit without interactions; this plan asks for "
            + ", ".join(unsupported)
            + ". Drop those, or keep only the market rules or only the national rules"
        )


def optimize_crossing(
    model: ResponseModel,
    request: PlanRequest,
    settings: OptimizerSettings | None = None,
) -> CrossingPlan:
    """The best plan under constraints whose groups cross (see the module docstring): the
    request's groups are kept in order while they nest, the rest dualised.

    Raises :class:`~model_engine.optimizer.region.InfeasiblePlanError` naming a minimal set of
    conflicting rules, or ``ValueError`` for what this solver does not plan."""
    chosen = settings or OptimizerSettings()
    check_horizon(model, request)
    _check_supported(model, request)
    region = check_feasible(model, request)
    scorer = PlanScorer(model, request.objective, request.risk, chosen.interaction_strength)
    n = len(region.names)
    dualised = split_laminar(region.groups, n, region.budget)
    kept = tuple(g for k, g in enumerate(region.groups) if k not in dualised)
    crossing = tuple(region.groups[k] for k in dualised)
    base = ConcaveProblem(
        curves=_scaled_curves(scorer),
        lower=region.lower,
        upper=np.maximum(region.upper, region.lower),
        groups=kept,
        budget=region.budget,
        budget_mode=region.budget_mode,
        spend_cost=scorer.spend_cost,
    )
    search = RegimeSearch(base, chosen.solver.search)
    concave = search.nonconcave.size == 0
    dual = _Dual(base, crossing, chosen.solver.search, concave)
    _minimise(dual, region.budget)
    best = dual.best
    assert best is not None
    spend, moved = _repair(best.solution.spend, region)
    plan_value = scorer.score(spend)
    for candidate in dual.candidates:
        repaired, candidate_moved = _repair(candidate, region)
        value = scorer.score(repaired)
        if value > plan_value:
            spend, moved, plan_value = repaired, candidate_moved, value
    evaluations = dual.evaluations
    if not concave:
        spend, moved, plan_value, extra = _in_best_regimes(
            search, crossing, region, scorer, (spend, moved, plan_value)
        )
        evaluations += extra
    bound = best.value
    gap = max(bound - plan_value, 0.0) / max(abs(bound), 1e-300)
    certificate = DualCertificate(
        upper_bound=bound,
        plan_value=plan_value,
        gap=gap,
        evaluations=evaluations,
        repair=moved,
        multipliers=tuple(
            (g.label, float(v)) for g, v in zip(crossing, best.multipliers, strict=True)
        ),
        concave=concave,
        bound_certified=best.certified,
    )
    solved = _as_solved_plan(best, spend, region, dualised, dual, certificate)
    # The binding rules' exact costs would need a crossing solve each: shadow prices only.
    result = report_solved(model, request, region, solved, replace(chosen, price_constraints=False))
    result = replace(result, notes=(*result.notes, certificate.describe()))
    return CrossingPlan(result, certificate)


def _in_best_regimes(
    search: RegimeSearch,
    crossing: tuple[GroupLimit, ...],
    region: FeasibleRegion,
    scorer: PlanScorer,
    plan: tuple[FloatArray, float, float],
) -> tuple[FloatArray, float, float, int]:
    """S-shaped curves: hold every such line to the regime the plan puts it in, where the
    curves are concave, and price the crossing rules again there; the better plan is kept
    (the dual bound stays the first one's, over every regime). Returns the plan, the spend
    its repair moved, its value and the inner solves spent."""
    spend, moved, value = plan
    restricted = replace(search.in_regimes_of(spend), envelope=None, hints=None)
    held = replace(region, lower=restricted.lower, upper=restricted.upper)
    try:
        _repair(spend, held)  # the regimes admit a plan meeting every rule
    except ValueError:
        return spend, moved, value, 0
    dual = _Dual(restricted, crossing, search.settings, concave=True)
    _minimise(dual, region.budget)
    assert dual.best is not None
    candidate, candidate_moved = _repair(dual.best.solution.spend, held)
    candidate_value = scorer.score(candidate)
    if candidate_value > value:
        return candidate, candidate_moved, candidate_value, dual.evaluations
    return spend, moved, value, dual.evaluations


def _minimise(dual: _Dual, budget: float) -> None:
    """Minimise D over caps' and floors' multipliers (``lambda``, ``mu`` >= 0) by L-BFGS-B, in
    units of the price of the plan without the dualised rules and with the rules' misses as
    shares of the budget, so that both are of order one."""
    start, _ = dual.at(np.zeros(dual.floor.size))
    price = float(start.solution.budget_price) - dual.base.spend_cost
    unit = price if price > 0 else 1.0
    k = dual.floor.size
    # A cap at or above the budget, or a floor of 0, never binds: its multiplier stays 0.
    has_cap = dual.cap < budget
    has_floor = dual.floor > 0
    bounds = [(0.0, None if c else 0.0) for c in has_cap] + [
        (0.0, None if f else 0.0) for f in has_floor
    ]
    caps = np.where(has_cap, dual.cap, 0.0)

    def value_and_gradient(z: FloatArray) -> tuple[float, FloatArray]:
        nu = unit * (z[:k] - z[k:])
        point, totals = dual.at(nu)
        if dual.converged:
            raise _ConvergedError
        gradient = np.concatenate([(caps - totals) * has_cap, (totals - dual.floor) * has_floor])
        return point.value / (unit * budget), gradient / budget

    objective: Callable[[FloatArray], tuple[float, FloatArray]] = value_and_gradient
    if dual.converged:  # the dualised rules hold without prices
        return
    with contextlib.suppress(_ConvergedError):
        minimize(
            objective,
            np.zeros(2 * k),
            jac=True,
            method="L-BFGS-B",
            bounds=bounds,
            options={
                "maxfun": _MAX_EVALUATIONS,
                "maxiter": _MAX_EVALUATIONS,
                "ftol": 1e-15,
                "gtol": _GRADIENT_TOLERANCE,
            },
        )


class _ConvergedError(Exception):
    """Raised out of the L-BFGS-B objective once the inner plan is optimal for the rules."""


def _repair(spend: FloatArray, region: FeasibleRegion) -> tuple[FloatArray, float]:
    """The plan nearest ``spend`` (least total move) that meets every limit and group of the
    region and spends the budget (exactly, or at most it); ``spend`` itself when it already
    does."""
    tolerance = region.tolerance
    if _meets(spend, region, tolerance):
        return spend, 0.0
    n = spend.size
    unit = max(region.budget, 1.0)
    rows = [np.ones(n)]
    low = [region.budget / unit if region.budget_mode == "exact" else 0.0]
    high = [region.budget / unit]
    for group in region.groups:
        row = np.zeros(n)
        row[group.positions] = 1.0
        rows.append(row)
        low.append(group.lower / unit)
        high.append(min(group.upper, region.budget) / unit)
    groups = csr_matrix(np.asarray(rows))
    identity = eye(n, format="csr")
    # Variables (x, t): minimise sum t with t >= |x - spend|, in units of the budget.
    a_ub = vstack(
        [
            hstack([groups, csr_matrix((len(rows), n))]),
            hstack([-groups, csr_matrix((len(rows), n))]),
            hstack([identity, -identity]),
            hstack([-identity, -identity]),
        ],
        format="csr",
    )
    target = spend / unit
    b_ub = np.concatenate([high, -np.asarray(low), target, -target])
    upper = np.maximum(region.upper, region.lower) / unit
    found = linprog(
        c=np.concatenate([np.zeros(n), np.ones(n)]),
        A_ub=a_ub,
        b_ub=b_ub,
        bounds=[*zip(region.lower / unit, upper, strict=True), *([(0.0, None)] * n)],
        method="highs",
        options={"primal_feasibility_tolerance": _LP_TOLERANCE},
    )
    if found.status != 0:
        raise ValueError(f"the plan could not be brought onto every rule ({found.message})")
    repaired = np.clip(found.x[:n] * unit, region.lower, upper * unit)
    return repaired, float(np.abs(repaired - spend).sum())


def _meets(spend: FloatArray, region: FeasibleRegion, tolerance: float) -> bool:
    if np.any(spend < region.lower - tolerance) or np.any(spend > region.upper + tolerance):
        return False
    total = float(spend.sum())
    if total > region.budget + tolerance or (
        region.budget_mode == "exact" and total < region.budget - tolerance
    ):
        return False
    return all(
        g.lower - tolerance <= float(spend[g.positions].sum()) <= g.upper + tolerance
        for g in region.groups
    )


def _as_solved_plan(
    point: _DualPoint,
    spend: FloatArray,
    region: FeasibleRegion,
    dualised: list[int],
    dual: _Dual,
    certificate: DualCertificate,
) -> SolvedPlan:
    """The plan with the prices that certify it, in the engine's terms: each line's price is
    its node's plus its dualised groups' multipliers; a dualised group's price is the budget's
    plus its multiplier (the difference is its shadow price, as for a kept group)."""
    inner = point.solution
    shift = point.shift
    offset = dual.members.T @ point.multipliers
    budget_price = float(inner.budget_price) - shift
    group_price = np.zeros(len(region.groups))
    parent_price = np.zeros(len(region.groups))
    kept = [k for k in range(len(region.groups)) if k not in dualised]
    group_price[kept] = inner.group_price - shift
    parent_price[kept] = inner.group_parent_price - shift
    group_price[dualised] = budget_price + point.multipliers
    parent_price[dualised] = budget_price
    solution = ConcaveSolution(
        spend=spend,
        channel_price=inner.channel_price - shift + offset,
        group_price=group_price,
        group_parent_price=parent_price,
        budget_price=budget_price,
    )
    return SolvedPlan(
        spend=spend,
        solution=solution,
        marginal=dual.base.curves.marginal(spend),
        score=certificate.plan_value,
        method="Lagrangian relaxation of crossing groups, water-filling inside, L-BFGS-B",
        budget=region.budget,
    )
