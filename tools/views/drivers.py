"""Why each channel moves, as a typed view: :class:`DriversView`."""

from __future__ import annotations

from model_engine.drivers import ChannelDriver, DriverReport
from tools.views.base import OutcomeView, Range, View
from tools.views.units import Fraction, Money, Ratio, Weeks


class DriverLine(View):
    channel: str
    direction: str
    primary_reason: str
    reasons: list[str]
    current: Money
    recommended: Money
    change: Money
    change_pct: Fraction | None
    marginal_cost_now: Money | None
    marginal_cost_at_plan: Money | None
    average_cost_now: Money | None
    marginal_vs_margin: Ratio | None
    saturation_now: Fraction | None
    saturation_at_plan: Fraction | None
    threshold_spend: Money | None
    binding: list[str]
    carryover_mean_lag_weeks: Weeks | None
    carryover_peak_lag_weeks: Weeks | None
    evidence: str
    confidence: str
    interval_width_pct: Fraction | None
    contribution_share: Range[Fraction] | None
    roi: Range[Ratio] | None


class DriversView(OutcomeView):
    plan_name: str
    equalised_marginal_cost: Money | None
    channels: list[DriverLine]

    def line(self, channel: str) -> DriverLine:
        for line in self.channels:
            if line.channel == channel:
                return line
        raise KeyError(channel)


def driver_line(driver: ChannelDriver) -> DriverLine:
    carryover = driver.carryover
    contribution = driver.contribution
    return DriverLine(
        channel=driver.channel,
        direction=driver.direction.value,
        primary_reason=driver.primary_reason.value,
        reasons=[r.value for r in driver.reasons],
        current=Money.of(driver.current_spend),
        recommended=Money.of(driver.recommended_spend),
        change=Money.of(driver.change),
        change_pct=Fraction.of(driver.change_fraction),
        marginal_cost_now=Money.of(driver.marginal_cost_current),
        marginal_cost_at_plan=Money.of(driver.marginal_cost_recommended),
        average_cost_now=Money.of(driver.average_cost_current),
        marginal_vs_margin=Ratio.of(driver.marginal_ratio_current),
        saturation_now=Fraction.of(driver.saturation_current),
        saturation_at_plan=Fraction.of(driver.saturation_recommended),
        threshold_spend=Money.of(driver.threshold_spend),
        binding=list(driver.binding),
        carryover_mean_lag_weeks=Weeks.of(carryover.mean_lag_weeks) if carryover else None,
        carryover_peak_lag_weeks=Weeks.of(carryover.peak_lag_weeks) if carryover else None,
        evidence=driver.evidence,
        confidence=driver.confidence.value,
        interval_width_pct=Fraction.of(driver.relative_interval_width),
        contribution_share=Range[Fraction](
            estimate=Fraction.of(contribution.contribution_share.estimate),
            low=Fraction.of(contribution.contribution_share.low),
            high=Fraction.of(contribution.contribution_share.high),
        )
        if contribution
        else None,
        roi=Range[Ratio](
            estimate=Ratio.of(contribution.roi.estimate),
            low=Ratio.of(contribution.roi.low),
            high=Ratio.of(contribution.roi.high),
        )
        if contribution
        else None,
    )


def drivers_view(
    report: DriverReport,
    plan_name: str,
    marginal_cost: float | None,
    outcome_unit: str,
    channels: set[str] | None = None,
) -> DriversView:
    return DriversView(
        currency=report.currency,
        outcome_name=report.outcome_name,
        outcome_unit=outcome_unit,
        plan_name=plan_name,
        equalised_marginal_cost=Money.of(marginal_cost),
        channels=[driver_line(d) for d in report.drivers if not channels or d.channel in channels],
    )
