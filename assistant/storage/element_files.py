"""Chat element bytes in the database: Chainlit's storage-client interface over the
``element_files`` table, so charts and downloads come back with a resumed thread on SQLite and
PostgreSQL alike (no shared disk or bucket needed).

A stored element is read back as a ``data:`` URL: the browser gets the bytes with the thread
it is allowed to open, and there is no second, separately guarded file route.
"""

from __future__ import annotations

import asyncio
import base64
from typing import Any

from chainlit.data.storage_clients.base import BaseStorageClient
from sqlalchemy import delete

from assistant.storage.database import Database
from assistant.storage.schema import ElementFile

MAX_BYTES = 20 * 1024 * 1024  # larger elements are not kept (Chainlit's default upload cap)


class DatabaseElementStorage(BaseStorageClient):
    def __init__(self, database: Database) -> None:
        self.database = database

    async def upload_file(
        self,
        object_key: str,
        data: bytes | str,
        mime: str = "application/octet-stream",
        overwrite: bool = True,
        content_disposition: str | None = None,
    ) -> dict[str, Any]:
        del content_disposition
        content = data.encode("utf-8") if isinstance(data, str) else data
        if len(content) > MAX_BYTES:
            return {}
        await asyncio.to_thread(self._save, object_key, mime, content, overwrite)
        return {"object_key": object_key}

    def _save(self, object_key: str, mime: str, content: bytes, overwrite: bool) -> None:
        with self.database.transaction() as session:
            row = session.get(ElementFile, object_key)
            if row is None:
                session.add(ElementFile(object_key=object_key, mime=mime, content=content))
            elif overwrite:
                row.mime, row.content = mime, content

    async def get_read_url(self, object_key: str) -> str:
        row = await asyncio.to_thread(self._load, object_key)
        if row is None:
            return ""
        mime, content = row
        return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"

    def _load(self, object_key: str) -> tuple[str, bytes] | None:
        with self.database.transaction() as session:
            row = session.get(ElementFile, object_key)
            return None if row is None else (row.mime, row.content)

    async def delete_file(self, object_key: str) -> bool:
        await asyncio.to_thread(self._delete, object_key)
        return True

    def _delete(self, object_key: str) -> None:
        with self.database.transaction() as session:
            session.execute(delete(ElementFile).where(ElementFile.object_key == object_key))

    async def close(self) -> None:
        """The database belongs to the chat history, which closes it."""
