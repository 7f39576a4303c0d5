"""Helpers the v3 shapes share: how a writer opens a data block, pronouns, amounts near a
channel's spend, and channel figures rewritten so a shape can state them exactly."""

from __future__ import annotations

from benchmarks.understanding.registry import sentence
from benchmarks.understanding.scene import Channel, Part, Scene, rounded


def counted(scene: Scene) -> bool:
    return not scene.outcome.money


def with_figures(scene: Scene) -> bool:
    return not scene.followup


def data(scene: Scene, text: str, *, block: bool) -> Part:
    return Part(text, block=block, channels=True, period=scene.past[1])


def heading(scene: Scene) -> str:
    """A line before a block of figures ("Q3 actuals:", "Last quarter by channel")."""
    phrase = scene.past[0]
    if phrase is None:
        return scene.choose("", "", "Actuals by channel:", "Where we landed:")
    return scene.choose(
        f"{sentence(phrase)} by channel:", f"Actuals ({phrase}):", f"{sentence(phrase)} recap —"
    )


def when(scene: Scene) -> str:
    return f" {scene.past[0]}" if scene.past[0] else ""


def pronoun(channel: Channel) -> str:
    name = channel.name.casefold()
    plural = name.endswith("s") and not name.endswith("ads") and name != "ott"
    return "them" if plural else "it"


def below(scene: Scene, channel: Channel) -> float:
    return rounded(channel.spend * scene.rng.uniform(0.4, 0.9), 10_000)


def above(scene: Scene, channel: Channel) -> float:
    return rounded(channel.spend * scene.rng.uniform(1.1, 1.7), 10_000)


def outcome_figure(scene: Scene, channel: Channel) -> str:
    """The outcome as a bare figure (a table cell, a value after a colon)."""
    return scene.money(channel.outcome) if scene.outcome.money else scene.count(channel.outcome)


def past_noun(scene: Scene) -> str:
    """The figures' period as a noun to compare with ("the last 8 weeks", "Q3")."""
    phrase = scene.past[0]
    if phrase is None:
        return "this quarter"
    for preposition in ("over ", "in "):
        phrase = phrase.removeprefix(preposition)
    return phrase
