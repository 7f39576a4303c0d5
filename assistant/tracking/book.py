"""A user's adopted plans in the database, for the chat's tools and the CLI alike.

:func:`adopt_inputs` stores a conversation's current plan; :func:`track_file` reads an actuals
file, stores it with the plan (a week given again replaces the earlier figures), tracks every
stored week, records the alerts and re-plans the weeks left. :class:`StoredPlanBook` is the
:class:`tools.plans.PlanBook` the chat's ``adopt_plan``, ``track_actuals``, ``compare_plans``
and ``delete_plan`` tools use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from assistant.session import Session
from assistant.storage import AlertFinding, OwnedStorage, PlanRecord, Storage
from assistant.tracking.actuals import ActualsError, read_actuals
from assistant.tracking.adoption import AdoptedPlan, AdoptionError, adopt_from_session
from assistant.tracking.comparison import (
    SavedPlanError,
    compare_records,
    delete_saved,
    find_saved,
)
from assistant.tracking.replan import Replan, replan_remaining
from model_engine.optimizer.engine import INTERVAL_LEVEL
from model_engine.plan_comparison import LineDifference
from model_engine.tracking import TrackingResult, track
from tools.derived import Results
from tools.state import PlanInputs, ToolError
from tools.views.plan import plan_view
from tools.views.tracking import (
    AdoptedPlanView,
    ComparedLine,
    DeletedPlanView,
    PlanComparisonView,
    ReplanSummary,
    TrackedChannel,
    TrackedWeek,
    TrackingView,
)
from tools.views.units import Fraction, Money, OutcomeAmount

REPLAN_NAME = "Re-plan of the remaining weeks"


class TrackingError(ValueError):
    """The actuals or the plan cannot be used; the message says what to do."""


@dataclass(frozen=True)
class Tracked:
    record: PlanRecord
    plan: AdoptedPlan
    result: TrackingResult
    replan: Replan | None


def store_adopted(mine: OwnedStorage, document: AdoptedPlan) -> PlanRecord:
    return mine.plans.adopt(
        document.name,
        document,
        kind=AdoptedPlan.kind,
        start_date=document.start_date,
        weeks=document.weeks,
        budget=document.budget,
        forecast=document.forecast(),
        model_version_id=document.model.model_version_id,
    )


def track_file(mine: OwnedStorage, record: PlanRecord, path: Path, threshold: float) -> Tracked:
    plan = record.document(AdoptedPlan)
    try:
        actuals = read_actuals(path, plan)
    except ActualsError as error:
        raise TrackingError(f"cannot use {path}: {error}") from None
    try:
        _, model = plan.restore_model(Results())
    except AdoptionError as error:
        raise TrackingError(str(error)) from None
    mine.plans.record_actuals(record, actuals)
    try:
        result = track(
            mine.plans.forecast(record), mine.plans.actuals(record), model, threshold=threshold
        )
    except ValueError as error:
        raise TrackingError(f"cannot track {path}: {error}") from None
    mine.plans.raise_alerts(
        record,
        [
            AlertFinding(
                channel=c.channel,
                weeks_tracked=result.weeks_tracked,
                deviation_pct=0.0 if c.deviation is None else c.deviation * 100,
                reason=c.reason or "",
                message=c.explanation(),
            )
            for c in result.alerts
        ],
    )
    return Tracked(record, plan, result, replan_remaining(plan, result))


def adopted_view(record: PlanRecord) -> AdoptedPlanView:
    plan = record.document(AdoptedPlan)
    return AdoptedPlanView(
        currency=plan.currency,
        outcome_name=plan.outcome_name,
        name=record.name,
        version=record.version,
        start=plan.start_date,
        end=plan.start_date + timedelta(weeks=plan.weeks, days=-1),
        weeks=plan.weeks,
        budget=Money.of(plan.budget),
        expected_total=OutcomeAmount.of(plan.expected_outcome),
        expected_total_low=OutcomeAmount.of(plan.expected_low),
        expected_total_high=OutcomeAmount.of(plan.expected_high),
        allocation={line.channel: Money.of(line.planned_spend) for line in plan.allocation},
        paced_by_calendar=plan.calendar is not None,
    )


def tracking_view(mine: OwnedStorage, tracked: Tracked) -> TrackingView:
    result, replan, plan = tracked.result, tracked.replan, tracked.plan
    forecast = {(w.week_start, w.channel): w for w in mine.plans.forecast(tracked.record)}
    weeks = [
        TrackedWeek(
            week=a.week_start,
            channel=a.channel,
            actual_outcome=OutcomeAmount.of(a.outcome),
            predicted_outcome=OutcomeAmount.of(forecast[(a.week_start, a.channel)].outcome),
            predicted_low=OutcomeAmount.of(forecast[(a.week_start, a.channel)].outcome_low),
            predicted_high=OutcomeAmount.of(forecast[(a.week_start, a.channel)].outcome_high),
        )
        for a in sorted(mine.plans.actuals(tracked.record), key=lambda a: a.week_start)
    ]
    return TrackingView(
        currency=plan.currency,
        outcome_name=plan.outcome_name,
        plan_name=tracked.record.name,
        plan_version=tracked.record.version,
        weeks_tracked=result.weeks_tracked,
        threshold=Fraction.of(result.threshold),
        channels=[
            TrackedChannel(
                channel=c.channel,
                actual_outcome=OutcomeAmount.of(c.actual_outcome),
                predicted_outcome=OutcomeAmount.of(c.predicted.estimate),
                predicted_low=OutcomeAmount.of(c.predicted.low),
                predicted_high=OutcomeAmount.of(c.predicted.high),
                actual_spend=Money.of(c.actual_spend),
                planned_spend=Money.of(c.planned_spend),
                deviation_pct=Fraction.of(c.deviation),
                spend_pacing_pct=Fraction.of(c.spend_deviation),
                alert=c.alert,
                reason=c.reason,
                message=c.explanation(),
            )
            for c in result.channels
        ],
        alerts=[c.explanation() for c in result.alerts],
        weeks=weeks,
        replan=None
        if replan is None or replan.output is None
        else plan_view(replan.output, REPLAN_NAME),
        replan_summary=None
        if replan is None
        else ReplanSummary(
            remaining_weeks=replan.remaining_weeks,
            remaining_budget=Money.of(replan.remaining_budget),
            money_moved=Money.of(replan.money_moved),
            planned_remaining={
                name: Money.of(spend) for name, spend in replan.planned_remaining.items()
            },
            moves={name: Money.of(move) for name, move in replan.moves().items()},
            message=replan.sentence(),
        ),
    )


class StoredPlanBook:
    """The signed-in user's plans, for the chat's tools (a :class:`tools.plans.PlanBook`)."""

    def __init__(self, storage: Storage, user_name: str) -> None:
        self.storage = storage
        self.user_name = user_name

    def _mine(self) -> OwnedStorage:
        return self.storage.owned_by(self.storage.users.ensure(self.user_name))

    def adopt(self, inputs: PlanInputs, name: str, start: date) -> AdoptedPlanView:
        try:
            document = adopt_from_session(Session(inputs=inputs), name, start)
        except AdoptionError as error:
            raise ToolError(str(error)) from None
        return adopted_view(store_adopted(self._mine(), document))

    def record(self, name: str, version: int) -> PlanRecord:
        record = self._mine().plans.get(name, version)
        if record is None:
            raise ToolError(f"there is no adopted plan {name!r} version {version}")
        return record

    def track(self, actuals: Path, plan: str | None, threshold: float) -> TrackingView:
        mine = self._mine()
        record = mine.plans.get(plan) if plan else _newest(mine)
        if record is None:
            raise ToolError(
                f"there is no adopted plan {plan!r}"
                if plan
                else "no plan is adopted yet: "
                "say e.g. 'use this plan for Q1 starting 4 January' first"
            )
        try:
            return tracking_view(mine, track_file(mine, record, actuals, threshold))
        except TrackingError as error:
            raise ToolError(str(error)) from None

    def saved(self) -> list[AdoptedPlanView]:
        return [adopted_view(record) for record in self._mine().plans.latest_versions()]

    def compare(self, first: str, second: str) -> PlanComparisonView:
        mine = self._mine()
        try:
            compared = compare_records(find_saved(mine, first), find_saved(mine, second))
        except SavedPlanError as error:
            raise ToolError(str(error)) from None
        comparison = compared.comparison
        return PlanComparisonView(
            currency=compared.currency,
            outcome_name=compared.outcome_name,
            outcome_unit=compared.outcome_unit,
            first_name=compared.first.name,
            first_version=compared.first.version,
            second_name=compared.second.name,
            second_version=compared.second.version,
            interval_level=Fraction.of(INTERVAL_LEVEL),  # the optimizer's, which planned both
            channels=[_compared_line(line) for line in comparison.channels],
            total=_compared_line(comparison.total),
        )

    def delete(self, plan: str) -> DeletedPlanView:
        mine = self._mine()
        try:
            deleted = delete_saved(mine, plan)
        except SavedPlanError as error:
            raise ToolError(str(error)) from None
        return DeletedPlanView(
            name=deleted[0].name,
            versions=[record.version for record in deleted],
            plans_left=[record.name for record in mine.plans.latest_versions()],
        )


class PlanBookOpenedOnUse(StoredPlanBook):
    """A :class:`StoredPlanBook` whose storage is opened the first time a plan is read or
    written: ``budgetmix ask`` opens no database for a turn about something else."""

    def __init__(self, opener: Callable[[], Storage], user_name: str) -> None:
        self.opener = opener
        self.opened: Storage | None = None
        self.user_name = user_name

    def _mine(self) -> OwnedStorage:
        if self.opened is None:
            self.opened = self.opener()
        return self.opened.owned_by(self.opened.users.ensure(self.user_name))

    def close(self) -> None:
        if self.opened is not None:
            self.opened.close()


def _compared_line(line: LineDifference) -> ComparedLine:
    return ComparedLine.between(
        line,
        "of",
        channel=line.channel,
        first_cost_per_outcome=Money.of(line.first.cost_per_outcome),
        second_cost_per_outcome=Money.of(line.second.cost_per_outcome),
    )


def _newest(mine: OwnedStorage) -> PlanRecord | None:
    plans = mine.plans.latest_versions()
    return max(plans, key=lambda p: p.created_at) if plans else None
