"""One-sided change limits read from chat: a cut or a growth limited on one side only, for
every channel or a named one, and as a share of current spend ("no channel should drop below
80% of what it has now"), never misread as a share of the budget."""

from __future__ import annotations

import pytest

from model_engine.constraints import Amount, ChangeBound, ChannelBound, MaxChange
from model_engine.intake import ParsedMessage, parse_message

DATA = (
    "Last quarter:\nTV: $800K, 2,000 leads\nPaid search: $400K, 3,000 leads\n"
    "Events: $300K, 500 leads\n"
)


def _parsed(text: str) -> ParsedMessage:
    return parse_message(DATA + text)


@pytest.mark.parametrize(
    ("sentence", "cut", "growth", "channels"),
    [
        ("Don't cut anything by more than half.", 0.5, None, None),
        ("Don't reduce any channel by more than 25%.", 0.25, None, None),
        ("No channel should be cut by more than 40%.", 0.4, None, None),
        ("No cuts deeper than 30%.", 0.3, None, None),
        ("No channel should drop below 80% of what it has now.", 0.2, None, None),
        ("Keep every channel at least 70% of its current budget.", 0.3, None, None),
        ("Nothing grows more than 30%.", None, 0.3, None),
        ("Don't grow any channel by more than a third.", None, 1 / 3, None),
        ("Increases are capped at 30% per channel.", None, 0.3, None),
        ("No channel above 130% of its current spend.", None, 0.3, None),
        ("Nothing should fall more than 25%.", 0.25, None, None),
        ("Keep cuts under 20%.", 0.2, None, None),
        ("Growth per channel capped at 50%.", None, 0.5, None),
        ("Don't cut TV by more than 20%.", 0.2, None, ("TV",)),
        ("Don't cut TV and events by more than 20%.", 0.2, None, ("TV", "Events")),
        ("Limit increases to 30% for search.", None, 0.3, ("Paid search",)),
        ("TV can't drop more than 10%.", 0.1, None, ("TV",)),
        ("Don't let TV fall below 75% of its current spend.", 0.25, None, ("TV",)),
        ("Max 20% cut for events.", 0.2, None, ("Events",)),
        ("Search can grow at most 50%.", None, 0.5, ("Paid search",)),
        ("TV can grow by 20% at most.", None, 0.2, ("TV",)),
        ("Cuts of up to 20% are fine.", 0.2, None, None),
        ("Search can grow by up to 150%.", None, 1.5, ("Paid search",)),
        ("Search shouldn't increase by more than 40%.", None, 0.4, ("Paid search",)),
    ],
)
def test_a_one_sided_change_limit_is_read(
    sentence: str, cut: float | None, growth: float | None, channels: tuple[str, ...] | None
) -> None:
    parsed = _parsed(sentence)
    (limit,) = parsed.constraints
    assert isinstance(limit, ChangeBound)
    assert limit.max_cut == (None if cut is None else pytest.approx(cut))
    assert limit.max_growth == (None if growth is None else pytest.approx(growth))
    assert limit.channels == channels
    assert not parsed.issues  # every amount was used
    assert not parsed.unread


def test_both_sides_given_separately_combine() -> None:
    parsed = _parsed("Don't cut anything by more than half, and nothing grows more than 30%.")
    limits = {(c.max_cut, c.max_growth) for c in parsed.constraints if isinstance(c, ChangeBound)}
    assert limits == {(0.5, None), (None, 0.3)}


def test_a_channel_side_and_an_all_channel_side_combine() -> None:
    parsed = _parsed("Don't cut TV by more than 20%. Search can grow at most 50%.")
    assert set(parsed.constraints) == {
        ChangeBound(max_cut=0.2, channels=("TV",)),
        ChangeBound(max_growth=0.5, channels=("Paid search",)),
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "No channel should drop below 80% of what it has now.",
        "Search can grow at most 50%.",
        "Don't cut TV by more than 20%.",
    ],
)
def test_a_share_of_current_spend_is_not_a_share_of_the_budget(sentence: str) -> None:
    assert not any(isinstance(c, ChannelBound) for c in _parsed(sentence).constraints)


def test_a_share_of_the_current_budget_is_a_share_of_the_total() -> None:
    (floor,) = _parsed("Keep TV at least 20% of the current budget.").constraints
    assert floor == ChannelBound("TV", minimum=Amount(0.2, share_of_total=True))


def test_the_symmetric_change_limit_is_still_symmetric() -> None:
    (limit,) = _parsed("Don't change any channel by more than 25%.").constraints
    assert limit == MaxChange(0.25)


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("Don't cut TV by more than $100K.", "change_limit_not_percent"),
        ("No channel above 80% of its current spend.", "impossible_change_limit"),
        ("No channel should drop below 120% of what it has now.", "impossible_change_limit"),
    ],
)
def test_a_limit_that_is_not_a_one_sided_change_says_why(sentence: str, code: str) -> None:
    parsed = _parsed(sentence)
    assert not parsed.constraints
    assert code in {issue.code for issue in parsed.issues}


def test_the_limit_describes_what_the_numbers_obey() -> None:
    (every,) = _parsed("Don't cut anything by more than half.").constraints
    assert every.describe() == "no channel is cut by more than 50% from current spend"
    (growth,) = _parsed("Search can grow at most 50%.").constraints
    assert growth.describe() == "Paid search grows by at most 50% from current spend"
