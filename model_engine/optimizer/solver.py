r"""From a scored problem to a plan: interactions, risk and the efficiency objectives.

The separable solver (:class:`~model_engine.optimizer.nonconcave.RegimeSearch`) handles one
set of weighted curves. Three outer loops build on it:

- **Interactions** (fixed point). With the other channels held at :math:`x^{(k)}`, the total
  outcome is separable in each channel with effective scales
  :math:`s_{ad} + \gamma_{ab} S_b(x_b^{(k)})`; solve, update, repeat (damped after a few
  rounds). At a fixed point the effective marginal returns equal the true partial derivatives,
  so the KKT conditions of the full problem hold.
- **Risk** (``conservative``: the ``p``-th percentile of the outcome over draws). Iteratively
  reweighted: put equal weight on the draws whose total is nearest the percentile at the
  current plan, solve, repeat; the best plan by the true percentile is kept, and the expected
  plan is always a candidate, so the result never scores below it.
- **Efficiency objectives**. Along the optimal expansion path the outcome :math:`O^*(S)` at
  total spend :math:`S` rises with :math:`S`; ``spend_for_volume`` bisects for the least
  :math:`S` with :math:`O^*(S) \ge` target, ``volume_at_cac`` for the largest :math:`S` with
  :math:`S / O^*(S) \le` target CAC (it rises along the path for concave curves).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from model_engine.optimizer.curves import CurveSet
from model_engine.optimizer.nonconcave import RegimeSearch, SearchSettings, SeparableSolution
from model_engine.optimizer.region import FeasibleRegion
from model_engine.optimizer.scoring import PlanScorer
from model_engine.optimizer.water_filling import (
    ConcaveProblem,
    ConcaveSolution,
    PriceHints,
    is_feasible_laminar,
)
from model_engine.saturation import FloatArray


@dataclass(frozen=True)
class SolverSettings:
    search: SearchSettings = field(default_factory=SearchSettings)
    interaction_rounds: int = 60
    risk_rounds: int = 12
    risk_window: float = 5.0  # percentile points either side of the target percentile
    spend_bisections: int = 40  # for the efficiency objectives


@dataclass(frozen=True)
class SolvedPlan:
    """A plan and the prices of the concave problem that certifies it."""

    spend: FloatArray
    solution: ConcaveSolution
    marginal: FloatArray  # of the (effective, objective-unit) curves the plan was solved on
    score: float
    method: str
    budget: float  # the total the plan was solved for (differs for efficiency objectives)


_SMALLEST_SPEND = 1e-6  # share of the budget where the CAC search starts


class UnreachableTargetError(ValueError):
    """An efficiency target cannot be met within the constraints."""


@dataclass(frozen=True)
class WarmStart:
    """A similar problem's plan (e.g. the one a constraint is dropped from): its prices start
    every price search, and its regimes are the first ones the regime search tries, which gives
    it a good plan to prune against from the start. Neither changes the optimum found."""

    hints: PriceHints
    spend: FloatArray


class PlanSolver:
    """Solve one region, optionally from a :class:`WarmStart`."""

    def __init__(
        self,
        scorer: PlanScorer,
        region: FeasibleRegion,
        settings: SolverSettings | None = None,
        warm_start: WarmStart | None = None,
    ) -> None:
        self.scorer = scorer
        self.region = region
        self.settings = settings or SolverSettings()
        self.warm_start = warm_start

    def solve(self) -> SolvedPlan:
        kind = self.scorer.objective.kind
        if kind in ("volume", "profit"):
            return self._solve_for(self.region)
        return self._solve_efficiency()

    # --- budget objectives -------------------------------------------------------------------
    def _problem(self, region: FeasibleRegion, curves: CurveSet) -> ConcaveProblem:
        return ConcaveProblem(
            curves=curves,
            lower=region.lower,
            upper=np.maximum(region.upper, region.lower),
            groups=region.groups,
            budget=region.budget,
            budget_mode=region.budget_mode,
            spend_cost=self.scorer.spend_cost,
            hints=None if self.warm_start is None else self.warm_start.hints,
        )

    def _solve_for(self, region: FeasibleRegion) -> SolvedPlan:
        scorer = self.scorer
        base = scorer.search_curves()
        expected = self._solve_weighted(region, base)
        if scorer.risk.mode == "expected":
            return expected
        # Both the mean-curve plan and the point-curve plan are candidates, so the
        # conservative plan never scores below the expected one.
        point = self._solve_weighted(region, scorer.point)
        best = point if point.score > expected.score else expected
        latest = expected
        seen: set[bytes] = set()
        for _ in range(self.settings.risk_rounds):
            weights = self._tail_weights(latest.spend)
            key = weights.tobytes()
            if key in seen:
                break
            seen.add(key)
            latest = self._solve_weighted(region, base.with_weights(weights))
            if latest.score > best.score:
                best = replace(latest, method=f"{latest.method}, percentile reweighting")
        return best

    def _tail_weights(self, spend: FloatArray) -> FloatArray:
        """Equal weights on the draws whose outcome is nearest the target percentile."""
        risk = self.scorer.risk
        values = self.scorer.draw_outcomes(spend)
        n = values.size
        count = max(1, round(2.0 * self.settings.risk_window / 100.0 * n))
        target = np.percentile(values, risk.percentile)
        nearest = np.argsort(np.abs(values - target), kind="stable")[:count]
        weights = np.zeros(n)
        weights[nearest] = 1.0
        return weights

    def _solve_weighted(self, region: FeasibleRegion, curves: CurveSet) -> SolvedPlan:
        scorer = self.scorer
        value = scorer.value_per_outcome
        scaled = curves.with_scale(curves.scale * value)
        plan = self._as_plan(self._separable(region, scaled), region, scaled)
        if scorer.interactions.empty:
            return plan
        best, spend = plan, plan.spend
        for round_number in range(self.settings.interaction_rounds):
            levels = curves.levels(spend)
            scale = value * scorer.interactions.effective_scale(curves.scale, levels)
            effective = curves.with_scale(scale)
            separable = self._separable(region, effective)
            # Damping after a few rounds stops two-cycles between strongly coupled channels.
            step = 1.0 if round_number < 5 else 0.5
            moved = separable.solution.spend
            candidate = self._as_plan(separable, region, effective)
            if candidate.score > best.score:
                best = candidate
            change = float(np.abs(moved - spend).sum())
            spend = spend + step * (moved - spend)
            if change <= 1e-9 * max(region.budget, 1.0):
                break
        return replace(best, method=f"{best.method}, interaction fixed point")

    def _separable(self, region: FeasibleRegion, curves: CurveSet) -> SeparableSolution:
        start = None if self.warm_start is None else self.warm_start.spend
        return RegimeSearch(self._problem(region, curves), self.settings.search, start).solve()

    def _as_plan(
        self, separable: SeparableSolution, region: FeasibleRegion, curves: CurveSet
    ) -> SolvedPlan:
        spend = separable.solution.spend
        return SolvedPlan(
            spend=spend,
            solution=separable.solution,
            marginal=curves.marginal(spend),
            score=self.scorer.score(spend),
            method=separable.method,
            budget=region.budget,
        )

    # --- efficiency objectives -----------------------------------------------------------------
    def _outcome_at(self, total: float) -> SolvedPlan:
        return self._solve_for(self.region.with_budget(total, "exact"))

    def _least_total(self) -> float:
        """The smallest total the channel and group floors allow."""
        low, high = 0.0, self.region.budget
        probe = self._problem(self.region.with_budget(0.0, "exact"), self.scorer.point)
        if is_feasible_laminar(probe):
            return 0.0
        for _ in range(60):
            middle = 0.5 * (low + high)
            trial = replace(probe, budget=middle)
            if is_feasible_laminar(trial):
                high = middle
            else:
                low = middle
        return high

    def _solve_efficiency(self) -> SolvedPlan:
        objective = self.scorer.objective
        low, high = self._least_total(), self.region.budget
        top = self._outcome_at(high)
        if objective.kind == "spend_for_volume":
            target = float(objective.target_volume or 0.0)
            if top.score < target:
                raise UnreachableTargetError(
                    f"the target volume {target:,.0f} is out of reach: the whole budget of "
                    f"{high:,.0f} buys at most {top.score:,.0f} under these constraints"
                )

            def good(plan: SolvedPlan) -> bool:
                return plan.score >= target

        else:
            cac = float(objective.target_cac or 0.0)

            def good(plan: SolvedPlan) -> bool:
                return plan.score > 0 and plan.budget <= cac * plan.score

            if good(top):
                return top
            # Cost per outcome is undefined at zero spend: start from a sliver of the budget.
            low = max(low, _SMALLEST_SPEND * high)
        bottom = self._outcome_at(low)
        if objective.kind == "spend_for_volume" and good(bottom):
            return bottom
        if objective.kind == "volume_at_cac" and not good(bottom):
            raise UnreachableTargetError(
                f"no plan reaches a cost per outcome of {cac:,.2f}: even the least spend the "
                f"constraints allow ({low:,.0f}) costs {low / max(bottom.score, 1e-300):,.2f} "
                "per outcome"
            )
        best = top if objective.kind == "spend_for_volume" else bottom
        for _ in range(self.settings.spend_bisections):
            middle = 0.5 * (low + high)
            plan = self._outcome_at(middle)
            if objective.kind == "spend_for_volume":
                if good(plan):
                    high, best = middle, plan
                else:
                    low = middle
            elif good(plan):
                low, best = middle, plan
            else:
                high = middle
        return best
