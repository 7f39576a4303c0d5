"""Lift tests entered as a file or a chat statement: good rows become typed records, every bad
row gets its own message naming the row, the column and the fix."""

from pathlib import Path

import pandas as pd
import pytest

from model_engine.intake import IntakeError
from model_engine.intake.experiments import (
    read_experiment_statement,
    read_experiments_file,
)
from model_engine.simulation import default_scenario, simulate

CHANNELS = ("search", "linkedin_ads", "display")
HEADER = "channel,start,end,spend_change,outcome_change,outcome_change_se,measured_until\n"


def _file(tmp_path: Path, rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "tests.csv"
    path.write_text(header + rows)
    return path


def test_good_rows_become_lift_tests(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "search,2024-03-04,2024-04-14,150000,1200,300,2024-05-12\n"
        "Display,2024-06-03,2024-06-30,-$40K,-90,30,\n",
    )
    reading = read_experiments_file(path, CHANNELS)
    assert reading.issues == ()
    first, second = reading.raise_for_errors()
    assert first.channel == "search"
    assert first.spend_change == 150_000
    assert first.measured_until == pd.Timestamp("2024-05-12")
    assert first.source == "row 2 of tests.csv"
    assert second.channel == "display"
    assert second.spend_change == -40_000
    assert second.measured_until is None
    assert second.last_measured == pd.Timestamp("2024-06-30")


def test_each_bad_row_gets_its_own_located_message(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "search,2024-03-04,2024-04-14,150000,1200,300,\n"  # row 2: good
        "radio,2024-03-04,2024-04-14,150000,1200,300,\n"  # row 3: unknown channel
        "search,March 40th,2024-04-14,150000,1200,300,\n"  # row 4: bad date
        "search,2024-05-01,2024-04-14,150000,1200,300,\n"  # row 5: ends before it starts
        "search,2024-03-04,2024-04-14,0,1200,300,\n"  # row 6: no spend change
        "search,2024-03-04,2024-04-14,150000,1200,0,\n"  # row 7: no standard error
        "search,2024-03-04,2024-04-14,-150000,1200,300,\n"  # row 8: outcome against spend
        "search,2024-03-04,2024-04-14,lots,1200,300,\n"  # row 9: not a number
        "search,2024-03-04,2024-04-14,150000,1200,300,2024-04-01\n",  # row 10: measured early
    )
    reading = read_experiments_file(path, CHANNELS)
    assert [t.source for t in reading.tests] == ["row 2 of tests.csv"]
    found = {(i.row, i.column, i.code) for i in reading.errors}
    assert found == {
        (3, "channel", "unknown_channel"),
        (4, "start", "bad_date"),
        (5, "end", "end_before_start"),
        (6, "spend_change", "zero_spend_change"),
        (7, "outcome_change_se", "bad_se"),
        (8, "outcome_change", "sign"),
        (9, "spend_change", "bad_number"),
        (10, "measured_until", "measured_before_end"),
    }
    with pytest.raises(IntakeError) as raised:
        reading.raise_for_errors()
    message = str(raised.value)
    assert "row 3, column 'channel': 'radio' is not a channel of the data" in message
    assert "use one of: search, linkedin_ads, display" in message
    assert "row 8" in message
    assert "check the signs" in message


def test_a_file_without_the_columns_says_which_are_missing(tmp_path: Path) -> None:
    path = _file(tmp_path, "search,2024-03-04,2024-04-14,1\n", "channel,start,end,spend\n")
    (issue,) = read_experiments_file(path, CHANNELS).errors
    assert issue.code == "missing_columns"
    assert "spend_change, outcome_change, outcome_change_se" in issue.what


def test_amounts_are_checked_against_the_history_for_unit_slips(tmp_path: Path) -> None:
    sim = simulate(default_scenario(n_weeks=60, n_channels=2, noise=0.03), seed=1)
    weekly_search = float(sim.history.frame["search"].mean())
    path = _file(
        tmp_path,
        f"search,2021-03-01,2021-04-11,{weekly_search * 6 * 50:.0f},1200,300,\n"  # 50x spend
        "social,2021-03-01,2021-04-11,150,100,50,\n"  # 150 where 150K was meant
        "search,2021-03-01,2021-04-11,100000,900000000000,100000000000,\n",  # beyond the target
    )
    reading = read_experiments_file(path, sim.history.channels, sim.history)
    codes = {(i.severity, i.code) for i in reading.issues}
    assert ("error", "spend_units") in codes
    assert ("warning", "spend_units") in codes
    assert ("error", "outcome_units") in codes


def test_the_chat_statement_from_the_issue_reads_as_one_test() -> None:
    text = (
        "our March LinkedIn geo test: $150K extra spend over 6 weeks brought 1,200 "
        "incremental MQLs, ±300"
    )
    reading = read_experiment_statement(text, CHANNELS, pd.Timestamp("2024-06-30"))
    assert reading.issues == ()
    (test,) = reading.tests
    assert test.channel == "linkedin_ads"  # LinkedIn is the data's one social channel
    assert test.start == pd.Timestamp("2024-03-01")
    assert test.calendar_weeks == 6
    assert test.spend_change == 150_000
    assert test.outcome_change == 1_200
    assert test.outcome_change_se == 300


def test_a_cut_with_a_confidence_interval_reads_with_its_standard_error() -> None:
    text = "we cut display spend by $40K for 4 weeks in May 2023 and lost 90 leads ±60 (95% CI)"
    (test,) = read_experiment_statement(text, CHANNELS, pd.Timestamp("2024-06-30")).tests
    assert test.start == pd.Timestamp("2023-05-01")
    assert test.spend_change == -40_000
    assert test.outcome_change == -90
    assert test.outcome_change_se == pytest.approx(60 / 1.96, rel=1e-3)


def test_a_statement_missing_its_parts_says_what_to_add() -> None:
    reading = read_experiment_statement(
        "the radio test went well", CHANNELS, pd.Timestamp("2024-06-30")
    )
    codes = {i.code for i in reading.errors}
    assert codes == {"unknown_channel", "no_date", "no_duration", "no_spend", "no_outcome", "no_se"}
    assert all(i.line == 1 for i in reading.errors)
    assert reading.tests == ()


def test_a_statement_whose_result_goes_against_its_spend_is_refused() -> None:
    text = "In April search got $50K more spend over 4 weeks and lost 900 MQLs ±100"
    (issue,) = read_experiment_statement(text, CHANNELS, pd.Timestamp("2024-06-30")).errors
    assert issue.code == "sign"
