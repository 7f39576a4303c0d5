"""What one blind message is about (:class:`Facts`: channels with their true figures, the
outcome, the periods, the writer's number habits), what a piece of text states
(:class:`Piece`, in reading form), and the registry of shapes.

A shape draws or reuses facts, writes them in one construction and states the facts it wrote;
no expected reading is ever computed from the text.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from benchmarks.understanding.blind_v3.numbers import MARKERS, Hand, share
from benchmarks.understanding.blind_v3.words import FUTURE, OUTCOMES, PAST, Outcome, draw_names
from benchmarks.understanding.reading import (
    BudgetChangeReading,
    ChannelFigures,
    CurveKnowledge,
    ObjectiveReading,
    Rule,
)

Family = Literal["data", "budget", "change", "rule", "objective", "curve", "message"]


@dataclass
class Line:
    name: str
    channel_type: str
    spend: float
    result: float


@dataclass
class Facts:
    rng: random.Random
    hand: Hand
    outcome: Outcome
    lines: list[Line]
    past: tuple[str | None, str | None, int]
    future: tuple[str | None, int | None]
    followup: bool = False
    marked: int = 0  # amounts written with a currency mark so far
    ruled: set[str] = field(default_factory=set)  # channels a rule already names

    @classmethod
    def draw(cls, rng: random.Random) -> Facts:
        hand = Hand.draw(rng)
        outcome = rng.choice(OUTCOMES[:8]) if rng.random() < 0.85 else rng.choice(OUTCOMES[8:])
        names = draw_names(rng, rng.choice((1, 2, 3, 3, 4, 4, 5, 6, 7)))
        lines = [Line(n, t, 0.0, 0.0) for n, t in names]
        facts = cls(rng, hand, outcome, lines, rng.choice(PAST), rng.choice(FUTURE))
        for line in lines:
            facts.set_spend(line, rng.randrange(3, 160) * 10_000)
        return facts

    def set_spend(self, line: Line, spend: float) -> None:
        """Give ``line`` its spend and a plausible result for it."""
        line.spend = spend
        if self.outcome.money:
            line.result = spend * self.rng.choice((1.5, 2, 3, 3.5, 4, 6))
            return
        cost = self.rng.choice((40, 75, 100, 150, 250, 400, 800))
        if self.outcome.name in ("customers", "opportunities"):
            cost *= 10
        line.result = max(10, round(spend / cost / 10) * 10)

    @property
    def past_phrase(self) -> str | None:
        return self.past[0]

    @property
    def past_noun(self) -> str | None:
        return self.past[1]

    @property
    def past_weeks(self) -> int:
        return self.past[2]

    @property
    def total(self) -> float:
        return sum(line.spend for line in self.lines)

    def figures(self) -> frozenset[ChannelFigures]:
        return frozenset(
            ChannelFigures.of(c.name, c.channel_type, c.spend, c.result, self.outcome.name)
            for c in self.lines
        )

    def free(self, k: int = 1) -> list[Line]:
        """``k`` channels no rule names yet (fewer when the message has run out)."""
        open_lines = [c for c in self.lines if c.name not in self.ruled]
        chosen = self.rng.sample(open_lines, min(k, len(open_lines)))
        self.ruled.update(c.name for c in chosen)
        return chosen

    def open_count(self) -> int:
        return len([c for c in self.lines if c.name not in self.ruled])

    def round_near(self, value: float, step: float = 50_000) -> float:
        factor = self.rng.choice((0.5, 0.6, 0.8, 1.0, 1.25, 1.5))
        return max(step, round(value * factor / step) * step)

    # -- writing -----------------------------------------------------------------------
    def money(self, value: float, *, mark: bool | None = None) -> str:
        """An amount as this writer types it; the first amount always carries the currency,
        so the message states it."""
        if mark is None:
            mark = self.marked == 0 or self.rng.random() < 0.6
        text = self.hand.money(value, self.rng, symbol=mark)
        self.marked += any(m in text for m in MARKERS)
        return text

    def count(self, value: float) -> str:
        return self.hand.count(value, self.rng)

    def share(self, value: float, *, words: bool = True) -> str:
        return share(value, self.rng, words=words)

    def noun(self) -> str:
        return self.rng.choice(self.outcome.plural)

    def result(self, line: Line) -> str:
        """ "2,400 MQLs", "$1.2M in pipeline"."""
        noun = self.noun()
        if self.outcome.money:
            amount = self.money(line.result)
            return f"{amount} {noun}" if noun.startswith("in ") else f"{amount} of {noun}"
        return f"{self.count(line.result)} {noun}"

    def bare_result(self, line: Line) -> str:
        """The result without its noun (for a column or a slot whose heading names it)."""
        if self.outcome.money:
            return self.money(line.result)
        return self.count(line.result)

    def name(self, line: Line, *, start: bool = False) -> str:
        """The channel's name, now and then in lower case (never when it has inner capitals)."""
        text = line.name
        if start:
            return text[0].upper() + text[1:]
        if self.rng.random() < 0.2 and text[1:] == text[1:].lower():
            return text.casefold()
        return text

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)


@dataclass
class Piece:
    """Text a shape wrote and what it states; ``block`` pieces (tables, lists) are set apart
    by a line break."""

    text: str
    block: bool = False
    channels: bool = False
    period: int | None = None
    budget: float | None = None
    budget_weeks: int | None = None
    rules: list[Rule] = field(default_factory=list)
    objective: ObjectiveReading | None = None
    curve: list[CurveKnowledge] = field(default_factory=list)
    changes: list[BudgetChangeReading] = field(default_factory=list)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def listing(items: list[str], rng: random.Random) -> str:
    """ "a, b and c", "a, b, and c" or "a, b & c"."""
    if len(items) == 1:
        return items[0]
    last = rng.choice((" and ", " & ") if len(items) == 2 else (" and ", ", and ", " & "))
    return ", ".join(items[:-1]) + last + items[-1]


Writer = Callable[[Facts], Piece]


def anything(facts: Facts) -> bool:
    del facts
    return True


@dataclass(frozen=True)
class BlindShape:
    key: str
    family: Family
    title: str
    write: Writer
    fits: Callable[[Facts], bool] = anything


def shape(
    registry: list[BlindShape],
    key: str,
    family: Family,
    title: str,
    fits: Callable[[Facts], bool] = anything,
) -> Callable[[Writer], Writer]:
    def register(write: Writer) -> Writer:
        registry.append(BlindShape(key, family, title, write, fits))
        return write

    return register
