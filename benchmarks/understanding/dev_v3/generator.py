"""The v3 development corpus: the earlier generator's assembly (companion parts from the
*seen* shapes, shuffled orders, filler, typos, all-lower-case now and then) over this set's own
shapes, channel names, greetings, sign-offs, filler and typos."""

from __future__ import annotations

import random

from benchmarks.understanding.dev_v3.heldout import HELD_OUT
from benchmarks.understanding.dev_v3.shapes import SEEN
from benchmarks.understanding.dev_v3.vocabulary import (
    FILLERS,
    GREETINGS,
    SIGN_OFFS,
    add_typo,
    draw_channels,
)
from benchmarks.understanding.generator import (
    CorpusMessage,
    KnownChannel,
    SeenPools,
    _assemble,
    _companions,
    _expected,
)
from benchmarks.understanding.notation import Style
from benchmarks.understanding.registry import Shape
from benchmarks.understanding.scene import Channel, Part, Scene
from benchmarks.understanding.vocabulary import FUTURE_PERIODS, OUTCOMES, PAST_PERIODS

SEED = 20261203
PER_SHAPE = 70


def generate(seed: int = SEED, per_shape: int = PER_SHAPE) -> list[CorpusMessage]:
    pools = SeenPools(SEEN)
    messages = []
    for held_out, shapes in ((False, SEEN), (True, HELD_OUT)):
        for shape in shapes:
            for index in range(per_shape):
                rng = random.Random(f"v3:{seed}:{shape.key}:{index}")
                messages.append(_message(shape, index, held_out, rng, pools))
    return messages


def shapes() -> list[tuple[Shape, bool]]:
    return [(s, False) for s in SEEN] + [(s, True) for s in HELD_OUT]


def draw_scene(rng: random.Random) -> Scene:
    style = Style.draw(rng)
    outcome = rng.choice(OUTCOMES[:8]) if rng.random() < 0.8 else rng.choice(OUTCOMES[8:])
    channels = []
    for name, kind in draw_channels(rng, rng.randint(2, 6)):
        spend = rng.randrange(3, 120) * 10_000
        if outcome.money:
            outcome_value = spend * rng.choice((1.5, 2, 3, 4, 5, 7))
        else:
            cost = rng.choice((50, 75, 100, 150, 200, 300, 500, 900))
            if outcome.name in ("customers", "opportunities"):
                cost *= 8
            outcome_value = max(10, round(spend / cost / 10) * 10)
        channels.append(Channel(name, kind, spend, outcome_value))
    return Scene(
        rng, style, outcome, channels, rng.choice(PAST_PERIODS), rng.choice(FUTURE_PERIODS)
    )


def _message(
    shape: Shape, index: int, held_out: bool, rng: random.Random, pools: SeenPools
) -> CorpusMessage:
    scene = draw_scene(rng)
    while not shape.fits(scene):
        scene = draw_scene(rng)
    if shape.compose is not None:
        parts = shape.compose(scene, pools)
    else:
        assert shape.write is not None
        parts = [] if shape.family == "data" else [pools.part("data", scene)]
        parts.append(shape.write(scene))
        parts += _companions(shape.family, scene, pools)
        if rng.random() < 0.3:
            rng.shuffle(parts)
    parts = _with_filler(parts, rng)
    text = _assemble(parts, rng)
    if rng.random() < 0.3:
        text = add_typo(text, rng)
    if rng.random() < 0.1:
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


def _with_filler(parts: list[Part], rng: random.Random) -> list[Part]:
    parts = list(parts)
    if rng.random() < 0.2:
        parts.insert(rng.randrange(len(parts) + 1), Part(rng.choice(FILLERS)))
    if rng.random() < 0.35:
        parts.insert(0, Part(rng.choice(GREETINGS)))
    if rng.random() < 0.35:
        parts.append(Part(rng.choice(SIGN_OFFS)))
    return parts
