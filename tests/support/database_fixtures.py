"""Database fixtures: every storage test runs on SQLite and on a real PostgreSQL server.

Import the fixtures into a conftest (``from support.database_fixtures import *``-style names).
The PostgreSQL server starts once per test session and each test gets a fresh database on it;
when the server cannot start the PostgreSQL half of each test is skipped with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support.postgres import PostgresServer, PostgresUnavailableError, start_postgres

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        server = start_postgres()
    except PostgresUnavailableError as error:
        pytest.skip(str(error))
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file, or a new database on the test PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'budgetmix.db'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database()
