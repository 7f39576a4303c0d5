r"""The expected outcome of dated future weeks for a spend plan, week by week, with intervals.

.. math::
    \hat y_t = \underbrace{\mu + \delta\tau_t + F_t + \gamma^\top c_t}_{\text{baseline}}
             + \underbrace{\textstyle\sum_c \beta_c S_c(a_{ct})}_{\text{media}}

(:math:`F_t` the yearly Fourier terms).

Trend and yearly seasonality are functions of the date, so they carry forward; controls and
events are supplied or, by default, as in the same weeks of the history's last year (a
control at its recent average and no events without a year of history); the adstock
:math:`a_{ct}` runs over the spend of the weeks before the plan (:mod:`.timeline`), so spend
already made keeps paying in the first weeks. ``carryover_in`` is what that earlier spend
alone yields in the plan's weeks; ``carryover_out`` what the plan's spend yields after its
last week (spend assumed to continue at the run-rate there). Intervals: :mod:`.uncertainty`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from model_engine.datasets import OutcomeUnit, WeeklyHistory
from model_engine.forecasting.dynamics import WeeklyMedia
from model_engine.forecasting.timeline import (
    BaselineWeeks,
    SpendBefore,
    SpendPlan,
    baseline_weeks,
    spend_before,
)
from model_engine.forecasting.uncertainty import HistoryNoise, block_paths
from model_engine.mmm import HistoryFit
from model_engine.planning import Interval
from model_engine.saturation import FloatArray

IntervalKind = Literal["prediction", "expected"]


@dataclass(frozen=True)
class WeekForecast:
    """One week: ``expected`` = ``baseline`` + ``media``; ``low``/``high`` its interval."""

    week: pd.Timestamp
    expected: float
    low: float
    high: float
    baseline: float
    media: float
    carryover_in: float  # media from spend before the plan alone (part of ``media``)
    spend: Mapping[str, float] = field(default_factory=dict)
    channel_media: Mapping[str, float] = field(default_factory=dict)  # without interactions


@dataclass(frozen=True)
class PeriodForecast:
    """A dated plan's forecast. ``interval_kind`` says whether ``low``/``high`` cover what will
    be observed (``prediction``, the history was given) or only the expected outcome."""

    target: str
    outcome_unit: OutcomeUnit
    currency: str
    weeks: tuple[WeekForecast, ...]
    total: Interval
    media_total: float
    baseline_total: float
    carryover_in_total: float
    carryover_out: float  # media after the last week from the plan's spend
    interval_kind: IntervalKind
    level: float
    assumptions: tuple[str, ...]

    @property
    def spend_total(self) -> float:
        return float(sum(sum(w.spend.values()) for w in self.weeks))

    def summary(self) -> str:
        what = "prediction" if self.interval_kind == "prediction" else "expected-outcome"
        lines = [
            f"Forecast of {self.target}, {len(self.weeks)} weeks "
            f"({self.weeks[0].week:%Y-%m-%d} to {self.weeks[-1].week:%Y-%m-%d}): "
            f"{self.total.estimate:,.0f} ({self.level:.0%} {what} interval "
            f"{self.total.low:,.0f}-{self.total.high:,.0f})",
            f"baseline {self.baseline_total:,.0f}, media {self.media_total:,.0f} (of which "
            f"carryover from earlier spend {self.carryover_in_total:,.0f}); the plan's spend "
            f"keeps adding {self.carryover_out:,.0f} after its last week",
            "",
            f"{'week':<10} {'expected':>12} {'low':>12} {'high':>12} {'baseline':>12} "
            f"{'media':>12} {'spend':>12}",
        ]
        for w in self.weeks:
            lines.append(
                f"{w.week:%Y-%m-%d} {w.expected:>12,.0f} {w.low:>12,.0f} {w.high:>12,.0f} "
                f"{w.baseline:>12,.0f} {w.media:>12,.0f} {sum(w.spend.values()):>12,.0f}"
            )
        lines += ["", *(f"assumption: {a}" for a in self.assumptions)]
        return "\n".join(lines)


class PeriodForecaster:
    """Forecasts dated plans from a history fit (configure, then call :meth:`forecast`).

    Parameters
    ----------
    fit:
        A weekly history fit.
    history:
        The history it was fitted on: gives the exact spend before the plan and prediction
        intervals. Without it, earlier spend is assumed at the run-rate and intervals cover
        the expected outcome only.
    level, paths_per_draw, seed:
        Interval coverage; noise paths simulated per bootstrap draw; the seed of every draw.
    """

    def __init__(
        self,
        fit: HistoryFit,
        history: WeeklyHistory | None = None,
        *,
        level: float = 0.9,
        paths_per_draw: int = 10,
        seed: int = 0,
    ) -> None:
        if not 0 < level < 1:
            raise ValueError("the interval level must be between 0 and 1")
        self.fit = fit
        self.history = history
        self.level = level
        self.paths_per_draw = paths_per_draw
        self.seed = seed
        self.media = WeeklyMedia.from_fit(fit)
        self.noise = (
            None if history is None else HistoryNoise.from_history(fit, history, self.media)
        )

    def spend_before(self, first_week: pd.Timestamp) -> SpendBefore:
        return spend_before(self.fit, first_week, self.history)

    def forecast(self, plan: SpendPlan) -> PeriodForecast:
        """Week-by-week forecast of ``plan`` (raises ``ValueError`` for a plan that does not
        fit the model: missing channels, weeks inside the history or off its grid)."""
        fit, media = self.fit, self.media
        names = fit.channel_names
        spend = plan.matrix(names)
        weeks = plan.weeks
        before = self.spend_before(pd.Timestamp(weeks[0]))
        baseline = baseline_weeks(fit, weeks, plan.supplied, self.history)
        point_media = media.outcome(spend, before.spend)
        by_channel = media.channel_outcome(spend, before.spend)
        carry_in = media.outcome(np.zeros_like(spend), before.spend)
        expected = baseline.values + point_media
        samples = self._samples(spend, before.spend, baseline)
        tail = (1.0 - self.level) / 2.0
        if samples is None:
            low = high = expected
            total = Interval(
                float(expected.sum()), float(expected.sum()), float(expected.sum()), self.level
            )
        else:
            low, high = np.quantile(samples, [tail, 1.0 - tail], axis=0)
            sums = samples.sum(axis=1)
            total_low, total_high = np.quantile(sums, [tail, 1.0 - tail])
            total = Interval(float(expected.sum()), float(total_low), float(total_high), self.level)
        rows = tuple(
            WeekForecast(
                week=pd.Timestamp(week),
                expected=float(expected[t]),
                low=float(low[t]),
                high=float(high[t]),
                baseline=float(baseline.values[t]),
                media=float(point_media[t]),
                carryover_in=float(carry_in[t]),
                spend={n: float(spend[t, c]) for c, n in enumerate(names)},
                channel_media={n: float(by_channel[t, c]) for c, n in enumerate(names)},
            )
            for t, week in enumerate(weeks)
        )
        kind: IntervalKind = "expected" if self.noise is None else "prediction"
        assumptions = (before.describe(fit.currency), *baseline.assumptions)
        if kind == "expected":
            assumptions += (
                "intervals cover the expected outcome (model uncertainty), not week-to-week "
                "noise: give the history for prediction intervals",
            )
        return PeriodForecast(
            target=fit.target,
            outcome_unit=fit.outcome_unit,
            currency=fit.currency,
            weeks=rows,
            total=total,
            media_total=float(point_media.sum()),
            baseline_total=float(baseline.values.sum()),
            carryover_in_total=float(carry_in.sum()),
            carryover_out=self.carryover_out(spend, before),
            interval_kind=kind,
            level=self.level,
            assumptions=assumptions,
        )

    def carryover_out(self, spend: FloatArray, before: SpendBefore) -> float:
        """Media the plan's spend yields in the weeks after it, with spend after the plan at the
        run-rate: the outcome there with the plan minus the outcome with nothing in the plan."""
        lags = self.media.l_max - 1
        if lags == 0:
            return 0.0
        after = np.tile(before.run_rate, (lags, 1))
        with_plan = np.vstack([spend, after])
        without = np.vstack([np.zeros_like(spend), after])
        n = spend.shape[0]
        gained = self.media.outcome(with_plan, before.spend)[n:]
        base = self.media.outcome(without, before.spend)[n:]
        return float((gained - base).sum())

    def _samples(
        self, spend: FloatArray, earlier: FloatArray, baseline: BaselineWeeks
    ) -> FloatArray | None:
        """Simulated outcomes ``(S, T)``, or ``None`` when nothing varies."""
        media_draws = self.media.draw_outcomes(spend, earlier)
        noise = self.noise
        rng = np.random.default_rng(self.seed)
        if noise is None:
            return None if media_draws is None else baseline.values + media_draws
        n_weeks = spend.shape[0]
        if media_draws is None or noise.draw_baseline is None:
            means = (baseline.values + self.media.outcome(spend, earlier))[np.newaxis, :]
            per_mean = 100 * self.paths_per_draw
        else:
            # Each draw's baseline comes with its own media: no re-centring on the point estimate.
            means = noise.draw_baseline @ baseline.design.T + media_draws  # (B, T)
            per_mean = self.paths_per_draw
        n_paths = means.shape[0] * per_mean
        paths = noise.paths(n_weeks, n_paths, rng)
        errors = baseline.repeat_errors
        if errors is not None and errors.size >= n_weeks:
            paths = paths + block_paths(errors - errors.mean(), n_weeks, n_paths, rng)
        return np.asarray(np.repeat(means, per_mean, axis=0) + paths)
