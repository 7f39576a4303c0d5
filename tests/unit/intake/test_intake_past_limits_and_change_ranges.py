"""Two readings of the CMO's rules (issue 12): a limit told in the past ("last quarter we kept
at least $200K in events") is history, not a rule for the new plan, and is asked about when it
may be either; one phrase can give both sides of a change limit ("TV can move between -10%
and +25%")."""

from __future__ import annotations

import pytest

from model_engine.constraints import Amount, ChangeBound, ChannelBound
from model_engine.intake import ParsedMessage, parse_message

DATA = (
    "Last quarter:\nTV: $800K, 2,000 leads\nPaid search: $400K, 3,000 leads\n"
    "Events: $300K, 500 leads\nSocial: $200K, 400 leads\n"
)


def _parsed(text: str) -> ParsedMessage:
    return parse_message(DATA + text)


@pytest.mark.parametrize(
    "sentence",
    [
        "Last quarter we kept at least $200K in events.",
        "We capped TV at $1M in Q3.",
        "In Q3 we capped TV at $1M.",
        "Last year we kept events at least $200K.",
        "Previously we capped social at $100K.",
        "In 2025 we kept at least $200K in events.",
        "Events stayed at or above $200K last quarter.",
        "We limited TV to $900K last year.",
        "Last year, search was capped at $500K.",
        "Last year we capped TV at $1M but this quarter we need more reach.",
    ],
)
def test_a_limit_told_as_what_was_done_is_history(sentence: str) -> None:
    parsed = _parsed(sentence)
    assert parsed.constraints == ()
    assert [i.code for i in parsed.issues] == ["limit_read_as_history"]
    assert parsed.issues[0].line == 6
    assert parsed.ready_to_plan  # context, not a question: the plan goes ahead
    assert [c.spend for c in parsed.snapshot.channels] == [800_000, 400_000, 300_000, 200_000]


@pytest.mark.parametrize(
    ("sentence", "proposed"),
    [
        ("We kept at least $200K in events.", ChannelBound("Events", minimum=Amount(200_000))),
        ("We capped TV at $1M.", ChannelBound("TV", maximum=Amount(1_000_000))),
        (
            "We've always kept at least $200K in events.",
            ChannelBound("Events", minimum=Amount(200_000)),
        ),
        (
            "Last quarter we kept at least $200K in events, and we want the same again.",
            ChannelBound("Events", minimum=Amount(200_000)),
        ),
        (
            "Last quarter we kept at least $200K in events and we will keep it that way.",
            ChannelBound("Events", minimum=Amount(200_000)),
        ),
    ],
)
def test_a_past_limit_that_may_still_hold_is_asked_about(
    sentence: str, proposed: ChannelBound
) -> None:
    parsed = _parsed(sentence)
    assert parsed.constraints == ()
    (fragment,) = parsed.unread
    assert fragment.quote == sentence
    assert "what was done before" in fragment.reason
    assert [p.constraint for p in fragment.proposals] == [proposed]
    assert not parsed.ready_to_plan


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        ("Keep at least $200K in events.", ChannelBound("Events", minimum=Amount(200_000))),
        (
            "Events stay at or above $200K next quarter.",
            ChannelBound("Events", minimum=Amount(200_000)),
        ),
        # "As last quarter" says where the rule comes from; the verb is an imperative.
        (
            "As last quarter, keep at least $200K in events.",
            ChannelBound("Events", minimum=Amount(200_000)),
        ),
        (
            "Keep at least $200K in events, as we did last quarter.",
            ChannelBound("Events", minimum=Amount(200_000)),
        ),
        ("Cap TV at $1M in Q3.", ChannelBound("TV", maximum=Amount(1_000_000))),
        ("TV capped at $1M.", ChannelBound("TV", maximum=Amount(1_000_000))),
        ("Keep TV capped at $1M next quarter.", ChannelBound("TV", maximum=Amount(1_000_000))),
        ("TV is capped at $1M.", ChannelBound("TV", maximum=Amount(1_000_000))),
    ],
)
def test_a_present_or_future_rule_is_still_a_rule(sentence: str, rule: ChannelBound) -> None:
    parsed = _parsed(sentence)
    assert parsed.constraints == (rule,)
    assert not parsed.issues
    assert parsed.ready_to_plan


def test_a_past_limit_beside_a_new_rule_keeps_only_the_rule() -> None:
    parsed = _parsed("Last year we capped TV at $1M, but this quarter cap it at $1.5M.")
    assert parsed.constraints == (ChannelBound("TV", maximum=Amount(1_500_000)),)
    assert [i.code for i in parsed.issues] == ["limit_read_as_history"]


def test_past_spend_is_still_data() -> None:
    parsed = parse_message(
        "Last quarter we put $400K into search (2,400 MQLs) and spent $200K on email (1,500 MQLs)."
    )
    assert parsed.snapshot is not None
    assert [(c.name, c.spend) for c in parsed.snapshot.channels] == [
        ("search", 400_000),
        ("email", 200_000),
    ]
    assert parsed.constraints == ()


@pytest.mark.parametrize(
    ("sentence", "cut", "growth", "channels"),
    [
        ("TV can move between -10% and +25%.", 0.1, 0.25, ("TV",)),
        ("Search may drop by up to 10% or grow by up to 30%.", 0.1, 0.3, ("Paid search",)),
        ("Let social fall at most 5% and rise at most 40%.", 0.05, 0.4, ("Social",)),
        ("Search can grow by up to 30% or drop by up to 10%.", 0.1, 0.3, ("Paid search",)),
        ("TV can fall 10% at most and rise 20% at most.", 0.1, 0.2, ("TV",)),
        ("Don't let search drop more than 10% or grow more than 30%.", 0.1, 0.3, ("Paid search",)),
        ("TV can't fall more than 15% or rise more than 20%.", 0.15, 0.2, ("TV",)),
        ("No channel should fall more than 20% or rise more than 50%.", 0.2, 0.5, None),
        ("Any channel can move between -20% and +50%.", 0.2, 0.5, None),
        ("Keep TV changes between -10% and +25%.", 0.1, 0.25, ("TV",)),
        ("Events can move anywhere between +30% and -10%.", 0.1, 0.3, ("Events",)),
    ],
)
def test_one_phrase_gives_both_sides_of_a_change_limit(
    sentence: str, cut: float, growth: float, channels: tuple[str, ...] | None
) -> None:
    parsed = _parsed(sentence)
    (limit,) = parsed.constraints
    assert isinstance(limit, ChangeBound)
    assert limit.max_cut == pytest.approx(cut)
    assert limit.max_growth == pytest.approx(growth)
    assert limit.channels == channels
    assert not parsed.issues  # both amounts were used, neither read as a share of the budget
    assert not parsed.unread


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        # Both ends are rises: a floor above today's spend, not a limit on a move.
        ("TV can move between 10% and 25%.", "impossible_change_limit"),
        ("Search may drop by up to 120% or grow by up to 30%.", "impossible_change_limit"),
        ("Search may drop by up to $50K or grow by up to 30%.", "change_limit_not_percent"),
    ],
)
def test_a_change_range_that_is_not_a_cut_and_a_growth_says_why(sentence: str, code: str) -> None:
    parsed = _parsed(sentence)
    assert parsed.constraints == ()
    assert code in {i.code for i in parsed.issues}


def test_a_change_range_describes_both_sides() -> None:
    (limit,) = _parsed("TV can move between -10% and +25%.").constraints
    assert (
        limit.describe() == "TV is cut by at most 10% and grows by at most 25% from current spend"
    )
