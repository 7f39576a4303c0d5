"""How an amount of money reads, in one place: "$496,373", "€900,000", "$0.43".

Engine summaries, intake messages and chat replies all format money here, so a figure reads
the same wherever it appears.
"""

from __future__ import annotations

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def currency_symbol(currency: str) -> str:
    """``$``, ``€`` or ``£``; other codes as a prefix (``"CHF "``)."""
    return CURRENCY_SYMBOLS.get(currency.upper(), currency.upper() + " ")


def format_money(value: float, currency: str = "USD", *, cents_below: float = 100.0) -> str:
    """Whole units with thousands separators; cents for fractional amounts under
    ``cents_below`` (a marginal cost of $0.65 must not read as $1; intake passes 10,000 so a
    stated CAC of $166.67 reads as written)."""
    magnitude = abs(value)
    fractional = round(magnitude, 2) != round(magnitude)
    decimals = 2 if fractional and 0 < magnitude < cents_below else 0
    sign = "-" if value < 0 and round(magnitude, decimals) > 0 else ""
    return f"{sign}{currency_symbol(currency)}{magnitude:,.{decimals}f}"
