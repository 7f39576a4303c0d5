"""Compact JSON views of engine results: what the LLM reads and the grounding guard checks.

Values are rounded the way a reply would show them (whole currency units, whole outcomes,
four significant decimals for ratios) so the model has no reason to do arithmetic, and every
number a narrative prints can be found here.
"""

from __future__ import annotations

from typing import Any

from model_engine.planning import Interval


def money(value: float | None) -> float | None:
    """Whole currency units; cents below 100 (a marginal cost of $0.65 must survive)."""
    if value is None:
        return None
    return round(value, 2) if abs(value) < 100 else round(value)


def count(value: float | None) -> float | None:
    if value is None:
        return None
    return round(value, 1) if abs(value) < 10 else round(value)


def ratio(value: float | None) -> float | None:
    """Fractions and rates (0.1234 = 12.34%)."""
    return None if value is None else round(value, 4)


def interval(value: Interval | None, fmt: Any = count) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"estimate": fmt(value.estimate), "low": fmt(value.low), "high": fmt(value.high)}
