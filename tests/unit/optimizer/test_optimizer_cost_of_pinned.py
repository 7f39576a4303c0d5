"""The cost of a change limit on a channel with no evidence (found by the optimizer fuzz)."""

from __future__ import annotations

from model_engine.channels import ChannelType
from model_engine.constraints import MaxChange, PlanRequest
from model_engine.optimizer import optimize
from model_engine.planning import ChannelCurve, ResponseModel
from model_engine.response import ResponseCurve
from model_engine.saturation import HillSaturation


def test_a_no_change_limit_on_a_no_evidence_channel_is_priced_without_failing() -> None:
    # Dropping the limit to price it leaves the no-evidence pin against an exact budget; the
    # re-solve must release the pin as the plan's own region would, not fail its search.
    curve = ResponseCurve(saturation=HillSaturation(half_saturation=100.0, shape=0.6), scale=0.0)
    model = ResponseModel(
        channels=(
            ChannelCurve(
                name="ch0",
                channel_type=ChannelType.OTHER,
                current_spend=1.0,
                curve=curve,
                evidence="no_evidence",
            ),
        ),
        horizon_weeks=13,
        outcome_name="MQLs",
        outcome_unit="count",
        currency="USD",
        baseline_outcome=0.0,
    )
    request = PlanRequest(
        budget=1.0, budget_mode="exact", constraints=(MaxChange(fraction=0.0),), horizon_weeks=13
    )
    plan = optimize(model, request)
    assert plan.allocation == {"ch0": 1.0}
