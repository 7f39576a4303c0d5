"""Every number written in a text, with the rounding its display implies: the grammar intake
reads amounts with (:func:`~model_engine.intake.text.amounts.find_amounts`), exposed for the
grounding guard, so a reply's "$1.2M", "8,088", "24%" or "€900.000" is read exactly as the
CMO's own message would be.
"""

from __future__ import annotations

from dataclasses import dataclass

from model_engine.intake.numbers import combine_notation, read_digits
from model_engine.intake.text.amounts import AmountToken, find_amounts


@dataclass(frozen=True)
class NumberMention:
    """A number as written: its value (a percent as written, 12 for "12%"), one unit of its
    last shown digit, and whether it is a plain integer (no currency, suffix, percent or
    decimals)."""

    text: str
    value: float
    resolution: float
    is_percent: bool
    is_plain_integer: bool


def find_number_mentions(text: str) -> tuple[NumberMention, ...]:
    """The numbers in ``text``, in order (dates, times and years-in-dates are not numbers)."""
    tokens = find_amounts(text)
    notation = combine_notation(t.notation_evidence() for t in tokens)
    notation = "us" if notation in ("unknown", "mixed") else notation
    mentions = []
    for token in tokens:
        reading = read_digits(
            token.digits, kind="unknown", notation=notation, has_suffix=token.has_suffix
        )
        if reading.value is None:
            continue
        decimals = _decimals(token, notation)
        plain = token.is_plain and not token.has_suffix and decimals == 0
        mentions.append(
            NumberMention(
                text=token.text,
                value=abs(reading.value * token.scale),
                resolution=10.0**-decimals * token.scale,
                is_percent=token.percent,
                is_plain_integer=plain,
            )
        )
    return tuple(mentions)


def _decimals(token: AmountToken, notation: str) -> int:
    """Digits after the decimal separator as the text's notation reads it."""
    digits = token.digits
    decimal = "," if notation == "european" else "."
    if decimal not in digits:
        return 0
    fraction = digits.rsplit(decimal, 1)[1]
    grouping = "." if decimal == "," else ","
    if grouping in fraction:
        return 0
    if len(fraction) == 3 and not token.has_suffix and digits.count(decimal) == 1:
        whole = digits.rsplit(decimal, 1)[0]
        if whole not in ("", "0") and grouping not in digits:
            # "900.000" in a US text is a grouped thousand only in European notation.
            return 3
    return len(fraction)
