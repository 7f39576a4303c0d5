r"""Snapshot fit: response curves from one period of results (one row per channel).

One point per channel cannot identify a curve's shape, so each channel gets a Hill curve

.. math:: f(x) = s\,\frac{x^n}{x^n + K^n}

forced through its observed point :math:`(x_0, y_0)` and shaped by its channel type's prior
(``priors.py``): the own-outcome elasticity at current spend :math:`e` and the Hill shape
:math:`n`. Because the elasticity of a Hill curve is :math:`n(1 - S)`,

.. math::
    S_0 = 1 - \frac{e}{n}, \qquad
    \frac{x_0}{K} = \Big(\frac{S_0}{1 - S_0}\Big)^{1/n}, \qquad
    s = \frac{y_0}{S_0}, \qquad f'(x_0) = \frac{e\,y_0}{x_0}

so every draw passes through the observed point and differs in how fast returns fall beyond
it. The point curve uses the middle of each range; ``n_draws`` uniform draws over the ranges
(seeded per channel) give the intervals. A user override fixes the half-saturation :math:`K`,
the elasticity or the shape, and the other quantities follow from the same identities.

What a CMO means by "email saturates at about $300K" is that returns flatten past $300K, not
that half the ceiling is reached there. That is the ``flattens_past`` override :math:`X`: the
curve reaches :data:`FLATTENING_LEVEL` (80%) of its ceiling at :math:`X`, where the next dollar
earns :math:`(1-L)^2 = 1/25` of what the first did for a concave curve, so

.. math:: K = X \Big(\frac{1 - L}{L}\Big)^{1/n}

for each draw of the shape :math:`n` (:math:`K = X/4` when :math:`n = 1`).

A channel with no spend or no outcome has no point to calibrate through: it gets a zero curve,
``evidence="no_evidence"`` and a note saying so; nothing is invented for it. Outcomes recorded
with no spend ("$0 spent, 500 MQLs") are kept: the response model counts them as non-media
outcome (``baseline_outcome``), which arrives whatever the plan spends.

A lift test on a channel gives a **second point on its curve**. A test that changed the weekly
spend by :math:`\delta` for :math:`n` weeks and measured :math:`\Delta` incremental outcome
(carryover included), held at that pace over the period of :math:`P` weeks, puts the curve
through :math:`(x_1, y_1) = (x_0 + \delta P,\ y_0 + \Delta P / n)`. With the shape :math:`n_H`
of each draw, the two points fix the half-saturation: with :math:`a = x_0^{n_H}`,
:math:`b = x_1^{n_H}` and :math:`R = y_1 / y_0`,

.. math:: K^{n_H} = \frac{a\,b\,(1 - R)}{R\,a - b}

and so the elasticity at the observed point, :math:`e = n_H (1 - S_0)`; each draw also draws the
test's result from its standard error. A result outside what a Hill curve of that shape can
pass through (no lift at all, or a lift more than proportional to :math:`x^{n_H}`) is clamped
to the nearest curve and said so in the notes.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from model_engine.channels import ChannelType
from model_engine.datasets import ChannelPeriod, OutcomeUnit, SnapshotData
from model_engine.experiments.lift_test import LiftTest
from model_engine.planning import ChannelCurve, Evidence, Interval, ResponseModel
from model_engine.priors import CHANNEL_PRIORS, ChannelPrior
from model_engine.response import ResponseCurve
from model_engine.saturation import FloatArray, HillSaturation

MIN_DRAWS = 500
# "Saturates at X": the share of the ceiling reached at X. At 80% a concave curve's next dollar
# earns 1/25 of the first one's, which is what "returns flatten" means in practice.
FLATTENING_LEVEL = 0.8
_MAX_SATURATION_SHARE = 0.95  # elasticity draws stay below 95% of the shape: S0 >= 5%
_MIN_ELASTICITY = 0.01  # a test that found no lift: as saturated as a curve may be


@dataclass(frozen=True)
class ChannelOverride:
    """What the user knows about a channel, replacing part of its prior.

    ``half_saturation`` is the spend per period at which half the ceiling is reached;
    ``flattens_past`` the spend per period past which returns flatten (the curve is at
    :data:`FLATTENING_LEVEL` of its ceiling there: "email saturates at about $300K");
    ``elasticity`` the % outcome change for a 1% spend change at current spend; ``shape`` the
    Hill shape (1 concave, above 1 S-shaped). Give the half-saturation or the elasticity, not
    both: either one places the observed point on the curve.
    """

    half_saturation: float | None = None
    elasticity: float | None = None
    shape: float | None = None
    flattens_past: float | None = None  # spend past which returns flatten (the CMO's sense)

    def __post_init__(self) -> None:
        given = (self.half_saturation, self.elasticity, self.shape, self.flattens_past)
        if all(v is None for v in given):
            raise ValueError(
                "an override needs a half-saturation, a flattening point, an elasticity or a shape"
            )
        if self.flattens_past is not None and (
            self.half_saturation is not None or self.elasticity is not None
        ):
            raise ValueError(
                "give the flattening point, the half-saturation or the elasticity, not two of "
                "them: each fixes where the current spend sits on the curve"
            )
        if self.flattens_past is not None and self.flattens_past <= 0:
            raise ValueError(f"a flattening point must be positive ({self.flattens_past:g})")
        if self.half_saturation is not None and self.elasticity is not None:
            raise ValueError(
                "give the half-saturation or the elasticity, not both: either one fixes where "
                "the current spend sits on the curve"
            )
        if self.half_saturation is not None and self.half_saturation <= 0:
            raise ValueError(f"a half-saturation must be positive ({self.half_saturation:g})")
        if self.elasticity is not None and not 0 < self.elasticity < 1:
            raise ValueError(
                f"an elasticity must be between 0 and 1 for a saturating curve "
                f"({self.elasticity:g})"
            )
        if self.shape is not None and self.shape <= 0:
            raise ValueError(f"a Hill shape must be positive ({self.shape:g})")
        if self.shape is not None and self.elasticity is not None and self.elasticity >= self.shape:
            raise ValueError(
                f"an elasticity of {self.elasticity:g} needs a shape above it (got "
                f"{self.shape:g}): the curve would have no room left to saturate"
            )


@dataclass(frozen=True)
class SnapshotTestCalibration:
    """What a lift test changed in a one-quarter curve: the second point it puts the curve
    through, and the marginal return and elasticity at current spend before and after."""

    test: LiftTest
    second_spend: float  # x1, spend over the period at the test's pace
    second_outcome: float  # y1
    marginal_return_before: Interval
    marginal_return_after: Interval
    elasticity_before: Interval
    elasticity_after: Interval
    clamped_share: float  # share of draws whose result no curve of their shape could meet


@dataclass(frozen=True, eq=False)
class SnapshotChannelFit:
    """One channel's calibrated curve over the data period, with intervals."""

    name: str
    channel_type: ChannelType
    spend: float
    outcome: float | None
    evidence: Evidence
    curve: ResponseCurve  # point curve, spend over the period -> outcome over the period
    draws: ResponseCurve | None  # array parameters, one per draw
    elasticity: Interval | None  # at current spend
    saturation_level: Interval | None  # share of the ceiling reached at current spend
    half_saturation: Interval | None  # spend per period
    marginal_return: Interval | None  # outcome per extra unit of currency at current spend
    prior: ChannelPrior
    override: ChannelOverride | None = None
    notes: tuple[str, ...] = ()
    lift_test: SnapshotTestCalibration | None = None

    @property
    def cost_per_outcome(self) -> float | None:
        """Average cost per outcome (CAC/CPL) last period."""
        if not self.outcome:
            return None
        return self.spend / self.outcome

    @property
    def marginal_cost_per_outcome(self) -> Interval | None:
        """Cost of the next outcome at current spend (1 / marginal return); the interval's
        ends swap because the reciprocal reverses order."""
        m = self.marginal_return
        if m is None or m.low <= 0:
            return None
        return Interval(1.0 / m.estimate, 1.0 / m.high, 1.0 / m.low, m.level)


@dataclass(frozen=True, eq=False)
class SnapshotFit:
    """Curves for every channel of one period; ``to_response_model`` feeds the optimizer."""

    channels: tuple[SnapshotChannelFit, ...]
    outcome_name: str
    outcome_unit: OutcomeUnit
    currency: str
    period_weeks: int
    n_draws: int
    seed: int
    level: float = 0.9

    def channel(self, name: str) -> SnapshotChannelFit:
        for c in self.channels:
            if c.name.casefold() == name.casefold():
                return c
        raise KeyError(f"no channel named {name!r}")

    def to_response_model(self, horizon_weeks: int = 13) -> ResponseModel:
        r"""Curves over ``horizon_weeks``, assuming spend and response keep the pace of the data
        period :math:`P`: :math:`f_H(x) = \tfrac{H}{P}\, f_P(x P / H)`; ``current_spend`` is the
        period spend scaled to the horizon."""
        if horizon_weeks <= 0:
            raise ValueError("the planning horizon must be at least one week")
        factor = horizon_weeks / self.period_weeks
        curves = tuple(
            ChannelCurve(
                name=c.name,
                channel_type=c.channel_type,
                current_spend=c.spend * factor,
                curve=c.curve.over_periods(factor),
                draws=None if c.draws is None else c.draws.over_periods(factor),
                evidence=c.evidence,
                notes=c.notes,
            )
            for c in self.channels
        )
        notes = [
            "curves calibrated through one period of results with prior shapes by channel "
            "type: the ranges are assumptions, not measurements",
        ]
        # Outcomes recorded with no spend are kept: they arrive whatever the plan does.
        unpaid = [c for c in self.channels if c.spend <= 0 and c.outcome]
        unpaid_outcome = factor * sum(c.outcome or 0.0 for c in unpaid)
        if unpaid:
            notes.append(
                f"{', '.join(c.name for c in unpaid)}: {unpaid_outcome:,.0f} {self.outcome_name} "
                f"over {horizon_weeks} weeks came without spend; they are counted as non-media "
                "outcome, not as what spend buys"
            )
        if factor != 1.0:
            notes.append(
                f"scaled from a {self.period_weeks}-week period to a {horizon_weeks}-week "
                "horizon at the same weekly pace"
            )
        return ResponseModel(
            channels=curves,
            horizon_weeks=horizon_weeks,
            outcome_name=self.outcome_name,
            outcome_unit=self.outcome_unit,
            currency=self.currency,
            source="snapshot",
            baseline_outcome=unpaid_outcome,
            notes=tuple(notes),
        )

    def summary(self) -> str:
        pct = f"{self.level:.0%}"
        lines = [
            f"Snapshot fit of {self.outcome_name} over {self.period_weeks} weeks, "
            f"{len(self.channels)} channels, {self.n_draws} prior draws ({pct} intervals)",
            "",
            f"{'channel':<16} {'spend':>12} {self.outcome_name[:10]:>10} {'cost/outcome':>13} "
            f"{'next-outcome cost [' + pct + ']':>32} {'elasticity [' + pct + ']':>22} "
            f"{'saturation':>10}  evidence",
        ]
        lines.append("-" * len(lines[-1]))
        for c in self.channels:
            average = c.cost_per_outcome
            marginal = c.marginal_cost_per_outcome
            lines.append(
                f"{c.name[:16]:<16} {c.spend:>12,.0f} "
                f"{'-' if c.outcome is None else f'{c.outcome:,.0f}':>10} "
                f"{'-' if average is None else f'{average:,.0f}':>13} "
                f"{'-' if marginal is None else _interval(marginal, ',.0f'):>32} "
                f"{'-' if c.elasticity is None else _interval(c.elasticity, '.2f'):>22} "
                f"{'-' if c.saturation_level is None else f'{c.saturation_level.estimate:.0%}':>10}"
                f"  {c.evidence}"
            )
        notes = [f"{c.name}: {n}" for c in self.channels for n in c.notes]
        if notes:
            lines += ["", "Notes:", *(f"  - {n}" for n in notes)]
        return "\n".join(lines)


class SnapshotCalibrator:
    """Calibrates one period of results (scikit-learn habits: configure, ``fit``,
    read ``result_``)."""

    def __init__(
        self,
        *,
        n_draws: int = 1000,
        seed: int = 0,
        level: float = 0.9,
        priors: Mapping[ChannelType, ChannelPrior] = CHANNEL_PRIORS,
    ) -> None:
        if n_draws < MIN_DRAWS:
            raise ValueError(f"use at least {MIN_DRAWS} draws for stable intervals ({n_draws})")
        if not 0 < level < 1:
            raise ValueError("the interval level must be between 0 and 1")
        self.n_draws = n_draws
        self.seed = seed
        self.level = level
        self.priors = priors

    def fit(
        self,
        data: SnapshotData,
        overrides: Mapping[str, ChannelOverride] | None = None,
        experiments: Sequence[LiftTest] = (),
    ) -> SnapshotCalibrator:
        """Calibrate every channel; ``experiments`` give tested channels a second point."""
        by_name = {k.casefold(): v for k, v in (overrides or {}).items()}
        tests = {t.channel.casefold(): t for t in experiments}
        untested = sorted(set(tests) - {c.name.casefold() for c in data.channels})
        if untested:
            raise ValueError(
                f"a lift test names no channel of the data: {', '.join(untested)}; channels: "
                f"{', '.join(c.name for c in data.channels)}"
            )
        known = {c.name.casefold() for c in data.channels}
        unknown = sorted(set(by_name) - known)
        if unknown:
            raise ValueError(
                f"an override names no channel of the data: {', '.join(unknown)}; channels: "
                f"{', '.join(c.name for c in data.channels)}"
            )
        reference = _reference_spend(data)
        self.result_ = SnapshotFit(
            channels=tuple(
                self._with_test(
                    self._calibrate(c, by_name.get(c.name.casefold()), reference, data.currency),
                    tests.get(c.name.casefold()),
                    data.period_weeks,
                )
                for c in data.channels
            ),
            outcome_name=data.outcome_name,
            outcome_unit=data.outcome_unit,
            currency=data.currency,
            period_weeks=data.period_weeks,
            n_draws=self.n_draws,
            seed=self.seed,
            level=self.level,
        )
        return self

    def _prior(self, channel_type: ChannelType) -> ChannelPrior:
        return self.priors.get(channel_type, self.priors[ChannelType.OTHER])

    def _calibrate(
        self,
        channel: ChannelPeriod,
        override: ChannelOverride | None,
        reference: float,
        currency: str,
    ) -> SnapshotChannelFit:
        prior = self._prior(channel.channel_type)
        outcome, notes = _observed_outcome(channel)
        spend = channel.spend
        if spend <= 0 or not outcome:
            return SnapshotChannelFit(
                name=channel.name,
                channel_type=channel.channel_type,
                spend=spend,
                outcome=outcome,
                evidence="no_evidence",
                # A zero curve: it pays nothing, so the plan funds it only under a floor.
                curve=ResponseCurve(HillSaturation(spend if spend > 0 else reference), 0.0),
                draws=None,
                elasticity=None,
                saturation_level=None,
                half_saturation=None,
                marginal_return=None,
                prior=prior,
                override=override,
                notes=(*notes, _no_evidence_note(spend, outcome, currency)),
            )
        rng = np.random.default_rng([self.seed, zlib.crc32(channel.name.casefold().encode())])
        shape_draws, elasticity_draws = self._shape_and_elasticity(prior, override, rng)
        point_shape, point_elasticity = self._shape_and_elasticity(prior, override, None)
        draws = _through_point(spend, outcome, shape_draws, elasticity_draws, override)
        point = _through_point(spend, outcome, point_shape, point_elasticity, override)
        if override is not None:
            notes = (*notes, _override_note(override, currency))
        return SnapshotChannelFit(
            name=channel.name,
            channel_type=channel.channel_type,
            spend=spend,
            outcome=outcome,
            evidence="snapshot",
            curve=point.curve(scalar=True),
            draws=draws.curve(scalar=False),
            elasticity=self._interval(point.elasticity, draws.elasticity),
            saturation_level=self._interval(point.level, draws.level),
            half_saturation=self._interval(point.half_saturation, draws.half_saturation),
            # f'(x0) = e * y0 / x0: the elasticity identity, exact for every draw.
            marginal_return=self._interval(
                point.elasticity * outcome / spend, draws.elasticity * outcome / spend
            ),
            prior=prior,
            override=override,
            notes=notes,
        )

    def _with_test(
        self, fit: SnapshotChannelFit, test: LiftTest | None, period_weeks: int
    ) -> SnapshotChannelFit:
        """The channel refitted through its lift test's second point (module docstring)."""
        if test is None:
            return fit
        if fit.outcome is None or fit.spend <= 0 or fit.draws is None:
            return replace(
                fit,
                notes=(*fit.notes, "a lift test cannot calibrate a channel with no curve yet"),
            )
        weeks = test.calendar_weeks
        second_spend = fit.spend + test.spend_change / weeks * period_weeks
        if second_spend <= 0:
            raise ValueError(
                f"{test.source or fit.name}: the test cuts {abs(test.spend_change):,.0f} over "
                f"{weeks} weeks, more than {fit.name}'s pace of spend ({fit.spend:,.0f} over "
                f"{period_weeks} weeks): check the amount and its sign"
            )
        rng = np.random.default_rng([self.seed, zlib.crc32(fit.name.casefold().encode()), 1])
        shape_draws = np.asarray(fit.draws.saturation.params()["shape"], dtype=np.float64)
        point_shape = np.array([float(fit.curve.saturation.params()["shape"])])
        noise = rng.standard_normal(shape_draws.size) * test.outcome_change_se
        outcome = fit.outcome

        def second(change: FloatArray) -> FloatArray:
            return np.asarray(outcome + change * period_weeks / weeks, dtype=np.float64)

        elasticity, clamped = _elasticity_through(
            fit.spend, outcome, shape_draws, second_spend, second(test.outcome_change + noise)
        )
        point_e, _ = _elasticity_through(
            fit.spend, outcome, point_shape, second_spend, second(np.array([test.outcome_change]))
        )
        draws = _through_point(fit.spend, outcome, shape_draws, elasticity, None)
        point = _through_point(fit.spend, outcome, point_shape, point_e, None)
        marginal = self._interval(
            point.elasticity * outcome / fit.spend, draws.elasticity * outcome / fit.spend
        )
        elasticity_interval = self._interval(point.elasticity, draws.elasticity)
        assert fit.marginal_return is not None
        assert fit.elasticity is not None
        notes = list(fit.notes)
        clamped_share = float(np.mean(clamped))
        if clamped_share > 0.5:
            notes.append(
                f"the lift test's result ({test.outcome_change:,.0f} for "
                f"{test.spend_change:+,.0f} spend) is outside what a curve of this channel's "
                "shape can pass through in most draws: it was met as closely as the curve allows; "
                "check the test's units and window"
            )
        notes.append(
            f"calibrated by a lift test: the curve also passes through {second_spend:,.0f} "
            f"spend -> {float(second(np.array([test.outcome_change]))[0]):,.0f} outcome"
        )
        return replace(
            fit,
            curve=point.curve(scalar=True),
            draws=draws.curve(scalar=False),
            elasticity=elasticity_interval,
            saturation_level=self._interval(point.level, draws.level),
            half_saturation=self._interval(point.half_saturation, draws.half_saturation),
            marginal_return=marginal,
            notes=tuple(notes),
            lift_test=SnapshotTestCalibration(
                test=test,
                second_spend=second_spend,
                second_outcome=float(second(np.array([test.outcome_change]))[0]),
                marginal_return_before=fit.marginal_return,
                marginal_return_after=marginal,
                elasticity_before=fit.elasticity,
                elasticity_after=elasticity_interval,
                clamped_share=clamped_share,
            ),
        )

    def _shape_and_elasticity(
        self,
        prior: ChannelPrior,
        override: ChannelOverride | None,
        rng: np.random.Generator | None,
    ) -> tuple[FloatArray, FloatArray]:
        """Hill shapes and elasticities: uniform draws over the prior ranges, or the middle of
        each range when ``rng`` is ``None``; overrides replace their part."""
        size = 1 if rng is None else self.n_draws

        def sample(low: float, high: float) -> FloatArray:
            if rng is None:
                return np.full(1, 0.5 * (low + high))
            return rng.uniform(low, high, size)

        if override is not None and override.shape is not None:
            shape = np.full(size, override.shape)
        else:
            shape = sample(prior.hill_shape.low, prior.hill_shape.high)
        if override is not None and override.elasticity is not None:
            elasticity = np.full(size, override.elasticity)
        else:
            elasticity = sample(prior.elasticity.low, prior.elasticity.high)
        return shape, np.minimum(elasticity, _MAX_SATURATION_SHARE * shape)

    def _interval(self, point: FloatArray, draws: FloatArray) -> Interval:
        tail = (1.0 - self.level) / 2.0
        low, high = np.quantile(draws, [tail, 1.0 - tail])
        return Interval(float(point[0]), float(low), float(high), self.level)


def fit_snapshot(
    data: SnapshotData,
    overrides: Mapping[str, ChannelOverride] | None = None,
    *,
    n_draws: int = 1000,
    seed: int = 0,
    experiments: Sequence[LiftTest] = (),
) -> SnapshotFit:
    """Calibrate every channel of ``data``; the entry point tools and the planner call."""
    return SnapshotCalibrator(n_draws=n_draws, seed=seed).fit(data, overrides, experiments).result_


@dataclass(frozen=True)
class _Calibration:
    """Hill curves through one point, one entry per draw."""

    half_saturation: FloatArray
    shape: FloatArray
    scale: FloatArray
    elasticity: FloatArray
    level: FloatArray  # S0, the saturation level at the observed spend

    def curve(self, scalar: bool) -> ResponseCurve:
        if scalar:
            saturation = HillSaturation(float(self.half_saturation[0]), float(self.shape[0]))
            return ResponseCurve(saturation, float(self.scale[0]))
        return ResponseCurve(HillSaturation(self.half_saturation, self.shape), self.scale)


def _through_point(
    spend: float,
    outcome: float,
    shape: FloatArray,
    elasticity: FloatArray,
    override: ChannelOverride | None,
) -> _Calibration:
    fixed_k: FloatArray | None = None
    if override is not None and override.half_saturation is not None:
        fixed_k = np.full(shape.shape, override.half_saturation)
    elif override is not None and override.flattens_past is not None:
        fixed_k = half_saturation_for_flattening(override.flattens_past, shape)
    if fixed_k is not None:
        # K fixed by the user: the level at the observed spend follows, then the elasticity.
        ratio = spend / fixed_k
        level = ratio**shape / (1.0 + ratio**shape)
        half_saturation = fixed_k
        elasticity = shape * (1.0 - level)
    else:
        level = 1.0 - elasticity / shape
        half_saturation = spend / (level / (1.0 - level)) ** (1.0 / shape)
    return _Calibration(
        half_saturation=half_saturation,
        shape=shape,
        scale=outcome / level,
        elasticity=elasticity,
        level=level,
    )


def _elasticity_through(
    spend: float, outcome: float, shape: FloatArray, second_spend: float, second: FloatArray
) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Elasticity at the observed point of the Hill curve of each ``shape`` that also passes
    through ``(second_spend, second)``, and which draws had to be clamped (module docstring)."""
    a = spend**shape
    b = second_spend**shape
    ratio = second / outcome
    with np.errstate(divide="ignore", invalid="ignore"):
        k_power = a * b * (1.0 - ratio) / (ratio * a - b)
    valid = np.isfinite(k_power) & (k_power > 0)
    level = np.where(valid, a / (a + np.where(valid, k_power, 1.0)), 0.0)
    elasticity = shape * (1.0 - level)
    # Out of reach: no lift means fully saturated, too much lift means no saturation yet.
    too_much = (ratio - 1.0) * (second_spend - spend) > 0
    fallback = np.where(too_much, _MAX_SATURATION_SHARE * shape, _MIN_ELASTICITY)
    elasticity = np.where(valid, elasticity, fallback)
    elasticity = np.clip(elasticity, _MIN_ELASTICITY, _MAX_SATURATION_SHARE * shape)
    return elasticity, ~valid


def _observed_outcome(channel: ChannelPeriod) -> tuple[float | None, tuple[str, ...]]:
    """The outcome to calibrate on: as given, or derived from a stated cost per outcome."""
    if channel.outcome is not None:
        return channel.outcome, ()
    if channel.stated_cost_per_outcome and channel.spend > 0:
        derived = channel.spend / channel.stated_cost_per_outcome
        return derived, (f"outcome derived from the stated cost per outcome: {derived:,.0f}",)
    return None, ()


def _no_evidence_note(spend: float, outcome: float | None, currency: str) -> str:
    if spend <= 0 and outcome:
        return (
            f"{outcome:,.0f} outcomes came without spend last period (organic demand, or spend "
            "booked under another channel): they are kept as outcome that arrives without "
            "spend, not as what spend here buys; a small test budget would measure that"
        )
    if spend <= 0:
        return (
            "no spend last period, so there is no point to calibrate a curve on; the plan gives "
            "it nothing unless a floor requires it, and a small test budget would measure it"
        )
    if outcome is None:
        return (
            "no outcome given for this channel, so its curve cannot be calibrated; give its "
            "outcome (or its cost per outcome) to include it"
        )
    return (
        f"spent {currency} {spend:,.0f} with no recorded outcome: no evidence of any return at "
        "this spend; check the tracking before cutting it"
    )


def half_saturation_for_flattening(point: float, shape: FloatArray) -> FloatArray:
    """The half-saturation :math:`K` of a Hill curve of shape ``shape`` that reaches
    :data:`FLATTENING_LEVEL` of its ceiling at ``point``."""
    odds = FLATTENING_LEVEL / (1.0 - FLATTENING_LEVEL)
    return np.asarray(point / odds ** (1.0 / np.asarray(shape, dtype=np.float64)))


def _override_note(override: ChannelOverride, currency: str) -> str:
    parts = []
    if override.half_saturation is not None:
        parts.append(f"half-saturation at {currency} {override.half_saturation:,.0f}")
    if override.flattens_past is not None:
        parts.append(
            f"returns flatten past {currency} {override.flattens_past:,.0f} "
            f"({FLATTENING_LEVEL:.0%} of the ceiling there)"
        )
    if override.elasticity is not None:
        parts.append(f"elasticity {override.elasticity:.2f}")
    if override.shape is not None:
        parts.append(f"shape {override.shape:.2f}")
    return "your input replaces the prior: " + ", ".join(parts)


def _reference_spend(data: SnapshotData) -> float:
    """A spend scale for zero-spend channels' (zero) curves: the median spend of the others."""
    spends = [c.spend for c in data.channels if c.spend > 0]
    return float(np.median(spends)) if spends else 1.0


def _interval(value: Interval, fmt: str) -> str:
    return f"{value.estimate:{fmt}} [{value.low:{fmt}}, {value.high:{fmt}}]"
