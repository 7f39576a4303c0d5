"""Blind shapes for whole messages: a Slack thread, a brief under headings, a note forwarded
from finance, and a follow-up about the session's channels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.understanding.blind_v2.facts import Facts, Piece
from benchmarks.understanding.blind_v2.registry import Family

Draw = Callable[[Family, Facts], Piece]
Composer = Callable[[Facts, Draw], list[Piece]]


@dataclass(frozen=True)
class MessageShape:
    key: str
    title: str
    compose: Composer


MESSAGES: list[MessageShape] = []


def message(key: str, title: str) -> Callable[[Composer], Composer]:
    def register(compose: Composer) -> Composer:
        MESSAGES.append(MessageShape(key, title, compose))
        return compose

    return register


def _said(who: str, piece: Piece) -> Piece:
    joiner = "\n" if piece.block else " "
    return Piece(
        f"{who}{joiner}{piece.text}",
        block=piece.block,
        channels=piece.channels,
        period=piece.period,
        budget=piece.budget,
        budget_weeks=piece.budget_weeks,
        rules=piece.rules,
        objective=piece.objective,
        curve=piece.curve,
        changes=piece.changes,
    )


@message("V-M1", "a Slack thread: three people, data, budget and a rule")
def slack_thread(f: Facts, draw: Draw) -> list[Piece]:
    people = f.rng.sample(("dana", "Mike R", "priya", "Sam (Finance)", "jo"), 3)
    stamps = [f"[{9 + i}:{f.rng.randrange(10, 59)}]" for i in range(3)]
    parts = [draw("data", f), draw("budget", f), draw("rule", f)]
    said = [_said(f"{stamps[i]} {people[i]}:", p) for i, p in enumerate(parts)]
    for piece in said:
        piece.block = True  # one message a line, as chat exports show them
    return said


@message("V-M2", "a brief under headings (Numbers / Budget / Must-haves)")
def headed_brief(f: Facts, draw: Draw) -> list[Piece]:
    data, budget = draw("data", f), draw("budget", f)
    rules = [draw("rule", f) for _ in range(min(f.rng.randint(1, 3), len(f.lines)))]
    bullet = f.pick("-", "•", "*")
    heading = f.pick("**{}**", "{}:", "## {}", "{}")
    must = Piece(
        heading.format(f.pick("Must-haves", "Constraints", "Guardrails"))
        + "\n"
        + "\n".join(f"{bullet} {r.text}" for r in rules),
        block=True,
        rules=[rule for r in rules for rule in r.rules],
    )
    return [
        _said(heading.format(f.pick("Numbers", "Last period", "Actuals")), _as_block(data)),
        _said(heading.format("Budget"), _as_block(budget)),
        must,
    ]


def _as_block(piece: Piece) -> Piece:
    piece.block = True
    return piece


@message("V-M3", "a note forwarded from finance under the data")
def finance_note(f: Facts, draw: Draw) -> list[Piece]:
    data, budget, rule = draw("data", f), draw("budget", f), draw("rule", f)
    cfo = f.pick("Alex Morgan (CFO)", "Finance <finance@northwind.io>", "Sam Lee")
    intro = f.pick("See below from finance.", "fwd from our CFO:", "From finance this morning:")
    subject = f.pick("Marketing envelope", "Budget for next period", "Plan")
    note = Piece(
        f"{intro}\n\n> From: {cfo}\n> Subject: {subject}\n>\n"
        f"> {budget.text}\n> {rule.text}\n> Thanks",
        block=True,
        budget=budget.budget,
        budget_weeks=budget.budget_weeks,
        rules=rule.rules,
    )
    return [data, note]


@message("V-M4", "a follow-up on the session's channels: rules and a budget, no figures")
def follow_up(f: Facts, draw: Draw) -> list[Piece]:
    f.followup = True
    parts = [draw("rule", f)]
    if f.rng.random() < 0.6:
        parts.append(draw("rule", f))
    if f.rng.random() < 0.5:
        parts.append(draw("budget", f))
    lead = f.pick("Also:", "One more thing —", "Forgot to say:", "Oh and", "")
    if lead:
        parts.insert(0, Piece(lead))
    return parts
