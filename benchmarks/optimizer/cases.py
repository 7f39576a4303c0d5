"""Randomised planning problems with known structure: Hill curves, floors, caps, a group floor;
optionally flighted channels or curve draws."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from model_engine.adstock import GeometricAdstock, WeibullAdstock
from model_engine.channels import ChannelType
from model_engine.constraints import Amount, ChannelBound, Constraint, GroupBound, PlanRequest
from model_engine.planning import ChannelCurve, ResponseModel
from model_engine.response import FlightingPattern, ResponseCurve
from model_engine.saturation import HillSaturation

CONCAVE_SHAPES = (0.5, 1.0)
S_SHAPES = (1.5, 3.5)


@dataclass(frozen=True)
class Case:
    """One problem: the model, the request, and the limits as arrays for the baselines."""

    model: ResponseModel
    request: PlanRequest
    lower: np.ndarray
    upper: np.ndarray
    group: np.ndarray  # positions in the group floor
    group_floor: float


def make_case(rng: np.random.Generator, channels: int, s_shaped_share: float) -> Case:
    """``channels`` Hill curves through their current spend; a share of them S-shaped.

    Floors on 30% of channels (0.2-0.8x current), caps on 40% (1.2-2.5x current), and a floor of
    25% of the budget on the first quarter of the channels (at least two).
    """
    current = rng.uniform(5e4, 5e5, channels)
    s_shaped = rng.random(channels) < s_shaped_share
    shapes = np.where(
        s_shaped, rng.uniform(*S_SHAPES, channels), rng.uniform(*CONCAVE_SHAPES, channels)
    )
    halves = current * rng.uniform(0.5, 2.0, channels)
    scales = current / rng.uniform(100.0, 600.0, channels) * 2.0
    curves = tuple(
        ChannelCurve(
            name=f"ch{k:04d}",
            channel_type=ChannelType.OTHER,
            current_spend=float(current[k]),
            curve=ResponseCurve(
                HillSaturation(float(halves[k]), float(shapes[k])), float(scales[k])
            ),
        )
        for k in range(channels)
    )
    budget = float(current.sum())
    lower = np.where(rng.random(channels) < 0.3, current * rng.uniform(0.2, 0.8, channels), 0.0)
    upper = np.where(rng.random(channels) < 0.4, current * rng.uniform(1.2, 2.5, channels), budget)
    group = np.arange(max(2, channels // 4))
    group_floor = 0.25 * budget
    constraints: list[Constraint] = []
    for k in range(channels):
        minimum = Amount(float(lower[k])) if lower[k] > 0 else None
        maximum = Amount(float(upper[k])) if upper[k] < budget else None
        if minimum or maximum:
            constraints.append(ChannelBound(curves[k].name, minimum=minimum, maximum=maximum))
    constraints.append(
        GroupBound("group", tuple(curves[k].name for k in group), minimum=Amount(group_floor))
    )
    return Case(
        model=ResponseModel(channels=curves),
        request=PlanRequest(budget=budget, constraints=tuple(constraints)),
        lower=lower,
        upper=upper,
        group=group,
        group_floor=group_floor,
    )


FLIGHTS: dict[str, tuple[float, ...]] = {
    "4-week burst": (1.0,) * 4 + (0.0,) * 9,
    "2 on, 2 off": (1.0, 1.0, 0.0, 0.0) * 3 + (1.0,),
    "front-loaded": tuple(float(w) for w in np.linspace(2.0, 0.2, 13)),
    "single week": (1.0,) + (0.0,) * 12,
}


@dataclass(frozen=True)
class FlightMix:
    """How :func:`flighted` draws a channel's flight: a pattern among ``flights`` through a
    geometric carryover with a ``decay`` in the given range or, with probability
    ``delayed_share``, a delayed Weibull peak."""

    flights: tuple[str, ...] = tuple(FLIGHTS)
    decay: tuple[float, float] = (0.1, 0.7)
    delayed_share: float = 0.5


def flighted(
    case: Case, rng: np.random.Generator, share: float = 0.7, mix: FlightMix = FlightMix()
) -> Case:
    """``case`` with a ``share`` of its channels flighted over 13 weeks as ``mix`` says."""
    channels = []
    for curve in case.model.channels:
        if rng.random() < share:
            pattern = FlightingPattern.from_weights(FLIGHTS[rng.choice(list(mix.flights))], 13)
            adstock = (
                WeibullAdstock(rng.uniform(1.0, 3.0), rng.uniform(1.0, 4.0))
                if rng.random() < mix.delayed_share
                else GeometricAdstock(rng.uniform(*mix.decay))
            )
            kernel = adstock.weights()
            levels = pattern.relative_levels(kernel, float(kernel.sum()))
            curve = replace(curve, curve=curve.curve.flighted(levels))
        channels.append(curve)
    return replace(case, model=replace(case.model, channels=tuple(channels)))


def with_draws(case: Case, rng: np.random.Generator, draws: int = 200) -> Case:
    """``case`` with lognormal curve draws: half-saturation spread 0.2, scale spread 0.1-0.9 by
    channel, so some channels are far less certain (and more right-skewed) than others."""
    channels = []
    for curve in case.model.channels:
        saturation = curve.curve.saturation
        assert isinstance(saturation, HillSaturation)
        spread = rng.uniform(0.1, 0.9)
        sampled = ResponseCurve(
            HillSaturation(
                float(saturation.half_saturation) * rng.lognormal(0.0, 0.2, draws),
                np.full(draws, float(saturation.shape)),
            ),
            float(curve.curve.scale) * rng.lognormal(0.0, spread, draws),
        )
        channels.append(replace(curve, draws=sampled))
    return replace(case, model=replace(case.model, channels=tuple(channels)))
