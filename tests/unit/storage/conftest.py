"""Storage tests run once per backend (SQLite and PostgreSQL)."""

from support.database_fixtures import database_url, postgres_server

__all__ = ["database_url", "postgres_server"]
