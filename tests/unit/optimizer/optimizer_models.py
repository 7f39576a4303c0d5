"""Response models built directly from curves, for the optimizer tests."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from model_engine.channels import ChannelType
from model_engine.optimizer.geo import GeoPlanModel
from model_engine.planning import ChannelCurve, Evidence, Interaction, ResponseModel
from model_engine.response import ResponseCurve
from model_engine.saturation import ExponentialSaturation, HillSaturation, PowerSaturation

SEED_ROWS = (
    # name, type, spend last quarter, MQLs last quarter (the seed article's CMO)
    ("Paid search", ChannelType.SEARCH, 400_000.0, 2_400.0),
    ("Paid social", ChannelType.SOCIAL, 500_000.0, 1_800.0),
    ("Content", ChannelType.CONTENT, 300_000.0, 1_200.0),
    ("Events", ChannelType.EVENTS, 400_000.0, 600.0),
    ("Email", ChannelType.EMAIL, 200_000.0, 1_500.0),
    ("Traditional", ChannelType.TRADITIONAL, 200_000.0, 300.0),
)
BRAND = ("Content", "Events", "Traditional")


def hill(scale: float, half: float, shape: float = 1.0) -> ResponseCurve:
    return ResponseCurve(HillSaturation(half, shape), scale)


def exponential(scale: float, lam: float) -> ResponseCurve:
    return ResponseCurve(ExponentialSaturation(lam), scale)


def power(scale: float, exponent: float) -> ResponseCurve:
    return ResponseCurve(PowerSaturation(exponent), scale)


def channel(
    name: str,
    curve: ResponseCurve,
    current: float = 100_000.0,
    draws: ResponseCurve | None = None,
    evidence: Evidence = "snapshot",
    channel_type: ChannelType = ChannelType.OTHER,
) -> ChannelCurve:
    return ChannelCurve(name, channel_type, current, curve, draws=draws, evidence=evidence)


def model_of(
    channels: Sequence[ChannelCurve], interactions: Sequence[Interaction] = ()
) -> ResponseModel:
    return ResponseModel(tuple(channels), outcome_name="MQLs", interactions=tuple(interactions))


def seed_model(shape: float = 0.9, draws: int = 0, seed: int = 0) -> ResponseModel:
    """The seed CMO's six channels: Hill curves through last quarter's results (half the
    asymptote reached at current spend), optionally with lognormal draws."""
    rng = np.random.default_rng(seed)
    channels = []
    for name, kind, spend, mqls in SEED_ROWS:
        curve = hill(2.0 * mqls, spend, shape)
        spread = None
        if draws:
            spread = ResponseCurve(
                HillSaturation(spend * rng.lognormal(0.0, 0.3, draws), np.full(draws, shape)),
                2.0 * mqls * rng.lognormal(0.0, 0.2, draws),
            )
        channels.append(channel(name, curve, spend, spread, channel_type=kind))
    return model_of(channels)


def random_curves(rng: np.random.Generator, count: int, s_shaped: bool) -> list[ResponseCurve]:
    """Random Hill curves: concave shapes in [0.5, 1], S-shaped in [1.5, 3.5]."""
    low, high = (1.5, 3.5) if s_shaped else (0.5, 1.0)
    return [
        hill(rng.uniform(1e3, 5e3), rng.uniform(1e5, 6e5), rng.uniform(low, high))
        for _ in range(count)
    ]


def grid_optimum(curves: Sequence[ResponseCurve], budget: float, points: int = 1201) -> float:
    """Brute force over a grid for three channels spending exactly ``budget``."""
    assert len(curves) == 3
    grid = np.linspace(0.0, budget, points)
    first, second = np.meshgrid(grid, grid, indexing="ij")
    third = budget - first - second
    valid = third >= 0
    total = (
        curves[0].outcome(first[valid])
        + curves[1].outcome(second[valid])
        + curves[2].outcome(third[valid])
    )
    return float(total.max())


def assert_no_pairwise_gain(
    model: ResponseModel, spend: np.ndarray, best: float, *, step: float, rel: float
) -> None:
    """First-order KKT check: moving ``step`` of budget between any two channels cannot raise
    the outcome above ``best`` by more than ``rel`` of it."""
    for i in range(len(spend)):
        for j in range(len(spend)):
            if i != j:
                moved = spend.copy()
                moved[i] += step
                moved[j] -= step
                outcome = sum(
                    c.curve.outcome(x) for c, x in zip(model.channels, moved, strict=True)
                )
                assert outcome <= best * (1 + rel)


# Two markets, two channels, as (scale, half-saturation, current spend) of a Hill curve:
# "north" answers better to search, "south" to tv.
TWO_MARKET_CURVES = {
    ("north", "tv"): (4_000.0, 60_000.0, 50_000.0),
    ("north", "search"): (6_000.0, 40_000.0, 80_000.0),
    ("south", "tv"): (7_000.0, 50_000.0, 40_000.0),
    ("south", "search"): (2_500.0, 45_000.0, 30_000.0),
}


def two_market_plan_model() -> GeoPlanModel:
    geos = []
    for geo in ("north", "south"):
        lines = [
            channel(name, hill(scale, half), current=current)
            for (g, name), (scale, half, current) in TWO_MARKET_CURVES.items()
            if g == geo
        ]
        geos.append((geo, model_of(lines)))
    return GeoPlanModel.from_geo_models(geos)
