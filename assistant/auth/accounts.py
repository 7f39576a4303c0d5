"""Password accounts. Hashes come from argon2-cffi's ``PasswordHasher`` (Argon2id with its
recommended parameters); a hash made with older parameters is upgraded at the next sign-in."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from assistant.storage import LOCAL_USER, UserNameError, UserRecord, UserStore

MIN_PASSWORD_LENGTH = 8
_HASHER = PasswordHasher()


class PasswordError(ValueError):
    """A password budgetmix will not accept; the message says why."""


class Accounts:
    def __init__(self, users: UserStore) -> None:
        self.users = users

    def add(self, name: str, password: str) -> UserRecord:
        if name == LOCAL_USER:
            raise UserNameError(
                f"{LOCAL_USER!r} is the single-user mode's account and has no password: "
                "choose another name"
            )
        _check_password(password)
        return self.users.add(name, _HASHER.hash(password))

    def verify(self, name: str, password: str) -> UserRecord | None:
        """The user, if ``password`` is theirs; ``None`` for a wrong password, an unknown
        user or an account without a password."""
        stored = self.users.password_hash(name)
        if stored is None:
            # Hash anyway so an unknown name takes as long as a wrong password.
            _HASHER.hash(password)
            return None
        try:
            _HASHER.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if _HASHER.check_needs_rehash(stored):
            self.users.set_password_hash(name, _HASHER.hash(password))
        return self.users.get(name)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordError(f"use a password of at least {MIN_PASSWORD_LENGTH} characters")
    if password != password.strip():
        raise PasswordError("the password starts or ends with a space: was that meant?")
