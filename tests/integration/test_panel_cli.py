"""``budgetmix fit DATA --geo COL`` and ``budgetmix optimize --model M --budget X --by-geo``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.cli import main
from model_engine.panel.simulation import PanelScenario, simulate_panel

GEOS = ("market_a", "market_b", "market_c")
CHANNELS = ("tv_spend", "search_spend", "social_spend")


@pytest.fixture(scope="module")
def panel_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("panel") / "panel.csv"
    simulate_panel(PanelScenario(n_weeks=104, n_geos=3, n_channels=3), seed=2).write_csv(str(path))
    return path


def _run(capsys: pytest.CaptureFixture[str], *arguments: str) -> Any:
    code = main(list(arguments))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def _fail(capsys: pytest.CaptureFixture[str], *arguments: str) -> str:
    code = main(list(arguments))
    captured = capsys.readouterr()
    assert code != 0
    assert "Traceback" not in captured.err
    return captured.err


def test_fit_with_geo_gives_the_usual_document_plus_geos(
    panel_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "panel.json"
    document = _run(
        capsys,
        "fit",
        str(panel_file),
        "--geo",
        "geo",
        "--json",
        "--save",
        str(saved),
        "--bootstrap",
        "10",
    )
    for key in ("target", "channels", "metrics", "verdict", "seconds"):
        assert key in document
    assert set(document["geos"]) == set(GEOS)
    for geo in GEOS:
        channels = document["geos"][geo]["channels"]
        assert set(channels) == set(CHANNELS)
        for values in channels.values():
            assert values["roi_low"] <= values["roi"] <= values["roi_high"]
            assert 0 < values["pooling_weight"] <= 1
    assert document["panel"]["geo_column"] == "geo"
    assert set(document["pooled_channels"]) == set(CHANNELS)
    assert document["saved_to"] == str(saved)

    plan = _run(
        capsys,
        "optimize",
        "--model",
        str(saved),
        "--budget",
        "1.5M",
        "--by-geo",
        "--json",
        "--geo-min",
        "*=200K",
        "--fix-geo",
        "market_b",
        "--max",
        "market_a/tv_spend=50K",
    )
    allocations = plan["allocations"]
    assert {(a["geo"], a["channel"]) for a in allocations} == {
        (g, c) for g in GEOS for c in CHANNELS
    }
    assert sum(a["recommended"] for a in allocations) == pytest.approx(1.5e6)
    assert all(check["holds"] for check in plan["rule_checks"])
    assert min(v["recommended"] for v in plan["geos"].values()) >= 200_000 * (1 - 1e-9)
    fixed = [a for a in allocations if a["geo"] == "market_b"]
    assert all(a["recommended"] == pytest.approx(a["current"]) for a in fixed)

    # Market floors and a national channel cap cross: planned, not refused.
    crossing_rules = ("optimize", "--model", str(saved), "--budget", "1.5M", "--by-geo")
    crossing_rules += ("--json", "--geo-min", "*=200K", "--max", "tv_spend=300K")
    crossing = _run(capsys, *crossing_rules)
    assert all(check["holds"] for check in crossing["rule_checks"])
    tv = sum(a["recommended"] for a in crossing["allocations"] if a["channel"] == "tv_spend")
    assert tv <= 300_000 + 0.01

    # The same rules for profit, a budget to spend at most: at 0.5 a unit of revenue no dollar
    # beyond the market floors pays for itself, at 2 every dollar of the budget does.
    for value, spent in (("0.5", 600_000.0), ("2", 1.5e6)):
        profit = _run(
            capsys, *crossing_rules, "--objective", "profit", "--value-per-outcome", value
        )
        assert all(check["holds"] for check in profit["rule_checks"])
        assert profit["total_spend"] == pytest.approx(spent, rel=1e-6)


def test_a_panel_is_detected_when_geo_is_not_named(
    panel_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _run(capsys, "fit", str(panel_file), "--json", "--bootstrap", "0")
    assert set(document["geos"]) == set(GEOS)


def test_by_geo_on_a_national_model_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    national = tmp_path / "national.json"
    national.write_text('{"schema": "budgetmix.history_fit"}')
    error = _fail(capsys, "optimize", "--model", str(national), "--budget", "1M", "--by-geo")
    assert "--geo COL --save" in error


def test_an_unknown_geo_column_is_a_message_not_a_traceback(
    panel_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    error = _fail(capsys, "fit", str(panel_file), "--geo", "region")
    assert "no column 'region'" in error


def test_a_panel_stored_with_save_as_is_planned_by_geo_from_the_store(
    panel_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BUDGETMIX_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("BUDGETMIX_DATABASE_URL", raising=False)
    fitted = _run(capsys, "fit", str(panel_file), "--geo", "geo", "--save-as", "markets", "--json")
    assert fitted["saved_as"] == {"name": "markets", "version": 1}
    again = _run(capsys, "fit", str(panel_file), "--save-as", "markets", "--json")
    assert again["saved_as"] == {"name": "markets", "version": 2}
    plan = _run(
        capsys,
        "optimize",
        "--model",
        "markets",
        "--budget",
        "1.5M",
        "--by-geo",
        "--geo-min",
        "*=100K",
        "--json",
    )
    assert {a["geo"] for a in plan["allocations"]} == set(GEOS)
    assert sum(a["recommended"] for a in plan["allocations"]) == pytest.approx(1.5e6)
    assert all(check["holds"] for check in plan["rule_checks"])
    error = _fail(capsys, "optimize", "--model", "elsewhere", "--budget", "1M", "--by-geo")
    assert "--save-as NAME" in error
