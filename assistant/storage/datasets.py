"""Data sets, stored once per owner and content: a refit on the same file reuses the row, and
a model version names the exact bytes it was fitted on by their SHA-256."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from assistant.storage.database import Database
from assistant.storage.records import DatasetRecord, UserRecord
from assistant.storage.schema import Dataset
from assistant.storage.versioning import with_retry_on_conflict


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _record(row: Dataset) -> DatasetRecord:
    return DatasetRecord(
        id=row.id,
        content_hash=row.content_hash,
        filename=row.filename,
        size_bytes=row.size_bytes,
        created_at=row.created_at,
    )


class DatasetStore:
    def __init__(self, database: Database, owner: UserRecord) -> None:
        self.database = database
        self.owner = owner

    def store(self, filename: str, content: bytes) -> DatasetRecord:
        """The stored data set with these bytes (added if new)."""
        digest = content_hash(content)

        def save() -> DatasetRecord:
            with self.database.transaction() as session:
                row = session.scalar(
                    select(Dataset).where(
                        Dataset.owner_id == self.owner.id, Dataset.content_hash == digest
                    )
                )
                if row is None:
                    row = Dataset(
                        owner_id=self.owner.id,
                        content_hash=digest,
                        filename=filename,
                        size_bytes=len(content),
                        content=content,
                    )
                    session.add(row)
                    session.flush()
                return _record(row)

        return with_retry_on_conflict(save)

    def get(self, dataset_id: int) -> DatasetRecord | None:
        with self.database.transaction() as session:
            row = session.scalar(
                select(Dataset).where(Dataset.id == dataset_id, Dataset.owner_id == self.owner.id)
            )
            return None if row is None else _record(row)

    def content(self, dataset_id: int) -> bytes | None:
        with self.database.transaction() as session:
            found: bytes | None = session.scalar(
                select(Dataset.content).where(
                    Dataset.id == dataset_id, Dataset.owner_id == self.owner.id
                )
            )
            return found
