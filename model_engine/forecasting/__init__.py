"""Forecasts of dated future weeks from a history fit.

``PeriodForecaster(fit, history).forecast(plan)`` gives a :class:`PeriodForecast`: per week the
expected outcome with its interval, split into baseline and media, with the carryover of spend
already made flowing in. ``read_plan_file`` reads a planned-spend CSV into a :class:`SpendPlan`.
"""

from model_engine.forecasting.dynamics import WeeklyMedia
from model_engine.forecasting.forecast import (
    IntervalKind,
    PeriodForecast,
    PeriodForecaster,
    WeekForecast,
)
from model_engine.forecasting.plan_file import PlanFile, read_plan_file
from model_engine.forecasting.timeline import SpendBefore, SpendPlan, baseline_weeks, spend_before

__all__ = [
    "IntervalKind",
    "PeriodForecast",
    "PeriodForecaster",
    "PlanFile",
    "SpendBefore",
    "SpendPlan",
    "WeekForecast",
    "WeeklyMedia",
    "baseline_weeks",
    "read_plan_file",
    "spend_before",
]
