"""Who is using budgetmix: password accounts (argon2 hashes in the database), the local user
of single-user mode, and the Chainlit sign-in glue (``assistant.auth.chainlit_auth``)."""

from assistant.auth.accounts import Accounts, PasswordError

__all__ = ["Accounts", "PasswordError"]
