"""Budgets and what-ifs read from how the sentence is built (issue 12, fifth pass): the budget
inside a planning request, the total as a ceiling, kept flat, relative in words or over a
year or half; what-ifs that multiply, that name other totals, that tell money arriving or
going, and channel moves said another way. Each case is in words the dev set does not use."""

from __future__ import annotations

import pytest
from support.intake import read_after_figures

from model_engine.intake import ParsedMessage, parse_message
from model_engine.intake.text.parsed import BudgetChange, ChannelChange


@pytest.mark.parametrize(
    ("sentence", "budget", "weeks"),
    [
        ("What mix would you suggest for $1.1M next quarter?", 1_100_000, 13),
        ("How should we divide 900K over the coming month?", 900_000, 4),
        ("Where would you put $2M for H1?", 2_000_000, 26),
        ("Overall spend next quarter can't exceed $950K.", 950_000, 13),
        ("All in, we're capped at 1.2M next quarter.", 1_200_000, 13),
        ("We've got $4M to spend for the whole year.", 4_000_000, 52),
        ("For the back half we have $1.6M.", 1_600_000, 26),
    ],
)
def test_a_budget_in_a_request_or_a_ceiling_is_read_with_its_period(
    sentence: str, budget: float, weeks: int
) -> None:
    parsed = read_after_figures(sentence)
    assert (parsed.budget, parsed.budget_period_weeks) == (budget, weeks), parsed.describe()


@pytest.mark.parametrize(
    "sentence",
    ["Next quarter we keep spend flat.", "The budget won't change next quarter."],
)
def test_a_budget_kept_flat_is_what_was_spent(sentence: str) -> None:
    parsed = read_after_figures(sentence)
    assert parsed.budget == 750_000, parsed.describe()


def test_a_budget_over_or_under_the_last_period_is_taken_of_what_was_spent() -> None:
    parsed = read_after_figures("Budget next quarter: 20% under last quarter.")
    assert parsed.budget == 600_000, parsed.describe()


def test_a_past_total_under_a_figure_is_not_a_budget() -> None:
    parsed = read_after_figures("Total spend last quarter stayed under $800K.")
    assert parsed.budget is None, parsed.describe()


@pytest.mark.parametrize(
    ("sentence", "change"),
    [
        ("Budget is $1M. Suppose finance doubles that?", 1.0),
        ("Budget is $1M. What if the budget got halved?", -0.5),
    ],
)
def test_a_budget_multiplied_in_words_is_a_relative_what_if(sentence: str, change: float) -> None:
    parsed = read_after_figures(sentence)
    assert parsed.budget == 1_000_000, parsed.describe()
    assert parsed.budget_changes == (
        BudgetChange("relative", change, parsed.budget_changes[0].phrase),
    )


def test_other_totals_to_see_are_new_total_what_ifs() -> None:
    parsed = read_after_figures("Budget is $1M. Could you also model it at $800K or $1.3M?")
    totals = sorted(c.value for c in parsed.budget_changes if c.kind == "new_total")
    assert parsed.budget == 1_000_000, parsed.describe()
    assert totals == [800_000, 1_300_000], parsed.describe()


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Should $150K more turn up, where would it go?", 150_000),
        ("What if we get $100K more?", 100_000),
        ("What if finance claws back $200K?", -200_000),
        ("Suppose $120K evaporates mid-quarter.", -120_000),
    ],
)
def test_money_arriving_or_going_is_a_delta_what_if(sentence: str, value: float) -> None:
    parsed = read_after_figures(sentence)
    assert [(c.kind, c.value) for c in parsed.budget_changes] == [("delta", value)], (
        parsed.describe()
    )


def _channel_changes(parsed: ParsedMessage) -> list[tuple[str, str, float]]:
    return sorted((c.channel, c.kind, round(c.value, 3)) for c in parsed.channel_changes)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("What if we quadruple webinars?", [("webinars", "relative", 3.0)]),
        ("What happens if display is halved?", [("display", "relative", -0.5)]),
        ("What if we slash webinars in half?", [("webinars", "relative", -0.5)]),
        ("Suppose we trim display by half.", [("display", "relative", -0.5)]),
        ("What if display went to zero?", [("display", "relative", -1.0)]),
        ("What if paid search gained $50K?", [("paid search", "delta", 50_000.0)]),
        ("Suppose we knock $40K off webinars.", [("webinars", "delta", -40_000.0)]),
        (
            "What if we pulled $60K out of display and spent it on webinars?",
            [("display", "delta", -60_000.0), ("webinars", "delta", 60_000.0)],
        ),
        (
            "What if $30K shifted from webinars over to paid search?",
            [("paid search", "delta", 30_000.0), ("webinars", "delta", -30_000.0)],
        ),
    ],
)
def test_channel_what_ifs_said_another_way(
    sentence: str, expected: list[tuple[str, str, float]]
) -> None:
    parsed = read_after_figures(sentence)
    assert _channel_changes(parsed) == expected, parsed.describe()
    assert not parsed.budget_changes, parsed.describe()


def test_zeroing_out_a_channel_in_a_what_if_is_no_rule() -> None:
    parsed = read_after_figures("What if we zero out display?")
    assert _channel_changes(parsed) == [("display", "relative", -1.0)], parsed.describe()
    assert not parsed.constraints, parsed.describe()


def test_a_channel_change_is_kept_apart_from_the_budget() -> None:
    parsed = read_after_figures("What if webinars got twice the money?")
    assert _channel_changes(parsed) == [("webinars", "relative", 1.0)], parsed.describe()
    assert not parsed.budget_changes, parsed.describe()
    assert isinstance(parsed.channel_changes[0], ChannelChange)


@pytest.mark.parametrize(
    ("sentence", "budget", "weeks"),
    [
        ("Over the next quarter, we're working with $1.4M.", 1_400_000, 13),
        ("For the financial year: $5M total.", 5_000_000, 52),
        ("Spending next quarter stays flat for the next 13 weeks.", 750_000, 13),
        ("Next quarter's budget: a quarter over last quarter.", 937_500, 13),
    ],
)
def test_a_period_said_first_or_a_share_in_words_governs_the_budget(
    sentence: str, budget: float, weeks: int
) -> None:
    parsed = read_after_figures(sentence)
    assert (parsed.budget, parsed.budget_period_weeks) == (budget, weeks), parsed.describe()


def test_other_totals_named_as_versions_are_new_total_what_ifs() -> None:
    parsed = read_after_figures("Plan around $1M. I'd like the $700K and $1.4M scenarios as well.")
    totals = sorted(c.value for c in parsed.budget_changes if c.kind == "new_total")
    assert parsed.budget == 1_000_000, parsed.describe()
    assert totals == [700_000, 1_400_000], parsed.describe()


def test_a_budget_a_third_above_what_was_spent_keeps_its_cents() -> None:
    parsed = parse_message(
        "Last quarter: search $2.5M spent, 9,000 MQLs; events $1.3M spent, 2,000 MQLs.\n"
        "Next quarter we're budgeting a third above last quarter."
    )
    assert parsed.budget == 5_066_666.67, parsed.describe()
