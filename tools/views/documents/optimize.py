"""``budgetmix optimize --json``: :class:`PlanDocument`, one total per channel over the horizon
(``allocation`` rounded to cents as the contract has it; every other number at full
precision)."""

from __future__ import annotations

from pydantic import Field

from model_engine.optimizer import AllocationResult
from tools.views.base import View
from tools.views.documents.base import Document, flat
from tools.views.units import Money, OutcomeAmount, Ratio


class ConstraintLine(View):
    constraint: str
    binds: bool
    shadow_price: Ratio | None = Field(
        description="Objective gained per extra unit of money of slack."
    )
    cost: OutcomeAmount | None = Field(
        description="Objective given up against dropping the rule, in cost_unit (null for the "
        "total budget and uncosted rules)."
    )
    cost_unit: str


class PlanChannelLine(View):
    name: str
    current: Money
    recommended: Money
    expected: OutcomeAmount
    expected_low: OutcomeAmount
    expected_high: OutcomeAmount
    marginal_return: Ratio | None = Field(
        description="Outcome per extra unit of money at the plan."
    )
    binding: list[str]
    notes: list[str]


class PlanDocument(Document):
    """The recommended totals per channel, the outcome they are expected to give against the
    current mix scaled to the same budget, and what every rule costs."""

    allocation: dict[str, Money] = Field(description="Recommended spend, rounded to cents.")
    current: dict[str, Money]
    expected: OutcomeAmount = Field(description="Media outcome of the plan over the horizon.")
    expected_low: OutcomeAmount
    expected_high: OutcomeAmount
    baseline_expected: OutcomeAmount = Field(
        description="Media outcome of the current mix scaled to the plan's total."
    )
    baseline_low: OutcomeAmount
    baseline_high: OutcomeAmount
    total_spend: Money
    equalised_marginal_return: Ratio | None
    binding: list[str]
    constraints: list[ConstraintLine]
    channels: list[PlanChannelLine]
    outcome_name: str
    horizon_weeks: int
    method: str
    seconds: float


def plan_document(result: AllocationResult, seconds: float) -> PlanDocument:
    return PlanDocument.model_validate(
        {
            "allocation": {c.name: Money(round(c.recommended, 2)) for c in result.channels},
            "current": {c.name: Money.exact(c.current) for c in result.channels},
            **flat("expected", result.expected, OutcomeAmount),
            "baseline_expected": OutcomeAmount.exact(result.baseline.estimate),
            "baseline_low": OutcomeAmount.exact(result.baseline.low),
            "baseline_high": OutcomeAmount.exact(result.baseline.high),
            "total_spend": Money.exact(result.total_spend),
            "equalised_marginal_return": Ratio.exact(result.equalised_marginal_return),
            "binding": [r.description for r in result.binding],
            "constraints": [
                ConstraintLine(
                    constraint=r.description,
                    binds=r.binds,
                    shadow_price=Ratio.exact(r.shadow_price),
                    cost=OutcomeAmount.exact(r.cost),
                    cost_unit=r.cost_unit,
                )
                for r in result.constraints
            ],
            "channels": [
                PlanChannelLine(
                    name=c.name,
                    current=Money.exact(c.current),
                    recommended=Money.exact(c.recommended),
                    **flat("expected", c.expected, OutcomeAmount),
                    marginal_return=Ratio.exact(c.marginal_return),
                    binding=list(c.binding),
                    notes=list(c.notes),
                )
                for c in result.channels
            ],
            "outcome_name": result.outcome_name,
            "horizon_weeks": result.horizon_weeks,
            "method": result.method,
            "seconds": seconds,
        }
    )
