"""The ``--json`` documents as printed: a typed document's ``model_dump_json()`` (its non-finite
numbers are already ``None``)."""

from __future__ import annotations

from tools.views.documents.base import Document


def print_document(document: Document) -> None:
    """Print ``document`` as ``--json`` does: exactly its model's serialisation."""
    print(document.model_dump_json(indent=2))
