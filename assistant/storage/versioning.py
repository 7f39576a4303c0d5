"""Inserting a row keyed by content safely when several processes save at once.

Two transactions can both find no row for the same key (a data set's hash, a week of actuals)
and both insert it; the unique constraint rejects the second, which then runs again and finds
the first one's row. (Version numbers are serialised instead: ``Database.lock_numbering``.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError

ResultT = TypeVar("ResultT")
ATTEMPTS = 5


def with_retry_on_conflict(save: Callable[[], ResultT]) -> ResultT:
    """Run ``save`` (one whole transaction) again when a concurrent save inserted its key."""
    for attempt in range(ATTEMPTS):
        try:
            return save()
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
