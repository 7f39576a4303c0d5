import pytest

from model_engine.adstock import GeometricAdstock, WeibullAdstock
from model_engine.channels import ChannelType
from model_engine.mmm import HistoryFit, MarketingMixModel
from model_engine.simulation import (
    SimulatedChannel,
    SimulatedHistory,
    SimulationScenario,
    default_scenario,
    simulate,
)

# Three channels whose flights do not line up, at 1% noise: a history that identifies its
# curves, so recovery errors come from the fit and not from missing information.
IDENTIFIABLE = SimulationScenario(
    channels=(
        SimulatedChannel(
            "tv", ChannelType.TRADITIONAL, 50_000, "flighted", GeometricAdstock(0.5), 1.0, 1.0, 1.5
        ),
        SimulatedChannel(
            "search", ChannelType.SEARCH, 30_000, "flighted", GeometricAdstock(0.1), 1.0, 1.0, 2.5
        ),
        SimulatedChannel(
            "video", ChannelType.VIDEO, 20_000, "flighted", WeibullAdstock(2.0, 3.0), 1.0, 1.0, 1.2
        ),
    ),
    n_weeks=156,
    noise=0.01,
)


@pytest.fixture(scope="session")
def identifiable_scenario() -> SimulationScenario:
    return IDENTIFIABLE


@pytest.fixture(scope="session")
def identifiable() -> SimulatedHistory:
    return simulate(IDENTIFIABLE, seed=2)


@pytest.fixture(scope="session")
def identifiable_fit(identifiable: SimulatedHistory) -> HistoryFit:
    return MarketingMixModel(n_bootstrap=60, seed=0).fit(identifiable.history).result_


@pytest.fixture(scope="session")
def small() -> SimulatedHistory:
    return simulate(default_scenario(n_weeks=104, n_channels=4, noise=0.03), seed=5)


@pytest.fixture(scope="session")
def small_fit(small: SimulatedHistory) -> HistoryFit:
    model = MarketingMixModel(
        n_bootstrap=25, seed=3, interactions=[("search", "social")], backtest_folds=2
    )
    return model.fit(small.history).result_
