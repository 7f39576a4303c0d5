r"""Geo-level plans: one line per geo x channel, with geo rules, channel rules and national
rules together, solved by the same exact optimizer.

Each line is a channel's curve in one geo (its own coefficient and saturation, shapes shared).
Rules become the optimizer's constraints on lines and groups of lines:

- :class:`GeoBound` "at least $50K in every market" / "Texas at most $1M": a group bound on a
  geo's lines (one per geo when ``geo`` is ``None``);
- :class:`FixedGeo` "market X fixed": every line of the geo locked at its current spend;
- :class:`LineBound` a channel in one geo (or in each geo): a bound on lines;
- :class:`NationalChannelBound` a channel summed over geos: a group bound on its lines.

Groups of one kind are disjoint, so geo rules with line rules, or national channel rules with
line rules, form a laminar family the water-filling solves exactly. A geo group and a national
channel group cross (each holds a line of the other): the national rules are then priced by
Lagrange multipliers around the exact laminar solve (:mod:`.crossing`), and the plan carries
the certified gap to the optimum (:class:`~model_engine.optimizer.crossing.DualCertificate`).
Every rule is checked again on the final numbers (:func:`check_geo_rules`); a crossing plan
that breaks one raises :class:`GeoRuleBrokenError` instead of being returned.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from model_engine.constraints import (
    Amount,
    ChannelBound,
    Constraint,
    GroupBound,
    LockChannel,
    PlanRequest,
)
from model_engine.optimizer.crossing import DualCertificate, optimize_crossing
from model_engine.optimizer.engine import OptimizerSettings, optimize
from model_engine.optimizer.result import AllocationResult, ChannelAllocation
from model_engine.optimizer.water_filling import NonNestedGroupsError
from model_engine.planning import ResponseModel
from model_engine.response import ResponseCurve

LINE_SEPARATOR = " / "
_TOLERANCE = 1e-6  # relative, on the budget: far below a cent


@dataclass(frozen=True)
class GeoLine:
    geo: str
    channel: str

    @property
    def name(self) -> str:
        return f"{self.geo}{LINE_SEPARATOR}{self.channel}"


@dataclass(frozen=True)
class GeoBound:
    """Total spend of a geo (``None``: of every geo) between limits."""

    geo: str | None
    minimum: Amount | None = None
    maximum: Amount | None = None

    def describe(self) -> str:
        who = "every market" if self.geo is None else self.geo
        return f"{who}: {_range(self.minimum, self.maximum)}"


@dataclass(frozen=True)
class FixedGeo:
    """Every line of a geo stays at its current spend."""

    geo: str

    def describe(self) -> str:
        return f"{self.geo} fixed at its current spend"


@dataclass(frozen=True)
class LineBound:
    """One channel in one geo (``geo=None``: in each geo) between limits."""

    geo: str | None
    channel: str
    minimum: Amount | None = None
    maximum: Amount | None = None

    def describe(self) -> str:
        where = "each market" if self.geo is None else self.geo
        return f"{self.channel} in {where}: {_range(self.minimum, self.maximum)}"


@dataclass(frozen=True)
class NationalChannelBound:
    """A channel's spend summed over every geo between limits."""

    channel: str
    minimum: Amount | None = None
    maximum: Amount | None = None

    def describe(self) -> str:
        return f"{self.channel} nationally: {_range(self.minimum, self.maximum)}"


GeoRule = GeoBound | FixedGeo | LineBound | NationalChannelBound


def _range(minimum: Amount | None, maximum: Amount | None) -> str:
    parts = []
    if minimum is not None:
        parts.append(f"at least {minimum.describe()}")
    if maximum is not None:
        parts.append(f"at most {maximum.describe()}")
    return " and ".join(parts)


@dataclass(frozen=True, eq=False)
class GeoPlanModel:
    """The lines' curves as one response model, and which line is which."""

    model: ResponseModel
    lines: tuple[GeoLine, ...]

    @classmethod
    def from_geo_models(cls, geo_models: Sequence[tuple[str, ResponseModel]]) -> GeoPlanModel:
        if not geo_models:
            raise ValueError("a geo plan needs at least one geo")
        first = geo_models[0][1]
        lines: list[GeoLine] = []
        curves = []
        for geo, model in geo_models:
            if model.horizon_weeks != first.horizon_weeks:
                raise ValueError(f"{geo}: its curves cover another horizon")
            for curve in model.channels:
                line = GeoLine(geo, curve.name)
                lines.append(line)
                curves.append(replace(curve, name=line.name))
        model = ResponseModel(
            channels=tuple(curves),
            horizon_weeks=first.horizon_weeks,
            outcome_name=first.outcome_name,
            outcome_unit=first.outcome_unit,
            currency=first.currency,
            baseline_outcome=sum(m.baseline_outcome for _, m in geo_models),
            source=first.source,
            notes=tuple(dict.fromkeys(n for _, m in geo_models for n in m.notes)),
        )
        return cls(model=model, lines=tuple(lines))

    @cached_property
    def _by_geo(self) -> dict[str, tuple[str, ...]]:
        grouped: dict[str, list[str]] = {}
        for line in self.lines:
            grouped.setdefault(line.geo, []).append(line.name)
        return {geo: tuple(names) for geo, names in grouped.items()}

    @cached_property
    def _by_channel(self) -> dict[str, tuple[str, ...]]:
        grouped: dict[str, list[str]] = {}
        for line in self.lines:
            grouped.setdefault(line.channel, []).append(line.name)
        return {channel: tuple(names) for channel, names in grouped.items()}

    @property
    def geos(self) -> tuple[str, ...]:
        return tuple(self._by_geo)

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(self._by_channel)

    def lines_of_geo(self, geo: str) -> tuple[str, ...]:
        self._known_geo(geo)
        return self._by_geo[geo]

    def lines_of_channel(self, channel: str) -> tuple[str, ...]:
        if channel not in self._by_channel:
            raise ValueError(f"no channel {channel!r}; channels: {', '.join(self.channels)}")
        return self._by_channel[channel]

    def _known_geo(self, geo: str) -> None:
        if geo not in self._by_geo:
            raise ValueError(f"no market {geo!r}; markets: {', '.join(self.geos)}")

    def constraints(self, rules: Sequence[GeoRule]) -> tuple[Constraint, ...]:
        """The optimizer's constraints for the rules (``ValueError`` naming an unknown geo or
        channel)."""
        out: list[Constraint] = []
        for rule in rules:
            if isinstance(rule, GeoBound):
                geos = self.geos if rule.geo is None else (rule.geo,)
                for geo in geos:
                    out.append(
                        GroupBound(
                            f"market {geo}", self.lines_of_geo(geo), rule.minimum, rule.maximum
                        )
                    )
            elif isinstance(rule, FixedGeo):
                out.extend(LockChannel(name) for name in self.lines_of_geo(rule.geo))
            elif isinstance(rule, LineBound):
                geos = self.geos if rule.geo is None else (rule.geo,)
                self.lines_of_channel(rule.channel)
                for geo in geos:
                    self._known_geo(geo)
                    name = GeoLine(geo, rule.channel).name
                    out.append(ChannelBound(name, rule.minimum, rule.maximum))
            else:
                out.append(
                    GroupBound(
                        f"{rule.channel} nationally",
                        self.lines_of_channel(rule.channel),
                        rule.minimum,
                        rule.maximum,
                    )
                )
        return tuple(out)


@dataclass(frozen=True)
class GeoAllocation:
    """One line of a geo plan."""

    geo: str
    channel: str
    line: ChannelAllocation


@dataclass(frozen=True)
class GeoRuleCheck:
    rule: str
    holds: bool
    value: float  # the planned spend it is about ("every market": the nearest to its limit)


@dataclass(frozen=True, eq=False)
class GeoPlan:
    """A plan over every geo x channel line, with the rules checked on its final numbers."""

    result: AllocationResult
    allocations: tuple[GeoAllocation, ...]
    rule_checks: tuple[GeoRuleCheck, ...]
    rules: tuple[GeoRule, ...] = ()
    plan_model: GeoPlanModel | None = None
    certificate: DualCertificate | None = None  # set when market and national rules cross

    def recheck(self) -> tuple[GeoRuleCheck, ...]:
        """Every rule again on the allocations' final numbers, and the budget: what the
        caller's postcondition checks, independently of ``rule_checks``."""
        if self.plan_model is None:
            return self.rule_checks
        spend = {a.line.name: a.line.recommended for a in self.allocations}
        current = {a.line.name: a.line.current for a in self.allocations}
        budget = self.result.budget
        checks = check_geo_rules(self.plan_model, spend, self.rules, current, budget)
        total = sum(spend.values())
        exact = self.result.objective.kind == "volume"
        within = abs(total - budget) if exact else max(total - budget, 0.0)
        held = within <= _TOLERANCE * max(budget, 1.0)
        return (*checks, GeoRuleCheck("the budget", held, total))

    def geo_totals(self) -> dict[str, tuple[float, float]]:
        """Per geo: (current, recommended)."""
        totals: dict[str, tuple[float, float]] = {}
        for a in self.allocations:
            current, recommended = totals.get(a.geo, (0.0, 0.0))
            totals[a.geo] = (current + a.line.current, recommended + a.line.recommended)
        return totals

    def channel_totals(self) -> dict[str, tuple[float, float]]:
        totals: dict[str, tuple[float, float]] = {}
        for a in self.allocations:
            current, recommended = totals.get(a.channel, (0.0, 0.0))
            totals[a.channel] = (current + a.line.current, recommended + a.line.recommended)
        return totals

    def markets(self, plan_model: GeoPlanModel) -> tuple[GeoMarket, ...]:
        """Each market's totals and why it gains or loses: what one more unit of money spread
        over it as today returns, today and at the plan (see :class:`GeoMarket`)."""
        curves = {c.name: c.curve for c in plan_model.model.channels}
        out = []
        for geo, (current, recommended) in self.geo_totals().items():
            lines = [a.line for a in self.allocations if a.geo == geo]
            today = [
                (line.current, _next_unit_return(curves[line.name], line.current)) for line in lines
            ]
            planned = [(line.recommended, line.marginal_return) for line in lines]
            out.append(
                GeoMarket(
                    geo=geo,
                    current=current,
                    recommended=recommended,
                    marginal_return_now=_spread_return(today),
                    marginal_return=_spread_return(planned),
                    held=any(line.binding for line in lines),
                )
            )
        return tuple(out)


@dataclass(frozen=True)
class GeoMarket:
    r"""One market of a geo plan. ``marginal_return_now`` is what one more unit of money
    returns when spread over the market's channels in today's proportions,
    :math:`\sum_i x_i g_i'(x_i) / \sum_i x_i`, at today's spend; ``marginal_return`` the same at
    the plan, where every line no rule holds returns the plan's equalised price :math:`p`.
    Markets above :math:`p` today gain, those below it lose (within a market, channels can
    still move both ways); ``held``: a rule holds one of its lines."""

    geo: str
    current: float
    recommended: float
    marginal_return_now: float
    marginal_return: float
    held: bool

    @property
    def change(self) -> float:
        return self.recommended - self.current


def _next_unit_return(curve: ResponseCurve, spend: float) -> float:
    """What the next unit of money returns at ``spend``: the slope, or the gain of one unit
    where the slope is vertical (a concave Hill curve at 0)."""
    slope = float(curve.marginal(spend))
    if math.isfinite(slope):
        return slope
    return float(curve.outcome(spend + 1.0)) - float(curve.outcome(spend))


def _nearest_limit(values: Sequence[float], rule: GeoBound | LineBound) -> float:
    """Of the spends a rule bounds, the one it constrains most: the smallest under a floor,
    the largest under a cap."""
    return min(values) if rule.maximum is None else max(values)


def _spread_return(lines: Sequence[tuple[float, float]]) -> float:
    """Spend-weighted marginal return of (spend, marginal return) lines; the best line's when
    nothing is spent."""
    total = sum(spend for spend, _ in lines)
    if total <= 0:
        return max(marginal for _, marginal in lines)
    return sum(spend * marginal for spend, marginal in lines) / total


def check_geo_rules(
    plan_model: GeoPlanModel,
    spend: dict[str, float],
    rules: Sequence[GeoRule],
    current: dict[str, float],
    budget: float,
) -> tuple[GeoRuleCheck, ...]:
    """Every rule on the final numbers, each with the spend it constrains."""
    slack = _TOLERANCE * budget

    def within(value: float, minimum: Amount | None, maximum: Amount | None) -> bool:
        low = minimum.resolve(budget) if minimum is not None else 0.0
        high = maximum.resolve(budget) if maximum is not None else float("inf")
        return low - slack <= value <= high + slack

    checks = []
    for rule in rules:
        if isinstance(rule, GeoBound):
            geos = plan_model.geos if rule.geo is None else (rule.geo,)
            values = [sum(spend[n] for n in plan_model.lines_of_geo(g)) for g in geos]
            holds = all(within(v, rule.minimum, rule.maximum) for v in values)
            checks.append(GeoRuleCheck(rule.describe(), holds, _nearest_limit(values, rule)))
        elif isinstance(rule, FixedGeo):
            names = plan_model.lines_of_geo(rule.geo)
            holds = all(abs(spend[n] - current[n]) <= slack for n in names)
            checks.append(GeoRuleCheck(rule.describe(), holds, sum(spend[n] for n in names)))
        elif isinstance(rule, LineBound):
            geos = plan_model.geos if rule.geo is None else (rule.geo,)
            values = [spend[GeoLine(g, rule.channel).name] for g in geos]
            holds = all(within(v, rule.minimum, rule.maximum) for v in values)
            checks.append(GeoRuleCheck(rule.describe(), holds, _nearest_limit(values, rule)))
        else:
            value = sum(spend[n] for n in plan_model.lines_of_channel(rule.channel))
            checks.append(
                GeoRuleCheck(rule.describe(), within(value, rule.minimum, rule.maximum), value)
            )
    return tuple(checks)


def optimize_by_geo(
    plan_model: GeoPlanModel,
    request: PlanRequest,
    rules: Sequence[GeoRule] = (),
    settings: OptimizerSettings | None = None,
) -> GeoPlan:
    """The best plan over every line under the request's own constraints and the geo rules.

    Every rule is a constraint of the optimizer: market rules are one group per market, whose
    price searches the water-filling runs in lockstep (a hundred markets at their floors cost
    about one search). When market groups and national channel groups cross, the plan goes to
    :func:`optimize_crossing` with the national rules last (the ones it dualises).
    """
    chosen = settings or OptimizerSettings()
    certificate = None
    constraints = (*request.constraints, *plan_model.constraints(rules))
    try:
        result = optimize(plan_model.model, replace(request, constraints=constraints), chosen)
    except NonNestedGroupsError:
        national = [r for r in rules if isinstance(r, NationalChannelBound)]
        others = [r for r in rules if not isinstance(r, NationalChannelBound)]
        ordered = (
            *request.constraints,
            *plan_model.constraints(others),
            *plan_model.constraints(national),
        )
        crossing = optimize_crossing(
            plan_model.model, replace(request, constraints=ordered), chosen
        )
        result, certificate = crossing.result, crossing.certificate
    by_name = {c.name: c for c in result.channels}
    allocations = tuple(
        GeoAllocation(line.geo, line.channel, by_name[line.name]) for line in plan_model.lines
    )
    spend = {c.name: c.recommended for c in result.channels}
    current = {c.name: c.current for c in result.channels}
    checks = check_geo_rules(plan_model, spend, rules, current, request.budget)
    plan = GeoPlan(
        result=result,
        allocations=allocations,
        rule_checks=checks,
        rules=tuple(rules),
        plan_model=plan_model,
        certificate=certificate,
    )
    if certificate is not None:
        broken = [c.rule for c in plan.recheck() if not c.holds]
        if broken:
            raise GeoRuleBrokenError(broken)
    return plan


class GeoRuleBrokenError(ValueError):
    """A plan's final numbers break a stated rule: reported, never shown as a plan."""

    def __init__(self, broken: Sequence[str]) -> None:
        self.broken = tuple(broken)
        super().__init__(
            "the plan found breaks "
            + "; ".join(self.broken)
            + " on its final numbers, so I won't show it. Loosen one of these rules, or plan "
            "the market rules and the national rules separately"
        )
