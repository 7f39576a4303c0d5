"""Opening the database: engines, SQLite settings for concurrent writers, migrations.

One URL names the database: ``sqlite:///PATH`` (the default, a file in the data dir) or
``postgresql://USER:PASSWORD@HOST:PORT/NAME`` (driven by psycopg 3). :func:`open_database`
brings the schema up to the newest Alembic revision before anything reads it.

Several processes may write at once (the chat server, ``budgetmix fit --save-as`` and
``budgetmix plans adopt`` in a terminal). On SQLite that is safe because every connection uses
the write-ahead log (readers never block the writer), waits up to ``BUSY_TIMEOUT_S`` for the
write lock instead of failing, and takes the write lock when its transaction begins
(``BEGIN IMMEDIATE``), so two transactions can never both read and then deadlock on upgrading
to write. Migrations run under the same lock on SQLite and under an advisory lock on
PostgreSQL, so two processes opening a fresh database do not both create its tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_S = 30.0
MIGRATIONS = "assistant.storage:migrations"
# Any 64-bit number, the same in every process: the PostgreSQL advisory lock for migrations.
_MIGRATION_LOCK_KEY = 7_401_412_014


class DatabaseError(Exception):
    """The database cannot be opened or used; the message says what to do."""


def normalise_url(url: str, *, asynchronous: bool = False) -> URL:
    """``url`` with the driver budgetmix uses: pysqlite/aiosqlite for SQLite, psycopg 3 for
    PostgreSQL (which serves both the sync and the async engine)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(
            f"{_redacted(url)} is not a database URL: use sqlite:///PATH or "
            "postgresql://USER:PASSWORD@HOST:PORT/NAME"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite" if asynchronous else "sqlite")
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    raise DatabaseError(
        f"budgetmix stores its data in SQLite or PostgreSQL, not {backend!r} ({_redacted(url)})"
    )


def _redacted(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "the database URL"


def configure_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout, foreign keys and ``BEGIN IMMEDIATE`` on every connection of
    ``engine`` (a sync engine, or an async engine's ``sync_engine``)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        del record
        # Let SQLAlchemy's "begin" event below issue BEGIN, not the sqlite3 module.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")  # durable with WAL; fsync at checkpoints
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """An open database whose schema is current. Use :meth:`transaction` for work."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        if self.is_sqlite and self.url.database not in (None, "", ":memory:"):
            Path(self.url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        connect_args: dict[str, Any] = (
            {"timeout": BUSY_TIMEOUT_S} if self.is_sqlite else {"connect_timeout": 10}
        )
        self.engine = create_engine(self.url, connect_args=connect_args, pool_pre_ping=True)
        if self.is_sqlite:
            configure_sqlite(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def display_url(self) -> str:
        return self.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits at the end of the block, or rolls back on error."""
        with self._sessions.begin() as session:
            yield session

    def lock_numbering(self, session: Session, *scope: str) -> None:
        """Serialise the transactions that number the versions of one name.

        SQLite already runs one writer at a time (``BEGIN IMMEDIATE``). On PostgreSQL two
        transactions could both read the same latest version, so each takes a
        transaction-scoped advisory lock on ``scope`` before reading it."""
        if not self.is_sqlite:
            session.execute(
                text("SELECT pg_advisory_xact_lock(hashtextextended(:scope, 0))"),
                {"scope": "\x1f".join(scope)},
            )

    def migrate(self, revision: str = "head") -> None:
        """Upgrade the schema to ``revision``, by default the newest (a no-op when current)."""
        config = _alembic_config()
        with self.engine.begin() as connection:
            if not self.is_sqlite:
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY}
                )
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

    def revision(self) -> str | None:
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def close(self) -> None:
        self.engine.dispose()


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package ships its revisions
        raise DatabaseError("budgetmix ships no database migrations: reinstall it")
    return head


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    return config


def open_database(url: str) -> Database:
    """Open ``url`` and bring its schema up to date."""
    database = Database(url)
    try:
        database.migrate()
    except (SQLAlchemyError, CommandError, OSError) as error:
        database.close()
        raise DatabaseError(
            f"cannot open the database {database.display_url}: {_first_line(error)}"
        ) from error
    return database


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
