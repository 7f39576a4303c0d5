"""User rows: the accounts that own everything else. Passwords are hashed by
:mod:`assistant.auth` before they get here; this module never sees one in clear."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from assistant.storage.database import Database
from assistant.storage.records import UserRecord
from assistant.storage.schema import User

LOCAL_USER = "local"  # owns everything in single-user local mode
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$")


class UserNameError(ValueError):
    """A user name budgetmix cannot use; the message says why."""


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise UserNameError(
            f"{name!r} is not a usable user name: use 1-64 letters, digits or . _ @ + - "
            "(starting with a letter or digit)"
        )
    return name


def chainlit_timestamp() -> str:
    """ISO text in UTC, the way Chainlit's data layer writes ``createdAt``."""
    return datetime.now(UTC).replace(tzinfo=None).isoformat() + "Z"


def _record(row: User) -> UserRecord:
    return UserRecord(
        id=row.id,
        name=row.identifier,
        created_at=row.created_at,
        can_sign_in=row.password_hash is not None,
    )


class UserStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    def add(self, name: str, password_hash: str | None) -> UserRecord:
        """A new user; raises :class:`UserNameError` if the name is taken or unusable."""
        check_name(name)
        taken = UserNameError(f"a user named {name!r} already exists")
        try:
            with self.database.transaction() as session:
                if session.scalar(select(User).where(User.identifier == name)) is not None:
                    raise taken
                row = User(
                    id=str(uuid.uuid4()),
                    identifier=name,
                    metadata_json="{}",
                    created_at=chainlit_timestamp(),
                    password_hash=password_hash,
                )
                session.add(row)
                session.flush()
                return _record(row)
        except IntegrityError:  # another process added the same name between select and insert
            raise taken from None

    def ensure(self, name: str) -> UserRecord:
        """The user named ``name``, created without a password if missing."""
        found = self.get(name)
        if found is not None:
            return found
        try:
            return self.add(name, None)
        except UserNameError:  # created meanwhile by another process
            created = self.get(name)
            if created is None:
                raise
            return created

    def get(self, name: str) -> UserRecord | None:
        with self.database.transaction() as session:
            row = session.scalar(select(User).where(User.identifier == name))
            return None if row is None else _record(row)

    def password_hash(self, name: str) -> str | None:
        with self.database.transaction() as session:
            found: str | None = session.scalar(
                select(User.password_hash).where(User.identifier == name)
            )
            return found

    def set_password_hash(self, name: str, password_hash: str) -> None:
        with self.database.transaction() as session:
            row = session.scalar(select(User).where(User.identifier == name))
            if row is None:
                raise UserNameError(f"no user named {name!r}")
            row.password_hash = password_hash

    def list(self) -> list[UserRecord]:
        with self.database.transaction() as session:
            return [_record(row) for row in session.scalars(select(User).order_by(User.identifier))]

    def remove(self, name: str) -> bool:
        """Delete the user and everything they own (conversations, plans, models)."""
        with self.database.transaction() as session:
            row = session.scalar(select(User).where(User.identifier == name))
            if row is None:
                return False
            session.delete(row)
            return True
