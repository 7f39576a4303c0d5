"""Signing in to the chat.

Chainlit signs its session cookies with ``CHAINLIT_AUTH_SECRET``. Unless the environment sets
one, budgetmix generates a random secret on first start and keeps it in the data dir (readable
by its owner only), so sign-ins survive a restart and no one has to run
``chainlit create-secret``.

Two modes (``BUDGETMIX_AUTH``):

- ``local`` (the default): one person on their own machine. Chainlit's header sign-in callback
  signs every visitor in as the ``local`` user without a login page, so conversations are
  still saved and listed in the sidebar.
- ``password``: a team. Chainlit shows its login page; names and argon2 password hashes are in
  the database (``budgetmix users add NAME``).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import time
from pathlib import Path

import chainlit as cl

from assistant.auth.accounts import Accounts
from assistant.config import Settings
from assistant.storage import LOCAL_USER, UserStore

SECRET_ENV = "CHAINLIT_AUTH_SECRET"
SECRET_FILE = "chainlit_auth_secret"


def ensure_auth_secret(settings: Settings) -> None:
    """Put the persisted secret in the environment for Chainlit (unless it is set there)."""
    if not os.environ.get(SECRET_ENV):
        os.environ[SECRET_ENV] = persisted_secret(settings.data_dir / SECRET_FILE)


def persisted_secret(path: Path) -> str:
    """The secret in ``path``, created (mode 0600) if missing; safe against two servers
    starting at once: the first to create the file wins and the other reads it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # the creator may not have written it yet
            text = path.read_text(encoding="ascii").strip()
            if text:
                return text
            time.sleep(0.02)
        raise RuntimeError(f"{path} is empty: delete it and start again") from None
    secret = secrets.token_urlsafe(48)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(secret + "\n")
    return secret


def local_user() -> cl.User:
    return cl.User(identifier=LOCAL_USER, metadata={"provider": "local"})


class PasswordSignIn:
    """Chainlit's password callback: the user if the password is theirs, else ``None``."""

    def __init__(self, users: UserStore) -> None:
        self.accounts = Accounts(users)

    async def sign_in(self, name: str, password: str) -> cl.User | None:
        # argon2 is deliberately slow (tens of ms): keep it off the event loop.
        found = await asyncio.to_thread(self.accounts.verify, name, password)
        if found is None:
            return None
        return cl.User(identifier=found.name, metadata={"provider": "password"})
