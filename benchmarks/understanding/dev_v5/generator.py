"""The v5 development corpus: dev v3's assembly (its seen shapes as companions, filler,
greetings, typos, all-lower-case now and then) over this set's own shapes."""

from __future__ import annotations

import random

from benchmarks.understanding.dev_v3.generator import _message
from benchmarks.understanding.dev_v3.shapes import SEEN as V3_SEEN
from benchmarks.understanding.dev_v5 import budget_shapes, data_shapes, layout_shapes, rule_shapes
from benchmarks.understanding.generator import CorpusMessage, SeenPools
from benchmarks.understanding.registry import Shape

SEED = 20261205
PER_SHAPE = 40


def shapes() -> list[Shape]:
    return [
        *data_shapes.SHAPES,
        *layout_shapes.SHAPES,
        *budget_shapes.SHAPES,
        *rule_shapes.SHAPES,
    ]


def generate(seed: int = SEED, per_shape: int = PER_SHAPE, prefix: str = "") -> list[CorpusMessage]:
    """``per_shape`` messages of every shape whose key starts with ``prefix``; the other parts
    of a message come from dev v3's seen shapes, so a miss points at the new shape."""
    pools = SeenPools(V3_SEEN)
    messages = []
    for shape in shapes():
        if not shape.key.startswith(prefix):
            continue
        for index in range(per_shape):
            rng = random.Random(f"v5:{seed}:{shape.key}:{index}")
            messages.append(_message(shape, index, False, rng, pools))
    return messages
