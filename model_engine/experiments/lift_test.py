r"""A lift test's result, and where its weeks fall in a weekly history.

A test changed one channel's spend by ``spend_change`` in total over the weeks ``start`` to
``end``, spread evenly over those weeks (negative: a go-dark or cut test), and measured
``outcome_change`` incremental outcome in total from ``start`` through ``measured_until``
(``end`` when not given), carryover included, with standard error ``outcome_change_se``.

A cut of all the channel's spend in those weeks (within 1%) is a go-dark test: the channel
spent nothing in them, however unevenly it had been spending. Any other change is spread
evenly, and a cut deeper than some week's spend is an error (the dates or the amount are off).

A week of the history belongs to a period when it overlaps it: the week starting on day
:math:`d` (and running to :math:`d + 6`) is in ``[start, end]`` when :math:`d \le` ``end`` and
:math:`d + 6 \ge` ``start``, so a test given by its first and last day, or by the start dates
of its first and last weeks, covers the same weeks. Weeks after the last week of the history
(a test the data does not cover yet) continue weekly, with the channel spending its recent
run-rate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model_engine.saturation import FloatArray

DAYS_PER_WEEK = 7
RUN_RATE_WEEKS = 13  # the run-rate window, as elsewhere ("current spend")
GO_DARK_TOLERANCE = 0.01


@dataclass(frozen=True)
class LiftTest:
    """One experiment's result (validated: a test with no spend change or no standard error
    cannot calibrate anything)."""

    channel: str
    start: pd.Timestamp
    end: pd.Timestamp
    spend_change: float  # total over start..end, negative for a cut or go-dark test
    outcome_change: float  # total incremental outcome from start through measured_until
    outcome_change_se: float
    measured_until: pd.Timestamp | None = None
    source: str = ""  # where the test came from, for messages ("row 3 of tests.csv")

    def __post_init__(self) -> None:
        where = f"{self.source}: " if self.source else ""
        if self.end < self.start:
            raise ValueError(f"{where}the test ends ({self.end:%Y-%m-%d}) before it starts")
        if self.measured_until is not None and self.measured_until < self.end:
            raise ValueError(
                f"{where}measured_until ({self.measured_until:%Y-%m-%d}) is before the test's "
                f"end ({self.end:%Y-%m-%d}): the outcome is measured from the start through at "
                "least the end"
            )
        if self.spend_change == 0 or not math.isfinite(self.spend_change):
            raise ValueError(f"{where}spend_change must be a non-zero amount")
        if not math.isfinite(self.outcome_change):
            raise ValueError(f"{where}outcome_change must be a number")
        if not self.outcome_change_se > 0 or not math.isfinite(self.outcome_change_se):
            raise ValueError(
                f"{where}outcome_change_se must be positive: a test without a standard error "
                "cannot be weighed against the model"
            )

    @property
    def last_measured(self) -> pd.Timestamp:
        return self.measured_until if self.measured_until is not None else self.end

    @property
    def kind(self) -> str:
        return "cut" if self.spend_change < 0 else "increase"

    @property
    def calendar_weeks(self) -> int:
        """Weeks from ``start`` to ``end`` counted on the calendar (for a one-quarter fit,
        which has no weekly index): at least one."""
        return max(1, math.ceil(((self.end - self.start).days + 1) / DAYS_PER_WEEK))

    def describe(self, currency: str = "USD") -> str:
        verb = "cut" if self.spend_change < 0 else "added"
        until = (
            f", measured through {self.measured_until:%Y-%m-%d}"
            if self.measured_until is not None
            else ""
        )
        return (
            f"{self.channel}: {verb} {currency} {abs(self.spend_change):,.0f} from "
            f"{self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}{until}; incremental outcome "
            f"{self.outcome_change:,.0f} ± {self.outcome_change_se:,.0f} (standard error)"
        )


@dataclass(frozen=True, eq=False)
class PlacedLiftTest:
    """A test placed on a history's weeks: the channel's weekly spend as it was and as the test
    changed it, over the history extended to the last measured week, and the measured rows."""

    test: LiftTest
    channel_index: int
    observed_spend: FloatArray  # (T_ext,)
    changed_spend: FloatArray  # (T_ext,)
    measured: slice  # rows of the extended series
    spend_weeks: int  # weeks the spend changed

    @property
    def weekly_change(self) -> float:
        return self.test.spend_change / self.spend_weeks


def place_lift_test(
    test: LiftTest, index: pd.DatetimeIndex, spend: FloatArray, channel_index: int
) -> PlacedLiftTest:
    """Place ``test`` on the weekly ``index`` with the channel's weekly ``spend``.

    Raises ``ValueError`` (naming the test) when it starts before the history, covers no week,
    or cuts more than the channel spent in its weeks.
    """
    where = f"{test.source}: " if test.source else ""
    first = pd.Timestamp(index[0])
    if test.start < first:
        raise ValueError(
            f"{where}the test starts on {test.start:%Y-%m-%d}, before the history's first week "
            f"({first:%Y-%m-%d}): the fit has no spend for those weeks; drop the test or give "
            "a longer history"
        )
    last = pd.Timestamp(index[-1])
    n_extra = max(0, math.ceil((test.last_measured - last).days / DAYS_PER_WEEK))
    extended = index.append(pd.date_range(last + pd.Timedelta(weeks=1), periods=n_extra, freq="7D"))
    run_rate = float(np.mean(spend[-RUN_RATE_WEEKS:]))
    observed = np.concatenate([spend, np.full(n_extra, run_rate)])
    week_start = extended.to_numpy()
    week_end = week_start + np.timedelta64(DAYS_PER_WEEK - 1, "D")
    start, end = np.datetime64(test.start), np.datetime64(test.end)
    in_spend = (week_start <= end) & (week_end >= start)
    in_measure = (week_start <= np.datetime64(test.last_measured)) & (week_end >= start)
    if not in_spend.any():
        raise ValueError(f"{where}the test covers no week of the history")
    spend_weeks = int(in_spend.sum())
    spent = float(observed[in_spend].sum())
    if test.spend_change < 0 and abs(abs(test.spend_change) - spent) <= GO_DARK_TOLERANCE * spent:
        changed = np.where(in_spend, 0.0, observed)
    else:
        changed = observed + np.where(in_spend, test.spend_change / spend_weeks, 0.0)
    if np.any(changed < -1e-9 * max(float(np.max(observed)), 1.0)):
        cut = -test.spend_change
        raise ValueError(
            f"{where}the test cuts {cut:,.0f} but {test.channel} spent {spent:,.0f} in those "
            f"{spend_weeks} weeks (an even cut of {cut / spend_weeks:,.0f} a week is more than "
            "some weeks' spend): for a go-dark test give all the spend of those weeks; "
            "otherwise check the amount's units and sign, or the dates"
        )
    rows = np.flatnonzero(in_measure)
    return PlacedLiftTest(
        test=test,
        channel_index=channel_index,
        observed_spend=observed,
        changed_spend=np.maximum(changed, 0.0),
        measured=slice(int(rows[0]), int(rows[-1]) + 1),
        spend_weeks=spend_weeks,
    )
