"""Weekly calendars: per channel and week, the spend that maximises a dated period's outcome
given seasonality, carryover in and out of the period, and pacing rules.

``plan_calendar(PeriodForecaster(fit, history), CalendarRequest(...))`` returns a
:class:`CalendarResult`. Layout: ``rules`` (pacing rules and the request), ``objective`` (the
concave outcome and its envelope), ``problem`` (rows), ``barrier`` (the interior-point solver
and its certificate), ``engine`` (solve, explain, forecast), ``result`` (typed results),
``checks`` (every rule re-checked on the final weeks; a break is a :class:`CalendarDefectError`).
"""

from model_engine.optimizer.calendar.checks import CalendarDefectError, broken_calendar_rules
from model_engine.optimizer.calendar.engine import (
    CalendarConflictError,
    CalendarSettings,
    plan_calendar,
)
from model_engine.optimizer.calendar.result import (
    CalendarCell,
    CalendarResult,
    CalendarWeek,
    PeriodTotal,
    RuleReport,
)
from model_engine.optimizer.calendar.rules import (
    CalendarRequest,
    DarkWeeks,
    FixedSpend,
    Loading,
    MaxWeeklyChange,
    MaxWeeklySpend,
    MinWeeklySpend,
    PacingRule,
)

__all__ = [
    "CalendarCell",
    "CalendarConflictError",
    "CalendarDefectError",
    "CalendarRequest",
    "CalendarResult",
    "CalendarSettings",
    "CalendarWeek",
    "DarkWeeks",
    "FixedSpend",
    "Loading",
    "MaxWeeklyChange",
    "MaxWeeklySpend",
    "MinWeeklySpend",
    "PacingRule",
    "PeriodTotal",
    "RuleReport",
    "broken_calendar_rules",
    "plan_calendar",
]
