"""The owner-scoped stores: users, data sets, model versions, plans, actuals, alerts and
conversation state. No store returns another user's rows."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel
from sqlalchemy import text

from assistant.storage import (
    ActualWeek,
    AlertFinding,
    ForecastWeek,
    Storage,
    UserNameError,
    content_hash,
)


class PlanDocument(BaseModel):
    """Stands in for the typed plan view: any pydantic model is stored as its JSON."""

    allocation: dict[str, float]
    note: str


def _thread(storage: Storage, thread_id: str, user_id: str) -> None:
    """A Chainlit thread row, as its data layer writes it."""
    with storage.database.engine.begin() as connection:
        connection.execute(
            text('INSERT INTO threads ("id", "userId") VALUES (:id, :user)'),
            {"id": thread_id, "user": user_id},
        )


def test_users_are_added_listed_and_removed(storage: Storage) -> None:
    storage.users.add("alice", "hash-a")
    storage.users.add("bob", None)
    assert [(u.name, u.can_sign_in) for u in storage.users.list()] == [
        ("alice", True),
        ("bob", False),
    ]
    with pytest.raises(UserNameError, match="already exists"):
        storage.users.add("alice", "other")
    with pytest.raises(UserNameError, match="not a usable user name"):
        storage.users.add("two words", None)
    assert storage.users.remove("bob")
    assert not storage.users.remove("bob")
    assert [u.name for u in storage.users.list()] == ["alice"]


def test_removing_a_user_removes_what_they_own(storage: Storage) -> None:
    carol = storage.users.add("carol", "hash")
    _thread(storage, "thread-c", carol.id)
    mine = storage.owned_by(carol)
    mine.conversations.save("thread-c", "test", "{}")
    mine.models.save_version("m", kind="k", parameters_json="{}", metrics_json="{}", data_hash="h")
    storage.users.remove("carol")
    with storage.database.engine.connect() as connection:
        for table in ("threads", "conversation_states", "model_versions"):
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0


def test_data_sets_are_stored_once_per_content(storage: Storage) -> None:
    mine = storage.owned_by(storage.users.ensure("alice"))
    first = mine.datasets.store("a.csv", b"x,y\n1,2\n")
    again = mine.datasets.store("renamed.csv", b"x,y\n1,2\n")
    other = mine.datasets.store("a.csv", b"x,y\n1,3\n")
    assert first.id == again.id
    assert first.content_hash == content_hash(b"x,y\n1,2\n")
    assert other.id != first.id
    assert mine.datasets.content(first.id) == b"x,y\n1,2\n"


def test_model_versions_count_up_with_their_parent(storage: Storage) -> None:
    mine = storage.owned_by(storage.users.ensure("alice"))
    for i in range(3):
        mine.models.save_version(
            "weekly",
            kind="budgetmix.history_fit/1",
            parameters_json=f'{{"i": {i}}}',
            metrics_json='{"holdout_mape": 5.0}',
            data_hash=f"hash{i}",
        )
    mine.models.save_version(
        "other", kind="k", parameters_json="{}", metrics_json="{}", data_hash="h"
    )
    versions = mine.models.versions("weekly")
    assert [(v.version, v.parent_version, v.data_hash) for v in versions] == [
        (1, None, "hash0"),
        (2, 1, "hash1"),
        (3, 2, "hash2"),
    ]
    assert versions[0].created_at <= versions[2].created_at
    assert versions[2].created_at.tzinfo is not None
    assert mine.models.names() == ["weekly", "other"]
    assert mine.models.versions("missing") == []


def test_a_plan_round_trips_with_its_forecast_actuals_and_alerts(storage: Storage) -> None:
    mine = storage.owned_by(storage.users.ensure("alice"))
    document = PlanDocument(allocation={"search": 1.5e5, "tv": 5e4}, note="Q1")
    forecast = [
        ForecastWeek(date(2026, 1, 5), "search", 11_538.5, 120.0, 100.0, 140.0),
        ForecastWeek(date(2026, 1, 5), "tv", 3_846.2, 30.0, 20.0, 40.0),
    ]
    first = mine.plans.adopt(
        "Q1", document, kind="test/1", start_date=date(2026, 1, 4), weeks=13, budget=2e5,
        forecast=forecast,
    )  # fmt: skip
    second = mine.plans.adopt(
        "Q1", document.model_copy(update={"note": "v2"}), kind="test/1",
        start_date=date(2026, 1, 4), weeks=13, budget=2e5, forecast=forecast,
    )  # fmt: skip
    assert (first.version, second.version) == (1, 2)
    latest = mine.plans.get("Q1")
    assert latest is not None
    assert latest.document(PlanDocument).note == "v2"
    assert mine.plans.get("Q1", version=1) == first
    assert first.document(PlanDocument) == document
    assert [p.version for p in mine.plans.latest_versions()] == [2]
    assert mine.plans.forecast(first) == forecast

    mine.plans.record_actuals(first, [ActualWeek(date(2026, 1, 5), "search", 12_000, 90.0)])
    mine.plans.record_actuals(first, [ActualWeek(date(2026, 1, 5), "search", 12_500, 95.0)])
    assert mine.plans.actuals(first) == [ActualWeek(date(2026, 1, 5), "search", 12_500, 95.0)]

    mine.plans.raise_alerts(first, [AlertFinding("search", 1, -20.8, "responded", "below")])
    mine.plans.raise_alerts(first, [AlertFinding("search", 2, -22.0, "responded", "below")])
    alerts = mine.plans.open_alerts(first)
    assert [(a.channel, a.weeks_tracked) for a in alerts] == [("search", 2)]


def test_one_user_never_sees_another_users_records(storage: Storage) -> None:
    alice = storage.owned_by(storage.users.add("alice", "a"))
    bob = storage.owned_by(storage.users.add("bob", "b"))
    _thread(storage, "thread-a", alice.owner.id)
    alice.conversations.save("thread-a", "test", '{"secret": 1}')
    alice.models.save_version("m", kind="k", parameters_json="{}", metrics_json="{}", data_hash="h")
    plan = alice.plans.adopt(
        "Q1", PlanDocument(allocation={}, note=""), kind="k", start_date=date(2026, 1, 4),
        weeks=13, budget=1.0, forecast=[],
    )  # fmt: skip
    dataset = alice.datasets.store("a.csv", b"1")

    assert bob.conversations.load("thread-a") is None
    assert not bob.conversations.save("thread-a", "test", "{}")  # cannot overwrite hers
    assert alice.conversations.load("thread-a").document == '{"secret": 1}'  # type: ignore[union-attr]
    assert bob.models.versions("m") == []
    assert bob.models.names() == []
    assert bob.plans.get("Q1") is None
    assert bob.plans.latest_versions() == []
    assert bob.datasets.content(dataset.id) is None
    with pytest.raises(PermissionError):
        bob.plans.actuals(plan)
    with pytest.raises(PermissionError):
        bob.plans.record_actuals(plan, [])
    assert bob.plans.forecast(plan) == []


def test_conversation_state_is_replaced_on_save(storage: Storage) -> None:
    alice = storage.owned_by(storage.users.ensure("alice"))
    assert not alice.conversations.save("no-such-thread", "test", "{}")
    _thread(storage, "t", alice.owner.id)
    alice.conversations.save("t", "session/1", '{"turn": 1}')
    alice.conversations.save("t", "session/1", '{"turn": 2}')
    stored = alice.conversations.load("t")
    assert stored is not None
    assert (stored.kind, stored.document) == ("session/1", '{"turn": 2}')
