"""Dress a fitted model and its posterior draws as a typed :class:`HistoryFit`: per-channel
contribution, share, ROI and marginal ROI with intervals, interactions with their bootstrap
significance, the baseline and notes.

Reported estimates are the posterior mode (the fit itself) with the draws' central intervals,
widened if need be to hold the mode, by default (``FitSettings.point_estimate == "mode"``). With
``"median"`` they are posterior medians: each channel's point curve keeps the mode's carryover
and shape, with its coefficient scaled so that its ROI over the fitted weeks is the posterior
median. Either way the curve the optimizer plans on and the ROI the reply shows agree."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from model_engine.channels import ChannelType
from model_engine.mmm.bootstrap import BootstrapDraws
from model_engine.mmm.calibration import calibration_report
from model_engine.mmm.core import CoreFit, FitProblem
from model_engine.mmm.media import MediaTransform
from model_engine.mmm.result import (
    RECENT_WEEKS,
    BaselineFit,
    ChannelDraws,
    ChannelFit,
    FitSettings,
    HistoryFit,
    InteractionFit,
)
from model_engine.mmm.validation import (
    WEAK_ROI_NOTE,
    ChannelIdentification,
    ChannelUncertainty,
    Diagnostics,
    FitMetrics,
    channel_identification,
    make_verdict,
    roi_uncertainty_note,
)
from model_engine.planning import Evidence, Interval
from model_engine.saturation import FloatArray

MIN_ACTIVE_WEEKS = 4


def assemble_result(
    problem: FitProblem,
    final: CoreFit,
    draws: BootstrapDraws | None,
    metrics: FitMetrics,
    diagnostics: Diagnostics,
    settings: FitSettings,
    level: float,
    started: float,
    uncalibrated: HistoryFit | None = None,
) -> HistoryFit:
    """The typed result of the final fit (all weeks) and its posterior draws; with
    ``uncalibrated`` (the same fit without the lift tests) it carries the calibration report."""
    history, frame, spend = problem.history, problem.frame, problem.spend
    summarise = _Summariser(level, float(problem.target.sum()), settings.point_estimate)
    levels = final.transform.levels(final.theta)
    draw_contributions = None
    if draws is not None:
        draw_levels = np.stack([final.transform.levels(t) for t in draws.theta])
        draw_contributions = (draw_levels * draws.media[:, np.newaxis, :]).sum(axis=1)
    recent = spend[-RECENT_WEEKS:].mean(axis=0)
    identification = _identification(problem, final, levels)
    channels = tuple(
        _channel_fit(
            name=name,
            channel_type=problem.channel_types[c],
            spend=spend[:, c],
            recent_weekly_spend=float(recent[c]),
            contribution=float(final.coefficients.media[c] * levels[:, c].sum()),
            draw_contributions=None if draw_contributions is None else draw_contributions[:, c],
            transform=final.transform,
            theta=final.theta[c],
            coefficient=float(final.coefficients.media[c]),
            draws=None if draws is None else (draws.theta[:, c], draws.media[:, c]),
            channel=c,
            summarise=summarise,
            identification=identification[c],
            low_variation=name in diagnostics.low_variation,
            target=history.target,
        )
        for c, name in enumerate(history.channels)
    )
    interactions = tuple(
        InteractionFit(
            channel_a=history.channels[a],
            channel_b=history.channels[b],
            coefficient=summarise.interval(
                float(final.coefficients.interactions[k]),
                None if draws is None else draws.interactions[:, k],
            ),
            p_value=None if draws is None else _bootstrap_p_value(draws.interactions[:, k]),
        )
        for k, (a, b) in enumerate(final.objective.pairs)
    )
    baseline_total = float((final.design.matrix(frame) @ final.coefficients.baseline).sum())
    calibration = None
    if uncalibrated is not None:
        calibration = calibration_report(uncalibrated.channels, channels, problem.lift_tests, level)
    return HistoryFit(
        target=history.target,
        outcome_unit=history.outcome_unit,
        currency=history.currency,
        first_week=pd.Timestamp(frame.index[0]),
        last_week=pd.Timestamp(frame.index[-1]),
        n_weeks=len(frame),
        target_total=summarise.target_total,
        channels=channels,
        baseline=BaselineFit(
            design=final.design,
            coefficients=tuple(float(v) for v in final.coefficients.baseline),
            contribution=baseline_total,
            share=baseline_total / summarise.target_total,
            recent_controls=tuple(
                float(frame[name].iloc[-RECENT_WEEKS:].mean()) for name in final.design.controls
            ),
        ),
        interactions=interactions,
        metrics=metrics,
        diagnostics=diagnostics,
        verdict=make_verdict(metrics, diagnostics, [_uncertainty(c) for c in channels]),
        settings=settings,
        seconds=time.perf_counter() - started,
        level=level,
        notes=_notes(problem, final, diagnostics),
        calibration=calibration,
    )


def _uncertainty(channel: ChannelFit) -> ChannelUncertainty:
    return ChannelUncertainty(
        name=channel.name,
        spend=channel.spend,
        roi_low=channel.roi.low,
        roi_estimate=channel.roi.estimate,
        roi_high=channel.roi.high,
        weak=any(n.startswith(WEAK_ROI_NOTE) for n in channel.notes),
    )


def at_posterior_median(final: CoreFit, draws: BootstrapDraws) -> CoreFit:
    """The final fit with each channel's coefficient scaled so that its contribution over the
    fitted weeks is the posterior median's, and the baseline refitted to the scaled media (so
    the reported model still predicts the fitted weeks as well as it can)."""
    objective = final.objective
    levels = objective.transform.levels(final.theta)
    totals = levels.sum(axis=0)
    draw_totals = np.stack([objective.transform.levels(t).sum(axis=0) for t in draws.theta])
    median = np.median(draw_totals * draws.media, axis=0)
    contribution = final.coefficients.media * totals
    ratio = np.where(contribution > 0, median / np.where(contribution > 0, contribution, 1.0), 1.0)
    media = final.coefficients.media * ratio
    explained = levels @ media
    for (a, b), eta in zip(objective.pairs, final.coefficients.interactions, strict=True):
        explained = explained + eta * levels[:, a] * levels[:, b]
    baseline, *_ = np.linalg.lstsq(
        objective.projector.matrix, objective.target - explained, rcond=None
    )
    coefficients = replace(
        final.coefficients, media=media, baseline=np.asarray(baseline, dtype=np.float64)
    )
    return replace(final, coefficients=coefficients)


def _identification(
    problem: FitProblem, final: CoreFit, levels: FloatArray
) -> tuple[ChannelIdentification, ...]:
    """How well the fitted weeks can measure each channel (see :func:`channel_identification`)."""
    rows = final.rows
    frame = problem.frame.iloc[rows]
    baseline = final.design.matrix(frame)
    # Intercept, trend and the Fourier terms come first (``BaselineDesign.column_names``).
    season = baseline[:, : 2 + 2 * final.design.fourier_order]
    target = problem.target[rows]
    return channel_identification(
        names=problem.history.channels,
        spend=problem.spend[rows],
        adstocked=final.transform.adstocked(final.theta)[rows],
        season=season,
        baseline=baseline,
        levels=levels[rows],
        residual=target - final.predict(problem.frame, rows),
        target_mean=float(target.mean()),
    )


def _notes(problem: FitProblem, final: CoreFit, diagnostics: Diagnostics) -> tuple[str, ...]:
    notes = []
    if final.design.fourier_order == 0 and problem.fourier_order > 0:
        notes.append("under a year of fitted weeks: yearly seasonality left out")
    if final.design.dropped:
        notes.append(
            f"constant in the fitted weeks, so left out: {', '.join(final.design.dropped)}"
        )
    if diagnostics.negative_baseline_weeks:
        notes.append(
            f"the baseline is negative in {diagnostics.negative_baseline_weeks} weeks: media "
            "may be absorbing trend or seasonality"
        )
    return tuple(notes)


@dataclass(frozen=True)
class _Summariser:
    """Turns a point estimate and bootstrap samples into an :class:`Interval`."""

    level: float
    target_total: float
    point: str = "mode"  # FitSettings.point_estimate

    def interval(self, estimate: float, samples: FloatArray | None) -> Interval:
        """``estimate`` (the mode) or the posterior median, as ``point`` says, with the central
        interval of ``samples``; the mode alone when there are none."""
        if samples is None or samples.size == 0:
            return Interval(estimate=estimate, low=estimate, high=estimate, level=self.level)
        tail = (1.0 - self.level) / 2.0
        low, median, high = np.quantile(samples, [tail, 0.5, 1.0 - tail])
        if self.point == "median":
            return Interval(
                estimate=float(median), low=float(low), high=float(high), level=self.level
            )
        # The draws are skewed, so the mode can fall just outside their central interval: the
        # interval is widened to hold it rather than report a point outside its own range.
        return Interval(
            estimate=estimate,
            low=float(min(low, estimate)),
            high=float(max(high, estimate)),
            level=self.level,
        )

    def around(self, point: float, samples: FloatArray | None) -> Interval:
        """``point`` with the central interval of ``samples`` (a quantity the point curve
        defines, such as the marginal return at the run-rate)."""
        if samples is None or samples.size == 0:
            return Interval(estimate=point, low=point, high=point, level=self.level)
        tail = (1.0 - self.level) / 2.0
        low, high = np.quantile(samples, [tail, 1.0 - tail])
        return Interval(estimate=point, low=float(low), high=float(high), level=self.level)


def _channel_fit(
    *,
    name: str,
    channel_type: ChannelType,
    spend: FloatArray,
    recent_weekly_spend: float,
    contribution: float,
    draw_contributions: FloatArray | None,
    transform: MediaTransform,
    theta: FloatArray,
    coefficient: float,
    draws: tuple[FloatArray, FloatArray] | None,
    channel: int,
    summarise: _Summariser,
    identification: ChannelIdentification,
    low_variation: bool,
    target: str,
) -> ChannelFit:
    total_spend = float(spend.sum())
    saturation = transform.saturation(theta, channel)
    marginal = coefficient * float(saturation.derivative(recent_weekly_spend))
    channel_draws = None
    marginal_draws = None
    if draws is not None:
        draw_theta, draw_coefficient = draws
        draw_saturation = transform.saturation(draw_theta, channel)
        channel_draws = ChannelDraws(
            adstock_params=draw_theta[:, : transform.n_adstock_params],
            half_saturation=np.asarray(draw_saturation.half_saturation),
            shape=np.asarray(draw_saturation.shape),
            coefficient=draw_coefficient,
        )
        marginal_draws = draw_coefficient * draw_saturation.derivative(recent_weekly_spend)
    roi_draws = None
    if draw_contributions is not None and total_spend > 0:
        roi_draws = draw_contributions / total_spend
    share_draws = None
    if draw_contributions is not None:
        share_draws = draw_contributions / summarise.target_total
    notes: list[str] = []
    evidence: Evidence = "history"
    active_weeks = int(np.sum(spend > 0))
    if active_weeks == 0:
        evidence = "no_evidence"
        notes.append(
            "no spend in any week: the history says nothing about this channel; a test budget "
            "would measure it"
        )
    elif active_weeks < MIN_ACTIVE_WEEKS:
        notes.append(f"spend in only {active_weeks} weeks: its curve rests mostly on the prior")
    if active_weeks > 0 and coefficient == 0:
        notes.append("no measurable effect in the history (estimated contribution zero)")
    roi = summarise.interval(contribution / total_spend if total_spend else 0.0, roi_draws)
    if active_weeks >= MIN_ACTIVE_WEEKS and roi_draws is not None:
        weak = roi_uncertainty_note(
            roi.estimate, roi.low, roi.high, identification, low_variation, target, summarise.level
        )
        if weak is not None:
            notes.append(weak)
    return ChannelFit(
        name=name,
        channel_type=channel_type,
        spend=total_spend,
        recent_weekly_spend=recent_weekly_spend,
        adstock=transform.adstock(theta),
        saturation=saturation,
        coefficient=coefficient,
        contribution=summarise.interval(contribution, draw_contributions),
        contribution_share=summarise.interval(contribution / summarise.target_total, share_draws),
        roi=roi,
        marginal_roi=summarise.around(marginal, marginal_draws),
        evidence=evidence,
        draws=channel_draws,
        notes=tuple(notes),
    )


def _bootstrap_p_value(samples: FloatArray) -> float:
    """Two-sided bootstrap p-value for "the coefficient is zero": twice the smaller share of
    replicates on either side of zero (at least one replicate's worth)."""
    below = float(np.mean(samples <= 0))
    above = float(np.mean(samples >= 0))
    return float(min(1.0, max(2.0 * min(below, above), 1.0 / samples.size)))
