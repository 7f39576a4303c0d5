"""What a message says about one channel, before it is checked and turned into a
:class:`~model_engine.datasets.ChannelPeriod`."""

from __future__ import annotations

from dataclasses import dataclass

from model_engine.intake.text.vocabulary import Outcome


@dataclass(frozen=True)
class OutcomeFigure:
    outcome: Outcome
    value: float


@dataclass(frozen=True)
class ChannelRecord:
    """One channel's figures as written; any of them may be missing."""

    label: str
    line: int
    spend: float | None = None
    outcomes: tuple[OutcomeFigure, ...] = ()
    stated_cost: float | None = None
    cost_word: str | None = None  # "CAC", "CPL", ... as the user wrote it
    roas: float | None = None
    unlabelled: tuple[float, ...] = ()  # numbers with nothing saying what they count
    unreadable: bool = False  # a figure could not be read (already reported)

    def outcome(self, name: str) -> float | None:
        for figure in self.outcomes:
            if figure.outcome.name == name:
                return figure.value
        return None


@dataclass(frozen=True)
class StatedTotal:
    """A total the user wrote ("Total" row, "$2M in total"), to check the channels against."""

    spend: float | None
    outcome: OutcomeFigure | None
    line: int
