"""What one generated message is about (a :class:`Scene`: the channels and their true figures,
the outcome, the period, the writer's number style) and the pieces a shape writes about it
(a :class:`Part`: text plus what that text says, in reading form).

Shapes never compute their expected reading from their own text: they draw the facts first
(the scene), write them in some construction, and state the facts they wrote.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Literal

from benchmarks.understanding.notation import Style, count_text, money_text, share_text
from benchmarks.understanding.reading import (
    ChannelFigures,
    CurveKnowledge,
    ObjectiveReading,
    Rule,
    WhatIf,
)
from benchmarks.understanding.vocabulary import (
    FUTURE_PERIODS,
    OUTCOMES,
    PAST_PERIODS,
    SINGULAR,
    OutcomeWord,
    draw_channels,
)

Family = Literal["data", "budget", "change", "rule", "objective", "curve", "message"]


@dataclass(frozen=True)
class Channel:
    name: str
    channel_type: str
    spend: float
    outcome: float


@dataclass
class Scene:
    """The facts of one message and the writer's habits."""

    rng: random.Random
    style: Style
    outcome: OutcomeWord
    channels: list[Channel]
    past: tuple[str | None, int]
    future: tuple[str | None, str | None, int | None]
    followup: bool = False  # the channels are the session's, not written in the message
    marks_written: int = 0

    @classmethod
    def draw(cls, rng: random.Random, *, count: int | None = None) -> Scene:
        style = Style.draw(rng)
        outcome = rng.choice(OUTCOMES[:8]) if rng.random() < 0.85 else rng.choice(OUTCOMES[8:])
        names = draw_channels(rng, count or rng.randint(2, 6))
        channels = [_figures(rng, name, kind, outcome) for name, kind in names]
        return cls(
            rng, style, outcome, channels, rng.choice(PAST_PERIODS), rng.choice(FUTURE_PERIODS)
        )

    # -- facts -------------------------------------------------------------------------
    @property
    def total_spend(self) -> float:
        return sum(c.spend for c in self.channels)

    def figures(self) -> frozenset[ChannelFigures]:
        return frozenset(
            ChannelFigures.of(c.name, c.channel_type, c.spend, c.outcome, self.outcome.name)
            for c in self.channels
        )

    def pick(self, k: int = 1) -> list[Channel]:
        return self.rng.sample(self.channels, k)

    # -- writing -----------------------------------------------------------------------
    def money(self, value: float) -> str:
        """An amount in the writer's style; the currency mark is always on the first two
        amounts of a message so its currency is stated."""
        marked = self.style.mark_every_amount or self.marks_written < 2 or self.rng.random() < 0.5
        self.marks_written += 1 if marked else 0
        return money_text(value, self.style, self.rng, marked=marked)

    def marked_money(self, value: float) -> str:
        self.marks_written += 1
        return money_text(value, self.style, self.rng, marked=True)

    def count(self, value: float) -> str:
        return count_text(value, self.style, self.rng)

    def share(self, value: float, *, words: bool = True) -> str:
        return share_text(value, self.rng, words=words)

    def result(self, channel: Channel, *, form: str | None = None) -> str:
        """The channel's outcome as written after its spend: "2,400 MQLs", "$1.2M pipeline"."""
        noun = form or self.rng.choice(self.outcome.forms)
        if self.outcome.money:
            amount = self.money(channel.outcome)
            return self.rng.choice(
                (f"{amount} {noun}", f"{amount} in {noun}", f"{amount} of {noun}")
            )
        return f"{self.count(channel.outcome)} {noun}"

    def noun(self) -> str:
        return self.rng.choice(self.outcome.forms)

    def singular(self) -> str:
        """ "MQL", "lead", "opportunity" (count outcomes only)."""
        return SINGULAR[self.outcome.name]

    def name(self, channel: Channel, *, start: bool = False) -> str:
        """The channel's name as the writer types it this time."""
        text = channel.name
        if start:
            return text[0].upper() + text[1:]
        if self.rng.random() < 0.3 and not any(ch.isupper() for ch in text[1:]):
            return text.casefold()
        return text

    def choose(self, *options: str) -> str:
        return self.rng.choice(options)


@dataclass
class Part:
    """Text a shape wrote and what it states. ``block`` parts (tables, one item per line) are
    set apart by blank lines when a message is assembled."""

    text: str
    block: bool = False
    channels: bool = False  # states the scene's channel figures
    period: int | None = None
    budget: float | None = None
    budget_weeks: int | None = None
    rules: list[Rule] = field(default_factory=list)
    objective: ObjectiveReading | None = None
    curve: list[CurveKnowledge] = field(default_factory=list)
    changes: list[WhatIf] = field(default_factory=list)
    future_weeks: int | None = None  # a future period the text names ("for next quarter")


def _figures(rng: random.Random, name: str, kind: str, outcome: OutcomeWord) -> Channel:
    """Plausible figures: spend in round thousands, a cost per outcome a CMO would see."""
    spend = rng.choice((rng.randrange(5, 60) * 10_000, rng.randrange(10, 150) * 10_000))
    if outcome.money:
        multiple = rng.choice((1.5, 2, 2.5, 3, 4, 5, 6, 8))
        return Channel(name, kind, spend, spend * multiple)
    cost = rng.choice((40, 60, 80, 100, 125, 150, 200, 250, 400, 500, 800, 1_000, 2_000))
    if outcome.name in ("customers", "opportunities"):
        cost *= 10
    value = max(10, round(spend / cost / 10) * 10)
    return Channel(name, kind, spend, value)


def rounded(value: float, step: float) -> float:
    return max(step, round(value / step) * step)
