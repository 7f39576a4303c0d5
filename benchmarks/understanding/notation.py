"""Writing numbers the way people write them: every notation the corpus uses for money,
counts and shares, chosen at random (seeded) among the ones that say the value exactly.

A :class:`Style` is one writer's habits for one message: the currency and its mark, US or
European separators, and whether money is usually abbreviated ("400K") or spelled out
("$400,000"). A European writer writes "€900.000", "1,2 Mio €" and "2.400 MQLs"; a US writer
"$400K", "0.4M", "$1.2mm", "a quarter of a million" and "2.4k MQLs".
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

Currency = Literal["USD", "EUR", "GBP"]
Separators = Literal["us", "european"]

_MARK = {"USD": "$", "EUR": "€", "GBP": "£"}
_CODE = {"USD": "USD", "EUR": "EUR", "GBP": "GBP"}
_WORD = {"USD": "dollars", "EUR": "euros", "GBP": "pounds"}

# Amounts people say in words, exactly.
_MONEY_WORDS: dict[int, tuple[str, ...]] = {
    100_000: ("a hundred thousand", "one hundred thousand", "100 grand"),
    150_000: ("a hundred and fifty thousand", "150 grand"),
    200_000: ("two hundred thousand", "200 grand"),
    250_000: ("a quarter of a million", "a quarter million", "two hundred fifty thousand"),
    300_000: ("three hundred thousand", "300 grand"),
    400_000: ("four hundred thousand",),
    500_000: ("half a million", "a half million", "five hundred thousand"),
    750_000: ("three quarters of a million", "seven hundred fifty thousand"),
    1_000_000: ("a million", "one million"),
    1_500_000: ("one and a half million", "a million and a half", "1.5 million"),
    2_000_000: ("two million",),
    2_500_000: ("two and a half million", "2.5 million"),
    3_000_000: ("three million",),
}
_COUNT_WORDS: dict[int, tuple[str, ...]] = {
    1_000: ("a thousand", "one thousand"),
    1_500: ("fifteen hundred",),
    2_000: ("two thousand",),
    500: ("five hundred",),
}
_SHARE_WORDS: dict[float, tuple[str, ...]] = {
    0.5: ("half",),
    0.25: ("a quarter",),
    0.2: ("a fifth",),
    0.1: ("a tenth",),
    1 / 3: ("a third",),
}


@dataclass(frozen=True)
class Style:
    currency: Currency
    separators: Separators
    abbreviate: float  # probability of "400K" over "$400,000"
    mark_every_amount: bool  # "$" on every amount, or only on the first few
    words: float  # probability of spelling an amount out when it can be

    @classmethod
    def draw(cls, rng: random.Random) -> Style:
        roll = rng.random()
        if roll < 0.78:
            return cls("USD", "us", rng.choice((0.2, 0.6, 0.9)), rng.random() < 0.7, 0.12)
        if roll < 0.94:
            separators: Separators = "european" if rng.random() < 0.7 else "us"
            return cls("EUR", separators, rng.choice((0.3, 0.6)), rng.random() < 0.8, 0.0)
        return cls("GBP", "us", rng.choice((0.4, 0.8)), True, 0.05)


def group(value: int, separators: Separators) -> str:
    """2400 -> "2,400" (US) or "2.400" (European)."""
    text = f"{value:,}"
    return text.replace(",", ".") if separators == "european" else text


def decimal(value: float, separators: Separators) -> str:
    """1.2 -> "1.2" (US) or "1,2" (European); whole numbers without a fraction."""
    text = f"{value:.10g}"
    return text.replace(".", ",") if separators == "european" else text


def money_text(value: float, style: Style, rng: random.Random, *, marked: bool = True) -> str:
    """One way of writing an amount of money that says exactly ``value``."""
    amount = round(value)
    mark = _MARK[style.currency]
    options: list[str] = []
    if style.words and amount in _MONEY_WORDS and rng.random() < style.words:
        word = rng.choice(_MONEY_WORDS[amount])
        spelled_digits = word[0].isdigit() and "grand" not in word
        return f"{mark}{word}" if spelled_digits and marked else word
    abbreviated = rng.random() < style.abbreviate
    if abbreviated:
        options += _abbreviated(amount, style, mark if marked else "")
    if not options:
        options += _spelled(amount, style, mark if marked else "")
    return rng.choice(options)


def _abbreviated(amount: int, style: Style, mark: str) -> list[str]:
    sep = style.separators
    options: list[str] = []
    code = _CODE[style.currency]
    if amount % 1_000 == 0 and amount < 1_000_000:
        thousands = amount // 1_000
        k = group(thousands, sep)
        if style.currency == "EUR" and sep == "european":
            options += [f"{k}k €" if mark else f"{k}k", f"€{k}k" if mark else f"{k}k"]
        else:
            options += [f"{mark}{k}K", f"{mark}{k}k"]
            if mark:
                options += [f"{k}k {code}", f"{code} {k}K"]
    if amount % 10_000 == 0 and amount >= 100_000:
        millions = decimal(amount / 1e6, sep)
        if style.currency == "EUR" and sep == "european":
            options += [f"{millions} Mio €" if mark else f"{millions} Mio"]
            options += [f"€{millions}M" if mark else f"{millions}M", f"{millions} Mio. €"]
        else:
            options += [f"{mark}{millions}M", f"{mark}{millions}m", f"{mark}{millions}mm"]
            options += [f"{mark}{millions}MM", f"{millions}mn", f"{mark}{millions} million"]
            if mark:
                options += [f"{millions}M {code}", f"{mark}{millions}mn"]
    return options


def _spelled(amount: int, style: Style, mark: str) -> list[str]:
    digits = group(amount, style.separators)
    if not mark:
        return [digits]
    code = _CODE[style.currency]
    if style.separators == "european":
        return [f"{digits} €", f"€{digits}", f"{digits} EUR", f"EUR {digits}"]
    return [
        f"{mark}{digits}",
        f"{mark}{digits}",
        f"{digits} {_WORD[style.currency]}",
        f"{code} {digits}",
    ]


def count_text(value: float, style: Style, rng: random.Random) -> str:
    """A count ("2,400", "2400", "2.4k", "fifteen hundred") that says exactly ``value``."""
    amount = round(value)
    sep = style.separators
    options = [group(amount, sep), group(amount, sep)]
    if amount >= 1000:
        options.append(str(amount))
    if amount >= 1000 and amount % 100 == 0:
        short = decimal(amount / 1000, sep)
        options += [f"{short}k", f"{short}K"]
    if amount in _COUNT_WORDS and style.words and rng.random() < 0.3:
        return rng.choice(_COUNT_WORDS[amount])
    return rng.choice(options)


def share_text(value: float, rng: random.Random, *, words: bool = True) -> str:
    """A share of a total: "30%", "30 percent", "a fifth"."""
    for known, spelled in _SHARE_WORDS.items():
        if words and abs(value - known) < 1e-9 and rng.random() < 0.5:
            return rng.choice(spelled)
    percent = round(value * 100, 2)
    whole = f"{percent:g}"
    return rng.choice((f"{whole}%", f"{whole}%", f"{whole} percent", f"{whole} %"))
