"""Chat-text values from issue 18 that used to drop data or read silently: "-0" spend, a
channel that spent nothing but brought results, a suffix with digit groups after it
("$400K,000"), a share where money belongs, and a channel name with a quarter in it."""

from __future__ import annotations

import math

import pytest

from model_engine.intake import ParsedMessage, parse_message


def _figures(parsed: ParsedMessage) -> dict[str, tuple[float, float | None]]:
    assert parsed.snapshot is not None, parsed.describe()
    return {c.name: (c.spend, c.outcome) for c in parsed.snapshot.channels}


@pytest.mark.parametrize(
    "text",
    [
        "Last quarter: Webinars: -0 spend, 320 MQLs. Display: $150K spent, 900 MQLs.",
        "Last month\nWebinars -0 -> 320 MQLs\nDisplay $150K -> 900 MQLs",
        "| Channel | Spend | MQLs |\n|---|---|---|\n| Webinars | -0 | 320 |\n"
        "| Display | $150K | 900 |",
    ],
)
def test_minus_zero_spend_is_zero_and_the_channel_is_kept(text: str) -> None:
    parsed = parse_message(text)
    spend, outcome = _figures(parsed)["Webinars"]
    assert spend == 0
    assert math.copysign(1, spend) == 1  # not -0.0
    assert outcome == 320
    assert "zero_spend_with_outcomes" in {i.code for i in parsed.warnings}
    assert parsed.ok


@pytest.mark.parametrize(
    "text",
    [
        "In Q3 we spent $0 on referrals and got 500 MQLs, and $250K on podcasts for 700 MQLs.",
        "Referrals: $0 spent, 500 MQLs\nPodcasts: $250K spent, 700 MQLs\nThat was last month.",
    ],
)
def test_zero_spend_with_results_is_kept_with_a_note(text: str) -> None:
    parsed = parse_message(text)
    figures = _figures(parsed)
    assert figures["referrals" if "referrals" in figures else "Referrals"] == (0, 500)
    note = next(i for i in parsed.warnings if i.code == "zero_spend_with_outcomes")
    assert "500" in note.what
    assert "kept" in note.what


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("We spent $400K,000 on search (500 MQLs) and $300K on social (800 MQLs).", "$400K,000"),
        ("Budget for next quarter is €1.2M.500. Search: €300K spent, 800 MQLs.", "€1.2M.500"),
        ("Display — 2k,500 / $90K", "2k,500"),
    ],
)
def test_a_suffix_followed_by_digit_groups_is_an_error_naming_the_value(
    text: str, literal: str
) -> None:
    parsed = parse_message(text)
    errors = [i for i in parsed.errors if i.code == "ambiguous_number"]
    assert errors, parsed.describe()
    assert literal in errors[0].what
    assert not parsed.ready_to_plan


def test_a_share_where_the_spend_belongs_is_never_read_silently() -> None:
    parsed = parse_message("Search: 12% spent, 500 MQLs\nSocial: $300K spent, 800 MQLs")
    assert "Search" not in _figures(parsed)
    assert "missing_spend" in {i.code for i in parsed.errors}
    assert any("12%" in i.what for i in parsed.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "Partner Q1: $200K spent, 500 MQLs\nSocial: $300K spent, 800 MQLs",
        "We spent $200K on Partner Q1 (500 MQLs) and $300K on social (800 MQLs) last month.",
        "Partner Q1 — $200K / 500 MQLs\nSocial — $300K / 800 MQLs",
    ],
)
def test_a_channel_named_with_a_quarter_is_kept(text: str) -> None:
    assert set(_figures(parse_message(text))) >= {"Partner Q1"}
