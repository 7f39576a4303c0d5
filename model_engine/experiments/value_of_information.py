r"""Which channel's return is worth knowing: the expected value of partial perfect information
(EVPPI) of each channel's curve, from the posterior draws.

With plan :math:`a^*` (the optimizer's allocation under the fitted curves) and :math:`f_j^{(d)}`
channel :math:`j`'s curve in posterior draw :math:`d`, knowing channel :math:`c`'s curve exactly
would let the plan be re-optimised for it:

.. math::
    \mathrm{EVPPI}_c = \frac1D \sum_d \Big[\max_a \big(f_c^{(d)}(a_c) + \sum_{j \ne c}
        \bar f_j(a_j)\big) - \big(f_c^{(d)}(a^*_c) + \sum_{j \ne c} \bar f_j(a^*_j)\big)\Big]

where :math:`\bar f_j` is the posterior mean of the other channels' curves (their uncertainty
stays, and the draws are treated as independent across channels, the usual EVPPI
approximation). The inner maximum is the optimizer's plan with channel :math:`c`'s curve set to
draw :math:`d` and the other channels at their fitted curves, under the same budget and
constraints. The value is in outcome units over the planning horizon: what the plan would gain,
in expectation, if a test told us that channel's return. A channel with a tight posterior, or
whose plausible returns would never change the plan (held by a floor, a cap or a lock), is worth
little to test however uncertain it looks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from model_engine.constraints import PlanRequest
from model_engine.optimizer import AllocationResult, OptimizerSettings, optimize
from model_engine.planning import ChannelCurve, ResponseModel
from model_engine.response import ResponseCurve
from model_engine.saturation import FloatArray

DEFAULT_MAX_DRAWS = 24
MOVE_THRESHOLD = 0.05  # a plan that moves a channel by more than 5% of its spend "changes"
_FAST = OptimizerSettings(price_constraints=False)


@dataclass(frozen=True)
class ChannelInformationValue:
    """How much knowing one channel's return is worth to the plan."""

    channel: str
    value: float  # expected gain of the plan's outcome over the horizon, outcome units
    share_of_plan: float  # value over the plan's expected media outcome
    decision_changes: float  # share of draws under which the channel's spend would move > 5%
    planned_spend: float
    n_draws: int


@dataclass(frozen=True)
class InformationRanking:
    """Channels by the expected value of knowing their return, highest first."""

    channels: tuple[ChannelInformationValue, ...]
    plan_expected: float  # the plan's expected media outcome (posterior mean)
    outcome_name: str
    horizon_weeks: int

    @property
    def top(self) -> ChannelInformationValue | None:
        best = self.channels[0] if self.channels else None
        return best if best is not None and best.value > 0 else None

    def value_of(self, channel: str) -> float:
        for c in self.channels:
            if c.channel == channel:
                return c.value
        raise KeyError(channel)


def expected_outcome(model: ResponseModel, spend: dict[str, float]) -> float:
    """Posterior mean of the media outcome of ``spend`` (interactions left out)."""
    return float(sum(np.mean(c.outcome_draws(spend[c.name])) for c in model.channels))


def rank_by_information_value(
    model: ResponseModel,
    request: PlanRequest,
    plan: AllocationResult | None = None,
    max_draws: int = DEFAULT_MAX_DRAWS,
) -> InformationRanking:
    """EVPPI of every channel with posterior draws (see the module docstring). ``plan`` is the
    optimizer's plan for ``request`` (computed when not given); at most ``max_draws`` draws per
    channel are used, evenly spread over the ranks of its outcome at the planned spend."""
    point = _point_model(model)
    if plan is None:
        plan = optimize(point, request, _FAST)
    planned = plan.allocation
    means = {c.name: _mean_outcome(c) for c in model.channels}
    plan_expected = expected_outcome(model, planned)
    values = []
    for channel in model.channels:
        if channel.draws is None or channel.draws.n_draws < 2:
            values.append(
                ChannelInformationValue(channel.name, 0.0, 0.0, 0.0, planned[channel.name], 0)
            )
            continue
        draws = _spread_draws(channel, planned[channel.name], max_draws)
        gains, moved = [], []
        for d in draws:
            known = channel.draws.draw(int(d))
            informed_model = point.with_channel(replace(channel, curve=known, draws=None))
            informed = optimize(informed_model, request, _FAST).allocation
            gains.append(
                _value(informed, channel.name, known, means)
                - _value(planned, channel.name, known, means)
            )
            base = max(planned[channel.name], 1e-9)
            moved.append(
                abs(informed[channel.name] - planned[channel.name]) / base > MOVE_THRESHOLD
            )
        gain = max(float(np.mean(gains)), 0.0)
        values.append(
            ChannelInformationValue(
                channel=channel.name,
                value=gain,
                share_of_plan=gain / plan_expected if plan_expected > 0 else 0.0,
                decision_changes=float(np.mean(moved)),
                planned_spend=planned[channel.name],
                n_draws=len(draws),
            )
        )
    ordered = tuple(sorted(values, key=lambda v: v.value, reverse=True))
    return InformationRanking(
        channels=ordered,
        plan_expected=plan_expected,
        outcome_name=model.outcome_name,
        horizon_weeks=model.horizon_weeks,
    )


def _point_model(model: ResponseModel) -> ResponseModel:
    """The model without draws (the inner optimizations need allocations, not intervals)."""
    return replace(model, channels=tuple(replace(c, draws=None) for c in model.channels))


def _value(
    spend: dict[str, float],
    channel: str,
    known: ResponseCurve,
    means: dict[str, Callable[[float], float]],
) -> float:
    """Outcome of ``spend`` when ``channel``'s curve is ``known`` and the others' are their
    posterior means."""
    others = sum(means[n](spend[n]) for n in spend if n != channel)
    return float(known.outcome(spend[channel])) + others


def _mean_outcome(channel: ChannelCurve) -> Callable[[float], float]:
    def mean(spend: float) -> float:
        return float(np.mean(channel.outcome_draws(spend)))

    return mean


def _spread_draws(channel: ChannelCurve, spend: float, max_draws: int) -> FloatArray:
    """Indices of up to ``max_draws`` draws, evenly spaced in the order of their outcome at
    ``spend`` (so the subset keeps the posterior's spread)."""
    outcomes = channel.outcome_draws(spend)
    order = np.argsort(outcomes, kind="stable")
    if order.size <= max_draws:
        return np.asarray(order, dtype=np.float64)
    picks = np.linspace(0, order.size - 1, max_draws).round().astype(int)
    return np.asarray(order[picks], dtype=np.float64)
