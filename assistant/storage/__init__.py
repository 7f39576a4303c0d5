"""budgetmix's database: users, chat history, data sets, model versions, adopted plans,
actuals, alerts and experiments, in SQLite (the default, a file in the data dir) or
PostgreSQL (``BUDGETMIX_DATABASE_URL``).

    storage = open_storage(settings.resolved_database_url)   # migrates to the newest schema
    owner = storage.users.ensure("local")                    # or a signed-in user
    mine = storage.owned_by(owner)                           # everything below is theirs only
    mine.models.save_version("q1", kind=..., parameters_json=..., metrics_json=..., data_hash=...)
    mine.plans.adopt("Q1 plan", plan_view, kind=..., start_date=..., weeks=13, budget=2e6,
                     forecast=[ForecastWeek(...), ...])
    mine.conversations.save(thread_id, kind, document)

Every store is scoped to one owner: no method returns another user's rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.storage.conversations import ConversationStore
from assistant.storage.database import Database, DatabaseError, open_database
from assistant.storage.datasets import DatasetStore, content_hash
from assistant.storage.model_versions import ModelStore
from assistant.storage.plans import PlanStore
from assistant.storage.records import (
    ActualWeek,
    AlertFinding,
    AlertRecord,
    DatasetRecord,
    ForecastWeek,
    ModelVersionRecord,
    PlanRecord,
    StoredConversation,
    UserRecord,
)
from assistant.storage.users import LOCAL_USER, UserNameError, UserStore


@dataclass(frozen=True)
class OwnedStorage:
    """The stores of one user."""

    owner: UserRecord
    datasets: DatasetStore
    models: ModelStore
    plans: PlanStore
    conversations: ConversationStore


@dataclass(frozen=True)
class Storage:
    database: Database
    users: UserStore

    def owned_by(self, owner: UserRecord) -> OwnedStorage:
        return OwnedStorage(
            owner=owner,
            datasets=DatasetStore(self.database, owner),
            models=ModelStore(self.database, owner),
            plans=PlanStore(self.database, owner),
            conversations=ConversationStore(self.database, owner),
        )

    def close(self) -> None:
        self.database.close()


def open_storage(url: str) -> Storage:
    """Open the database at ``url`` (migrating it to the newest schema)."""
    database = open_database(url)
    return Storage(database=database, users=UserStore(database))


__all__ = [
    "LOCAL_USER",
    "ActualWeek",
    "AlertFinding",
    "AlertRecord",
    "ConversationStore",
    "DatabaseError",
    "DatasetRecord",
    "DatasetStore",
    "ForecastWeek",
    "ModelStore",
    "ModelVersionRecord",
    "OwnedStorage",
    "PlanRecord",
    "PlanStore",
    "Storage",
    "StoredConversation",
    "UserNameError",
    "UserRecord",
    "UserStore",
    "content_hash",
    "open_storage",
]
