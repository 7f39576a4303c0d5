"""Chat history on budgetmix's database: Chainlit's data layer, and the conversation state a
resumed thread starts from.

Chainlit's own ``SQLAlchemyDataLayer`` writes threads, steps, elements and feedback with raw SQL
into the tables of :mod:`assistant.storage.schema`; :class:`BudgetmixDataLayer` points it at the
same database as everything else (async drivers: aiosqlite, psycopg 3), gives its SQLite
connections the same WAL and locking settings, keeps element bytes (charts, downloads) in
the database too, and stores JSON values as text on both backends. It also saves the
conversation's session after every assistant message, so a thread resumed after a restart
has the data and plan it ended with, not just its messages.

What a session is belongs to the chat: a :class:`SessionCodec` turns the conversation into a
document and back. Today's codec stores ``assistant.session.Session.to_json()``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Protocol

from chainlit.context import context
from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.step import StepDict
from chainlit.types import ThreadDict
from chainlit.user_session import user_session

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.session import Session
from assistant.storage import Storage, StoredConversation, open_storage
from assistant.storage.database import BUSY_TIMEOUT_S, configure_sqlite, normalise_url
from assistant.storage.element_files import DatabaseElementStorage
from knowledge import MethodologyRetriever

logger = logging.getLogger(__name__)
CONVERSATION_KEY = "conversation"  # where assistant.app keeps the Conversation in the session


class SessionCodec(Protocol):
    """Turns a conversation into a stored document and back."""

    kind: str  # stored with the document: which codec (and version) wrote it

    def dump(self, conversation: Conversation) -> str: ...

    def restore(
        self, document: str, settings: Settings, retriever: MethodologyRetriever | None
    ) -> Conversation: ...


class SessionJsonCodec:
    """The session as ``Session.to_json()``: inputs, undo steps, the last what-if and the
    messages; results are recomputed from the inputs when they are next needed."""

    kind = "budgetmix.session/2"

    def dump(self, conversation: Conversation) -> str:
        return conversation.session.to_json()

    def restore(
        self, document: str, settings: Settings, retriever: MethodologyRetriever | None
    ) -> Conversation:
        return Conversation(settings, Session.from_json(document), retriever=retriever)


class RestoreError(Exception):
    """A stored conversation could not be rebuilt; the message says why."""


class ChatHistory:
    """Saves and restores the conversations of signed-in users."""

    def __init__(self, storage: Storage, codec: SessionCodec | None = None) -> None:
        self.storage = storage
        self.codec: SessionCodec = codec or SessionJsonCodec()

    def save(self, thread_id: str, user_name: str, conversation: Conversation) -> bool:
        owner = self.storage.users.get(user_name)
        if owner is None:
            return False
        document = self.codec.dump(conversation)
        return self.storage.owned_by(owner).conversations.save(thread_id, self.codec.kind, document)

    def stored(self, thread_id: str, user_name: str) -> StoredConversation | None:
        owner = self.storage.users.get(user_name)
        if owner is None:
            return None
        return self.storage.owned_by(owner).conversations.load(thread_id)

    def restore(
        self,
        thread_id: str,
        user_name: str,
        settings: Settings,
        retriever: MethodologyRetriever | None,
    ) -> Conversation | None:
        """The thread's conversation as it was last saved; ``None`` if nothing was saved.
        Raises :class:`RestoreError` when the saved state cannot be rebuilt."""
        found = self.stored(thread_id, user_name)
        if found is None:
            return None
        if found.kind != self.codec.kind:
            raise RestoreError(
                f"it was saved as {found.kind!r} and this version reads {self.codec.kind!r}"
            )
        try:
            return self.codec.restore(found.document, settings, retriever)
        except (ValueError, KeyError, TypeError) as error:
            raise RestoreError(str(error)) from error


class BudgetmixDataLayer(SQLAlchemyDataLayer):
    """Chainlit's SQLAlchemy data layer on budgetmix's database (see the module docstring)."""

    def __init__(self, database_url: str, history: ChatHistory) -> None:
        url = normalise_url(database_url, asynchronous=True)
        sqlite = url.get_backend_name() == "sqlite"
        super().__init__(
            conninfo=url.render_as_string(hide_password=False),
            connect_args={"timeout": BUSY_TIMEOUT_S} if sqlite else {},
            storage_provider=DatabaseElementStorage(history.storage.database),
        )
        if sqlite:
            configure_sqlite(self.engine.sync_engine)
        self.history = history

    async def execute_sql(
        self, query: str, parameters: dict[str, Any]
    ) -> list[dict[str, Any]] | int | None:
        # Chainlit passes tags and modes as Python lists and dicts, which neither driver
        # binds to a text column: store them as JSON text, as it does metadata.
        encoded = {
            key: json.dumps(value) if isinstance(value, list | dict) else value
            for key, value in parameters.items()
        }
        result: list[dict[str, Any]] | int | None = await super().execute_sql(query, encoded)
        return result

    async def get_all_user_threads(
        self, user_id: str | None = None, thread_id: str | None = None
    ) -> list[ThreadDict] | None:
        # The JSON written as text comes back as text: decode it where the page expects
        # objects (a custom element's props, e.g. the brain badge; a thread's tags).
        threads: list[ThreadDict] | None = await super().get_all_user_threads(user_id, thread_id)
        for thread in threads or []:
            thread["tags"] = _decoded(thread.get("tags"))
            for element in thread.get("elements") or []:
                element["props"] = _decoded(element.get("props")) or {}
        return threads

    async def create_step(self, step_dict: StepDict) -> None:
        await super().create_step(step_dict)
        if step_dict.get("type") == "assistant_message":
            await self._save_conversation(step_dict.get("threadId"))

    async def _save_conversation(self, thread_id: str | None) -> None:
        user = getattr(context.session, "user", None)
        conversation = user_session.get(CONVERSATION_KEY)
        if not thread_id or user is None or not isinstance(conversation, Conversation):
            return
        try:
            await asyncio.to_thread(self.history.save, thread_id, user.identifier, conversation)
        except Exception:  # a failed save must not break the chat; it is logged
            logger.exception("could not save the conversation of thread %s", thread_id)


def _decoded(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def open_chat_history(settings: Settings) -> ChatHistory:
    return ChatHistory(open_storage(settings.resolved_database_url))
