"""Deleting a saved plan, on SQLite and PostgreSQL: every version (or one) goes with its
forecast, actuals and alerts; another user's plan of the same name stays."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlalchemy import text

from assistant.storage import (
    ActualWeek,
    AlertFinding,
    ForecastWeek,
    OwnedStorage,
    Storage,
)

WEEK = date(2026, 1, 5)


class Note(BaseModel):
    note: str


def _adopt(mine: OwnedStorage, name: str) -> int:
    record = mine.plans.adopt(
        name, Note(note=name), kind="test/1", start_date=WEEK, weeks=13, budget=1e5,
        forecast=[ForecastWeek(WEEK, "search", 7_000.0, 70.0, 60.0, 80.0)],
    )  # fmt: skip
    mine.plans.record_actuals(record, [ActualWeek(WEEK, "search", 7_100.0, 65.0)])
    mine.plans.raise_alerts(record, [AlertFinding("search", 1, -7.0, "responded", "below")])
    return record.id


def _rows(storage: Storage, table: str) -> int:
    with storage.database.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_deleting_a_plan_removes_every_version_and_what_hangs_off_it(storage: Storage) -> None:
    alice = storage.owned_by(storage.users.ensure("alice"))
    bob = storage.owned_by(storage.users.ensure("bob"))
    _adopt(alice, "Q3")
    _adopt(alice, "Q3")
    kept = _adopt(alice, "Conservative")
    _adopt(bob, "Q3")

    deleted = alice.plans.delete("Q3")

    assert [(p.name, p.version) for p in deleted] == [("Q3", 1), ("Q3", 2)]
    assert alice.plans.get("Q3") is None
    assert [p.name for p in alice.plans.latest_versions()] == ["Conservative"]
    assert bob.plans.get("Q3") is not None  # the same name in another account is not touched
    for table in ("plan_forecasts", "actuals", "alerts"):
        assert _rows(storage, table) == 2, table  # Conservative's and bob's rows are left
    assert alice.plans.by_id(kept) is not None


def test_one_version_can_be_deleted_and_a_missing_plan_deletes_nothing(storage: Storage) -> None:
    alice = storage.owned_by(storage.users.ensure("alice"))
    bob = storage.owned_by(storage.users.ensure("bob"))
    first = _adopt(alice, "Q3")
    _adopt(alice, "Q3")

    assert [p.version for p in alice.plans.delete("Q3", version=2)] == [2]
    newest = alice.plans.get("Q3")
    assert newest is not None
    assert (newest.id, newest.version) == (first, 1)
    assert alice.plans.delete("Q3", version=5) == []
    assert alice.plans.delete("Holiday") == []
    assert bob.plans.delete("Q3") == []  # not hers to delete
    assert bob.plans.by_id(first) is None
    assert alice.plans.get("Q3") is not None
