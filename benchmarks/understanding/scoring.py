"""Exact-match scoring of readings, per message and per category.

A message is read exactly when every category of its reading equals the expected one (and the
reader raised no error, which would stop the plan). A category is scored on the messages that
state it; a reader that finds something in a category the message does not state (a phantom
channel, a rule nobody gave) is counted as ``spurious`` there, and the message is not exact.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from benchmarks.understanding.generator import CorpusMessage
from benchmarks.understanding.reading import CATEGORIES, Reading


@dataclass(frozen=True)
class MessageScore:
    message: CorpusMessage
    actual: Reading
    wrong: tuple[str, ...]  # the categories that differ

    @property
    def exact(self) -> bool:
        return not self.wrong


@dataclass(frozen=True)
class Tally:
    stated: int = 0
    correct: int = 0
    spurious: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.stated if self.stated else 1.0


def score(
    messages: Iterable[CorpusMessage], reader: Callable[[CorpusMessage], Reading]
) -> list[MessageScore]:
    scores = []
    for message in messages:
        actual = reader(message)
        wrong = tuple(c for c in CATEGORIES if actual.part(c) != message.expected.part(c))
        scores.append(MessageScore(message, actual, wrong))
    return scores


def exact_rate(scores: Sequence[MessageScore]) -> float:
    return sum(s.exact for s in scores) / len(scores) if scores else 0.0


def by_category(scores: Sequence[MessageScore]) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    for category in CATEGORIES:
        stated = correct = spurious = 0
        for s in scores:
            if s.message.expected.states(category):
                stated += 1
                correct += category not in s.wrong
            elif category in s.wrong:
                spurious += 1
        tallies[category] = Tally(stated, correct, spurious)
    return tallies


def by_shape(scores: Sequence[MessageScore]) -> dict[str, list[MessageScore]]:
    shapes: dict[str, list[MessageScore]] = {}
    for s in scores:
        shapes.setdefault(s.message.shape, []).append(s)
    return shapes


def print_failures(scores: Sequence[MessageScore], limit: int) -> None:
    """Up to ``limit`` failing messages per shape, with each wrong category's expected and
    actual parts (for development sets only: never called on a blind or held-out set)."""
    shown: dict[str, int] = {}
    for s in scores:
        if s.exact or shown.get(s.message.shape, 0) >= limit:
            continue
        shown[s.message.shape] = shown.get(s.message.shape, 0) + 1
        print(f"=== {s.message.key} wrong: {', '.join(s.wrong)}")
        print(s.message.text)
        for category in s.wrong:
            print(f"  {category}: expected {s.message.expected.part(category)}")
            print(f"  {category}: got      {s.actual.part(category)}")
