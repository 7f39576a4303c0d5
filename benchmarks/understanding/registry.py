"""A sentence shape: a construction people use to say one kind of thing (channel figures,
a budget, a rule...), written as a function from a scene to a part. Message shapes lay out a
whole message (a brief with headings, a follow-up) from parts that other shapes write."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from benchmarks.understanding.scene import Family, Part, Scene


class Pools(Protocol):
    """Seen shapes to draw companion parts from (never held-out ones)."""

    def part(self, family: Family, scene: Scene) -> Part: ...


Writer = Callable[[Scene], Part]
Composer = Callable[[Scene, Pools], list[Part]]


def always(scene: Scene) -> bool:
    del scene
    return True


@dataclass(frozen=True)
class Shape:
    """``companion``: whether other shapes' messages may draw a part from this shape; shapes
    added after the corpus was first scored are not companions, so adding them leaves every
    other shape's messages as they were."""

    key: str
    family: Family
    title: str
    write: Writer | None = None
    compose: Composer | None = None
    fits: Callable[[Scene], bool] = always
    companion: bool = True


def collect(
    registry: list[Shape],
    key: str,
    family: Family,
    title: str,
    fits: Callable[[Scene], bool] = always,
    *,
    companion: bool = True,
) -> Callable[[Writer], Writer]:
    def register(write: Writer) -> Writer:
        registry.append(Shape(key, family, title, write=write, fits=fits, companion=companion))
        return write

    return register


def collect_message(registry: list[Shape], key: str, title: str) -> Callable[[Composer], Composer]:
    def register(compose: Composer) -> Composer:
        registry.append(Shape(key, "message", title, compose=compose))
        return compose

    return register


def series(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def bulleted(lines: Sequence[str], bullet: str) -> str:
    if not bullet:
        return "\n".join(lines)
    if bullet == "1.":
        return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1))
    return "\n".join(f"{bullet} {line}" for line in lines)


def sentence(text: str) -> str:
    """Capitalise the first letter (names keep their own case after it)."""
    return text[:1].upper() + text[1:] if text else text
