r"""The panel fit: curve shapes and carryover shared by every geo, each geo's own baseline and
seasonality, and its media coefficients partially pooled toward the national returns.

For geo :math:`g` and channel :math:`m`,

.. math::
    y_{gt} = B_g(t)^\top\gamma_g + \sum_m \beta_{gm}\,
        \mathrm{Hill}\!\Big(\mathrm{adstock}_m(x_{gm})_t;\ \kappa_m \frac{r_{gm}}{r_m}, n_m\Big)
        + \varepsilon_{gt}

Steps:

1. **Shapes on the pooled series.** The national estimator (``model_engine.mmm``) fits the geos
   summed; its carryover and Hill shape are shared, and its half-saturation is carried to each
   geo in units of typical spend (:math:`r_{gm}/r_m`, the geo's average weekly spend over the
   nation's), so a geo spending a tenth of the nation saturates at a tenth of the spend.
2. **Each geo on its own** on those shapes: its baseline, trend and seasonality and non-negative
   media coefficients by least squares (``pooling.unpooled_fit``).
3. **Partial pooling.** The between-geo spread of every channel's return is estimated from the
   geos' own estimates (empirical Bayes, method of moments), and each geo's coefficients are
   refitted with its returns' prior centred on the national return (``pooling.pooled_fit``).

Intervals are the Gaussian approximation at the mode: per geo from the pooled fit's curvature,
pooled over geos by summing the geos' independent contributions. The shapes' own uncertainty is
in the national fit's intervals, not in the geos'. The holdout MAPE repeats steps 1-3 on the
weeks before the test weeks (shapes included) and scores every geo-week of the test weeks.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd
from scipy.stats import norm

from model_engine.datasets import WeeklyHistory
from model_engine.mmm import (
    BaselineFit,
    ChannelFit,
    Diagnostics,
    FitMetrics,
    HistoryFit,
    MarketingMixModel,
)
from model_engine.mmm.design import BaselineDesign
from model_engine.mmm.media import reference_spend
from model_engine.mmm.result import RECENT_WEEKS
from model_engine.mmm.validation import (
    WEAK_ROI_NOTE,
    ChannelUncertainty,
    make_verdict,
    mape,
    nrmse,
    r_squared,
    spend_diagnostics,
)
from model_engine.panel.data import PanelHistory
from model_engine.panel.pooling import (
    GeoDesign,
    LinearFit,
    between_geo_sd,
    pooled_fit,
    pooled_mean,
    shrinkage_weight,
    unpooled_fit,
)
from model_engine.panel.result import ChannelPooling, GeoFit, PanelFit, PooledChannel
from model_engine.planning import Interval
from model_engine.saturation import FloatArray, HillSaturation

Pooling = Literal["partial", "none"]
WEAK_ROI_RATIO = 3.0  # an interval whose top is 3x its bottom does not pin the return down


@dataclass(frozen=True, eq=False)
class _GeoPieces:
    """One geo's design on the shared shapes, over all weeks, and the rows it is fitted on."""

    history: WeeklyHistory
    channels: tuple[ChannelFit, ...]  # the national channels with the geo's half-saturation
    levels: FloatArray  # (T, C), all weeks
    spend: FloatArray  # (T, C)
    target: FloatArray  # (T,)
    design: BaselineDesign
    rows: slice

    def linear(self, rows: slice | None = None) -> GeoDesign:
        rows = rows or self.rows
        frame = self.history.frame.iloc[rows]
        return GeoDesign(
            baseline=self.design.matrix(frame),
            levels=self.levels[rows],
            target=self.target[rows],
            spend=self.spend[rows],
        )

    def predict(self, fit: LinearFit, rows: slice) -> FloatArray:
        frame = self.history.frame.iloc[rows]
        return np.asarray(self.design.matrix(frame) @ fit.baseline + self.levels[rows] @ fit.media)


class PanelModel:
    """Estimator for panels (scikit-learn habits: configure, ``fit``, read ``result_``).

    Parameters
    ----------
    pooling:
        ``"partial"`` (geo returns shrunk toward the national by empirical Bayes) or ``"none"``
        (each geo on its own, on the shared shapes).
    holdout:
        Share of the last weeks kept as the test weeks of the holdout MAPE.
    n_bootstrap:
        Replicates of the national fit (its ROI intervals; the geos' come from the pooled fit).
    adstock, fourier_order, warmup_weeks, seed, level:
        As for :class:`~model_engine.mmm.MarketingMixModel`.
    """

    def __init__(
        self,
        *,
        pooling: Pooling = "partial",
        holdout: float = 0.15,
        n_bootstrap: int = 20,
        adstock: Literal["auto", "geometric", "weibull"] = "auto",
        fourier_order: int = 2,
        warmup_weeks: int = 8,
        seed: int = 0,
        level: float = 0.9,
    ) -> None:
        if pooling not in ("partial", "none"):
            raise ValueError(f"pooling must be partial or none (got {pooling!r})")
        if not 0 < holdout < 0.5:
            raise ValueError("the holdout must be a share of the weeks between 0 and 0.5")
        self.pooling = pooling
        self.holdout = holdout
        self.n_bootstrap = n_bootstrap
        self.adstock = adstock
        self.fourier_order = fourier_order
        self.warmup_weeks = warmup_weeks
        self.seed = seed
        self.level = level

    def _national_model(self, n_bootstrap: int) -> MarketingMixModel:
        return MarketingMixModel(
            adstock=self.adstock,
            fourier_order=self.fourier_order,
            holdout=self.holdout,
            n_bootstrap=n_bootstrap,
            warmup_weeks=self.warmup_weeks,
            seed=self.seed,
            level=self.level,
        )

    def fit(self, panel: PanelHistory) -> PanelModel:
        """Fit the panel; the result is in ``result_`` (a :class:`PanelFit`)."""
        started = time.perf_counter()
        n_weeks = panel.n_weeks
        n_test = max(1, round(n_weeks * self.holdout))
        before_test = slice(0, n_weeks - n_test)
        test = slice(n_weeks - n_test, n_weeks)

        # Holdout: everything, shapes included, from the weeks before the test weeks.
        truncated = replace(panel.national, frame=panel.national.frame.iloc[before_test])
        early_shapes = self._national_model(0).fit(truncated).result_
        early_pieces = self._pieces(panel, early_shapes, before_test)
        early_fits, _ = self._geo_linear_fits(early_pieces, early_shapes)
        holdout: list[tuple[FloatArray, FloatArray]] = []
        for early, linear in zip(early_pieces, early_fits, strict=True):
            holdout.append((early.target[test], early.predict(linear, test)))
        train_in_sample = [
            mape(p.target[p.rows], p.predict(f, p.rows))
            for p, f in zip(early_pieces, early_fits, strict=True)
        ]

        national = self._national_model(self.n_bootstrap).fit(panel.national).result_
        pieces = self._pieces(panel, national, slice(0, n_weeks))
        fits, pooling = self._geo_linear_fits(pieces, national)
        geos = tuple(
            GeoFit(
                geo=geo,
                fit=self._geo_result(
                    p, f, national, holdout[g], train_in_sample[g], n_test, started
                ),
                pooling=pooling[g],
            )
            for g, (geo, p, f) in enumerate(zip(panel.geos, pieces, fits, strict=True))
        )
        actual = np.concatenate([a for a, _ in holdout])
        predicted = np.concatenate([p for _, p in holdout])
        self.result_ = PanelFit(
            geo_column=panel.geo_column,
            pooling=self.pooling,
            national=national,
            geos=geos,
            pooled=self._pooled(geos),
            holdout_mape=mape(actual, predicted),
            seconds=time.perf_counter() - started,
            level=self.level,
        )
        return self

    # -- steps ------------------------------------------------------------------------------

    def _pieces(self, panel: PanelHistory, shapes: HistoryFit, rows: slice) -> list[_GeoPieces]:
        national_reference = reference_spend(
            panel.national.frame[list(panel.channels)].to_numpy(dtype=np.float64)[rows]
        )
        warmup = min(self.warmup_weeks, (rows.stop - rows.start) // 10)
        fit_rows = slice(rows.start + warmup, rows.stop)
        out = []
        for history in panel.histories:
            frame = history.frame
            spend = frame[list(history.channels)].to_numpy(dtype=np.float64)
            geo_reference = reference_spend(spend[rows])
            channels = tuple(
                replace(
                    c,
                    saturation=HillSaturation(
                        float(c.saturation.half_saturation)
                        * geo_reference[m]
                        / national_reference[m],
                        float(c.saturation.shape),
                    ),
                )
                for m, c in enumerate(shapes.channels)
            )
            levels = np.column_stack([c.levels(spend[:, m]) for m, c in enumerate(channels)])
            design = BaselineDesign.from_frame(
                frame.iloc[fit_rows], history.controls, history.events, self.fourier_order
            )
            out.append(
                _GeoPieces(
                    history=history,
                    channels=channels,
                    levels=levels,
                    spend=spend,
                    target=frame[history.target].to_numpy(dtype=np.float64),
                    design=design,
                    rows=fit_rows,
                )
            )
        return out

    def _geo_linear_fits(
        self, pieces: Sequence[_GeoPieces], shapes: HistoryFit
    ) -> tuple[list[LinearFit], list[tuple[ChannelPooling, ...]]]:
        designs = [p.linear() for p in pieces]
        own = [unpooled_fit(d) for d in designs]
        roi = np.stack([f.roi for f in own])
        se = np.stack([f.roi_se for f in own])
        # The national return is the geos' common centre (random-effects mean), estimated with
        # the spread: the summed series' own fit is one noisy view of it, the geos are G.
        national_roi = pooled_mean(roi, se, np.zeros(roi.shape[1]))
        tau = between_geo_sd(roi, se, national_roi)
        national_roi = pooled_mean(roi, se, tau)
        if self.pooling == "none":
            fits = own
        else:
            fits = [
                pooled_fit(d, f.noise_var, national_roi, tau)
                for d, f in zip(designs, own, strict=True)
            ]
        names = shapes.channel_names
        pooling = [
            tuple(
                ChannelPooling(
                    channel=names[m],
                    unpooled_roi=float(f.roi[m]),
                    unpooled_roi_se=float(f.roi_se[m]),
                    national_roi=float(national_roi[m]),
                    between_geo_sd=float(tau[m]),
                    weight=1.0
                    if self.pooling == "none"
                    else float(shrinkage_weight(tau[m : m + 1], f.roi_se[m : m + 1])[0]),
                )
                for m in range(len(names))
            )
            for f in own
        ]
        return fits, pooling

    def _geo_result(
        self,
        pieces: _GeoPieces,
        fit: LinearFit,
        national: HistoryFit,
        holdout: tuple[FloatArray, FloatArray],
        train_mape: float,
        n_test: int,
        started: float,
    ) -> HistoryFit:
        """The geo's fit dressed as a :class:`HistoryFit` (so it plans, saves and summarises
        like a national one)."""
        history, rows = pieces.history, pieces.rows
        frame = history.frame
        target = pieces.target
        z = float(norm.ppf(0.5 + self.level / 2))
        target_total = float(target.sum())
        fitted = pieces.predict(fit, rows)
        recent = pieces.spend[-RECENT_WEEKS:].mean(axis=0)
        channels = []
        for m, base in enumerate(pieces.channels):
            spend_total = float(pieces.spend[:, m].sum())
            level_total = float(pieces.levels[:, m].sum())
            beta = float(fit.media[m])
            beta_se = float(np.sqrt(max(fit.media_covariance[m, m], 0.0)))
            contribution = _interval(beta * level_total, z * beta_se * level_total, self.level)
            roi = _ratio(contribution, spend_total)
            curve = replace(base, coefficient=beta).response_curve(RECENT_WEEKS)
            marginal = float(curve.marginal(recent[m] * RECENT_WEEKS))
            scale = marginal / roi.estimate if roi.estimate > 0 else 0.0
            notes: list[str] = []
            if roi.high >= WEAK_ROI_RATIO * max(roi.low, 0.0) and spend_total > 0:
                notes.append(
                    f"{WEAK_ROI_NOTE} in {history.target}: ROI between {roi.low:.2f} and "
                    f"{roi.high:.2f}"
                )
            channels.append(
                replace(
                    base,
                    spend=spend_total,
                    recent_weekly_spend=float(recent[m]),
                    coefficient=beta,
                    contribution=contribution,
                    contribution_share=_ratio(contribution, target_total),
                    roi=roi,
                    marginal_roi=Interval(marginal, roi.low * scale, roi.high * scale, self.level),
                    draws=None,
                    notes=tuple(notes),
                )
            )
        baseline_weekly = pieces.design.matrix(frame) @ fit.baseline
        actual_test, predicted_test = holdout
        metrics = FitMetrics(
            train_mape=train_mape,
            validation_mape=float("nan"),
            holdout_mape=mape(actual_test, predicted_test),
            holdout_r2=r_squared(actual_test, predicted_test),
            holdout_nrmse=nrmse(actual_test, predicted_test),
            r2=r_squared(target[rows], fitted),
            n_train=len(target) - n_test,
            n_validation=0,
            n_test=n_test,
        )
        diagnostics = _diagnostics(pieces, fit, fitted, baseline_weekly)
        uncertainties = [
            ChannelUncertainty(
                c.name, c.spend, c.roi.low, c.roi.estimate, c.roi.high, weak=bool(c.notes)
            )
            for c in channels
        ]
        return replace(
            national,
            target=history.target,
            first_week=pd.Timestamp(frame.index[0]),
            last_week=pd.Timestamp(frame.index[-1]),
            n_weeks=len(frame),
            target_total=target_total,
            channels=tuple(channels),
            baseline=BaselineFit(
                design=pieces.design,
                coefficients=tuple(float(v) for v in fit.baseline),
                contribution=float(baseline_weekly.sum()),
                share=float(baseline_weekly.sum()) / target_total,
                recent_controls=tuple(
                    float(frame[name].iloc[-RECENT_WEEKS:].mean())
                    for name in pieces.design.controls
                ),
            ),
            interactions=(),
            metrics=metrics,
            diagnostics=diagnostics,
            verdict=make_verdict(metrics, diagnostics, uncertainties),
            seconds=time.perf_counter() - started,
            notes=(
                "curve shapes and carryover shared with the other geos (estimated on their "
                "sum); coefficients "
                + (
                    "partially pooled toward the national returns"
                    if self.pooling == "partial"
                    else "the geo's own"
                ),
            ),
            calibration=None,
        )

    def _pooled(self, geos: Sequence[GeoFit]) -> tuple[PooledChannel, ...]:
        """Per channel: contributions summed over geos (independent), over the summed spend."""
        z = float(norm.ppf(0.5 + self.level / 2))
        out = []
        for m, name in enumerate(geos[0].fit.channel_names):
            parts = [g.fit.channels[m] for g in geos]
            spend = sum(c.spend for c in parts)
            estimate = sum(c.contribution.estimate for c in parts)
            half_width = np.sqrt(
                sum(((c.contribution.high - c.contribution.estimate) / z) ** 2 for c in parts)
            )
            contribution = _interval(estimate, z * float(half_width), self.level)
            out.append(PooledChannel(name, spend, contribution, _ratio(contribution, spend)))
        return tuple(out)


def _interval(estimate: float, half_width: float, level: float) -> Interval:
    return Interval(estimate, max(estimate - half_width, 0.0), estimate + half_width, level)


def _ratio(value: Interval, denominator: float) -> Interval:
    if denominator <= 0:
        return Interval(0.0, 0.0, 0.0, value.level)
    return Interval(
        value.estimate / denominator, value.low / denominator, value.high / denominator, value.level
    )


def _diagnostics(
    pieces: _GeoPieces, fit: LinearFit, fitted: FloatArray, baseline_weekly: FloatArray
) -> Diagnostics:
    names = pieces.history.channels
    adstocked = np.column_stack(
        [
            c.adstock.apply(pieces.spend[:, m], pieces.spend[: c.adstock.l_max, m].mean())
            for m, c in enumerate(pieces.channels)
        ]
    )
    collinear, low, rare, never = spend_diagnostics(names, pieces.spend, adstocked)
    residual = pieces.target[pieces.rows] - fitted
    denominator = float(residual @ residual)
    n_coefficients = fit.baseline.size + fit.media.size
    dof = max(residual.size - n_coefficients, 1)
    return Diagnostics(
        n_weeks=len(pieces.target),
        collinear_pairs=collinear,
        low_variation=low,
        rarely_active=rare,
        never_active=never,
        negative_baseline_weeks=int(np.sum(baseline_weekly < 0)),
        durbin_watson=float(np.sum(np.diff(residual) ** 2) / denominator) if denominator else 2.0,
        n_coefficients=n_coefficients,
        residual_sd=float(np.sqrt(denominator / dof)),
        residual_autocorrelation=(
            float(residual[1:] @ residual[:-1] / denominator) if denominator else 0.0
        ),
    )
