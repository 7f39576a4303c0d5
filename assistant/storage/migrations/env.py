"""Alembic's environment: migrate the connection :class:`Database.migrate` opened and locked."""

from __future__ import annotations

from alembic import context

from assistant.storage.schema import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
)
with context.begin_transaction():
    context.run_migrations()
