"""Readings that come from the structure of a sentence rather than one phrasing: each test
writes the same meaning in words the corpus does not use."""

from __future__ import annotations

import pytest
from support.intake import read_after_figures

from model_engine.constraints import ChannelBound, GroupBound
from model_engine.intake import ParsedMessage, parse_message


@pytest.mark.parametrize(
    ("sentence", "budget"),
    [
        ("The CFO green-lit $900K for the coming quarter.", 900_000),
        ("Leadership approved 1.1M.", 1_100_000),
        ("We were given $800K to work with next quarter.", 800_000),
        ("Our allocation for next quarter is $950K.", 950_000),
        ("For the upcoming quarter we're getting $1M.", 1_000_000),
        ("The spending limit next quarter is $700K.", 700_000),
    ],
)
def test_a_budget_someone_grants_is_read_without_the_word_budget(
    sentence: str, budget: float
) -> None:
    parsed = read_after_figures(sentence)
    assert parsed.budget == budget, parsed.describe()
    assert parsed.ready_to_plan, parsed.describe()


@pytest.mark.parametrize(
    "sentence",
    [
        "Next quarter we want 5,000 MQLs.",  # a count, not money
        "We spent $750K in total last quarter.",  # the past
        "Paid search gets $300K next quarter at least.",  # about one channel
    ],
)
def test_an_amount_beside_a_coming_period_is_not_always_a_budget(sentence: str) -> None:
    assert read_after_figures(sentence).budget is None


@pytest.mark.parametrize(
    ("sentence", "budget"),
    [
        ("Next quarter we'll have $150K more than we spent this quarter.", 900_000),
        ("Our budget next quarter is $50K less than what we spent last quarter.", 700_000),
        ("We're getting 20% more next quarter than last quarter.", 900_000),
    ],
)
def test_a_budget_relative_to_what_was_spent_by_an_amount_or_a_share(
    sentence: str, budget: float
) -> None:
    assert read_after_figures(sentence).budget == pytest.approx(budget)


def test_a_relative_budget_that_leaves_nothing_is_an_error() -> None:
    parsed = read_after_figures("Next quarter we'll have $800K less than we spent last quarter.")
    assert parsed.budget is None
    assert "impossible_budget" in {i.code for i in parsed.errors}


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Gross margin per MQL sits at about $90.", 90),
        ("Every closed MQL nets us roughly $120.", 120),
        ("We clear around $75 on each MQL.", 75),
        ("That's $60 of profit per MQL.", 60),
        ("The average MQL brings in $110 in revenue.", 110),
    ],
)
def test_a_value_per_outcome_said_as_money_made(sentence: str, value: float) -> None:
    parsed = read_after_figures(sentence)
    assert parsed.objective is not None, parsed.describe()
    assert parsed.objective.kind == "profit"
    assert parsed.objective.value_per_outcome == value


def test_paying_per_outcome_is_a_cost_not_a_value() -> None:
    parsed = read_after_figures("We can pay no more than $150 per MQL.")
    assert parsed.objective is not None
    assert parsed.objective.kind == "volume_at_cac"


@pytest.mark.parametrize(
    ("sentence", "amount"),
    [
        ("Past $250K, more webinars add very little.", 250_000),
        ("Webinars stop paying off after $250K.", 250_000),
        ("Once we pass $250K, extra webinars spend doesn't move the needle.", 250_000),
        ("Webinar returns tail off above $250K.", 250_000),
        ("Webinars hit diminishing returns past a quarter of a million.", 250_000),
    ],
)
def test_curve_idioms_mean_returns_flatten_past_the_amount(sentence: str, amount: float) -> None:
    parsed = read_after_figures(sentence)
    assert [(h.channel, h.meaning, h.stated) for h in parsed.curve_hints] == [
        ("webinars", "flattens_past", amount)
    ], parsed.describe()
    assert parsed.snapshot is not None
    spend = {c.name: c.spend for c in parsed.snapshot.channels}
    assert spend["webinars"] == 200_000  # the threshold is never read as a spend


def test_half_a_million_is_an_amount_not_a_half_year() -> None:
    parsed = read_after_figures("Display hits diminishing returns past half a million.")
    assert parsed.snapshot is not None
    assert parsed.snapshot.period_weeks == 13
    assert [h.stated for h in parsed.curve_hints] == [500_000]


def _bounds(parsed: ParsedMessage) -> set[tuple[str, tuple[str, ...], float]]:
    """(floor or cap, channels, amount) for each bound read."""
    found = set()
    for c in parsed.constraints:
        assert isinstance(c, ChannelBound | GroupBound), c
        names = c.channels if isinstance(c, GroupBound) else (str(c.channel),)
        bound = c.minimum if c.minimum is not None else c.maximum
        assert bound is not None
        kind = "floor" if c.minimum is not None else "cap"
        found.add((kind, tuple(sorted(names)), bound.value))
    return found


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Cap both webinars and display at $250K.", "cap"),
        ("Webinars and display may each take at most $250K.", "cap"),
        ("Keep both webinars and display at or above $250K.", "floor"),
        ("Neither webinars nor display can go below $250K.", "floor"),
        ("Webinars and display: no more than $250K apiece.", "cap"),
    ],
)
def test_one_limit_for_each_of_two_channels(sentence: str, kind: str) -> None:
    parsed = read_after_figures(sentence)
    assert _bounds(parsed) == {
        (kind, ("webinars",), 250_000),
        (kind, ("display",), 250_000),
    }, parsed.describe()


def test_two_channels_together_still_share_one_limit() -> None:
    parsed = read_after_figures("Webinars and display combined no more than $250K.")
    assert _bounds(parsed) == {("cap", ("display", "webinars"), 250_000)}, parsed.describe()


@pytest.mark.parametrize(
    "text",
    [
        "Last month: webinars $200K spent, 900 MQLs | display $150K spent, 300 MQLs No more than "
        "$180K on display.",
        "last month: webinars $200K spent, 900 MQLs | display $150K spent, 300 MQLs Keep display "
        "under $180K",
    ],
)
def test_a_sentence_run_on_without_its_full_stop_is_read_apart(text: str) -> None:
    parsed = parse_message(text)
    assert parsed.snapshot is not None
    assert {c.name: c.spend for c in parsed.snapshot.channels} == {
        "webinars": 200_000,
        "display": 150_000,
    }, parsed.describe()
    assert _bounds(parsed) == {("cap", ("display",), 180_000)}, parsed.describe()


def _fixed(parsed: ParsedMessage) -> set[tuple[str, float]]:
    return {
        (str(c.channel).casefold(), c.minimum.value)
        for c in parsed.constraints
        if isinstance(c, ChannelBound)
        and c.minimum is not None
        and c.maximum is not None
        and c.minimum.value == c.maximum.value
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "We signed a $180K retainer for display, so don't change it.",
        "We prepaid $180K for display.",
        "Display: $180K, non-negotiable.",
        "Display has a $180K contract that is set in stone.",
    ],
)
def test_a_commitment_fixes_the_channel_at_its_amount(sentence: str) -> None:
    parsed = read_after_figures(sentence)
    assert _fixed(parsed) == {("display", 180_000)}, parsed.describe()
    assert parsed.snapshot is not None
    assert {c.name.casefold(): c.spend for c in parsed.snapshot.channels}["display"] == 150_000


def test_a_spend_outcome_pair_under_its_heading_reads_a_count_with_a_suffix() -> None:
    parsed = parse_message(
        "Spend / demos last month: podcasts $310K/4.2k, radio $120,000/1.1K, blog $40K/600."
    )
    assert parsed.snapshot is not None
    assert {c.name: (c.spend, c.outcome) for c in parsed.snapshot.channels} == {
        "podcasts": (310_000, 4_200),
        "radio": (120_000, 1_100),
        "blog": (40_000, 600),
    }, parsed.describe()


def test_a_budget_a_channel_had_is_its_spend_not_the_plan_budget() -> None:
    parsed = parse_message(
        "Last quarter podcasts generated 700 MQLs with a budget of $250K, and radio brought "
        "300 MQLs on $100K. We have $400K to allocate next quarter."
    )
    assert parsed.snapshot is not None
    assert {c.name: c.spend for c in parsed.snapshot.channels} == {
        "podcasts": 250_000,
        "radio": 100_000,
    }, parsed.describe()
    assert parsed.budget == 400_000


def test_a_table_aligned_with_spaces_is_read_as_a_table() -> None:
    parsed = parse_message(
        "Last month\n"
        "Channel         Spend        Demos\n"
        "Trade shows     $310K        1,250\n"
        "Partner Q1      95,000 USD   two hundred\n"
        "Paid social     $0.2M        800\n"
        "Keep trade shows at  least $200K."
    )
    assert parsed.snapshot is not None, parsed.describe()
    assert {c.name: (c.spend, c.outcome) for c in parsed.snapshot.channels} == {
        "Trade shows": (310_000, 1_250),
        "Partner Q1": (95_000, 200),
        "Paid social": (200_000, 800),
    }, parsed.describe()
    assert parsed.snapshot.period_weeks == 4
    assert len(parsed.constraints) == 1


def test_one_line_with_a_double_space_is_not_a_table() -> None:
    parsed = parse_message("Search  $400K spent, 2,400 MQLs last quarter.")
    assert parsed.snapshot is not None
    assert [(c.name, c.spend, c.outcome) for c in parsed.snapshot.channels] == [
        ("Search", 400_000, 2_400)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "ok so radio $120k got 300 mqls, podcasts was $90K for 410 mqls, $500k to spend next q, "
        "keep radio at least $50k",
        "so radio $120k for 300 MQLs, podcasts $90K got 410 MQLs, budget is $500K next qtr",
    ],
)
def test_a_run_on_chat_line_finds_the_budget_in_its_own_stretch(text: str) -> None:
    parsed = parse_message(text)
    assert parsed.snapshot is not None, parsed.describe()
    assert {c.name: c.spend for c in parsed.snapshot.channels} == {
        "radio": 120_000,
        "podcasts": 90_000,
    }, parsed.describe()
    assert parsed.budget == 500_000
    assert parsed.budget_period_weeks == 13


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("allocate $3M", 3_000_000),
        ("split the 2M again", 2_000_000),
        ("How would you spend 2.5M?", 2_500_000),
        ("Okay, now distribute $1.8M please", 1_800_000),
        ("Allocate $1.2M and keep at least $100K in Conference.", 1_200_000),
    ],
)
def test_a_request_that_is_just_verb_and_amount_gives_the_budget(text: str, budget: float) -> None:
    parsed = parse_message(text)
    assert parsed.budget == budget
    assert not parsed.unread


def test_a_channels_spend_mid_line_is_not_the_budget() -> None:
    parsed = parse_message("Paid search: spend 400K, 2,400 MQLs")
    assert parsed.budget is None
    assert parsed.snapshot is not None
