"""The calendar's postcondition: every rule re-checked on the final weekly numbers. A calendar
the solver returns passes; the same calendar with one cell moved breaks exactly the rule the
move breaks, in words."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from model_engine.datasets import WeeklyHistory
from model_engine.forecasting import PeriodForecaster
from model_engine.mmm import HistoryFit
from model_engine.optimizer.calendar import (
    CalendarRequest,
    CalendarResult,
    DarkWeeks,
    Loading,
    MaxWeeklyChange,
    MinWeeklySpend,
    broken_calendar_rules,
    plan_calendar,
)
from model_engine.periods import consecutive_weeks

N_WEEKS = 8


@pytest.fixture(scope="module")
def planned(
    small_fit: HistoryFit, small_history: WeeklyHistory
) -> tuple[CalendarRequest, CalendarResult]:
    weeks = consecutive_weeks(small_fit.last_week + pd.Timedelta(days=7), N_WEEKS)
    budget = float(sum(c.recent_weekly_spend for c in small_fit.channels)) * N_WEEKS
    names = small_fit.channel_names
    request = CalendarRequest(
        budget=budget,
        weeks=weeks,
        pacing=(
            MinWeeklySpend(500.0),
            MaxWeeklyChange(0.25),
            DarkWeeks((weeks.starts[4].date(),), channels=(names[1],)),
            Loading("back", 0.55),
        ),
    )
    return request, plan_calendar(PeriodForecaster(small_fit, small_history), request)


def _moved(result: CalendarResult, week: int, channel: str, amount: float) -> CalendarResult:
    """``result`` with ``amount`` more for ``channel`` in ``week`` (and the first other
    channel's spend that week lower by as much, so the budget still adds up)."""
    cells = list(result.weeks[week].cells)
    at = next(i for i, c in enumerate(cells) if c.channel == channel)
    other = next(i for i, c in enumerate(cells) if c.channel != channel and c.spend > amount)
    cells[at] = replace(cells[at], spend=cells[at].spend + amount)
    cells[other] = replace(cells[other], spend=cells[other].spend - amount)
    weeks = list(result.weeks)
    weeks[week] = replace(weeks[week], cells=tuple(cells))
    return replace(result, weeks=tuple(weeks))


def test_the_solvers_calendar_keeps_every_rule(
    small_fit: HistoryFit, planned: tuple[CalendarRequest, CalendarResult]
) -> None:
    request, result = planned
    model = small_fit.to_response_model(N_WEEKS)
    assert broken_calendar_rules(model, request, result) == ()


def test_spend_in_a_dark_week_is_named(
    small_fit: HistoryFit, planned: tuple[CalendarRequest, CalendarResult]
) -> None:
    request, result = planned
    dark_channel = small_fit.channel_names[1]
    broken = broken_calendar_rules(
        small_fit.to_response_model(N_WEEKS), request, _moved(result, 4, dark_channel, 100.0)
    )
    assert any("dark in the week" in b and dark_channel in b for b in broken)


def test_a_jump_between_weeks_and_an_overspent_budget_are_named(
    small_fit: HistoryFit, planned: tuple[CalendarRequest, CalendarResult]
) -> None:
    request, result = planned
    name = small_fit.channel_names[0]
    model = small_fit.to_response_model(N_WEEKS)
    jump = result.weeks[1].spend[name]  # doubling one week's spend breaks the ±25% rule
    broken = broken_calendar_rules(model, request, _moved(result, 1, name, jump))
    assert any("±25% week to week" in b for b in broken)

    cells = list(result.weeks[0].cells)
    cells[0] = replace(cells[0], spend=cells[0].spend + 0.01 * request.budget)
    weeks = (replace(result.weeks[0], cells=tuple(cells)), *result.weeks[1:])
    over = broken_calendar_rules(model, request, replace(result, weeks=weeks))
    assert any(b.startswith("the budget of") for b in over)
