"""The database every storage subcommand opens, and whose records they act for."""

from __future__ import annotations

import argparse

from assistant.cli.errors import CliError
from assistant.config import Settings
from assistant.storage import LOCAL_USER, DatabaseError, OwnedStorage, Storage, open_storage


def open_configured_storage(settings: Settings | None = None) -> Storage:
    chosen = settings or Settings.from_env()
    try:
        return open_storage(chosen.resolved_database_url)
    except DatabaseError as error:
        raise CliError(str(error)) from None


def add_user_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=LOCAL_USER,
        help=f"whose records to use (default {LOCAL_USER!r}, the single-user mode's)",
    )


def owned_storage(storage: Storage, user: str) -> OwnedStorage:
    """The stores of ``user``; the local user is created on first use, others must exist."""
    if user == LOCAL_USER:
        return storage.owned_by(storage.users.ensure(LOCAL_USER))
    found = storage.users.get(user)
    if found is None:
        raise CliError(f"no user named {user!r}: add them with `budgetmix users add {user}`")
    return storage.owned_by(found)
