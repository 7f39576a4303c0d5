"""Intake: the one deterministic parser for what a CMO pastes in chat and the files they
upload. Both the offline planner and the LLM (through a tool) call it; nothing here guesses
silently, and every problem names its place and its fix.

- :func:`parse_message` (text -> :class:`ParsedMessage`): channel figures from prose, bullets,
  markdown/CSV/TSV tables; budget, period and budget changes; objective; constraints with the
  words they came from; currency; brand-building redefinitions; CAC/ROAS derived and checked.
  Never raises for bad input: problems are :class:`IntakeIssue` entries; sentences that look
  like a rule or a figure but were not read are :class:`UnreadFragment` entries with readings
  to confirm (:attr:`ParsedMessage.ready_to_plan` is false while any is left).
- :func:`load_history` (CSV/TSV/XLSX -> :class:`HistoryLoad`): a validated weekly history and
  a :class:`HistoryDetection` to show and correct; raises :class:`IntakeError` (a
  ``ValueError``) listing every problem with row, column and fix.
"""

from model_engine.intake.files.detection import DetectedChannel, HistoryDetection
from model_engine.intake.files.loader import MIN_WEEKS, RECOMMENDED_WEEKS, HistoryLoad, load_history
from model_engine.intake.files.roles import IgnoredColumn
from model_engine.intake.files.weekly import DroppedRows
from model_engine.intake.issues import IntakeError, IntakeIssue, Severity
from model_engine.intake.text.message import parse_message
from model_engine.intake.text.parsed import BudgetChange, CurveHint, ParsedMessage
from model_engine.intake.text.resolution import QuotedConstraint
from model_engine.intake.text.snapshot import DerivedFigure
from model_engine.intake.text.unread import (
    ProposedBudget,
    ProposedFigure,
    ProposedReading,
    UnreadFragment,
)

__all__ = [
    "MIN_WEEKS",
    "RECOMMENDED_WEEKS",
    "BudgetChange",
    "CurveHint",
    "DerivedFigure",
    "DetectedChannel",
    "DroppedRows",
    "HistoryDetection",
    "HistoryLoad",
    "IgnoredColumn",
    "IntakeError",
    "IntakeIssue",
    "ParsedMessage",
    "ProposedBudget",
    "ProposedFigure",
    "ProposedReading",
    "QuotedConstraint",
    "Severity",
    "UnreadFragment",
    "load_history",
    "parse_message",
]
