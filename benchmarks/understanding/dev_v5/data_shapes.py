"""v5 development shapes: channel data in prose (keys D5-D<n>)."""

from __future__ import annotations

import functools

from benchmarks.understanding.registry import Shape, collect, collect_message

SHAPES: list[Shape] = []
shape = functools.partial(collect, SHAPES)
message_shape = functools.partial(collect_message, SHAPES)
