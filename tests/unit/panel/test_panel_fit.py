"""The panel fit on a simulated panel with known truth, and its saved form."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from model_engine.panel import PanelFit, PanelModel, load_panel
from model_engine.panel.fit import Pooling
from model_engine.panel.persistence import load_panel_model, save_panel_model
from model_engine.panel.simulation import PanelScenario, SimulatedPanel, simulate_panel


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> tuple[SimulatedPanel, Path]:
    sim = simulate_panel(PanelScenario(n_weeks=104, n_geos=4, n_channels=3), seed=0)
    path = tmp_path_factory.mktemp("panel") / "panel.csv"
    sim.write_csv(str(path))
    return sim, path


def _fit(path: Path, pooling: Pooling) -> PanelFit:
    panel = load_panel(path).panel
    return PanelModel(pooling=pooling, n_bootstrap=0).fit(panel).result_


def _geo_roi_error(sim: SimulatedPanel, fit: PanelFit) -> float:
    estimate = np.array([[c.roi.estimate for c in g.fit.channels] for g in fit.geos])
    return float(np.mean(np.abs(estimate / sim.true_roi - 1)))


def test_partial_pooling_recovers_geo_returns_better_than_no_pooling(
    simulated: tuple[SimulatedPanel, Path],
) -> None:
    sim, path = simulated
    partial, alone = _fit(path, "partial"), _fit(path, "none")
    assert _geo_roi_error(sim, partial) < _geo_roi_error(sim, alone)
    assert _geo_roi_error(sim, partial) < 0.25
    assert partial.holdout_mape < 8.0
    for g in partial.geos:
        for pooled in g.pooling:
            assert 0.0 < pooled.weight <= 1.0
        for c in g.fit.channels:
            assert c.roi.low <= c.roi.estimate <= c.roi.high
    # The pooled return is the geos' contributions over their spend.
    first = partial.pooled[0]
    total = sum(g.fit.channels[0].contribution.estimate for g in partial.geos)
    assert first.roi.estimate == pytest.approx(total / first.spend)


def test_a_saved_panel_reads_back_with_the_same_numbers(
    simulated: tuple[SimulatedPanel, Path], tmp_path: Path
) -> None:
    _, path = simulated
    fit = _fit(path, "partial")
    loaded = load_panel_model(save_panel_model(fit, tmp_path / "panel.json"))
    assert loaded.geo_names == fit.geo_names
    assert loaded.pooled == fit.pooled
    for before, after in zip(fit.geos, loaded.geos, strict=True):
        assert after.pooling == before.pooling
        assert [c.roi for c in after.fit.channels] == [c.roi for c in before.fit.channels]
    curves = dict(loaded.geo_response_models(13))
    assert set(curves) == set(fit.geo_names)


def test_a_national_model_file_is_not_read_as_a_panel(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"schema": "budgetmix.history_fit"}')
    with pytest.raises(ValueError, match="not a budgetmix panel fit"):
        load_panel_model(path)
