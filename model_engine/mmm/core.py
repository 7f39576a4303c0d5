"""One fit of the model on a range of weeks: the building block of hyperparameter selection,
validation, the backtest and the final fit.

Each fit fixes its baseline design from its own weeks, searches the nonlinear parameters by
variable projection (``solver.py``) from several seeded starts, re-estimates the noise variance
and polishes. The search box and the weak prior on the nonlinear parameters are defined here:
carryover centred on the channel type's range (``priors.py``), half-saturation on the channel's
typical weekly spend, Hill shape on 1 (concave, Meridian's default slope).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from model_engine.channels import ChannelType
from model_engine.datasets import WeeklyHistory
from model_engine.experiments.lift_test import PlacedLiftTest
from model_engine.mmm.design import BaselineDesign
from model_engine.mmm.media import KernelFamily, MediaTransform, reference_spend
from model_engine.mmm.refresh_prior import RefreshPrior
from model_engine.mmm.return_prior import (
    ReturnPriorSpec,
    between_channel_spread,
    pooling_shares,
)
from model_engine.mmm.solver import (
    BaselineProjector,
    LinearCoefficients,
    ParameterPrior,
    ProfiledObjective,
    SaturationPooling,
)
from model_engine.mmm.terms import CoefficientTerm, LiftTestTerm, ReturnPriorTerm
from model_engine.priors import prior_for
from model_engine.saturation import FloatArray

# Search box for the nonlinear parameters, per channel.
_DECAY_BOUNDS = (0.0, 0.9)
_WEIBULL_SHAPE_BOUNDS = (1.0, 6.0)
_WEIBULL_SCALE_BOUNDS = (0.5, 10.0)
_LOG_HALF_SATURATION_BOUNDS = (np.log(0.1), np.log(10.0))  # x the channel's typical spend
_HILL_SHAPE_BOUNDS = (0.5, 3.0)
MIN_ACTIVE_WEEKS = 4


def parameter_prior(family: KernelFamily, channel_types: Sequence[ChannelType]) -> ParameterPrior:
    """Box and Gaussian prior per channel. Carryover centres come from the channel type's decay
    and peak-lag ranges (``priors.py``); the half-saturation is centred on the channel's typical
    weekly spend and the Hill shape on 1 (concave, Meridian's default slope)."""
    lower, upper, center, scale = [], [], [], []
    for channel_type in channel_types:
        prior = prior_for(channel_type)
        decay_mid = prior.decay.mid
        if family == "geometric":
            lower.append([_DECAY_BOUNDS[0]])
            upper.append([_DECAY_BOUNDS[1]])
            center.append([decay_mid])
            scale.append([max(prior.decay.half_width, 0.15)])
        else:
            delayed = prior.peak_lag_weeks.mid >= 1.0
            # k = 2 puts the density's peak at scale / sqrt(2); k = 1 is geometric decay.
            shape = 2.0 if delayed else 1.0
            weeks = (
                prior.peak_lag_weeks.mid * np.sqrt(2.0)
                if delayed
                else -1.0 / np.log(max(decay_mid, 0.05))
            )
            weeks = float(np.clip(weeks, *_WEIBULL_SCALE_BOUNDS))
            lower.append([_WEIBULL_SHAPE_BOUNDS[0], _WEIBULL_SCALE_BOUNDS[0]])
            upper.append([_WEIBULL_SHAPE_BOUNDS[1], _WEIBULL_SCALE_BOUNDS[1]])
            center.append([shape, weeks])
            scale.append([1.5, max(weeks, 1.0)])
        lower[-1] += [_LOG_HALF_SATURATION_BOUNDS[0], _HILL_SHAPE_BOUNDS[0]]
        upper[-1] += [_LOG_HALF_SATURATION_BOUNDS[1], _HILL_SHAPE_BOUNDS[1]]
        center[-1] += [0.0, 1.0]
        scale[-1] += [1.0, 0.5]
    return ParameterPrior(
        lower=np.array(lower), upper=np.array(upper), center=np.array(center), scale=np.array(scale)
    )


@dataclass(frozen=True, eq=False)
class FitProblem:
    """What every fit of one history shares: the checked data and the fixed settings."""

    history: WeeklyHistory
    frame: pd.DataFrame  # checked, float columns
    spend: FloatArray  # (T, C)
    target: FloatArray  # (T,)
    channel_types: tuple[ChannelType, ...]
    pairs: tuple[tuple[int, int], ...]  # interaction terms, as channel indices
    l_max: int
    fourier_order: int
    warmup_weeks: int
    n_starts: int
    return_prior: ReturnPriorSpec | None = None
    lift_tests: tuple[PlacedLiftTest, ...] = ()
    refresh_prior: RefreshPrior | None = None  # the previous version's curves, in a refresh
    # Degrees of freedom of a Student-t ROI prior (None: Gaussian), see ``with_student_tail``.
    return_prior_tail: float | None = None
    # How much harder a weakly measured channel's curve is held to its type's prior: its prior
    # scales are divided by sqrt(1 + curve_shrinkage * B_c), B_c its pooling share.
    curve_shrinkage: float = 0.0
    # How much harder the ROI prior pools a channel its data does not measure: its spread is
    # multiplied by (1 + k * (1 - B_c)) / (1 + k), k this, B_c its pooling share.
    unidentified_pooling: float = 0.0
    # Pooling of the channels' log half-saturations (``solver.SaturationPooling``): its sd
    # (None: off) and a stated centre (None: the channels' mean, empirical Bayes).
    saturation_pooling: float | None = None
    saturation_pool_center: float | None = None

    def with_lift_tests(self, tests: Sequence[PlacedLiftTest]) -> FitProblem:
        return replace(self, lift_tests=tuple(tests))

    def fit(
        self, family: KernelFamily, weight: float, rows: slice, rng: np.random.Generator
    ) -> CoreFit:
        """Fit on ``rows`` with the given carryover kernel and prior weight."""
        # The first weeks lack the carryover of spend before the data starts, which biases the
        # estimates: their spend still feeds later weeks' adstock, but their outcome is left out
        # of the objective (at most a tenth of the weeks, so short histories keep their rows).
        warmup = min(self.warmup_weeks, (rows.stop - rows.start) // 10)
        rows = slice(rows.start + warmup, rows.stop)
        fit_frame = self.frame.iloc[rows]
        design = BaselineDesign.from_frame(
            fit_frame, self.history.controls, self.history.events, self.fourier_order
        )
        transform = MediaTransform.from_spend(
            self.spend, reference_spend(self.spend[rows]), family, self.l_max
        )
        prior = parameter_prior(family, self.channel_types)
        if self.saturation_pooling is not None:
            pooling = SaturationPooling(
                column=prior.center.shape[1] - 2,
                sd=self.saturation_pooling,
                center=self.saturation_pool_center,
            )
            prior = replace(prior, pooling=pooling)
        if self.refresh_prior is not None:
            prior = self.refresh_prior.anchored(
                prior, self.history.channels, transform.reference, weight
            )
        objective = ProfiledObjective(
            transform=transform.for_rows(rows),
            projector=BaselineProjector.from_matrix(design.matrix(fit_frame)),
            target=self.target[rows],
            prior=prior,
            penalty=weight,
            noise_var=1.0,
            pairs=self.pairs,
        )
        n_rows = len(fit_frame)
        # Pilot noise variance at the prior centre, so the prior weighs against the data at
        # the right scale; re-estimated once the fit is in.
        pilot = objective.residual_sum_of_squares(prior.center) / n_rows
        objective = objective.with_noise_var(max(pilot, 1e-12))
        return_prior = self._return_prior_term(objective, prior.center, rows)
        lift_terms = self._lift_terms(transform.reference, family)
        terms: list[CoefficientTerm] = [*lift_terms]
        if return_prior is not None:
            terms.append(return_prior)
        objective = objective.with_terms(terms)
        if return_prior is not None and self.curve_shrinkage > 0:
            prior = self._shrunk_curve_prior(objective, prior, return_prior)
            objective = replace(objective, prior=prior)
        starts = [prior.center] + [prior.draw(rng) for _ in range(self.n_starts - 1)]
        theta, _ = objective.multi_start(starts)
        dof = objective.projector.rank + transform.n_channels + len(self.pairs)
        noise_var = objective.residual_sum_of_squares(theta) / max(n_rows - dof, 1)
        objective = objective.with_noise_var(max(noise_var, 1e-12 * pilot))
        if return_prior is not None:
            # The prior's scale follows the pooled return this fit found, and its spread the
            # channels' own evidence (``return_prior.between_channel_spread``).
            pooled = objective.linear_coefficients(theta).pooled_return
            return_prior = return_prior.with_pooled_scale(
                max(pooled or 0.0, self._pooled_floor(rows))
            )
            spread = self._estimated_spread(objective, theta, return_prior)
            if spread is not None:
                return_prior = return_prior.with_spread(spread)
            if self.unidentified_pooling > 0:
                return_prior = self._pooled_by_identification(objective, theta, return_prior)
            objective = objective.with_terms([*lift_terms, return_prior])
            if self.return_prior_tail is not None:
                coefficients = objective.linear_coefficients(theta)
                return_prior = return_prior.with_student_tail(
                    coefficients.media,
                    coefficients.pooled_return or 0.0,
                    objective.transform.levels(theta),
                    self.return_prior_tail,
                )
                objective = objective.with_terms([*lift_terms, return_prior])
        theta, _ = objective.minimize(theta)
        return CoreFit(
            rows=rows,
            design=design,
            transform=transform,
            theta=theta,
            coefficients=objective.linear_coefficients(theta),
            objective=objective,
        )

    @staticmethod
    def _estimated_spread(
        objective: ProfiledObjective, theta: FloatArray, prior: ReturnPriorTerm
    ) -> float | None:
        coefficient, se = objective.least_squares_media(theta)
        totals = objective.transform.levels(theta).sum(axis=0)
        c = prior.channels
        per_coefficient = totals[c] / prior.spend
        return between_channel_spread(
            coefficient[c] * per_coefficient, se[c] * per_coefficient, prior.relative
        )

    def _pooled_by_identification(
        self, objective: ProfiledObjective, theta: FloatArray, prior: ReturnPriorTerm
    ) -> ReturnPriorTerm:
        """The ROI prior with each channel's spread scaled by how well its own spend swings
        measure its return at ``theta`` (its pooling share B_c): a channel the data measures
        keeps the estimated spread, one it cannot measure at all gets 1 / (1 + k) of it."""
        coefficient, se = objective.least_squares_media(theta)
        totals = objective.transform.levels(theta).sum(axis=0)
        c = prior.channels
        per_coefficient = totals[c] / prior.spend
        shares = pooling_shares(
            coefficient[c] * per_coefficient,
            se[c] * per_coefficient,
            prior.relative,
            float(prior.spread[0]),
        )
        k = self.unidentified_pooling
        return prior.with_spread(prior.spread * (1.0 + k * (1.0 - shares)) / (1.0 + k))

    def _shrunk_curve_prior(
        self, objective: ProfiledObjective, prior: ParameterPrior, return_prior: ReturnPriorTerm
    ) -> ParameterPrior:
        """The curve prior with each channel's scales narrowed by how little the data measures
        its return at the prior centre (its pooling share, ``return_prior.pooling_shares``)."""
        theta = prior.center
        coefficient, se = objective.least_squares_media(theta)
        totals = objective.transform.levels(theta).sum(axis=0)
        c = return_prior.channels
        per_coefficient = totals[c] / return_prior.spend
        shares = np.ones(prior.center.shape[0])
        shares[c] = pooling_shares(
            coefficient[c] * per_coefficient,
            se[c] * per_coefficient,
            return_prior.relative,
            float(return_prior.spread[0]),
        )
        narrowing = np.sqrt(1.0 + self.curve_shrinkage * shares)[:, np.newaxis]
        return replace(prior, scale=prior.scale / narrowing)

    def _pooled_floor(self, rows: slice) -> float:
        """The smallest pooled return the prior's scale may take: media driving 2% of the
        target (a fit that finds no media effect would otherwise make the prior a wall)."""
        spend = float(self.spend[rows].sum())
        return 0.02 * float(np.abs(self.target[rows]).sum()) / spend if spend > 0 else 1.0

    def _return_prior_term(
        self, objective: ProfiledObjective, theta: FloatArray, rows: slice
    ) -> ReturnPriorTerm | None:
        """The ROI prior on the fitted weeks, scaled by a pilot pooled return: the total
        contribution over the relative-return-weighted spend at the prior centre. In a
        refresh it weighs returns on the previous version's curves (``theta``, the anchored
        prior centre), so it pools the channels' scale without re-opening their curves."""
        spec = self.return_prior
        if spec is None:
            return None
        spend = self.spend[rows].sum(axis=0)
        channels = np.flatnonzero(spend > 0)
        if channels.size == 0:
            return None
        coefficients = objective.linear_coefficients(theta)
        levels = objective.transform.levels(theta)
        contribution = float((coefficients.media * levels.sum(axis=0)).sum())
        weighted_spend = float((spec.relative * spend).sum())
        pilot = contribution / weighted_spend if weighted_spend > 0 else 0.0
        return ReturnPriorTerm(
            channels=channels,
            spend=spend[channels],
            relative=spec.relative[channels],
            spread=spec.spread[channels],
            pooled_scale=max(pilot, self._pooled_floor(rows)),
            fixed_levels=None if self.refresh_prior is None else levels.sum(axis=0)[channels],
        )

    def _lift_terms(self, reference: FloatArray, family: KernelFamily) -> list[LiftTestTerm]:
        """Each lift test's likelihood, on spend scaled like the fit's."""
        terms = []
        for placed in self.lift_tests:
            c = placed.channel_index
            scale = reference[c : c + 1]
            terms.append(
                LiftTestTerm(
                    channel=c,
                    observed=_window_transform(
                        placed.observed_spend, scale, family, self.l_max, placed.measured
                    ),
                    changed=_window_transform(
                        placed.changed_spend, scale, family, self.l_max, placed.measured
                    ),
                    outcome_change=placed.test.outcome_change,
                    outcome_change_se=placed.test.outcome_change_se,
                )
            )
        return terms


def _window_transform(
    spend: FloatArray, scale: FloatArray, family: KernelFamily, l_max: int, rows: slice
) -> MediaTransform:
    """One channel's transform on ``rows`` of its weekly spend (earlier weeks carry over)."""
    return MediaTransform.from_spend(spend[:, np.newaxis], scale, family, l_max).for_rows(rows)


@dataclass(frozen=True, eq=False)
class CoreFit:
    """One fitted model on a range of rows, before it is dressed as a result."""

    rows: slice
    design: BaselineDesign
    transform: MediaTransform
    theta: FloatArray
    coefficients: LinearCoefficients
    objective: ProfiledObjective

    def predict(self, frame: pd.DataFrame, rows: slice) -> FloatArray:
        """Predictions for ``rows`` of the full series (carryover from earlier rows)."""
        baseline = self.design.matrix(frame.iloc[rows]) @ self.coefficients.baseline
        levels = self.transform.for_rows(rows).levels(self.theta)
        media = levels @ self.coefficients.media
        for (a, b), eta in zip(self.objective.pairs, self.coefficients.interactions, strict=True):
            media = media + eta * levels[:, a] * levels[:, b]
        return np.asarray(baseline + media)
