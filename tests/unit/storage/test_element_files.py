"""Chat element bytes kept in the database and read back as data URLs."""

from __future__ import annotations

import base64

from assistant.storage import open_storage
from assistant.storage.element_files import MAX_BYTES, DatabaseElementStorage


async def test_an_element_round_trips_as_a_data_url(database_url: str) -> None:
    storage = open_storage(database_url)
    files = DatabaseElementStorage(storage.database)
    key = "user-1/element-1/budget-plan.csv"
    assert await files.upload_file(key, b"channel,spend\nsearch,1\n", "text/csv") == {
        "object_key": key
    }
    url = await files.get_read_url(key)
    assert url.startswith("data:text/csv;base64,")
    assert base64.b64decode(url.split(",", 1)[1]) == b"channel,spend\nsearch,1\n"

    await files.upload_file(key, '{"data": []}', "application/json")  # replaced
    assert (await files.get_read_url(key)).startswith("data:application/json;base64,")
    await files.delete_file(key)
    assert await files.get_read_url(key) == ""
    assert await files.upload_file("big", b"x" * (MAX_BYTES + 1)) == {}
    storage.close()
