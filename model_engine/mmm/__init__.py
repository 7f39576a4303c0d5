"""History fit: a marketing-mix model of a weekly spend history.

``MarketingMixModel(...).fit(history).result_`` is a :class:`HistoryFit`;
``load_fitted_model(path)`` reads one saved with ``save_fitted_model``. Either gives
``to_response_model(horizon_weeks)`` for the optimizer.
"""

from model_engine.mmm.fit import MarketingMixModel
from model_engine.mmm.persistence import SCHEMA_VERSION, load_fitted_model, save_fitted_model
from model_engine.mmm.result import (
    BaselineFit,
    ChannelDraws,
    ChannelFit,
    FitSettings,
    HistoryFit,
    InteractionFit,
)
from model_engine.mmm.validation import Diagnostics, FitMetrics, Verdict

__all__ = [
    "SCHEMA_VERSION",
    "BaselineFit",
    "ChannelDraws",
    "ChannelFit",
    "Diagnostics",
    "FitMetrics",
    "FitSettings",
    "HistoryFit",
    "InteractionFit",
    "MarketingMixModel",
    "Verdict",
    "load_fitted_model",
    "save_fitted_model",
]
