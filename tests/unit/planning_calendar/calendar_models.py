"""Helpers shared by the calendar tests."""

from __future__ import annotations

from dataclasses import replace

from model_engine.mmm import HistoryFit
from model_engine.saturation import HillSaturation


def with_shapes(fit: HistoryFit, shape: float) -> HistoryFit:
    """The same fit with every Hill shape set to ``shape`` (concave at <= 1, S-shaped above)."""
    channels = tuple(
        replace(c, saturation=HillSaturation(float(c.saturation.half_saturation), shape))
        for c in fit.channels
    )
    return replace(fit, channels=channels)
