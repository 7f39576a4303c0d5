"""``optimize(model, request)``: the recommended allocation with its evidence.

Steps: resolve and check the constraints (:mod:`.region`), solve (:mod:`.solver`), then report
per channel and per constraint. A binding constraint's ``cost`` comes from re-solving without
it, so "the $150K brand floor costs 42 MQLs" is an exact difference of two optimal plans (the
re-solve starts from the plan's prices and regimes, which speeds it without changing its
optimum); its ``shadow_price`` is the KKT multiplier of the final concave problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from model_engine.constraints import (
    ChangeBound,
    ChannelBound,
    GroupBound,
    LockChannel,
    MaxChange,
    PlanRequest,
)
from model_engine.optimizer.region import (
    FeasibleRegion,
    NoEvidencePin,
    PlanConstraint,
    TotalBudget,
    check_feasible,
    currency_symbol,
    feasible_subregion,
    format_money,
    released_pins,
)
from model_engine.optimizer.result import (
    AllocationResult,
    ChannelAllocation,
    ConstraintKind,
    ConstraintReport,
)
from model_engine.optimizer.scoring import PlanScorer
from model_engine.optimizer.solver import PlanSolver, SolvedPlan, SolverSettings, WarmStart
from model_engine.planning import Interval, ResponseModel
from model_engine.saturation import FlightedSaturation, FloatArray

INTERVAL_LEVEL = 0.9
_RELATIVE_PRICE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class OptimizerSettings:
    solver: SolverSettings = field(default_factory=SolverSettings)
    # Re-solve without each binding constraint to get its exact cost, for at most
    # ``costed_constraints`` of them (largest shadow price first); the rest keep cost None.
    price_constraints: bool = True
    costed_constraints: int = 8
    interaction_strength: float = 1.0  # multiplies every interaction coefficient (sensitivity)


_TAIL = (1.0 - INTERVAL_LEVEL) / 2.0 * 100.0  # the percent of the draws left out each side


def _interval(estimate: float, draws: FloatArray) -> Interval:
    low, high = np.percentile(draws, [_TAIL, 100.0 - _TAIL])
    return Interval(estimate=estimate, low=float(low), high=float(high), level=INTERVAL_LEVEL)


def _intervals(estimates: list[float], draws: list[FloatArray]) -> list[Interval]:
    """:func:`_interval` of many estimates at once: one percentile call over the stacked draws
    when they are all as many (the lines of a 1,000-line plan), the same numbers."""
    if len({d.size for d in draws}) != 1:
        return [_interval(e, d) for e, d in zip(estimates, draws, strict=True)]
    low, high = np.percentile(np.stack(draws), [_TAIL, 100.0 - _TAIL], axis=1)
    return [
        Interval(estimate=e, low=float(lo), high=float(hi), level=INTERVAL_LEVEL)
        for e, lo, hi in zip(estimates, low, high, strict=True)
    ]


def _kind(constraint: PlanConstraint) -> ConstraintKind:
    if isinstance(constraint, TotalBudget):
        return "total_budget"
    if isinstance(constraint, NoEvidencePin):
        return "no_evidence"
    if isinstance(constraint, ChannelBound):
        return "channel_bound"
    if isinstance(constraint, GroupBound):
        return "group_bound"
    if isinstance(constraint, MaxChange):
        return "max_change"
    if isinstance(constraint, ChangeBound):
        return "change_bound"
    assert isinstance(constraint, LockChannel)
    return "lock"


def check_horizon(model: ResponseModel, request: PlanRequest) -> None:
    if request.horizon_weeks != model.horizon_weeks:
        raise ValueError(
            f"the curves cover {model.horizon_weeks} weeks but the plan is for "
            f"{request.horizon_weeks}; convert the model to the plan's horizon first"
        )


class _Optimization:
    """One optimize call: the model, the request and the solved plan."""

    def __init__(
        self,
        model: ResponseModel,
        request: PlanRequest,
        settings: OptimizerSettings,
        solved: tuple[FeasibleRegion, SolvedPlan] | None = None,
    ) -> None:
        check_horizon(model, request)
        self.model = model
        self.request = request
        self.settings = settings
        self.scorer = PlanScorer(
            model, request.objective, request.risk, settings.interaction_strength
        )
        self.region = check_feasible(model, request) if solved is None else solved[0]
        self.released = {pin.channel for pin in released_pins(self.region)}
        self.plan = self._solve(self.region) if solved is None else solved[1]

    def _solve(self, region: FeasibleRegion, warm_start: WarmStart | None = None) -> SolvedPlan:
        return PlanSolver(self.scorer, region, self.settings.solver, warm_start).solve()

    def _objective_value(self, plan: SolvedPlan) -> float:
        if self.request.objective.kind == "spend_for_volume":
            return -float(plan.spend.sum())
        return plan.score

    def _cost_unit(self) -> str:
        if self.request.objective.kind in ("profit", "spend_for_volume"):
            return self.model.currency
        return self.model.outcome_name

    def result(self) -> AllocationResult:
        model, plan, scorer = self.model, self.plan, self.scorer
        spend = plan.spend
        reports = self._constraint_reports()
        binding_by_channel: dict[str, list[str]] = {name: [] for name in model.names}
        for report in reports:
            if report.binds and report.kind != "total_budget":
                for name in report.channels:
                    binding_by_channel[name].append(report.description)
        marginal = self._finite_marginal(scorer.point_marginal(spend), spend)
        planned = [float(x) for x in spend]
        current = [c.current_spend for c in model.channels]
        expected = self._outcome_intervals(planned)
        current_expected = self._outcome_intervals(current)
        channels = tuple(
            self._allocation(
                position,
                float(marginal[position]),
                binding_by_channel[curve.name],
                (expected[position], current_expected[position]),
            )
            for position, curve in enumerate(model.channels)
        )
        total = float(spend.sum())
        baseline_spend = self._baseline_spend(total)
        levels = scorer.point.levels(spend)
        value = scorer.value_per_outcome
        return AllocationResult(
            channels=channels,
            budget=self.request.budget,
            total_spend=total,
            expected=_interval(scorer.point_outcome(spend), scorer.draw_outcomes(spend)),
            baseline=_interval(
                scorer.point_outcome(baseline_spend), scorer.draw_outcomes(baseline_spend)
            ),
            baseline_spend=tuple(float(x) for x in baseline_spend),
            equalised_marginal_return=self._equalised_price() / value,
            constraints=reports,
            objective=self.request.objective,
            risk=self.request.risk,
            objective_value=self._objective_value(plan),
            interaction_outcome=float(scorer.interactions.outcome(levels)[0]),
            non_media_outcome=model.baseline_outcome,
            outcome_name=model.outcome_name,
            currency=model.currency,
            horizon_weeks=model.horizon_weeks,
            method=plan.method,
            notes=self._notes(),
            outcome_unit=model.outcome_unit,
        )

    def _outcome_intervals(self, spends: list[float]) -> list[Interval]:
        """Each channel's outcome at its spend in ``spends``, with its interval over draws."""
        pairs = list(zip(self.model.channels, spends, strict=True))
        return _intervals(
            [float(c.curve.outcome(x)) for c, x in pairs], [c.outcome_draws(x) for c, x in pairs]
        )

    def _allocation(
        self,
        position: int,
        marginal: float,
        binding: list[str],
        outcomes: tuple[Interval, Interval],
    ) -> ChannelAllocation:
        """Channel ``position``'s line; ``outcomes``: its outcome at the plan and today."""
        curve = self.model.channels[position]
        spend = float(self.plan.spend[position])
        notes = list(curve.notes)  # what the fit said about the channel comes first
        if curve.name in self.released:
            notes.append(self._forced_note(curve.name, spend))
        elif curve.evidence == "no_evidence":
            notes.append(
                "no evidence for this channel: it gets only what constraints force "
                f"({format_money(spend, self.model.currency)})"
            )
        return ChannelAllocation(
            name=curve.name,
            channel_type=curve.channel_type,
            evidence=curve.evidence,
            current=curve.current_spend,
            recommended=spend,
            expected=outcomes[0],
            current_expected=outcomes[1],
            marginal_return=marginal,
            binding=tuple(binding),
            notes=tuple(notes),
        )

    def _finite_marginal(self, marginal: FloatArray, spend: FloatArray) -> FloatArray:
        """Where a curve is vertical at the plan's spend (a concave Hill curve at 0), what
        the next unit of currency buys there (the whole budget, if smaller than one unit)."""
        vertical = np.flatnonzero(~np.isfinite(marginal))
        if vertical.size == 0:
            return marginal
        step = min(1.0, self.request.budget)
        finite = marginal.copy()
        for k in vertical:
            curve = self.model.channels[k].curve
            gain = float(curve.outcome(spend[k] + step)) - float(curve.outcome(spend[k]))
            finite[k] = gain / step
        return finite

    def _equalised_price(self) -> float:
        """The budget's price, or 0 when only flat curves are left to take the last dollar (a
        released no-evidence channel): the water-filling price is then a rounding residue. It
        is 0 too when every channel is held at one amount ("what if events get $100K more"
        holds the rest where they are): no dollar can move, so there is no margin."""
        region = self.region
        if np.all(region.upper - region.lower <= _RELATIVE_PRICE_TOLERANCE * (1 + region.upper)):
            return 0.0
        price = float(self.plan.solution.budget_price)
        largest = float(np.max(self.plan.marginal, initial=0.0))
        return price if price > _RELATIVE_PRICE_TOLERANCE * largest else 0.0

    def _forced_note(self, name: str, spend: float) -> str:
        return (
            f"{name} has no evidence of any return, yet holds "
            f"{format_money(spend, self.model.currency)}: the other channels' limits leave that "
            "much of the exact budget with nowhere else to go. Loosen those limits or lower "
            "the budget to defund it"
        )

    def _notes(self) -> tuple[str, ...]:
        notes = []
        spend = dict(zip(self.region.names, self.plan.spend, strict=True))
        notes += [self._forced_note(name, float(spend[name])) for name in sorted(self.released)]
        if self.model.current_total <= 0:
            notes.append("no current spend: the baseline splits the total equally")
        flighted = [
            c.name
            for c in self.model.channels
            if isinstance(c.curve.saturation, FlightedSaturation)
        ]
        if flighted:
            notes.append(
                "spend follows a weekly flighting pattern, not an even spread, for "
                + ", ".join(flighted)
            )
        if self.request.risk.mode == "conservative":
            notes.append(
                f"conservative: maximises the {self.request.risk.percentile:g}th percentile "
                "of the outcome over the curve draws"
            )
        return tuple(notes)

    def _baseline_spend(self, total: float) -> FloatArray:
        current = np.array([c.current_spend for c in self.model.channels])
        if current.sum() <= 0:
            return np.full(current.size, total / current.size)
        return np.asarray(current * (total / current.sum()))

    # --- constraint reports ------------------------------------------------------------------
    def _constraint_reports(self) -> tuple[ConstraintReport, ...]:
        region, plan = self.region, self.plan
        solution = plan.solution
        spend = plan.spend
        marginal = plan.marginal
        price = solution.channel_price
        tolerance = region.tolerance
        price_tolerance = _RELATIVE_PRICE_TOLERANCE * max(abs(solution.budget_price), 1e-300)
        symbol = currency_symbol(self.model.currency)
        shadow = np.zeros(len(region.constraints))
        held: list[list[str]] = [[] for _ in region.constraints]
        for position, name in enumerate(region.names):
            pressure = price[position] - marginal[position]  # > 0: wants to spend less
            if spend[position] <= region.lower[position] + tolerance and pressure > price_tolerance:
                for source in region.lower_sources[position]:
                    shadow[source] += pressure
                    held[source].append(name)
            if (
                spend[position] >= region.upper[position] - tolerance
                and -pressure > price_tolerance
            ):
                for source in region.upper_sources[position]:
                    shadow[source] += -pressure
                    held[source].append(name)
        for k, group in enumerate(region.groups):
            total = float(spend[group.positions].sum())
            gap = solution.group_parent_price[k] - solution.group_price[k]
            if (total <= group.lower + tolerance and gap > price_tolerance) or (
                total >= group.upper - tolerance and -gap > price_tolerance
            ):
                shadow[group.source] += abs(gap)
                held[group.source].extend(region.names[k] for k in group.positions)
        budget_shadow = solution.budget_price - self.scorer.spend_cost
        spent_all = float(spend.sum()) >= region.budget - tolerance
        budget_binds = spent_all and (
            region.budget_mode == "exact" or budget_shadow > price_tolerance
        )
        base_value = self._objective_value(plan)
        binding = [k for k in range(1, len(region.constraints)) if held[k]]
        costed = set(sorted(binding, key=lambda k: -shadow[k])[: self.settings.costed_constraints])
        reports = []
        for index, constraint in enumerate(region.constraints):
            channels: tuple[str, ...] = ()
            cost: float | None = None
            if isinstance(constraint, TotalBudget):
                binds, price_of = budget_binds, budget_shadow
            else:
                binds = bool(held[index])
                channels = tuple(dict.fromkeys(held[index]))
                price_of = float(shadow[index])
                if not binds:
                    cost = 0.0
                elif index in costed:
                    cost = self._cost_of(index, base_value)
            reports.append(
                ConstraintReport(
                    constraint=constraint,
                    kind=_kind(constraint),
                    description=constraint.describe(symbol),
                    binds=binds,
                    channels=channels,
                    shadow_price=float(price_of),
                    cost=cost,
                    cost_unit=self._cost_unit(),
                )
            )
        return tuple(reports)

    def _cost_of(self, index: int, base_value: float) -> float | None:
        if not self.settings.price_constraints:
            return None
        keep = [k for k in self.region.active if k != index]
        # Not the plan's region less one constraint as it stands: a no-evidence pin the plan
        # kept can conflict once a change limit goes (the fuzz found one), so pins are
        # re-released as the plan's own region would release them.
        relaxed = feasible_subregion(self.model, self.request, keep)
        if relaxed is None:  # dropping it makes the rest conflict: it has no price of its own
            return None
        # Dropping one constraint moves the plan little: start the searches from it, and copy
        # the groups it leaves at the same limit (the markets still at their floors).
        warm = WarmStart(self.plan.solution.hints(self.region.groups), self.plan.spend)
        return self._objective_value(self._solve(relaxed, warm)) - base_value


def optimize(
    model: ResponseModel, request: PlanRequest, settings: OptimizerSettings | None = None
) -> AllocationResult:
    """The allocation of ``request.budget`` over ``model``'s channels that maximises the
    request's objective under its constraints and risk preference.

    Raises :class:`~model_engine.optimizer.region.InfeasiblePlanError` (a ``ValueError``) naming
    the conflicting constraints, or ``ValueError`` for constraints naming unknown channels or
    an unreachable efficiency target. Deterministic: no randomness is involved.
    """
    return _Optimization(model, request, settings or OptimizerSettings()).result()


def report_solved(
    model: ResponseModel,
    request: PlanRequest,
    region: FeasibleRegion,
    plan: SolvedPlan,
    settings: OptimizerSettings | None = None,
) -> AllocationResult:
    """The result of a plan solved elsewhere (``crossing.py``) on
    ``region``, reported like :func:`optimize`'s. Binding constraints are costed by re-solving
    the region without each, so a caller whose region the water-filling cannot solve turns
    ``price_constraints`` off."""
    return _Optimization(model, request, settings or OptimizerSettings(), (region, plan)).result()
