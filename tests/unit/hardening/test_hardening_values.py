"""Hostile values in an uploaded history: each is an error naming the row, the column and the
value with what to do, or (where the value is usable as written) a note; never accepted
silently, never a non-finite number in the history, never an OverflowError later."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model_engine.intake import IntakeError, IntakeIssue, load_history

FIXTURES = Path(__file__).resolve().parents[1] / "intake" / "cases" / "files"
B2B = FIXTURES / "b2b_weekly.csv"
SPEND = "Paid Search Spend"
ROW = 7  # spreadsheet row of data row 5 (the header is row 1)


def _with_cell(tmp_path: Path, column: str, value: str, *, row: int = ROW) -> Path:
    frame = pd.read_csv(B2B, dtype=str, keep_default_na=False)
    frame.loc[row - 2, column] = value
    path = tmp_path / "history.csv"
    frame.to_csv(path, index=False)
    return path


def _only_error(path: Path) -> IntakeIssue:
    with pytest.raises(IntakeError) as raised:
        load_history(path)
    errors = raised.value.errors
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


@pytest.mark.parametrize("value", ["1e309", "-1e309", "inf", "-inf", "Infinity", "INF"])
def test_a_non_finite_spend_is_an_error_naming_row_column_and_value(
    tmp_path: Path, value: str
) -> None:
    issue = _only_error(_with_cell(tmp_path, SPEND, value))
    assert issue.code == "non_finite_value"
    assert (issue.row, issue.column) == (ROW, SPEND)
    assert repr(value) in issue.what
    assert "formula" in issue.fix


@pytest.mark.parametrize("column", ["MQLs", "Competitor Index", "LinkedIn Spend"])
def test_a_non_finite_value_is_an_error_in_every_column_the_history_uses(
    tmp_path: Path, column: str
) -> None:
    issue = _only_error(_with_cell(tmp_path, column, "1e309"))
    assert issue.code == "non_finite_value"
    assert issue.column == column


def test_nan_spelled_out_is_an_error_that_quotes_it(tmp_path: Path) -> None:
    issue = _only_error(_with_cell(tmp_path, SPEND, "NaN"))
    assert issue.code == "missing_values"
    assert issue.row == ROW
    assert "'NaN'" in issue.what


def test_an_absurdly_large_amount_is_an_error_not_an_overflow_later(tmp_path: Path) -> None:
    issue = _only_error(_with_cell(tmp_path, SPEND, "1e300"))
    assert issue.code == "implausible_value"
    assert (issue.row, issue.column) == (ROW, SPEND)
    assert "'1e300'" in issue.what


def test_a_percentage_in_a_spend_column_is_an_error(tmp_path: Path) -> None:
    issue = _only_error(_with_cell(tmp_path, SPEND, "12%"))
    assert issue.code == "percent_in_amount"
    assert (issue.row, issue.column) == (ROW, SPEND)
    assert "'12%'" in issue.what


def test_a_percentage_in_the_target_is_an_error(tmp_path: Path) -> None:
    issue = _only_error(_with_cell(tmp_path, "MQLs", "40%"))
    assert issue.code == "percent_in_amount"
    assert issue.column == "MQLs"


def test_a_control_mixing_percentages_and_plain_numbers_is_an_error(tmp_path: Path) -> None:
    issue = _only_error(_with_cell(tmp_path, "Competitor Index", "12%"))
    assert issue.code == "mixed_percentages"
    assert (issue.row, issue.column) == (ROW, "Competitor Index")


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("$400K,000", "cells that are not numbers"),
        ("1.234.5", "digit groups are uneven"),
        ("1,234,5", "digit groups are uneven"),
        ("2,5,0", "cells that are not numbers"),
    ],
)
def test_ambiguous_or_broken_separators_are_errors_that_say_why(
    tmp_path: Path, value: str, said: str
) -> None:
    issue = _only_error(_with_cell(tmp_path, SPEND, value))
    assert issue.code == "text_in_numeric_column"
    assert issue.row == ROW
    assert repr(value) in issue.what
    assert said in issue.what


def test_an_ambiguous_three_digit_group_says_both_readings(tmp_path: Path) -> None:
    # The file's plain numbers use a decimal point ("38516.63"), so "2.400" could be either.
    issue = _only_error(_with_cell(tmp_path, SPEND, "$2.400"))
    assert issue.code == "text_in_numeric_column"
    assert "could be 2,400 or 2.4" in issue.what


@pytest.mark.parametrize("value", ["-0", "-0.00", "−0"])
def test_minus_zero_spend_is_kept_as_zero_with_a_note(tmp_path: Path, value: str) -> None:
    loaded = load_history(_with_cell(tmp_path, SPEND, value))
    spend = loaded.history.frame[SPEND]
    assert spend.iloc[ROW - 2] == 0.0
    assert not np.signbit(spend.to_numpy()).any()
    notes = [w for w in loaded.warnings if w.code == "negative_zero"]
    assert len(notes) == 1
    assert (notes[0].row, notes[0].column) == (ROW, SPEND)
    assert repr(value) in notes[0].what


def test_a_yes_no_cell_in_a_spend_column_is_an_error(tmp_path: Path) -> None:
    frame = pd.read_csv(B2B)
    frame[SPEND] = frame[SPEND].astype(object)
    frame.loc[ROW - 2, SPEND] = True
    path = tmp_path / "history.xlsx"
    frame.to_excel(path, index=False)
    issue = _only_error(path)
    assert issue.code == "logical_in_amount"
    assert (issue.row, issue.column) == (ROW, SPEND)


def test_every_value_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    frame = pd.read_csv(B2B, dtype=str, keep_default_na=False)
    frame.loc[3, SPEND] = "inf"
    frame.loc[4, "LinkedIn Spend"] = "12%"
    frame.loc[6, "MQLs"] = "1e309"
    frame.loc[8, "Events Spend"] = "$400K,000"
    path = tmp_path / "history.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(IntakeError) as raised:
        load_history(path)
    found = sorted((e.code, e.column, e.row) for e in raised.value.errors)
    assert found == [
        ("non_finite_value", "MQLs", 8),
        ("non_finite_value", SPEND, 5),
        ("percent_in_amount", "LinkedIn Spend", 6),
        ("text_in_numeric_column", "Events Spend", 10),
    ]


def test_an_xlsx_cell_holding_an_overflowing_number_is_an_error(tmp_path: Path) -> None:
    frame = pd.read_csv(B2B)
    frame[SPEND] = frame[SPEND].astype(object)
    frame.loc[ROW - 2, SPEND] = "1e309"
    path = tmp_path / "history.xlsx"
    frame.to_excel(path, index=False)
    issue = _only_error(path)
    assert issue.code == "non_finite_value"
    assert (issue.row, issue.column) == (ROW, SPEND)


def test_a_loaded_history_never_holds_a_non_finite_number() -> None:
    loaded = load_history(B2B)
    assert np.isfinite(loaded.history.frame.to_numpy(dtype=float)).all()


# --- a table pasted in the chat (found by the `ask` command-line fuzz) ------------------------
def test_a_pasted_table_cell_of_four_hundred_digits_is_an_error_not_infinity() -> None:
    from model_engine.intake import parse_message

    parsed = parse_message(f"Channel,Spend,MQLs\nEmail,{'9' * 400},5\nSearch,300000,4")
    assert parsed.snapshot is not None
    assert [c.name for c in parsed.snapshot.channels] == ["Search"]
    (refused,) = [i for i in parsed.errors if i.code == "implausible_value"]
    assert refused.line == 2
    assert refused.channel == "Email"
    assert "too large to be a marketing figure" in refused.what
