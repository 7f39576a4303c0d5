"""What a dated plan rests on besides its own spend: the spend of the weeks before it (which
carries over into it), the spend assumed after it (which shares saturation with the plan's own
carryover out), and the controls and events of its weeks.

Spend already made is taken from the history's last weeks when the history is at hand; weeks
between the history's end and the plan's start, and the weeks before the plan when only a
saved model is, are assumed to run at the recent run-rate (the last 13 weeks' average), and the
objects say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from model_engine.datasets import WeeklyHistory
from model_engine.mmm import HistoryFit
from model_engine.money import format_money
from model_engine.saturation import FloatArray

WEEK = pd.Timedelta(days=7)
SEASON_WEEKS = 52  # a year of weeks: a control or event repeats its value of a year before
EarlierSource = Literal["history", "run_rate"]


@dataclass(frozen=True, eq=False)
class SpendPlan:
    """Planned spend per week (rows: consecutive week starts) and channel (columns), with any
    control or event values supplied for those weeks."""

    spend: pd.DataFrame
    supplied: pd.DataFrame | None = None  # controls/events per week, same index

    def __post_init__(self) -> None:
        index = self.spend.index
        if not isinstance(index, pd.DatetimeIndex) or len(index) == 0:
            raise ValueError("a spend plan needs at least one dated week")
        off_grid = np.diff(index.values) != np.timedelta64(7, "D")
        if np.any(off_grid):
            position = int(np.argmax(off_grid))
            raise ValueError(
                f"the plan's weeks must follow each other 7 days apart: {index[position]:%Y-%m-%d} "
                f"is followed by {index[position + 1]:%Y-%m-%d}"
            )
        values = self.spend.to_numpy(dtype=np.float64)
        if not np.all(np.isfinite(values)) or np.any(values < 0):
            raise ValueError("planned spend must be finite and not negative")
        if self.supplied is not None and not self.supplied.index.equals(index):
            raise ValueError("supplied controls must cover exactly the plan's weeks")

    @property
    def weeks(self) -> pd.DatetimeIndex:
        return pd.DatetimeIndex(self.spend.index)

    @property
    def n_weeks(self) -> int:
        return len(self.spend)

    def matrix(self, names: tuple[str, ...]) -> FloatArray:
        missing = [n for n in names if n not in self.spend.columns]
        if missing:
            raise ValueError(f"the plan has no spend for {', '.join(missing)}")
        return self.spend[list(names)].to_numpy(dtype=np.float64)


@dataclass(frozen=True, eq=False)
class SpendBefore:
    """Weekly spend of the ``l_max`` weeks just before a plan, oldest first, ``(L, C)``."""

    spend: FloatArray
    first_plan_week: pd.Timestamp
    source: EarlierSource
    gap_weeks: int  # weeks between the history's end and the plan, assumed at the run-rate
    run_rate: FloatArray  # (C,) the recent weekly run-rate, also assumed after the plan

    def describe(self, currency: str) -> str:
        total = format_money(float(self.run_rate.sum()), currency)
        if self.source == "history" and self.gap_weeks == 0:
            return "carryover in from the actual spend of the history's last weeks"
        if self.source == "history":
            return (
                f"carryover in from the history's last weeks, with the {self.gap_weeks} weeks "
                f"between its end and the plan assumed at the recent run-rate ({total} a week)"
            )
        return (
            f"carryover in assumes the weeks before the plan ran at the recent run-rate "
            f"({total} a week): the saved model keeps the run-rate, not the weekly spend; "
            "give the history for the exact carryover"
        )


def spend_before(
    fit: HistoryFit, first_plan_week: pd.Timestamp, history: WeeklyHistory | None = None
) -> SpendBefore:
    """The spend carrying over into a plan starting ``first_plan_week``.

    Raises ``ValueError`` when the plan starts inside the history, off its weekly grid, or when
    ``history`` is not the one the model was fitted on (different last week or channels).
    """
    start = pd.Timestamp(first_plan_week)
    step = (start - fit.last_week) / WEEK
    if step < 1:
        raise ValueError(
            f"the plan starts {start:%Y-%m-%d}, inside the history (its last week is "
            f"{fit.last_week:%Y-%m-%d}): plan weeks start after it"
        )
    if step != int(step):
        raise ValueError(
            f"the plan's first week {start:%Y-%m-%d} is not on the history's weekly grid "
            f"(weeks start on {fit.last_week:%A}s, e.g. {fit.last_week + WEEK:%Y-%m-%d})"
        )
    gap = int(step) - 1
    names = fit.channel_names
    l_max = max(c.adstock.l_max for c in fit.channels)
    run_rate = np.array([c.recent_weekly_spend for c in fit.channels])
    if history is None:
        return SpendBefore(np.tile(run_rate, (l_max, 1)), start, "run_rate", gap, run_rate)
    frame = history.frame
    if pd.Timestamp(frame.index[-1]) != fit.last_week:
        raise ValueError(
            f"the history ends {frame.index[-1]:%Y-%m-%d} but the model was fitted up to "
            f"{fit.last_week:%Y-%m-%d}: give the history the model was fitted on"
        )
    missing = [n for n in names if n not in frame.columns]
    if missing:
        raise ValueError(f"the history has no spend column for {', '.join(missing)}")
    actual = frame[list(names)].to_numpy(dtype=np.float64)
    series = np.vstack([actual, np.tile(run_rate, (gap, 1))])[-l_max:]
    if series.shape[0] < l_max:  # a history shorter than the kernel: older weeks spent nothing
        series = np.vstack([np.zeros((l_max - series.shape[0], len(names))), series])
    return SpendBefore(series, start, "history", gap, run_rate)


def same_week_last_year(
    index: pd.DatetimeIndex, weeks: pd.DatetimeIndex
) -> pd.DatetimeIndex | None:
    r"""For each of ``weeks`` (after the history ``index``), the history week a whole number of
    years (52 weeks each) before it, in the history's last year: week :math:`t` maps to
    :math:`t - 52k` with :math:`k = \lceil (t - t_{last}) / 52 \rceil`. ``None`` when one of
    them falls before the history or off its weeks (under a year of history)."""
    last = index[-1]
    ahead = np.asarray((weeks - last) / WEEK, dtype=np.float64)
    years = np.maximum(1, np.ceil(ahead / SEASON_WEEKS)).astype(int)
    back = pd.DatetimeIndex(
        [w - SEASON_WEEKS * int(k) * WEEK for w, k in zip(weeks, years, strict=True)]
    )
    return back if back.isin(index).all() else None


def _repeated(
    history: WeeklyHistory | None, name: str, weeks: pd.DatetimeIndex
) -> FloatArray | None:
    if history is None or name not in history.frame.columns:
        return None
    back = same_week_last_year(pd.DatetimeIndex(history.frame.index), weeks)
    if back is None:
        return None
    return history.frame[name].reindex(back).to_numpy(dtype=np.float64)


@dataclass(frozen=True)
class BaselineWeeks:
    """The non-media outcome of dated weeks, and what was assumed for it."""

    values: FloatArray  # (T,)
    design: FloatArray  # (T, p) the baseline columns of those weeks
    assumptions: tuple[str, ...]
    # What repeating last year's controls and events got wrong on the history, week by week
    # (the baseline with their real values less the baseline with last year's): the spread a
    # prediction interval adds for the assumption. None when nothing was repeated.
    repeat_errors: FloatArray | None = None


def baseline_weeks(
    fit: HistoryFit,
    weeks: pd.DatetimeIndex,
    supplied: pd.DataFrame | None = None,
    history: WeeklyHistory | None = None,
) -> BaselineWeeks:
    """Trend and yearly seasonality carried forward to ``weeks``; each control and event at its
    supplied value or, if none, at its value in the same week of the history's last year (so a
    control with a season of its own, and a holiday, keep theirs; see :func:`same_week_last_year`);
    without the history, or with under a year of it, a control at its average over the
    history's last 13 weeks and an event at 0."""
    design = fit.baseline.design
    frame = pd.DataFrame(index=weeks)
    held: list[str] = []
    given: list[str] = []
    repeated: list[str] = []
    for name, recent in zip(design.controls, fit.baseline.recent_controls, strict=True):
        last_year = _repeated(history, name, weeks)
        if supplied is not None and name in supplied.columns:
            frame[name] = supplied[name].to_numpy(dtype=np.float64)
            given.append(name)
        elif last_year is not None:
            frame[name] = last_year
            repeated.append(name)
        else:
            frame[name] = recent
            held.append(f"{name} at {recent:,.4g}")
    quiet: list[str] = []
    for name in design.events:
        last_year = _repeated(history, name, weeks)
        if supplied is not None and name in supplied.columns:
            frame[name] = supplied[name].to_numpy(dtype=np.float64)
            given.append(name)
        elif last_year is not None:
            frame[name] = last_year
            repeated.append(name)
        else:
            frame[name] = 0.0
            quiet.append(name)
    assumptions = [
        "trend and yearly seasonality projected from the history"
        if design.fourier_order > 0
        else "trend projected from the history (under a year of weeks: no seasonality)"
    ]
    if held:
        assumptions.append(
            "controls held at their average over the history's last 13 weeks: " + ", ".join(held)
        )
    if repeated:
        assumptions.append(
            "controls and events as in the same weeks of the history's last year: "
            + ", ".join(repeated)
        )
    if given:
        assumptions.append("supplied for the plan's weeks: " + ", ".join(given))
    if quiet:
        assumptions.append("no events in the plan's weeks: " + ", ".join(quiet))
    ahead = (weeks[-1] - fit.last_week) / WEEK
    if ahead > 52:
        assumptions.append(
            f"the plan ends {ahead:.0f} weeks after the history: a trend carried that far is "
            "a guess, not a measurement"
        )
    matrix = design.matrix(frame)
    coefficients = np.asarray(fit.baseline.coefficients)
    values = matrix @ coefficients
    errors = None
    if repeated and history is not None:
        real = history.frame
        assumed = real.copy()
        assumed[repeated] = real[repeated].shift(SEASON_WEEKS)
        rows = slice(SEASON_WEEKS, None)
        gap = design.matrix(real.iloc[rows]) - design.matrix(assumed.iloc[rows])
        errors = np.asarray(gap @ coefficients, dtype=np.float64)
    return BaselineWeeks(np.asarray(values, dtype=np.float64), matrix, tuple(assumptions), errors)
