"""Experiments as the chat, the LLM and ``ask --json`` see them: lift tests calibrating the
fit (ROI before and after, per channel), and the next experiment's design with the value of
information ranking behind it.

``ExperimentDesignView`` opens with the seven fields issue 13 names for ``ask --json``'s
``experiment_design``: channel, test_type, weeks, spend_change, minimum_detectable_lift,
power, cost. Built in one place each: :func:`calibration_view`, :func:`experiment_design_view`.
"""

from __future__ import annotations

from pydantic import Field

from model_engine.experiments.design import ExperimentDesign
from model_engine.experiments.exploration import ExplorationPlan
from model_engine.experiments.value_of_information import InformationRanking
from model_engine.experiments.verdict import PlanVerdict
from model_engine.mmm.calibration import CalibrationReport
from model_engine.planning import Interval
from tools.views.base import OutcomeView, Range, View, outcome_range
from tools.views.units import Fraction, Money, OutcomeAmount, OutcomeUnit, Ratio


def _ratio_range(value: Interval) -> Range[Ratio]:
    return Range[Ratio](
        estimate=Ratio.of(value.estimate), low=Ratio.of(value.low), high=Ratio.of(value.high)
    )


def _range(value: Interval) -> Range[OutcomeAmount]:
    return outcome_range(value.estimate, value.low, value.high)


class TestCheckLine(View):
    """One test against the model before calibration."""

    description: str
    observed: Range[OutcomeAmount]
    predicted_before: Range[OutcomeAmount]
    predicted_after: Range[OutcomeAmount]
    contradicts: bool = Field(description="The test and the uncalibrated model disagree.")
    message: str


class ChannelCalibrationLine(View):
    channel: str
    tested: bool
    roi_before: Range[Ratio]
    roi_after: Range[Ratio]
    moved: Fraction | None = Field(None, description="Relative change of the ROI estimate.")
    tests: list[TestCheckLine]


class MoveLabelLine(View):
    """A plan move labelled by whether the data pins its channel's return down."""

    channel: str
    label: str = Field(description="identified, directional or unchanged")
    reason: str


class CalibrationView(OutcomeView):
    """The history fit calibrated by the conversation's lift tests."""

    tests: list[str] = Field(description="The tests, as read.")
    interval_level: Fraction = Field(description="Coverage of the ROI intervals (0.9: 90%).")
    channels: list[ChannelCalibrationLine]
    calibrated: list[str] = Field(description="Channels with a test of their own.")
    contradictions: list[str]
    weak_uncalibrated: list[str] = Field(
        description="Weakly identified channels no test has measured yet."
    )
    verdict: str

    def channel(self, name: str) -> ChannelCalibrationLine:
        return next(c for c in self.channels if c.channel == name)


class InformationValueLine(View):
    channel: str
    value: OutcomeAmount = Field(
        description="Expected gain of the plan's outcome if this channel's return were known."
    )
    share_of_plan: Fraction
    decision_changes: Fraction = Field(
        description="Share of posterior draws under which the channel's spend would move."
    )
    planned_spend: Money


class ResultBranchLine(View):
    label: str
    lift: OutcomeAmount
    planned_spend: Money
    change: Money


class ExplorationView(View):
    share: Fraction
    reserved: Money
    exploration: dict[str, Money]
    cost: OutcomeAmount
    cost_share: Fraction


class ExperimentDesignView(OutcomeView):
    """The next experiment: for the channel whose return is worth most to know."""

    channel: str
    test_type: str
    weeks: int
    spend_change: Money = Field(description="Total over the test weeks; negative: less spend.")
    minimum_detectable_lift: OutcomeAmount = Field(description="At 80% power, two-sided 5% level.")
    power: Fraction = Field(description="Probability of detecting the expected lift.")
    cost: OutcomeAmount = Field(
        description="Outcome given up against the plan at the same budget (negative: a gain)."
    )
    measured_weeks: int
    expected_lift: Range[OutcomeAmount]
    interval_level: Fraction = Field(description="Coverage of the intervals (0.9: 90%).")
    value_of_information: OutcomeAmount
    formula: str
    branches: list[ResultBranchLine]
    ranking: list[InformationValueLine]
    horizon_weeks: int
    exploration: ExplorationView | None = None
    moves: list[MoveLabelLine]
    verdict: str
    notes: list[str]


def calibration_view(
    report: CalibrationReport,
    *,
    currency: str,
    outcome_name: str,
    outcome_unit: OutcomeUnit,
    weak: tuple[str, ...],
    verdict: str,
) -> CalibrationView:
    tested = [c.channel for c in report.channels if c.tested]
    return CalibrationView(
        currency=currency,
        outcome_name=outcome_name,
        outcome_unit=outcome_unit,
        tests=[check.test.describe(currency) for check in report.tests],
        interval_level=Fraction.of(report.level),
        channels=[
            ChannelCalibrationLine(
                channel=c.channel,
                tested=c.tested,
                roi_before=_ratio_range(c.roi_before),
                roi_after=_ratio_range(c.roi_after),
                moved=Fraction.of(c.moved),
                tests=[
                    TestCheckLine(
                        description=t.test.describe(currency),
                        observed=outcome_range(
                            t.observed.estimate, t.observed.low, t.observed.high
                        ),
                        predicted_before=_range(t.predicted_before),
                        predicted_after=_range(t.predicted_after),
                        contradicts=t.contradicts,
                        message=t.message,
                    )
                    for t in c.tests
                ],
            )
            for c in report.channels
        ],
        calibrated=tested,
        contradictions=[t.message for t in report.contradictions],
        weak_uncalibrated=[name for name in weak if name not in tested],
        verdict=verdict,
    )


def experiment_design_view(
    design: ExperimentDesign,
    ranking: InformationRanking,
    verdict: PlanVerdict,
    exploration: ExplorationPlan | None,
    outcome_unit: OutcomeUnit,
) -> ExperimentDesignView:
    return ExperimentDesignView(
        currency=design.currency,
        outcome_name=design.outcome_name,
        outcome_unit=outcome_unit,
        channel=design.channel,
        test_type=design.test_type,
        weeks=design.weeks,
        spend_change=Money.of(design.spend_change),
        minimum_detectable_lift=OutcomeAmount.of(design.minimum_detectable_lift),
        power=Fraction.of(design.power),
        cost=OutcomeAmount.of(design.cost),
        measured_weeks=design.measured_weeks,
        expected_lift=_range(design.expected_lift),
        interval_level=Fraction.of(design.expected_lift.level),
        value_of_information=OutcomeAmount.of(design.value_of_information),
        formula=design.formula,
        branches=[
            ResultBranchLine(
                label=b.label,
                lift=OutcomeAmount.of(b.lift),
                planned_spend=Money.of(b.planned_spend),
                change=Money.of(b.change),
            )
            for b in design.branches
        ],
        ranking=[
            InformationValueLine(
                channel=c.channel,
                value=OutcomeAmount.of(c.value),
                share_of_plan=Fraction.of(c.share_of_plan),
                decision_changes=Fraction.of(c.decision_changes),
                planned_spend=Money.of(c.planned_spend),
            )
            for c in ranking.channels
        ],
        horizon_weeks=ranking.horizon_weeks,
        exploration=None
        if exploration is None
        else ExplorationView(
            share=Fraction.of(exploration.share),
            reserved=Money.of(exploration.reserved),
            exploration={k: Money.of(v) for k, v in exploration.exploration.items() if v > 0},
            cost=OutcomeAmount.of(exploration.cost),
            cost_share=Fraction.of(exploration.cost_share),
        ),
        moves=[
            MoveLabelLine(channel=m.channel, label=m.label, reason=m.reason) for m in verdict.moves
        ],
        verdict=verdict.headline,
        notes=list(design.notes),
    )
