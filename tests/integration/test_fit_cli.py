"""``budgetmix fit`` on the demo files in data/ and on broken files."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from assistant.cli import main
from model_engine.mmm import load_fitted_model

DATA = Path(__file__).resolve().parents[2] / "data"
ROBYN = DATA / "robyn_dt_simulated_weekly.csv"
FAST = ["--bootstrap", "20"]


@pytest.fixture(scope="module")
def robyn_json() -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "fit", str(ROBYN), "--json", *FAST],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_json_output_has_the_documented_shape(robyn_json: dict) -> None:
    channels = robyn_json["channels"]
    assert set(channels) == {"tv_S", "ooh_S", "print_S", "search_S", "facebook_S"}
    for values in channels.values():
        for key in ("roi", "roi_low", "roi_high", "mroi", "contribution", "contribution_share"):
            assert isinstance(values[key], float)
        assert values["roi_low"] <= values["roi_high"]
        assert values["adstock"]["type"] in {"geometric", "weibull"}
        assert values["saturation"]["type"] == "hill"
        assert values["saturation"]["half_saturation"] > 0
    metrics = robyn_json["metrics"]
    assert set(metrics) >= {"train_mape", "holdout_mape", "r2"}
    # MAPEs in percent: this file fits to within a few percent, not a few hundredths.
    assert 1.0 < metrics["holdout_mape"] < 15.0
    assert robyn_json["verdict"].startswith(f"MAPE {metrics['holdout_mape']:.1f}% on the last 15%")
    assert robyn_json["usable_for_planning"] is True
    assert robyn_json["interval_level"] == 0.9
    assert robyn_json["seconds"] > 0


def test_contribution_is_the_total_and_share_is_over_the_target(robyn_json: dict) -> None:
    revenue = pd.read_csv(ROBYN)["revenue"].sum()
    for name, values in robyn_json["channels"].items():
        spend = pd.read_csv(ROBYN)[name].sum()
        assert values["contribution_share"] == pytest.approx(values["contribution"] / revenue)
        assert values["roi"] == pytest.approx(values["contribution"] / spend)


def test_human_output_shows_the_detection_and_saves_a_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "model.json"
    data = DATA / "pymc_marketing_mock_cgp_data.csv"
    code = main(["fit", str(data), "--target", "target1", "--save", str(saved), *FAST])
    out = capsys.readouterr().out
    assert code == 0
    assert "- Dates: column 'Weeks'" in out
    assert "- Target: 'target1'" in out
    assert "Verdict: MAPE" in out
    assert f"Saved the model to {saved}" in out
    model = load_fitted_model(saved).to_response_model(horizon_weeks=13)
    assert model.source == "history"
    assert "Google Search" in model.names


def test_named_columns_override_detection(capsys: pytest.CaptureFixture[str]) -> None:
    named = ["--channels", "tv_S,search_S", "--controls", "competitor_sales_B"]
    code = main(["fit", str(ROBYN), *named, "--json", "--holdout", "0.2", "--seed", "3", *FAST])
    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(payload["channels"]) == {"tv_S", "search_S"}
    assert payload["verdict"].startswith(
        f"MAPE {payload['metrics']['holdout_mape']:.1f}% on the last 20%"
    )


def weekly(rows: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "week": pd.date_range("2023-01-02", periods=rows, freq="7D").strftime("%Y-%m-%d"),
            "sales": rng.normal(10_000, 500, rows).round(2),
            "tv_spend": rng.gamma(2, 500, rows).round(2),
            "search_spend": rng.gamma(2, 300, rows).round(2),
        }
    )


def broken(kind: str) -> pd.DataFrame:
    frame = weekly()
    if kind == "negative":
        frame.at[11, "tv_spend"] = -250.0
    elif kind == "text":
        frame["search_spend"] = frame["search_spend"].astype(object)
        frame.at[6, "search_spend"] = "n/a?"
    elif kind == "duplicate":
        frame.at[20, "week"] = str(frame.at[19, "week"])
    elif kind == "missing_date":
        frame.at[30, "week"] = None
    elif kind == "short":
        frame = frame.head(12)
    return frame


@pytest.mark.parametrize(
    ("kind", "args", "expected"),
    [
        # Spreadsheet rows: the header is row 1, so data index 11 is row 13.
        ("negative", [], ["row 13", "'tv_spend'", "negative"]),
        ("text", [], ["row 8", "'search_spend'", "'n/a?'"]),
        ("duplicate", [], ["rows 21, 22", "2023-05-15"]),
        ("missing_date", [], ["row 32", "'week'", "no date"]),
        ("short", [], ["12 weeks", "at least 26"]),
        ("fine", ["--target", "revenue"], ["no column 'revenue'", "sales"]),
    ],
)
def test_bad_files_get_one_clear_message(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    args: list[str],
    expected: list[str],
) -> None:
    path = tmp_path / f"{kind}.csv"
    broken(kind).to_csv(path, index=False)
    code = main(["fit", str(path), *args, *FAST])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err.startswith(f"budgetmix fit: cannot use {path}")
    for phrase in expected:
        assert phrase in captured.err
    assert "Traceback" not in captured.err


def test_a_missing_file_and_bad_options_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["fit", str(tmp_path / "nope.csv")]) == 2
    assert "no file at" in capsys.readouterr().err
    assert main(["fit", str(ROBYN), "--holdout", "0.8"]) == 2
    assert "--holdout must be a share of the weeks between 0 and 0.5" in capsys.readouterr().err
    assert main(["fit", str(ROBYN), "--interactions", "tv_S:radio", *FAST]) == 2
    assert "unknown channel 'radio'" in capsys.readouterr().err
    assert main(["fit", str(ROBYN), "--save", str(tmp_path / "no" / "dir" / "m.json"), *FAST]) == 2
    assert "cannot save the model" in capsys.readouterr().err


def test_process_exit_code_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "negative.csv"
    broken("negative").to_csv(path, index=False)
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "fit", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "tv_spend" in result.stderr


def test_experiments_calibrate_the_fit_and_bad_rows_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tests = tmp_path / "tests.csv"
    tests.write_text(
        "channel,start,end,spend_change,outcome_change,outcome_change_se,measured_until\n"
        "facebook_S,2018-03-05,2018-04-09,60000,90000,20000,2018-04-30\n"
    )
    code = main(["fit", str(ROBYN), "--experiments", str(tests), "--json", *FAST])
    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    calibration = payload["calibration"]
    facebook = calibration["channels"]["facebook_S"]
    assert facebook["tested"] is True
    assert calibration["channels"]["tv_S"]["tested"] is False
    for key in ("roi_before", "roi_before_low", "roi_before_high", "roi_after", "moved"):
        assert isinstance(facebook[key], float)
    (check,) = facebook["tests"]
    assert check["measured_until"] == "2018-04-30"
    assert check["spend_change"] == 60_000
    assert isinstance(check["contradicts"], bool)
    assert payload["channels"]["facebook_S"]["roi"] == facebook["roi_after"]

    tests.write_text(
        "channel,start,end,spend_change,outcome_change,outcome_change_se\n"
        "facebook_S,2018-03-05,2018-04-09,60000,90000,20000\n"
        "radio,2018-03-05,2018-04-09,60000,90000,20000\n"
        "tv_S,2018-03-05,2018-02-01,60000,90000,-5\n"
    )
    code = main(["fit", str(ROBYN), "--experiments", str(tests), *FAST])
    error = capsys.readouterr().err
    assert code == 2
    assert "row 3, column 'channel': 'radio' is not a channel of the data" in error
    assert "row 4, column 'end'" in error
    assert "row 4, column 'outcome_change_se'" in error
    assert "Traceback" not in error
