"""Numbers written the way finance and marketing ops people type them.

Every function returns text that says the value *exactly* (a rounded "about 1.2M" for
1,234,000 is never written). One writer keeps one :class:`Hand` for a whole message: the
currency, US or European separators, and a liking for short forms ("1.2mm", "400k") over
long ones ("$1,200,000").
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

Currency = Literal["USD", "EUR", "GBP"]

SYMBOL = {"USD": "$", "EUR": "€", "GBP": "£"}

# Round amounts people say in words (value -> phrasings).
MONEY_IN_WORDS: dict[int, tuple[str, ...]] = {
    50_000: ("fifty thousand", "50 grand"),
    100_000: ("one hundred thousand", "a hundred grand", "100 grand"),
    200_000: ("two hundred thousand", "two hundred grand"),
    250_000: ("a quarter of a million", "quarter of a million", "250 grand"),
    300_000: ("three hundred thousand", "three hundred grand"),
    500_000: ("half a million", "five hundred thousand", "half a mil"),
    750_000: ("three quarters of a million", "750 grand"),
    1_000_000: ("one million", "a million", "a mil"),
    1_500_000: ("a million and a half", "one and a half million"),
    2_000_000: ("two million", "2 million"),
    3_000_000: ("three million",),
}
COUNT_IN_WORDS: dict[int, tuple[str, ...]] = {
    100: ("a hundred", "one hundred"),
    200: ("two hundred",),
    500: ("five hundred",),
    1_000: ("a thousand", "one thousand"),
    1_200: ("twelve hundred",),
    1_500: ("fifteen hundred",),
    2_000: ("two thousand",),
    3_000: ("three thousand",),
}
SHARE_IN_WORDS: dict[float, tuple[str, ...]] = {
    0.5: ("half",),
    0.25: ("a quarter", "one quarter"),
    0.2: ("a fifth", "one fifth"),
    0.1: ("a tenth", "one tenth"),
}


@dataclass(frozen=True)
class Hand:
    """One writer's number habits for one message."""

    currency: Currency
    european: bool  # "1.200.000" and "1,2" instead of "1,200,000" and "1.2"
    short: float  # chance of "400k" / "1.2M" over "$400,000"
    words: float  # chance of "half a million" when the amount has a spoken form

    @classmethod
    def draw(cls, rng: random.Random) -> Hand:
        roll = rng.random()
        if roll < 0.8:
            return cls("USD", False, rng.choice((0.3, 0.7, 0.95)), rng.choice((0.0, 0.15, 0.3)))
        if roll < 0.92:
            return cls("EUR", rng.random() < 0.6, rng.choice((0.4, 0.8)), 0.0)
        return cls("GBP", False, rng.choice((0.5, 0.9)), 0.1)

    # -- digits ------------------------------------------------------------------------
    def grouped(self, value: int) -> str:
        text = f"{value:,}"
        return text.replace(",", ".") if self.european else text

    def decimal(self, value: float) -> str:
        text = f"{value:.6g}"
        return text.replace(".", ",") if self.european else text

    # -- money -------------------------------------------------------------------------
    def money(self, value: float, rng: random.Random, *, symbol: bool = True) -> str:
        amount = round(value)
        if (
            self.words
            and amount in MONEY_IN_WORDS
            and rng.random() < self.words
            and self.currency != "EUR"
        ):
            spoken = rng.choice(MONEY_IN_WORDS[amount])
            if symbol and self.currency == "USD" and rng.random() < 0.3:
                return f"{spoken} dollars"
            if symbol and self.currency == "GBP":
                return f"{spoken} pounds"
            return spoken
        options = self._short(amount, symbol) if rng.random() < self.short else []
        return rng.choice(options or self._long(amount, symbol))

    def _short(self, amount: int, symbol: bool) -> list[str]:
        mark = SYMBOL[self.currency] if symbol else ""
        code = self.currency
        options: list[str] = []
        if amount % 1_000 == 0 and amount < 1_000_000:
            k = self.grouped(amount // 1_000)
            options += [f"{mark}{k}k", f"{mark}{k}K"]
            if symbol:
                options += [f"{k}k {code}", f"{code} {k}k"]
                if self.currency == "EUR":
                    options += [f"{k}k €"]
        if amount % 10_000 == 0 and amount >= 100_000:
            m = self.decimal(amount / 1e6)
            if self.currency == "EUR" and self.european:
                options += [f"{m} Mio €" if symbol else f"{m} Mio", f"{mark}{m}M"]
            else:
                options += [f"{mark}{m}M", f"{mark}{m}m", f"{mark}{m}mm", f"{mark}{m}MM"]
                options += [f"{mark}{m} million", f"{mark}{m} M"]
                if symbol:
                    options += [f"{code} {m}M", f"{m}M {code}", f"{code} {m}mm"]
        return options

    def _long(self, amount: int, symbol: bool) -> list[str]:
        digits = self.grouped(amount)
        if not symbol:
            return [digits]
        mark = SYMBOL[self.currency]
        if self.currency == "EUR" and self.european:
            return [f"{digits} €", f"€{digits}", f"{digits} EUR"]
        return [
            f"{mark}{digits}",
            f"{mark}{digits}",
            f"{mark} {digits}",
            f"{self.currency} {digits}",
        ]

    # -- counts and shares -------------------------------------------------------------
    def count(self, value: float, rng: random.Random) -> str:
        amount = round(value)
        if amount in COUNT_IN_WORDS and rng.random() < self.words:
            return rng.choice(COUNT_IN_WORDS[amount])
        options = [self.grouped(amount), self.grouped(amount)]
        if amount >= 1_000:
            options.append(str(amount))
        if amount >= 1_000 and amount % 100 == 0:
            k = self.decimal(amount / 1_000)
            options += [f"{k}k", f"{k}K"]
        return rng.choice(options)


def share(value: float, rng: random.Random, *, words: bool = True) -> str:
    """ "20%", "20 percent", "20 pct", "a fifth"."""
    for known, spoken in SHARE_IN_WORDS.items():
        if words and abs(value - known) < 1e-9 and rng.random() < 0.4:
            return rng.choice(spoken)
    whole = f"{round(value * 100, 2):g}"
    return rng.choice((f"{whole}%", f"{whole}%", f"{whole} percent", f"{whole} pct"))
