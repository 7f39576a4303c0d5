"""Property-based edges of the optimizer: tiny and huge budgets, many channels, S-curves,
channels without evidence, whole-number budgets and random constraints. Every request ends in
a plan that keeps its limits with finite numbers, or in a ``ValueError`` that speaks of the
request (never an internal setting, never another exception).

The default run is a quick profile; ``-m slow`` runs the large one."""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model_engine.channels import ChannelType
from model_engine.constraints import (
    Amount,
    ChannelBound,
    Constraint,
    GroupBound,
    MaxChange,
    Objective,
    PlanRequest,
)
from model_engine.optimizer import AllocationResult, optimize
from model_engine.planning import ChannelCurve, ResponseModel
from model_engine.response import ResponseCurve
from model_engine.saturation import HillSaturation

QUICK = settings(max_examples=60, deadline=None, database=None, derandomize=True)
LARGE = settings(
    max_examples=1_500,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
INTERNAL = re.compile(r"SearchSettings|node_limit|Traceback|\bnan\b|\binf\b", re.IGNORECASE)


@st.composite
def channels(draw: st.DrawFn) -> ChannelCurve:
    name = f"ch{draw(st.integers(0, 10**6))}"
    current = draw(st.sampled_from([0.0, 1.0, 1e3, 5e4, 4e5, 3e6]))
    silent = draw(st.booleans()) and draw(st.booleans())
    half = draw(st.floats(1e2, 1e7))
    shape = draw(st.sampled_from([0.6, 1.0, 1.3, 2.0, 3.5]))
    scale = 0.0 if silent else draw(st.floats(1.0, 1e5))
    return ChannelCurve(
        name,
        ChannelType.OTHER,
        current,
        ResponseCurve(HillSaturation(half, shape), scale),
        evidence="no_evidence" if silent or current == 0 else "snapshot",
    )


@st.composite
def requests(draw: st.DrawFn) -> tuple[ResponseModel, PlanRequest]:
    found = draw(st.lists(channels(), min_size=1, max_size=30, unique_by=lambda c: c.name))
    model = ResponseModel(tuple(found), outcome_name="MQLs")
    exponent = draw(st.floats(-2.0, 15.0))
    budget: float = 10.0**exponent
    if draw(st.booleans()):
        budget = max(1, round(budget))  # a whole-number budget, as a tool may pass it
    names = [c.name for c in found]
    constraints: list[Constraint] = []
    if draw(st.booleans()):
        constraints.append(
            MaxChange(
                draw(st.sampled_from([0.0, 0.2, 0.5, 1.0])),
                tuple(n for c, n in zip(found, names, strict=True) if c.evidence != "no_evidence")
                or None,
                relative_to=draw(st.sampled_from(["current", "scaled_current"])),
            )
        )
    for name in draw(st.lists(st.sampled_from(names), max_size=3, unique=True)):
        share = draw(st.floats(0.0, 0.6))
        if draw(st.booleans()):
            constraints.append(ChannelBound(name, minimum=Amount(share, share_of_total=True)))
        else:
            constraints.append(ChannelBound(name, maximum=Amount(share, share_of_total=True)))
    if len(names) >= 2 and draw(st.booleans()):
        members = tuple(draw(st.lists(st.sampled_from(names), min_size=1, unique=True)))
        share = draw(st.floats(0.0, 0.5))
        constraints.append(GroupBound("brand", members, minimum=Amount(share, True)))
    profit = draw(st.booleans()) and draw(st.booleans())
    request = PlanRequest(
        budget=budget,
        budget_mode="at_most" if profit else "exact",
        constraints=tuple(constraints),
        objective=Objective("profit", value_per_outcome=draw(st.floats(1.0, 1e4)))
        if profit
        else Objective("volume"),
    )
    return model, request


def check_plan(model: ResponseModel, request: PlanRequest) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            plan = optimize(model, request)
    except ValueError as raised:
        message = str(raised)
        assert message
        assert not INTERNAL.search(message), message
        return
    _assert_keeps_its_limits(plan, request)


def _assert_keeps_its_limits(plan: AllocationResult, request: PlanRequest) -> None:
    spend = np.array([c.recommended for c in plan.channels])
    budget = request.budget
    tolerance = 1e-6 * max(budget, 1.0)
    assert np.isfinite(spend).all()
    assert (spend >= -tolerance).all()
    if request.budget_mode == "exact":
        assert spend.sum() == pytest.approx(budget, rel=1e-6, abs=1e-9)
    else:
        assert spend.sum() <= budget + tolerance
    numbers = [plan.expected.estimate, plan.expected.low, plan.expected.high]
    numbers += [c.expected.estimate for c in plan.channels]
    numbers += [c.marginal_return for c in plan.channels]
    numbers.append(plan.equalised_marginal_return)
    assert all(math.isfinite(x) for x in numbers)
    by_name = {c.name: c.recommended for c in plan.channels}
    for constraint in request.constraints:
        if isinstance(constraint, ChannelBound) and constraint.channel is not None:
            x = by_name[constraint.channel]
            if constraint.minimum is not None:
                assert x >= constraint.minimum.resolve(budget) - tolerance
            if constraint.maximum is not None:
                assert x <= constraint.maximum.resolve(budget) + tolerance
        if isinstance(constraint, GroupBound) and constraint.minimum is not None:
            total = sum(by_name[n] for n in set(constraint.channels))
            assert total >= constraint.minimum.resolve(budget) - tolerance


@QUICK
@given(requests())
def test_any_request_gets_a_plan_that_keeps_its_limits_or_a_clear_message(
    case: tuple[ResponseModel, PlanRequest],
) -> None:
    check_plan(*case)


@pytest.mark.slow
@pytest.mark.timeout(3600)
@LARGE
@given(requests())
def test_any_request_gets_a_plan_that_keeps_its_limits_or_a_clear_message_large(
    case: tuple[ResponseModel, PlanRequest],
) -> None:
    check_plan(*case)
