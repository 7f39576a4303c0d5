"""Third pass (issue 12 item 1): readings from layout and sentence structure, each tested in
phrasings of its own (not the development set's)."""

from __future__ import annotations

import pytest

from model_engine.intake import ParsedMessage, parse_message
from model_engine.intake.channel_names import find_channel_names
from model_engine.intake.text.line_names import names_at_label_positions


def _channels(parsed: ParsedMessage) -> dict[str, tuple[str, float, float | None]]:
    assert parsed.snapshot is not None, parsed.describe()
    return {
        c.name.casefold(): (c.channel_type.value, c.spend, c.outcome)
        for c in parsed.snapshot.channels
    }


def test_two_channel_words_one_space_apart_are_one_name_with_the_last_as_head() -> None:
    names = [m.text for m in find_channel_names("we moved money into partner webinars")]
    assert names == ["partner webinars"]
    (found,) = find_channel_names("Spring programmatic display is up")
    assert (found.text, found.channel_type.value) == ("Spring programmatic display", "display")


def test_a_type_word_before_another_channel_word_stays_its_own_channel() -> None:
    names = [m.text for m in find_channel_names("email search and radio")]
    assert names == ["email", "search", "radio"]


def test_words_a_layout_puts_before_the_figures_are_the_channel_name() -> None:
    lines = [
        "- onboarding newsletter: $40K, 300 trials",
        "vendor webinar series | 25k | 80 trials",
        "Spend: weekend radio $90K, city billboards 60K",
        "Let's protect events: at least $250K",
        "Hard cap on Google Ads: $30K",
    ]
    names = names_at_label_positions(lines)
    assert "onboarding newsletter" in names
    assert "vendor webinar series" in names
    assert "weekend radio" in names
    assert "city billboards" in names
    assert not any("protect" in n or "cap" in n for n in names)


def test_a_name_stated_by_the_layout_holds_in_prose_later_in_the_message() -> None:
    parsed = parse_message(
        "Last month\nweekend radio: $90K, 450 demos\ncity billboards: $60K, 120 demos\n"
        "Keep weekend radio as is."
    )
    assert set(_channels(parsed)) == {"weekend radio", "city billboards"}
    (lock,) = parsed.constraints
    assert getattr(lock, "channel", None) == "weekend radio"


def test_a_rule_with_a_colon_is_never_a_channel() -> None:
    parsed = parse_message(
        "Last quarter: TV $300K, 900 leads; podcasts $100K, 200 leads.\nHard cap on TV: $250K."
    )
    assert set(_channels(parsed)) == {"tv", "podcasts"}


def test_rows_with_slashes_under_a_header_are_a_table() -> None:
    parsed = parse_message(
        "source / budget spent / signups\nradio spots / 45,000 / 310\nsearch / 80,000 / 1,200"
    )
    channels = _channels(parsed)
    assert channels["radio spots"][1:] == (45_000, 310)
    assert channels["search"][1:] == (80_000, 1_200)


@pytest.mark.parametrize(
    "line",
    [
        "Display: 120k at 60 dollars a demo",
        "Display — $120K, $60/demo",
        "Display $120K, cost per demo $60",
    ],
)
def test_a_cost_that_names_its_outcome_gives_the_count(line: str) -> None:
    parsed = parse_message(f"Q2 figures\n{line}\nSearch: $90K, $45/demo")
    assert parsed.snapshot is not None
    assert parsed.snapshot.outcome_name == "demos"
    assert _channels(parsed)["display"][2] == pytest.approx(2_000)
    assert _channels(parsed)["search"][2] == pytest.approx(2_000)


def test_a_count_after_the_word_budget_is_not_the_budget() -> None:
    parsed = parse_message(
        "Last quarter email used $50K of budget for 300 signups. Radio took $80K for 200 signups."
    )
    assert parsed.budget is None


def test_a_past_tense_verb_after_the_channel_word_is_not_part_of_its_name() -> None:
    parsed = parse_message(
        "With $400K, search generated 2,400 MQLs. Email delivered 1,500 MQLs from $200K. "
        "Branded search returned 900 MQLs against $150K."
    )
    assert parsed.snapshot is not None
    names = [c.name for c in parsed.snapshot.channels]
    assert len(names) == 3
    assert not any(w in n for n in names for w in ("generated", "delivered", "returned"))
