"""Several processes writing at once never corrupt the database nor lose a write.

Each worker opens the (possibly still empty) database itself, so the first opens race on the
migration too, then saves model versions and plans under the same names as the others.
"""

from __future__ import annotations

import multiprocessing
from datetime import date

from pydantic import BaseModel
from sqlalchemy import text

from assistant.storage import open_storage

WORKERS = 4
SAVES_PER_WORKER = 15


class _Note(BaseModel):
    worker: int
    index: int


def _write(url: str, worker: int) -> None:
    storage = open_storage(url)
    owner = storage.users.ensure("alice")
    mine = storage.owned_by(owner)
    for index in range(SAVES_PER_WORKER):
        dataset = mine.datasets.store("shared.csv", b"week,spend\n2026-01-05,1\n")
        mine.models.save_version(
            "shared",
            kind="test",
            parameters_json=f'{{"worker": {worker}, "index": {index}}}',
            metrics_json="{}",
            data_hash=dataset.content_hash,
            dataset_id=dataset.id,
        )
        mine.plans.adopt(
            "shared plan",
            _Note(worker=worker, index=index),
            kind="test",
            start_date=date(2026, 1, 5),
            weeks=13,
            budget=1.0,
            forecast=[],
        )
    storage.close()


def test_parallel_writers_keep_every_write(database_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write, args=(database_url, i)) for i in range(WORKERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [worker.exitcode for worker in workers] == [0] * WORKERS

    storage = open_storage(database_url)
    owner = storage.users.get("alice")
    assert owner is not None
    assert [u.name for u in storage.users.list()] == ["alice"]
    mine = storage.owned_by(owner)
    total = WORKERS * SAVES_PER_WORKER
    versions = mine.models.versions("shared")
    assert [v.version for v in versions] == list(range(1, total + 1))
    assert [v.parent_version for v in versions] == [None, *range(1, total)]
    assert len({v.parameters_json for v in versions}) == total  # none overwritten
    assert len({v.dataset_id for v in versions}) == 1  # one data set, stored once
    latest_plan = mine.plans.get("shared plan")
    assert latest_plan is not None
    assert latest_plan.version == total
    if storage.database.is_sqlite:
        with storage.database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    with storage.database.engine.connect() as connection:
        plans = connection.execute(text("SELECT count(*) FROM plans")).scalar_one()
    assert plans == total
    storage.close()
