"""The weekly calendar against brute force on small problems with carryover and pacing rules.

The brute force enumerates every plan on a grid of budget shares and scores it with an
independent evaluation (numpy convolution with each channel's own adstock and saturation
objects, not the calendar's objective code). The calendar must never be below the best grid
plan, must keep every rule on its final numbers, and must certify a small gap.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest
from calendar_models import with_shapes

from model_engine.datasets import WeeklyHistory
from model_engine.forecasting import PeriodForecaster
from model_engine.mmm import HistoryFit
from model_engine.optimizer.calendar import (
    CalendarConflictError,
    CalendarRequest,
    DarkWeeks,
    FixedSpend,
    Loading,
    MaxWeeklyChange,
    MinWeeklySpend,
    PacingRule,
    plan_calendar,
)
from model_engine.periods import consecutive_weeks

N_WEEKS = 3
GRID = 12  # budget in twelfths over the 2 x 3 cells: 6,188 plans


def _media(fit: HistoryFit, plan: np.ndarray, earlier: np.ndarray, counted: bool) -> float:
    """Media outcome of ``plan`` (channels x weeks) over the plan's weeks and, if ``counted``,
    the weeks after it at the run-rate: an evaluation independent of the calendar code."""
    total = 0.0
    for c, channel in enumerate(fit.channels):
        kernel = channel.adstock.weights()
        lags = kernel.size - 1
        after = np.full(lags if counted else 0, channel.recent_weekly_spend)
        series = np.concatenate([earlier[:, c], plan[c], after])
        adstocked = np.convolve(series, kernel)[: series.size]
        weeks = adstocked[earlier.shape[0] :]
        total += channel.coefficient * float(np.sum(channel.saturation(weeks)))
    return total


def _brute_force(
    fit: HistoryFit,
    earlier: np.ndarray,
    budget: float,
    allowed: object,
    counted: bool,
) -> float:
    n_cells = 2 * N_WEEKS
    best = -np.inf
    for cut in itertools.combinations(range(GRID + n_cells - 1), n_cells - 1):
        parts = np.diff(np.concatenate([[-1], cut, [GRID + n_cells - 1]])) - 1
        plan = (parts * budget / GRID).reshape(2, N_WEEKS)
        if callable(allowed) and not allowed(plan):
            continue
        best = max(best, _media(fit, plan, earlier, counted))
    return best


@pytest.fixture(scope="module")
def two_channel(small_fit: HistoryFit) -> HistoryFit:
    return replace(small_fit, channels=small_fit.channels[:2], interactions=())


def _setup(fit: HistoryFit, history: WeeklyHistory) -> tuple[PeriodForecaster, float, np.ndarray]:
    forecaster = PeriodForecaster(fit, history)
    budget = float(sum(c.recent_weekly_spend for c in fit.channels)) * N_WEEKS
    l_max = fit.channels[0].adstock.l_max
    frame = history.frame[[c.name for c in fit.channels]]
    return forecaster, budget, frame.to_numpy(dtype=float)[-l_max:]


CASES: tuple[tuple[str, float, tuple[PacingRule, ...], bool], ...] = (
    ("concave, carryover out counted", 0.8, (), True),
    ("concave, carryover out ignored", 0.8, (), False),
    ("S-shaped", 1.6, (), True),
    ("pacing: +/-30% week to week", 0.9, (MaxWeeklyChange(0.3),), True),
    ("pacing: front-loaded 60%", 0.9, (Loading("front", 0.6, weeks=1),), True),
)


@pytest.mark.parametrize(("label", "shape", "pacing", "counted"), CASES, ids=[c[0] for c in CASES])
def test_calendar_is_never_below_brute_force(
    two_channel: HistoryFit,
    small_history: WeeklyHistory,
    label: str,
    shape: float,
    pacing: tuple[PacingRule, ...],
    counted: bool,
) -> None:
    fit = with_shapes(two_channel, shape)
    forecaster, budget, earlier = _setup(fit, small_history)
    weeks = consecutive_weeks(fit.last_week + pd.Timedelta(days=7), N_WEEKS)
    result = plan_calendar(
        forecaster,
        CalendarRequest(
            budget=budget,
            weeks=weeks,
            pacing=pacing,
            carryover_out="counted" if counted else "ignored",
        ),
    )
    plan = result.spend_table().to_numpy().T
    ours = _media(fit, plan, earlier, counted)

    def allowed(candidate: np.ndarray) -> bool:
        for rule in pacing:
            if isinstance(rule, MaxWeeklyChange):
                ratio_ok = np.all(
                    candidate[:, 1:] <= (1 + rule.fraction) * candidate[:, :-1] + 1e-9
                )
                ratio_ok &= np.all(
                    candidate[:, 1:] >= (1 - rule.fraction) * candidate[:, :-1] - 1e-9
                )
                if not ratio_ok:
                    return False
            if isinstance(rule, Loading) and candidate[:, 0].sum() < rule.share * budget - 1e-9:
                return False
        return True

    best = _brute_force(fit, earlier, budget, allowed, counted)
    assert abs(plan.sum() - budget) <= 1e-6 * budget
    assert allowed(plan)
    assert ours >= best - 1e-9 * abs(best), label
    # the certificate bounds the optimum, and brute force cannot beat the bound
    assert best <= ours + result.gap_bound + 1e-9 * abs(best)
    assert abs(result.objective_value - ours) <= 1e-7 * abs(ours)
    if shape <= 1:
        assert result.relative_gap <= 1e-7


def test_rules_hold_on_the_final_numbers(
    small_fit: HistoryFit, small_history: WeeklyHistory
) -> None:
    forecaster = PeriodForecaster(small_fit, small_history)
    weeks = consecutive_weeks(small_fit.last_week + pd.Timedelta(days=7), 8)
    budget = float(sum(c.recent_weekly_spend for c in small_fit.channels)) * 8
    names = small_fit.channel_names
    dark = weeks.starts[4].date()
    event = weeks.starts[2].date()
    pacing = (
        MinWeeklySpend(500.0),
        MaxWeeklyChange(0.25),
        DarkWeeks((dark,), channels=(names[1],)),
        FixedSpend(names[0], event, 3 * small_fit.channels[0].recent_weekly_spend),
        Loading("back", 0.55),
    )
    result = plan_calendar(forecaster, CalendarRequest(budget=budget, weeks=weeks, pacing=pacing))
    table = result.spend_table()
    assert table.to_numpy().sum() == pytest.approx(budget, rel=1e-9)
    assert table.loc[pd.Timestamp(weeks.starts[4]), names[1]] == 0.0
    assert table.loc[pd.Timestamp(weeks.starts[2]), names[0]] == pytest.approx(
        3 * small_fit.channels[0].recent_weekly_spend
    )
    for name in names:
        column = table[name].to_numpy()
        for t in range(1, len(column)):
            pair_free = not (
                (name == names[1] and t in (4, 5)) or (name == names[0] and t in (2, 3))
            )
            if pair_free:
                assert column[t] <= 1.25 * column[t - 1] * (1 + 1e-7) + 1e-6
                assert column[t] >= 0.75 * column[t - 1] * (1 - 1e-7) - 1e-6
        free_weeks = [t for t in range(8) if not (name == names[1] and t == 4)]
        assert np.all(column[free_weeks] >= 500.0 * (1 - 1e-9))
    assert table.iloc[4:].to_numpy().sum() >= 0.55 * budget * (1 - 1e-9)
    assert result.relative_gap < 1e-3
    # the equal-marginal-return rule: cells no rule holds share the budget's price
    free_marginals = [
        cell.marginal_return
        for week in result.weeks
        for cell in week.cells
        if not cell.binding and not cell.fixed
    ]
    if free_marginals:
        assert np.allclose(free_marginals, result.equalised_marginal_return, rtol=1e-4)
    kinds = {r.kind for r in result.binding}
    assert "dark_weeks" in kinds
    assert "fixed_spend" in kinds
    assert len(result.months) >= 2
    assert sum(m.total_spend for m in result.months) == pytest.approx(budget)


def test_conflicting_rules_are_named(small_fit: HistoryFit, small_history: WeeklyHistory) -> None:
    forecaster = PeriodForecaster(small_fit, small_history)
    weeks = consecutive_weeks(small_fit.last_week + pd.Timedelta(days=7), 4)
    budget = 10_000.0
    with pytest.raises(CalendarConflictError, match="at least"):
        plan_calendar(
            forecaster,
            CalendarRequest(budget=budget, weeks=weeks, pacing=(MinWeeklySpend(5_000.0),)),
        )


def test_week_outside_the_plan_is_a_clear_error(
    small_fit: HistoryFit, small_history: WeeklyHistory
) -> None:
    forecaster = PeriodForecaster(small_fit, small_history)
    weeks = consecutive_weeks(small_fit.last_week + pd.Timedelta(days=7), 4)
    with pytest.raises(ValueError, match="outside the plan"):
        plan_calendar(
            forecaster,
            CalendarRequest(budget=1e5, weeks=weeks, pacing=(DarkWeeks((date(2000, 1, 3),)),)),
        )
