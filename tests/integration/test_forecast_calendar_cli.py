"""``budgetmix forecast`` and ``budgetmix optimize --calendar`` end to end on a demo file."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from assistant.cli import main

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "meridian_national_all_channels.csv"


@pytest.fixture(scope="module")
def split_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    folder = tmp_path_factory.mktemp("forecast")
    frame = pd.read_csv(DATA)
    channels = [c for c in frame.columns if c.endswith("_spend")]
    date = frame.columns[0] if "time" not in frame.columns else "time"
    frame.iloc[:-6].to_csv(folder / "history.csv", index=False)
    frame.iloc[-6:][[date, *channels]].to_csv(folder / "planned.csv", index=False)
    return folder / "history.csv", folder / "planned.csv", channels


def test_forecast_json_contract(
    split_files: tuple[Path, Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    history, planned, _ = split_files
    code = main(
        ["forecast", str(history), "--target", "conversions", "--spend", str(planned), "--json"]
    )
    assert code == 0
    document = json.loads(capsys.readouterr().out)
    assert len(document["weeks"]) == 6
    for week in document["weeks"]:
        assert set(week) == {"week", "expected", "low", "high", "baseline", "media"}
        assert week["low"] <= week["expected"] <= week["high"]
        assert week["expected"] == pytest.approx(week["baseline"] + week["media"])


def test_bad_plan_gets_a_located_message(
    split_files: tuple[Path, Path, list[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    history, planned, channels = split_files
    frame = pd.read_csv(planned).drop(columns=[channels[0]]).drop(index=[2])
    bad = tmp_path / "bad.csv"
    frame.to_csv(bad, index=False)
    code = main(["forecast", str(history), "--target", "conversions", "--spend", str(bad)])
    assert code == 2
    error = capsys.readouterr().err
    assert f"no spend column for {channels[0]}" in error
    assert "row 4" in error
    assert "Traceback" not in error


def test_optimize_calendar_json_contract(
    split_files: tuple[Path, Path, list[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    history, _, _ = split_files
    model = tmp_path / "model.json"
    assert main(["fit", str(history), "--target", "conversions", "--save", str(model)]) == 0
    capsys.readouterr()
    code = main(
        [
            "optimize",
            "--model",
            str(model),
            "--budget",
            "2M",
            "--weeks",
            "8",
            "--start",
            "2024-01-01",
            "--calendar",
            "--json",
            "--max-weekly-change",
            "40",
        ]
    )
    assert code == 0
    document = json.loads(capsys.readouterr().out)
    calendar = document["calendar"]
    assert len(calendar) == 8
    for week in calendar:
        assert set(week) >= {"week", "spend", "expected", "low", "high"}
        assert week["low"] <= week["expected"] <= week["high"]
    total = sum(sum(w["spend"].values()) for w in calendar)
    assert total == pytest.approx(2e6, rel=1e-6)
    assert document["months"]
    assert document["relative_gap"] < 1e-3
    # without --calendar the existing allocation output is unchanged
    assert main(["optimize", "--model", str(model), "--budget", "2M", "--json"]) == 0
    assert "allocation" in json.loads(capsys.readouterr().out)
    assert main(["optimize", "--curves", str(model), "--budget", "2M", "--calendar"]) == 2
