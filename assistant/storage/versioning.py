"""Numbering named versions safely when several processes save at once.

SQLite serialises writers (``BEGIN IMMEDIATE``), but on PostgreSQL two transactions can both
read the same latest version; the unique ``(owner, name, version)`` constraint rejects the
second, which then retries with the next number.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError

ResultT = TypeVar("ResultT")
ATTEMPTS = 5


def with_retry_on_conflict(save: Callable[[], ResultT]) -> ResultT:
    """Run ``save`` (one whole transaction) again when a concurrent save took its number."""
    for attempt in range(ATTEMPTS):
        try:
            return save()
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
