"""Randomised planning problems with known structure: Hill curves, floors, caps, a group floor."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model_engine.channels import ChannelType
from model_engine.constraints import Amount, ChannelBound, Constraint, GroupBound, PlanRequest
from model_engine.planning import ChannelCurve, ResponseModel
from model_engine.response import ResponseCurve
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
