"""Which channel each figure in a sentence belongs to, from how the sentence is built.

Channel mentions split a sentence into gaps; every figure belongs to the channel just before
it or just after it, and figures keep the channels' order (a channel's figures are the end of
the gap before it and the start of the gap after it). So the reading of a sentence is one split
point per gap, chosen to make the most sense:

- each channel gets at most one spend, one figure of each outcome, one cost per outcome and
  one share (a second one means the split is wrong);
- a figure that reaches its channel across a sentence break, a semicolon, a closing
  parenthesis or a comma costs more than one right beside it or in a parenthesis after it;
- a figure followed by "on", "into", "for", "from" ... and then a channel belongs to that
  channel ("$250K on LinkedIn", "2,400 MQLs came from search"); without such a link a figure
  belongs to the channel before it rather than the one after.

Choosing the splits is a dynamic programme over the gaps: linear in the number of mentions,
quadratic only in the figures of one gap (a handful).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_STRONG = re.compile(r"[.;|\n](?:\s|$)|[;|\n]")
_CLOSE = re.compile(r"\)")
_COMMA = re.compile(r",")
_AND = re.compile(r"\b(?:and|while|but|whereas|with)\b", re.IGNORECASE)
_FORWARD_LINK = re.compile(
    r"(?:\b(?:on|in|into|to|for|from|via|towards|out\s+of|of)\s+(?:the\s+|our\s+)?)$", re.IGNORECASE
)
_TAG = re.compile(r"⟦[ACGR]\d+⟧")
_INVALID = 100.0
MAX_SPLITS = 24


@dataclass(frozen=True)
class Figure:
    """One figure to place: where its tag is, and what it counts as (``spend``, ``money``
    (unlabelled money), ``outcome:<name>``, ``cost``, ``roas``, ``share``, ``bare``)."""

    index: int
    start: int
    end: int
    slot: str


def attach(
    text: str, mentions: Sequence[tuple[int, int, int]], figures: Sequence[Figure]
) -> dict[int, list[Figure]]:
    """Each mention's figures. ``mentions`` are ``(index, start, end)`` of the channel tags in
    ``text`` (the tagged clause), in order; figures before the first mention go to it, figures
    after the last to the last."""
    if not mentions:
        return {}
    gaps: list[list[Figure]] = [[] for _ in range(len(mentions) + 1)]
    for figure in sorted(figures, key=lambda f: f.start):
        gaps[_gap_of(figure, mentions)].append(figure)
    # best[s]: the least cost of the groups before mention i, when gap i is split at s (its
    # first s figures belong to mention i-1, the rest to mention i).
    best: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}
    for i in range(len(mentions)):
        ahead = gaps[i + 1]
        splits = [len(ahead)] if i == len(mentions) - 1 else _split_points(len(ahead))
        following: dict[int, tuple[float, list[int]]] = {}
        for split_before, (cost, path) in best.items():
            for split_after in splits:
                group = gaps[i][split_before:] + ahead[:split_after]
                total = cost + _group_cost(text, mentions[i], group)
                if split_after not in following or total < following[split_after][0]:
                    following[split_after] = (total, [*path, split_after])
        best = following
    _, path = min(best.values(), key=lambda v: v[0])
    owned: dict[int, list[Figure]] = {}
    before = 0
    for i, (index, _, _) in enumerate(mentions):
        after = path[i]
        group = gaps[i][before:] + gaps[i + 1][:after]
        if group:
            owned[index] = group
        before = after
    return owned


def _split_points(size: int) -> list[int]:
    """Where a gap may be split: anywhere in a gap of a sentence's size; in a pathological gap
    of hundreds of figures, at most :data:`MAX_SPLITS` evenly spread points, which keeps a
    message with thousands of amounts linear."""
    if size <= MAX_SPLITS:
        return list(range(size + 1))
    step = size / MAX_SPLITS
    return sorted({0, size, *(round(k * step) for k in range(1, MAX_SPLITS))})


def _gap_of(figure: Figure, mentions: Sequence[tuple[int, int, int]]) -> int:
    """Gap 0 is before the first mention, gap i between mentions i-1 and i."""
    low, high = 0, len(mentions)
    while low < high:
        middle = (low + high) // 2
        if mentions[middle][1] < figure.start:
            low = middle + 1
        else:
            high = middle
    return low


def _group_cost(text: str, mention: tuple[int, int, int], group: Sequence[Figure]) -> float:
    cost = 0.0
    slots: dict[str, int] = {}
    for figure in group:
        slot = "spend" if figure.slot == "money" else figure.slot
        slots[slot] = slots.get(slot, 0) + 1
        if figure.start >= mention[2]:
            cost += _backward_cost(text[mention[2] : figure.start])
        else:
            cost += _forward_cost(text[figure.end : mention[1]])
    cost += sum(_INVALID * (n - 1) for n in slots.values() if n > 1)
    return cost


def _backward_cost(between: str) -> float:
    """A figure after its channel: free beside it or in a parenthesis right after it."""
    plain = _TAG.sub(" ", between)
    return (
        3.0 * len(_STRONG.findall(plain))
        + 1.5 * len(_CLOSE.findall(plain))
        + 1.0 * len(_COMMA.findall(plain))
        + 0.5 * len(_AND.findall(plain))
    )


def _forward_cost(between: str) -> float:
    """A figure before its channel: cheap when a preposition links them ("$400K on search")."""
    plain = _TAG.sub(" ", between)
    cost = (
        3.0 * len(_STRONG.findall(plain))
        + 1.5 * len(_CLOSE.findall(plain))
        + 1.0 * len(_COMMA.findall(plain))
        + 0.5 * len(_AND.findall(plain))
        + 1.5  # figures after a channel belong to it unless a preposition links them onwards
    )
    return cost - 3.0 if _FORWARD_LINK.search(plain) else cost
