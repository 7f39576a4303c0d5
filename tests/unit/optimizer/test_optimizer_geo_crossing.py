"""Market rules with national channel rules (crossing groups): priced by Lagrange multipliers
around the exact laminar solve, checked against a brute-force optimum on tiny cases, every
rule re-checked on the final numbers, conflicts named, a broken rule an error."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from optimizer_models import channel, hill, model_of
from scipy.optimize import minimize

from model_engine.constraints import Amount, Objective, PlanRequest, RiskPreference
from model_engine.optimizer import InfeasiblePlanError, crossing
from model_engine.optimizer.geo import (
    FixedGeo,
    GeoBound,
    GeoPlanModel,
    GeoRule,
    GeoRuleBrokenError,
    LineBound,
    NationalChannelBound,
    optimize_by_geo,
)

Curves = dict[tuple[str, str], tuple[float, float, float, float]]  # scale, half, shape, current


def _random_curves(seed: int, geos: int, channels: int, shape: float = 1.0) -> Curves:
    rng = np.random.default_rng(seed)
    return {
        (f"g{g}", f"c{c}"): (
            float(rng.uniform(3e3, 9e3)),
            float(rng.uniform(2e4, 8e4)),
            shape,
            float(rng.uniform(2e4, 6e4)),
        )
        for g in range(geos)
        for c in range(channels)
    }


def _plan_model(curves: Curves) -> GeoPlanModel:
    geos: dict[str, list[object]] = {}
    for (geo, name), (scale, half, shape, current) in curves.items():
        geos.setdefault(geo, []).append(channel(name, hill(scale, half, shape), current=current))
    return GeoPlanModel.from_geo_models(
        [(geo, model_of(lines)) for geo, lines in geos.items()]  # type: ignore[arg-type]
    )


def _brute_force(
    curves: Curves,
    budget: float,
    rules: Sequence[GeoRule],
    starts: int = 8,
    value_per_outcome: float | None = None,
) -> float:
    """Best outcome by SLSQP from many starts on the explicit problem (analytic gradients);
    with ``value_per_outcome``, the best profit ``V * outcome - spend`` of a budget to spend at
    most."""
    profit = value_per_outcome is not None
    value = value_per_outcome or 1.0
    keys = list(curves)
    params = np.array([curves[k][:3] for k in keys])

    scale, half, shape = params.T

    def outcome(x: np.ndarray) -> float:
        power = np.maximum(x, 0.0) ** shape
        return float((scale * power / (power + half**shape)).sum())

    def gradient(x: np.ndarray) -> np.ndarray:
        y = np.maximum(x, 1e-9)
        power = y**shape
        return np.asarray(scale * shape * half**shape * power / y / (power + half**shape) ** 2)

    def member(predicate: object) -> np.ndarray:
        return np.array([1.0 if predicate(k) else 0.0 for k in keys])  # type: ignore[operator]

    constraints = [
        {"type": "ineq", "fun": lambda x: budget - x.sum()}
        if profit
        else {"type": "eq", "fun": lambda x: x.sum() - budget}
    ]
    bounds = [(0.0, budget)] * len(keys)
    for rule in rules:
        if isinstance(rule, GeoBound):
            geos = {k[0] for k in keys} if rule.geo is None else {rule.geo}
            rows = [member(lambda k, g=g: k[0] == g) for g in geos]
        elif isinstance(rule, NationalChannelBound):
            rows = [member(lambda k, c=rule.channel: k[1] == c)]
        elif isinstance(rule, FixedGeo):
            for i, k in enumerate(keys):
                if k[0] == rule.geo:
                    bounds[i] = (curves[k][3], curves[k][3])
            continue
        else:
            assert isinstance(rule, LineBound)
            assert rule.geo is not None
            i = keys.index((rule.geo, rule.channel))
            low = rule.minimum.value if rule.minimum else 0.0
            high = rule.maximum.value if rule.maximum else budget
            bounds[i] = (low, high)
            continue
        for row in rows:
            if rule.minimum is not None:
                floor = rule.minimum.value
                constraints.append(
                    {
                        "type": "ineq",
                        "fun": lambda x, r=row, f=floor: r @ x - f,
                        "jac": lambda _x, r=row: r,
                    }
                )
            if rule.maximum is not None:
                cap = rule.maximum.value
                constraints.append(
                    {
                        "type": "ineq",
                        "fun": lambda x, r=row, c=cap: c - r @ x,
                        "jac": lambda _x, r=row: -r,
                    }
                )
    rng = np.random.default_rng(0)
    best = -np.inf
    for _ in range(starts):
        start = rng.dirichlet(np.ones(len(keys))) * budget
        found = minimize(
            lambda x: -(value * outcome(x) - (x.sum() if profit else 0.0)),
            start,
            jac=lambda x: -(value * gradient(x) - (1.0 if profit else 0.0)),
            method="SLSQP",
            bounds=bounds,
            constraints=constraints,
            options={"ftol": 1e-13, "maxiter": 1000},
        )
        feasible = all(
            c["fun"](found.x) >= -1e-6 * budget  # type: ignore[operator]
            if c["type"] == "ineq"
            else abs(c["fun"](found.x)) <= 1e-6 * budget  # type: ignore[operator]
            for c in constraints
        )
        if found.success and feasible:
            best = max(best, value * outcome(found.x) - (found.x.sum() if profit else 0.0))
    return best


CASES = [
    # 2 markets x 2 channels: a market floor and a national cap that both bind
    (
        _random_curves(1, 2, 2),
        150_000.0,
        [GeoBound("g0", minimum=Amount(90_000.0)), NationalChannelBound("c0", maximum=Amount(4e4))],
    ),
    # 3 x 3: floors on every market, a national cap and a national floor
    (
        _random_curves(2, 3, 3),
        300_000.0,
        [
            GeoBound(None, minimum=Amount(70_000.0)),
            NationalChannelBound("c1", maximum=Amount(50_000.0)),
            NationalChannelBound("c2", minimum=Amount(140_000.0)),
        ],
    ),
    # 3 x 2: a market cap, a fixed market, a line cap and a two-sided national rule
    (
        _random_curves(3, 3, 2),
        200_000.0,
        [
            GeoBound("g1", maximum=Amount(40_000.0)),
            FixedGeo("g2"),
            LineBound("g0", "c1", maximum=Amount(30_000.0)),
            NationalChannelBound("c0", minimum=Amount(60_000.0), maximum=Amount(90_000.0)),
        ],
    ),
]


@pytest.mark.parametrize(("curves", "budget", "rules"), CASES)
def test_crossing_rules_reach_the_brute_force_optimum_with_a_certified_gap(
    curves: Curves, budget: float, rules: list[GeoRule]
) -> None:
    plan = optimize_by_geo(_plan_model(curves), PlanRequest(budget=budget), rules)
    certificate = plan.certificate
    assert certificate is not None
    assert certificate.concave
    assert certificate.bound_certified
    brute = _brute_force(curves, budget, rules)
    assert plan.result.expected.estimate >= brute * (1 - 1e-8)
    # The dual bound is an upper bound on every plan meeting the rules, and it is tight.
    assert certificate.upper_bound >= brute * (1 - 1e-9)
    assert certificate.gap <= 1e-8
    assert certificate.plan_value == pytest.approx(plan.result.expected.estimate, rel=1e-12)


@pytest.mark.parametrize(("curves", "budget", "rules"), CASES)
def test_every_rule_holds_to_the_cent_on_the_final_numbers(
    curves: Curves, budget: float, rules: list[GeoRule]
) -> None:
    plan = optimize_by_geo(_plan_model(curves), PlanRequest(budget=budget), rules)
    assert all(check.holds for check in plan.recheck())
    spend = {(a.geo, a.channel): a.line.recommended for a in plan.allocations}
    assert sum(spend.values()) == pytest.approx(budget, abs=0.01)
    for rule in rules:
        if isinstance(rule, NationalChannelBound):
            total = sum(v for (_, c), v in spend.items() if c == rule.channel)
            if rule.maximum is not None:
                assert total <= rule.maximum.value + 0.01
            if rule.minimum is not None:
                assert total >= rule.minimum.value - 0.01
        if isinstance(rule, GeoBound):
            geos = {g for g, _ in spend} if rule.geo is None else {rule.geo}
            for geo in geos:
                total = sum(v for (g, _), v in spend.items() if g == geo)
                if rule.minimum is not None:
                    assert total >= rule.minimum.value - 0.01
                if rule.maximum is not None:
                    assert total <= rule.maximum.value + 0.01


def test_a_binding_national_cap_is_reported_with_its_multiplier() -> None:
    curves, budget, rules = CASES[0]
    plan = optimize_by_geo(_plan_model(curves), PlanRequest(budget=budget), rules)
    assert plan.certificate is not None
    (label, price), *_ = plan.certificate.multipliers
    assert label == "c0 nationally"
    assert price > 0
    report = next(c for c in plan.result.constraints if c.description.startswith("c0 nationally"))
    assert report.binds
    assert report.shadow_price == pytest.approx(price, rel=1e-6)
    assert any("gap to the optimum" in note for note in plan.result.notes)


def test_crossing_rules_that_cannot_all_hold_are_named() -> None:
    plan_model = _plan_model(_random_curves(4, 2, 3))
    rules: list[GeoRule] = [
        GeoBound("g0", minimum=Amount(150_000.0)),
        NationalChannelBound("c0", maximum=Amount(60_000.0)),
        NationalChannelBound("c1", maximum=Amount(50_000.0)),
        LineBound("g0", "c2", maximum=Amount(10_000.0)),
    ]
    with pytest.raises(InfeasiblePlanError) as raised:
        optimize_by_geo(plan_model, PlanRequest(budget=200_000.0), rules)
    message = str(raised.value)
    for name in ("market g0", "c0 nationally", "c1 nationally", "g0 / c2"):
        assert name in message


def test_a_plan_breaking_a_rule_on_its_final_numbers_is_an_error_not_a_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    curves, budget, rules = CASES[0]
    honest = crossing._repair

    def off_by_a_dollar(spend: np.ndarray, region: object) -> tuple[np.ndarray, float]:
        repaired, moved = honest(spend, region)  # type: ignore[arg-type]
        broken = repaired.copy()
        broken[0] += 1.0  # g0 / c0 up, g0 / c1 down: c0's national cap is broken by $1
        broken[1] -= 1.0
        return broken, moved

    monkeypatch.setattr(crossing, "_repair", off_by_a_dollar)
    with pytest.raises(GeoRuleBrokenError, match="c0 nationally"):
        optimize_by_geo(_plan_model(curves), PlanRequest(budget=budget), rules)


def test_s_shaped_curves_meet_every_rule_under_a_valid_bound() -> None:
    curves = _random_curves(5, 2, 2, shape=2.2)
    rules: list[GeoRule] = [
        GeoBound(None, minimum=Amount(50_000.0)),
        NationalChannelBound("c1", maximum=Amount(70_000.0)),
    ]
    plan = optimize_by_geo(_plan_model(curves), PlanRequest(budget=180_000.0), rules)
    certificate = plan.certificate
    assert certificate is not None
    assert not certificate.concave
    assert all(check.holds for check in plan.recheck())
    # What is guaranteed without concavity: the bound holds, the plan is within the gap of it.
    brute = _brute_force(curves, 180_000.0, rules, starts=30)
    assert certificate.upper_bound >= brute * (1 - 1e-9)
    assert plan.result.expected.estimate >= certificate.upper_bound * (1 - certificate.gap - 1e-12)
    # Re-priced inside the regimes the dual plan chose, the plan reaches the multi-start optimum.
    assert plan.result.expected.estimate >= brute * (1 - 1e-8)


# Profit with a budget to spend at most: at V = 30 the whole budget is worth spending (both
# national rules priced); at V = 10 the plan stops near $102K of $150K, the national cap priced.
PROFIT_CASES = [
    (CASES[1][0], 300_000.0, CASES[1][2], 30.0),
    (CASES[0][0], 150_000.0, CASES[0][2], 10.0),
]


@pytest.mark.parametrize(("curves", "budget", "rules", "value"), PROFIT_CASES)
def test_profit_with_crossing_rules_reaches_the_brute_force_optimum(
    curves: Curves, budget: float, rules: list[GeoRule], value: float
) -> None:
    request = PlanRequest(
        budget=budget, budget_mode="at_most", objective=Objective("profit", value_per_outcome=value)
    )
    plan = optimize_by_geo(_plan_model(curves), request, rules)
    certificate = plan.certificate
    assert certificate is not None
    assert certificate.concave
    assert certificate.bound_certified
    assert all(check.holds for check in plan.recheck())
    brute = _brute_force(curves, budget, rules, starts=12, value_per_outcome=value)
    spent = sum(a.line.recommended for a in plan.allocations)
    profit = value * plan.result.expected.estimate - spent
    assert profit >= brute - 1e-8 * abs(brute)
    assert certificate.upper_bound >= brute - 1e-9 * abs(brute)
    assert certificate.gap <= 1e-8
    assert certificate.plan_value == pytest.approx(profit, rel=1e-9)


def test_profit_stops_below_the_budget_where_the_next_dollar_returns_its_cost() -> None:
    curves, budget, rules, value = PROFIT_CASES[1]
    request = PlanRequest(
        budget=budget, budget_mode="at_most", objective=Objective("profit", value_per_outcome=value)
    )
    plan = optimize_by_geo(_plan_model(curves), request, rules)
    assert plan.certificate is not None
    (label, cap_price), *_ = plan.certificate.multipliers
    assert label == "c0 nationally"
    assert cap_price > 0
    assert sum(a.line.recommended for a in plan.allocations) < 0.9 * budget
    # g1 has no market rule: its c0 line spends until the next dollar returns its cost plus
    # the national cap's price; its c1 line is not worth a first dollar.
    g1 = {a.channel: a.line for a in plan.allocations if a.geo == "g1"}
    assert g1["c0"].recommended > 0
    assert value * g1["c0"].marginal_return == pytest.approx(1.0 + cap_price, rel=1e-6)
    assert g1["c1"].recommended == pytest.approx(0.0, abs=1e-6)
    assert value * g1["c1"].marginal_return < 1.0


def test_unsupported_requests_with_crossing_rules_are_refused_by_what_they_ask() -> None:
    curves, budget, rules = CASES[0]
    request = PlanRequest(
        budget=budget,
        objective=Objective("profit", value_per_outcome=9.0),
        risk=RiskPreference("conservative"),
    )
    with pytest.raises(ValueError, match="the conservative risk mode"):
        optimize_by_geo(_plan_model(curves), request, rules)
