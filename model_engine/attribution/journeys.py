"""Customer journeys as every attribution model reads them: unique paths with counts.

A *path* is the ordered list of channels a tracked user touched before converting or dropping
out (``search > email > search``). Millions of journeys repeat a few thousand paths, so the
models work on the unique paths, each with its number of conversions, of journeys that did not
convert (``nulls``) and, when known, the conversion value. Paths are stored flat (CSR-style):
``touches[offsets[p]:offsets[p + 1]]`` are the channel codes of path ``p`` in order, so every
model is a handful of vectorised numpy operations over all touches at once.

Journeys read from timestamped events also carry :class:`TouchTiming` (how long before its
conversion each touch of every converting journey happened), which time-decay attribution
needs and a path table cannot give.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

JourneySourceKind = Literal["path_table", "event_rows"]


@dataclass(frozen=True, eq=False)
class TouchTiming:
    """The touches of every converting journey with their distance to the conversion.

    ``journey`` (per touch) indexes the converting journeys ``0..J-1`` and is sorted;
    ``conversions`` and ``value`` are per converting journey.
    """

    journey: IntArray
    channel: IntArray
    days_before: FloatArray
    conversions: FloatArray
    value: FloatArray | None

    @property
    def n_journeys(self) -> int:
        return int(self.conversions.size)


@dataclass(frozen=True, eq=False)
class Journeys:
    """Unique paths with their conversions, non-conversions and value.

    ``channels[code]`` is the label shown for a channel code. ``nulls_known`` is false when the
    source listed converting paths only (``path,conversions,value`` tables, event rows without a
    ``converted`` column): conversion *rates* are then unknown and the models that compare
    converting with non-converting journeys say what they assumed instead.
    ``untracked_conversions`` counts conversions that had no tracked touch before them: no model
    can credit them to a channel, and every result reports them.
    """

    channels: tuple[str, ...]
    offsets: IntArray
    touches: IntArray
    conversions: FloatArray
    nulls: FloatArray
    value: FloatArray | None = None
    nulls_known: bool = True
    timing: TouchTiming | None = None
    untracked_conversions: float = 0.0

    def __post_init__(self) -> None:
        n_paths = self.conversions.size
        if self.offsets.size != n_paths + 1 or self.nulls.size != n_paths:
            raise ValueError("offsets, conversions and nulls must describe the same paths")
        if self.value is not None and self.value.size != n_paths:
            raise ValueError("value must have one entry per path")
        if n_paths and np.any(np.diff(self.offsets) <= 0):
            raise ValueError("every path needs at least one touch")
        if self.touches.size and (self.touches.min() < 0 or self.touches.max() >= len(self)):
            raise ValueError("a touch names a channel code outside the channel list")

    def __len__(self) -> int:
        return len(self.channels)

    @classmethod
    def from_paths(
        cls,
        paths: Sequence[Sequence[str]],
        conversions: Sequence[float],
        nulls: Sequence[float] | None = None,
        value: Sequence[float] | None = None,
    ) -> Journeys:
        """Journeys from lists of channel names (duplicate paths are added together).

        Channel codes follow the order in which channels first appear.
        """
        if len(paths) != len(conversions):
            raise ValueError("give one conversion count per path")
        codes: dict[str, int] = {}
        flat = [codes.setdefault(name, len(codes)) for path in paths for name in path]
        lengths = np.array([len(p) for p in paths], dtype=np.int64)
        if np.any(lengths == 0):
            raise ValueError("every path needs at least one touch")
        return group_paths(
            channels=tuple(codes),
            touches=np.asarray(flat, dtype=np.int64),
            lengths=lengths,
            conversions=np.asarray(conversions, dtype=np.float64),
            nulls=None if nulls is None else np.asarray(nulls, dtype=np.float64),
            value=None if value is None else np.asarray(value, dtype=np.float64),
        )

    @property
    def n_paths(self) -> int:
        return int(self.conversions.size)

    @property
    def lengths(self) -> IntArray:
        return np.diff(self.offsets)

    @property
    def path_of_touch(self) -> IntArray:
        return np.repeat(np.arange(self.n_paths, dtype=np.int64), self.lengths)

    @property
    def position(self) -> IntArray:
        """0-based position of each touch in its path."""
        return np.arange(self.touches.size, dtype=np.int64) - np.repeat(
            self.offsets[:-1], self.lengths
        )

    @property
    def total_conversions(self) -> float:
        return float(self.conversions.sum())

    @property
    def total_nulls(self) -> float:
        return float(self.nulls.sum())

    @property
    def total_journeys(self) -> float:
        return self.total_conversions + self.total_nulls

    @property
    def total_value(self) -> float | None:
        return None if self.value is None else float(self.value.sum())

    def path(self, index: int) -> tuple[str, ...]:
        start, end = self.offsets[index], self.offsets[index + 1]
        return tuple(self.channels[c] for c in self.touches[start:end])

    def channel_sets(self) -> BoolArray:
        """``(paths, channels)``: which channels each path touches at least once."""
        sets = np.zeros((self.n_paths, len(self)), dtype=np.bool_)
        sets[self.path_of_touch, self.touches] = True
        return sets


def tally(index: IntArray, weights: npt.ArrayLike, size: int) -> FloatArray:
    """Sum of ``weights`` per value of ``index`` (``0..size-1``): ``np.bincount``, typed."""
    return np.asarray(np.bincount(index, weights=weights, minlength=size), dtype=np.float64)


def group_paths(
    *,
    channels: tuple[str, ...],
    touches: IntArray,
    lengths: IntArray,
    conversions: FloatArray,
    nulls: FloatArray | None,
    value: FloatArray | None,
    timing: TouchTiming | None = None,
    untracked_conversions: float = 0.0,
) -> Journeys:
    """Aggregate journeys (``touches`` flat, ``lengths`` per journey) into unique paths.

    Exact and vectorised: journeys are grouped by length, and within a length the paths are
    encoded as one integer each (or compared row-wise when the code would overflow), so a
    million journeys group in well under a second.
    """
    n = lengths.size
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    key_of_journey = np.empty(n, dtype=np.int64)
    representative: list[IntArray] = []  # per unique path: one journey that has it
    next_key = 0
    for length in np.unique(lengths):
        members = np.flatnonzero(lengths == length)
        matrix = touches[offsets[members][:, np.newaxis] + np.arange(length)]
        inverse, first = unique_rows(matrix, len(channels))
        key_of_journey[members] = inverse + next_key
        representative.append(members[first])
        next_key += first.size
    firsts = np.concatenate(representative) if representative else np.zeros(0, dtype=np.int64)
    path_lengths = lengths[firsts]
    path_offsets = np.concatenate(([0], np.cumsum(path_lengths))).astype(np.int64)
    gather = np.repeat(offsets[firsts], path_lengths) + (
        np.arange(path_lengths.sum()) - np.repeat(path_offsets[:-1], path_lengths)
    )

    def per_path(weights: FloatArray) -> FloatArray:
        return tally(key_of_journey, weights, next_key)

    return Journeys(
        channels=channels,
        offsets=path_offsets,
        touches=touches[gather].astype(np.int64),
        conversions=per_path(conversions),
        nulls=np.zeros(next_key) if nulls is None else per_path(nulls),
        value=None if value is None else per_path(value),
        nulls_known=nulls is not None,
        timing=timing,
        untracked_conversions=untracked_conversions,
    )


def unique_rows(
    matrix: npt.NDArray[np.integer] | BoolArray, base: int
) -> tuple[IntArray, IntArray]:
    """(inverse, index of first occurrence) of the rows of a matrix of integers in
    ``0..base-1``. Rows are encoded as one integer each when that fits in 62 bits (a 1-D sort
    is several times faster than numpy's row-wise one), else compared row-wise."""
    length = matrix.shape[1]
    if length * np.log2(max(base, 2)) < 62:
        keys = np.zeros(matrix.shape[0], dtype=np.int64)
        for column in range(length):
            keys = keys * base + matrix[:, column]
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    else:
        _, first, inverse = np.unique(matrix, axis=0, return_index=True, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64), first.astype(np.int64)
