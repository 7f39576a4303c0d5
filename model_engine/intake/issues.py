"""What intake found wrong, where, and how to fix it.

Every problem with a message or a file becomes an :class:`IntakeIssue` that names the place
(message line, spreadsheet row, column, channel), says what is wrong with the value, and says
what to do. Errors stop a plan; warnings are shown with the result. Bad files raise
:class:`IntakeError`, which carries the issues and reads as a user-facing message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class IntakeIssue:
    """One problem found in a message or a file.

    ``row`` is the spreadsheet row the user sees (the header is row 1 unless title rows sit
    above it); ``line`` is the 1-based line of a chat message. ``code`` is a stable identifier
    for programs and tests; ``what`` and ``fix`` are for people.
    """

    severity: Severity
    code: str
    what: str
    fix: str
    line: int | None = None
    row: int | None = None
    column: str | None = None
    channel: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def where(self) -> str:
        """The location in words, e.g. ``"row 12, column tv_S"``; empty when nowhere in
        particular."""
        parts: list[str] = []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        if self.channel is not None:
            parts.append(self.channel)
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.what}. {self.fix}"


class IntakeError(ValueError):
    """Input intake cannot turn into engine inputs. ``issues`` holds every problem found (the
    errors, and any warnings met on the way); ``str()`` lists the errors with their fixes."""

    def __init__(self, issues: Sequence[IntakeIssue]) -> None:
        self.issues: tuple[IntakeIssue, ...] = tuple(issues)
        if not self.errors:
            raise ValueError("an IntakeError needs at least one error-level issue")
        super().__init__("\n".join(str(issue) for issue in self.errors))

    @property
    def errors(self) -> tuple[IntakeIssue, ...]:
        return tuple(issue for issue in self.issues if issue.is_error)


def error(
    code: str,
    what: str,
    fix: str,
    *,
    line: int | None = None,
    row: int | None = None,
    column: str | None = None,
    channel: str | None = None,
) -> IntakeIssue:
    return IntakeIssue("error", code, what, fix, line, row, column, channel)


def warning(
    code: str,
    what: str,
    fix: str,
    *,
    line: int | None = None,
    row: int | None = None,
    column: str | None = None,
    channel: str | None = None,
) -> IntakeIssue:
    return IntakeIssue("warning", code, what, fix, line, row, column, channel)


def raise_if_errors(issues: Sequence[IntakeIssue]) -> None:
    if any(issue.is_error for issue in issues):
        raise IntakeError(issues)
