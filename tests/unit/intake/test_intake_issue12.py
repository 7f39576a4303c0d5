"""The reading failures listed in issue 12, as a new user hit them, each read right now."""

from __future__ import annotations

import pytest

from model_engine.channels import ChannelType
from model_engine.constraints import Amount, ChannelBound
from model_engine.datasets import ChannelPeriod
from model_engine.intake import ParsedMessage, ProposedReading, parse_message
from model_engine.intake.text.message import MAX_AMOUNTS, MAX_MESSAGE_CHARACTERS
from prompts import seed_prompt

SEED = parse_message(seed_prompt()).snapshot
assert SEED is not None


def _channels(parsed: ParsedMessage) -> list[tuple[str, str, float, float | None]]:
    assert parsed.snapshot is not None, parsed.describe()
    return [(c.name, c.channel_type.value, c.spend, c.outcome) for c in parsed.snapshot.channels]


def _session(*extra: ChannelPeriod) -> tuple[ChannelPeriod, ...]:
    return (*SEED.channels, *extra)


def test_spend_with_the_outcome_in_parentheses() -> None:
    parsed = parse_message(
        "We spent 250k on LinkedIn (410 SQLs), 180k on Google search (690 SQLs) and 90k on "
        "email (300 SQLs)."
    )
    assert _channels(parsed) == [
        ("LinkedIn", "social", 250_000, 410),
        ("Google search", "search", 180_000, 690),
        ("email", "email", 90_000, 300),
    ]
    assert parsed.ok
    assert parsed.snapshot is not None
    assert parsed.snapshot.outcome_name == "SQLs"


def test_an_arrow_between_spend_and_outcome() -> None:
    parsed = parse_message("TV 1.2M -> 4,000 leads\nRadio 300K -> 900 leads")
    assert _channels(parsed) == [
        ("TV", "traditional", 1_200_000, 4_000),
        ("Radio", "traditional", 300_000, 900),
    ]
    assert parsed.ok


def test_millions_and_thousands_as_decimals() -> None:
    parsed = parse_message("we put 0.4M into search (2.4k MQLs)")
    assert _channels(parsed) == [("search", "search", 400_000, 2_400)]
    assert parsed.ok
    assert not parsed.constraints  # "we put ... into" is what happened, not a rule


def test_a_type_word_inside_a_name_is_not_the_name() -> None:
    parsed = parse_message(
        "Last quarter: branded search $300K spent, 2,000 MQLs; non-brand search $500K spent, "
        "2,600 MQLs."
    )
    assert _channels(parsed) == [
        ("branded search", "search", 300_000, 2_000),
        ("non-brand search", "search", 500_000, 2_600),
    ]
    assert parsed.ok


def test_a_contracted_floor_stated_by_reference() -> None:
    expo = ChannelPeriod("Expo booth", ChannelType.EVENTS, 300_000, 400)
    parsed = parse_message(
        "Our expo booth is contracted: keep at least $200K there.", known_channels=_session(expo)
    )
    assert parsed.constraints == (ChannelBound("Expo booth", minimum=Amount(200_000)),)
    assert parsed.ready_to_plan


def test_a_booked_amount_is_a_lock_at_that_amount_not_a_channel() -> None:
    conference = ChannelPeriod("Conference", ChannelType.EVENTS, 400_000, 500)
    parsed = parse_message(
        "the conference is already booked at $350K, so that one is fixed",
        known_channels=_session(conference),
    )
    assert parsed.snapshot is None  # no phantom channel
    assert parsed.constraints == (
        ChannelBound("Conference", minimum=Amount(350_000), maximum=Amount(350_000)),
    )
    assert parsed.ready_to_plan


def test_a_floor_with_a_reason_is_not_dropped() -> None:
    tv = ChannelPeriod("TV", ChannelType.TRADITIONAL, 1_500_000, 4_000)
    parsed = parse_message(
        "TV can't go below 1M because of our upfront deal",
        known_channels=(*SEED.channels[:-1], tv),
    )
    assert parsed.constraints == (ChannelBound("TV", minimum=Amount(1_000_000)),)
    assert parsed.constraint_phrases == ("TV can't go below 1M",)


def test_saturation_is_read_in_the_cmos_sense() -> None:
    (hint,) = parse_message(
        "email saturates at about $300K", known_channels=SEED.channels
    ).curve_hints
    assert (hint.channel, hint.meaning, hint.stated) == ("Email", "flattens_past", 300_000)
    assert hint.half_saturation < 300_000  # half the ceiling is reached well before


def test_an_unread_commitment_is_asked_about_with_a_proposed_rule() -> None:
    expo = ChannelPeriod("Expo booth", ChannelType.EVENTS, 300_000, 400)
    parsed = parse_message(
        "Our expo booth is contracted, we promised the organisers 200K there.",
        known_channels=_session(expo),
    )
    assert not parsed.ready_to_plan
    (fragment,) = parsed.unread
    assert fragment.quote == "Our expo booth is contracted, we promised the organisers 200K there."
    assert fragment.proposals[0] == ProposedReading(
        constraint=ChannelBound("Expo booth", minimum=Amount(200_000))
    )
    assert fragment.question() == "Expo booth at least $200,000?"


def test_an_amount_beside_a_session_channel_with_no_word_for_it_is_asked_about() -> None:
    parsed = parse_message("Email, well, somewhere near 300K I guess", known_channels=SEED.channels)
    assert parsed.snapshot is None  # not taken as email's new spend
    (fragment,) = parsed.unread
    assert fragment.kind == "figure"
    assert {p.describe() for p in fragment.proposals} == {
        "Email spent $300,000",
        "Email fixed at $300,000",
    }


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("x" * (MAX_MESSAGE_CHARACTERS + 1), "characters"),
        ("Search: " + ", ".join(f"${i + 1}K" for i in range(MAX_AMOUNTS + 1)), "amounts"),
    ],
)
def test_a_message_past_the_bound_gets_a_clear_message(text: str, what: str) -> None:
    parsed = parse_message(text)
    (problem,) = parsed.errors
    assert problem.code == "message_too_long"
    assert what in problem.what
    assert "CSV or Excel file" in problem.fix
