"""Attribution: customer journeys, multi-touch models and reconciliation with the mix model.

- :func:`read_journeys` / :func:`parse_journeys_text` (file or paste -> :class:`JourneyLoad`):
  path tables (``path,conversions,nulls`` as in ChannelAttribution, or ``path,conversions,
  value``) and event rows (``user_id,timestamp,channel[,converted][,value]``), every bad row
  reported with its fix (:class:`~model_engine.intake.IntakeError`).
- :func:`detect_journeys`: tells a journeys file or paste from a weekly history, for routing.
- :func:`attribute` / :class:`MultiTouchAttribution` (journeys -> :class:`AttributionResult`):
  first touch, last touch, linear, time decay, position-based, Markov removal effects (any
  order, solved exactly) and Shapley values (exact over the coalitions present), side by side,
  with last touch's under- and over-credit and what a budget following it would move.
- :func:`reconcile` (attribution + a fitted mix model -> :class:`Reconciliation`): attribution
  shares beside the mix model's incremental contribution shares with intervals, disagreements
  explained, and the outcome of budgets split by each; the plan keeps using the increments.
"""

from model_engine.attribution.analysis import MultiTouchAttribution, attribute
from model_engine.attribution.detection import ColumnRoles, JourneyDetection, detect_journeys
from model_engine.attribution.journeys import Journeys, TouchTiming
from model_engine.attribution.loading import JourneyLoad, parse_journeys_text, read_journeys
from model_engine.attribution.markov import MarkovAttribution, MarkovChain
from model_engine.attribution.names import ChannelMatch, match_channels
from model_engine.attribution.reconcile import (
    PLAN_BASIS,
    BudgetOutcome,
    ChannelSpend,
    ReconciledChannel,
    Reconciliation,
    reconcile,
)
from model_engine.attribution.result import (
    MODEL_LABELS,
    MODEL_NAMES,
    AttributionResult,
    BudgetShift,
    ChannelCredit,
    ComparisonRow,
    CreditGap,
    JourneyTotals,
    LastTouchBias,
    MarkovSummary,
    ModelCredit,
    ModelName,
    RemovalEffect,
    ShapleySummary,
)
from model_engine.attribution.rules import TimeDecay
from model_engine.attribution.shapley import ShapleyAttribution

__all__ = [
    "MODEL_LABELS",
    "MODEL_NAMES",
    "PLAN_BASIS",
    "AttributionResult",
    "BudgetOutcome",
    "BudgetShift",
    "ChannelCredit",
    "ChannelMatch",
    "ChannelSpend",
    "ColumnRoles",
    "ComparisonRow",
    "CreditGap",
    "JourneyDetection",
    "JourneyLoad",
    "JourneyTotals",
    "Journeys",
    "LastTouchBias",
    "MarkovAttribution",
    "MarkovChain",
    "MarkovSummary",
    "ModelCredit",
    "ModelName",
    "MultiTouchAttribution",
    "ReconciledChannel",
    "Reconciliation",
    "RemovalEffect",
    "ShapleyAttribution",
    "ShapleySummary",
    "TimeDecay",
    "TouchTiming",
    "attribute",
    "detect_journeys",
    "match_channels",
    "parse_journeys_text",
    "read_journeys",
    "reconcile",
]
