import pytest

from model_engine.channels import ChannelType
from model_engine.intake.channel_names import channel_type_of, find_channel_mentions
from model_engine.intake.files.columns import spend_channel_type


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Paid search", ChannelType.SEARCH),
        ("SEM", ChannelType.SEARCH),
        ("Google Ads", ChannelType.SEARCH),
        ("Paid Social (LinkedIn)", ChannelType.SOCIAL),
        ("Meta", ChannelType.SOCIAL),
        ("Facebook", ChannelType.SOCIAL),
        ("Content marketing", ChannelType.CONTENT),
        ("SEO", ChannelType.CONTENT),
        ("Organic search", ChannelType.CONTENT),
        ("Blog", ChannelType.CONTENT),
        ("Trade shows", ChannelType.EVENTS),
        ("Webinars", ChannelType.EVENTS),
        ("Email", ChannelType.EMAIL),
        ("Newsletter", ChannelType.EMAIL),
        ("Traditional media", ChannelType.TRADITIONAL),
        ("TV", ChannelType.TRADITIONAL),
        ("Out-of-home", ChannelType.TRADITIONAL),
        ("Radio", ChannelType.TRADITIONAL),
        ("Programmatic display", ChannelType.DISPLAY),
        ("YouTube", ChannelType.VIDEO),
        ("Connected TV", ChannelType.VIDEO),
        ("Partners", ChannelType.AFFILIATE),
        ("Podcasts", ChannelType.PODCASTS),
        ("Sales outbound", ChannelType.OTHER),
    ],
)
def test_labels_map_to_canonical_types(label: str, expected: ChannelType) -> None:
    assert channel_type_of(label) is expected


def test_longest_alias_wins_and_text_is_kept_as_written() -> None:
    mentions = find_channel_mentions("we cut Paid Social and organic search, kept CTV")
    assert [(m.text, m.channel_type) for m in mentions] == [
        ("Paid Social", ChannelType.SOCIAL),
        ("organic search", ChannelType.CONTENT),
        ("CTV", ChannelType.VIDEO),
    ]


def test_aliases_need_word_boundaries() -> None:
    mentions = find_channel_mentions("our research on television")
    assert [(m.text, m.channel_type) for m in mentions] == [("television", ChannelType.TRADITIONAL)]


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("tv_S", ChannelType.TRADITIONAL),
        ("facebook_S", ChannelType.SOCIAL),
        ("mdsp_so", ChannelType.SOCIAL),
        ("mdsp_vidtr", ChannelType.TRADITIONAL),
        ("mdsp_viddig", ChannelType.VIDEO),
        ("LinkedIn Spend", ChannelType.SOCIAL),
        ("tvSpend", ChannelType.TRADITIONAL),
        ("DV360", ChannelType.DISPLAY),
        ("Channel0_spend", ChannelType.OTHER),
    ],
)
def test_spend_columns_map_without_their_markers(column: str, expected: ChannelType) -> None:
    assert spend_channel_type(column) is expected
