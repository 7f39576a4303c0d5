"""Results derived from :class:`~tools.state.PlanInputs`: the loaded history, the fit, the
response model and the current plan, each recomputed from the inputs and cached by them.

The engine is deterministic, so a result computed twice from the same inputs is the same; the
cache only saves time (a history fit takes seconds). Nothing here is state: drop the cache and
every result comes back identical.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from model_engine.constraints import (
    ChangeBound,
    ChannelBound,
    Constraint,
    GroupBound,
    LockChannel,
    MaxChange,
    Objective,
    PlanRequest,
    RiskPreference,
)
from model_engine.datasets import WeeklyHistory
from model_engine.drivers import explain_drivers
from model_engine.funnel_statements import read_funnel_statements, stated_kpi
from model_engine.intake import HistoryLoad, IntakeError, QuotedConstraint, load_history
from model_engine.intake.wording import singular
from model_engine.kpi import Kpi
from model_engine.mmm import HistoryFit, MarketingMixModel
from model_engine.money import currency_symbol, format_money
from model_engine.optimizer import AllocationResult, InfeasiblePlanError, optimize
from model_engine.optimizer.region import build_region, is_feasible
from model_engine.panel import PanelFit, PanelLoad, PanelModel, load_panel
from model_engine.planning import ResponseModel
from model_engine.snapshot import SnapshotFit, fit_snapshot
from tools.state import PlanInputs, PlanOutput, ToolError

T = TypeVar("T")
_CACHE_SIZE = 64
GUARDRAIL_PHRASE = (
    "default guardrail: curves are most trustworthy near observed spend "
    "(say 'no limit on changes' to lift it)"
)
FIT_SEED = 0


class Results:
    """Derived results for any inputs, cached (least recently used first out)."""

    def __init__(self) -> None:
        self._cache: OrderedDict[tuple[str, str], Any] = OrderedDict()

    def _cached(self, kind: str, key: str, compute: Callable[[], T]) -> T:
        slot = (kind, key)
        if slot in self._cache:
            self._cache.move_to_end(slot)
            value: T = self._cache[slot]
            return value
        value = compute()
        self._cache[slot] = value
        while len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return value

    # -- data and fits --------------------------------------------------------------------

    def history_load(self, inputs: PlanInputs) -> HistoryLoad:
        source = inputs.history
        if source is None:
            raise ToolError("There is no weekly history yet: upload a CSV or XLSX file.")

        def load() -> HistoryLoad:
            try:
                loaded = load_history(
                    Path(source.path),
                    target=source.target,
                    date=source.date,
                    channels=source.channels,
                    controls=source.controls,
                )
            except IntakeError as error:
                raise ToolError(str(error)) from error
            if not source.renames:
                return loaded
            return HistoryLoad(
                _renamed(loaded.history, source.renames), loaded.detection, loaded.warnings
            )

        return self._cached("history", source.model_dump_json(), load)

    def panel_load(self, inputs: PlanInputs) -> PanelLoad:
        """The conversation's panel history (one row per geo and week), loaded once."""
        source = inputs.panel
        if source is None:
            raise ToolError(
                "There is no panel history yet: upload a CSV or XLSX with a geo (market) column "
                "and one row per market and week."
            )

        def load() -> PanelLoad:
            try:
                return load_panel(Path(source.path), geo=source.geo)
            except IntakeError as error:
                raise ToolError(str(error)) from error

        return self._cached("panel", source.model_dump_json(), load)

    def panel_fit(self, inputs: PlanInputs) -> PanelFit:
        """The pooled panel fit: shapes shared, geo returns shrunk toward the national."""
        panel = self.panel_load(inputs).panel

        def fit_panel() -> PanelFit:
            try:
                return PanelModel(seed=FIT_SEED).fit(panel).result_
            except ValueError as error:
                raise ToolError(f"I couldn't fit the panel: {error}") from error

        return self._cached("panel_fit", inputs.model_dump_json(include={"panel"}), fit_panel)

    def fit(self, inputs: PlanInputs) -> SnapshotFit | HistoryFit:
        """The fit of the conversation's data: a snapshot fit or a marketing-mix model."""
        if inputs.history is not None:
            history = self.history_load(inputs).history

            tests = tuple(t.to_engine() for t in inputs.lift_tests)

            def fit_history() -> HistoryFit:
                try:
                    return MarketingMixModel(seed=FIT_SEED).fit(history, tests).result_
                except ValueError as error:
                    raise ToolError(str(error)) from error

            key = inputs.model_dump_json(include={"history", "lift_tests"})
            return self._cached("history_fit", key, fit_history)
        snapshot = inputs.snapshot
        if snapshot is None:
            raise ToolError(
                "There is no data to fit yet: paste each channel's spend and outcomes (e.g. "
                "'Paid search: $400K spent, 2,400 MQLs') or upload a weekly history."
            )
        overrides = {k: v for k, v in inputs.overrides.items() if k in _names(snapshot)}

        def fit_quarter() -> SnapshotFit:
            try:
                return fit_snapshot(snapshot, overrides, seed=FIT_SEED)
            except ValueError as error:
                raise ToolError(str(error)) from error

        key = inputs.model_dump_json(include={"snapshot", "overrides"})
        return self._cached("snapshot_fit", key, fit_quarter)

    def model(self, inputs: PlanInputs) -> ResponseModel:
        """The response curves plans are made from; a history model that failed validation
        only when the CMO insisted."""
        fit = self.fit(inputs)
        if isinstance(fit, HistoryFit) and not (
            fit.usable_for_planning or inputs.insist_on_unreliable_model
        ):
            raise ToolError(
                "The history model is not reliable enough to plan from "
                f"({fit.verdict.headline}). Say 'use it anyway' to plan from it regardless, or "
                "add more weeks of data."
            )
        return in_stated_kpi(fit.to_response_model(inputs.horizon_weeks), inputs)

    # -- plans ----------------------------------------------------------------------------

    def plan(self, inputs: PlanInputs) -> PlanOutput:
        """The current plan: the optimum under the inputs' budget, objective, risk and
        constraints, with the default guardrail unless lifted."""
        model = self.model(inputs)
        key = inputs.model_dump_json(exclude={"preferences": {"use_llm"}})
        output = self._cached("plan", key, lambda: make_plan(model, inputs))
        if not inputs.kpi_statements:
            return output
        kpi = stated_kpi_of(inputs, self.fit(inputs).to_response_model(inputs.horizon_weeks))
        return replace(output, kpi=kpi)


def stated_kpi_of(inputs: PlanInputs, model: ResponseModel) -> Kpi | None:
    """The KPI the conversation's funnel statements ask for on ``model`` (``None`` when no goal
    was stated with a KPI: the model's outcome is the KPI, as it always was)."""
    if not inputs.kpi_statements:
        return None
    said = read_funnel_statements(". ".join(inputs.kpi_statements))
    if said.goal is None:
        return None
    return stated_kpi(
        said,
        model.outcome_name,
        model.outcome_unit,
        channels=model.names,
        currency_symbol=currency_symbol(model.currency),
    )


def in_stated_kpi(model: ResponseModel, inputs: PlanInputs) -> ResponseModel:
    """``model`` in the KPI the CMO stated ("maximise qualified pipeline" with the funnel's
    rates: SQL pipeline value), its notes naming the KPI and how it was derived; when the
    rates are missing it stays in the model's outcome and the note says which KPI it is."""
    kpi = stated_kpi_of(inputs, model)
    if kpi is None:
        return model
    if not kpi.is_identity:
        return kpi.apply(model)
    return replace(model, notes=(*model.notes, f"optimising {kpi.describe()}"))


def _names(snapshot: Any) -> set[str]:
    return {c.name for c in snapshot.channels}


def _renamed(history: WeeklyHistory, renames: dict[str, str]) -> WeeklyHistory:
    def name(column: str) -> str:
        return renames.get(column, column)

    return replace(
        history,
        frame=history.frame.rename(columns=renames),
        channels=tuple(name(c) for c in history.channels),
        channel_types={name(k): v for k, v in history.channel_types.items()},
    )


def make_plan(model: ResponseModel, inputs: PlanInputs) -> PlanOutput:
    """Optimize ``inputs`` on ``model``: infeasible constraints are reported, never relaxed
    (the default guardrail, which is no constraint of the CMO's, is dropped when the budget
    cannot be placed within it, and the plan's notes say so)."""
    request, quoted = build_request(model, inputs)
    note = guardrail_note(model, inputs, request)
    try:
        plan = optimize(model, request)
    except InfeasiblePlanError as error:
        raise ToolError(str(error), kind="infeasible") from error
    except ValueError as error:
        raise ToolError(str(error)) from error
    if note is not None:
        plan = replace(plan, notes=(*plan.notes, note))
    broken = stated_limit_violations(plan, tuple(q.constraint for q in quoted))
    if broken:  # never shown: a plan that breaks a limit printed beside it is no answer
        raise ToolError("The plan broke a stated limit, so I won't show it: " + "; ".join(broken))
    return PlanOutput(plan=plan, drivers=explain_drivers(model, plan), constraints=quoted)


def stated_limit_violations(
    plan: AllocationResult, constraints: tuple[Constraint, ...], tolerance: float = 0.5
) -> list[str]:
    """Every stated limit a plan row breaks, checked on the final numbers (``tolerance`` in
    currency units covers the solver's rounding)."""
    broken = []
    spend = {c.name: c for c in plan.channels}
    for constraint in constraints:
        if isinstance(constraint, MaxChange):
            names = constraint.channels or tuple(spend)
            for name in names:
                line = spend[name]
                reference = line.current
                if constraint.relative_to == "scaled_current" and plan.current_total > 0:
                    reference = line.current * plan.budget / plan.current_total
                if abs(line.recommended - reference) > constraint.fraction * reference + tolerance:
                    broken.append(f"{name} moves beyond {constraint.describe()}")
        elif isinstance(constraint, ChangeBound):
            for name in constraint.channels or tuple(spend):
                line = spend[name]
                low, high = constraint.limits(line.current)
                if (low is not None and line.recommended < low - tolerance) or (
                    high is not None and line.recommended > high + tolerance
                ):
                    broken.append(f"{name} breaks {constraint.describe()}")
        elif isinstance(constraint, ChannelBound):
            names = (constraint.channel,) if constraint.channel else tuple(spend)
            for name in names:
                value = spend[name].recommended
                low = constraint.minimum.resolve(plan.budget) if constraint.minimum else 0.0
                high = constraint.maximum.resolve(plan.budget) if constraint.maximum else math.inf
                if value < low - tolerance or value > high + tolerance:
                    broken.append(f"{name} breaks {constraint.describe()}")
        elif isinstance(constraint, LockChannel):
            line = spend[constraint.channel]
            if abs(line.recommended - line.current) > tolerance:
                broken.append(f"{constraint.channel} breaks {constraint.describe()}")
        else:
            total = sum(spend[n].recommended for n in constraint.channels)
            low = constraint.minimum.resolve(plan.budget) if constraint.minimum else 0.0
            high = constraint.maximum.resolve(plan.budget) if constraint.maximum else math.inf
            if total < low - tolerance or total > high + tolerance:
                broken.append(f"{constraint.label} breaks {constraint.describe()}")
    return broken


def build_request(
    model: ResponseModel, inputs: PlanInputs
) -> tuple[PlanRequest, tuple[QuotedConstraint, ...]]:
    """The request and its constraints, each with the words it came from."""
    quoted = [q for q in inputs.constraints if _applies(q.constraint, model)]
    budget = inputs.budget or model.current_total
    request = PlanRequest(
        budget=budget,
        budget_mode=inputs.budget_mode,
        constraints=tuple(q.constraint for q in quoted),
        objective=objective_for(model, inputs),
        risk=inputs.risk or RiskPreference(mode=inputs.preferences.risk.value),
        horizon_weeks=model.horizon_weeks,
    )
    guardrail = default_guardrail(model, inputs, request)
    if guardrail is not None:
        quoted.append(guardrail)
        request = replace(request, constraints=(*request.constraints, guardrail.constraint))
    return request, tuple(quoted)


def _applies(constraint: Constraint, model: ResponseModel) -> bool:
    """A constraint about a channel the data no longer has (removed by the CMO) is dropped."""
    names = set(model.names)
    if isinstance(constraint, ChannelBound | LockChannel):
        return constraint.channel is None or constraint.channel in names
    if isinstance(constraint, GroupBound | MaxChange | ChangeBound):
        return constraint.channels is None or set(constraint.channels) <= names
    return True


def _guardrail_candidate(
    model: ResponseModel, inputs: PlanInputs, request: PlanRequest
) -> MaxChange | None:
    limit = inputs.preferences.max_change
    if limit is None:
        return None
    constraints = request.constraints
    # The CMO's own change limit on every channel replaces the default, one-sided or not:
    # "don't cut anything by more than half" leaves growth free.
    if any(isinstance(c, MaxChange | ChangeBound) and c.channels is None for c in constraints):
        return None
    bounded = {c.channel for c in constraints if isinstance(c, ChannelBound | LockChannel)}
    channels = tuple(
        c.name for c in model.channels if c.evidence != "no_evidence" and c.name not in bounded
    )
    return MaxChange(limit, channels) if channels else None


def _placeable(model: ResponseModel, request: PlanRequest, guardrail: MaxChange) -> bool:
    trial = replace(request, constraints=(*request.constraints, guardrail))
    return is_feasible(build_region(model, trial))


def default_guardrail(
    model: ResponseModel, inputs: PlanInputs, request: PlanRequest
) -> QuotedConstraint | None:
    """The default limit on each channel's spend, ±``max_change`` from its current spend.

    It is a default, so it yields: channels without evidence are left out (a limit would force
    spend onto them), and so are channels the CMO bounded or locked; it is dropped when the CMO
    set a change limit of their own on every channel (one-sided too), and when the budget
    cannot be placed within it (a budget far above or below today's): :func:`guardrail_note`
    then says so. Whatever limit a plan
    states, every row obeys it.
    """
    guardrail = _guardrail_candidate(model, inputs, request)
    if guardrail is None or not _placeable(model, request, guardrail):
        return None
    return QuotedConstraint(guardrail, GUARDRAIL_PHRASE)


def guardrail_note(model: ResponseModel, inputs: PlanInputs, request: PlanRequest) -> str | None:
    """Why a plan carries no default change limit although the settings have one."""
    guardrail = _guardrail_candidate(model, inputs, request)
    if guardrail is None or _placeable(model, request, guardrail):
        return None
    return (
        f"The default limit of ±{guardrail.fraction:.0%} on each channel's spend cannot hold "
        f"with a budget of {format_money(request.budget, model.currency)} against "
        f"{format_money(model.current_total, model.currency)} spent today, so this plan has no "
        "change limit; say, for example, 'no channel changes by more than 80%' to set one."
    )


def objective_for(model: ResponseModel, inputs: PlanInputs, kind: str | None = None) -> Objective:
    """The objective of ``kind`` (the inputs' own when ``None``) with the values it needs."""
    chosen = kind or inputs.objective_kind()
    base = inputs.objective or Objective()
    value = base.value_per_outcome
    if chosen == "profit" and value is None:
        if model.outcome_unit != "currency":
            outcome = singular(model.outcome_name)
            raise ToolError(
                f"Profit needs a value per {outcome} (say, for example, 'each {outcome} is worth "
                "$300'); without it I can maximise volume instead."
            )
        value = 1.0  # the outcome is money already: profit = outcome - spend
    try:
        return Objective(
            kind=chosen,  # type: ignore[arg-type]
            value_per_outcome=value,
            target_cac=base.target_cac,
            target_volume=base.target_volume,
        )
    except ValueError as error:
        raise ToolError(str(error)) from error
