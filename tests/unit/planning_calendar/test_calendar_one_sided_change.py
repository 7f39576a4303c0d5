"""A weekly calendar under a one-sided change limit: each channel's total over the weeks keeps
at least the share of its current spend the limit allows, and the postcondition names a
calendar that cuts past it."""

from __future__ import annotations

import pandas as pd
import pytest

from model_engine.constraints import ChangeBound
from model_engine.datasets import WeeklyHistory
from model_engine.forecasting import PeriodForecaster
from model_engine.mmm import HistoryFit
from model_engine.money import format_money
from model_engine.optimizer.calendar import (
    CalendarConflictError,
    CalendarRequest,
    broken_calendar_rules,
    plan_calendar,
)
from model_engine.periods import consecutive_weeks

N_WEEKS = 8


def test_the_calendar_keeps_the_cut_limit_on_every_channel_total(
    small_fit: HistoryFit, small_history: WeeklyHistory
) -> None:
    model = small_fit.to_response_model(N_WEEKS)
    weeks = consecutive_weeks(small_fit.last_week + pd.Timedelta(days=7), N_WEEKS)
    current = {c.name: c.current_spend for c in model.channels}
    budget = sum(current.values())
    forecaster = PeriodForecaster(small_fit, small_history)
    free = plan_calendar(forecaster, CalendarRequest(budget=budget, weeks=weeks))
    cut_most = min(current, key=lambda n: free.channel_totals[n] / current[n])
    assert free.channel_totals[cut_most] < 0.9 * current[cut_most]  # the limit has work to do
    request = CalendarRequest(budget=budget, weeks=weeks, constraints=(ChangeBound(max_cut=0.1),))
    limited = plan_calendar(forecaster, request)
    for name, now in current.items():
        assert limited.channel_totals[name] >= 0.9 * now - 1e-6 * budget, name
    assert broken_calendar_rules(model, request, limited) == ()
    # The free calendar under the same rule is named as breaking it.
    broken = broken_calendar_rules(model, request, free)
    assert any(cut_most in b and "must be at least" in b for b in broken)


def test_a_budget_below_the_floors_is_refused_with_the_figures(
    small_fit: HistoryFit, small_history: WeeklyHistory
) -> None:
    model = small_fit.to_response_model(N_WEEKS)
    weeks = consecutive_weeks(small_fit.last_week + pd.Timedelta(days=7), N_WEEKS)
    current = sum(c.current_spend for c in model.channels)
    request = CalendarRequest(
        budget=0.4 * current, weeks=weeks, constraints=(ChangeBound(max_cut=0.5),)
    )
    with pytest.raises(CalendarConflictError) as raised:
        plan_calendar(PeriodForecaster(small_fit, small_history), request)
    message = str(raised.value)
    assert "no channel is cut by more than 50% from current spend" in message
    floors = format_money(0.5 * current, model.currency)
    assert f"The channel minimums add up to {floors}, more than" in message
