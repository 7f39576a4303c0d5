"""A blind shape: a construction people use to say one kind of thing, written as a function
from the message's facts to a piece of text with what it states."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from benchmarks.understanding.blind_v2.facts import Facts, Piece

Family = Literal["data", "budget", "change", "rule", "objective", "curve", "message"]
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
