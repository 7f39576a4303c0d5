"""``plan_calendar(forecaster, request)``: the weekly calendar that maximises the period's
outcome, certified, explained and forecast.

Steps: assemble the convex program (:mod:`.problem`), solve its concave relaxation by the
barrier method (:mod:`.barrier`), certify the plan (Frank-Wolfe gap on the relaxation plus the
envelope's slack on the true curves), read the multipliers (which rule binds where, the budget's
price), price each binding rule by re-planning without it, and forecast the plan week by week
with intervals (:mod:`model_engine.forecasting`). Deterministic.

The equal-marginal-return rule carries over to weeks: at the optimum every channel-week that no
rule holds returns the same outcome per extra unit of currency (the budget's price, one per part
when each part has its own budget), counting what that dollar keeps earning in later weeks
through carryover; a cell that returns less sits at zero or at a floor, one that returns more
is held by a cap, a pacing rule or a fixed amount, and the result names which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from model_engine.constraints import PlanRequest
from model_engine.forecasting import PeriodForecaster, SpendPlan
from model_engine.money import format_money
from model_engine.optimizer.calendar.barrier import (
    BarrierSolution,
    CalendarInfeasibleError,
    maximise,
)
from model_engine.optimizer.calendar.checks import CalendarDefectError, broken_calendar_rules
from model_engine.optimizer.calendar.objective import hill, toeplitz
from model_engine.optimizer.calendar.problem import CalendarProblem, build_problem
from model_engine.optimizer.calendar.result import (
    CalendarCell,
    CalendarResult,
    CalendarWeek,
    PeriodTotal,
    RuleReport,
)
from model_engine.optimizer.calendar.rules import CalendarRequest
from model_engine.optimizer.region import build_region, conflict_detail
from model_engine.periods import month_label
from model_engine.planning import ResponseModel
from model_engine.saturation import FloatArray

_BINDING_SLACK = 1e-6  # relative slack (of the mean cell spend) under which a row is tight
_BINDING_PRICE = 1e-6  # multiplier, relative to the largest marginal return, that counts


@dataclass(frozen=True)
class CalendarSettings:
    price_rules: bool = True  # re-plan without each binding rule for its exact cost
    costed_rules: int = 8


class CalendarConflictError(ValueError):
    """The rules cannot all hold; the message names a minimal conflicting set."""


@dataclass(frozen=True, eq=False)
class _Solved:
    problem: CalendarProblem
    solution: BarrierSolution
    value: float  # true objective at the plan
    gap: float  # certified bound on the true optimum minus value


def _solve(problem: CalendarProblem) -> _Solved:
    relaxed = problem.outcome.with_envelope(problem.minimum_spend)
    matrices = relaxed.matrices()
    solution = maximise(
        relaxed.value,
        lambda x: relaxed.gradient(x, matrices),
        lambda x: relaxed.hessian(x, matrices),
        problem.system,
        problem.x_scale,
    )
    value = problem.outcome.value(solution.x)
    upper = relaxed.value(solution.x) + solution.certified_gap
    return _Solved(problem, solution, value, max(0.0, upper - value))


def _feasible(problem: CalendarProblem) -> bool:
    system = problem.system
    result = linprog(
        np.zeros(system.g.shape[1]),
        A_ub=system.g,
        b_ub=system.h + 1e-9 * max(problem.x_scale, 1.0),
        A_eq=system.a if system.a.size else None,
        b_eq=system.b if system.a.size else None,
        bounds=[(None, None)] * system.g.shape[1],
        method="highs",
    )
    return bool(result.status == 0)


class _Calendar:
    def __init__(
        self, forecaster: PeriodForecaster, request: CalendarRequest, settings: CalendarSettings
    ) -> None:
        self.forecaster = forecaster
        self.request = request
        self.settings = settings
        fit = forecaster.fit
        self.model: ResponseModel = fit.to_response_model(request.weeks.n_weeks)
        self.before = forecaster.spend_before(pd.Timestamp(request.weeks.starts[0]))
        self.problem = self._build()
        try:
            self.solved = _solve(self.problem)
        except CalendarInfeasibleError:
            raise self._conflict() from None

    def _build(self, skip: Sequence[int] = ()) -> CalendarProblem:
        return build_problem(self.forecaster.media, self.model, self.before, self.request, skip)

    def _conflict(self) -> CalendarConflictError:
        """Deletion filter: drop each rule in turn and keep it out while the rest conflict."""
        sources = self.problem.sources
        dropped: list[int] = []
        for index in range(1, len(sources)):
            trial = [*dropped, index]
            if not _feasible(self._build(trial)):
                dropped = trial
        kept = [k for k in range(len(sources)) if k not in dropped]
        listed = "; ".join(sources[k].description for k in kept)
        # The figures behind a conflict of channel totals ("the channel minimums add up to
        # $1,000,000, more than $800,000"), when that is what it is.
        totals = PlanRequest(
            budget=self.request.budget,
            budget_mode=self.request.budget_mode,
            constraints=self.request.constraints,
            horizon_weeks=self.request.weeks.n_weeks,
        )
        detail = conflict_detail(build_region(self.model, totals), self.model.currency)
        return CalendarConflictError(
            f"these rules cannot all hold: {listed}. {detail}Relax or remove one of them."
        )

    # --- reading the solution --------------------------------------------------------------
    def result(self) -> CalendarResult:
        problem, solved = self.problem, self.solved
        outcome = problem.outcome
        spend = outcome.full_spend(solved.solution.x)
        names = problem.names
        marginal = self._marginal(spend)
        binding_rows = self._binding_rows(problem, solved)
        cell_rules: dict[tuple[int, int], list[str]] = {}
        position = {cell: k for k, cell in enumerate(problem.cells)}
        g = problem.system.g.tocsr()
        for row in binding_rows:
            for k in g.indices[g.indptr[row] : g.indptr[row + 1]]:
                for source in problem.inequality_sources[row]:
                    cell_rules.setdefault(problem.cells[k], []).append(
                        problem.sources[source].description
                    )
        for row, sources in enumerate(problem.equality_sources):
            if any(problem.sources[s].kind in ("total_budget", "part_budget") for s in sources):
                continue
            for k in np.flatnonzero(problem.system.a[row]):
                for source in sources:
                    cell_rules.setdefault(problem.cells[k], []).append(
                        problem.sources[source].description
                    )
        plan = SpendPlan(pd.DataFrame(spend.T, index=problem.weeks, columns=list(names)))
        forecast = self.forecaster.forecast(plan)
        parts = self.request.weeks.parts
        weeks = []
        for t, (week, predicted) in enumerate(zip(problem.weeks, forecast.weeks, strict=True)):
            cells = tuple(
                CalendarCell(
                    channel=name,
                    spend=float(spend[c, t]),
                    marginal_return=float(marginal[c, t]),
                    binding=tuple(dict.fromkeys(cell_rules.get((c, t), []))),
                    fixed=(c, t) not in position,
                )
                for c, name in enumerate(names)
            )
            weeks.append(
                CalendarWeek(
                    week=pd.Timestamp(week),
                    month=month_label(pd.Timestamp(week)),
                    part=parts[t],
                    cells=cells,
                    expected=predicted.expected,
                    low=predicted.low,
                    high=predicted.high,
                    baseline=predicted.baseline,
                    media=predicted.media,
                    carryover_in=predicted.carryover_in,
                )
            )
        media_value = outcome.outcome(spend)
        carried_out = self.forecaster.carryover_out(spend.T, self.before)
        price, part_prices = self._prices(problem, solved)
        return CalendarResult(
            weeks=tuple(weeks),
            months=_totals(weeks, lambda w: w.month, None),
            parts=_totals(weeks, lambda w: w.part, self.request.part_budgets),
            channel_totals={n: float(spend[c].sum()) for c, n in enumerate(names)},
            budget=self.request.budget,
            total_spend=float(spend.sum()),
            expected=forecast.total,
            media_outcome=forecast.media_total,
            carryover_in=forecast.carryover_in_total,
            carryover_out=carried_out,
            objective=self.request.objective,
            objective_value=solved.value,
            tail_policy=self.request.carryover_out,
            equalised_marginal_return=price,
            part_marginal_returns=part_prices,
            rules=self._rule_reports(binding_rows),
            method=self._method(),
            gap_bound=solved.gap,
            relative_gap=solved.gap / max(abs(media_value), 1e-300),
            outcome_name=self.forecaster.fit.target,
            currency=self.forecaster.fit.currency,
            forecast=forecast,
            assumptions=forecast.assumptions + self._tail_assumption(),
            notes=self._notes(),
        )

    def _method(self) -> str:
        solution = self.solved.solution
        if solution.degenerate:
            return "the rules leave no room to choose: the plan is the one they force"
        return (
            f"log-barrier interior point ({solution.newton_steps} Newton steps) on the concave "
            "program, certified by a Frank-Wolfe gap"
        )

    def _tail_assumption(self) -> tuple[str, ...]:
        if self.request.carryover_out == "ignored":
            return ("carryover out not counted: the objective stops at the plan's last week",)
        symbol = format_money(float(self.before.run_rate.sum()), self.model.currency)
        return (
            "carryover out counted: what the plan's spend yields in the weeks after it, with "
            f"spend there assumed at the recent run-rate ({symbol} a week)",
        )

    def _notes(self) -> tuple[str, ...]:
        notes = []
        if self.forecaster.media.interactions:
            notes.append(
                "the calendar is optimised without the interaction terms; its forecast includes "
                "them"
            )
        if self.request.channel_values:
            notes.append("each channel's outcome is converted to the KPI before optimising")
        return tuple(notes)

    def _marginal(self, spend: FloatArray) -> FloatArray:
        """Outcome (KPI units) per extra unit of currency in each channel-week, counting its
        carryover over the outcome weeks."""
        outcome = self.problem.outcome
        levels = outcome.levels(spend)
        _, first, _ = hill(levels, outcome.half, outcome.shape)
        scale = self.request.value_per_outcome if self.request.objective == "profit" else 1.0
        out = np.zeros_like(spend)
        for c in range(spend.shape[0]):
            matrix = toeplitz(outcome.kernels[c], outcome.n_outcome_weeks, outcome.n_weeks)
            out[c] = outcome.weight[c] / scale * (matrix.T @ first[c])
        return out

    def _prices(self, problem: CalendarProblem, solved: _Solved) -> tuple[float, dict[str, float]]:
        """The budget's price in outcome per currency, overall and per part."""
        solution = solved.solution
        duals = (
            solution.inequality_duals if problem.budget_is_inequality else solution.equality_duals
        )
        values = [float(duals[row]) for row in problem.budget_rows] if duals.size else []
        if self.request.objective == "profit":
            values = [(v + 1.0) / self.request.value_per_outcome for v in values]
        if not values:
            return 0.0, {}
        if self.request.part_budgets:
            labels = list(self.request.part_budgets)
            return float(np.mean(values)), dict(zip(labels, values, strict=True))
        return values[0], {}

    def _binding_rows(self, problem: CalendarProblem, solved: _Solved) -> list[int]:
        system, x = problem.system, solved.solution.x
        if system.n_inequalities == 0:
            return []
        norms = np.sqrt(np.asarray(system.g.multiply(system.g).sum(axis=1)).ravel())
        slack = (system.h - system.g @ x) / (np.where(norms > 0, norms, 1.0) * problem.x_scale)
        tight = slack <= _BINDING_SLACK
        if solved.solution.degenerate:
            return [int(r) for r in np.flatnonzero(tight)]
        reference = max(float(np.abs(self._marginal(problem.outcome.full_spend(x))).max()), 1e-300)
        priced = solved.solution.inequality_duals * np.where(norms > 0, norms, 1.0) > (
            _BINDING_PRICE * reference
        )
        return [int(r) for r in np.flatnonzero(tight & priced)]

    def _rule_reports(self, binding_rows: list[int]) -> tuple[RuleReport, ...]:
        problem, solved = self.problem, self.solved
        names, weeks = problem.names, problem.weeks
        held: dict[int, list[tuple[str, pd.Timestamp]]] = {}
        shadow: dict[int, float] = {}
        g = problem.system.g.tocsr()
        for row in binding_rows:
            for source in problem.inequality_sources[row]:
                shadow[source] = shadow.get(source, 0.0) + float(
                    solved.solution.inequality_duals[row]
                )
                for k in g.indices[g.indptr[row] : g.indptr[row + 1]]:
                    c, t = problem.cells[int(k)]
                    held.setdefault(source, []).append((names[c], pd.Timestamp(weeks[t])))
        for row, sources in enumerate(problem.equality_sources):
            dual = (
                float(solved.solution.equality_duals[row])
                if solved.solution.equality_duals.size
                else 0.0
            )
            for source in sources:
                if problem.sources[source].kind in ("total_budget", "part_budget"):
                    continue
                shadow[source] = shadow.get(source, 0.0) + abs(dual)
                for k in np.flatnonzero(problem.system.a[row]):
                    c, t = problem.cells[int(k)]
                    held.setdefault(source, []).append((names[c], pd.Timestamp(weeks[t])))
        for source, rule in enumerate(problem.sources):
            if rule.kind in ("dark_weeks", "fixed_spend"):
                held[source] = [
                    (names[c], pd.Timestamp(weeks[t]))
                    for c in range(len(names))
                    for t in range(len(weeks))
                    if (c, t) not in set(problem.cells)
                    and problem.outcome.fixed[c, t] >= 0
                    and self._fixes(source, c, t)
                ]
        binding = [
            k for k in held if problem.sources[k].kind not in ("total_budget", "part_budget")
        ]
        costed = set(
            sorted(binding, key=lambda k: -shadow.get(k, 0.0))[: self.settings.costed_rules]
        )
        reports = []
        for source, rule in enumerate(problem.sources):
            binds = bool(held.get(source))
            cost: float | None = 0.0 if not binds else None
            if binds and self.settings.price_rules and source in costed:
                cost = self._cost_without(source)
            reports.append(
                RuleReport(
                    kind=rule.kind,
                    description=rule.description,
                    binds=binds,
                    cells=tuple(dict.fromkeys(held.get(source, []))),
                    shadow_price=shadow.get(source, 0.0),
                    cost=cost,
                )
            )
        return tuple(reports)

    def _fixes(self, source: int, channel: int, week: int) -> bool:
        """Whether the dark-week or fixed-spend rule ``source`` sets this cell."""
        from model_engine.optimizer.calendar.problem import week_of
        from model_engine.optimizer.calendar.rules import DarkWeeks, FixedSpend

        rule = self.problem.sources[source].rule
        names, weeks = self.problem.names, self.problem.weeks
        if isinstance(rule, DarkWeeks):
            chosen = rule.channels is None or names[channel].casefold() in {
                n.casefold() for n in rule.channels
            }
            return chosen and any(week_of(d, weeks, "") == week for d in rule.dates)
        if isinstance(rule, FixedSpend):
            return rule.channel.casefold() == names[channel].casefold() and (
                week_of(rule.on, weeks, "") == week
            )
        return False

    def _cost_without(self, source: int) -> float | None:
        try:
            relaxed = _solve(self._build([source]))
        except (CalendarInfeasibleError, ValueError):
            return None
        return relaxed.value - self.solved.value


def _totals(weeks: list[CalendarWeek], key: object, budgets: object) -> tuple[PeriodTotal, ...]:
    assert callable(key)
    groups: dict[str, list[CalendarWeek]] = {}
    for week in weeks:
        groups.setdefault(str(key(week)), []).append(week)
    lookup = budgets if isinstance(budgets, dict) else {}
    out = []
    for label, members in groups.items():
        spend: dict[str, float] = {}
        for w in members:
            for name, amount in w.spend.items():
                spend[name] = spend.get(name, 0.0) + amount
        out.append(
            PeriodTotal(
                label=label,
                weeks=len(members),
                spend=spend,
                total_spend=float(sum(spend.values())),
                expected=float(sum(w.expected for w in members)),
                media=float(sum(w.media for w in members)),
                budget=lookup.get(label),
            )
        )
    return tuple(out)


def plan_calendar(
    forecaster: PeriodForecaster,
    request: CalendarRequest,
    settings: CalendarSettings | None = None,
) -> CalendarResult:
    """The weekly calendar of ``request`` over ``forecaster``'s fit (see the module docstring).

    Raises :class:`CalendarConflictError` (a ``ValueError``) naming rules that cannot all hold,
    and ``ValueError`` for rules naming unknown channels or weeks outside the plan.
    """
    calendar = _Calendar(forecaster, request, settings or CalendarSettings())
    result = calendar.result()
    broken = broken_calendar_rules(calendar.model, request, result)
    if broken:  # the postcondition: every rule on the final weekly numbers
        raise CalendarDefectError(broken)
    return result
