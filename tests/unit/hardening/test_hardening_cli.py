"""Hostile values traced through the command line: ``budgetmix fit`` refuses them with the
row, column and value, so no saved model and no ``optimize --model`` can meet them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

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
