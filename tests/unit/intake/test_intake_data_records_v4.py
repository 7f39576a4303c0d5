"""Channel figures with unusual names, a named half as their period, and key/value blocks."""

import pytest

from model_engine.channels import ChannelType
from model_engine.intake.channel_names import find_channel_names
from model_engine.intake.text.message import parse_message


@pytest.mark.parametrize(
    ("text", "name", "channel_type"),
    [
        ("We spent 400k on Facebook/Instagram last quarter.", "Facebook/Instagram", "social"),
        ("IG/Meta - 400k, 300 leads", "IG/Meta", "social"),
        ("Twitter/X,400000,300", "Twitter/X", "social"),
        ("Search - competitors - 400k, 300 leads", "Search - competitors", "search"),
        ("TV - regional, 400k, 300 leads", "TV - regional", "traditional"),
        ("Podcast sponsorships took 170k.", "Podcast sponsorships", "podcasts"),
        ("LinkedIn Sponsored Content: 600k", "LinkedIn Sponsored Content", "social"),
        ("YouTube pre-roll took 370k.", "YouTube pre-roll", "video"),
        ("radio spots: 90k", "radio spots", "traditional"),
        ("customer dinners: 90k", "customer dinners", "events"),
    ],
)
def test_unusual_names_are_whole_with_an_analysts_type(
    text: str, name: str, channel_type: str
) -> None:
    names = find_channel_names(text)
    assert [(n.text, n.channel_type) for n in names] == [(name, ChannelType(channel_type))]


def test_a_dash_before_the_figures_or_a_spend_label_does_not_join_the_name() -> None:
    assert [n.text for n in find_channel_names("Search - 400k, 300 leads")] == ["Search"]
    assert [n.text for n in find_channel_names("Search - spend 400k")] == ["Search"]


def test_slashed_name_at_a_sentence_end_leaves_the_full_stop() -> None:
    assert [n.text for n in find_channel_names("No more than 1M on Twitter/X.")] == ["Twitter/X"]


@pytest.mark.parametrize("heading", ["In H2:", "Results (in the second half):"])
def test_figures_dated_by_a_named_half_cover_26_weeks(heading: str) -> None:
    parsed = parse_message(f"{heading}\n- Search: $400K, 2,000 MQLs\n- Events: $200K, 500 MQLs")
    assert parsed.snapshot is not None
    assert parsed.snapshot.period_weeks == 26


def test_a_half_the_plan_is_for_does_not_date_the_figures() -> None:
    parsed = parse_message(
        "Search: $400K, 2,000 MQLs\nEvents: $200K, 500 MQLs\nOur budget for H2 is $1.2M."
    )
    assert parsed.snapshot is not None
    assert parsed.snapshot.period_weeks == 13


def test_key_value_blocks_are_one_channel_each() -> None:
    text = (
        "Last month:\n"
        "Channel: customer dinners\nSpend: $90,000\nResult: 120 SQLs\n\n"
        "Channel: Facebook/Instagram\nSpend: $400K\nResult: 900 SQLs\n"
    )
    parsed = parse_message(text)
    assert parsed.snapshot is not None
    figures = {(c.name, c.channel_type, c.spend, c.outcome) for c in parsed.snapshot.channels}
    assert figures == {
        ("customer dinners", ChannelType.EVENTS, 90_000.0, 120.0),
        ("Facebook/Instagram", ChannelType.SOCIAL, 400_000.0, 900.0),
    }
    assert parsed.snapshot.period_weeks == 4
    assert not [i for i in parsed.issues if i.severity == "error"]


def test_a_single_keyed_block_stays_prose() -> None:
    parsed = parse_message("Budget: $1.2M\nObjective: max MQLs")
    assert parsed.snapshot is None
