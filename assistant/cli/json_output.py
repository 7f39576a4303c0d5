"""The ``--json`` documents as printed: a typed document's ``model_dump_json()`` (its non-finite
numbers are already ``None``), or for the records of the database, standard JSON with NaN and
infinity as ``null``."""

from __future__ import annotations

import json
import math

from tools.views.documents.base import Document

# The JSON value a stored record holds (what `json.loads` gives back).
JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


def json_safe(value: JsonValue) -> JsonValue:
    """``value`` with every non-finite float replaced by ``None``, through dicts and lists."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def print_json(document: JsonValue) -> None:
    print(json.dumps(json_safe(document), indent=2))


def print_document(document: Document) -> None:
    """Print ``document`` as ``--json`` does: exactly its model's serialisation."""
    print(document.model_dump_json(indent=2))
