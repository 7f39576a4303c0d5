"""Comparing and deleting saved plans, for the chat's plan book and the CLI alike.

:func:`find_saved` resolves what the CMO calls a plan (its name in any case, or a stored id);
:func:`compare_records` sets two stored plans side by side with
:func:`model_engine.plan_comparison.compare_plans`, from the allocation and totals each
stored; :func:`delete_saved` deletes a plan (every version) or, by id, one version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from assistant.storage import OwnedStorage, PlanRecord
from assistant.tracking.adoption import AdoptedPlan
from model_engine.plan_comparison import (
    PlanComparison,
    PlannedLine,
    PlannedMix,
    compare_plans,
)
from tools.views.plan import PlanView
from tools.views.units import OutcomeUnit


class SavedPlanError(ValueError):
    """No such saved plan, or two that cannot be compared; the message says what to do."""


@dataclass(frozen=True)
class Compared:
    first: PlanRecord
    second: PlanRecord
    currency: str
    outcome_name: str
    outcome_unit: OutcomeUnit
    comparison: PlanComparison


def find_saved(mine: OwnedStorage, plan: str) -> PlanRecord:
    """The newest version of the plan named ``plan`` (exactly, else in any case), or the
    version with that id ("12" or "#12") when no plan has that name."""
    wanted = plan.strip()
    record = mine.plans.get(wanted)
    if record is None:
        same = [p for p in mine.plans.latest_versions() if p.name.casefold() == wanted.casefold()]
        record = same[0] if len(same) == 1 else None
    if record is None and wanted.lstrip("#").isdigit():
        record = mine.plans.by_id(int(wanted.lstrip("#")))
    if record is None:
        raise SavedPlanError(f"there is no saved plan {wanted!r}: {saved_names(mine)}")
    return record


def saved_names(mine: OwnedStorage) -> str:
    """ "your saved plans are 'Q3' and 'Conservative'", for a message about a missing plan."""
    names = [repr(p.name) for p in mine.plans.latest_versions()]
    if not names:
        return "you have no saved plans yet"
    if len(names) == 1:
        return f"your one saved plan is {names[0]}"
    return f"your saved plans are {', '.join(names[:-1])} and {names[-1]}"


def compare_records(first: PlanRecord, second: PlanRecord) -> Compared:
    if first.id == second.id:
        raise SavedPlanError(f"{first.name!r} v{first.version} is the same plan twice")
    plans = [_adopted(record) for record in (first, second)]
    if plans[0].currency != plans[1].currency:
        raise SavedPlanError(
            f"{first.name!r} is planned in {plans[0].currency} and {second.name!r} in "
            f"{plans[1].currency}: their spend cannot be compared"
        )
    if plans[0].outcome_name.casefold() != plans[1].outcome_name.casefold():
        raise SavedPlanError(
            f"{first.name!r} expects {plans[0].outcome_name} and {second.name!r} "
            f"{plans[1].outcome_name}: their outcomes and returns cannot be compared (see "
            "each with `budgetmix plans show NAME`)"
        )
    comparison = compare_plans(_mix(plans[0]), _mix(plans[1]))
    stored = plans[0].plan
    # A plan an older budgetmix stored keeps its raw JSON; its amounts are counts unless it said.
    unit: OutcomeUnit = (
        stored.outcome_unit
        if isinstance(stored, PlanView)
        else "currency"
        if json.loads(stored.stored_json).get("outcome_unit") == "currency"
        else "count"
    )
    return Compared(first, second, plans[0].currency, plans[0].outcome_name, unit, comparison)


def delete_saved(mine: OwnedStorage, plan: str) -> list[PlanRecord]:
    """Delete the plan ``plan`` names (every version), or by id the one version; the versions
    deleted."""
    record = find_saved(mine, plan)
    by_id = record.name.casefold() != plan.strip().casefold()
    return mine.plans.delete(record.name, record.version if by_id else None)


def _adopted(record: PlanRecord) -> AdoptedPlan:
    if record.kind != AdoptedPlan.kind:
        raise SavedPlanError(
            f"plan {record.name!r} was stored as {record.kind!r}, which this budgetmix cannot read"
        )
    return record.document(AdoptedPlan)


def _mix(plan: AdoptedPlan) -> PlannedMix:
    return PlannedMix(
        channels=tuple(
            PlannedLine(
                line.channel,
                line.planned_spend,
                line.expected_outcome,
                line.expected_low,
                line.expected_high,
            )
            for line in plan.allocation
        ),
        total=PlannedLine(
            "Total",
            sum(line.planned_spend for line in plan.allocation),  # at most the budget
            plan.expected_outcome,
            plan.expected_low,
            plan.expected_high,
        ),
    )
