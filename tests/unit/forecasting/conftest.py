from __future__ import annotations

import pytest

from model_engine.datasets import WeeklyHistory
from model_engine.mmm import HistoryFit, MarketingMixModel
from model_engine.simulation import default_scenario, simulate


@pytest.fixture(scope="session")
def forecast_history() -> WeeklyHistory:
    return simulate(default_scenario(n_weeks=104, n_channels=3, noise=0.02), seed=4).history


@pytest.fixture(scope="session")
def forecast_fit(forecast_history: WeeklyHistory) -> HistoryFit:
    return MarketingMixModel(seed=0, n_bootstrap=20).fit(forecast_history).result_
