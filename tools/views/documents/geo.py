"""``budgetmix optimize --by-geo --json``: :class:`GeoPlanDocument`, one line per geo x channel
(``allocations`` with ``geo`` and ``channel``), the totals by market and by channel, and every
stated rule checked on the final numbers."""

from __future__ import annotations

from pydantic import Field

from model_engine.optimizer.geo import GeoPlan
from tools.views.base import View
from tools.views.documents.base import Document, flat
from tools.views.geo import GeoRuleLine
from tools.views.units import Money, OutcomeAmount, Ratio


class GeoAllocationLine(View):
    geo: str
    channel: str
    current: Money
    recommended: Money
    expected: OutcomeAmount
    expected_low: OutcomeAmount
    expected_high: OutcomeAmount
    marginal_return: Ratio | None = Field(
        description="Outcome per extra unit of money at the plan."
    )
    binding: list[str]


class SpendChange(View):
    current: Money
    recommended: Money


class GeoPlanDocument(Document):
    """A plan over every geo x channel line of a panel fit (spends are totals over the
    horizon)."""

    allocations: list[GeoAllocationLine]
    geos: dict[str, SpendChange]
    channels: dict[str, SpendChange] = Field(description="Each channel summed over markets.")
    expected: OutcomeAmount
    expected_low: OutcomeAmount
    expected_high: OutcomeAmount
    total_spend: Money
    binding: list[str]
    rule_checks: list[GeoRuleLine]
    outcome_name: str
    horizon_weeks: int
    method: str
    seconds: float


def geo_plan_document(plan: GeoPlan, seconds: float) -> GeoPlanDocument:
    result = plan.result
    return GeoPlanDocument.model_validate(
        {
            "allocations": [
                GeoAllocationLine(
                    geo=a.geo,
                    channel=a.channel,
                    current=Money.exact(a.line.current),
                    recommended=Money.exact(a.line.recommended),
                    **flat("expected", a.line.expected, OutcomeAmount),
                    marginal_return=Ratio.exact(a.line.marginal_return),
                    binding=list(a.line.binding),
                )
                for a in plan.allocations
            ],
            "geos": {
                geo: SpendChange(current=Money.exact(current), recommended=Money.exact(planned))
                for geo, (current, planned) in plan.geo_totals().items()
            },
            "channels": {
                channel: SpendChange(current=Money.exact(current), recommended=Money.exact(planned))
                for channel, (current, planned) in plan.channel_totals().items()
            },
            **flat("expected", result.expected, OutcomeAmount),
            "total_spend": Money.exact(result.total_spend),
            "binding": [r.description for r in result.binding],
            "rule_checks": [
                GeoRuleLine(rule=c.rule, holds=c.holds, value=Money.exact(c.value))
                for c in plan.rule_checks
            ],
            "outcome_name": result.outcome_name,
            "horizon_weeks": result.horizon_weeks,
            "method": result.method,
            "seconds": seconds,
        }
    )
