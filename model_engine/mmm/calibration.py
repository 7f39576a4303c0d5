r"""What lift tests changed: per channel, ROI before and after calibration, and each test checked
against the model it calibrated.

A test's predicted lift under a fitted channel is computed the direct way, by running the spend
as it was and as the test changed it through the channel's carryover and curve and summing the
difference over the measured weeks (for the point curve and for every posterior draw):

.. math::
    \hat\Delta = \beta \sum_{t \in W_m} \Big(S\big(\mathrm{adstock}(x + \delta 1_{W_s})_t\big)
                 - S\big(\mathrm{adstock}(x)_t\big)\Big)

A test *contradicts* the uncalibrated model when its 90% interval
(:math:`\Delta \pm 1.645\,\sigma_\Delta`) and the model's 90% interval of :math:`\hat\Delta`
do not overlap: such a test is reported as a conflict, with both numbers, rather than left to be
averaged into the calibrated estimate unremarked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from model_engine.adstock import Adstock
from model_engine.experiments.lift_test import LiftTest, PlacedLiftTest
from model_engine.mmm.media import assumed_earlier_spend
from model_engine.mmm.result import ChannelFit
from model_engine.planning import Interval
from model_engine.saturation import FloatArray, HillSaturation


def predicted_lift(channel: ChannelFit, placed: PlacedLiftTest) -> tuple[float, FloatArray | None]:
    """The lift the channel's point curve predicts for the test, and one value per posterior
    draw (``None`` without draws)."""
    return lift_of_spend_change(
        channel, placed.observed_spend, placed.changed_spend, placed.measured
    )


def lift_of_spend_change(
    channel: ChannelFit,
    observed: FloatArray,
    changed: FloatArray,
    window: slice,
    with_draws: bool = True,
) -> tuple[float, FloatArray | None]:
    """Outcome of the weekly spend ``changed`` minus that of ``observed``, summed over the
    weeks ``window``, under the channel's point curve and (``with_draws``) each posterior
    draw."""

    def lift(adstock: Adstock, saturation: HillSaturation, coefficient: float) -> float:
        def levels(spend: FloatArray) -> FloatArray:
            earlier = assumed_earlier_spend(spend, adstock.l_max)
            return np.asarray(saturation(adstock.apply(spend, earlier)))

        return coefficient * float((levels(changed)[window] - levels(observed)[window]).sum())

    point = lift(channel.adstock, channel.saturation, channel.coefficient)
    draws = channel.draws
    if draws is None or not with_draws:
        return point, None
    settings = channel.adstock.to_dict()
    names = channel.adstock.param_names
    values = np.empty(draws.coefficient.size)
    for i, params in enumerate(draws.adstock_params.tolist()):
        adstock = Adstock.from_dict({**settings, **dict(zip(names, params, strict=True))})
        saturation = HillSaturation(float(draws.half_saturation[i]), float(draws.shape[i]))
        values[i] = lift(adstock, saturation, float(draws.coefficient[i]))
    return point, values


@dataclass(frozen=True)
class TestCheck:
    """One test against the model before and after it was calibrated by the tests."""

    test: LiftTest
    observed: Interval  # the test's result with its 90% interval (1.645 standard errors)
    predicted_before: Interval  # the lift the uncalibrated model predicted for the test
    predicted_after: Interval  # the lift the calibrated model predicts
    z_score: float  # (observed - predicted before) / combined standard deviation
    contradicts: bool  # the 90% intervals of the test and the uncalibrated model do not overlap

    @property
    def message(self) -> str:
        t = self.test
        said = (
            f"the model predicted {self.predicted_before.estimate:,.0f} "
            f"({self.predicted_before.low:,.0f} to {self.predicted_before.high:,.0f})"
        )
        result = f"the test measured {t.outcome_change:,.0f} ± {t.outcome_change_se:,.0f}"
        if self.contradicts:
            return (
                f"{t.channel}: {result} but {said}: the test contradicts the model beyond both "
                "intervals. The calibrated fit follows the test as far as the data allows "
                f"(now {self.predicted_after.estimate:,.0f}); check the test (its measurement "
                "window, spill-over between test and control regions) and what the history may "
                "confound with this channel before trusting either"
            )
        return f"{t.channel}: {result}; {said}, consistent with the test"


@dataclass(frozen=True)
class ChannelCalibration:
    """One channel's ROI before and after calibration (untested channels move too, through the
    pooled return and the shared baseline)."""

    channel: str
    roi_before: Interval
    roi_after: Interval
    tests: tuple[TestCheck, ...]

    @property
    def tested(self) -> bool:
        return bool(self.tests)

    @property
    def moved(self) -> float | None:
        """Relative change of the ROI estimate (``None`` when it was zero before)."""
        before = self.roi_before.estimate
        return None if before == 0 else self.roi_after.estimate / before - 1.0

    @property
    def narrowed(self) -> float | None:
        """How much narrower the ROI interval became, as a share of its width before."""
        width = self.roi_before.high - self.roi_before.low
        if width <= 0:
            return None
        return 1.0 - (self.roi_after.high - self.roi_after.low) / width


@dataclass(frozen=True)
class CalibrationReport:
    """Every channel's ROI before and after calibration by lift tests."""

    channels: tuple[ChannelCalibration, ...]
    level: float = 0.9

    @property
    def tests(self) -> tuple[TestCheck, ...]:
        return tuple(check for c in self.channels for check in c.tests)

    @property
    def contradictions(self) -> tuple[TestCheck, ...]:
        return tuple(check for check in self.tests if check.contradicts)

    def channel(self, name: str) -> ChannelCalibration:
        for c in self.channels:
            if c.channel == name:
                return c
        raise KeyError(name)

    def summary(self) -> str:
        pct = f"{self.level:.0%}"
        lines = [f"Calibration by {len(self.tests)} lift test(s): ROI before -> after [{pct}]"]
        for c in self.channels:
            moved = "" if c.moved is None else f" ({c.moved:+.0%})"
            mark = " (tested)" if c.tested else ""
            lines.append(
                f"  {c.channel}{mark}: {_interval(c.roi_before)} -> {_interval(c.roi_after)}{moved}"
            )
        lines += [f"  - {check.message}" for check in self.tests]
        return "\n".join(lines)


def calibration_report(
    before: Sequence[ChannelFit],
    after: Sequence[ChannelFit],
    tests: Sequence[PlacedLiftTest],
    level: float = 0.9,
) -> CalibrationReport:
    """Compare the channels of a fit without the tests (``before``) and with them (``after``)."""
    checks: dict[str, list[TestCheck]] = {}
    for placed in tests:
        name = placed.test.channel
        old = next(c for c in before if c.name == name)
        new = next(c for c in after if c.name == name)
        checks.setdefault(name, []).append(_check(placed, old, new, level))
    return CalibrationReport(
        channels=tuple(
            ChannelCalibration(
                channel=new.name,
                roi_before=old.roi,
                roi_after=new.roi,
                tests=tuple(checks.get(new.name, ())),
            )
            for old, new in zip(before, after, strict=True)
        ),
        level=level,
    )


def _check(placed: PlacedLiftTest, old: ChannelFit, new: ChannelFit, level: float) -> TestCheck:
    test = placed.test
    before = _lift_interval(*predicted_lift(old, placed), level)
    after = _lift_interval(*predicted_lift(new, placed), level)
    z = float(norm.ppf(0.5 + level / 2.0))
    observed = Interval(
        test.outcome_change,
        test.outcome_change - z * test.outcome_change_se,
        test.outcome_change + z * test.outcome_change_se,
        level,
    )
    model_sd = (before.high - before.low) / (2.0 * z)
    combined = float(np.hypot(test.outcome_change_se, model_sd))
    return TestCheck(
        test=test,
        observed=observed,
        predicted_before=before,
        predicted_after=after,
        z_score=(test.outcome_change - before.estimate) / combined,
        contradicts=observed.high < before.low or observed.low > before.high,
    )


def _lift_interval(point: float, draws: FloatArray | None, level: float) -> Interval:
    if draws is None:
        return Interval(point, point, point, level)
    tail = (1.0 - level) / 2.0
    low, median, high = np.quantile(draws, [tail, 0.5, 1.0 - tail])
    return Interval(float(median), float(low), float(high), level)


def _interval(value: Interval) -> str:
    return f"{value.estimate:.2f} [{value.low:.2f}, {value.high:.2f}]"
