"""How numbers read in replies: "$496,373", "8,088", "+24%", "62%".

Formatting only rounds what a tool returned; it never derives a new number. The grounding
guard accepts these renderings because each rounds a value that is in a tool result.
"""

from __future__ import annotations

from model_engine.money import format_money


def money(value: float | None, currency: str = "USD") -> str:
    """Whole units, with cents below 100 (a $0.65 marginal cost must not read as $1)."""
    return "–" if value is None else format_money(value, currency)


def signed_money(value: float | None, currency: str = "USD") -> str:
    if value is None:
        return "–"
    return ("+" if value >= 0 else "") + money(value, currency)


def count(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.1f}" if 0 < abs(value) < 10 else f"{value:,.0f}"


def percent(fraction: float | None) -> str:
    """0.62 -> "62%"."""
    if fraction is None:
        return "–"
    return f"{fraction:.0%}"


def signed_percent(fraction: float | None) -> str:
    """0.237 -> "+24%", -0.5 -> "−50%"; one decimal under 1% so small gains still show."""
    if fraction is None:
        return "new"
    digits = 1 if abs(fraction) < 0.01 else 0
    text = f"{abs(fraction):.{digits}%}"
    return ("+" if fraction >= 0 else "−") + text


def count_range(low: float | None, high: float | None) -> str:
    return f"{count(low)}–{count(high)}"
