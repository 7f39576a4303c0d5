"""The plan's objective from the objective grammar's matches: the most specific one wins
(a volume target, a CAC ceiling, a value per outcome, then plain volume), conflicts and
mismatches with the channel figures are reported."""

from __future__ import annotations

from collections.abc import Sequence

from model_engine.constraints import Objective
from model_engine.datasets import SnapshotData
from model_engine.intake.issues import IntakeIssue, error, warning
from model_engine.intake.numbers import Notation, NumberKind
from model_engine.intake.text.clauses import ClauseReading
from model_engine.intake.text.objective_grammar import ObjectiveMatch
from model_engine.intake.text.vocabulary import Outcome
from model_engine.intake.wording import singular

_QUALIFIED_COUNTS = frozenset({"MQLs", "SQLs", "SALs", "opportunities"})


def read_objective(
    matches: Sequence[ObjectiveMatch],
    readings: Sequence[ClauseReading],
    snapshot: SnapshotData | None,
    notation: Notation,
    issues: list[IntakeIssue],
) -> tuple[Objective | None, str | None]:
    if not matches:
        return None, None
    line = next((r.tagged.line for r in readings for m in r.objectives if m is matches[0]), None)
    amounts = {id(m): _objective_amount(m, readings, notation) for m in matches}
    by_kind = {m.kind: m for m in reversed(matches)}
    specific = [k for k in ("spend_for_volume", "volume_at_cac", "value") if k in by_kind]
    if len(specific) > 1:
        issues.append(
            warning(
                "objective_conflict",
                "the message sets more than one objective ("
                + ", ".join(repr(by_kind[k].phrase) for k in specific)
                + f"); planning on {by_kind[specific[0]].phrase!r}",
                "Say which one matters most.",
                line=line,
            )
        )
    volume = by_kind.get("volume")
    named = volume.outcome if volume else None
    if specific:
        chosen = by_kind[specific[0]]
        value = amounts[id(chosen)]
        if value is None or value <= 0:
            issues.append(
                error(
                    "impossible_objective",
                    f"{chosen.phrase!r} needs a positive amount",
                    "Give the figure as a positive number.",
                    line=line,
                )
            )
            return None, None
        if chosen.kind == "value":
            return _value_objective(chosen, value, snapshot, issues, line)
        if chosen.kind == "volume_at_cac":
            return Objective("volume_at_cac", target_cac=value), named.name if named else None
        target_outcome = chosen.outcome.name if chosen.outcome else None
        return Objective("spend_for_volume", target_volume=value), target_outcome
    if "profit" in by_kind:
        issues.append(
            warning(
                "profit_needs_value",
                "to maximise profit I need what one outcome is worth",
                "Say e.g. 'each MQL is worth $500' (or the average deal size).",
                line=line,
            )
        )
        return None, None
    if "minimize_cost" in by_kind:
        issues.append(
            warning(
                "cost_objective_needs_target",
                f"{by_kind['minimize_cost'].phrase!r}: the lowest cost per outcome comes from "
                "spending almost nothing, so it cannot be the goal on its own",
                "Give a ceiling ('CAC under $200') or maximise volume.",
                line=line,
            )
        )
        return None, None
    assert volume is not None
    if snapshot is not None and named is not None and named.name != snapshot.outcome_name:
        qualified = (
            "qualified" in volume.phrase.casefold() and snapshot.outcome_name in _QUALIFIED_COUNTS
        )
        if not qualified:
            issues.append(
                warning(
                    "objective_outcome_differs",
                    f"the goal is {named.name}, but the channel figures are "
                    f"{snapshot.outcome_name}; I maximise {snapshot.outcome_name}",
                    f"Give each channel's {named.name} to plan on {named.name} itself.",
                    line=line,
                )
            )
    return Objective("volume"), named.name if named else None


def _value_objective(
    match: ObjectiveMatch,
    value: float,
    snapshot: SnapshotData | None,
    issues: list[IntakeIssue],
    line: int | None,
) -> tuple[Objective | None, str | None]:
    outcome: Outcome | None = match.outcome
    if snapshot is not None and outcome is not None and outcome.name != snapshot.outcome_name:
        issues.append(
            error(
                "value_for_other_outcome",
                f"{match.phrase!r} values {outcome.name}, but the channel figures are "
                f"{snapshot.outcome_name}",
                f"Give the value of one {singular(snapshot.outcome_name)}, or each channel's "
                f"{outcome.name}.",
                line=line,
            )
        )
        return None, None
    return Objective("profit", value_per_outcome=value), outcome.name if outcome else None


def _objective_amount(
    match: ObjectiveMatch, readings: Sequence[ClauseReading], notation: Notation
) -> float | None:
    if match.amount is None:
        return None
    for reading in readings:
        if match in reading.objectives:
            kind: NumberKind = "count" if match.kind == "spend_for_volume" else "money"
            return reading.tagged.amounts[match.amount].read(kind, notation).value
    return None
