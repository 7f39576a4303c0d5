"""The schema, its migrations and opening a database, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from assistant.storage import DatabaseError, open_storage
from assistant.storage.database import Database, head_revision, normalise_url
from assistant.storage.schema import Base


def test_a_new_database_is_migrated_to_the_models(database_url: str) -> None:
    storage = open_storage(database_url)
    assert storage.database.revision() == head_revision()
    with storage.database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    storage.close()


def test_opening_again_is_a_no_op(database_url: str) -> None:
    open_storage(database_url).close()
    storage = open_storage(database_url)
    assert storage.database.revision() == head_revision()
    storage.close()


def test_an_old_database_is_upgraded_with_its_data(database_url: str) -> None:
    """A database made by the first revision (users and chat history only), with a user and
    a conversation in it, gains the planning tables and keeps every row."""
    old = Database(database_url)
    old.migrate("0001")
    assert old.revision() == "0001"
    with old.engine.begin() as connection:
        connection.execute(
            text(
                'INSERT INTO users ("id", "identifier", "metadata", "createdAt", password_hash) '
                "VALUES ('u1', 'alice', '{}', '2026-01-05T09:00:00Z', 'argon2-hash')"
            )
        )
        connection.execute(
            text(
                'INSERT INTO threads ("id", "name", "userId", "userIdentifier", "metadata") '
                "VALUES ('t1', 'Q1 budget', 'u1', 'alice', '{\"x\": 1}')"
            )
        )
        connection.execute(
            text(
                'INSERT INTO steps ("id", "name", "type", "threadId", "streaming", "output") '
                "VALUES ('s1', 'alice', 'user_message', 't1', false, 'allocate $2M')"
            )
        )
    old.close()

    storage = open_storage(database_url)
    assert storage.database.revision() == head_revision()
    alice = storage.users.get("alice")
    assert alice is not None
    assert alice.can_sign_in
    assert storage.users.password_hash("alice") == "argon2-hash"
    with storage.database.engine.connect() as connection:
        thread = connection.execute(text('SELECT "name", "metadata" FROM threads')).one()
        step = connection.execute(text('SELECT "output" FROM steps')).scalar_one()
    assert thread.name == "Q1 budget"
    assert json.loads(thread.metadata) == {"x": 1}
    assert step == "allocate $2M"
    mine = storage.owned_by(alice)
    assert mine.conversations.save("t1", "test", "{}")  # the new table, on the old thread
    assert mine.conversations.load("t1") is not None
    storage.close()


def test_sqlite_uses_the_write_ahead_log_and_waits_for_the_lock(tmp_path) -> None:
    storage = open_storage(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with storage.database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    storage.close()


def test_the_sqlite_file_and_its_folder_are_created(tmp_path) -> None:
    path = tmp_path / "new" / "folder" / "budgetmix.db"
    open_storage(f"sqlite:///{path}").close()
    assert path.is_file()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u:secret@host/db", "SQLite or PostgreSQL, not 'mysql'"),
        ("not a url", "is not a database URL"),
    ],
)
def test_an_unusable_url_is_explained(url: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message) as raised:
        normalise_url(url)
    assert "secret" not in str(raised.value)


def test_an_unreachable_server_is_one_clear_error_without_the_password() -> None:
    with pytest.raises(DatabaseError, match="cannot open the database") as raised:
        open_storage("postgresql://user:hunter2@127.0.0.1:1/none")
    assert "hunter2" not in str(raised.value)
