"""The corpus: seeded messages, each with its exact expected reading.

For every shape (seen and held out) ``per_shape`` messages are made. A message is built from
a scene (the facts), the shape's part and companion parts drawn from the *seen* shapes only
(a budget, rules, an objective, a curve hint, each by chance), in a shuffled order now and
then, with filler sentences, one typo in a keyword in a quarter of the messages and the whole
message in lower case in a few. Each message has its own generator seeded by
``(seed, shape, index)``, so adding a shape that is no companion leaves the other messages as
they were.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.understanding.heldout_shapes import HELD_OUT
from benchmarks.understanding.reading import Reading
from benchmarks.understanding.registry import Shape
from benchmarks.understanding.scene import Family, Part, Scene
from benchmarks.understanding.shapes import SEEN
from benchmarks.understanding.vocabulary import CLOSINGS, MIDDLES, OPENINGS, add_typo

SEED = 20261212
PER_SHAPE = 55


@dataclass(frozen=True)
class KnownChannel:
    """A channel the session already has (the message is a follow-up about it)."""

    name: str
    channel_type: str
    spend: float
    outcome: float
    outcome_name: str


@dataclass(frozen=True)
class CorpusMessage:
    key: str
    shape: str
    family: Family
    held_out: bool
    text: str
    known: tuple[KnownChannel, ...]
    expected: Reading


class SeenPools:
    """Companion parts, from the seen shapes of one family that fit the scene."""

    def __init__(self, shapes: Sequence[Shape]) -> None:
        self.shapes = [s for s in shapes if s.write is not None and s.companion]

    def part(self, family: Family, scene: Scene) -> Part:
        fitting = [s for s in self.shapes if s.family == family and s.fits(scene)]
        chosen = scene.rng.choice(fitting)
        assert chosen.write is not None
        return chosen.write(scene)


def generate(seed: int = SEED, per_shape: int = PER_SHAPE) -> list[CorpusMessage]:
    pools = SeenPools(SEEN)
    messages = []
    for held_out, shapes in ((False, SEEN), (True, HELD_OUT)):
        for shape in shapes:
            for index in range(per_shape):
                rng = random.Random(f"{seed}:{shape.key}:{index}")
                messages.append(_message(shape, index, held_out, rng, pools))
    return messages


def shapes() -> list[tuple[Shape, bool]]:
    return [(s, False) for s in SEEN] + [(s, True) for s in HELD_OUT]


def _message(
    shape: Shape, index: int, held_out: bool, rng: random.Random, pools: SeenPools
) -> CorpusMessage:
    scene = Scene.draw(rng)
    while not shape.fits(scene):
        scene = Scene.draw(rng)
    if shape.compose is not None:
        parts = shape.compose(scene, pools)
    else:
        assert shape.write is not None
        parts = [] if shape.family == "data" else [pools.part("data", scene)]
        parts.append(shape.write(scene))
        parts += _companions(shape.family, scene, pools)
        if rng.random() < 0.35:
            rng.shuffle(parts)
    parts = _with_filler(parts, rng)
    text = _assemble(parts, rng)
    if rng.random() < 0.25:
        text = add_typo(text, rng)
    if rng.random() < 0.08:
        text = text.casefold()
    known = (
        tuple(
            KnownChannel(c.name, c.channel_type, c.spend, c.outcome, scene.outcome.name)
            for c in scene.channels
        )
        if scene.followup
        else ()
    )
    return CorpusMessage(
        f"{shape.key}-{index:03d}",
        shape.key,
        shape.family,
        held_out,
        text,
        known,
        _expected(parts, scene),
    )


def _companions(primary: Family, scene: Scene, pools: SeenPools) -> list[Part]:
    rng = scene.rng
    parts: list[Part] = []
    if primary != "budget" and rng.random() < 0.45:
        parts.append(pools.part("budget", scene))
    if primary != "change" and rng.random() < 0.1:
        parts.append(pools.part("change", scene))
    for chance in (0.4, 0.15):
        if rng.random() < chance:
            parts.append(pools.part("rule", scene))
    if primary != "objective" and rng.random() < 0.3:
        parts.append(pools.part("objective", scene))
    if primary != "curve" and rng.random() < 0.08:
        parts.append(pools.part("curve", scene))
    return parts


def _with_filler(parts: list[Part], rng: random.Random) -> list[Part]:
    parts = list(parts)
    if rng.random() < 0.15:
        parts.insert(rng.randrange(len(parts) + 1), Part(rng.choice(MIDDLES)))
    if rng.random() < 0.25:
        parts.insert(0, Part(rng.choice(OPENINGS)))
    if rng.random() < 0.3:
        parts.append(Part(rng.choice(CLOSINGS)))
    return parts


def _assemble(parts: Sequence[Part], rng: random.Random) -> str:
    text = parts[0].text
    for previous, part in itertools.pairwise(parts):
        if previous.block or part.block:
            joiner = rng.choice(("\n\n", "\n"))
        else:
            joiner = rng.choice((" ", " ", "\n"))
        text += joiner + part.text
    return text


def _expected(parts: Sequence[Part], scene: Scene) -> Reading:
    data = [p for p in parts if p.channels]
    budget = next((p for p in parts if p.budget is not None), None)
    budget_weeks = None
    if budget is not None:
        budget_weeks = budget.budget_weeks or next(
            (p.future_weeks for p in parts if p.future_weeks is not None), None
        )
    objective = next((p.objective for p in parts if p.objective is not None), None)
    return Reading(
        channels=scene.figures() if data else frozenset(),
        period_weeks=data[0].period if data else None,
        currency=scene.style.currency if scene.marks_written else "USD",
        budget=budget.budget if budget else None,
        budget_period_weeks=budget_weeks,
        rules=frozenset(r for p in parts for r in p.rules),
        objective=objective,
        curve=frozenset(k for p in parts for k in p.curve),
        changes=frozenset(c for p in parts for c in p.changes),
    )
