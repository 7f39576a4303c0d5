"""v5 development shapes: tables, lists, records and whole-message layouts (keys D5-L<n>)."""

from __future__ import annotations

import functools

from benchmarks.understanding.registry import Shape, collect, collect_message

SHAPES: list[Shape] = []
shape = functools.partial(collect, SHAPES)
message_shape = functools.partial(collect_message, SHAPES)
