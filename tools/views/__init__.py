"""Typed views of every tool result: one pydantic model each, with unit-typed fields.

Built from engine objects in one place per result (``plan_view``, ``snapshot_fit_view``,
``history_fit_view``, ``scenario_set_view``, ``sensitivity_view``, ``drivers_view``,
``methodology_view``, ``parsed_data_view``, ``loaded_history_view``); the LLM reads their
``model_dump_json()``, and the templates, tool steps, charts, exports and CLI JSON render them.
"""

from tools.views.base import OutcomeView, Range, View
from tools.views.data import DataView, LoadedHistoryView, ParsedDataView
from tools.views.drivers import DriversView
from tools.views.fit import FitView, HistoryFitView, SnapshotFitView
from tools.views.methodology import MethodologyView
from tools.views.plan import ChannelLine, ConstraintLine, PlanView, plan_view
from tools.views.scenarios import ScenarioLine, ScenarioSetView
from tools.views.sensitivity import SensitivityView
from tools.views.units import (
    Count,
    Fraction,
    Money,
    OutcomeAmount,
    Percent,
    Ratio,
    Units,
    Weeks,
    display,
    signed,
    with_name,
)

__all__ = [
    "ChannelLine",
    "ConstraintLine",
    "Count",
    "DataView",
    "DriversView",
    "FitView",
    "Fraction",
    "HistoryFitView",
    "LoadedHistoryView",
    "MethodologyView",
    "Money",
    "OutcomeAmount",
    "OutcomeView",
    "ParsedDataView",
    "Percent",
    "PlanView",
    "Range",
    "Ratio",
    "ScenarioLine",
    "ScenarioSetView",
    "SensitivityView",
    "SnapshotFitView",
    "Units",
    "View",
    "Weeks",
    "display",
    "plan_view",
    "signed",
    "with_name",
]
