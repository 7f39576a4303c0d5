"""Adopted plans: named and versioned (adopting a name again adds a version), each with its
document, the columns tracking queries, and the weekly forecast per channel that actuals are
compared with. Actuals and alerts belong to one plan version."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel
from sqlalchemy import delete, func, select

from assistant.storage.database import Database
from assistant.storage.records import (
    ActualWeek,
    AlertFinding,
    AlertRecord,
    ForecastWeek,
    PlanRecord,
    UserRecord,
)
from assistant.storage.schema import Actual, Alert, Plan, PlanForecast
from assistant.storage.versioning import with_retry_on_conflict


class PlanStore:
    def __init__(self, database: Database, owner: UserRecord) -> None:
        self.database = database
        self.owner = owner

    def adopt(
        self,
        name: str,
        document: BaseModel,
        *,
        kind: str,
        start_date: date,
        weeks: int,
        budget: float,
        forecast: Sequence[ForecastWeek],
        model_version_id: int | None = None,
    ) -> PlanRecord:
        """Store ``document`` (any pydantic model, as its ``model_dump_json()``) as the next
        version of the plan ``name``, with its weekly forecast."""
        text = document.model_dump_json()

        def save() -> PlanRecord:
            with self.database.transaction() as session:
                self.database.lock_numbering(session, "plan", self.owner.id, name)
                latest = session.scalar(
                    select(func.max(Plan.version)).where(
                        Plan.owner_id == self.owner.id, Plan.name == name
                    )
                )
                row = Plan(
                    owner_id=self.owner.id,
                    name=name,
                    version=(latest or 0) + 1,
                    start_date=start_date,
                    weeks=weeks,
                    budget=budget,
                    model_version_id=model_version_id,
                    kind=kind,
                    document=text,
                )
                session.add(row)
                session.flush()
                session.add_all(
                    PlanForecast(
                        plan_id=row.id,
                        week_start=week.week_start,
                        channel=week.channel,
                        spend=week.spend,
                        outcome=week.outcome,
                        outcome_low=week.outcome_low,
                        outcome_high=week.outcome_high,
                    )
                    for week in forecast
                )
                return _record(row)

        return save()

    def latest_versions(self) -> list[PlanRecord]:
        """The newest version of every plan, oldest plan first."""
        newest = (
            select(Plan.name, func.max(Plan.version).label("version"))
            .where(Plan.owner_id == self.owner.id)
            .group_by(Plan.name)
            .subquery()
        )
        with self.database.transaction() as session:
            rows = session.scalars(
                select(Plan)
                .join(newest, (Plan.name == newest.c.name) & (Plan.version == newest.c.version))
                .where(Plan.owner_id == self.owner.id)
                .order_by(Plan.created_at, Plan.id)
            )
            return [_record(row) for row in rows]

    def get(self, name: str, version: int | None = None) -> PlanRecord | None:
        """The plan ``name`` (its newest version unless ``version`` is given)."""
        query = select(Plan).where(Plan.owner_id == self.owner.id, Plan.name == name)
        query = (
            query.where(Plan.version == version)
            if version is not None
            else query.order_by(Plan.version.desc()).limit(1)
        )
        with self.database.transaction() as session:
            row = session.scalar(query)
            return None if row is None else _record(row)

    def by_id(self, plan_id: int) -> PlanRecord | None:
        """The stored plan version with this id, when it is this owner's."""
        with self.database.transaction() as session:
            row = session.scalar(
                select(Plan).where(Plan.id == plan_id, Plan.owner_id == self.owner.id)
            )
            return None if row is None else _record(row)

    def delete(self, name: str, version: int | None = None) -> list[PlanRecord]:
        """Delete the plan ``name`` (every version, or only ``version``) with its forecast,
        actuals and alerts (the foreign keys cascade); the versions deleted, oldest first
        (none: there was no such plan)."""
        query = select(Plan).where(Plan.owner_id == self.owner.id, Plan.name == name)
        if version is not None:
            query = query.where(Plan.version == version)
        with self.database.transaction() as session:
            rows = list(session.scalars(query.order_by(Plan.version)))
            deleted = [_record(row) for row in rows]
            if rows:
                session.execute(delete(Plan).where(Plan.id.in_([r.id for r in rows])))
            return deleted

    def forecast(self, plan: PlanRecord) -> list[ForecastWeek]:
        with self.database.transaction() as session:
            rows = session.scalars(
                select(PlanForecast)
                .join(Plan, Plan.id == PlanForecast.plan_id)
                .where(PlanForecast.plan_id == plan.id, Plan.owner_id == self.owner.id)
                .order_by(PlanForecast.week_start, PlanForecast.channel)
            )
            return [
                ForecastWeek(
                    week_start=r.week_start,
                    channel=r.channel,
                    spend=r.spend,
                    outcome=r.outcome,
                    outcome_low=r.outcome_low,
                    outcome_high=r.outcome_high,
                )
                for r in rows
            ]

    def record_actuals(self, plan: PlanRecord, weeks: Sequence[ActualWeek]) -> None:
        """Store actuals; a week and channel given again replaces what was recorded."""
        self._check_owned(plan)

        def save() -> None:
            with self.database.transaction() as session:
                for week in weeks:
                    session.execute(
                        delete(Actual).where(
                            Actual.plan_id == plan.id,
                            Actual.week_start == week.week_start,
                            Actual.channel == week.channel,
                        )
                    )
                session.add_all(
                    Actual(
                        plan_id=plan.id,
                        week_start=w.week_start,
                        channel=w.channel,
                        spend=w.spend,
                        outcome=w.outcome,
                    )
                    for w in weeks
                )

        with_retry_on_conflict(save)

    def actuals(self, plan: PlanRecord) -> list[ActualWeek]:
        self._check_owned(plan)
        with self.database.transaction() as session:
            rows = session.scalars(
                select(Actual)
                .where(Actual.plan_id == plan.id)
                .order_by(Actual.week_start, Actual.channel)
            )
            return [ActualWeek(r.week_start, r.channel, r.spend, r.outcome) for r in rows]

    def raise_alerts(self, plan: PlanRecord, alerts: Sequence[AlertFinding]) -> None:
        """Replace the plan's open alerts with ``alerts`` (the latest tracking's findings)."""
        self._check_owned(plan)
        with self.database.transaction() as session:
            session.execute(delete(Alert).where(Alert.plan_id == plan.id, ~Alert.resolved))
            session.add_all(
                Alert(
                    plan_id=plan.id,
                    channel=a.channel,
                    weeks_tracked=a.weeks_tracked,
                    deviation_pct=a.deviation_pct,
                    reason=a.reason,
                    message=a.message,
                )
                for a in alerts
            )

    def open_alerts(self, plan: PlanRecord) -> list[AlertRecord]:
        self._check_owned(plan)
        with self.database.transaction() as session:
            rows = session.scalars(
                select(Alert)
                .where(Alert.plan_id == plan.id, ~Alert.resolved)
                .order_by(Alert.channel)
            )
            return [
                AlertRecord(
                    id=r.id,
                    channel=r.channel,
                    weeks_tracked=r.weeks_tracked,
                    deviation_pct=r.deviation_pct,
                    reason=r.reason,
                    message=r.message,
                    created_at=r.created_at,
                )
                for r in rows
            ]

    def _check_owned(self, plan: PlanRecord) -> None:
        with self.database.transaction() as session:
            owner = session.scalar(select(Plan.owner_id).where(Plan.id == plan.id))
        if owner != self.owner.id:
            raise PermissionError(f"plan {plan.name!r} v{plan.version} is not yours")


def _record(row: Plan) -> PlanRecord:
    return PlanRecord(
        id=row.id,
        name=row.name,
        version=row.version,
        created_at=row.created_at,
        start_date=row.start_date,
        weeks=row.weeks,
        budget=row.budget,
        model_version_id=row.model_version_id,
        kind=row.kind,
        document_json=row.document,
    )
