"""Every kind of constraint, matched by name, with binding reports and shadow prices."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from optimizer_models import (
    BRAND,
    channel,
    exponential,
    hill,
    model_of,
    random_curves,
    seed_model,
)

from model_engine.adstock import GeometricAdstock
from model_engine.constraints import (
    Amount,
    ChannelBound,
    Constraint,
    GroupBound,
    LockChannel,
    MaxChange,
    PlanRequest,
)
from model_engine.optimizer import InfeasiblePlanError, optimize
from model_engine.optimizer.water_filling import NonNestedGroupsError
from model_engine.planning import ResponseModel
from model_engine.response import FlightingPattern

TOL = 1e-6


def _unordered_model() -> ResponseModel:
    """Names deliberately out of alphabetical order, strongest channel last."""
    return model_of(
        [
            channel("Zeta", hill(1_000, 200_000), current=100_000),
            channel("alpha", hill(2_000, 200_000), current=100_000),
            channel("Mid", hill(6_000, 200_000), current=100_000),
        ]
    )


def test_channel_bounds_apply_to_the_named_channel_not_by_position() -> None:
    model = _unordered_model()
    request = PlanRequest(
        budget=600_000,
        constraints=(
            ChannelBound("Zeta", minimum=Amount(250_000)),
            ChannelBound("Mid", maximum=Amount(200_000)),
        ),
    )
    result = optimize(model, request)
    assert result.channel("Zeta").recommended == pytest.approx(250_000, rel=TOL)
    assert result.channel("Mid").recommended == pytest.approx(200_000, rel=TOL)
    assert result.channel("alpha").recommended == pytest.approx(150_000, rel=TOL)
    assert result.channel("Zeta").binding == ("Zeta at least $250,000",)
    assert result.channel("Mid").binding == ("Mid at most $200,000",)
    floor, cap = result.constraints[1], result.constraints[2]
    assert floor.binds
    assert floor.channels == ("Zeta",)
    assert cap.binds
    assert cap.channels == ("Mid",)


def test_names_match_case_insensitively_and_unknown_names_list_the_channels() -> None:
    model = _unordered_model()
    result = optimize(model, PlanRequest(budget=600_000, constraints=(LockChannel("zeta"),)))
    assert result.channel("Zeta").recommended == pytest.approx(100_000)
    with pytest.raises(ValueError, match=r"unknown channel 'Omega'.*Zeta, alpha, Mid"):
        optimize(model, PlanRequest(budget=600_000, constraints=(LockChannel("Omega"),)))


def test_share_of_total_cap_for_each_channel() -> None:
    model = _unordered_model()
    request = PlanRequest(
        budget=1_000_000, constraints=(ChannelBound(None, maximum=Amount(0.4, True)),)
    )
    result = optimize(model, request)
    assert result.channel("Mid").recommended == pytest.approx(400_000, rel=TOL)
    spend = np.array([c.recommended for c in result.channels])
    assert np.all(spend <= 400_000 * (1 + TOL))
    assert result.constraints[1].binds
    assert "Mid" in result.constraints[1].channels


def test_group_floor_binds_with_its_shadow_price_and_cost() -> None:
    model = seed_model()
    floor = GroupBound("brand-building", BRAND, minimum=Amount(900_000))
    with_floor = optimize(model, PlanRequest(budget=2_000_000, constraints=(floor,)))
    without = optimize(model, PlanRequest(budget=2_000_000))
    brand_spend = sum(with_floor.channel(n).recommended for n in BRAND)
    assert brand_spend == pytest.approx(900_000, rel=TOL)
    report = with_floor.constraints[1]
    assert report.binds
    assert report.kind == "group_bound"
    assert set(report.channels) == set(BRAND)
    # "the floor costs N MQLs": an exact difference of two optimal plans
    assert report.cost == pytest.approx(without.expected.estimate - with_floor.expected.estimate)
    assert report.cost is not None
    assert report.cost > 0
    assert report.cost_sentence().endswith(f"costs {report.cost:,.0f} MQLs")
    # Inside the group marginal returns are equal, and below the margin outside it.
    inside = [with_floor.channel(n).marginal_return for n in BRAND]
    outside = [c.marginal_return for c in with_floor.channels if c.name not in BRAND]
    np.testing.assert_allclose(inside, inside[0], rtol=1e-5)
    np.testing.assert_allclose(outside, with_floor.equalised_marginal_return, rtol=1e-5)
    assert report.shadow_price == pytest.approx(outside[0] - inside[0], rel=1e-4)
    # The shadow price predicts the cost of a small tightening.
    tighter = GroupBound("brand-building", BRAND, minimum=Amount(910_000))
    more = optimize(model, PlanRequest(budget=2_000_000, constraints=(tighter,)))
    lost = with_floor.expected.estimate - more.expected.estimate
    assert lost == pytest.approx(report.shadow_price * 10_000, rel=0.02)


def test_seed_brand_floor_of_150k_does_not_bind_when_brand_already_gets_more() -> None:
    model = seed_model()
    floor = GroupBound("brand-building", BRAND, minimum=Amount(150_000))
    result = optimize(model, PlanRequest(budget=2_000_000, constraints=(floor,)))
    assert not result.constraints[1].binds
    assert result.constraints[1].cost == 0.0
    assert sum(result.channel(n).recommended for n in BRAND) > 150_000


def test_group_cap_and_nested_groups() -> None:
    model = seed_model()
    brand = GroupBound("brand", BRAND, maximum=Amount(300_000))
    events = GroupBound("live", ("Events", "Traditional"), minimum=Amount(250_000))
    result = optimize(model, PlanRequest(budget=2_000_000, constraints=(brand, events)))
    brand_total = sum(result.channel(n).recommended for n in BRAND)
    live_total = result.channel("Events").recommended + result.channel("Traditional").recommended
    assert brand_total <= 300_000 * (1 + TOL)
    assert live_total >= 250_000 * (1 - TOL)
    assert result.constraints[1].binds


@pytest.mark.parametrize("copies", [2, 3])
def test_a_group_rule_stated_more_than_once_plans_as_stated_once(copies: int) -> None:
    """Found by the chat fuzz: the brief and a follow-up both said "at least $900K in
    brand-building"; identical groups left the inner copy without channels (infeasible)."""
    model = seed_model()
    floor = GroupBound("brand-building", BRAND, minimum=Amount(900_000))
    once = optimize(model, PlanRequest(budget=2_000_000, constraints=(floor,)))
    repeated = optimize(model, PlanRequest(budget=2_000_000, constraints=(floor,) * copies))
    assert repeated.expected.estimate == pytest.approx(once.expected.estimate, rel=1e-9)
    for name in BRAND:
        assert repeated.channel(name).recommended == pytest.approx(
            once.channel(name).recommended, rel=1e-6
        )


def test_crossing_groups_are_refused_not_ignored() -> None:
    model = seed_model()
    first = GroupBound("brand", BRAND, minimum=Amount(300_000))
    second = GroupBound("digital", ("Content", "Paid search"), maximum=Amount(800_000))
    with pytest.raises(NonNestedGroupsError, match="'brand' and 'digital'"):
        optimize(model, PlanRequest(budget=2_000_000, constraints=(first, second)))


def test_max_change_keeps_every_channel_within_its_band() -> None:
    model = seed_model()
    result = optimize(model, PlanRequest(budget=2_000_000, constraints=(MaxChange(0.2),)))
    for allocation in result.channels:
        assert 0.8 * allocation.current * (1 - TOL) <= allocation.recommended
        assert allocation.recommended <= 1.2 * allocation.current * (1 + TOL)
    assert result.constraints[1].binds
    assert result.constraints[1].kind == "max_change"


def test_max_change_for_named_channels_only() -> None:
    model = seed_model()
    result = optimize(
        model, PlanRequest(budget=2_000_000, constraints=(MaxChange(0.1, ("Email",)),))
    )
    assert result.channel("Email").recommended == pytest.approx(220_000, rel=TOL)
    assert result.channel("Paid search").recommended > 440_000


def test_locked_channel_keeps_its_current_spend() -> None:
    model = seed_model()
    result = optimize(model, PlanRequest(budget=2_000_000, constraints=(LockChannel("Events"),)))
    assert result.channel("Events").recommended == pytest.approx(400_000, rel=1e-9)
    assert result.constraints[1].binds
    assert result.constraints[1].kind == "lock"
    assert result.channel("Events").binding == ("Events stays at its current spend",)


def test_no_evidence_channel_gets_nothing_unless_forced() -> None:
    channels = [
        channel("Search", hill(5_000, 300_000)),
        channel("Podcasts", hill(50_000, 100_000), evidence="no_evidence"),
    ]
    model = model_of(channels)
    result = optimize(model, PlanRequest(budget=500_000))
    assert result.channel("Podcasts").recommended == 0.0
    assert "no evidence" in result.channel("Podcasts").notes[0]
    forced = optimize(
        model,
        PlanRequest(
            budget=500_000, constraints=(ChannelBound("Podcasts", minimum=Amount(50_000)),)
        ),
    )
    assert forced.channel("Podcasts").recommended == pytest.approx(50_000)
    assert "$50,000" in forced.channel("Podcasts").notes[0]


def test_at_most_budget_with_caps_leaves_money_unspent_and_says_the_budget_does_not_bind() -> None:
    model = model_of([channel("A", exponential(1_000, 50_000)), channel("B", hill(900, 60_000))])
    caps = (ChannelBound(None, maximum=Amount(100_000)),)
    result = optimize(model, PlanRequest(budget=1_000_000, budget_mode="at_most", constraints=caps))
    assert result.total_spend == pytest.approx(200_000)
    assert not result.constraints[0].binds
    with pytest.raises(InfeasiblePlanError, match="maximums add up to \\$200,000"):
        optimize(model, PlanRequest(budget=1_000_000, constraints=caps))


@pytest.mark.parametrize(
    ("constraints", "expected_names", "detail"),
    [
        (
            (
                ChannelBound("Events", minimum=Amount(1_500_000)),
                ChannelBound("Email", minimum=Amount(600_000)),
            ),
            (
                "total budget exactly $2,000,000",
                "Events at least $1,500,000",
                "Email at least $600,000",
            ),
            "minimums add up to $2,100,000",
        ),
        (
            (
                LockChannel("Events"),
                ChannelBound("Events", maximum=Amount(300_000)),
                MaxChange(0.5),
            ),
            ("Events stays at its current spend", "Events at most $300,000"),
            "Events would need at least $400,000 and at most $300,000",
        ),
        (
            (
                GroupBound("brand", BRAND, minimum=Amount(1_300_000)),
                ChannelBound(None, maximum=Amount(0.2, True)),
            ),
            (
                "brand (Content, Events, Traditional) at least $1,300,000",
                "each channel at most 20% of the budget",
            ),
            "brand needs at least $1,300,000 but can get at most $1,200,000",
        ),
    ],
)
def test_infeasible_constraints_name_a_minimal_conflict(
    constraints: tuple[Constraint, ...], expected_names: tuple[str, ...], detail: str
) -> None:
    with pytest.raises(InfeasiblePlanError) as raised:
        optimize(seed_model(), PlanRequest(budget=2_000_000, constraints=constraints))
    error = raised.value
    assert isinstance(error, ValueError)
    described = tuple(c.describe() for c in error.conflicting)
    assert described == expected_names
    assert detail in str(error)
    assert "Relax or remove one of them" in str(error)


def test_a_flat_curve_still_takes_what_an_exact_budget_leaves() -> None:
    """A channel whose curve returns nothing (scale 0) is indifferent; when the others are
    capped, the exact budget must still be spent, not silently underspent."""
    model = model_of(
        [
            channel("Search", hill(5_000, 300_000)),
            channel("Flat", hill(0.0, 100_000)),
        ]
    )
    capped = (ChannelBound("Search", maximum=Amount(200_000)),)
    result = optimize(model, PlanRequest(budget=500_000, constraints=capped))
    assert result.channel("Search").recommended == pytest.approx(200_000)
    assert result.channel("Flat").recommended == pytest.approx(300_000)
    assert result.total_spend == pytest.approx(500_000)
    uncapped = optimize(model, PlanRequest(budget=500_000))
    assert uncapped.channel("Search").recommended == pytest.approx(500_000)


@pytest.mark.parametrize(("flighted", "seed"), [(False, 11), (True, 18)])
def test_warm_started_costs_equal_cold_re_solves(flighted: bool, seed: int) -> None:
    """Costs re-solve from the plan (its prices, then its regimes when the search branches
    more than once); they must equal plans optimized from scratch. Single-week bursts with
    short carryover give curves with several S, where the search branches most."""
    rng = np.random.default_rng(seed)
    curves = random_curves(rng, 12, s_shaped=True) + random_curves(rng, 12, s_shaped=False)
    if flighted:
        burst = FlightingPattern.from_weights([1.0] + [0.0] * 12, 13)
        levels = burst.relative_levels(GeometricAdstock(0.15).weights(), 1.0)
        curves = [c.flighted(levels) if k % 2 == 0 else c for k, c in enumerate(curves)]
    names = [f"c{k}" for k in range(len(curves))]
    model = model_of([channel(n, c, current=1e5) for n, c in zip(names, curves, strict=True)])
    constraints = (
        *(ChannelBound(n, minimum=Amount(6e4)) for n in names[:4]),
        *(ChannelBound(n, maximum=Amount(1.2e5)) for n in names[12:16]),
        GroupBound("first half", tuple(names[:10]), minimum=Amount(0.55, share_of_total=True)),
    )
    request = PlanRequest(budget=1.2e6 if flighted else 2.4e6, constraints=constraints)
    result = optimize(model, request)
    costed = [r for r in result.constraints if r.binds and r.cost is not None]
    assert len(costed) >= 4
    for report in costed:
        kept = tuple(c for c in constraints if c != report.constraint)
        cold = optimize(model, replace(request, constraints=kept))
        assert report.cost == pytest.approx(cold.objective_value - result.objective_value, rel=1e-7)
