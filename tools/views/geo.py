"""The geo plan as one typed object: :class:`GeoPlanView`, built by :func:`geo_plan_view` from
the engine's :class:`~model_engine.optimizer.geo.GeoPlan`. The reply's table by market, the
chart, the CSV/XLSX download, the LLM's JSON and ``TurnDocument.geo_plan`` read this object."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from model_engine.optimizer.geo import GeoPlan, GeoPlanModel
from model_engine.panel import PanelFit
from tools.views.base import OutcomeView, Range, View, outcome_range
from tools.views.units import Fraction, Money, OutcomeAmount, Percent, Ratio, Weeks

Direction = Literal["gains", "loses", "holds"]
# A market whose total moves by less than this share of the budget "holds" (rounding residue).
_STEADY_SHARE = 1e-6


class GeoLineView(View):
    """One channel in one market (spends are totals over the horizon)."""

    geo: str
    channel: str
    current: Money
    recommended: Money
    expected: OutcomeAmount
    marginal_return: Ratio  # what the next unit of money returns at the plan
    binding: list[str]


class GeoMarketLine(View):
    """One market's row: its totals, its spend per channel, and why it gains or loses."""

    geo: str
    current: Money
    recommended: Money
    change: Money
    change_pct: Fraction | None  # None: the market spends nothing today
    spend: dict[str, Money]  # recommended, per channel
    marginal_return_now: Ratio  # its best line's next unit of money, at today's spend
    marginal_return: Ratio  # the same at the plan
    direction: Direction
    held: bool  # a rule holds one of its lines


class GeoChannelTotal(View):
    """A channel summed over every market."""

    channel: str
    current: Money
    recommended: Money


class GeoRuleLine(View):
    """A stated rule checked on the plan's final numbers."""

    rule: str
    holds: bool
    value: Money = Field(
        description="The planned spend the rule is about (every market: the nearest its limit)."
    )


class GeoPlanView(OutcomeView):
    """A plan over every market x channel line of a pooled panel fit."""

    geo_column: str
    pooling: str
    holdout_mape: Percent
    horizon_weeks: Weeks
    budget: Money
    total_spend: Money
    current_total: Money  # today's spend over every market, over the horizon
    expected: Range[OutcomeAmount]
    equalised_marginal_return: Ratio  # the plan's price: every free line ends here
    channels: list[str]
    markets: list[GeoMarketLine]
    lines: list[GeoLineView]
    channel_totals: list[GeoChannelTotal]
    rules: list[GeoRuleLine]
    method: str
    notes: list[str]

    def gaining(self) -> list[GeoMarketLine]:
        """Markets the plan gives more, largest gain first."""
        return sorted(
            (m for m in self.markets if m.direction == "gains"), key=lambda m: -float(m.change)
        )

    def losing(self) -> list[GeoMarketLine]:
        """Markets the plan gives less, largest cut first."""
        return sorted(
            (m for m in self.markets if m.direction == "loses"), key=lambda m: float(m.change)
        )

    def against_its_return(self, market: GeoMarketLine) -> bool:
        """Whether a market moves against what its next unit of money returns today (loses
        though it returns at least the plan's price, or gains though it returns at most it):
        inside it, the channels past the plan's margin moved more than the others."""
        now, price = float(market.marginal_return_now), float(self.equalised_marginal_return)
        if market.direction == "loses":
            return now >= price
        return market.direction == "gains" and now <= price

    def channel_total(self, channel: str) -> GeoChannelTotal:
        return next(c for c in self.channel_totals if c.channel == channel)


def geo_plan_view(plan: GeoPlan, plan_model: GeoPlanModel, panel: PanelFit) -> GeoPlanView:
    result = plan.result
    steady = _STEADY_SHARE * max(result.budget, 1.0)
    lines = [
        GeoLineView(
            geo=a.geo,
            channel=a.channel,
            current=Money.of(a.line.current),
            recommended=Money.of(a.line.recommended),
            expected=OutcomeAmount.of(a.line.expected.estimate),
            marginal_return=Ratio.of(a.line.marginal_return),
            binding=list(a.line.binding),
        )
        for a in plan.allocations
    ]
    markets = []
    for market in plan.markets(plan_model):
        direction: Direction = "holds"
        if market.change > steady:
            direction = "gains"
        elif market.change < -steady:
            direction = "loses"
        markets.append(
            GeoMarketLine(
                geo=market.geo,
                current=Money.of(market.current),
                recommended=Money.of(market.recommended),
                change=Money.of(market.change),
                change_pct=Fraction.of(market.change / market.current)
                if market.current > 0
                else None,
                spend={
                    a.channel: Money.of(a.line.recommended)
                    for a in plan.allocations
                    if a.geo == market.geo
                },
                marginal_return_now=Ratio.of(market.marginal_return_now),
                marginal_return=Ratio.of(market.marginal_return),
                direction=direction,
                held=market.held,
            )
        )
    return GeoPlanView(
        currency=result.currency,
        outcome_name=result.outcome_name,
        outcome_unit=result.outcome_unit,
        geo_column=panel.geo_column,
        pooling=panel.pooling,
        holdout_mape=Percent.of(panel.holdout_mape),
        horizon_weeks=Weeks.of(result.horizon_weeks),
        budget=Money.of(result.budget),
        total_spend=Money.of(result.total_spend),
        current_total=Money.of(sum(current for current, _ in plan.geo_totals().values())),
        expected=outcome_range(result.expected.estimate, result.expected.low, result.expected.high),
        equalised_marginal_return=Ratio.of(result.equalised_marginal_return),
        channels=list(plan_model.channels),
        markets=markets,
        lines=lines,
        channel_totals=[
            GeoChannelTotal(channel=name, current=Money.of(current), recommended=Money.of(new))
            for name, (current, new) in plan.channel_totals().items()
        ],
        rules=[
            GeoRuleLine(rule=c.rule, holds=c.holds, value=Money.of(c.value))
            for c in plan.rule_checks
        ],
        method=result.method,
        notes=list(result.notes),
    )
