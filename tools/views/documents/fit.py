"""``budgetmix fit --json``: :class:`FitDocument` for a national history, and
:class:`PanelFitDocument` (the same plus ``panel``, ``pooled_channels`` and ``geos: {geo:
{channels: {...}}}``) for ``fit --geo``."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from model_engine.mmm import HistoryFit
from model_engine.mmm.calibration import CalibrationReport
from model_engine.panel import PanelFit
from tools.views.base import View
from tools.views.documents.base import Document, flat, week_label
from tools.views.units import Fraction, Money, OutcomeAmount, Percent, Ratio, Weeks


class AdstockLine(View):
    """The channel's carryover; its parameters (``decay``, or ``shape`` and ``scale``) are the
    extra fields, as its kind has them."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, float] = Field(init=False)

    type: str
    l_max: int
    mean_lag_weeks: Weeks
    peak_lag_weeks: Weeks


class SaturationLine(View):
    type: str
    half_saturation: Money = Field(description="Weekly adstocked spend at half the maximum.")
    shape: Ratio


class FitChannelLine(View):
    channel_type: str
    spend: Money = Field(description="Total over the fitted weeks.")
    roi: Ratio
    roi_low: Ratio
    roi_high: Ratio
    mroi: Ratio | None
    mroi_low: Ratio | None
    mroi_high: Ratio | None
    contribution: OutcomeAmount
    contribution_low: OutcomeAmount
    contribution_high: OutcomeAmount
    contribution_share: Fraction
    contribution_share_low: Fraction
    contribution_share_high: Fraction
    adstock: AdstockLine
    saturation: SaturationLine
    evidence: str
    notes: list[str]


class BaselineLine(View):
    contribution: OutcomeAmount
    contribution_share: Fraction


class InteractionLine(View):
    channels: list[str]
    coefficient: OutcomeAmount | None
    coefficient_low: OutcomeAmount | None
    coefficient_high: OutcomeAmount | None
    p_value: Ratio | None


class FitMetricsLine(View):
    train_mape: Percent | None
    validation_mape: Percent | None
    holdout_mape: Percent | None
    r2: Ratio | None
    holdout_r2: Ratio | None
    holdout_nrmse: Ratio | None
    holdout_weeks: int
    backtest_mapes: list[Percent | None]


class LiftTestLine(View):
    start: str
    end: str
    measured_until: str
    spend_change: Money
    outcome_change: OutcomeAmount
    outcome_change_se: OutcomeAmount
    predicted_before: OutcomeAmount | None
    predicted_before_low: OutcomeAmount | None
    predicted_before_high: OutcomeAmount | None
    predicted_after: OutcomeAmount | None
    predicted_after_low: OutcomeAmount | None
    predicted_after_high: OutcomeAmount | None
    z_score: Ratio | None
    contradicts: bool
    message: str


class CalibratedChannelLine(View):
    tested: bool
    roi_before: Ratio | None
    roi_before_low: Ratio | None
    roi_before_high: Ratio | None
    roi_after: Ratio | None
    roi_after_low: Ratio | None
    roi_after_high: Ratio | None
    moved: Fraction | None = Field(description="Relative change of the ROI estimate.")
    tests: list[LiftTestLine]


class CalibrationLine(View):
    channels: dict[str, CalibratedChannelLine]
    contradictions: list[str]


class SavedAs(View):
    name: str
    version: int


class FitDocument(Document):
    """A history fit: every channel's returns with their 90% interval, carryover and curve, the
    accuracy on held-out weeks and the verdict."""

    target: str
    weeks: int
    first_week: str
    last_week: str
    interval_level: Fraction
    channels: dict[str, FitChannelLine]
    baseline: BaselineLine
    interactions: list[InteractionLine]
    metrics: FitMetricsLine
    verdict: str
    usable_for_planning: bool
    weakly_identified: list[str]
    suggested_test: str | None
    calibration: CalibrationLine | None
    reasons: list[str]
    detection: str = Field(description="The columns detected in the file, as the text shows.")
    saved_to: str | None
    saved_as: SavedAs | None
    seconds: float


class PanelSummary(View):
    geo_column: str
    geos: list[str]
    pooling: str
    holdout_mape: Percent | None
    seconds: float


class PooledChannelLine(View):
    roi: Ratio
    roi_low: Ratio
    roi_high: Ratio
    contribution: OutcomeAmount
    contribution_low: OutcomeAmount
    contribution_high: OutcomeAmount


class GeoChannelLine(View):
    spend: Money
    roi: Ratio
    roi_low: Ratio
    roi_high: Ratio
    mroi: Ratio | None
    mroi_low: Ratio | None
    mroi_high: Ratio | None
    contribution: OutcomeAmount
    contribution_low: OutcomeAmount
    contribution_high: OutcomeAmount
    unpooled_roi: Ratio | None
    pooling_weight: Fraction | None = Field(description="Weight of the geo's own estimate.")


class GeoLine(View):
    holdout_mape: Percent | None
    usable_for_planning: bool
    channels: dict[str, GeoChannelLine]


class PanelFitDocument(FitDocument):
    """``fit --geo``: the national picture (returns pooled over geos) plus each geo's."""

    panel: PanelSummary
    pooled_channels: dict[str, PooledChannelLine]
    geos: dict[str, GeoLine]


def _metrics(result: HistoryFit) -> FitMetricsLine:
    m = result.metrics
    return FitMetricsLine(
        train_mape=Percent.exact(m.train_mape),
        validation_mape=Percent.exact(m.validation_mape),
        holdout_mape=Percent.exact(m.holdout_mape),
        r2=Ratio.exact(m.r2),
        holdout_r2=Ratio.exact(m.holdout_r2),
        holdout_nrmse=Ratio.exact(m.holdout_nrmse),
        holdout_weeks=m.n_test,
        backtest_mapes=[Percent.exact(v) for v in m.backtest_mapes],
    )


def _channels(result: HistoryFit) -> dict[str, FitChannelLine]:
    return {
        c.name: FitChannelLine(
            channel_type=c.channel_type.value,
            spend=Money.exact(c.spend),
            **flat("roi", c.roi, Ratio),
            **flat("mroi", c.marginal_roi, Ratio),
            **flat("contribution", c.contribution, OutcomeAmount),
            **flat("contribution_share", c.contribution_share, Fraction),
            adstock=AdstockLine(
                type=c.adstock.kind,
                l_max=c.adstock.l_max,
                mean_lag_weeks=Weeks.exact(c.adstock.mean_lag()),
                peak_lag_weeks=Weeks.exact(c.adstock.peak_lag()),
                **c.adstock.params(),
            ),
            saturation=SaturationLine(
                type=c.saturation.kind,
                half_saturation=Money.exact(float(c.saturation.half_saturation)),
                shape=Ratio.exact(float(c.saturation.shape)),
            ),
            evidence=c.evidence,
            notes=list(c.notes),
        )
        for c in result.channels
    }


def _calibration(report: CalibrationReport) -> CalibrationLine:
    return CalibrationLine(
        channels={
            c.channel: CalibratedChannelLine(
                tested=c.tested,
                **flat("roi_before", c.roi_before, Ratio),
                **flat("roi_after", c.roi_after, Ratio),
                moved=Fraction.exact(c.moved),
                tests=[
                    LiftTestLine(
                        start=week_label(t.test.start),
                        end=week_label(t.test.end),
                        measured_until=week_label(t.test.last_measured),
                        spend_change=Money.exact(t.test.spend_change),
                        outcome_change=OutcomeAmount.exact(t.test.outcome_change),
                        outcome_change_se=OutcomeAmount.exact(t.test.outcome_change_se),
                        **flat("predicted_before", t.predicted_before, OutcomeAmount),
                        **flat("predicted_after", t.predicted_after, OutcomeAmount),
                        z_score=Ratio.exact(t.z_score),
                        contradicts=t.contradicts,
                        message=t.message,
                    )
                    for t in c.tests
                ],
            )
            for c in report.channels
        },
        contradictions=[t.message for t in report.contradictions],
    )


def _fields(
    result: HistoryFit, detection: str, saved_to: str | None, seconds: float
) -> dict[str, object]:
    verdict = result.verdict
    return {
        "target": result.target,
        "weeks": result.n_weeks,
        "first_week": week_label(result.first_week),
        "last_week": week_label(result.last_week),
        "interval_level": Fraction.exact(result.level),
        "channels": _channels(result),
        "baseline": BaselineLine(
            contribution=OutcomeAmount.exact(result.baseline.contribution),
            contribution_share=Fraction.exact(result.baseline.share),
        ),
        "interactions": [
            InteractionLine(
                channels=[t.channel_a, t.channel_b],
                **flat("coefficient", t.coefficient, OutcomeAmount),
                p_value=Ratio.exact(t.p_value),
            )
            for t in result.interactions
        ],
        "metrics": _metrics(result),
        "verdict": verdict.headline,
        "usable_for_planning": result.usable_for_planning,
        "weakly_identified": list(verdict.weak_channels),
        "suggested_test": verdict.suggested_test,
        "calibration": None if result.calibration is None else _calibration(result.calibration),
        "reasons": list(verdict.reasons),
        "detection": detection,
        "saved_to": saved_to,
        "seconds": seconds,
    }


def fit_document(
    result: HistoryFit,
    *,
    detection: str,
    saved_to: str | None,
    saved_as: SavedAs | None,
    seconds: float,
) -> FitDocument:
    return FitDocument.model_validate(
        {**_fields(result, detection, saved_to, seconds), "saved_as": saved_as}
    )


def panel_fit_document(
    result: PanelFit,
    *,
    detection: str,
    saved_to: str | None,
    saved_as: SavedAs | None = None,
    seconds: float,
) -> PanelFitDocument:
    pooled = {c.name: c for c in result.pooled}
    return PanelFitDocument.model_validate(
        {
            **_fields(result.national, detection, saved_to, seconds),
            "saved_as": saved_as,
            "panel": PanelSummary(
                geo_column=result.geo_column,
                geos=list(result.geo_names),
                pooling=result.pooling,
                holdout_mape=Percent.exact(result.holdout_mape),
                seconds=result.seconds,
            ),
            "pooled_channels": {
                name: PooledChannelLine(
                    **flat("roi", pooled[name].roi, Ratio),
                    **flat("contribution", pooled[name].contribution, OutcomeAmount),
                )
                for name in result.channel_names
            },
            "geos": {
                g.geo: GeoLine(
                    holdout_mape=Percent.exact(g.holdout_mape),
                    usable_for_planning=g.fit.usable_for_planning,
                    channels={
                        c.name: GeoChannelLine(
                            spend=Money.exact(c.spend),
                            **flat("roi", c.roi, Ratio),
                            **flat("mroi", c.marginal_roi, Ratio),
                            **flat("contribution", c.contribution, OutcomeAmount),
                            unpooled_roi=Ratio.exact(p.unpooled_roi),
                            pooling_weight=Fraction.exact(p.weight),
                        )
                        for c, p in zip(g.fit.channels, g.pooling, strict=True)
                    },
                )
                for g in result.geos
            },
        }
    )
