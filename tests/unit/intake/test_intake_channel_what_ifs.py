"""What-ifs on one or two channels read from chat (issue 12, item 4): an amount, a percentage
or a fraction in words added to or taken from a channel's planned spend, a move between two
channels and a drop, never a new budget, a channel's spend or a data edit."""

from __future__ import annotations

import pytest

from model_engine.intake import ParsedMessage, parse_message
from model_engine.intake.text.parsed import ChannelChange

DATA = (
    "Last quarter:\nTV: $800K, 2,000 leads\nPaid search: $400K, 3,000 leads\n"
    "Events: $300K, 500 leads\nRadio: $200K, 400 leads\n"
)


def _follow_up(text: str) -> ParsedMessage:
    channels = parse_message(DATA).snapshot
    assert channels is not None
    return parse_message(text, known_channels=channels.channels)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("what if events get $100K more", [("Events", "delta", 100_000)]),
        ("What if TV got $250,000 less?", [("TV", "delta", -250_000)]),
        ("what if search got 20% more", [("search", "relative", 0.2)]),  # resolved by the planner
        ("what if we cut TV by a third", [("TV", "relative", -1 / 3)]),
        ("what if we cut TV by 15%?", [("TV", "relative", -0.15)]),
        ("suppose we drop radio entirely", [("Radio", "relative", -1.0)]),
        ("What if we put an extra $50K into events?", [("Events", "delta", 50_000)]),
        ("imagine radio goes up by $40K", [("Radio", "delta", 40_000)]),
        ("let's say we drop radio", [("Radio", "relative", -1.0)]),
        ("what if events got a quarter less", [("Events", "relative", -0.25)]),
        (
            "what if we move $50K from TV to search",
            [("TV", "delta", -50_000), ("search", "delta", 50_000)],
        ),
        (
            "What if we shifted 0.1M out of radio into events?",
            [("Radio", "delta", -100_000), ("Events", "delta", 100_000)],
        ),
    ],
)
def test_a_channel_what_if_is_read_as_a_change_to_that_channel(
    message: str, expected: list[tuple[str, str, float]]
) -> None:
    parsed = _follow_up(message)
    read = [(c.channel, c.kind, c.value) for c in parsed.channel_changes]
    assert read == [(name, kind, pytest.approx(value)) for name, kind, value in expected]
    assert parsed.budget is None  # the amount is the change, not a new budget
    assert parsed.snapshot is None  # nor a channel's spend
    assert parsed.budget_changes == ()
    assert parsed.cues.remove is None or parsed.channel_changes  # a drop is no data edit


@pytest.mark.parametrize(
    "message",
    [
        "TV got $100K more last quarter than events",  # a figure about the past, not a what-if
        "what if we dropped the TV deal?",  # the cost of a commitment: the rule is relaxed
        "what if the budget drops 15%?",  # the whole budget
        "what if TV is $0?",  # a channel held at an amount
        "I'd say we drop radio",  # no what-if asked
    ],
)
def test_other_messages_name_no_channel_change(message: str) -> None:
    assert _follow_up(message).channel_changes == ()


def test_a_channel_change_says_what_it_does() -> None:
    assert ChannelChange("TV", "delta", -50_000, "").describe() == "TV −$50,000"
    assert ChannelChange("Search", "relative", 0.2, "").describe() == "Search +20%"
    assert ChannelChange("Radio", "relative", -1.0, "").describe() == "Radio dropped"
    assert ChannelChange("TV", "relative", -1 / 3, "").apply(900.0) == pytest.approx(600.0)
    assert ChannelChange("TV", "delta", 100.0, "").apply(900.0) == 1000.0
