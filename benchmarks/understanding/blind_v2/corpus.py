"""The blind corpus: seeded messages from the blind shapes, each with its exact reading.

Every message has its own generator seeded by ``(seed, shape, index)``. A message is the
primary shape's piece with a data piece (unless the shape is one), companion pieces drawn
from the blind shapes of other families (a budget, rules, an objective, a curve hint, each by
chance), shuffled now and then, with filler, a typo on a keyword in a fifth of the messages
and the whole message in lower case in a few.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.understanding.blind_v2.data_shapes import DATA
from benchmarks.understanding.blind_v2.facts import Facts, Piece
from benchmarks.understanding.blind_v2.message_shapes import MESSAGES
from benchmarks.understanding.blind_v2.numbers import SYMBOL
from benchmarks.understanding.blind_v2.plan_shapes import PLAN
from benchmarks.understanding.blind_v2.registry import BlindShape, Family
from benchmarks.understanding.blind_v2.words import (
    ASIDES,
    CLOSERS,
    OPENERS,
    SCALE_AMOUNTS,
    SCALE_ASIDES,
    typo,
)
from benchmarks.understanding.generator import CorpusMessage, KnownChannel
from benchmarks.understanding.reading import Reading

SEED = 20261202
PER_SHAPE = 30
SHAPES: tuple[BlindShape, ...] = (*DATA, *PLAN)


@dataclass(frozen=True)
class ShapeInfo:
    key: str
    family: str
    title: str


def shape_list() -> list[ShapeInfo]:
    return [ShapeInfo(s.key, s.family, s.title) for s in SHAPES] + [
        ShapeInfo(m.key, "message", m.title) for m in MESSAGES
    ]


def draw_piece(family: Family, facts: Facts) -> Piece:
    """A piece from a blind shape of ``family`` that fits the facts."""
    fitting = [s for s in SHAPES if s.family == family and s.fits(facts)]
    return facts.rng.choice(fitting).write(facts)


def generate(seed: int = SEED, per_shape: int = PER_SHAPE) -> list[CorpusMessage]:
    messages = []
    for info in shape_list():
        for index in range(per_shape):
            rng = random.Random(f"{seed}:{info.key}:{index}")
            messages.append(_message(info, index, rng))
    return messages


def _message(info: ShapeInfo, index: int, rng: random.Random) -> CorpusMessage:
    facts = Facts.draw(rng)
    if info.family == "message":
        composer = next(m for m in MESSAGES if m.key == info.key)
        pieces = composer.compose(facts, draw_piece)
    else:
        chosen = next(s for s in SHAPES if s.key == info.key)
        while not chosen.fits(facts):
            facts = Facts.draw(rng)
        pieces = [] if chosen.family == "data" else [draw_piece("data", facts)]
        pieces.append(chosen.write(facts))
        pieces += _companions(chosen.family, facts)
        if rng.random() < 0.3:
            rng.shuffle(pieces)
    pieces = _filler(pieces, facts)
    text = _join(pieces, rng)
    if rng.random() < 0.2:
        text = typo(text, rng)
    if rng.random() < 0.06:
        text = text.casefold()
    known = (
        tuple(
            KnownChannel(c.name, c.channel_type, c.spend, c.result, facts.outcome.name)
            for c in facts.lines
        )
        if facts.followup
        else ()
    )
    return CorpusMessage(
        f"{info.key}-{index:03d}", info.key, info.family, True, text, known,  # type: ignore[arg-type]
        _expected(pieces, facts),
    )  # fmt: skip


def _companions(primary: str, facts: Facts) -> list[Piece]:
    rng = facts.rng
    pieces: list[Piece] = []
    if primary != "budget" and rng.random() < 0.5:
        pieces.append(draw_piece("budget", facts))
    if primary != "change" and rng.random() < 0.08:
        pieces.append(draw_piece("change", facts))
    for chance in (0.4, 0.15):
        if rng.random() < chance and any(c.name not in facts.ruled for c in facts.lines):
            pieces.append(draw_piece("rule", facts))
    if primary != "objective" and rng.random() < 0.25:
        pieces.append(draw_piece("objective", facts))
    if primary != "curve" and rng.random() < 0.06:
        pieces.append(draw_piece("curve", facts))
    return pieces


def _filler(pieces: list[Piece], facts: Facts) -> list[Piece]:
    rng = facts.rng
    pieces = list(pieces)
    if rng.random() < 0.12:
        pieces.insert(rng.randrange(len(pieces) + 1), Piece(rng.choice(ASIDES)))
    if rng.random() < 0.04:
        scale = rng.choice(SCALE_AMOUNTS) / 1e9
        mark = SYMBOL[facts.hand.currency]
        written = rng.choice(
            (f"{mark}{scale:g}bn", f"{mark}{scale:g}B", f"{scale:g}bn {facts.hand.currency}")
        )
        facts.marked += 1
        pieces.insert(
            rng.randrange(len(pieces) + 1), Piece(rng.choice(SCALE_ASIDES).format(money=written))
        )
    if rng.random() < 0.25:
        pieces.insert(0, Piece(rng.choice(OPENERS)))
    if rng.random() < 0.3:
        pieces.append(Piece(rng.choice(CLOSERS)))
    return pieces


def _join(pieces: Sequence[Piece], rng: random.Random) -> str:
    text = pieces[0].text
    for before, piece in itertools.pairwise(pieces):
        if before.block or piece.block:
            text += rng.choice(("\n\n", "\n")) + piece.text
        else:
            text += rng.choice((" ", " ", "\n")) + piece.text
    return text


def _expected(pieces: Sequence[Piece], facts: Facts) -> Reading:
    data = [p for p in pieces if p.channels]
    budget = next((p for p in pieces if p.budget is not None), None)
    objective = next((p.objective for p in pieces if p.objective is not None), None)
    return Reading(
        channels=facts.figures() if data else frozenset(),
        period_weeks=data[0].period if data else None,
        currency=facts.hand.currency if facts.marked else "USD",
        budget=budget.budget if budget else None,
        budget_period_weeks=budget.budget_weeks if budget else None,
        rules=frozenset(r for p in pieces for r in p.rules),
        objective=objective,
        curve=frozenset(k for p in pieces for k in p.curve),
        changes=frozenset(c for p in pieces for c in p.changes),
    )
