from pathlib import Path

import pandas as pd
import pytest

from model_engine.datasets import WeeklyHistory
from model_engine.intake import MIN_WEEKS, IntakeError, load_history

REPO = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).parent / "cases" / "files"
B2B = FIXTURES / "b2b_weekly.csv"


def _write(tmp_path: Path, frame: pd.DataFrame, name: str = "history.csv") -> Path:
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def test_bad_input_raises_a_value_error_listing_every_problem_with_row_column_and_fix(
    tmp_path: Path,
) -> None:
    frame = pd.read_csv(B2B, dtype=str)
    frame.loc[5, "Paid Search Spend"] = "approx 30k"  # spreadsheet row 7
    frame.loc[9, "LinkedIn Spend"] = "-1200"  # row 11
    frame.loc[14, "MQLs"] = ""  # row 16
    with pytest.raises(ValueError, match="row 7") as raised:
        load_history(_write(tmp_path, frame))
    error = raised.value
    assert isinstance(error, IntakeError)
    assert sorted(i.code for i in error.errors) == [
        "missing_values",
        "negative_spend",
        "text_in_numeric_column",
    ]
    message = str(error)
    assert "row 7: 'approx 30k'" in message
    assert "'LinkedIn Spend' is negative in row 11" in message
    assert "'MQLs' has no value in row 16" in message
    assert all(issue.fix for issue in error.errors)


def test_a_weekly_file_becomes_a_valid_weekly_history() -> None:
    loaded = load_history(B2B)
    history = loaded.history
    assert isinstance(history, WeeklyHistory)
    source = pd.read_csv(B2B, parse_dates=["Week"]).set_index("Week")
    assert history.target == "MQLs"
    assert history.channels == ("Paid Search Spend", "LinkedIn Spend", "Events Spend")
    pd.testing.assert_series_equal(
        history.frame["Paid Search Spend"],
        source["Paid Search Spend"],
        check_names=False,
        check_index_type=False,
        check_freq=False,
    )
    # Impressions are kept for fits that use them, but are not channels.
    assert "LinkedIn Impressions" in history.frame.columns
    assert "LinkedIn Impressions" not in history.channels


def test_xlsx_and_csv_give_the_same_history(tmp_path: Path) -> None:
    frame = pd.read_csv(B2B, parse_dates=["Week"])
    xlsx = tmp_path / "history.xlsx"
    frame.to_excel(xlsx, index=False)
    from_csv = load_history(B2B).history.frame
    from_xlsx = load_history(xlsx).history.frame
    pd.testing.assert_frame_equal(from_csv, from_xlsx, check_dtype=False)


def test_daily_rows_are_summed_into_monday_weeks_and_partial_edges_reported() -> None:
    loaded = load_history(FIXTURES / "b2c_daily.csv")
    daily = pd.read_csv(FIXTURES / "b2c_daily.csv")
    daily["date"] = pd.to_datetime(daily["date"], format="%d/%m/%Y")
    week = pd.Timestamp("2022-01-10")
    in_week = daily[(daily["date"] >= week) & (daily["date"] < week + pd.Timedelta(days=7))]
    weekly = loaded.history.frame
    assert weekly.loc[week, "revenue"] == pytest.approx(in_week["revenue"].sum())
    assert weekly.loc[week, "tv_spend"] == pytest.approx(in_week["tv_spend"].sum())
    assert all(day.weekday() == 0 for day in weekly.index)
    # 2022-01-01 and 02 (a Saturday and Sunday) are a partial week: dropped, and said so.
    (dropped,) = loaded.detection.dropped_rows
    assert dropped.rows == (2, 3)
    assert "partial week of 2021-12-27" in dropped.reason
    # The categorical promo column becomes one 0/1 event per level, "none" being the baseline.
    assert loaded.history.events == ("promo_black friday", "promo_spring sale")
    assert weekly.loc[pd.Timestamp("2022-11-21"), "promo_black friday"] == 1.0
    assert weekly.loc[pd.Timestamp("2022-06-06"), "promo_black friday"] == 0.0


def test_a_geo_panel_is_summed_into_national_weeks() -> None:
    source = pd.read_csv(REPO / "data" / "meridian_geo_media.csv")
    loaded = load_history(REPO / "data" / "meridian_geo_media.csv")
    first = source[source["time"] == "2021-01-25"]
    frame = loaded.history.frame
    assert frame.iloc[0]["conversions"] == pytest.approx(first["conversions"].sum())
    assert frame.iloc[0]["sentiment_score_control"] == pytest.approx(
        first["sentiment_score_control"].mean()
    )
    assert loaded.detection.panel_column == "geo"


def test_nothing_is_dropped_silently(tmp_path: Path) -> None:
    frame = pd.read_csv(B2B)
    frame.insert(0, "", range(len(frame)))  # a bare pandas index
    frame["Notes"] = [f"week {i} was unusual because of reason {i}" for i in range(len(frame))]
    path = tmp_path / "export.csv"
    path.write_text("Weekly report\n" + frame.to_csv(index=False) + "Total,,,,,,,,,\n")
    loaded = load_history(path)
    ignored = {c.name: c.reason for c in loaded.detection.ignored}
    assert ignored["(unnamed column 1)"] == "a row number, not data"
    assert ignored["Notes"].startswith("text, not numbers")
    assert [d.rows for d in loaded.detection.dropped_rows] == [(107,)]
    assert {w.code for w in loaded.warnings} == {"title_rows_skipped", "summary_rows_dropped"}
    account = loaded.describe()
    for words in ("Not used: 'Notes'", "Left out row 107", "skipped 1 row(s) above the header"):
        assert words in account


def test_the_detection_account_names_what_was_found_and_invites_corrections() -> None:
    account = load_history(REPO / "data" / "robyn_dt_simulated_weekly.csv").detection.describe()
    assert "Target: 'revenue'" in account
    assert "tv_S (traditional)" in account
    assert "Impressions/clicks (not spend): facebook_I, search_clicks_P" in account
    assert "Events/holidays (0/1): events_event1, events_event2" in account
    assert "Tell me if any of this is wrong" in account


def test_sunday_weeks_are_kept_as_given() -> None:
    detection = load_history(REPO / "data" / "pymc_marketing_case_study_data.csv").detection
    assert detection.week_start == "Sunday"
    assert str(detection.first_week) == "2014-08-03"


@pytest.mark.parametrize(
    ("written", "date_format"),
    [("%m/%d/%Y", "month/day/year"), ("%d/%m/%Y", "day/month/year")],
)
def test_day_first_or_month_first_is_decided_by_the_dates_themselves(
    tmp_path: Path, written: str, date_format: str
) -> None:
    frame = pd.read_csv(B2B, parse_dates=["Week"])
    frame["Week"] = frame["Week"].dt.strftime(written)
    loaded = load_history(_write(tmp_path, frame))
    assert loaded.detection.date_format == date_format
    assert str(loaded.detection.first_week) == "2022-01-03"


def test_too_few_weeks_says_how_many_are_needed(tmp_path: Path) -> None:
    frame = pd.read_csv(B2B).head(10)
    with pytest.raises(IntakeError, match=f"at least {MIN_WEEKS}"):
        load_history(_write(tmp_path, frame))


def test_an_unknown_column_name_suggests_the_close_one() -> None:
    with pytest.raises(IntakeError, match="Did you mean 'MQLs'"):
        load_history(B2B, target="MQL")


def test_user_choices_override_detection_ignoring_case() -> None:
    loaded = load_history(
        B2B, target="mqls", channels=["paid search spend"], controls=["competitor index"]
    )
    assert loaded.history.channels == ("Paid Search Spend",)
    assert loaded.history.controls == ("Competitor Index",)
    reasons = {c.name: c.reason for c in loaded.detection.ignored}
    assert reasons["LinkedIn Spend"] == "looks like spend but is not in your list of channels"


def test_a_file_that_is_not_a_table_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deck.pptx"
    path.write_bytes(b"PK\x03\x04rest-of-a-zip")
    with pytest.raises(IntakeError) as raised:
        load_history(path)
    assert raised.value.errors[0].code == "wrong_file_type"


def test_a_chosen_column_must_hold_numbers(tmp_path: Path) -> None:
    frame = pd.read_csv(B2B)
    frame["Pipeline"] = ""
    path = _write(tmp_path, frame)
    with pytest.raises(IntakeError, match="'Pipeline' is empty"):
        load_history(path, target="Pipeline")
    with pytest.raises(IntakeError, match="'Week' is the date column"):
        load_history(path, target="Week")


def test_impressions_with_gaps_are_left_out_not_fatal(tmp_path: Path) -> None:
    frame = pd.read_csv(B2B, dtype=str)
    frame.loc[3, "LinkedIn Impressions"] = ""
    loaded = load_history(_write(tmp_path, frame))
    assert "LinkedIn Impressions" not in loaded.history.frame.columns
    reasons = {c.name: c.reason for c in loaded.detection.ignored}
    assert reasons["LinkedIn Impressions"] == (
        "impressions/clicks with empty, text or unusable cells"
    )
