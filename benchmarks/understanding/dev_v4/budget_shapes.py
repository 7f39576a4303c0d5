"""v4 development shapes: budgets and what-ifs on the budget or on a channel (keys D4-B<n>)."""

from __future__ import annotations

import functools

from benchmarks.understanding.registry import Shape, collect, collect_message

SHAPES: list[Shape] = []
shape = functools.partial(collect, SHAPES)
message_shape = functools.partial(collect_message, SHAPES)
