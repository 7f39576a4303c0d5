"""``budgetmix forecast --json``: :class:`ForecastDocument`, ``weeks: [{week, expected, low,
high, baseline, media}]`` as the contract says, then the totals, the carryover of spend already
made, the assumptions and the model the forecast rests on."""

from __future__ import annotations

from pydantic import Field

from model_engine.forecasting import PeriodForecast, PlanFile
from model_engine.mmm import HistoryFit
from tools.views.base import View
from tools.views.calendar import ForecastWeekOutcome
from tools.views.documents.base import Document, week_label
from tools.views.units import Fraction, Money, OutcomeAmount, Percent


class ForecastTotal(View):
    expected: OutcomeAmount
    low: OutcomeAmount
    high: OutcomeAmount
    baseline: OutcomeAmount
    media: OutcomeAmount
    carryover_in: OutcomeAmount = Field(description="Media from spend before the period.")
    carryover_out: OutcomeAmount = Field(description="Media after the period from its spend.")
    spend: Money


class CarryoverInLine(View):
    week: str
    media: OutcomeAmount


class PlanColumns(View):
    supplied: list[str] = Field(description="Control and event columns taken from the plan.")
    ignored: list[str] = Field(description="Columns the model does not use.")


class ForecastModelLine(View):
    holdout_mape: Percent | None
    usable_for_planning: bool
    verdict: str


class ForecastDocument(Document):
    """The planned weeks' outcome with its prediction interval, split into baseline and
    media."""

    weeks: list[ForecastWeekOutcome]
    target: str
    interval_level: Fraction
    interval_kind: str
    total: ForecastTotal
    carryover_in: list[CarryoverInLine]
    assumptions: list[str]
    plan: PlanColumns
    model: ForecastModelLine
    seconds: float


def forecast_document(
    forecast: PeriodForecast, fit: HistoryFit, planned: PlanFile, seconds: float
) -> ForecastDocument:
    return ForecastDocument(
        weeks=[
            ForecastWeekOutcome(
                week=week_label(w.week),
                expected=OutcomeAmount.exact(w.expected),
                low=OutcomeAmount.exact(w.low),
                high=OutcomeAmount.exact(w.high),
                baseline=OutcomeAmount.exact(w.baseline),
                media=OutcomeAmount.exact(w.media),
            )
            for w in forecast.weeks
        ],
        target=forecast.target,
        interval_level=Fraction.exact(forecast.level),
        interval_kind=forecast.interval_kind,
        total=ForecastTotal(
            expected=OutcomeAmount.exact(forecast.total.estimate),
            low=OutcomeAmount.exact(forecast.total.low),
            high=OutcomeAmount.exact(forecast.total.high),
            baseline=OutcomeAmount.exact(forecast.baseline_total),
            media=OutcomeAmount.exact(forecast.media_total),
            carryover_in=OutcomeAmount.exact(forecast.carryover_in_total),
            carryover_out=OutcomeAmount.exact(forecast.carryover_out),
            spend=Money.exact(forecast.spend_total),
        ),
        carryover_in=[
            CarryoverInLine(week=week_label(w.week), media=OutcomeAmount.exact(w.carryover_in))
            for w in forecast.weeks
        ],
        assumptions=list(forecast.assumptions),
        plan=PlanColumns(supplied=list(planned.supplied), ignored=list(planned.ignored)),
        model=ForecastModelLine(
            holdout_mape=Percent.exact(fit.metrics.holdout_mape),
            usable_for_planning=fit.usable_for_planning,
            verdict=fit.verdict.headline,
        ),
        seconds=seconds,
    )
