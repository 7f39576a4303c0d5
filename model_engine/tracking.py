r"""Actuals against an adopted plan: per channel, what happened over the weeks tracked against
what the plan predicted, whether that calls for an alert, and the likely reason.

The plan's forecast is weekly per channel (spend, outcome and its 90% interval). Over the
tracked weeks :math:`W` the prediction is :math:`\hat y = \sum_{w \in W} \hat y_w`, with the
interval summed the same way (each draw of the model is one whole curve, so the weekly bounds
add up). The deviation is :math:`d = (y - \hat y)/\hat y`. A channel is alerted when its
outcome leaves the band or :math:`|d|` exceeds the threshold (15% by default).

The reason separates the two ways a plan goes wrong. The model is asked what the spend that
actually ran should have produced (the channel's curve at the actual spend pace); when that
accounts for at least half of the gap between the actual and the predicted outcome, the
channel *spent differently* from the plan; otherwise it *responded differently* from what the
model expects at that spend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np

from model_engine.planning import Interval, ResponseModel

DEFAULT_THRESHOLD = 0.15
Reason = Literal["spent differently", "responded differently"]


@dataclass(frozen=True)
class ForecastWeek:
    """The plan's prediction for one channel in one week (outcome with its interval)."""

    week_start: date
    channel: str
    spend: float
    outcome: float
    outcome_low: float
    outcome_high: float


@dataclass(frozen=True)
class ActualWeek:
    """What happened in one channel in one week."""

    week_start: date
    channel: str
    spend: float
    outcome: float


@dataclass(frozen=True)
class ChannelTracking:
    channel: str
    actual_outcome: float
    predicted: Interval  # over the tracked weeks
    actual_spend: float
    planned_spend: float
    expected_at_actual_spend: Interval  # what the model says the spend that ran should yield
    threshold: float

    @property
    def deviation(self) -> float | None:
        """(actual - predicted) / predicted; ``None`` when nothing was predicted."""
        if self.predicted.estimate == 0:
            return None
        return self.actual_outcome / self.predicted.estimate - 1.0

    @property
    def spend_deviation(self) -> float | None:
        if self.planned_spend == 0:
            return None
        return self.actual_spend / self.planned_spend - 1.0

    @property
    def outside_band(self) -> bool:
        return not self.predicted.low <= self.actual_outcome <= self.predicted.high

    @property
    def alert(self) -> bool:
        deviation = self.deviation
        beyond = deviation is None and self.actual_outcome != 0
        return (
            self.outside_band
            or beyond
            or (deviation is not None and abs(deviation) > self.threshold)
        )

    @property
    def reason(self) -> Reason | None:
        if not self.alert:
            return None
        explained = self.explained_by_spend
        return "spent differently" if explained >= 0.5 else "responded differently"

    @property
    def explained_by_spend(self) -> float:
        r"""The share of the gap between actual and predicted that the spend which ran
        accounts for, by the model: :math:`(\hat y(x_{actual}) - \hat y)/(y - \hat y)`."""
        gap = self.actual_outcome - self.predicted.estimate
        if gap == 0:
            return 0.0
        return (self.expected_at_actual_spend.estimate - self.predicted.estimate) / gap

    def explanation(self) -> str:
        """The finding in plain words (every number is a field of this object)."""
        deviation = self.deviation
        off = "no prediction" if deviation is None else f"{deviation:+.0%} against the plan"
        head = (
            f"{self.channel}: {self.actual_outcome:,.0f} against {self.predicted.estimate:,.0f} "
            f"predicted ({self.predicted.low:,.0f}–{self.predicted.high:,.0f}), {off}"
        )
        if not self.alert:
            return f"{head}: on plan."
        spend = self.spend_deviation
        spent = "" if spend is None else f"spend ran {spend:+.0%} against the plan; "
        expected = self.expected_at_actual_spend
        at_spend = (
            f"at the spend that ran the model expects {expected.estimate:,.0f} "
            f"({expected.low:,.0f}–{expected.high:,.0f})"
        )
        if self.reason == "spent differently":
            return f"{head}. Likely reason: it spent differently ({spent}{at_spend})."
        return f"{head}. Likely reason: it responded differently ({spent}{at_spend})."


@dataclass(frozen=True)
class TrackingResult:
    weeks_tracked: int
    last_week: date
    channels: tuple[ChannelTracking, ...]
    threshold: float

    @property
    def alerts(self) -> tuple[ChannelTracking, ...]:
        return tuple(c for c in self.channels if c.alert)

    @property
    def actual_spend(self) -> float:
        return sum(c.actual_spend for c in self.channels)


def track(
    forecast: Sequence[ForecastWeek],
    actuals: Sequence[ActualWeek],
    model: ResponseModel,
    threshold: float = DEFAULT_THRESHOLD,
) -> TrackingResult:
    """Compare ``actuals`` with the plan's ``forecast`` over the weeks the actuals cover.

    ``model`` is the response model the plan was made from (its horizon is the plan's); it
    gives the outcome expected at the spend that actually ran. Raises ``ValueError`` when an
    actual names a week or channel the plan does not have, or when a tracked week lacks a
    channel (no data is dropped silently).
    """
    if threshold <= 0:
        raise ValueError("the alert threshold must be positive, e.g. 0.15 for ±15%")
    planned = {(w.week_start, w.channel): w for w in forecast}
    channels = sorted({w.channel for w in forecast})
    weeks = sorted({a.week_start for a in actuals})
    if not weeks:
        raise ValueError("there are no actuals to track")
    for actual in actuals:
        if (actual.week_start, actual.channel) not in planned:
            raise ValueError(
                f"the plan has no week {actual.week_start} for {actual.channel!r}: its weeks "
                f"start on {min(w.week_start for w in forecast)} and its channels are "
                f"{', '.join(channels)}"
            )
    seen = {(a.week_start, a.channel) for a in actuals}
    for week in weeks:
        missing = [c for c in channels if (week, c) not in seen]
        if missing:
            raise ValueError(
                f"the week of {week} has no actuals for {', '.join(missing)}: give every "
                "channel's spend and outcome for each week (0 where nothing ran)"
            )
    share = len(weeks) / model.horizon_weeks
    results = []
    for channel in channels:
        plan_weeks = [planned[(week, channel)] for week in weeks]
        ran = [a for a in actuals if a.channel == channel]
        actual_spend = float(sum(a.spend for a in ran))
        curve = model.channel(channel)
        # The curve is over the whole horizon: run the tracked weeks' pace for all of it.
        draws = curve.outcome_draws(actual_spend / share) * share
        point = float(np.asarray(curve.curve.outcome(actual_spend / share))) * share
        results.append(
            ChannelTracking(
                channel=channel,
                actual_outcome=float(sum(a.outcome for a in ran)),
                predicted=Interval(
                    estimate=sum(w.outcome for w in plan_weeks),
                    low=sum(w.outcome_low for w in plan_weeks),
                    high=sum(w.outcome_high for w in plan_weeks),
                ),
                actual_spend=actual_spend,
                planned_spend=sum(w.spend for w in plan_weeks),
                expected_at_actual_spend=Interval(
                    estimate=point,
                    low=float(np.quantile(draws, 0.05)),
                    high=float(np.quantile(draws, 0.95)),
                ),
                threshold=threshold,
            )
        )
    return TrackingResult(
        weeks_tracked=len(weeks), last_week=weeks[-1], channels=tuple(results), threshold=threshold
    )
