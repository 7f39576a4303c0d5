"""Storage tests run once per backend (SQLite and PostgreSQL)."""

from collections.abc import Iterator

import pytest
from support.database_fixtures import database_url, postgres_server

from assistant.storage import Storage, open_storage

__all__ = ["database_url", "postgres_server", "storage"]


@pytest.fixture
def storage(database_url: str) -> Iterator[Storage]:
    """The storage on an empty database of each backend, closed after the test."""
    opened = open_storage(database_url)
    yield opened
    opened.close()
