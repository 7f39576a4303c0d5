"""What the sign-in mode means for who can reach the chat (no Chainlit import: the chat
command reads this before Chainlit is configured)."""

from __future__ import annotations

from assistant.config import Settings

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def open_access_warning(settings: Settings, host: str) -> str | None:
    """In local mode anyone who reaches the server is its user: say so when it listens
    beyond this machine."""
    if settings.auth_mode != "local" or host in LOOPBACK:
        return None
    return (
        f"warning: listening on {host} in single-user mode, so anyone who reaches it sees your "
        "conversations and plans; set BUDGETMIX_AUTH=password for sign-in"
    )
