"""`budgetmix ask --json` on the capability routes: the typed attribution, forecast, calendar,
calibration and experiment-design views in the document, across a --session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "data"
PATHS = (
    "path,conversions,nulls\n"
    "Facebook > Search,300,2000\n"
    "Facebook,100,3000\n"
    "Search,400,1500\n"
    "TV > Search,200,500\n"
)
MODELS = {
    "first_touch",
    "last_touch",
    "linear",
    "time_decay",
    "position_based",
    "markov",
    "shapley",
}


def ask_json(data_dir: Path, *args: str) -> dict[str, Any]:
    env = {
        **os.environ,
        "BUDGETMIX_DATA_DIR": str(data_dir),
        "OPENAI_API_KEY": "",
        "OPENAI_BASE_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", "--json", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_an_uploaded_journeys_file_is_attributed(data_dir: Path, tmp_path: Path) -> None:
    journeys = tmp_path / "paths.csv"
    journeys.write_text(PATHS)
    session = str(tmp_path / "cmo.json")
    first = ask_json(data_dir, "--session", session, "--file", str(journeys), "our GA paths")
    assert first["intent"] == "attribute"
    attribution = first["attribution"]
    assert {m["name"] for m in attribution["models"]} == MODELS
    assert "Facebook" in attribution["under_credited_by_last_touch"]
    assert attribution["preferred_model"] is None
    assert first["plan"] is None  # journeys are not a history: nothing was fitted
    chosen = ask_json(data_dir, "--session", session, "We report on Shapley.")
    assert chosen["intent"] == "attribute"
    assert chosen["attribution"]["preferred_model"] == "shapley"
    assert "reporting only" in chosen["reply"]


def test_a_file_called_journeys_that_is_not_says_why(data_dir: Path, tmp_path: Path) -> None:
    upload = tmp_path / "journeys.csv"
    upload.write_text("week,search,social,revenue\n2026-01-05,100,50,900\n")
    document = ask_json(data_dir, "--file", str(upload), "here are our customer journeys")
    assert document["intent"] == "clarify"
    assert document["plan"] is None  # never fitted as a weekly history
    reply = document["reply"]
    assert "could not read the upload as customer journeys" in reply
    assert "journeys.csv" in reply  # which file
    assert "'search'" in reply  # and which columns it has


def test_a_history_session_gets_calendar_forecast_and_experiment_design(
    data_dir: Path, tmp_path: Path
) -> None:
    session = str(tmp_path / "cmo.json")
    history = str(DATA / "robyn_dt_simulated_weekly.csv")
    assert ask_json(data_dir, "--session", session, "--file", history, "our weeks")["intent"] == (
        "fit"
    )
    planned = ask_json(data_dir, "--session", session, "Plan Q1 2027 with a $600K budget")
    assert planned["intent"] == "forecast"
    calendar = planned["calendar"]
    assert calendar["budget"] == 600_000
    assert calendar["kpi"]["name"] == "revenue"
    week = calendar["calendar"][0]
    assert set(week) >= {"week", "spend", "expected", "low", "high"}
    assert set(week["spend"]) == set(calendar["channels"])
    forecast = planned["forecast"]
    assert len(forecast["weeks"]) == len(calendar["calendar"])
    assert set(forecast["weeks"][0]) >= {"week", "expected", "low", "high", "baseline", "media"}

    designed = ask_json(data_dir, "--session", session, "which channel should we test next?")
    assert designed["intent"] == "experiment_design"
    design = designed["experiment_design"]
    contract = list(design)[:10]
    for field in (
        "channel",
        "test_type",
        "weeks",
        "spend_change",
        "minimum_detectable_lift",
        "power",
        "cost",
    ):
        assert field in contract
    assert design["channel"] == design["ranking"][0]["channel"]
    assert planned["calendar"] is not None
    assert designed["calendar"] is None
