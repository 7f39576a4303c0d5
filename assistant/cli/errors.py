"""The one exception type a subcommand raises for an expected failure."""

from __future__ import annotations


class CliError(Exception):
    """A user-facing failure: printed as one line, exits with ``exit_code``."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
