"""The forecast of a dated period and its weekly calendar, as the chat, the LLM, the exports and
``ask --json`` see them.

``ForecastView.weeks`` carries ``{week, expected, low, high, baseline, media}`` and
``CalendarView.calendar`` ``{week, spend: {channel: amount}, expected, low, high}``, the
field names of ``budgetmix forecast --json`` and ``budgetmix optimize --calendar --json``.
Built in one place each: :func:`forecast_view`, :func:`calendar_view`.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import Field

from model_engine.forecasting import PeriodForecast
from model_engine.kpi import Kpi
from model_engine.optimizer.calendar import CalendarResult, PeriodTotal
from tools.views.base import OutcomeView, Range, View, outcome_range
from tools.views.units import Fraction, Money, OutcomeAmount, Ratio


class KpiView(View):
    """The KPI a plan optimises and how it was derived from the model's outcome."""

    name: str
    model_outcome: str
    derivation: str
    requested: str | None = Field(None, description="The words the CMO used, if any.")
    fallback: str | None = Field(None, description="Why the asked-for KPI could not be used.")
    description: str


class ForecastWeekOutcome(View):
    """One week's forecast outcome (``forecast --json``'s week; the chat's adds spend)."""

    week: str = Field(description="Week start, YYYY-MM-DD.")
    expected: OutcomeAmount
    low: OutcomeAmount
    high: OutcomeAmount
    baseline: OutcomeAmount = Field(description="Trend, season and controls.")
    media: OutcomeAmount = Field(description="Media, with the carryover of earlier spend.")


class ForecastWeekLine(ForecastWeekOutcome):
    carryover_in: OutcomeAmount
    spend: Money


class ForecastView(OutcomeView):
    """Week by week, the expected outcome of a dated plan with its interval."""

    period: str
    spend_plan: str = Field(description="Which spend the forecast is of.")
    weeks: list[ForecastWeekLine]
    total: Range[OutcomeAmount]
    baseline_total: OutcomeAmount
    media_total: OutcomeAmount
    carryover_in_total: OutcomeAmount
    carryover_out: OutcomeAmount
    spend_total: Money
    interval_level: Fraction
    interval_kind: str = Field(
        description="'prediction': covers what will be observed; else the expected outcome."
    )
    assumptions: list[str]
    kpi: KpiView


class CalendarWeekLine(View):
    week: str = Field(description="Week start, YYYY-MM-DD.")
    month: str
    part: str
    spend: dict[str, Money]
    total_spend: Money
    expected: OutcomeAmount
    low: OutcomeAmount
    high: OutcomeAmount


class PeriodTotalLine(View):
    label: str
    weeks: int
    spend: dict[str, Money]
    total_spend: Money
    expected: OutcomeAmount = Field(description="Baseline plus media over its weeks.")
    media: OutcomeAmount
    budget: Money | None = Field(None, description="The part's own budget, when each part has one.")


class CalendarRuleLine(View):
    rule: str
    kind: str
    binds: bool
    cost: OutcomeAmount | None = Field(
        None, description="Outcome given up against planning without the rule."
    )


class CalendarView(OutcomeView):
    """The weekly calendar: spend per channel and week that maximises the period's KPI."""

    period: str
    channels: list[str]
    calendar: list[CalendarWeekLine]
    months: list[PeriodTotalLine]
    parts: list[PeriodTotalLine]
    channel_totals: dict[str, Money]
    budget: Money
    total_spend: Money
    expected: Range[OutcomeAmount]
    media_outcome: OutcomeAmount
    carryover_in: OutcomeAmount
    carryover_out: OutcomeAmount
    carryover_out_policy: str
    equalised_marginal_return: Ratio = Field(
        description="Outcome per unit of currency shared by every unconstrained week and channel."
    )
    method: str
    relative_gap: Ratio = Field(description="Bound on the distance to the optimum, as a share.")
    rules: list[CalendarRuleLine]
    kpi: KpiView
    assumptions: list[str]
    notes: list[str]
    forecast: ForecastView

    def peak_week(self) -> CalendarWeekLine:
        return max(self.calendar, key=lambda w: float(w.total_spend))

    def quiet_week(self) -> CalendarWeekLine:
        return min(self.calendar, key=lambda w: float(w.total_spend))


def kpi_view(kpi: Kpi) -> KpiView:
    return KpiView(
        name=kpi.name,
        model_outcome=kpi.model_outcome,
        derivation=kpi.derivation,
        requested=kpi.requested,
        fallback=kpi.fallback,
        description=kpi.describe(),
    )


def _money(values: Mapping[str, float]) -> dict[str, Money]:
    return {name: Money.of(amount) for name, amount in values.items()}


def forecast_view(
    forecast: PeriodForecast, kpi: Kpi, *, period: str, spend_plan: str
) -> ForecastView:
    return ForecastView(
        currency=forecast.currency,
        outcome_name=kpi.name,
        outcome_unit=forecast.outcome_unit,
        period=period,
        spend_plan=spend_plan,
        weeks=[
            ForecastWeekLine(
                week=f"{w.week:%Y-%m-%d}",
                expected=OutcomeAmount.of(w.expected),
                low=OutcomeAmount.of(w.low),
                high=OutcomeAmount.of(w.high),
                baseline=OutcomeAmount.of(w.baseline),
                media=OutcomeAmount.of(w.media),
                carryover_in=OutcomeAmount.of(w.carryover_in),
                spend=Money.of(sum(w.spend.values())),
            )
            for w in forecast.weeks
        ],
        total=outcome_range(forecast.total.estimate, forecast.total.low, forecast.total.high),
        baseline_total=OutcomeAmount.of(forecast.baseline_total),
        media_total=OutcomeAmount.of(forecast.media_total),
        carryover_in_total=OutcomeAmount.of(forecast.carryover_in_total),
        carryover_out=OutcomeAmount.of(forecast.carryover_out),
        spend_total=Money.of(forecast.spend_total),
        interval_level=Fraction.of(forecast.level),
        interval_kind=forecast.interval_kind,
        assumptions=list(forecast.assumptions),
        kpi=kpi_view(kpi),
    )


def _total(total: PeriodTotal) -> PeriodTotalLine:
    return PeriodTotalLine(
        label=total.label,
        weeks=total.weeks,
        spend=_money(total.spend),
        total_spend=Money.of(total.total_spend),
        expected=OutcomeAmount.of(total.expected),
        media=OutcomeAmount.of(total.media),
        budget=Money.of(total.budget),
    )


def calendar_view(result: CalendarResult, kpi: Kpi, *, period: str) -> CalendarView:
    return CalendarView(
        currency=result.currency,
        outcome_name=kpi.name,
        outcome_unit=kpi.unit,
        period=period,
        channels=list(result.channels),
        calendar=[
            CalendarWeekLine(
                week=f"{w.week:%Y-%m-%d}",
                month=w.month,
                part=w.part,
                spend=_money(w.spend),
                total_spend=Money.of(w.total_spend),
                expected=OutcomeAmount.of(w.expected),
                low=OutcomeAmount.of(w.low),
                high=OutcomeAmount.of(w.high),
            )
            for w in result.weeks
        ],
        months=[_total(m) for m in result.months],
        parts=[_total(p) for p in result.parts],
        channel_totals=_money(result.channel_totals),
        budget=Money.of(result.budget),
        total_spend=Money.of(result.total_spend),
        expected=outcome_range(result.expected.estimate, result.expected.low, result.expected.high),
        media_outcome=OutcomeAmount.of(result.media_outcome),
        carryover_in=OutcomeAmount.of(result.carryover_in),
        carryover_out=OutcomeAmount.of(result.carryover_out),
        carryover_out_policy=result.tail_policy,
        equalised_marginal_return=Ratio.of(result.equalised_marginal_return),
        method=result.method,
        relative_gap=Ratio.of(result.relative_gap),
        rules=[
            CalendarRuleLine(
                rule=r.description,
                kind=r.kind,
                binds=r.binds,
                cost=OutcomeAmount.of(r.cost),
            )
            for r in result.rules
            if r.kind != "total_budget"
        ],
        kpi=kpi_view(kpi),
        assumptions=list(result.assumptions),
        notes=list(result.notes),
        forecast=forecast_view(
            result.forecast, kpi, period=period, spend_plan="the optimised calendar"
        ),
    )
