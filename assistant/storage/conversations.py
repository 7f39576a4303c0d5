"""The state a conversation resumes from, keyed by its Chainlit thread.

The store keeps an opaque document and the ``kind`` of codec that wrote it; the chat decides
what a session is (today ``assistant.session.Session`` as JSON). Saving replaces the previous
state of the thread, so a resumed conversation has the data and plan it last had.
"""

from __future__ import annotations

from sqlalchemy import select

from assistant.storage.database import Database
from assistant.storage.records import StoredConversation, UserRecord
from assistant.storage.schema import ConversationState, Thread, utc_now
from assistant.storage.versioning import with_retry_on_conflict


class ConversationStore:
    def __init__(self, database: Database, owner: UserRecord) -> None:
        self.database = database
        self.owner = owner

    def save(self, thread_id: str, kind: str, document: str) -> bool:
        """Store the thread's state; ``False`` (nothing stored) when the thread is not this
        owner's or does not exist yet."""
        return with_retry_on_conflict(lambda: self._save(thread_id, kind, document))

    def _save(self, thread_id: str, kind: str, document: str) -> bool:
        with self.database.transaction() as session:
            owner_id = session.scalar(select(Thread.user_id).where(Thread.id == thread_id))
            if owner_id != self.owner.id:
                return False
            row = session.get(ConversationState, thread_id)
            if row is None:
                session.add(
                    ConversationState(
                        thread_id=thread_id, owner_id=self.owner.id, kind=kind, document=document
                    )
                )
            else:
                row.kind, row.document, row.updated_at = kind, document, utc_now()
            return True

    def load(self, thread_id: str) -> StoredConversation | None:
        with self.database.transaction() as session:
            row = session.scalar(
                select(ConversationState).where(
                    ConversationState.thread_id == thread_id,
                    ConversationState.owner_id == self.owner.id,
                )
            )
            if row is None:
                return None
            return StoredConversation(
                thread_id=row.thread_id,
                kind=row.kind,
                document=row.document,
                updated_at=row.updated_at,
            )
