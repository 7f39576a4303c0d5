r"""The history fit: a marketing-mix model estimated on weekly data.

.. math::
    y_t = \underbrace{\mu + \delta\tau_t + \text{Fourier}_t + \gamma^\top c_t + \eta^\top h_t}
          _{\text{baseline and controls}}
        + \sum_{m} \beta_m\, \mathrm{Hill}\big(\mathrm{adstock}_m(x_m)_t;\ K_m, n_m\big)
        + \varepsilon_t

Carryover and saturation parameters are estimated jointly with the coefficients by variable
projection (``solver.py``): bounded truncated-Newton searches from several seeded starts on
the profiled objective, with media effects constrained non-negative, a weak prior on the
nonlinear parameters (carryover centred on the channel type's range, Hill shape on 1), an ROI
prior that pools each channel's return towards the mix's (``return_prior.py``) and, when given,
lift-test results as likelihood terms on the tested channels' curves (``terms.py``).

Workflow, all chronological:

1. choose the carryover kernel (geometric or delayed-peak Weibull) and the prior weight on the
   validation weeks, fitting on the training weeks;
2. refit on training + validation weeks and score the untouched test weeks (holdout MAPE, R²,
   NRMSE) and, optionally, a rolling-origin backtest;
3. refit on all weeks for planning (the posterior mode, the reported estimate) and draw from
   the posterior for the intervals: moving-block bootstrap replicates that also perturb every
   prior and test (randomise-then-optimise, ``bootstrap.py``).

Out-of-sample weeks always carry over the adstock of the weeks before them. Weeks before the data
are assumed to have spent like its first weeks, and the first ``warmup_weeks`` are left out of
every objective, so the missing pre-data carryover does not bias the estimates.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from model_engine.adstock import DEFAULT_L_MAX
from model_engine.datasets import WeeklyHistory
from model_engine.experiments.lift_test import LiftTest, PlacedLiftTest, place_lift_test
from model_engine.mmm.assemble import assemble_result, at_posterior_median
from model_engine.mmm.bootstrap import default_block_weeks, residual_bootstrap
from model_engine.mmm.core import CoreFit, FitProblem
from model_engine.mmm.media import KernelFamily
from model_engine.mmm.refresh_prior import DEFAULT_FORGETTING, RefreshPrior
from model_engine.mmm.result import FitSettings, HistoryFit
from model_engine.mmm.return_prior import DEFAULT_SPREAD, ReturnPriorKind, ReturnPriorSpec
from model_engine.mmm.terms import ReturnPriorTerm
from model_engine.mmm.validation import (
    Diagnostics,
    FitMetrics,
    Split,
    mape,
    nrmse,
    r_squared,
    spend_diagnostics,
)
from model_engine.saturation import FloatArray

AdstockChoice = KernelFamily | Literal["auto"]  # auto: chosen on the validation weeks
PointEstimate = Literal["mode", "median"]
_FitRows = Callable[[KernelFamily, float, slice], CoreFit]


class MarketingMixModel:
    r"""Estimator for weekly histories (scikit-learn habits: configure, ``fit``, read ``result_``).

    Parameters
    ----------
    adstock:
        ``"geometric"``, ``"weibull"`` (delayed peak) or ``"auto"`` (chosen on validation weeks).
    prior_weights:
        Candidate weights of the carryover/saturation prior against the data; the validation
        weeks pick one. 1 is a plain Gaussian prior (MAP).
    l_max, fourier_order:
        Weeks in the carryover kernel; order of the yearly Fourier seasonality.
    holdout, validation:
        Shares of the weeks kept, last first, as the untouched test set and the validation set.
    n_bootstrap, block_weeks:
        Block-bootstrap replicates for the intervals (0 for none) and their block length
        (``None``: about the cube root of the number of weeks).
    interactions:
        Channel pairs to give a synergy term (off by default).
    backtest_folds:
        Rolling-origin folds to report (0 for none); each refits on the weeks before its origin.
    warmup_weeks:
        First weeks whose outcome is left out of every fit (their spend still carries over):
        the data holds no spend from before its first week, so those weeks' modelled carryover
        is too low. Capped at a tenth of the fitted weeks.
    n_starts, seed:
        Starts of the nonlinear search (the prior centre, then seeded random ones) and the seed
        of every random choice: the same seed gives the same result.
    level:
        Coverage of the reported intervals.
    return_prior, return_prior_spread:
        The ROI prior (``return_prior.py``): ``"channel_type"`` (relative returns by type around
        the mix's pooled return), ``"exchangeable"`` (every channel around the pooled return)
        or ``"none"`` (least squares with the carryover/saturation prior only), and its spread
        as a share of the centre.
    randomise_draws:
        Perturb every prior and test in each bootstrap replicate (randomise-then-optimise), so
        the draws approximate the posterior; ``False`` resamples the data only.
    point_estimate:
        What the reported estimates are: ``"mode"`` (the posterior mode, the fit itself, with
        the draws' central intervals) or ``"median"`` (each channel's contribution scaled to
        the draws' median). The randomise-then-optimise draws of this nonlinear, non-negative
        model are skewed upwards from the mode for weakly identified channels, so their median
        overstates those channels' returns: on the tuning seeds of ``benchmarks/peers`` the
        mode's ROI error is about a quarter lower at the same coverage.
    return_prior_tail:
        Degrees of freedom of a Student-t ROI prior (``None``: Gaussian, the default). The
        final searches take one iteratively-reweighted step (``ReturnPriorTerm.
        with_student_tail``): a channel whose return the data sets far from the pooled centre
        is pooled less, one near it more. With 1 degree of freedom it cut mean ROI error on the
        peer designs' tuning seeds (21.7% -> 20.6%) but not on the held-out seeds (33.4% ->
        32.9%, median 19.7% -> 22.8%, coverage 94% -> 89%): measured, not the default.
    curve_shrinkage:
        How much harder a weakly measured channel's carryover and saturation are held to its
        type's prior (0: as every other channel); measured on the tuning seeds, not adopted.
    unidentified_pooling:
        How much harder the ROI prior pools a channel whose own spend swings do not measure its
        return: its spread is multiplied by ``(1 + k (1 - B_c)) / (1 + k)``, ``k`` this and
        ``B_c`` its pooling share after the first search (0: one spread for every channel).
        With 1 it cut mean ROI error on the peer designs' tuning seeds (21.7% -> 20.9%) but
        not on the held-out seeds (33.4% -> 33.7%, median 19.7% -> 24.7%, coverage 94% ->
        89%): measured, not the default.
    saturation_pooling, saturation_pool_center:
        Partial pooling of the saturation point (``None``: off, the default). Each channel's
        :math:`u_c = \ln(K_c / \bar x_c)`, its half-saturation over its average weekly spend
        in weeks with spend, already has the weak prior :math:`N(0, 1)`; with this on it also
        gets :math:`u_c \sim N(\bar u, \omega^2)`, :math:`\omega` this sd, entering the
        penalised objective (weighted by the chosen prior weight :math:`\lambda`) as
        :math:`\lambda \sum_c (u_c - \bar u)^2 / \omega^2` and perturbed in every
        randomise-then-optimise draw. :math:`\bar u` is ``saturation_pool_center`` when given
        (a stated centre, e.g. 0 for K at the average spend) or else the channels' own mean
        (empirical Bayes, the pooled centre maximised out): a channel whose spend swings do
        not place its curve's bend borrows the other channels' placement instead of drifting
        to the edge of the search box.
    forgetting:
        In a refresh (``fit(..., previous=...)``), how much of the previous version's
        posterior on the curves to keep: its variance is divided by this (1 keeps it as it
        is; ``refresh_prior.py``).
    """

    def __init__(
        self,
        *,
        adstock: AdstockChoice = "auto",
        prior_weights: Sequence[float] = (1.0, 3.0),
        l_max: int = DEFAULT_L_MAX,
        fourier_order: int = 2,
        holdout: float = 0.15,
        validation: float = 0.15,
        n_bootstrap: int = 100,
        block_weeks: int | None = None,
        interactions: Sequence[tuple[str, str]] = (),
        n_starts: int = 3,
        backtest_folds: int = 0,
        warmup_weeks: int = 8,
        level: float = 0.9,
        seed: int = 0,
        return_prior: ReturnPriorKind = "channel_type",
        return_prior_spread: float = DEFAULT_SPREAD,
        randomise_draws: bool = True,
        point_estimate: PointEstimate = "mode",
        forgetting: float = DEFAULT_FORGETTING,
        return_prior_tail: float | None = None,
        curve_shrinkage: float = 0.0,
        unidentified_pooling: float = 0.0,
        saturation_pooling: float | None = None,
        saturation_pool_center: float | None = None,
    ) -> None:
        if adstock not in ("auto", "geometric", "weibull"):
            raise ValueError(f"adstock must be auto, geometric or weibull (got {adstock!r})")
        if not prior_weights or min(prior_weights) < 0:
            raise ValueError("give at least one non-negative prior weight")
        if not 0 < level < 1:
            raise ValueError("the interval level must be between 0 and 1")
        if return_prior not in ("channel_type", "exchangeable", "none"):
            raise ValueError(
                f"return_prior must be channel_type, exchangeable or none (got {return_prior!r})"
            )
        if return_prior_spread <= 0:
            raise ValueError("the ROI prior's spread must be positive")
        if point_estimate not in ("mode", "median"):
            raise ValueError(f"point_estimate must be mode or median (got {point_estimate!r})")
        if return_prior_tail is not None and return_prior_tail <= 0:
            raise ValueError(
                f"the ROI prior's tail needs positive degrees of freedom "
                f"(got {return_prior_tail:g})"
            )
        if curve_shrinkage < 0:
            raise ValueError(f"curve_shrinkage must be >= 0 (got {curve_shrinkage:g})")
        if unidentified_pooling < 0:
            raise ValueError(f"unidentified_pooling must be >= 0 (got {unidentified_pooling:g})")
        if saturation_pooling is not None and saturation_pooling <= 0:
            raise ValueError(
                f"saturation_pooling is the pooling's sd: positive or None (got "
                f"{saturation_pooling:g})"
            )
        if not 0 < forgetting <= 1:
            raise ValueError(f"the forgetting factor must be in (0, 1] (got {forgetting:g})")
        if n_bootstrap < 0 or n_starts < 1 or backtest_folds < 0 or warmup_weeks < 0:
            raise ValueError(
                "n_bootstrap, backtest_folds and warmup_weeks must be >= 0, n_starts >= 1"
            )
        self.adstock = adstock
        self.prior_weights = tuple(prior_weights)
        self.l_max = l_max
        self.fourier_order = fourier_order
        self.holdout = holdout
        self.validation = validation
        self.n_bootstrap = n_bootstrap
        self.block_weeks = block_weeks
        self.interactions = tuple(interactions)
        self.n_starts = n_starts
        self.backtest_folds = backtest_folds
        self.warmup_weeks = warmup_weeks
        self.level = level
        self.seed = seed
        self.return_prior = return_prior
        self.return_prior_spread = return_prior_spread
        self.randomise_draws = randomise_draws
        self.point_estimate = point_estimate
        self.forgetting = forgetting
        self.return_prior_tail = return_prior_tail
        self.curve_shrinkage = curve_shrinkage
        self.unidentified_pooling = unidentified_pooling
        self.saturation_pooling = saturation_pooling
        self.saturation_pool_center = saturation_pool_center

    # -- public -----------------------------------------------------------------------------

    def fit(
        self,
        history: WeeklyHistory,
        experiments: Sequence[LiftTest] = (),
        previous: HistoryFit | None = None,
    ) -> MarketingMixModel:
        """Fit, validate and draw from the posterior; the result is in ``result_``.

        ``experiments`` are lift-test results on the history's channels: each enters every fit
        as a likelihood term on its channel's curve. With experiments the fit also runs without
        them, and ``result_.calibration`` compares the two (ROI before and after, and which
        tests contradict the uncalibrated model).

        ``previous`` is the fit this one refreshes (the parent version): its posterior over
        each channel's carryover and saturation becomes this fit's prior on them, widened by
        ``forgetting`` (``refresh_prior.py``), and its carryover kernel is kept.
        """
        started = time.perf_counter()
        frame = _checked_frame(history)
        split = Split.chronological(len(frame), self.validation, self.holdout)
        placed = _placed_tests(history, frame, experiments)
        problem = FitProblem(
            history=history,
            frame=frame,
            spend=frame[list(history.channels)].to_numpy(dtype=np.float64),
            target=frame[history.target].to_numpy(dtype=np.float64),
            channel_types=tuple(history.channel_type(n) for n in history.channels),
            pairs=self._pair_indices(history.channels),
            l_max=self.l_max,
            fourier_order=self.fourier_order,
            warmup_weeks=self.warmup_weeks,
            n_starts=self.n_starts,
            return_prior=ReturnPriorSpec.for_channels(
                self.return_prior,
                [history.channel_type(n) for n in history.channels],
                self.return_prior_spread,
            ),
            refresh_prior=None
            if previous is None
            else RefreshPrior.from_fit(previous, self.forgetting),
            return_prior_tail=self.return_prior_tail,
            curve_shrinkage=self.curve_shrinkage,
            unidentified_pooling=self.unidentified_pooling,
            saturation_pooling=self.saturation_pooling,
            saturation_pool_center=self.saturation_pool_center,
        )
        uncalibrated = None
        if placed:
            uncalibrated = self._fit_problem(problem, split, started)
            problem = problem.with_lift_tests(placed)
        self.result_ = self._fit_problem(problem, split, started, uncalibrated)
        return self

    def _fit_problem(
        self,
        problem: FitProblem,
        split: Split,
        started: float,
        uncalibrated: HistoryFit | None = None,
    ) -> HistoryFit:
        history, frame = problem.history, problem.frame
        target = problem.target
        rng = np.random.default_rng(self.seed)

        def fit_rows(family: KernelFamily, weight: float, rows: slice) -> CoreFit:
            return problem.fit(family, weight, rows, rng)

        families: tuple[KernelFamily, ...] = (
            ("geometric", "weibull") if self.adstock == "auto" else (self.adstock,)
        )
        if problem.refresh_prior is not None and self.adstock == "auto":
            families = (problem.refresh_prior.adstock,)
        scored: list[tuple[float, KernelFamily, float]] = []
        for family in families:
            for weight in self.prior_weights:
                core = fit_rows(family, weight, split.train)
                predicted = core.predict(frame, split.validation)
                scored.append((mape(target[split.validation], predicted), family, weight))
        # Ties go to the earliest candidate: geometric first, then the prior weights in order.
        validation_mape, chosen, weight = min(scored, key=lambda item: item[0])

        validated = fit_rows(chosen, weight, split.before_test)
        in_sample = validated.predict(frame, validated.rows)
        out_of_sample = validated.predict(frame, split.test)
        actual_test = target[split.test]
        backtest = self._backtest(problem, split, chosen, weight, fit_rows)

        final = fit_rows(chosen, weight, slice(0, len(frame)))
        final_fitted = final.predict(frame, final.rows)
        block = self.block_weeks or default_block_weeks(len(frame))
        draws = None
        if self.n_bootstrap > 0:
            used = final.objective.projector.rank + final.theta.size
            dof = used + len(history.channels) + len(problem.pairs)
            draws = residual_bootstrap(
                final.objective,
                final.theta,
                final_fitted,
                self.n_bootstrap,
                block,
                dof,
                rng,
                randomise=self.randomise_draws,
            )
            if self.point_estimate == "median":
                final = at_posterior_median(final, draws)
                final_fitted = final.predict(frame, final.rows)
        metrics = FitMetrics(
            train_mape=mape(target[validated.rows], in_sample),
            validation_mape=float(validation_mape),
            holdout_mape=mape(actual_test, out_of_sample),
            holdout_r2=r_squared(actual_test, out_of_sample),
            holdout_nrmse=nrmse(actual_test, out_of_sample),
            r2=r_squared(target[final.rows], final_fitted),
            n_train=split.n_train,
            n_validation=split.n_validation,
            n_test=split.n_test,
            backtest_mapes=backtest,
        )
        settings = FitSettings(
            adstock=chosen,
            prior_weight=weight,
            l_max=self.l_max,
            fourier_order=final.design.fourier_order,
            n_bootstrap=self.n_bootstrap,
            block_weeks=block,
            return_prior=self.return_prior,
            return_prior_spread=_estimated_spread(final),
            posterior="randomised" if self.randomise_draws else "bootstrap",
            point_estimate=self.point_estimate if draws is not None else "mode",
        )
        diagnostics = _diagnostics(problem, final, final_fitted)
        return assemble_result(
            problem,
            final,
            draws,
            metrics,
            diagnostics,
            settings,
            self.level,
            started,
            uncalibrated=uncalibrated,
        )

    # -- fitting ----------------------------------------------------------------------------

    def _pair_indices(self, names: Sequence[str]) -> tuple[tuple[int, int], ...]:
        index = {n: i for i, n in enumerate(names)}
        pairs: list[tuple[int, int]] = []
        for a, b in self.interactions:
            for name in (a, b):
                if name not in index:
                    raise ValueError(
                        f"interaction names an unknown channel {name!r}; "
                        f"channels: {', '.join(names)}"
                    )
            if a == b:
                raise ValueError(f"an interaction needs two different channels ({a!r} twice)")
            pairs.append((index[a], index[b]))
        return tuple(pairs)

    def _backtest(
        self,
        problem: FitProblem,
        split: Split,
        family: KernelFamily,
        weight: float,
        fit_rows: _FitRows,
    ) -> tuple[float, ...]:
        """Expanding-window folds, each predicting the ``n_test`` weeks after its origin."""
        horizon = split.n_test
        mapes: list[float] = []
        for fold in range(self.backtest_folds, 0, -1):
            origin = problem.target.size - fold * horizon
            if origin < split.n_train // 2:
                continue
            core = fit_rows(family, weight, slice(0, origin))
            ahead = slice(origin, origin + horizon)
            predicted = core.predict(problem.frame, ahead)
            mapes.append(mape(problem.target[ahead], predicted))
        return tuple(mapes)


def _estimated_spread(final: CoreFit) -> float:
    """The ROI prior's spread the final fit used (estimated from the data), 0 without one."""
    for term in final.objective.terms:
        if isinstance(term, ReturnPriorTerm):
            return float(term.spread[0])
    return 0.0


def _placed_tests(
    history: WeeklyHistory, frame: pd.DataFrame, experiments: Sequence[LiftTest]
) -> tuple[PlacedLiftTest, ...]:
    """Each test on the history's weeks; ``ValueError`` naming the test when one does not fit."""
    placed = []
    index = pd.DatetimeIndex(frame.index)
    for test in experiments:
        if test.channel not in history.channels:
            where = f"{test.source}: " if test.source else ""
            raise ValueError(
                f"{where}the test names {test.channel!r}, which is not a channel of the history "
                f"({', '.join(history.channels)})"
            )
        c = history.channels.index(test.channel)
        spend = frame[test.channel].to_numpy(dtype=np.float64)
        placed.append(place_lift_test(test, index, spend, c))
    return tuple(placed)


def _diagnostics(problem: FitProblem, final: CoreFit, fitted: FloatArray) -> Diagnostics:
    names = problem.history.channels
    adstocked = final.transform.adstocked(final.theta)
    collinear, low, rare, never = spend_diagnostics(names, problem.spend, adstocked)
    baseline = final.design.matrix(problem.frame) @ final.coefficients.baseline
    residual = problem.target[final.rows] - fitted
    denominator = float(residual @ residual)
    dw = float(np.sum(np.diff(residual) ** 2) / denominator) if denominator > 0 else 2.0
    n_coefficients = final.objective.projector.rank + len(names) + len(problem.pairs)
    dof = max(residual.size - n_coefficients, 1)
    lag_one = float(residual[1:] @ residual[:-1] / denominator) if denominator > 0 else 0.0
    return Diagnostics(
        n_weeks=len(problem.frame),
        collinear_pairs=collinear,
        low_variation=low,
        rarely_active=rare,
        never_active=never,
        negative_baseline_weeks=int(np.sum(baseline < 0)),
        durbin_watson=dw,
        n_coefficients=n_coefficients,
        residual_sd=float(np.sqrt(denominator / dof)),
        residual_autocorrelation=lag_one,
    )


def _checked_frame(history: WeeklyHistory) -> pd.DataFrame:
    """The columns the fit uses, checked: numeric, complete, spend non-negative."""
    columns = [history.target, *history.channels, *history.controls, *history.events]
    frame = history.frame[columns]
    for name in columns:
        if not pd.api.types.is_numeric_dtype(frame[name]):
            raise ValueError(f"column {name!r} is not numeric: give numbers only")
        missing = frame[name].isna().to_numpy()
        if missing.any():
            week = frame.index[int(np.argmax(missing))]
            raise ValueError(
                f"column {name!r} has a missing value in the week of {week:%Y-%m-%d}: fill it "
                "(0 for no spend) or drop the week"
            )
    for name in history.channels:
        negative = (frame[name] < 0).to_numpy()
        if negative.any():
            week = frame.index[int(np.argmax(negative))]
            raise ValueError(
                f"column {name!r} has negative spend in the week of {week:%Y-%m-%d}: spend "
                "cannot be negative"
            )
    return frame.astype(np.float64)
