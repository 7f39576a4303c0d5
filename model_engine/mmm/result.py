r"""Typed results of a history fit: per channel, baseline, interactions, metrics and verdict.

Per channel the weekly model term is :math:`\beta\,S(\mathrm{adstock}(x)_t)` with a Hill
:math:`S` on adstocked weekly spend (normalised kernel, so a steady spend :math:`w` adstocks to
:math:`w`). Over a planning horizon of :math:`H` weeks with total spend :math:`X` spread evenly,
the outcome is :math:`H\beta S(X/H)` (:meth:`ResponseCurve.from_weekly`), and the marginal
return at the recent run-rate is its derivative there. With a flighting pattern :math:`p_t` the
weekly adstocked levels are :math:`X q_t` with :math:`q` the circular adstock of :math:`p`, and
the outcome is :math:`\beta \sum_t S(X q_t)` (:class:`~model_engine.response.FlightingPattern`);
each bootstrap draw uses its own carryover kernel. ROI is contribution over spend for the
fitted weeks; intervals come from the block bootstrap (90% unless stated).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from model_engine.adstock import Adstock
from model_engine.channels import ChannelType
from model_engine.datasets import OutcomeUnit
from model_engine.mmm.design import BaselineDesign
from model_engine.mmm.media import assumed_earlier_spend
from model_engine.mmm.validation import Diagnostics, FitMetrics, Verdict
from model_engine.planning import (
    ChannelCurve,
    Evidence,
    HistoricalEffect,
    Interaction,
    Interval,
    ResponseModel,
)
from model_engine.response import Flighting, FlightingPattern, ResponseCurve, resolve_flighting
from model_engine.saturation import FloatArray, HillSaturation

if TYPE_CHECKING:
    from model_engine.mmm.calibration import CalibrationReport

RECENT_WEEKS = 13  # the run-rate window for "current spend"


@dataclass(frozen=True)
class FitSettings:
    """Hyperparameters, chosen on the validation weeks."""

    adstock: str  # "geometric" or "weibull"
    prior_weight: float  # weight of the carryover/saturation prior against the data
    l_max: int
    fourier_order: int
    n_bootstrap: int
    block_weeks: int
    # The ROI prior ("channel_type", "exchangeable" or "none") and its spread, and how the draws
    # were made ("randomised": randomise-then-optimise posterior draws; "bootstrap": data only).
    return_prior: str = "none"
    return_prior_spread: float = 0.0
    posterior: str = "bootstrap"
    # What the reported estimates are: "mode" (the fit, with the draws' intervals) or "median"
    # (contributions scaled to the draws' median). Versions saved before this field: "median".
    point_estimate: str = "median"


@dataclass(frozen=True, eq=False)
class ChannelDraws:
    """Bootstrap replicates of one channel's parameters (one entry per replicate)."""

    adstock_params: FloatArray  # (B, n_adstock_params), in the order of the adstock's params
    half_saturation: FloatArray  # (B,), currency per week
    shape: FloatArray  # (B,)
    coefficient: FloatArray  # (B,), outcome per week at full saturation


@dataclass(frozen=True, eq=False)
class ChannelFit:
    """What the history says about one channel."""

    name: str
    channel_type: ChannelType
    spend: float  # total over the fitted weeks
    recent_weekly_spend: float  # average of the last 13 weeks: the run-rate
    adstock: Adstock
    saturation: HillSaturation  # on weekly adstocked spend
    coefficient: float  # outcome per week at full saturation
    contribution: Interval  # total over the fitted weeks
    contribution_share: Interval  # over the sum of the target
    roi: Interval  # contribution / spend
    marginal_roi: Interval  # outcome per extra unit of currency at the run-rate
    evidence: Evidence = "history"
    draws: ChannelDraws | None = None
    notes: tuple[str, ...] = ()

    def response_curve(
        self, horizon_weeks: int, flighting: FlightingPattern | None = None
    ) -> ResponseCurve:
        """Outcome over ``horizon_weeks`` for a total spend spread evenly over them, or over
        the weeks as ``flighting`` says."""
        multiplier = self.adstock.steady_state_multiplier()
        even = ResponseCurve.from_weekly(
            self.saturation, self.coefficient, horizon_weeks, carryover_multiplier=multiplier
        )
        if flighting is None:
            return even
        return even.flighted(flighting.relative_levels(self.adstock.weights(), multiplier))

    def response_draws(
        self, horizon_weeks: int, flighting: FlightingPattern | None = None
    ) -> ResponseCurve | None:
        """The bootstrap draws of :meth:`response_curve`; a flighted draw also uses its own
        carryover kernel."""
        if self.draws is None:
            return None
        multiplier = self.adstock.steady_state_multiplier()
        even = ResponseCurve.from_weekly(
            HillSaturation(self.draws.half_saturation, self.draws.shape),
            self.draws.coefficient,
            horizon_weeks,
            carryover_multiplier=multiplier,
        )
        if flighting is None:
            return even
        return even.flighted(flighting.relative_levels(self._draw_kernels(), multiplier))

    def _draw_kernels(self) -> FloatArray:
        """Adstock weights of every bootstrap draw: shape ``(draws, l_max)``."""
        assert self.draws is not None
        settings = self.adstock.to_dict()
        names = self.adstock.param_names
        kernels = [
            Adstock.from_dict({**settings, **dict(zip(names, row, strict=True))}).weights()
            for row in self.draws.adstock_params.tolist()
        ]
        return np.stack(kernels)

    def levels(self, spend: FloatArray) -> FloatArray:
        """Saturation level per week for a weekly spend series (weeks before it assumed to
        spend like its first ``l_max`` weeks, as in the fit)."""
        earlier = assumed_earlier_spend(spend, self.adstock.l_max)
        return np.asarray(self.saturation(self.adstock.apply(spend, earlier)))


@dataclass(frozen=True)
class InteractionFit:
    r"""A pairwise synergy :math:`\eta\,S_a S_b` per week, with its bootstrap significance."""

    channel_a: str
    channel_b: str
    coefficient: Interval  # outcome per week when both channels are fully saturated
    p_value: float | None


@dataclass(frozen=True)
class BaselineFit:
    """Everything that is not media: intercept, trend, seasonality, controls, events."""

    design: BaselineDesign
    coefficients: tuple[float, ...]
    contribution: float  # total over the fitted weeks
    share: float  # over the sum of the target
    recent_controls: tuple[float, ...]  # control averages over the last 13 weeks

    def weekly(self, frame: pd.DataFrame) -> FloatArray:
        return np.asarray(self.design.matrix(frame) @ np.asarray(self.coefficients))

    def projected(self, after: pd.Timestamp, horizon_weeks: int) -> float:
        """Baseline outcome over the ``horizon_weeks`` after ``after``: trend and season carried
        forward, controls at their recent average, no events."""
        index = pd.date_range(after + pd.Timedelta(weeks=1), periods=horizon_weeks, freq="7D")
        frame = pd.DataFrame(index=index)
        for name, value in zip(self.design.controls, self.recent_controls, strict=True):
            frame[name] = value
        for name in self.design.events:
            frame[name] = 0.0
        return float(self.weekly(frame).sum())


@dataclass(frozen=True, eq=False)
class HistoryFit:
    """A fitted marketing-mix model: statsmodels-style result with ``summary()``."""

    target: str
    outcome_unit: OutcomeUnit
    currency: str
    first_week: pd.Timestamp
    last_week: pd.Timestamp
    n_weeks: int
    target_total: float
    channels: tuple[ChannelFit, ...]
    baseline: BaselineFit
    interactions: tuple[InteractionFit, ...]
    metrics: FitMetrics
    diagnostics: Diagnostics
    verdict: Verdict
    settings: FitSettings
    seconds: float
    level: float = 0.9
    notes: tuple[str, ...] = ()
    # With lift tests: ROI before and after calibration per channel, and each test's check
    # against the uncalibrated model (not saved with the model: it describes this fit's inputs).
    calibration: CalibrationReport | None = None

    @property
    def usable_for_planning(self) -> bool:
        return self.verdict.usable_for_planning

    @property
    def channel_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.channels)

    def channel(self, name: str) -> ChannelFit:
        for c in self.channels:
            if c.name == name:
                return c
        raise KeyError(f"no channel named {name!r}; channels: {', '.join(self.channel_names)}")

    def decompose(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Weekly outcome split into baseline, each channel and each interaction.

        ``frame`` needs the channel, control and event columns. Carryover into its first weeks
        assumes the weeks before spent like its first weeks, so pass the actual earlier weeks
        too when predicting inside a period.
        """
        parts = pd.DataFrame(index=frame.index)
        parts["baseline"] = self.baseline.weekly(frame)
        levels: dict[str, FloatArray] = {}
        for c in self.channels:
            levels[c.name] = c.levels(frame[c.name].to_numpy(dtype=np.float64))
            parts[c.name] = c.coefficient * levels[c.name]
        for term in self.interactions:
            label = f"{term.channel_a} x {term.channel_b}"
            parts[label] = (
                term.coefficient.estimate * levels[term.channel_a] * levels[term.channel_b]
            )
        return parts

    def predict(self, frame: pd.DataFrame) -> pd.Series:
        """Modelled target per week (see :meth:`decompose` for the columns needed)."""
        return self.decompose(frame).sum(axis=1).rename(self.target)

    def to_response_model(
        self, horizon_weeks: int = 13, flighting: Flighting | None = None
    ) -> ResponseModel:
        """Curves over the next ``horizon_weeks`` for the optimizer, scenarios and narrative.

        ``current_spend`` is the last-13-weeks run-rate times the horizon; the baseline is
        projected over the horizon after the last fitted week. ``flighting`` spreads channels'
        budgets over the weeks unevenly: one list of weekly weights for every channel, or a
        mapping from channel name to its weights (``"*"``: every channel not named); the
        others, and any even pattern, keep the even-spend curve. Every plan compared (the
        current mix too) follows the same patterns.
        """
        if horizon_weeks <= 0:
            raise ValueError("the planning horizon must be at least one week")
        patterns = {
            name: pattern
            for name, pattern in resolve_flighting(
                flighting, self.channel_names, horizon_weeks
            ).items()
            if not pattern.is_even
        }
        curves = tuple(
            ChannelCurve(
                name=c.name,
                channel_type=c.channel_type,
                current_spend=c.recent_weekly_spend * horizon_weeks,
                curve=c.response_curve(horizon_weeks, patterns.get(c.name)),
                draws=c.response_draws(horizon_weeks, patterns.get(c.name)),
                evidence=c.evidence,
                carryover=c.adstock.carryover(),
                history=HistoricalEffect(
                    contribution=c.contribution,
                    contribution_share=c.contribution_share,
                    roi=c.roi,
                ),
                notes=c.notes + ((patterns[c.name].describe(),) if c.name in patterns else ()),
            )
            for c in self.channels
        )
        interactions = tuple(
            Interaction(
                channel_a=t.channel_a,
                channel_b=t.channel_b,
                coefficient=horizon_weeks * t.coefficient.estimate,
                p_value=t.p_value,
            )
            for t in self.interactions
        )
        notes = (self.verdict.headline, *self.verdict.reasons, *self.notes)
        notes += tuple(
            f"the {t.channel_a} x {t.channel_b} interaction uses both channels' average weekly "
            "saturation; with both flighted it is an approximation"
            for t in self.interactions
            if t.channel_a in patterns and t.channel_b in patterns
        )
        if not self.usable_for_planning:
            notes = ("not usable for planning: recommendations need the user to insist", *notes)
        return ResponseModel(
            channels=curves,
            horizon_weeks=horizon_weeks,
            outcome_name=self.target,
            outcome_unit=self.outcome_unit,
            currency=self.currency,
            baseline_outcome=self.baseline.projected(self.last_week, horizon_weeks),
            interactions=interactions,
            source="history",
            notes=notes,
        )

    def summary(self) -> str:
        m = self.metrics
        pct = f"{self.level:.0%}"
        lines = [
            f"Marketing-mix fit of {self.target}: {self.n_weeks} weeks "
            f"({self.first_week:%Y-%m-%d} to {self.last_week:%Y-%m-%d}), "
            f"{len(self.channels)} channels, {self.seconds:.1f} s",
            f"Verdict: {self.verdict.headline}",
            *(f"  - {reason}" for reason in self.verdict.reasons),
            f"Fit: train MAPE {m.train_mape:.1f}%, validation {m.validation_mape:.1f}%, "
            f"holdout {m.holdout_mape:.1f}% (R² {m.holdout_r2:.2f}, NRMSE {m.holdout_nrmse:.3f}); "
            f"in-sample R² {m.r2:.2f}, residual Durbin-Watson "
            f"{self.diagnostics.durbin_watson:.2f} (2 = no autocorrelation)",
        ]
        if m.backtest_mapes:
            folds = ", ".join(f"{v:.1f}%" for v in m.backtest_mapes)
            lines.append(f"Rolling-origin backtest MAPE by fold: {folds}")
        s = self.settings
        lines.append(
            f"Settings: {s.adstock} carryover over {s.l_max} weeks, prior weight "
            f"{s.prior_weight:g}, Fourier order {s.fourier_order}, {s.n_bootstrap} block-bootstrap "
            f"replicates ({s.block_weeks}-week blocks), {pct} intervals"
        )
        header = (
            f"{'channel':<18} {'spend':>14} {'contribution [' + pct + ']':>40} {'share':>6} "
            f"{'ROI [' + pct + ']':>22} {'mROI':>7}  carryover; saturation"
        )
        lines += ["", header, "-" * len(header)]
        for c in self.channels:
            carry = c.adstock.carryover()
            lines.append(
                f"{c.name[:18]:<18} {c.spend:>14,.0f} "
                f"{_interval(c.contribution, ',.0f'):>40} "
                f"{c.contribution_share.estimate:>6.1%} "
                f"{_interval(c.roi, '.2f'):>22} "
                f"{c.marginal_roi.estimate:>7.2f}  "
                f"{carry.kind}, peak week {carry.peak_lag_weeks:.0f}, mean lag "
                f"{carry.mean_lag_weeks:.1f} wk; half-saturation "
                f"{float(c.saturation.half_saturation):,.0f}/wk, shape "
                f"{float(c.saturation.shape):.2f}"
            )
        lines.append(
            f"{'baseline':<18} {'':>14} {self.baseline.contribution:>40,.0f} "
            f"{self.baseline.share:>6.1%}"
        )
        for t in self.interactions:
            p = "n/a" if t.p_value is None else f"{t.p_value:.3f}"
            lines.append(
                f"interaction {t.channel_a} x {t.channel_b}: "
                f"{_interval(t.coefficient, ',.0f')} per week at full saturation, p = {p}"
            )
        notes = [*self.notes, *(f"{c.name}: {n}" for c in self.channels for n in c.notes)]
        if notes:
            lines += ["", "Notes:", *(f"  - {n}" for n in notes)]
        return "\n".join(lines)


def _interval(value: Interval, fmt: str) -> str:
    return f"{value.estimate:{fmt}} [{value.low:{fmt}}, {value.high:{fmt}}]"
