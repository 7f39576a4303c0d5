"""A blind-v4 reading shape: a key, a title, a family and a writer of one message."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.understanding.generator import KnownChannel
from benchmarks.understanding.reading import Reading
from benchmarks.understanding.scene import Family


@dataclass(frozen=True)
class Draft:
    text: str
    expected: Reading
    known: tuple[KnownChannel, ...] = ()


Writer = Callable[[random.Random], Draft]


@dataclass(frozen=True)
class BlindShape:
    key: str
    title: str
    family: Family
    write: Writer


SHAPES: list[BlindShape] = []


def shape(key: str, family: Family, title: str) -> Callable[[Writer], Writer]:
    def register(write: Writer) -> Writer:
        assert all(s.key != key for s in SHAPES), key
        SHAPES.append(BlindShape(key, title, family, write))
        return write

    return register
