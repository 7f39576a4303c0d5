"""Period phrases and planning weeks."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from model_engine.periods import consecutive_weeks, parse_period_phrase

AFTER = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "first", "last", "parts"),
    [
        ("Plan Q1 2027", date(2027, 1, 1), date(2027, 3, 31), ["Q1 2027"]),
        ("H1", date(2027, 1, 1), date(2027, 6, 30), ["H1 2027"]),
        ("the next two quarters", date(2027, 1, 1), date(2027, 6, 30), ["Q1 2027", "Q2 2027"]),
        (
            "next quarter by month",
            date(2027, 1, 1),
            date(2027, 3, 31),
            ["January 2027", "February 2027", "March 2027"],
        ),
        (
            "January to March 2027",
            date(2027, 1, 1),
            date(2027, 3, 31),
            ["January 2027", "February 2027", "March 2027"],
        ),
        ("H2 2027 by quarter", date(2027, 7, 1), date(2027, 12, 31), ["Q3 2027", "Q4 2027"]),
    ],
)
def test_phrases(text: str, first: date, last: date, parts: list[str]) -> None:
    spec = parse_period_phrase(text, after=AFTER)
    assert spec is not None
    assert (spec.first_day, spec.last_day) == (first, last)
    assert [p.label for p in spec.parts] == parts


def test_per_part_budgets_and_no_period() -> None:
    spec = parse_period_phrase("Q1-Q2 2027 with $500K per quarter", after=AFTER)
    assert spec is not None
    assert spec.budget_split == "per_part"
    assert parse_period_phrase("maximize qualified pipeline with $1500", after=AFTER) is None
    with pytest.raises(ValueError, match="runs backwards"):
        parse_period_phrase("Q3 to Q1 2027", after=AFTER)


def test_weeks_follow_the_history_grid_and_the_majority_rule() -> None:
    spec = parse_period_phrase("Q1 2027 by month", after=AFTER)
    assert spec is not None
    weeks = spec.weeks(pd.Timestamp("2019-11-11"))  # a Monday grid
    assert weeks.starts[0] == pd.Timestamp("2027-01-04")  # Dec 28 has most days in December
    assert all(s.day_of_week == 0 for s in weeks.starts)
    assert [len(weeks.positions(label)) for label in weeks.part_labels] == [4, 4, 4]
    plain = consecutive_weeks(pd.Timestamp("2027-01-04"), 13)
    assert plain.n_weeks == 13
    assert plain.parts[0] == "2027-01"
