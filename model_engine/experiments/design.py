r"""The next experiment, designed: for the channel whose return is worth most to know
(``value_of_information``), the test type, its length, the spend change, the minimum detectable
lift at 80% power from the history's noise (``power``), what the test costs in outcome, and
what the plan would do under each result.

Candidates, each over 4 to 12 weeks at the channel's planned weekly spend :math:`w`:

- ``go_dark``: the channel pauses nationally (spend change :math:`-w` a week);
- ``geo_holdout``: it pauses in regions holding half the market, read against the other half
  (only for types bought by region: search, social, display, video, traditional, podcasts,
  affiliate);
- ``spend_scale_up``: it spends 50% more a week;
- ``on_off_in_time``: it pauses every other week.

The expected lift of each candidate is the fitted curve's, carryover included: the spend change
runs through the channel's adstock and curve, and the outcome is counted over the test weeks
and the weeks after it until 90% of the carryover is in. The cost is the outcome the test gives
up against the plan at the same budget: a pause loses its lift but frees money that earns the
plan's marginal return elsewhere; a scale-up takes money from the plan's margin and earns its
lift. The design is the cheapest candidate with at least 80% power, or the most powerful one
(said so) when none reaches it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from model_engine.channels import ChannelType
from model_engine.constraints import PlanRequest
from model_engine.experiments.power import (
    DEFAULT_ALPHA,
    DEFAULT_POWER,
    FORMULA,
    WeeklyNoise,
    minimum_detectable_lift,
    power_of,
)
from model_engine.experiments.value_of_information import (
    InformationRanking,
    rank_by_information_value,
)
from model_engine.mmm.calibration import lift_of_spend_change
from model_engine.mmm.result import ChannelFit, HistoryFit
from model_engine.optimizer import AllocationResult, OptimizerSettings, optimize
from model_engine.planning import Interval, ResponseModel
from model_engine.response import ResponseCurve
from model_engine.saturation import FloatArray

TestType = Literal["go_dark", "geo_holdout", "spend_scale_up", "on_off_in_time"]
TEST_WEEKS = (4, 6, 8, 10, 12)
GEO_SHARE = 0.5
SCALE_UP = 0.5
CARRYOVER_SHARE = 0.9  # measure until this share of the carryover has arrived
RESULT_QUANTILES = (("lower", 0.1), ("expected", 0.5), ("higher", 0.9))
GEO_TYPES = frozenset(
    {
        ChannelType.SEARCH,
        ChannelType.SOCIAL,
        ChannelType.DISPLAY,
        ChannelType.VIDEO,
        ChannelType.TRADITIONAL,
        ChannelType.PODCASTS,
        ChannelType.AFFILIATE,
    }
)
_FAST = OptimizerSettings(price_constraints=False)


@dataclass(frozen=True)
class ResultBranch:
    """What the plan would do if the test came out at one point of the posterior."""

    label: str  # "low", "as expected", "high"
    quantile: float
    lift: float  # the lift the test would show, outcome units
    planned_spend: float  # the channel's spend in the re-optimised plan
    change: float  # planned_spend minus the current plan's spend for the channel


@dataclass(frozen=True)
class ExperimentDesign:
    """The next test to run. ``ask --json`` shows ``experiment_design`` as the first seven
    fields: channel, test_type, weeks, spend_change, minimum_detectable_lift, power, cost."""

    channel: str
    test_type: TestType
    weeks: int  # weeks the spend changes
    spend_change: float  # total over those weeks (negative: less spend), currency
    minimum_detectable_lift: float  # at 80% power, two-sided 5% level, outcome units
    power: float  # probability of detecting the expected lift
    cost: float  # outcome given up against the plan at the same budget (negative: a gain)
    measured_weeks: int  # test weeks plus the carryover tail
    expected_lift: Interval  # the fitted model's lift for the test (90% over the posterior)
    standard_error: float
    value_of_information: float  # EVPPI of the channel, outcome units over the horizon
    outcome_name: str
    currency: str
    branches: tuple[ResultBranch, ...]
    formula: str = FORMULA
    notes: tuple[str, ...] = ()

    @property
    def reaches_power(self) -> bool:
        return self.power >= DEFAULT_POWER

    def summary(self) -> str:
        verb = "cut" if self.spend_change < 0 else "add"
        lines = [
            f"Next test: {self.channel}, {self.test_type.replace('_', ' ')} for {self.weeks} "
            f"weeks ({verb} {self.currency} {abs(self.spend_change):,.0f}), measured over "
            f"{self.measured_weeks} weeks",
            f"  expected lift {self.expected_lift.estimate:,.0f} {self.outcome_name} "
            f"({self.expected_lift.low:,.0f} to {self.expected_lift.high:,.0f}); minimum "
            f"detectable lift {self.minimum_detectable_lift:,.0f} at 80% power; power "
            f"{self.power:.0%}; cost {self.cost:,.0f} {self.outcome_name}",
            *(
                f"  if the test shows a {b.label} return (lift {b.lift:,.0f}): the plan would "
                f"spend {self.currency} {b.planned_spend:,.0f} on {self.channel} "
                f"({b.change:+,.0f})"
                for b in self.branches
            ),
            f"  ({self.formula})",
            *(f"  - {n}" for n in self.notes),
        ]
        return "\n".join(lines)


@dataclass(frozen=True)
class _Candidate:
    test_type: TestType
    weeks: int
    weekly_change: FloatArray
    lift: float
    lift_draws: FloatArray | None
    measured_weeks: int
    se: float
    power: float
    cost: float


def design_next_test(
    fit: HistoryFit,
    model: ResponseModel,
    request: PlanRequest,
    plan: AllocationResult | None = None,
    ranking: InformationRanking | None = None,
    weeks_options: Sequence[int] = TEST_WEEKS,
) -> ExperimentDesign | None:
    """A test for the channel with the highest value of information (``None`` when no channel's
    return would change the plan). ``model`` is ``fit``'s response model over the plan's
    horizon, ``plan`` the optimizer's plan for ``request`` (computed when not given)."""
    if plan is None:
        plan = optimize(model, request, _FAST)
    if ranking is None:
        ranking = rank_by_information_value(model, request, plan)
    top = ranking.top
    if top is None:
        return None
    channel = fit.channel(top.channel)
    noise = WeeklyNoise(fit.diagnostics.residual_sd, fit.diagnostics.residual_autocorrelation)
    weekly = top.planned_spend / model.horizon_weeks or channel.recent_weekly_spend
    candidates = [
        _candidate(channel, test_type, weeks, weekly, noise, plan.equalised_marginal_return)
        for test_type in _test_types(channel)
        for weeks in weeks_options
    ]
    powered = [c for c in candidates if c.power >= DEFAULT_POWER]
    notes: list[str] = []
    if powered:
        best = min(powered, key=lambda c: (c.cost, c.weeks))
    else:
        best = max(candidates, key=lambda c: (c.power, -c.cost))
        notes.append(
            f"no test of up to {max(weeks_options)} weeks reaches 80% power against this "
            f"history's noise: the best reaches {best.power:.0%}; a longer test or a larger "
            "spend change would be needed for a clear answer"
        )
    best = _with_draws(channel, best, weekly)
    lift = _interval(best.lift, best.lift_draws)
    return ExperimentDesign(
        channel=channel.name,
        test_type=best.test_type,
        weeks=best.weeks,
        spend_change=float(np.sum(best.weekly_change)),
        minimum_detectable_lift=minimum_detectable_lift(best.se),
        power=best.power,
        cost=best.cost,
        measured_weeks=best.measured_weeks,
        expected_lift=lift,
        standard_error=best.se,
        value_of_information=top.value,
        outcome_name=model.outcome_name,
        currency=model.currency,
        branches=_branches(model, request, plan, channel.name, best),
        notes=tuple(notes),
    )


def _test_types(channel: ChannelFit) -> tuple[TestType, ...]:
    types: list[TestType] = ["go_dark", "spend_scale_up", "on_off_in_time"]
    if channel.channel_type in GEO_TYPES:
        types.insert(1, "geo_holdout")
    return tuple(types)


def _tail_weeks(channel: ChannelFit) -> int:
    """Weeks after the test until :data:`CARRYOVER_SHARE` of the carryover has arrived."""
    weights = channel.adstock.weights()
    cumulative = np.cumsum(weights) / np.sum(weights)
    return int(np.searchsorted(cumulative, CARRYOVER_SHARE))


def _candidate(
    channel: ChannelFit,
    test_type: TestType,
    weeks: int,
    weekly: float,
    noise: WeeklyNoise,
    margin: float,
) -> _Candidate:
    tail = _tail_weeks(channel)
    before = channel.adstock.l_max
    total = before + weeks + tail
    observed = np.full(total, weekly)
    change = np.zeros(total)
    test = slice(before, before + weeks)
    if test_type == "go_dark":
        change[test] = -weekly
    elif test_type == "geo_holdout":
        change[test] = -GEO_SHARE * weekly
    elif test_type == "spend_scale_up":
        change[test] = SCALE_UP * weekly
    else:
        change[before : before + weeks : 2] = -weekly
    window = slice(before, total)
    lift, _ = lift_of_spend_change(channel, observed, observed + change, window, False)
    geo = GEO_SHARE if test_type == "geo_holdout" else None
    se = noise.standard_error(weeks + tail, geo)
    spend_change = float(change.sum())
    # Money a cut frees earns the plan's margin elsewhere; money a scale-up takes loses it.
    cost = margin * spend_change - lift
    return _Candidate(
        test_type=test_type,
        weeks=weeks,
        weekly_change=change[test],
        lift=lift,
        lift_draws=None,
        measured_weeks=weeks + tail,
        se=se,
        power=power_of(lift, se, DEFAULT_ALPHA),
        cost=float(cost),
    )


def _with_draws(channel: ChannelFit, candidate: _Candidate, weekly: float) -> _Candidate:
    """The candidate with its lift under every posterior draw (for its interval and the
    result branches; candidates are compared on the point lift only)."""
    before, weeks = channel.adstock.l_max, candidate.weeks
    total = before + candidate.measured_weeks
    observed = np.full(total, weekly)
    changed = observed.copy()
    changed[before : before + weeks] += candidate.weekly_change
    _, draws = lift_of_spend_change(channel, observed, changed, slice(before, total))
    return replace(candidate, lift_draws=draws)


def _branches(
    model: ResponseModel,
    request: PlanRequest,
    plan: AllocationResult,
    name: str,
    best: _Candidate,
) -> tuple[ResultBranch, ...]:
    """Re-optimise as if the test had measured the lift at each quantile of its posterior
    (by size): the channel's curve keeps its shape and is scaled to that lift."""
    if best.lift_draws is None or best.lift == 0:
        return ()
    curve = model.channel(name)
    planned = plan.allocation[name]
    point = replace(model, channels=tuple(replace(c, draws=None) for c in model.channels))
    sizes = np.sort(np.abs(best.lift_draws))
    branches = []
    for label, q in RESULT_QUANTILES:
        size = float(np.quantile(sizes, q))
        factor = size / abs(best.lift)
        scaled = ResponseCurve(curve.curve.saturation, np.asarray(curve.curve.scale) * factor)
        known = replace(curve, curve=scaled, draws=None)
        spend = optimize(point.with_channel(known), request, _FAST).allocation[name]
        branches.append(
            ResultBranch(
                label=label,
                quantile=q,
                lift=float(np.sign(best.lift) * size),
                planned_spend=spend,
                change=spend - planned,
            )
        )
    return tuple(branches)


def _interval(point: float, draws: FloatArray | None) -> Interval:
    if draws is None:
        return Interval(point, point, point)
    low, median, high = np.quantile(draws, [0.05, 0.5, 0.95])
    return Interval(float(median), float(low), float(high))
