"""The budget figures a message states: the total for the next period (with its length in
weeks) and the changes asked about, read from the budget grammar's matches."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from model_engine.intake.issues import IntakeIssue, error, warning
from model_engine.intake.numbers import Notation, NumberKind
from model_engine.intake.text.amounts import AmountToken, unreadable_amount_issue
from model_engine.intake.text.budget_grammar import budget_period_weeks
from model_engine.intake.text.clauses import ClauseReading
from model_engine.intake.text.layout import Clause
from model_engine.intake.text.parsed import BudgetChange, ChannelChange
from model_engine.intake.text.vocabulary import (
    named_period_weeks,
    period_adjective_weeks,
    period_weeks,
)
from model_engine.intake.wording import money, number


def read_budget(
    readings: Sequence[ClauseReading],
    clauses: Sequence[Clause],
    notation: Notation,
    currency: str,
    issues: list[IntakeIssue],
    current_spend: float | None = None,
) -> tuple[float | None, int | None]:
    """The budget and its period in weeks. ``current_spend`` (the channels' total) is what a
    budget stated relative to the current spend ("10% lower than this quarter") is taken of."""
    found: list[tuple[float, ClauseReading]] = []
    rates: list[tuple[float, ClauseReading, AmountToken]] = []
    for reading in readings:
        for relative in reading.relative_budgets:
            kind: NumberKind = "ratio" if relative.share else "money"
            change = (
                0.0  # "flat vs last quarter": what was spent
                if relative.amount is None
                else reading.tagged.amounts[relative.amount].read(kind, notation).value
            )
            if change is None:
                continue
            if current_spend is None or current_spend <= 0:
                issues.append(
                    error(
                        "relative_budget_without_spend",
                        f"{relative.phrase!r} needs what was spent, and no channel spend is known",
                        "Give the channels' spend, or the budget as an amount.",
                        line=reading.tagged.line,
                    )
                )
                continue
            if relative.share:
                budget = round(current_spend * (1 + relative.direction * change), 2)
            else:  # "$300K more than we spent last quarter"
                budget = round(current_spend + relative.direction * change, 2)
            if budget <= 0:
                issues.append(
                    error(
                        "impossible_budget",
                        f"{relative.phrase!r} leaves no budget (what was spent is "
                        f"{money(current_spend, currency)})",
                        "Give the budget for the next period as an amount.",
                        line=reading.tagged.line,
                    )
                )
                continue
            found.append((budget, reading))
        for index in reading.budgets:
            token = reading.tagged.amounts[index]
            value = token.read("money", notation)
            if value.value is None:
                issues.append(unreadable_amount_issue(token, value.problem, reading.tagged.line))
            elif value.value <= 0:
                issues.append(
                    error(
                        "impossible_budget",
                        f"the budget {token.text!r} must be more than zero",
                        "Give the total budget for the next period.",
                        line=reading.tagged.line,
                    )
                )
            else:
                found.append((value.value, reading))
                rates.append((value.value, reading, token))
    if not found:
        return None, None
    budget, reading = found[0]
    if any(v != budget for v, _ in found[1:]):
        others = ", ".join(money(v, currency) for v, _ in found[1:] if v != budget)
        issues.append(
            error(
                "conflicting_budgets",
                f"the message gives more than one budget ({money(budget, currency)} and {others})",
                "Say which budget to plan on.",
                line=reading.tagged.line,
            )
        )
    source = reading.tagged.source
    weeks = (
        period_weeks(source, future=True)
        or budget_period_weeks(source)
        or period_adjective_weeks(source)
        or (named_period_weeks(source) if period_weeks(source, future=False) is None else None)
    )
    if weeks is None:
        weeks = next(
            (w for c in clauses if (w := period_weeks(c.text, future=True)) is not None), None
        )
    chosen = next((r for r in rates if r[0] == budget and r[1] is reading), None)
    if chosen is not None:
        return _from_run_rate(budget, weeks, chosen[2], reading, currency, issues)
    return budget, weeks


_RATE_AFTER = re.compile(
    r"^\s*(?:a|an|per|each|every|/)\s*(?P<unit>weeks?|wk|months?|mo|mth|quarters?|qtr|years?|yr)\b",
    re.IGNORECASE,
)
_RATE_WEEKS = {"w": 1.0, "m": 52 / 12, "q": 13.0, "y": 52.0}
_RATE_NAMES = {"w": "week", "m": "month", "q": "quarter", "y": "year"}


def _from_run_rate(
    amount: float,
    weeks: int | None,
    token: AmountToken,
    reading: ClauseReading,
    currency: str,
    issues: list[IntakeIssue],
) -> tuple[float, int | None]:
    """ "$50K a month" for a quarter is $150,000 (13 weeks = 3 months): a budget said as a
    run rate becomes the plan period's amount, and the reply says how. With no plan period
    stated, the rate's own period is the plan's."""
    rate = _RATE_AFTER.match(reading.tagged.source[token.end :])
    if rate is None:
        return amount, weeks
    unit = rate["unit"].casefold()[0]
    per, name = _RATE_WEEKS[unit], _RATE_NAMES[unit]
    if weeks is None:
        return amount, round(per)
    if abs(weeks - per) < 0.5:
        return amount, weeks
    total = round(amount * weeks / per, 2)
    how = "" if unit == "w" else f" ({weeks} weeks = {number(round(weeks / per, 2))} {name}s)"
    issues.append(
        warning(
            "budget_from_run_rate",
            f"read {token.text} a {name} as {money(total, currency)} for the {weeks} weeks "
            f"planned{how}",
            "If the budget for the whole period is another figure, give it as one amount.",
            line=reading.tagged.line,
        )
    )
    return total, weeks


def read_budget_changes(
    readings: Sequence[ClauseReading], notation: Notation, issues: list[IntakeIssue]
) -> tuple[BudgetChange, ...]:
    changes: list[BudgetChange] = []
    for reading in readings:
        for match in reading.changes:
            if match.amount is None:  # "what if they double it"
                share = match.direction * (match.share or 0.0)
                changes.append(BudgetChange("relative", share, match.phrase))
                continue
            token = reading.tagged.amounts[match.amount]
            value = token.read("money", notation)
            if value.value is None:
                issues.append(unreadable_amount_issue(token, value.problem, reading.tagged.line))
                continue
            magnitude = abs(value.value)
            if match.kind == "new_total" and not token.percent:
                changes.append(BudgetChange("new_total", magnitude, match.phrase))
            elif token.percent:
                changes.append(BudgetChange("relative", match.direction * magnitude, match.phrase))
            else:
                changes.append(BudgetChange("delta", match.direction * magnitude, match.phrase))
    return tuple(changes)


def read_channel_changes(
    readings: Sequence[ClauseReading], notation: Notation, issues: list[IntakeIssue]
) -> tuple[ChannelChange, ...]:
    """ "What if events get $100K more": each channel what-if, by the channel's known name."""
    changes: list[ChannelChange] = []
    for reading in readings:
        for match in reading.channel_changes:
            mention = reading.tagged.mentions[match.mention]
            channel = mention.known_label or mention.text
            if match.amount is None:
                share = match.share or 0.0
                changes.append(
                    ChannelChange(channel, "relative", match.direction * share, match.phrase)
                )
                continue
            token = reading.tagged.amounts[match.amount]
            value = token.read("money", notation)
            if value.value is None:
                issues.append(unreadable_amount_issue(token, value.problem, reading.tagged.line))
                continue
            kind: Literal["relative", "delta"] = "relative" if token.percent else "delta"
            size = abs(value.value)
            changes.append(ChannelChange(channel, kind, match.direction * size, match.phrase))
    return tuple(changes)
