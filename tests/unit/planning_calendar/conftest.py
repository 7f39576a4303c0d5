"""A small fitted history for calendar and forecast tests: three channels, two years, low
noise, no bootstrap (the tests check optimisation, not intervals, unless they fit their own)."""

from __future__ import annotations

import pytest

from model_engine.datasets import WeeklyHistory
from model_engine.mmm import HistoryFit, MarketingMixModel
from model_engine.simulation import default_scenario, simulate


@pytest.fixture(scope="session")
def small_history() -> WeeklyHistory:
    return simulate(default_scenario(n_weeks=104, n_channels=3, noise=0.02), seed=3).history


@pytest.fixture(scope="session")
def small_fit(small_history: WeeklyHistory) -> HistoryFit:
    return MarketingMixModel(seed=0, n_bootstrap=20).fit(small_history).result_
