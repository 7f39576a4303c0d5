"""Reading the numbers people write: "$400K", "0.4M", "2,400", "2.4k", "€900.000", "£1.2m",
"1.234,56 €", "(1,200)", "15%".

A separator followed by exactly three digits ("2,400", "900.000") is the one truly ambiguous
shape: a thousands separator in one notation, a decimal point in the other. It is resolved by
what the number is, never by guessing:

- money and counts are whole-ish quantities nobody writes with three decimals, so the separator
  is a thousands separator ("€900.000" = 900,000; "2,400 MQLs" = 2,400), unless the rest of the
  text uses that separator as a decimal point, in which case it is reported as ambiguous;
- with a magnitude suffix ("1.500M") or for ratios, only the text's own notation decides;
  without one it is reported as ambiguous.

The text's notation is the evidence of its unambiguous, suffix-less numbers: "1,234.56" or
"12.5" say US, "1.234,56" or "12,5" say European.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

NumberKind = Literal["money", "count", "ratio", "unknown"]
Notation = Literal["us", "european", "unknown", "mixed"]

# Separators that only ever group thousands: Swiss apostrophes and the no-break/thin spaces
# spreadsheets put in "1 200 000".
_THOUSANDS_ONLY = "'’\u00a0\u202f\u2009"

DIGITS = r"(?:\d{1,3}(?:[,.'’\u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|[.,]\d+)"

_SCALE_BY_SUFFIX: dict[str, float] = {
    "k": 1e3,
    "thousand": 1e3,
    "grand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "mio": 1e6,
    "mil": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
SUFFIX = (
    r"(?:\s?(?P<suffix>mm|mn|mln|mio|bn|[kmb])(?![a-z0-9])(?:(?<=mio)\.|(?<=mln)\.)?"
    r"|\s+(?P<word>thousand|grand|million|billion|mil)s?(?![a-z]))"
)

_CURRENCY_BY_MARK: dict[str, str] = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
}
CURRENCY_BEFORE = r"(?P<cur>us\$|\$|€|£|(?:usd|eur|gbp)\s?)"
CURRENCY_AFTER = r"(?P<cur2>\s?[€$£]|\s(?:usd|eur|gbp|dollars?|euros?|pounds?)(?![a-z]))"
PERCENT = r"(?P<pct>\s?%|\s(?:percent|per\s?cent|pct)(?![a-z]))"

CELL_PATTERN = re.compile(
    rf"""\s*(?P<open>\()?\s*(?P<sign>[-−])?\s*{CURRENCY_BEFORE}?\s*(?P<sign2>[-−])?
    (?P<num>{DIGITS}){SUFFIX}?{CURRENCY_AFTER}?{PERCENT}?\s*(?P<close>\))?\s*""",
    re.IGNORECASE | re.VERBOSE,
)

# In a cell (one value per cell) a plain space between digit groups can only group thousands:
# "1 200 000".
_SPACE_GROUPED = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")

MISSING_MARKERS = frozenset(
    {"", "-", "–", "—", "n/a", "na", "nan", "none", "null", "#n/a", "?", "tbd", "unknown"}
)


@dataclass(frozen=True)
class NumberReading:
    """A literal read as a number, or why it cannot be (``value`` is then ``None``)."""

    value: float | None
    problem: str | None = None


def currency_of(mark: str | None) -> str | None:
    """ISO code for a currency mark ("$", "€", "EUR", "pounds"), ``None`` when there is none."""
    if mark is None:
        return None
    return _CURRENCY_BY_MARK.get(mark.strip().casefold())


def scale_of(suffix: str | None) -> float:
    return 1.0 if suffix is None else _SCALE_BY_SUFFIX[suffix.casefold()]


def notation_evidence(digits: str) -> Notation:
    """What one suffix-less literal says about the notation of the text around it."""
    digits = _strip_thousands_only(digits)
    last_comma, last_dot = digits.rfind(","), digits.rfind(".")
    if last_comma >= 0 and last_dot >= 0:
        return "european" if last_comma > last_dot else "us"
    separator = "," if last_comma >= 0 else "." if last_dot >= 0 else ""
    if not separator:
        return "unknown"
    if digits.count(separator) > 1:
        return "us" if separator == "," else "european"
    fraction = digits.rsplit(separator, 1)[1]
    if len(fraction) == 3:
        return "unknown"
    return "us" if separator == "." else "european"


def combine_notation(evidence: Iterable[Notation]) -> Notation:
    seen = {e for e in evidence if e in ("us", "european")}
    if len(seen) > 1:
        return "mixed"
    return seen.pop() if seen else "unknown"


def read_digits(
    digits: str, *, kind: NumberKind, notation: Notation, has_suffix: bool
) -> NumberReading:
    """Read the digits-and-separators part of a literal ("1,234.56", "900.000", ".5")."""
    digits = _strip_thousands_only(digits)
    last_comma, last_dot = digits.rfind(","), digits.rfind(".")
    if last_comma >= 0 and last_dot >= 0:
        decimal = "," if last_comma > last_dot else "."
        grouping = "." if decimal == "," else ","
        if digits.count(decimal) > 1:
            return NumberReading(None, f"{digits!r} has more than one decimal separator")
        whole, fraction = digits.split(decimal)
        return NumberReading(float(whole.replace(grouping, "") + "." + fraction))
    separator = "," if last_comma >= 0 else "." if last_dot >= 0 else ""
    if not separator:
        return NumberReading(float(digits))
    if digits.count(separator) > 1:
        return NumberReading(float(digits.replace(separator, "")))
    whole, fraction = digits.split(separator)
    if len(fraction) != 3 or whole in ("", "0"):
        return NumberReading(float((whole or "0") + "." + fraction))
    return _read_three_digit_group(whole, fraction, separator, kind, notation, has_suffix)


def _read_three_digit_group(
    whole: str,
    fraction: str,
    separator: str,
    kind: NumberKind,
    notation: Notation,
    has_suffix: bool,
) -> NumberReading:
    as_thousands = NumberReading(float(whole + fraction))
    as_decimal = NumberReading(float(whole + "." + fraction))
    says_decimal = (notation, separator) in {("us", "."), ("european", ",")}
    says_thousands = (notation, separator) in {("us", ","), ("european", ".")}
    literal = f"{whole}{separator}{fraction}"
    ambiguous = NumberReading(
        None,
        f"{literal!r} could be {float(whole + fraction):,.0f} or {float(whole + '.' + fraction):g}",
    )
    if has_suffix or kind == "ratio":
        if says_thousands:
            return as_thousands
        if says_decimal or (kind == "ratio" and separator == "." and notation != "mixed"):
            return as_decimal
        return ambiguous
    if kind in ("money", "count"):
        return ambiguous if says_decimal else as_thousands
    if says_thousands or (separator == "," and notation == "unknown"):
        return as_thousands
    return as_decimal if says_decimal else ambiguous


@dataclass(frozen=True)
class CellValue:
    """One table or spreadsheet cell read as a number."""

    value: float | None
    missing: bool = False
    problem: str | None = None
    currency: str | None = None
    percent: bool = False


def read_cell(text: str, *, kind: NumberKind, notation: Notation = "unknown") -> CellValue:
    """Read a cell such as "$400K", "1.234,56 €", "(1,200)" or "12%"; percentages come back
    as fractions (12% -> 0.12). Blank cells and markers like "n/a" are ``missing``."""
    if text.strip().casefold() in MISSING_MARKERS:
        return CellValue(None, missing=True)
    match = CELL_PATTERN.fullmatch(text) or CELL_PATTERN.fullmatch(_SPACE_GROUPED.sub("", text))
    if match is None and (spelled := spelled_cell(text)) is not None:
        return spelled
    if match is None or bool(match["open"]) != bool(match["close"]):
        return CellValue(None, problem=f"{text.strip()!r} is not a number")
    suffix = match["suffix"] or match["word"]
    reading = read_digits(match["num"], kind=kind, notation=notation, has_suffix=suffix is not None)
    if reading.value is None:
        return CellValue(None, problem=reading.problem)
    negative = bool(match["open"] or match["sign"] or match["sign2"])
    value = reading.value * scale_of(suffix) * (-1 if negative else 1)
    percent = match["pct"] is not None
    return CellValue(
        value / 100 if percent else value,
        currency=currency_of(match["cur"] or match["cur2"]),
        percent=percent,
    )


def spelled_cell(text: str) -> CellValue | None:
    """A cell that is one amount in words ("three hundred thousand", "half a million")."""
    from model_engine.intake.text.spelled import currency_of_word, spelled_amounts

    found = spelled_amounts(text, shares_listed=False)
    if len(found) != 1 or found[0].percent:
        return None
    only = found[0]
    if text[: only.start].strip(" $€£") or text[only.end :].strip():
        return None
    marks = [m for m in ("$", "€", "£") if m in text[: only.start]]
    currency = currency_of(marks[0]) if marks else currency_of_word(only.currency_word)
    return CellValue(only.value, currency=currency)


def _strip_thousands_only(digits: str) -> str:
    for mark in _THOUSANDS_ONLY:
        digits = digits.replace(mark, "")
    return digits
