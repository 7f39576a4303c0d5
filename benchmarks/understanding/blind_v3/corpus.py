"""The third blind corpus: seeded messages from the blind shapes, each with its exact reading.

Every message has its own generator seeded by ``(seed, shape, index)``. A message is the
primary shape's piece with a data piece (unless the shape is one), companion pieces drawn
from the blind shapes of other families (a budget, rules, an objective, a curve hint, a
what-if, each by chance), shuffled now and then, with filler, a typo on a keyword in a fifth
of the messages and the whole message in lower case in a few. Four message shapes compose a
whole message their own way (an email with a subject line, a numbered brief, a follow-up on
the session's channels, one run-on line).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from benchmarks.understanding.blind_v3.data_shapes import DATA
from benchmarks.understanding.blind_v3.facts import BlindShape, Facts, Family, Piece
from benchmarks.understanding.blind_v3.plan_shapes import PLAN
from benchmarks.understanding.blind_v3.words import ASIDES, CLOSERS, OPENERS, typo
from benchmarks.understanding.generator import CorpusMessage, KnownChannel
from benchmarks.understanding.reading import Reading

SEED = 20261203
PER_SHAPE = 25
SHAPES: tuple[BlindShape, ...] = (*DATA, *PLAN)
# Data shapes written as running prose (no table or list), for the one-line message.
INLINE_DATA = ("W-D1", "W-D5", "W-D6", "W-D8", "W-D9", "W-D11", "W-D12")


@dataclass(frozen=True)
class ShapeInfo:
    key: str
    family: str
    title: str


Composer = Callable[[Facts], list[Piece]]
MESSAGES: list[tuple[str, str, Composer]] = []


def message(key: str, title: str) -> Callable[[Composer], Composer]:
    def register(compose: Composer) -> Composer:
        MESSAGES.append((key, title, compose))
        return compose

    return register


def shape_list() -> list[ShapeInfo]:
    return [ShapeInfo(s.key, s.family, s.title) for s in SHAPES] + [
        ShapeInfo(key, "message", title) for key, title, _ in MESSAGES
    ]


def draw_piece(family: Family, facts: Facts, keys: Sequence[str] = ()) -> Piece:
    """A piece from a blind shape of ``family`` (among ``keys`` when given) that fits."""
    fitting = [
        s for s in SHAPES if s.family == family and s.fits(facts) and (not keys or s.key in keys)
    ]
    return facts.rng.choice(fitting).write(facts)


def _rules(facts: Facts, most: int) -> list[Piece]:
    pieces = []
    for _ in range(facts.rng.randint(1, most)):
        if any(s.family == "rule" and s.fits(facts) for s in SHAPES):
            pieces.append(draw_piece("rule", facts))
    return pieces


@message("W-M1", "an email with a subject line, greeting and signature")
def email(f: Facts) -> list[Piece]:
    subject = f.pick("Subject: planning input", "Subject: Re: budget split", "Subj: numbers")
    pieces = [Piece(subject, block=True), Piece(f.pick("Hi,", "Hello all,"), block=True)]
    pieces.append(draw_piece("data", f))
    pieces.append(draw_piece("budget", f))
    pieces += _rules(f, 2)
    pieces.append(Piece(f.pick("Thanks,\nDana", "Best,\nLee", "Cheers\nR."), block=True))
    return pieces


@message("W-M2", "a numbered brief (1. Data 2. Budget 3. Constraints)")
def brief(f: Facts) -> list[Piece]:
    data = draw_piece("data", f)
    budget = draw_piece("budget", f)
    rules = _rules(f, 3)
    constraints = "\n".join(f"- {r.text}" for r in rules)
    text = f"1. Data\n{data.text}\n\n2. Budget\n{budget.text}\n\n3. Constraints\n{constraints}"
    whole = Piece(
        text,
        block=True,
        channels=True,
        period=data.period,
        budget=budget.budget,
        budget_weeks=budget.budget_weeks,
        rules=[x for r in rules for x in r.rules],
    )
    return [whole]


@message("W-M3", "a follow-up on the session's channels: a list of rules, maybe a budget")
def followup(f: Facts) -> list[Piece]:
    f.followup = True
    pieces = [
        Piece(f.pick("A few constraints to add:", "Updated rules:", "New asks from leadership:"))
    ]
    rules = _rules(f, 3)
    bullet = f.pick("-", "*", "•")
    pieces.append(
        Piece(
            "\n".join(f"{bullet} {r.text}" for r in rules),
            block=True,
            rules=[x for r in rules for x in r.rules],
        )
    )
    if f.rng.random() < 0.5:
        pieces.append(draw_piece("budget", f))
    return pieces


@message("W-M4", "everything on one run-on line (data; budget; a rule)")
def one_line(f: Facts) -> list[Piece]:
    data = draw_piece("data", f, INLINE_DATA)
    budget = draw_piece("budget", f)
    rules = _rules(f, 1)
    parts = [data, budget, *rules]
    text = " ".join(p.text for p in parts)
    return [
        Piece(
            text,
            channels=True,
            period=data.period,
            budget=budget.budget,
            budget_weeks=budget.budget_weeks,
            rules=[x for r in rules for x in r.rules],
        )
    ]


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
        compose = next(c for key, _, c in MESSAGES if key == info.key)
        pieces = compose(facts)
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
    if rng.random() < 0.05:
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
        f"{info.key}-{index:03d}",
        info.key,
        info.family,
        True,
        text,
        known,  # type: ignore[arg-type]
        _expected(pieces, facts),
    )


def _companions(primary: str, facts: Facts) -> list[Piece]:
    rng = facts.rng
    pieces: list[Piece] = []
    if primary != "budget" and rng.random() < 0.5:
        pieces.append(draw_piece("budget", facts))
    if primary != "change" and rng.random() < 0.08:
        pieces.append(draw_piece("change", facts))
    for chance in (0.4, 0.15):
        if rng.random() < chance and any(s.family == "rule" and s.fits(facts) for s in SHAPES):
            pieces.append(draw_piece("rule", facts))
    if primary != "objective" and rng.random() < 0.25:
        pieces.append(
            draw_piece("objective", facts)
            if not facts.outcome.money
            else draw_piece("objective", facts, ("W-O4",))
        )
    if primary != "curve" and rng.random() < 0.06:
        pieces.append(draw_piece("curve", facts))
    return pieces


def _filler(pieces: list[Piece], facts: Facts) -> list[Piece]:
    rng = facts.rng
    pieces = list(pieces)
    if rng.random() < 0.12:
        pieces.insert(rng.randrange(len(pieces) + 1), Piece(rng.choice(ASIDES)))
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
