"""One message's facts: channels with figures, the currency, the outcome, and how to write them."""

from __future__ import annotations

import random
from collections.abc import Sequence

from benchmarks.understanding.blind_v4.vocab import (
    SYMBOLS,
    Name,
    amount_choice,
    count_text,
    money_text,
    outcome_for,
    pick_currency,
    pick_names,
    pick_outcome,
    small_money,
)
from benchmarks.understanding.generator import KnownChannel
from benchmarks.understanding.reading import ChannelFigures, Reading

SINGULAR = {
    "MQLs": "MQL",
    "SQLs": "SQL",
    "leads": "lead",
    "opportunities": "opportunity",
    "customers": "customer",
}
_BIG_TYPES = ("traditional", "video")


class Scene:
    def __init__(
        self,
        rng: random.Random,
        count: int,
        types: Sequence[str] = (),
        *,
        currency: str | None = None,
    ) -> None:
        self.rng = rng
        self.currency = currency or pick_currency(rng)
        self.outcome, self.noun = pick_outcome(rng)
        self.names: list[Name] = pick_names(rng, count, types)
        self.spend = {n.text: self._spend(n) for n in self.names}
        self.results = {
            n.text: outcome_for(self.spend[n.text], self.outcome, rng) for n in self.names
        }

    def _spend(self, name: Name) -> int:
        if name.channel_type in _BIG_TYPES and self.rng.random() < 0.6:
            return amount_choice(self.rng, 300_000, 1_500_000, 50_000)
        return amount_choice(self.rng, 50_000, 700_000)

    @property
    def texts(self) -> list[str]:
        return [n.text for n in self.names]

    @property
    def singular(self) -> str:
        return SINGULAR[self.outcome]

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.currency]

    @property
    def total(self) -> int:
        return sum(self.spend.values())

    def m(self, value: float, *, words: bool = True) -> str:
        return money_text(value, self.currency, self.rng, words=words)

    def small(self, value: float) -> str:
        return small_money(value, self.currency, self.rng)

    def c(self, value: float) -> str:
        return count_text(value, self.rng)

    def cac(self, name: str) -> int:
        return round(self.spend[name] / self.results[name])

    def figures(self, untracked: Sequence[str] = ()) -> frozenset[ChannelFigures]:
        return frozenset(
            ChannelFigures.of(
                n.text,
                n.channel_type,
                self.spend[n.text],
                None if n.text in untracked else self.results[n.text],
                None if n.text in untracked else self.outcome,
            )
            for n in self.names
        )

    def known(self) -> tuple[KnownChannel, ...]:
        return tuple(
            KnownChannel(
                n.text, n.channel_type, self.spend[n.text], self.results[n.text], self.outcome
            )
            for n in self.names
        )

    def data_reading(self, period: int = 13, **parts: object) -> Reading:
        """The reading of a message that states these figures (and ``parts``)."""
        return Reading(
            channels=self.figures(),
            period_weeks=period,
            currency=self.currency,
            **parts,  # type: ignore[arg-type]
        )

    def follow_up_reading(self, **parts: object) -> Reading:
        """The reading of a follow-up on the session's channels that states no figures."""
        return Reading(currency=self.currency, **parts)  # type: ignore[arg-type]

    def mention(self, name: str) -> str:
        """A later mention of a channel: as first written, or in lower case."""
        return name if self.rng.random() < 0.6 else name.casefold()

    def figure_lines(self) -> list[str]:
        """The figures in a compact layout, one of several, for messages about something else."""
        rng = self.rng
        layout = rng.randrange(4)
        rows = self.texts
        rng.shuffle(rows)
        noun = self.noun
        if layout == 0:
            return [
                f"{n}: {self.m(self.spend[n])} spent, {self.c(self.results[n])} {noun}"
                for n in rows
            ]
        if layout == 1:
            return [
                f"- {n} {self.m(self.spend[n])} -> {self.c(self.results[n])} {noun}" for n in rows
            ]
        if layout == 2:
            pieces = [
                f"{self.m(self.spend[n])} on {n} ({self.c(self.results[n])} {noun})" for n in rows
            ]
            return ["Last quarter we spent " + ", ".join(pieces[:-1]) + " and " + pieces[-1] + "."]
        pieces = [f"{n} {self.m(self.spend[n])} / {self.c(self.results[n])}" for n in rows]
        return [f"Last quarter, spend / {noun}: " + "; ".join(pieces) + "."]


def figures_message(scene: Scene, *sentences: str) -> list[str]:
    """The figures block as one part, then the other sentences as parts."""
    return ["\n".join(scene.figure_lines()), *sentences]
