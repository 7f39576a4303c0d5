"""Hostile values traced through the command line: ``budgetmix fit`` refuses them with the
row, column and value, so no saved model and no ``optimize --model`` can meet them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from support.cli import cli_error

from assistant.cli import main

REPO = Path(__file__).resolve().parents[3]
ROBYN = REPO / "data" / "robyn_dt_simulated_weekly.csv"


@pytest.mark.parametrize(("column", "value"), [("tv_S", "1e309"), ("revenue", "inf")])
def test_fit_refuses_a_non_finite_value_and_saves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str, value: str
) -> None:
    frame = pd.read_csv(ROBYN, dtype=str, keep_default_na=False)
    frame.loc[4, column] = value  # spreadsheet row 6
    data = tmp_path / "weekly.csv"
    frame.to_csv(data, index=False)
    saved = tmp_path / "model.json"
    code = main(["fit", str(data), "--bootstrap", "0", "--save", str(saved)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"row 6, column {column!r}" in err
    assert repr(value) in err
    assert "Traceback" not in err
    assert not saved.exists()


CURVES = (
    '{"period_weeks": 13, "channels": ['
    '{"name": "Search", "current_spend": 400000, "curve": {"type": "hill", "scale": 4800, '
    '"half_saturation": 400000, "shape": 1.0}}, '
    '{"name": "Social", "current_spend": 300000, "curve": {"type": "hill", "scale": 3000, '
    '"half_saturation": 300000, "shape": 1.5}}]}'
)


@pytest.mark.parametrize(
    "flags",
    [
        ["--max-change", "nan"],
        ["--max-change", "inf"],
        ["--objective", "profit", "--value-per-outcome", "nan"],
        ["--objective", "profit", "--value-per-outcome", "inf"],
    ],
)
def test_optimize_refuses_non_finite_flags_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flags: list[str]
) -> None:
    curves = tmp_path / "curves.json"
    curves.write_text(CURVES)
    code = main(["optimize", "--curves", str(curves), "--budget", "1M", *flags])
    err = capsys.readouterr().err
    assert code == 2
    assert flags[-2] in err
    assert "Traceback" not in err


def test_optimize_refuses_an_absurd_budget_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    curves = tmp_path / "curves.json"
    curves.write_text(CURVES)
    code = main(["optimize", "--curves", str(curves), "--budget", "9" * 31])
    err = capsys.readouterr().err
    assert code == 2
    assert "budget" in err
    assert "cannot all hold" not in err


# A cell of 400 digits reads as infinity; the attribution and experiments readers took it as a
# figure (an infinite conversion count, an infinite spend change). Refused, naming row and column.
FOUR_HUNDRED_DIGITS = "9" * 400


@pytest.mark.parametrize("column", ["total_conversions", "total_conversion_value", "total_null"])
def test_attribute_refuses_a_cell_of_400_digits_naming_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str
) -> None:
    columns = ["path", "total_conversions", "total_conversion_value", "total_null"]
    rows = [["search > email", "3", "120", "5"], ["email", "2", "80", "9"]]
    rows[1][columns.index(column)] = FOUR_HUNDRED_DIGITS  # spreadsheet row 3
    journeys = tmp_path / "paths.csv"
    journeys.write_text("\n".join(";".join(r) for r in [columns, *rows]) + "\n")
    err = cli_error(capsys, "attribute", str(journeys))
    assert f"row 3, column {column!r}" in err
    assert "too large to be a marketing figure" in err
    assert "Traceback" not in err


def test_attribute_refuses_a_budget_of_400_digits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journeys = tmp_path / "paths.csv"
    journeys.write_text("path;total_conversions;total_null\nsearch > email;3;5\nemail;2;9\n")
    err = cli_error(capsys, "attribute", str(journeys), "--budget", FOUR_HUNDRED_DIGITS)
    assert "--budget" in err
    assert "write an amount above 0" in err


@pytest.mark.parametrize("column", ["spend_change", "outcome_change", "outcome_change_se"])
def test_fit_refuses_an_experiment_cell_of_400_digits_naming_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str
) -> None:
    header = ["channel", "start", "end", "spend_change", "outcome_change", "outcome_change_se"]
    row = ["tv_S", "2017-03-06", "2017-04-16", "150000", "90000", "30000"]
    row[header.index(column)] = FOUR_HUNDRED_DIGITS
    experiments = tmp_path / "tests.csv"
    experiments.write_text(",".join(header) + "\n" + ",".join(row) + "\n")
    saved = tmp_path / "model.json"
    err = cli_error(
        capsys, "fit", str(ROBYN), "--bootstrap", "0", "--experiments", str(experiments),
        "--save", str(saved),
    )  # fmt: skip
    assert f"row 2, column {column!r}" in err
    assert "too large to be a marketing figure" in err
    assert "Traceback" not in err
    assert not saved.exists()


def test_ask_prints_the_warnings_its_reply_does_not_list(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BUDGETMIX_DATA_DIR", str(data_dir))
    monkeypatch.setenv("BUDGETMIX_OFFLINE", "1")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    asides = " ".join(f"KPI {n} went up {n + 10}% since 2024." for n in range(1, 8))
    message = (
        "Paid search: $400K spent, 2,400 MQLs. Email: $200K spent, 1,500 MQLs. Budget $600K. "
        + asides
    )
    assert main(["ask", message]) == 0
    captured = capsys.readouterr()
    assert "… and 3 more, listed in this reply's notes." in captured.out
    for percent in ("15%", "16%", "17%"):  # past the five notes the reply lists
        assert f"did not use '{percent}'" not in captured.out
        assert f"note: line 1: did not use '{percent}' in 'KPI" in captured.err
