"""Named models and their versions: every save of a name adds version n+1 whose parent is
version n, with the hash of the data it was fitted on, its parameters and its metrics."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from assistant.storage.database import Database
from assistant.storage.records import ModelVersionRecord, UserRecord
from assistant.storage.schema import ModelVersion


class ModelStore:
    def __init__(self, database: Database, owner: UserRecord) -> None:
        self.database = database
        self.owner = owner

    def save_version(
        self,
        name: str,
        *,
        kind: str,
        parameters_json: str,
        metrics_json: str,
        data_hash: str,
        dataset_id: int | None = None,
    ) -> ModelVersionRecord:
        """Add the next version of ``name``; its parent is the latest version so far."""

        def save() -> ModelVersionRecord:
            with self.database.transaction() as session:
                self.database.lock_numbering(session, "model", self.owner.id, name)
                parent = session.scalar(
                    select(ModelVersion)
                    .where(ModelVersion.owner_id == self.owner.id, ModelVersion.name == name)
                    .order_by(ModelVersion.version.desc())
                    .limit(1)
                )
                row = ModelVersion(
                    owner_id=self.owner.id,
                    name=name,
                    version=1 if parent is None else parent.version + 1,
                    dataset_id=dataset_id,
                    data_hash=data_hash,
                    parent_id=None if parent is None else parent.id,
                    kind=kind,
                    parameters=parameters_json,
                    metrics=metrics_json,
                )
                session.add(row)
                session.flush()
                return _record(row, None if parent is None else parent.version)

        return save()

    def versions(self, name: str) -> list[ModelVersionRecord]:
        """Every version of ``name``, oldest first (empty if there is no such model)."""
        parent = aliased(ModelVersion)
        with self.database.transaction() as session:
            rows = session.execute(
                select(ModelVersion, parent.version)
                .outerjoin(parent, ModelVersion.parent_id == parent.id)
                .where(ModelVersion.owner_id == self.owner.id, ModelVersion.name == name)
                .order_by(ModelVersion.version)
            ).all()
            return [_record(row, parent_version) for row, parent_version in rows]

    def latest(self, name: str) -> ModelVersionRecord | None:
        found = self.versions(name)
        return found[-1] if found else None

    def names(self) -> list[str]:
        with self.database.transaction() as session:
            return list(
                session.scalars(
                    select(ModelVersion.name)
                    .where(ModelVersion.owner_id == self.owner.id)
                    .group_by(ModelVersion.name)
                    .order_by(func.min(ModelVersion.created_at))
                )
            )


def _record(row: ModelVersion, parent_version: int | None) -> ModelVersionRecord:
    return ModelVersionRecord(
        id=row.id,
        name=row.name,
        version=row.version,
        created_at=row.created_at,
        data_hash=row.data_hash,
        dataset_id=row.dataset_id,
        parent_version=parent_version,
        kind=row.kind,
        parameters_json=row.parameters,
        metrics_json=row.metrics,
    )
