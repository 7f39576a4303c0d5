r"""Out-of-sample validation: the chronological split, error metrics, the planning gate and the
plain-language verdict.

Metrics on actuals :math:`y` and predictions :math:`\hat y` over :math:`n` weeks:

.. math::
    \mathrm{MAPE} = \frac{100}{n}\sum_t \frac{|y_t - \hat y_t|}{|y_t|}, \quad
    R^2 = 1 - \frac{\sum (y_t - \hat y_t)^2}{\sum (y_t - \bar y)^2}, \quad
    \mathrm{NRMSE} = \frac{\sqrt{\tfrac1n \sum (y_t - \hat y_t)^2}}{\max y - \min y}

(MAPE skips weeks where :math:`y_t = 0`; NRMSE is Robyn's range-normalised RMSE.)

The split is chronological, never random: the last weeks are the test (holdout) set, the weeks
before them the validation set that chooses the hyperparameters, the rest the training set.
The test weeks are used once, after every choice is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from model_engine.saturation import FloatArray

MAPE_GATE_PERCENT = 15.0  # the seed article's bar: MAPE below 15% before production use
MIN_WEEKS = 26  # the same floor as intake: half a year of weeks
MIN_TEST_WEEKS = 4
FEW_WEEKS = 78  # 1.5 years: seasonality and carryover are barely separable below this
COLLINEAR_CORRELATION = 0.85
LOW_VARIATION_CV = 0.1
# A channel's ROI counts as weakly identified when the top of its 90% interval is at least
# this many times the bottom: the history cannot tell an ROI from one twice as large.
WEAK_ROI_RATIO = 2.0
WEAK_ROI_NOTE = "ROI weakly identified"  # how the channel note starts
SEASONAL_SPEND_SHARE = 0.5  # most of the spend's swings follow the yearly season and trend
SHARED_SPEND_CORRELATION = 0.7  # about half of one channel's swings shared with another's
# Spend never below 30% of its average: the return of the first dollars is extrapolated.
STEADY_SPEND_FLOOR = 0.3
WEEKS_PER_COEFFICIENT = 3  # fewer weeks than this per estimated coefficient invites overfitting


@dataclass(frozen=True)
class Split:
    """Chronological train / validation / test row ranges."""

    n_train: int
    n_validation: int
    n_test: int

    @classmethod
    def chronological(cls, n_weeks: int, validation: float, holdout: float) -> Split:
        if not 0 < holdout < 0.5 or not 0 < validation < 0.5 or holdout + validation >= 0.6:
            raise ValueError(
                "the holdout and validation shares must each be between 0 and 0.5 and together "
                f"leave at least 40% of weeks for training (got {holdout:g} and {validation:g})"
            )
        n_test = max(MIN_TEST_WEEKS, round(holdout * n_weeks))
        n_validation = max(MIN_TEST_WEEKS, round(validation * n_weeks))
        n_train = n_weeks - n_test - n_validation
        if n_weeks < MIN_WEEKS or n_train < n_weeks * 0.4:
            raise ValueError(
                f"only {n_weeks} weekly rows: a history fit needs at least {MIN_WEEKS} weeks "
                "(104 or more is better); use a one-quarter snapshot instead"
            )
        return cls(n_train=n_train, n_validation=n_validation, n_test=n_test)

    @property
    def train(self) -> slice:
        return slice(0, self.n_train)

    @property
    def validation(self) -> slice:
        return slice(self.n_train, self.n_train + self.n_validation)

    @property
    def test(self) -> slice:
        return slice(self.n_train + self.n_validation, None)

    @property
    def before_test(self) -> slice:
        return slice(0, self.n_train + self.n_validation)

    @property
    def holdout_share(self) -> float:
        return self.n_test / (self.n_train + self.n_validation + self.n_test)


def mape(actual: FloatArray, predicted: FloatArray) -> float:
    """Mean absolute percentage error in percent (weeks with a zero actual are skipped)."""
    nonzero = actual != 0
    if not np.any(nonzero):
        return float("nan")
    errors = np.abs(actual[nonzero] - predicted[nonzero]) / np.abs(actual[nonzero])
    return float(100.0 * errors.mean())


def r_squared(actual: FloatArray, predicted: FloatArray) -> float:
    total = float(np.sum((actual - actual.mean()) ** 2))
    if total == 0:
        return float("nan")
    return 1.0 - float(np.sum((actual - predicted) ** 2)) / total


def nrmse(actual: FloatArray, predicted: FloatArray) -> float:
    spread = float(actual.max() - actual.min())
    if spread == 0:
        return float("nan")
    return float(np.sqrt(np.mean((actual - predicted) ** 2))) / spread


@dataclass(frozen=True)
class FitMetrics:
    """In-sample and holdout fit quality. MAPEs in percent."""

    train_mape: float  # weeks before the test set, model fitted on them
    validation_mape: float  # validation weeks, model fitted on training weeks only
    holdout_mape: float  # test weeks, never seen while fitting or choosing settings
    holdout_r2: float
    holdout_nrmse: float
    r2: float  # in-sample, the final model on all weeks
    n_train: int
    n_validation: int
    n_test: int
    backtest_mapes: tuple[float, ...] = ()  # rolling-origin folds, oldest first

    @property
    def holdout_share(self) -> float:
        return self.n_test / (self.n_train + self.n_validation + self.n_test)


@dataclass(frozen=True)
class Diagnostics:
    """Data problems that make a fit unreliable, found before blaming the model."""

    n_weeks: int
    collinear_pairs: tuple[tuple[str, str, float], ...]  # (a, b, correlation)
    low_variation: tuple[str, ...]  # channels whose spend barely moves
    rarely_active: tuple[str, ...]  # channels with spend in fewer than 4 weeks
    never_active: tuple[str, ...]  # channels with no spend at all
    negative_baseline_weeks: int
    durbin_watson: float  # residual autocorrelation (2 = none)
    n_coefficients: int = 0  # baseline, control, event and media coefficients estimated
    residual_sd: float = 0.0  # weekly noise left by the fit, outcome units (test power)
    residual_autocorrelation: float = 0.0  # lag-1 autocorrelation of the residuals

    def reasons(self) -> tuple[str, ...]:
        """Likely reasons for a poor fit, most fundamental first."""
        out: list[str] = []
        if self.n_weeks < FEW_WEEKS:
            out.append(
                f"too few weeks ({self.n_weeks}): two years or more separate seasonality, "
                "carryover and media"
            )
        for a, b, corr in self.collinear_pairs:
            out.append(
                f"collinear channels: {a} and {b} move together (correlation {corr:.2f}), so "
                "their effects cannot be told apart"
            )
        if self.low_variation:
            out.append(
                f"no spend variation in {', '.join(self.low_variation)}: a channel spent evenly "
                "every week shows no response to measure"
            )
        if self.rarely_active:
            out.append(f"too few weeks with spend in {', '.join(self.rarely_active)}")
        if self.n_coefficients * WEEKS_PER_COEFFICIENT > self.n_weeks:
            out.append(
                f"too many columns for the weeks: {self.n_coefficients} coefficients from "
                f"{self.n_weeks} weeks; drop controls or events that do not matter"
            )
        return tuple(out)


def spend_diagnostics(
    names: Sequence[str], spend: FloatArray, adstocked: FloatArray
) -> tuple[tuple[tuple[str, str, float], ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Collinear pairs (on adstocked spend), low-variation, rarely and never active channels."""
    active = (spend > 0).sum(axis=0)
    never = tuple(n for n, a in zip(names, active, strict=True) if a == 0)
    rare = tuple(n for n, a in zip(names, active, strict=True) if 0 < a < 4)
    mean = spend.mean(axis=0)
    cv = np.where(mean > 0, spend.std(axis=0) / np.where(mean > 0, mean, 1.0), 0.0)
    low = tuple(
        n for n, v, a in zip(names, cv, active, strict=True) if a >= 4 and v < LOW_VARIATION_CV
    )
    pairs: list[tuple[str, str, float]] = []
    usable = [i for i, a in enumerate(active) if a >= 4 and adstocked[:, i].std() > 0]
    if len(usable) > 1:
        corr = np.atleast_2d(np.corrcoef(adstocked[:, usable], rowvar=False))
        for i in range(len(usable)):
            for j in range(i + 1, len(usable)):
                if abs(corr[i, j]) >= COLLINEAR_CORRELATION:
                    pairs.append((names[usable[i]], names[usable[j]], float(corr[i, j])))
    return tuple(pairs), low, rare, never


@dataclass(frozen=True)
class ChannelIdentification:
    """What in the data limits how well one channel's effect can be measured.

    ``seasonal_share`` is the share of the variance of the channel's adstocked spend that the
    intercept, trend and yearly Fourier terms explain (R²): the part of its swings the model
    cannot tell from the season. ``closest`` is the other channel whose adstocked spend
    correlates most with it. ``signal_per_roi`` is the standard deviation of the channel's weekly
    effect after removing what the baseline explains, for an ROI of 1 (the effect scales with
    the ROI), and ``noise`` that of the residual, both as shares of the average target: a
    signal well under the noise is hard to measure.
    ``spend_floor`` is the lowest weekly spend over the average weekly spend.
    """

    seasonal_share: float
    closest: tuple[str, float] | None
    signal_per_roi: float
    noise: float
    spend_floor: float


def _explained_share(columns: FloatArray, values: FloatArray) -> FloatArray:
    """R² of each column of ``values`` regressed on ``columns`` (0 for a constant column)."""
    coefficients, *_ = np.linalg.lstsq(columns, values, rcond=None)
    residual = values - columns @ coefficients
    total = np.sum((values - values.mean(axis=0)) ** 2, axis=0)
    unexplained = np.sum(residual**2, axis=0)
    share = np.where(total > 0, 1.0 - unexplained / np.where(total > 0, total, 1.0), 0.0)
    return np.asarray(np.clip(share, 0.0, 1.0), dtype=np.float64)


def channel_identification(
    names: Sequence[str],
    spend: FloatArray,
    adstocked: FloatArray,
    season: FloatArray,
    baseline: FloatArray,
    levels: FloatArray,
    residual: FloatArray,
    target_mean: float,
) -> tuple[ChannelIdentification, ...]:
    """Per channel, the evidence behind :func:`roi_uncertainty_note`.

    ``spend`` and ``adstocked`` are ``(T, C)``; ``season`` holds the intercept, trend and
    Fourier columns and ``baseline`` every baseline column (controls and events too) for the
    same weeks; ``levels`` is each channel's saturation level per week ``(T, C)`` (its effect
    is a coefficient times it); ``residual`` the fit's residuals.
    """
    seasonal = _explained_share(season, adstocked)
    unexplained = levels - baseline @ np.linalg.lstsq(baseline, levels, rcond=None)[0]
    scale = abs(target_mean) if target_mean else 1.0
    # At ROI 1 the coefficient is spend / sum of levels.
    totals = levels.sum(axis=0)
    per_roi = np.where(totals > 0, spend.sum(axis=0) / np.where(totals > 0, totals, 1.0), 0.0)
    signal = unexplained.std(axis=0) * per_roi / scale
    noise = float(residual.std()) / scale
    mean_spend = spend.mean(axis=0)
    floor = np.where(mean_spend > 0, spend.min(axis=0) / np.where(mean_spend > 0, mean_spend, 1), 0)
    varies = adstocked.std(axis=0) > 0
    corr = np.zeros((len(names), len(names)))
    if varies.sum() > 1:
        idx = np.flatnonzero(varies)
        corr[np.ix_(idx, idx)] = np.atleast_2d(np.corrcoef(adstocked[:, idx], rowvar=False))
    np.fill_diagonal(corr, 0.0)
    out = []
    for c in range(len(names)):
        closest = None
        if len(names) > 1 and varies[c]:
            other = int(np.argmax(np.abs(corr[c])))
            closest = (names[other], float(corr[c, other]))
        out.append(
            ChannelIdentification(
                seasonal_share=float(seasonal[c]),
                closest=closest,
                signal_per_roi=float(signal[c]),
                noise=noise,
                spend_floor=float(floor[c]),
            )
        )
    return tuple(out)


def _roi_text(value: float) -> str:
    return f"{value:.2f}" if abs(value) >= 0.1 or value == 0 else f"{value:.2g}"


def roi_uncertainty_note(
    roi: float,
    roi_low: float,
    roi_high: float,
    identification: ChannelIdentification,
    low_variation: bool,
    target: str,
    level: float = 0.9,
) -> str | None:
    """A note for a channel whose ROI the history cannot pin down, with the likely reasons
    (most specific first), or ``None`` when the interval is tight enough to act on.

    Weakly identified means the top of the interval is at least :data:`WEAK_ROI_RATIO` times
    its bottom (or the bottom is zero). Reasons: spend that follows the season, spend that
    moves with another channel, spend that barely moves, an effect whose swings are smaller
    than the noise, and spend that never drops far, so the return of the first dollars is
    extrapolated from the curve.
    """
    if roi_high <= 0 or (roi_low > 0 and roi_high < WEAK_ROI_RATIO * roi_low):
        return None
    ident = identification
    reasons: list[str] = []
    if ident.seasonal_share >= SEASONAL_SPEND_SHARE:
        reasons.append(
            f"its spend moves with the season ({ident.seasonal_share:.0%} of its swings follow "
            "the yearly cycle and trend), so its effect is hard to tell from the season's"
        )
    if ident.closest is not None and abs(ident.closest[1]) >= SHARED_SPEND_CORRELATION:
        other, corr = ident.closest
        reasons.append(
            f"its spend moves with {other}'s (correlation {corr:.2f}), so their effects are "
            "hard to tell apart"
        )
    if low_variation:
        reasons.append("its spend barely changes from week to week")
    # A zero estimate has no swings to show; the top of the interval bounds them instead.
    signal = ident.signal_per_roi * (roi if roi > 0 else roi_high)
    if signal < ident.noise:
        size = "about" if roi > 0 else "at most about"
        reasons.append(
            f"the swings in its spend move {target} by {size} {signal:.1%} of an average week, "
            f"less than the {ident.noise:.1%} the model leaves unexplained"
        )
    if not reasons and ident.spend_floor >= STEADY_SPEND_FLOOR:
        reasons.append(
            f"its spend never fell below {ident.spend_floor:.0%} of its average, so the return "
            "of its first dollars rests on the curve's assumed shape"
        )
    why = "; ".join(reasons) if reasons else "the history does not pin it down"
    return (
        f"{WEAK_ROI_NOTE} ({level:.0%} interval {_roi_text(roi_low)} to "
        f"{_roi_text(roi_high)}): {why}. "
        "A lift test or a spend change on this channel alone would measure it"
    )


@dataclass(frozen=True)
class Verdict:
    """Whether the model may drive recommendations, in one sentence, with the reasons."""

    usable_for_planning: bool
    headline: str
    reasons: tuple[str, ...] = ()
    # Channels whose ROI the history cannot pin down, and the one a lift test should measure
    # first (the largest uncertainty in spend terms), whenever there is one. Moves on weak
    # channels are directional.
    weak_channels: tuple[str, ...] = ()
    suggested_test: str | None = None

    @property
    def moves_identified(self) -> bool:
        """Whether every plan on this fit can be called identified (no channel weakly
        identified); the plan-level check, move by move, is
        ``experiments.verdict.plan_verdict``."""
        return not self.weak_channels


@dataclass(frozen=True)
class ChannelUncertainty:
    """What the verdict needs of one channel: its name, spend and ROI interval."""

    name: str
    spend: float
    roi_low: float
    roi_estimate: float
    roi_high: float
    weak: bool


def make_verdict(
    metrics: FitMetrics,
    diagnostics: Diagnostics,
    channels: Sequence[ChannelUncertainty] = (),
) -> Verdict:
    """Gate on holdout MAPE (< 15%), explain a failure by the likeliest data problem. A fit
    that predicts well is called fit for planning outright only when every channel's return is
    identified; otherwise the headline names the weak channels, says moves on them are
    directional and names the channel to test first (with most channels weak: not fit for
    planning on its own)."""
    where = f"on the last {metrics.holdout_share:.0%} of weeks ({metrics.n_test} weeks)"
    holdout = metrics.holdout_mape
    reasons = diagnostics.reasons()
    if not np.isfinite(holdout):
        return Verdict(
            usable_for_planning=False,
            headline=f"holdout MAPE cannot be computed {where} (the target is zero there)",
            reasons=reasons,
        )
    weak = [c for c in channels if c.weak]
    if holdout < MAPE_GATE_PERCENT and weak:
        # Spend times the interval's relative width: where the uncertainty costs most.
        first = max(
            weak, key=lambda c: c.spend * (c.roi_high - c.roi_low) / max(c.roi_estimate, 1e-12)
        )
        names = ", ".join(c.name for c in weak)
        if len(weak) * 2 > len(channels):
            headline = (
                f"MAPE {holdout:.1f}% {where}: predicts well, but not fit for planning on its "
                f"own: the returns of {len(weak)} of {len(channels)} channels are weakly "
                f"identified ({names}), so plan moves on them are directional; a lift test on "
                f"{first.name} would settle the most"
            )
        else:
            # "Fit for planning" holds only for moves on the identified channels: a plan that
            # moves spend on a weak one rests on the prior there, and is labelled so.
            headline = (
                f"MAPE {holdout:.1f}% {where}: fit for planning on the channels it identifies; "
                f"the returns of {len(weak)} of {len(channels)} ({names}) are weakly "
                f"identified, so plan moves on them are directional; a lift test on "
                f"{first.name} would settle the most"
            )
        return Verdict(
            usable_for_planning=True,
            headline=headline,
            reasons=reasons,
            weak_channels=tuple(c.name for c in weak),
            suggested_test=first.name,
        )
    if holdout < MAPE_GATE_PERCENT:
        return Verdict(
            usable_for_planning=True,
            headline=f"MAPE {holdout:.1f}% {where}: fit for planning",
            reasons=reasons,
        )
    if metrics.train_mape >= MAPE_GATE_PERCENT:
        reasons = (
            f"the model misses even the weeks it was fitted on (MAPE {metrics.train_mape:.1f}%): "
            "the target moves with something not in the file (promotions, pricing, stock, "
            "distribution); add it as a control or event column",
            *reasons,
        )
    if not reasons:
        reasons = (
            "the baseline moved in a way the model does not capture (a trend break, a launch, "
            "an unrecorded promotion): add the driver as a control or event column",
        )
    return Verdict(
        usable_for_planning=False,
        headline=f"MAPE {holdout:.1f}% {where}: not reliable for planning",
        reasons=reasons,
    )
