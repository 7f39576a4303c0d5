"""The forecast of dated weeks: carryover in from earlier spend, the baseline carried forward,
intervals, and the planned-spend file's errors."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model_engine.datasets import WeeklyHistory
from model_engine.forecasting import PeriodForecaster, SpendPlan, read_plan_file
from model_engine.forecasting.timeline import baseline_weeks, same_week_last_year
from model_engine.intake import IntakeError
from model_engine.mmm import HistoryFit


def _plan(fit: HistoryFit, weeks: int, scale: float = 1.0) -> SpendPlan:
    index = pd.date_range(fit.last_week + pd.Timedelta(days=7), periods=weeks, freq="7D")
    spend = {c.name: np.full(weeks, scale * c.recent_weekly_spend) for c in fit.channels}
    return SpendPlan(pd.DataFrame(spend, index=index))


def _with_recent_spend(history: WeeklyHistory, factor: float, weeks: int) -> WeeklyHistory:
    frame = history.frame.copy()
    columns = list(history.channels)
    frame.iloc[-weeks:, [frame.columns.get_loc(c) for c in columns]] *= factor
    return replace(history, frame=frame)


def test_point_forecast_matches_the_fit_on_the_same_weeks(
    forecast_fit: HistoryFit, forecast_history: WeeklyHistory
) -> None:
    # Forecasting the history's own last weeks from the weeks before them reproduces the
    # fitted model's prediction there: the same baseline, the same carryover.
    cut = forecast_history.n_weeks - 8
    earlier = replace(forecast_history, frame=forecast_history.frame.iloc[:cut])
    fit = replace(forecast_fit, last_week=pd.Timestamp(earlier.frame.index[-1]))
    test = forecast_history.frame.iloc[cut:]
    supplied = test[[*forecast_history.controls, *forecast_history.events]]
    plan = SpendPlan(test[list(forecast_history.channels)], supplied)
    forecast = PeriodForecaster(fit, earlier).forecast(plan)
    predicted = forecast_fit.predict(forecast_history.frame).iloc[cut:].to_numpy()
    assert np.allclose([w.expected for w in forecast.weeks], predicted, rtol=1e-9)
    assert all(w.expected == pytest.approx(w.baseline + w.media) for w in forecast.weeks)


def test_carryover_in_from_earlier_spend_raises_the_first_weeks(
    forecast_fit: HistoryFit, forecast_history: WeeklyHistory
) -> None:
    plan = _plan(forecast_fit, 13)
    base = PeriodForecaster(forecast_fit, forecast_history).forecast(plan)
    doubled_history = _with_recent_spend(forecast_history, 2.0, 13)
    doubled = PeriodForecaster(forecast_fit, doubled_history).forecast(plan)
    nothing_before = PeriodForecaster(
        forecast_fit, _with_recent_spend(forecast_history, 0.0, 13)
    ).forecast(plan)
    gain = np.array([d.media - b.media for d, b in zip(doubled.weeks, base.weeks, strict=True)])
    # More spend just before the plan adds media in its first weeks, fading as it decays.
    assert gain[0] > 0
    assert gain[0] >= gain[-1] - 1e-9
    assert doubled.carryover_in_total > base.carryover_in_total > 0
    assert nothing_before.carryover_in_total == pytest.approx(0.0, abs=1e-9)
    # The baseline does not depend on earlier spend.
    assert [w.baseline for w in doubled.weeks] == [w.baseline for w in base.weeks]
    # The saved-model path (no history) assumes the run-rate before the plan and says so.
    run_rate = PeriodForecaster(forecast_fit).forecast(plan)
    assert run_rate.interval_kind == "expected"
    assert any("run-rate" in a for a in run_rate.assumptions)


def test_intervals_contain_the_expected_outcome(
    forecast_fit: HistoryFit, forecast_history: WeeklyHistory
) -> None:
    forecast = PeriodForecaster(forecast_fit, forecast_history, seed=1).forecast(
        _plan(forecast_fit, 6, 1.5)
    )
    assert forecast.interval_kind == "prediction"
    for week in forecast.weeks:
        assert week.low < week.expected < week.high
    assert forecast.total.low < forecast.total.estimate < forecast.total.high
    assert forecast.carryover_out > 0


def _write_plan(path: Path, fit: HistoryFit, start: pd.Timestamp, weeks: int) -> pd.DataFrame:
    index = pd.date_range(start, periods=weeks, freq="7D")
    frame = pd.DataFrame({c.name: [c.recent_weekly_spend] * weeks for c in fit.channels})
    frame.insert(0, "week", index.strftime("%Y-%m-%d"))
    frame.to_csv(path, index=False)
    return frame


def test_plan_file_errors_name_the_row_and_column(forecast_fit: HistoryFit, tmp_path: Path) -> None:
    start = forecast_fit.last_week + pd.Timedelta(days=7)
    good = tmp_path / "plan.csv"
    _write_plan(good, forecast_fit, start, 4)
    planned = read_plan_file(good, forecast_fit, date="week")
    assert planned.plan.n_weeks == 4

    late = tmp_path / "late.csv"
    _write_plan(late, forecast_fit, start + pd.Timedelta(days=14), 4)
    with pytest.raises(IntakeError, match=r"row 2.*after a gap.*Start the plan the week after"):
        read_plan_file(late, forecast_fit, date="week")

    frame = _write_plan(tmp_path / "gap.csv", forecast_fit, start, 5).drop(index=2)
    first = forecast_fit.channel_names[0]
    frame = frame.drop(columns=[first])
    frame.to_csv(tmp_path / "gap.csv", index=False)
    with pytest.raises(IntakeError) as raised:
        read_plan_file(tmp_path / "gap.csv", forecast_fit, date="week")
    message = str(raised.value)
    assert f"no spend column for {first}" in message
    assert "row 4" in message
    assert "1 week(s) missing" in message


def test_controls_default_to_the_same_weeks_of_the_last_year(
    forecast_fit: HistoryFit, forecast_history: WeeklyHistory
) -> None:
    """A plan without controls gets each control's value of the same week a year before (its
    own season kept), not its recent average; without the history, the average."""
    weeks = pd.date_range(forecast_fit.last_week + pd.Timedelta(days=7), periods=13, freq="7D")
    back = same_week_last_year(forecast_history.frame.index, weeks)
    assert back is not None
    assert list(back) == list(weeks - pd.Timedelta(weeks=52))
    far = pd.date_range(weeks[0] + pd.Timedelta(weeks=60), periods=3, freq="7D")
    far_back = same_week_last_year(forecast_history.frame.index, far)
    assert far_back is not None
    assert (far_back <= forecast_fit.last_week).all()
    assert (far_back > forecast_fit.last_week - pd.Timedelta(weeks=52)).all()

    controls = list(forecast_history.controls)
    last_year = forecast_history.frame[controls].reindex(back).set_axis(weeks)
    default = baseline_weeks(forecast_fit, weeks, None, forecast_history)
    supplied = baseline_weeks(forecast_fit, weeks, last_year, forecast_history)
    np.testing.assert_allclose(default.values, supplied.values)
    assert any("same weeks of the history's last year" in a for a in default.assumptions)
    without_history = baseline_weeks(forecast_fit, weeks)
    assert any("average over the history's last 13 weeks" in a for a in without_history.assumptions)
    assert not np.allclose(without_history.values, default.values)
    # The assumption's own error on the history widens the prediction interval; supplied
    # values (the same numbers, but known) do not add it.
    assert default.repeat_errors is not None
    assert supplied.repeat_errors is None
    forecaster = PeriodForecaster(forecast_fit, forecast_history, seed=0)
    plan = _plan(forecast_fit, 13)
    assumed = forecaster.forecast(plan)
    known = forecaster.forecast(SpendPlan(plan.spend, last_year))
    np.testing.assert_allclose(
        [w.expected for w in assumed.weeks], [w.expected for w in known.weeks]
    )
    width = sum(w.high - w.low for w in assumed.weeks)
    assert width > sum(w.high - w.low for w in known.weeks)
