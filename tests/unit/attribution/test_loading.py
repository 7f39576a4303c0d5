"""Reading journeys: path tables and event rows from files and pastes, every bad row located
with its fix, and the detector that routes a journeys upload away from the history fit."""

from pathlib import Path

import pandas as pd
import pytest

from model_engine.attribution import detect_journeys, parse_journeys_text, read_journeys
from model_engine.intake import IntakeError

DATA = Path(__file__).resolve().parents[3] / "data"


def paths_of(load) -> dict[tuple[str, ...], tuple[float, float]]:
    j = load.journeys
    return {j.path(p): (j.conversions[p], j.nulls[p]) for p in range(j.n_paths)}


def test_channelattribution_path_table(tmp_path: Path) -> None:
    file = tmp_path / "paths.csv"
    file.write_text(
        "path;total_conversions;total_conversion_value;total_null\n"
        "eta > iota > alpha;1;2.5;3\n"
        "iota > iota;2;3.2;6\n"
        "\n"
        "eta;0;0;4\n"
        "eta > iota > alpha;1;1.5;1\n"
    )
    load = read_journeys(file)
    assert load.roles.format == "path_table"
    assert paths_of(load) == {
        ("eta", "iota", "alpha"): (2, 4),
        ("iota", "iota"): (2, 6),
        ("eta",): (0, 4),
    }
    assert load.journeys.total_value == pytest.approx(7.2)
    assert any(w.code == "repeated_paths" for w in load.warnings)


def test_paths_with_value_and_no_nulls_from_a_markdown_paste() -> None:
    load = parse_journeys_text(
        "| Path | Conversions | Revenue |\n|---|---|---|\n"
        "| Search → Email | 3 | $1,200 |\n| Email | 2 | 300 |\n"
    )
    assert not load.journeys.nulls_known
    assert paths_of(load) == {("Search", "Email"): (3, 0), ("Email",): (2, 0)}
    assert load.journeys.total_value == pytest.approx(1500)


def test_xlsx_path_table(tmp_path: Path) -> None:
    file = tmp_path / "paths.xlsx"
    pd.DataFrame({"path": ["a > b", "b"], "conversions": [3, 1], "nulls": [7, 9]}).to_excel(
        file, index=False
    )
    assert paths_of(read_journeys(file)) == {("a", "b"): (3, 7), ("b",): (1, 9)}


def test_bad_rows_are_named_with_their_values_and_fixes() -> None:
    with pytest.raises(IntakeError) as caught:
        parse_journeys_text(
            "path,conversions,nulls\na > b,2,1\na > > b,1,1\nc,lots,1\n,1,1\nd,1,-3\ne,abc,2\n"
        )
    message = str(caught.value)
    assert (
        "row 4, column 'conversions': values 'lots', 'abc' are not readable as a number" in message
    )
    assert "rows 4, 7" in message
    assert "row 6, column 'nulls': value '-3' is negative" in message
    assert "row 5, column 'path': no path" in message
    assert all(issue.fix for issue in caught.value.errors)


def test_an_empty_step_is_reported_on_its_row() -> None:
    with pytest.raises(
        IntakeError, match=r"row 3, column 'path': the path 'a > > b' has an empty step"
    ):
        parse_journeys_text("path,conversions\nx,1\na > > b,1\n")


def test_rows_without_journeys_are_reported_not_dropped_silently() -> None:
    load = parse_journeys_text("path,conversions,nulls\na,1,1\nb,0,0\n")
    assert [w.code for w in load.warnings] == ["no_journeys_on_row"]
    assert "row 3" in str(load.warnings[0])


def test_spellings_of_one_channel_are_merged_and_said() -> None:
    load = parse_journeys_text("path,conversions\nPaid Search > email,1\npaid_search,2\n")
    assert load.journeys.channels == ("Paid Search", "email")
    assert any(w.code == "channel_spellings_merged" for w in load.warnings)


EVENTS = (
    "user_id,timestamp,channel,converted,value\n"
    "u1,2024-03-01 09:00,Display,0,\n"
    "u1,2024-03-04 09:00,Search,1,120\n"
    "u1,2024-03-06,Email,0,\n"
    "u2,2024-03-02,Social,,\n"
    "u2,2024-03-01,Display,,\n"
    "u2,2024-03-09,,1,40\n"
    "u3,2024-03-09,,yes,15\n"
)


def test_event_rows_split_journeys_at_each_conversion() -> None:
    load = parse_journeys_text(EVENTS)
    j = load.journeys
    assert load.roles.format == "event_rows"
    # u1: Display > Search converts, then Email alone does not; u2's touches are put in time
    # order and its conversion row has no channel; u3 converted with no touch.
    assert paths_of(load) == {
        ("Display", "Search"): (1, 0),
        ("Email",): (0, 1),
        ("Display", "Social"): (1, 0),
    }
    assert j.untracked_conversions == 1
    assert j.total_value == pytest.approx(160)
    assert j.timing is not None
    assert sorted(j.timing.days_before.tolist()) == [0.0, 3.0, 7.0, 8.0]
    assert any(w.code == "conversion_without_touch" for w in load.warnings)


def test_events_without_a_converted_column_are_a_conversion_paths_export() -> None:
    load = parse_journeys_text(
        "customer_id\tdate\tsource\nc1\t2024-01-01\tEmail\nc1\t2024-01-02\tSearch\nc2\t2024-01-01\tEmail\n"
    )
    assert not load.journeys.nulls_known
    assert paths_of(load) == {("Email", "Search"): (1, 0), ("Email",): (1, 0)}
    assert any(w.code == "no_converted_column" for w in load.warnings)


def test_bad_event_rows_are_named() -> None:
    with pytest.raises(IntakeError) as caught:
        parse_journeys_text(
            "user_id,timestamp,channel,converted,value\n"
            "u1,yesterday-ish,Search,0,\n"
            "u1,2024-01-02,,0,\n"
            "u1,2024-01-03,Email,maybe,\n"
            "u2,2024-01-03,Email,0,50\n"
        )
    codes = {issue.code: issue.row for issue in caught.value.errors}
    assert codes == {
        "bad_timestamp": 2,
        "blank_channel": 3,
        "not_a_flag": 4,
        "value_not_on_conversion": 5,
    }


def test_a_table_that_is_not_journeys_says_what_journeys_need() -> None:
    with pytest.raises(IntakeError, match="journeys need either path and conversions"):
        parse_journeys_text("week,tv,sales\n2024-01-01,3,4\n")


def test_no_conversions_at_all_is_an_error() -> None:
    with pytest.raises(IntakeError, match="no conversions"):
        parse_journeys_text("path,conversions,nulls\na,0,5\n")


def test_detector_tells_journeys_from_a_weekly_history(tmp_path: Path) -> None:
    assert not detect_journeys(DATA / "robyn_dt_simulated_weekly.csv").is_journeys
    events = detect_journeys(text=EVENTS)
    assert events.is_journeys
    assert events.format == "event_rows"
    paths = detect_journeys(text="path,conversions,nulls\nsearch > email,3,4\n")
    assert paths.format == "path_table"
    assert not detect_journeys(text="").is_journeys
    assert not detect_journeys(tmp_path / "missing.csv").is_journeys
    snapshot = "channel,spend,mqls\nSearch,400000,2400\n"
    assert not detect_journeys(text=snapshot).is_journeys


def test_missing_file_and_wrong_type(tmp_path: Path) -> None:
    with pytest.raises(IntakeError, match="there is no file"):
        read_journeys(tmp_path / "nope.csv")
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0rest")
    with pytest.raises(IntakeError, match=r"\.xls"):
        read_journeys(legacy)
