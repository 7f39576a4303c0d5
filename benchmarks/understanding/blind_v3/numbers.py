"""Numbers the way people type them in the third blind set.

Every function returns text that says the value *exactly*. One :class:`Hand` holds one
writer's habits for a whole message: the currency, how digits are grouped (``400,000``,
``400 000``, or ``400.000`` with a decimal comma), and a liking for short forms (``400k``,
``$0.4M``, ``1.2mn``, ``1.2 million``) and for words ("a quarter of a million").
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

Currency = Literal["USD", "EUR", "GBP"]
Grouping = Literal["comma", "space", "dot"]

SYMBOL = {"USD": "$", "EUR": "€", "GBP": "£"}
MARKERS = ("$", "€", "£", "USD", "EUR", "GBP", "dollars", "euros", "pounds", "quid")

MONEY_IN_WORDS: dict[int, tuple[str, ...]] = {
    100_000: ("a hundred thousand", "one hundred thousand"),
    150_000: ("a hundred and fifty thousand",),
    200_000: ("two hundred thousand",),
    250_000: ("a quarter of a million", "two hundred and fifty thousand"),
    400_000: ("four hundred thousand",),
    500_000: ("half a million", "half a million"),
    600_000: ("six hundred thousand",),
    750_000: ("three quarters of a million", "seven hundred and fifty thousand"),
    1_000_000: ("a million", "one million"),
    1_200_000: ("one point two million",),
    1_500_000: ("one and a half million", "1.5 million"),
    2_000_000: ("two million",),
    2_500_000: ("two and a half million",),
}
COUNT_IN_WORDS: dict[int, tuple[str, ...]] = {
    100: ("a hundred",),
    300: ("three hundred",),
    1_000: ("a thousand",),
    1_100: ("eleven hundred",),
    1_200: ("twelve hundred",),
    1_500: ("fifteen hundred",),
    2_500: ("twenty-five hundred",),
}
SHARE_IN_WORDS: dict[float, tuple[str, ...]] = {
    0.5: ("half", "one half"),
    0.25: ("a quarter", "one-quarter"),
    0.2: ("a fifth", "one-fifth"),
    0.1: ("a tenth", "one-tenth"),
    1 / 3: ("a third", "one-third"),
    0.4: ("two-fifths",),
}


@dataclass(frozen=True)
class Hand:
    """One writer's number habits for one message."""

    currency: Currency
    grouping: Grouping
    short: float  # chance of a short form over grouped digits
    words: float  # chance of words when the amount has a spoken form

    @classmethod
    def draw(cls, rng: random.Random) -> Hand:
        roll = rng.random()
        if roll < 0.7:
            return cls("USD", "comma", rng.choice((0.4, 0.75, 0.95)), rng.choice((0.0, 0.2, 0.4)))
        if roll < 0.88:
            return cls("EUR", rng.choice(("space", "dot", "comma")), rng.choice((0.3, 0.7)), 0.0)
        return cls("GBP", rng.choice(("comma", "space")), rng.choice((0.5, 0.9)), 0.2)

    def grouped(self, value: int) -> str:
        text = f"{value:,}"
        return text.replace(",", {"comma": ",", "space": " ", "dot": "."}[self.grouping])

    def decimal(self, value: float) -> str:
        text = f"{value:.6g}"
        return text.replace(".", ",") if self.grouping == "dot" else text

    def money(self, value: float, rng: random.Random, *, symbol: bool = True) -> str:
        amount = round(value)
        if amount in MONEY_IN_WORDS and self.currency != "EUR" and rng.random() < self.words:
            spoken = rng.choice(MONEY_IN_WORDS[amount])
            if symbol:
                unit = {"USD": "dollars", "GBP": rng.choice(("pounds", "quid"))}[self.currency]
                return f"{spoken} {unit}"
            return spoken
        options = self._short(amount, symbol) if rng.random() < self.short else []
        return rng.choice(options or self._long(amount, symbol))

    def _short(self, amount: int, symbol: bool) -> list[str]:
        mark = SYMBOL[self.currency] if symbol else ""
        code = self.currency
        options: list[str] = []
        if amount % 1_000 == 0 and amount < 1_000_000:
            k = str(amount // 1_000)
            options += [f"{mark}{k}k", f"{mark}{k}K"]
            if symbol and self.currency == "EUR":
                options += [f"{k}k€", f"{k}k EUR"]
            if symbol and self.currency == "USD":
                options += [f"{k}k USD"]
        if amount % 10_000 == 0 and amount >= 100_000:
            m = self.decimal(amount / 1e6)
            options += [f"{mark}{m}M", f"{mark}{m}mn", f"{mark}{m}m", f"{mark}{m} million"]
            if symbol:
                options += [f"{m}M {code}", f"{code} {m}mn"]
                if self.currency == "USD":
                    options += [f"{m} million dollars"]
                if self.currency == "EUR" and self.grouping == "dot":
                    options += [f"{m} Mio. €"]
        return options

    def _long(self, amount: int, symbol: bool) -> list[str]:
        digits = self.grouped(amount)
        if not symbol:
            return [digits]
        mark = SYMBOL[self.currency]
        if self.currency == "EUR":
            return [f"{digits} €", f"€{digits}", f"{digits} EUR", f"EUR {digits}"]
        return [f"{mark}{digits}", f"{mark}{digits}", f"{digits} {self.currency}"]

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
    """ "20%", "20 per cent", "20pct", "a fifth"."""
    for known, spoken in SHARE_IN_WORDS.items():
        if abs(value - known) < 1e-9 and ((words and rng.random() < 0.5) or known == 1 / 3):
            return rng.choice(spoken)
    whole = f"{round(value * 100, 2):g}"
    return rng.choice((f"{whole}%", f"{whole}%", f"{whole} per cent", f"{whole}pct"))
