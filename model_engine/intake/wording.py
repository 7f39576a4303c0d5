"""Small phrasing helpers shared by intake messages, so every message names things the same
way ("rows 12, 14 and 3 more", "$400,000", "'n/a'")."""

from __future__ import annotations

from collections.abc import Sequence

from model_engine.money import format_money


def money(value: float, currency: str = "USD") -> str:
    """ "$400,000", "$166.67", "-$50,000": cents only where they matter (under 10,000)."""
    return format_money(value, currency, cents_below=10_000)


def number(value: float) -> str:
    """ "2,400", "0.5", "1,234.56"."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def singular(noun: str) -> str:
    """ "MQLs" -> "MQL", "customers" -> "customer", "pipeline" -> "pipeline"."""
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def quote(value: object, limit: int = 40) -> str:
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def rows_phrase(rows: Sequence[int], shown: int = 5) -> str:
    """ "row 12", "rows 12, 14, 15", "rows 12, 14, 15, 16, 17 and 3 more"."""
    listed = ", ".join(str(r) for r in rows[:shown])
    more = f" and {len(rows) - shown} more" if len(rows) > shown else ""
    return f"row{'s' if len(rows) > 1 else ''} {listed}{more}"


def listing(items: Sequence[str], shown: int = 8) -> str:
    listed = ", ".join(items[:shown])
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return listed + more


def is_filled(value: object) -> bool:
    """False for ``None``, NaN and blank text."""
    if value is None:
        return False
    if isinstance(value, float) and value != value:
        return False
    return not (isinstance(value, str) and not value.strip())
