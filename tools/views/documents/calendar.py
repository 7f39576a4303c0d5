"""``budgetmix optimize --calendar --json``: :class:`CalendarDocument`, ``calendar: [{week,
spend, expected, low, high}]`` as the contract says (spend rounded to cents), then the totals
by month and by plan part, the margins, every rule with its cost, and the optimality
certificate."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from model_engine.optimizer.calendar import CalendarResult
from model_engine.optimizer.calendar.result import PeriodTotal
from tools.views.base import View
from tools.views.calendar import CalendarRuleLine, PeriodTotalLine
from tools.views.documents.base import Document, exact_each, flat, week_label
from tools.views.units import Fraction, Money, OutcomeAmount, Ratio


class CalendarWeekLine(View):
    week: str
    spend: dict[str, Money] = Field(description="Per channel, rounded to cents.")
    expected: OutcomeAmount = Field(description="Baseline plus media in the week.")
    low: OutcomeAmount | None
    high: OutcomeAmount | None


class WeekMarginalReturns(View):
    """``week`` and, per channel, the outcome of one more unit of money in that week."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, Ratio] = Field(init=False)

    week: str


class PricedCalendarRuleLine(CalendarRuleLine):
    """A rule of the calendar as the chat shows it, with its shadow price and weeks."""

    shadow_price: Ratio | None = Field(
        description="Objective gained per extra unit of money of slack."
    )
    weeks: list[str] = Field(description="The weeks where it binds.")


class CalendarDocument(Document):
    """A weekly calendar: spend per channel and week, with the forecast it gives."""

    calendar: list[CalendarWeekLine]
    months: list[PeriodTotalLine]
    parts: list[PeriodTotalLine]
    channel_totals: dict[str, Money]
    total_spend: Money
    budget: Money
    expected: OutcomeAmount = Field(description="Baseline plus media over the plan's weeks.")
    expected_low: OutcomeAmount | None
    expected_high: OutcomeAmount | None
    media: OutcomeAmount
    carryover_in: OutcomeAmount = Field(description="Media outcome from spend before the plan.")
    carryover_out: OutcomeAmount = Field(description="Media outcome after the plan from its spend.")
    carryover_out_policy: str
    objective: str
    objective_value: OutcomeAmount = Field(
        description="What was maximised: media outcome (with carryover out when counted), "
        "minus spend for profit."
    )
    equalised_marginal_return: Ratio | None
    part_marginal_returns: dict[str, Ratio]
    marginal_returns: list[WeekMarginalReturns]
    binding: list[str] = Field(description="The binding rules other than the total budget.")
    rules: list[PricedCalendarRuleLine]
    method: str
    gap_bound: OutcomeAmount | None = Field(
        description="How far below the true optimum the objective can be."
    )
    relative_gap: Fraction | None
    interval_kind: str
    outcome_name: str
    assumptions: list[str]
    notes: list[str]
    seconds: float


def _total(total: PeriodTotal) -> PeriodTotalLine:
    return PeriodTotalLine(
        label=total.label,
        weeks=total.weeks,
        spend=exact_each(total.spend, Money),
        total_spend=Money.exact(total.total_spend),
        expected=OutcomeAmount.exact(total.expected),
        media=OutcomeAmount.exact(total.media),
        budget=Money.exact(total.budget),
    )


def calendar_document(result: CalendarResult, seconds: float) -> CalendarDocument:
    return CalendarDocument.model_validate(
        {
            "calendar": [
                CalendarWeekLine(
                    week=week_label(w.week),
                    spend={name: Money(round(amount, 2)) for name, amount in w.spend.items()},
                    expected=OutcomeAmount.exact(w.expected),
                    low=OutcomeAmount.exact(w.low),
                    high=OutcomeAmount.exact(w.high),
                )
                for w in result.weeks
            ],
            "months": [_total(m) for m in result.months],
            "parts": [_total(p) for p in result.parts],
            "channel_totals": exact_each(result.channel_totals, Money),
            "total_spend": Money.exact(result.total_spend),
            "budget": Money.exact(result.budget),
            **flat("expected", result.expected, OutcomeAmount),
            "media": OutcomeAmount.exact(result.media_outcome),
            "carryover_in": OutcomeAmount.exact(result.carryover_in),
            "carryover_out": OutcomeAmount.exact(result.carryover_out),
            "carryover_out_policy": result.tail_policy,
            "objective": result.objective,
            "objective_value": OutcomeAmount.exact(result.objective_value),
            "equalised_marginal_return": Ratio.exact(result.equalised_marginal_return),
            "part_marginal_returns": exact_each(result.part_marginal_returns, Ratio),
            "marginal_returns": [
                WeekMarginalReturns.model_validate(
                    {
                        "week": week_label(w.week),
                        **{c.channel: Ratio.exact(c.marginal_return) for c in w.cells},
                    }
                )
                for w in result.weeks
            ],
            "binding": [r.description for r in result.binding if r.kind != "total_budget"],
            "rules": [
                PricedCalendarRuleLine(
                    rule=r.description,
                    kind=r.kind,
                    binds=r.binds,
                    shadow_price=Ratio.exact(r.shadow_price),
                    cost=OutcomeAmount.exact(r.cost),
                    weeks=sorted({week_label(week) for _, week in r.cells}),
                )
                for r in result.rules
            ],
            "method": result.method,
            "gap_bound": OutcomeAmount.exact(result.gap_bound),
            "relative_gap": Fraction.exact(result.relative_gap),
            "interval_kind": result.forecast.interval_kind,
            "outcome_name": result.outcome_name,
            "assumptions": list(result.assumptions),
            "notes": list(result.notes),
            "seconds": seconds,
        }
    )
