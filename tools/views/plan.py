"""The plan as one typed object: :class:`PlanView`, built once from the engine's result by
:func:`plan_view`. The reply's table, the tool step, the charts, the CSV/XLSX downloads, the
LLM's JSON and ``budgetmix ask --json`` all read this object.
"""

from __future__ import annotations

from pydantic import Field

from model_engine.drivers import ChannelDriver
from tools.state import PlanOutput
from tools.views.base import OutcomeView, View
from tools.views.calendar import KpiView, kpi_view
from tools.views.units import (
    Count,
    Fraction,
    Money,
    OutcomeAmount,
    Ratio,
    Units,
    display,
    with_name,
)

DEFAULT_PLAN_NAME = "Current plan"


class ConstraintLine(View):
    """One constraint of the plan: what it says, the words it came from, whether it binds
    and what it costs (in ``cost_unit``: the outcome, or money for profit objectives)."""

    kind: str
    description: str
    from_: str = Field(alias="from")
    binds: bool
    shadow_price: Ratio | None
    cost: Count | None
    cost_unit: str
    channels: list[str] = Field(default_factory=list)


class ChannelLine(View):
    """One channel's row of the plan (spends are totals over the horizon)."""

    channel: str
    current: Money
    recommended: Money
    change: Money
    change_pct: Fraction | None  # None: the channel spends nothing today
    expected: OutcomeAmount
    expected_low: OutcomeAmount
    expected_high: OutcomeAmount
    current_expected: OutcomeAmount
    next_unit: Money | None  # cost of the next outcome, or what the next unit of money returns
    next_unit_now: Money | None  # the same at today's spend
    average_now: Money | None  # average cost per outcome, or average return per unit of money
    diminishing: bool  # the next unit buys less than the average so far
    marginal_cost: Money | None
    marginal_return: Ratio
    marginal_cost_now: Money | None
    marginal_return_now: Ratio
    average_cost_now: Money | None
    average_return_now: Ratio | None
    saturation_now: Fraction | None
    saturation_plan: Fraction | None
    reason: str
    direction: str
    confidence: str
    evidence: str
    binding: list[str]
    notes: list[str]


class ConservativeTradeOff(View):
    """What a conservative plan protects against and what it costs, against the expected plan
    at the same budget: the low end of the 90% range it lifts, and the expected outcome it
    gives up."""

    percentile: float  # the low percentile of the outcome the plan maximises
    low_end: OutcomeAmount  # this plan's 5th percentile
    expected_plan_low_end: OutcomeAmount
    expected_plan_total: OutcomeAmount
    low_end_gain: OutcomeAmount
    expected_cost: OutcomeAmount


class PlanView(OutcomeView):
    """A plan, named ("Current plan", "Scenario A: budget +20%"); ``adopted`` says whether it
    is the conversation's current plan or a what-if shown beside it."""

    name: str = DEFAULT_PLAN_NAME
    adopted: bool = True
    total_budget: Money
    total_spend: Money
    current_total: Money
    horizon_weeks: int
    objective: str
    risk: str
    risk_percentile: float | None = None  # the low percentile a conservative plan maximises
    constraints: list[str]  # descriptions, as the CLI contract lists them
    constraint_reports: list[ConstraintLine]
    allocations: list[ChannelLine]
    expected_total: OutcomeAmount
    expected_total_low: OutcomeAmount
    expected_total_high: OutcomeAmount
    baseline_expected_total: OutcomeAmount
    baseline_expected_total_low: OutcomeAmount
    baseline_expected_total_high: OutcomeAmount
    lift_over_baseline_pct: Fraction | None
    gain_over_baseline: OutcomeAmount
    equalised_marginal_cost: Money | None
    equalised_marginal_return: Ratio
    non_media_outcome: OutcomeAmount
    interaction_outcome: OutcomeAmount
    notes: list[str]
    current_expected_total: OutcomeAmount  # last period's outcome at today's spend
    conservative: ConservativeTradeOff | None = None
    kpi: KpiView | None = Field(
        None, description="The KPI the CMO named, optimised, and how it was derived."
    )

    @property
    def next_unit_header(self) -> str:
        """The last column's header: "Cost of next MQL" or "Return on the next $1"."""
        units = self.units
        if units.outcome_is_money:
            return f"Return on the next {units.one_unit_of_money}"
        return f"Cost of next {units.outcome_singular}"

    @property
    def equalised_next_unit(self) -> Money | None:
        """The plan's margin in the same terms as each row's ``next_unit``."""
        if self.units.outcome_is_money:
            return Money.of(self.equalised_marginal_return)
        return self.equalised_marginal_cost

    def line(self, channel: str) -> ChannelLine:
        for line in self.allocations:
            if line.channel == channel:
                return line
        raise KeyError(channel)

    def headline(self) -> str:
        """The one line that says which plan a reply is about."""
        units = self.units
        total = display(self.total_spend, units)
        expected = with_name(self.expected_total, units)
        return f"{self.name}: {total} over {self.horizon_weeks} weeks, about {expected}"


def _next_unit(units: Units, marginal_cost: float | None, marginal_return: float) -> Money | None:
    if units.outcome_is_money:
        return Money.of(marginal_return)
    return Money.of(marginal_cost)


def _diminishing(units: Units, now: float | None, average: float | None) -> bool:
    if now is None or average is None:
        return True
    return now <= average if units.outcome_is_money else now >= average


def _channel_line(output: PlanOutput, units: Units, driver: ChannelDriver) -> ChannelLine:
    c = output.plan.channel(driver.channel)
    now = _next_unit(units, driver.marginal_cost_current, driver.marginal_return_current)
    average = Money.of(
        driver.average_return_current if units.outcome_is_money else driver.average_cost_current
    )
    return ChannelLine(
        channel=c.name,
        current=Money.of(c.current),
        recommended=Money.of(c.recommended),
        change=Money.of(c.change),
        change_pct=Fraction.of(c.change_fraction),
        expected=OutcomeAmount.of(c.expected.estimate),
        expected_low=OutcomeAmount.of(c.expected.low),
        expected_high=OutcomeAmount.of(c.expected.high),
        current_expected=OutcomeAmount.of(c.current_expected.estimate),
        next_unit=_next_unit(units, c.marginal_cost, c.marginal_return),
        next_unit_now=now,
        average_now=average,
        diminishing=_diminishing(units, now, average),
        marginal_cost=Money.of(c.marginal_cost),
        marginal_return=Ratio.of(c.marginal_return),
        marginal_cost_now=Money.of(driver.marginal_cost_current),
        marginal_return_now=Ratio.of(driver.marginal_return_current),
        average_cost_now=Money.of(driver.average_cost_current),
        average_return_now=Ratio.of(driver.average_return_current),
        saturation_now=Fraction.of(driver.saturation_current),
        saturation_plan=Fraction.of(driver.saturation_recommended),
        reason=driver.primary_reason.value,
        direction=driver.direction.value,
        confidence=driver.confidence.value,
        evidence=c.evidence,
        binding=list(c.binding),
        notes=list(c.notes),
    )


def plan_view(
    output: PlanOutput,
    name: str = DEFAULT_PLAN_NAME,
    adopted: bool = True,
    expected_plan: PlanOutput | None = None,
) -> PlanView:
    """The one place a plan becomes its view; ``expected_plan`` (the expected-outcome plan at
    the same budget) gives a conservative plan its trade-off."""
    plan = output.plan
    units = Units(plan.currency, plan.outcome_name, plan.outcome_unit)
    phrases: dict[object, str] = {q.constraint: q.phrase for q in output.constraints}
    drivers = {d.channel: d for d in output.drivers.drivers}
    return PlanView(
        name=name,
        adopted=adopted,
        currency=plan.currency,
        outcome_name=plan.outcome_name,
        outcome_unit=plan.outcome_unit,
        total_budget=Money.of(plan.budget),
        total_spend=Money.of(plan.total_spend),
        current_total=Money.of(plan.current_total),
        horizon_weeks=plan.horizon_weeks,
        objective=plan.objective.kind,
        risk=plan.risk.mode,
        risk_percentile=plan.risk.percentile if plan.risk.mode == "conservative" else None,
        constraints=[r.description for r in plan.constraints],
        constraint_reports=[
            ConstraintLine(
                kind=r.kind,
                description=r.description,
                from_=phrases.get(r.constraint, "the budget"),
                binds=r.binds,
                shadow_price=Ratio.of(r.shadow_price),
                cost=Count.of(r.cost),
                cost_unit=r.cost_unit,
                channels=list(r.channels),
            )
            for r in plan.constraints
        ],
        allocations=[_channel_line(output, units, drivers[c.name]) for c in plan.channels],
        expected_total=OutcomeAmount.of(plan.expected.estimate),
        expected_total_low=OutcomeAmount.of(plan.expected.low),
        expected_total_high=OutcomeAmount.of(plan.expected.high),
        baseline_expected_total=OutcomeAmount.of(plan.baseline.estimate),
        baseline_expected_total_low=OutcomeAmount.of(plan.baseline.low),
        baseline_expected_total_high=OutcomeAmount.of(plan.baseline.high),
        lift_over_baseline_pct=Fraction.of(plan.lift_over_baseline),
        gain_over_baseline=OutcomeAmount.of(plan.gain_over_baseline),
        equalised_marginal_cost=Money.of(plan.marginal_cost),
        equalised_marginal_return=Ratio.of(plan.equalised_marginal_return),
        non_media_outcome=OutcomeAmount.of(plan.non_media_outcome),
        interaction_outcome=OutcomeAmount.of(plan.interaction_outcome),
        notes=list(plan.notes),
        current_expected_total=OutcomeAmount.of(
            sum(c.current_expected.estimate for c in plan.channels)
        ),
        conservative=_trade_off(output, expected_plan),
        kpi=None if output.kpi is None else kpi_view(output.kpi),
    )


def _trade_off(output: PlanOutput, expected: PlanOutput | None) -> ConservativeTradeOff | None:
    plan = output.plan
    if plan.risk.mode != "conservative" or expected is None:
        return None
    other = expected.plan
    return ConservativeTradeOff(
        percentile=plan.risk.percentile,
        low_end=OutcomeAmount.of(plan.expected.low),
        expected_plan_low_end=OutcomeAmount.of(other.expected.low),
        expected_plan_total=OutcomeAmount.of(other.expected.estimate),
        low_end_gain=OutcomeAmount.of(plan.expected.low - other.expected.low),
        expected_cost=OutcomeAmount.of(other.expected.estimate - plan.expected.estimate),
    )
