"""Helpers the reader's tests share: a channel's floors and caps as plain tuples, and three
channels' figures to read a sentence after."""

from __future__ import annotations

from model_engine.constraints import ChannelBound
from model_engine.intake import ParsedMessage, parse_message

FIGURES = (
    "Last quarter: paid search $400K spent, 2,400 MQLs; webinars $200K spent, 900 MQLs; "
    "display $150K spent, 300 MQLs."
)  # $750K spent in all


def read_after_figures(sentence: str) -> ParsedMessage:
    """``sentence`` read after :data:`FIGURES`, which must still give three channels."""
    parsed = parse_message(f"{FIGURES}\n{sentence}")
    assert parsed.snapshot is not None, parsed.describe()
    assert len(parsed.snapshot.channels) == 3, parsed.describe()
    return parsed


def channel_bounds(parsed: ParsedMessage) -> set[tuple[str | None, float | None, float | None]]:
    """Each channel bound as (channel, floor, cap), amounts as numbers."""
    return {
        (
            c.channel,
            None if c.minimum is None else c.minimum.value,
            None if c.maximum is None else c.maximum.value,
        )
        for c in parsed.constraints
        if isinstance(c, ChannelBound)
    }
