"""The postcondition of a weekly calendar: every rule of its request, re-checked on the final
weekly numbers, independently of how the solver encoded it.

The solver is built to respect the budget, the part budgets, the channel totals and every
pacing rule; this check reads only the result's weeks (and which cells a rule fixed) and says
in words which rule the numbers break, so a solver defect is caught before a calendar is shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import numpy as np

from model_engine.money import currency_symbol
from model_engine.optimizer.calendar.result import CalendarResult
from model_engine.optimizer.calendar.rules import (
    CalendarRequest,
    DarkWeeks,
    FixedSpend,
    MaxWeeklyChange,
    MaxWeeklySpend,
    MinWeeklySpend,
)
from model_engine.planning import ResponseModel
from model_engine.rule_checks import check_rules


class CalendarDefectError(RuntimeError):
    """A calendar about to be returned breaks a rule of its request: a defect in budgetmix."""

    def __init__(self, broken: tuple[str, ...]) -> None:
        self.broken = broken
        super().__init__("the weekly calendar breaks " + "; ".join(broken))

    def honest_message(self) -> str:
        return (
            "I made a weekly calendar but it breaks a rule, so I won't show it: "
            f"{'; '.join(self.broken)}. That is a defect in budgetmix, not something you did; "
            "it has been logged. Loosen the rule and ask again."
        )


# An interior-point solve meets its constraints to about 1e-7 of the budget; a broken rule is
# one missed by more than this share of the budget (20 currency units on $2M).
TOLERANCE_SHARE = 1e-5


def broken_calendar_rules(
    model: ResponseModel, request: CalendarRequest, result: CalendarResult
) -> tuple[str, ...]:
    """Each rule of ``request`` that ``result``'s weeks break, described; ``()`` when all hold."""
    tolerance = TOLERANCE_SHARE * request.budget
    symbol = currency_symbol(result.currency)
    return (
        *_budget_breaks(request, result, tolerance, symbol),
        *_pacing_breaks(request, result, tolerance, symbol),
        *_total_breaks(model, request, result),
    )


def _budget_breaks(
    request: CalendarRequest, result: CalendarResult, tolerance: float, symbol: str
) -> Iterator[str]:
    spent = sum(week.total_spend for week in result.weeks)
    over = spent > request.budget + tolerance
    if over or (request.budget_mode == "exact" and spent < request.budget - tolerance):
        yield (
            f"the budget of {symbol}{request.budget:,.0f} (the weeks add up to "
            f"{symbol}{spent:,.0f})"
        )
    for label, amount in (request.part_budgets or {}).items():
        part = sum(week.total_spend for week in result.weeks if week.part == label)
        if abs(part - amount) > tolerance:
            yield (
                f"{label}'s budget of {symbol}{amount:,.0f} (its weeks add up to "
                f"{symbol}{part:,.0f})"
            )


def _total_breaks(
    model: ResponseModel, request: CalendarRequest, result: CalendarResult
) -> tuple[str, ...]:
    """The optimizer's rules on channel totals over all the weeks (locks and change limits
    against the model's current spend over the same weeks, as the calendar plans them)."""
    current = {c.name: c.current_spend for c in model.channels}
    report = check_rules(
        dict(result.channel_totals), request.constraints, budget=request.budget, current=current
    )
    return tuple(check.describe(result.currency) for check in report.broken)


def _pacing_breaks(
    request: CalendarRequest, result: CalendarResult, tolerance: float, symbol: str
) -> Iterator[str]:
    channels = list(result.channels)
    # spend[t, c] and fixed[t, c]: week t, channel c, as the result reports them
    spend = np.array([[week.spend[name] for name in channels] for week in result.weeks])
    fixed = np.array(
        [
            [{c.channel: c.fixed for c in week.cells}[name] for name in channels]
            for week in result.weeks
        ]
    )
    starts = [week.week.date() for week in result.weeks]
    n_weeks = len(starts)

    def week_holding(day: date) -> int | None:
        held = [t for t, start in enumerate(starts) if start <= day < start + timedelta(days=7)]
        return held[0] if held else None

    for rule in request.pacing:
        said = rule.describe(symbol)
        if isinstance(rule, FixedSpend):
            t = week_holding(rule.on)
            c = channels.index(rule.channel)
            if t is not None and abs(spend[t, c] - rule.amount) > tolerance:
                yield said
            continue
        named = [c for c, name in enumerate(channels) if not rule.channels or name in rule.channels]
        block, free = spend[:, named], ~fixed[:, named]
        if isinstance(rule, DarkWeeks):
            held = [t for t in (week_holding(d) for d in rule.dates) if t is not None]
            broken = bool((block[held] > tolerance).any())
        elif isinstance(rule, MinWeeklySpend):
            broken = bool(((block < rule.amount - tolerance) & free).any())
        elif isinstance(rule, MaxWeeklySpend):
            broken = bool((block > rule.amount + tolerance).any())
        elif isinstance(rule, MaxWeeklyChange):
            moved = np.abs(np.diff(block, axis=0)) > rule.fraction * block[:-1] + tolerance
            broken = bool((moved & free[1:] & free[:-1]).any())
        else:  # Loading
            span = rule.weeks or max(1, n_weeks // 2)
            window = block[:span] if rule.direction == "front" else block[n_weeks - span :]
            broken = span < n_weeks and window.sum() < rule.share * block.sum() - tolerance
        if broken:
            yield said
