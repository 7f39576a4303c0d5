"""Fourth pass (issue 12 item 1): relative budgets, run rates, volume targets, curve knowledge,
commitments, change limits, what-ifs and figure lists read from how the sentence is built;
each tested in phrasings of its own (not the development set's)."""

from __future__ import annotations

import pytest
from support.intake import channel_bounds

from model_engine.constraints import LockChannel, MaxChange
from model_engine.intake import ParsedMessage, parse_message

DATA = "Last quarter:\nWebinar series: $400K, 1,000 SQLs\nBranded search: $600K, 3,000 SQLs\n"


def _parsed(text: str) -> ParsedMessage:
    return parse_message(DATA + text)


@pytest.mark.parametrize(
    ("sentence", "budget", "weeks"),
    [
        ("For next quarter we are up 20% on this quarter.", 1_200_000, 13),
        ("The coming quarter's budget is 10 percent lower than last quarter.", 900_000, 13),
        ("Next quarter we'll have $150K more than last quarter.", 1_150_000, 13),
        ("We're down 250 grand vs last quarter for the next quarter.", 750_000, 13),
        ("Budget for the next 8 weeks: flat versus the past 8 weeks.", 1_000_000, 8),
        ("Next half's budget is unchanged from H1.", 1_000_000, 26),
    ],
)
def test_a_budget_relative_to_the_period_that_is_over(
    sentence: str, budget: float, weeks: int
) -> None:
    parsed = _parsed(sentence)
    assert (parsed.budget, parsed.budget_period_weeks) == (budget, weeks), parsed.describe()


def test_a_channel_compared_with_last_quarter_is_not_the_budget() -> None:
    parsed = _parsed("Webinar series next quarter is flat vs last quarter.")
    assert parsed.budget is None


@pytest.mark.parametrize(
    ("sentence", "budget", "weeks", "told"),
    [
        ("For next quarter we can spend $40K a week.", 520_000, 13, True),
        ("Next quarter: budget of $100K per month.", 300_000, 13, True),
        ("We have $250K/mo to play with over the next 26 weeks.", 1_500_000, 26, True),
        ("Budget is $90K a month.", 90_000, 4, False),  # the rate's own period is the plan's
        ("Budget: $1M a quarter, next quarter.", 1_000_000, 13, False),
    ],
)
def test_a_run_rate_becomes_the_plan_periods_amount_and_says_how(
    sentence: str, budget: float, weeks: int, told: bool
) -> None:
    parsed = _parsed(sentence)
    assert (parsed.budget, parsed.budget_period_weeks) == (budget, weeks), parsed.describe()
    notes = [i.what for i in parsed.issues if i.code == "budget_from_run_rate"]
    assert bool(notes) == told
    if notes and "month" in sentence:
        assert "months)" in notes[0]


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("We need 5,000 SQLs next quarter.", 5000),
        ("Can you get us to 4.5k SQLs at the lowest cost?", 4500),
        ("Our target is 6,000 SQLs; keep spend as low as you can.", 6000),
        ("Hitting 3,500 qualified SQLs is what matters.", 3500),
    ],
)
def test_a_volume_target_is_the_least_spend_that_reaches_it(sentence: str, target: float) -> None:
    objective = _parsed(sentence).objective
    assert objective is not None
    assert (objective.kind, objective.target_volume) == ("spend_for_volume", target)


def test_a_channel_that_needs_results_is_not_the_plans_target() -> None:
    assert _parsed("Branded search needs 200 more SQLs than that.").objective is None


@pytest.mark.parametrize(
    "sentence", ["Goal is max SQLs.", "Priority: the max SQLs we can get for the money."]
)
def test_max_names_a_volume_objective(sentence: str) -> None:
    objective = _parsed(sentence).objective
    assert objective is not None
    assert objective.kind == "volume"


@pytest.mark.parametrize(
    "sentence",
    [
        "Webinar series gets to half its maximum effect around $700K.",
        "The webinar series reaches half of the full response at $700K.",
        "Webinar series: half-max response at $700K.",
    ],
)
def test_half_its_max_response_is_the_half_saturation_point_not_a_cap(sentence: str) -> None:
    parsed = _parsed(sentence)
    assert not parsed.constraints, parsed.describe()
    (hint,) = parsed.curve_hints
    assert (hint.channel, hint.meaning, hint.half_saturation) == (
        "Webinar series",
        "half_saturation",
        700_000,
    )


def test_saturates_at_is_still_where_returns_flatten() -> None:
    (hint,) = _parsed("Branded search saturates at roughly $900K.").curve_hints
    assert (hint.meaning, hint.stated) == ("flattens_past", 900_000)
    assert not _parsed("Branded search saturates at roughly $900K.").constraints


@pytest.mark.parametrize(
    "sentence",
    [
        "$300K of webinar series is already committed.",
        "Webinar series: $300K contracted, that won't change.",
        "The webinar series deal is $300K and non-negotiable.",
        "Webinar series is locked in at $300K.",
        "Webinar series is frozen at $300K.",
        "We've booked $300K for the webinar series.",
    ],
)
def test_a_commitment_with_one_amount_fixes_the_channel_there(sentence: str) -> None:
    parsed = _parsed(sentence)
    assert channel_bounds(parsed) == {("Webinar series", 300_000, 300_000)}, parsed.describe()
    assert parsed.snapshot is not None
    assert {c.name: c.spend for c in parsed.snapshot.channels}["Webinar series"] == 400_000


@pytest.mark.parametrize(
    "sentence",
    [
        "No changes for branded search.",
        "Branded search stays as it is.",
        "Branded search should stay where it is.",
    ],
)
def test_keep_as_it_is_said_other_ways_locks_the_channel(sentence: str) -> None:
    (lock,) = _parsed(sentence).constraints
    assert isinstance(lock, LockChannel)
    assert lock.channel == "Branded search"


@pytest.mark.parametrize(
    ("sentence", "fraction"),
    [
        ("No channel should swing by more than 15%.", 0.15),
        ("Nothing should move more than 30% either way.", 0.3),
        ("Keep every shift within a fifth.", 0.2),
        ("Hold each change to 10%.", 0.1),
    ],
)
def test_change_limits_said_other_ways(sentence: str, fraction: float) -> None:
    (limit,) = _parsed(sentence).constraints
    assert isinstance(limit, MaxChange)
    assert limit.channels is None
    assert limit.fraction == pytest.approx(fraction)


@pytest.mark.parametrize(
    ("sentence", "bound"),
    [
        ("Nothing below $250K on webinar series.", ("Webinar series", 250_000, None)),
        ("Hard ceiling for branded search: $700K.", ("Branded search", None, 700_000)),
        ("Soft floor on webinar series = $250K.", ("Webinar series", 250_000, None)),
        ("Each line item gets at least $50K.", (None, 50_000, None)),
        ("Nothing gets more than 70% of the budget.", (None, None, 0.7)),
        ("We're stopping webinar series for good.", ("Webinar series", None, 0)),
    ],
)
def test_limits_read_from_the_subject_the_limit_and_the_amount(
    sentence: str, bound: tuple[str | None, float | None, float | None]
) -> None:
    parsed = _parsed(sentence)
    assert channel_bounds(parsed) == {bound}, parsed.describe()


@pytest.mark.parametrize(
    ("sentence", "kind", "value"),
    [
        ("What if $80K gets pulled back mid-quarter?", "delta", -80_000),
        ("And if the budget moved to $1.3M?", "new_total", 1_300_000),
        ("What if they trim us 12%?", "relative", -0.12),
        ("How would it look if we went to $800K?", "new_total", 800_000),
    ],
)
def test_what_ifs_from_their_structure(sentence: str, kind: str, value: float) -> None:
    parsed = _parsed(sentence)
    assert [(c.kind, c.value) for c in parsed.budget_changes] == [(kind, value)]
    assert parsed.snapshot is not None
    assert len(parsed.snapshot.channels) == 2


def test_figures_paired_in_order_with_respectively() -> None:
    parsed = parse_message(
        "Over the last 8 weeks radio ads, podcasts and OTT got $90K, $120K and $60K, "
        "bringing 300, 420 and 150 demos respectively."
    )
    assert parsed.snapshot is not None, parsed.describe()
    assert {(c.name, c.spend, c.outcome) for c in parsed.snapshot.channels} == {
        ("radio ads", 90_000, 300),
        ("podcasts", 120_000, 420),
        ("OTT", 60_000, 150),
    }
    assert not parsed.errors


def test_a_line_heading_holds_after_each_semicolon() -> None:
    parsed = parse_message(
        "Spend last month: radio ads $90K; podcasts 0.12M; OTT $60K\n"
        "Demos: podcasts 1.1k; radio ads 300; OTT 2.4k"
    )
    assert parsed.snapshot is not None, parsed.describe()
    assert {(c.name, c.spend, c.outcome) for c in parsed.snapshot.channels} == {
        ("radio ads", 90_000, 300),
        ("podcasts", 120_000, 1100),
        ("OTT", 60_000, 2400),
    }


def test_labels_inside_parentheses_stay_with_their_channel() -> None:
    parsed = parse_message(
        "Last quarter\nPodcasts (spend $120K; demos 420)\nRadio ads (spend $90K; demos 300)"
    )
    assert parsed.snapshot is not None, parsed.describe()
    assert {(c.name, c.outcome) for c in parsed.snapshot.channels} == {
        ("Podcasts", 420),
        ("Radio ads", 300),
    }


def test_a_verb_after_the_channel_is_not_part_of_its_name() -> None:
    parsed = parse_message(
        "Last quarter, roughly: Customer summit took $200K and returned 90 opportunities. "
        "Partner webinars ate $150K of budget for 60 opportunities."
    )
    assert parsed.snapshot is not None, parsed.describe()
    assert {c.name.casefold() for c in parsed.snapshot.channels} == {
        "customer summit",
        "partner webinars",
    }


def test_a_run_on_lower_case_message_with_also_and_filler() -> None:
    parsed = parse_message(
        "ok so last quarter webinar series was 400k for 1000 sqls and branded search 600k got "
        "3000 sqls and also no channel should swing more than 25% and also keep branded search "
        "as is and honestly budget next quarter is flat vs last quarter lol"
    )
    assert parsed.snapshot is not None, parsed.describe()
    assert len(parsed.snapshot.channels) == 2
    assert parsed.budget == 1_000_000
    kinds = {type(c) for c in parsed.constraints}
    assert kinds == {MaxChange, LockChannel}, parsed.describe()
