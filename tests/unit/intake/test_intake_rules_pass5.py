"""Fifth pass (issue 12): rules, objectives and curve knowledge read by role — a subject, a
limit and an amount, whatever words carry them; each tested in phrasings of its own (not
the development set's)."""

from __future__ import annotations

import pytest
from support.intake import channel_bounds

from model_engine.constraints import Amount, ChangeBound, ChannelBound, GroupBound
from model_engine.intake import ParsedMessage, parse_message

DATA = "Last quarter:\nWebinar series: $400K, 1,000 SQLs\nBranded search: $600K, 3,000 SQLs\n"
WEBINARS = "Webinar series"


def _parsed(text: str, data: str = DATA) -> ParsedMessage:
    return parse_message(data + text)


@pytest.mark.parametrize(
    "sentence",
    [
        "The most we'd ever spend on webinar series is $500K.",
        "The most we will put into the webinar series is $500K.",
    ],
)
def test_the_most_we_would_spend_is_a_cap(sentence: str) -> None:
    assert channel_bounds(_parsed(sentence)) == {(WEBINARS, None, 500_000)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Webinar series has to get at least $150K, but not over $450K.",
        "Webinar series needs at least $150K but under $450K.",
        "Webinar series should land somewhere from $150K to $450K.",
        "Keep webinar series in the $150,000-$450,000 range.",
    ],
)
def test_a_floor_and_a_cap_in_one_sentence(sentence: str) -> None:
    assert channel_bounds(_parsed(sentence)) == {
        (WEBINARS, 150_000, None),
        (WEBINARS, None, 450_000),
    }


def test_a_limit_after_but_keeps_the_channel_it_continues() -> None:
    """The cap after "but" is about webinars, not about both channels in the sentence."""
    parsed = _parsed(
        "Branded search went well and webinar series needs at least $150K but under $450K."
    )
    assert channel_bounds(parsed) == {(WEBINARS, 150_000, None), (WEBINARS, None, 450_000)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Webinar series needs 30% of spend or more.",
        "Webinar series should get 30 percent of the budget or more.",
    ],
)
def test_a_share_then_or_more_is_a_share_floor(sentence: str) -> None:
    parsed = _parsed(sentence)
    bounds = [c for c in parsed.constraints if isinstance(c, ChannelBound)]
    assert bounds == [ChannelBound(WEBINARS, minimum=Amount(0.3, share_of_total=True))]


@pytest.mark.parametrize(
    "sentence",
    [
        "Webinar series is a done deal at $350K.",
        "Webinar series should be precisely $350K.",
        "Webinar series is spoken for at $350K.",
    ],
)
def test_a_done_deal_or_a_precise_amount_is_fixed(sentence: str) -> None:
    assert channel_bounds(_parsed(sentence)) == {(WEBINARS, 350_000, 350_000)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Webinar series is off the table.",
        "Webinar series is going dark next quarter.",
        "Bring webinar series down to zero.",
        "Webinar series gets nothing.",
        "We're shelving webinar series.",
    ],
)
def test_pausing_in_other_words_is_a_cap_of_zero(sentence: str) -> None:
    assert channel_bounds(_parsed(sentence)) == {(WEBINARS, None, 0)}


@pytest.mark.parametrize(
    ("sentence", "limit"),
    [
        ("Any cut to webinar series must stay within 15%.", ChangeBound(max_cut=0.15)),
        ("Increase webinar series by 15% at most.", ChangeBound(max_growth=0.15)),
        ("Raise webinar series by no more than 15%.", ChangeBound(max_growth=0.15)),
    ],
)
def test_one_channels_cut_or_growth_limit(sentence: str, limit: ChangeBound) -> None:
    parsed = _parsed(sentence)
    assert [c for c in parsed.constraints if isinstance(c, ChangeBound)] == [
        ChangeBound(limit.max_cut, limit.max_growth, (WEBINARS,))
    ]
    assert not channel_bounds(parsed)  # not a new amount for the channel


@pytest.mark.parametrize(
    "sentence",
    ["No line loses more than a quarter of its budget.", "Every line keeps at least $20K."],
)
def test_lines_are_channels(sentence: str) -> None:
    parsed = _parsed(sentence)
    assert parsed.constraints, parsed.describe()
    assert all(getattr(c, "channel", None) is None for c in parsed.constraints)


def test_between_them_points_at_the_names_after_it() -> None:
    data = DATA + "Podcasts: $200K, 500 SQLs. Those did fine.\n"
    parsed = _parsed("Between them, webinar series and branded search get at most $900K.", data)
    groups = [c for c in parsed.constraints if isinstance(c, GroupBound)]
    assert [set(g.channels) for g in groups] == [{WEBINARS, "Branded search"}]


@pytest.mark.parametrize(
    ("sentence", "cac"),
    [
        ("Max we would pay for each SQL is $300.", 300),
        ("Anything below $250 an SQL is acceptable.", 250),
    ],
)
def test_an_affordable_cost_per_result(sentence: str, cac: float) -> None:
    objective = _parsed(sentence).objective
    assert objective is not None
    assert (objective.kind, objective.target_cac) == ("volume_at_cac", cac)


def test_money_made_off_each_result_is_its_value() -> None:
    objective = _parsed("We make roughly $900 off each SQL.").objective
    assert objective is not None
    assert (objective.kind, objective.value_per_outcome) == ("profit", 900)
    relaxing = _parsed("We're relaxing the webinar series cap.")  # "axing" inside a word
    assert not channel_bounds(relaxing)


def test_a_number_to_hit() -> None:
    objective = _parsed("The figure to hit is 5,000 SQLs at the lowest cost.").objective
    assert objective is not None
    assert (objective.kind, objective.target_volume) == ("spend_for_volume", 5000)


def test_every_last_bit_is_the_most_volume() -> None:
    objective = _parsed("Squeeze every last drop of SQLs out of this budget.").objective
    assert objective is not None
    assert objective.kind == "volume"


@pytest.mark.parametrize(
    "sentence",
    [
        "Webinar series, it turns out, reaches 50% of its peak effect around $500K.",
        "At $500K, webinar series gets half of its maximum response.",
    ],
)
def test_half_of_the_maximum_effect(sentence: str) -> None:
    hints = _parsed(sentence).curve_hints
    assert [(h.channel, h.meaning, h.stated) for h in hints] == [
        (WEBINARS, "half_saturation", 500_000)
    ]
    assert not _parsed(sentence).constraints  # the curve, not a limit for the plan


@pytest.mark.parametrize(
    ("sentence", "channels"),
    [
        ("No channel should more than double.", None),
        ("No line item gets more than twice its current budget.", None),
        ("Don't let webinar series more than double.", (WEBINARS,)),
    ],
)
def test_more_than_double_is_a_growth_limit_of_100_percent(
    sentence: str, channels: tuple[str, ...] | None
) -> None:
    parsed = _parsed(sentence)
    assert parsed.constraints == (ChangeBound(max_growth=1.0, channels=channels),)
    # "twice" about results, not a limit, is no rule
    assert not _parsed("Branded search got more than twice the SQLs of webinar series.").constraints
