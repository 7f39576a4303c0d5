"""A history with a geo column is detected as a panel and loaded geo by geo."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from model_engine.intake import IntakeError
from model_engine.panel import detect_geo_column, load_panel
from model_engine.panel.simulation import PanelScenario, simulate_panel

SCENARIO = PanelScenario(n_weeks=60, n_geos=3, n_channels=2)


@pytest.fixture(scope="module")
def panel_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("panel") / "panel.csv"
    simulate_panel(SCENARIO, seed=3).write_csv(str(path))
    return path


def test_an_unnamed_geo_column_is_detected_and_every_geo_loaded(panel_file: Path) -> None:
    assert detect_geo_column(panel_file) == "geo"
    loaded = load_panel(panel_file)
    panel = loaded.panel
    assert panel.geo_column == "geo"
    assert panel.geos == ("market_a", "market_b", "market_c")
    assert panel.channels == ("tv_spend", "search_spend")
    assert all(h.n_weeks == SCENARIO.n_weeks for h in panel.histories)
    summed = sum(h.frame["tv_spend"].to_numpy() for h in panel.histories)
    np.testing.assert_allclose(panel.national.frame["tv_spend"].to_numpy(), summed)
    assert "3 values of 'geo'" in loaded.describe()


def test_the_geo_column_is_matched_ignoring_case(panel_file: Path) -> None:
    assert load_panel(panel_file, geo="GEO").panel.geo_column == "geo"


def test_a_national_file_is_not_a_panel(tmp_path: Path, panel_file: Path) -> None:
    sim = simulate_panel(SCENARIO, seed=3)
    national = tmp_path / "national.csv"
    sim.frame[sim.frame["geo"] == "market_a"].drop(columns=["geo"]).to_csv(national, index=False)
    assert detect_geo_column(national) is None
    with pytest.raises(IntakeError, match="no geo column"):
        load_panel(national)


def test_an_unknown_geo_column_names_the_columns(panel_file: Path) -> None:
    with pytest.raises(IntakeError, match=r"no column 'region'.*week, geo, revenue"):
        load_panel(panel_file, geo="region")


def test_a_geo_missing_a_week_is_named_with_the_week(tmp_path: Path) -> None:
    frame = simulate_panel(SCENARIO, seed=3).frame
    week = frame["week"].iloc[20]
    dropped = frame.drop(frame[(frame["geo"] == "market_b") & (frame["week"] == week)].index)
    path = tmp_path / "gap.csv"
    dropped.to_csv(path, index=False)
    with pytest.raises(IntakeError, match=rf"geo market_b: .*missing: {week:%Y-%m-%d}"):
        load_panel(path)


def test_a_geo_that_stops_early_is_named_with_the_week(tmp_path: Path) -> None:
    frame = simulate_panel(SCENARIO, seed=3).frame
    last = frame["week"].max()
    dropped = frame.drop(frame[(frame["geo"] == "market_c") & (frame["week"] == last)].index)
    path = tmp_path / "short.csv"
    dropped.to_csv(path, index=False)
    with pytest.raises(IntakeError, match=rf"market_c lacks week {last:%Y-%m-%d}"):
        load_panel(path)
