"""Checks across a message: the channel count and list the user announced, and stated
totals against the sum of the channels (within half a percent)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from model_engine.datasets import SnapshotData
from model_engine.intake.issues import IntakeIssue, warning
from model_engine.intake.numbers import Notation
from model_engine.intake.text.clauses import ClauseReading
from model_engine.intake.text.records import StatedTotal
from model_engine.intake.text.resolution import resolve_mention
from model_engine.intake.wording import listing, money, number

TOTAL_TOLERANCE = 0.005

_DECLARED_COUNT = re.compile(
    r"\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?:marketing\s+|paid\s+|main\s+|different\s+)?channels\b",
    re.IGNORECASE,
)
_COUNT_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


def declared_channel_checks(
    readings: Sequence[ClauseReading], snapshot: SnapshotData
) -> list[IntakeIssue]:
    issues: list[IntakeIssue] = []
    for reading in readings:
        match = _DECLARED_COUNT.search(reading.tagged.source)
        if match is None:
            continue
        word = match.group(1).casefold()
        declared = _COUNT_WORDS.get(word) or int(word)
        if declared != len(snapshot.channels):
            issues.append(
                warning(
                    "channel_count_mismatch",
                    f"you mentioned {declared} channels but I found figures for "
                    f"{len(snapshot.channels)}: {listing([c.name for c in snapshot.channels])}",
                    "Give the missing channels' figures, or tell me which I misread.",
                    line=reading.tagged.line,
                )
            )
        missing = [
            m.text for m in reading.tagged.mentions if not resolve_mention(m, snapshot.channels)
        ]
        if missing:
            issues.append(
                warning(
                    "listed_channel_without_figures",
                    f"you listed {listing(missing)} but gave no figures for "
                    f"{'it' if len(missing) == 1 else 'them'}",
                    "Add their spend and results, or leave them out of the plan.",
                    line=reading.tagged.line,
                )
            )
    return issues


def prose_totals(readings: Sequence[ClauseReading], notation: Notation) -> list[StatedTotal]:
    totals = []
    for reading in readings:
        for index in reading.totals:
            value = reading.tagged.amounts[index].read("money", notation).value
            if value is not None:
                totals.append(StatedTotal(value, None, reading.tagged.line))
    return totals


def total_checks(
    totals: Sequence[StatedTotal], snapshot: SnapshotData, currency: str
) -> list[IntakeIssue]:
    issues = []
    for total in totals:
        if total.spend is not None and _apart(total.spend, snapshot.total_spend):
            issues.append(
                warning(
                    "total_mismatch",
                    f"the stated total spend {money(total.spend, currency)} does not match the "
                    f"channels' sum {money(snapshot.total_spend, currency)}",
                    "Check the channel figures and the total; I plan on the channel figures.",
                    line=total.line,
                )
            )
        outcome_sum = sum(c.outcome or 0 for c in snapshot.channels)
        if (
            total.outcome is not None
            and total.outcome.outcome.name == snapshot.outcome_name
            and _apart(total.outcome.value, outcome_sum)
        ):
            issues.append(
                warning(
                    "total_mismatch",
                    f"the stated total {number(total.outcome.value)} {snapshot.outcome_name} "
                    f"does not match the channels' sum {number(outcome_sum)}",
                    "Check the channel figures and the total; I plan on the channel figures.",
                    line=total.line,
                )
            )
    return issues


def _apart(stated: float, summed: float) -> bool:
    return abs(stated - summed) > max(TOTAL_TOLERANCE * max(abs(summed), 1.0), 0.5)
