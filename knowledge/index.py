"""Build and incrementally refresh the persistent methodology index.

Every ``*.md`` file in the docs directory is a doc, identified by its file stem and versioned by
the sha256 of its bytes. A manifest beside the Chroma files records which content each doc was
indexed from, so deciding that nothing changed needs neither Chroma nor the embedding model:
that keeps ``budgetmix index --if-missing`` (run before every ``make run``) to a few
milliseconds. Only added or edited docs are re-embedded; chunks of edited and deleted docs are
removed by their ``doc`` metadata.

The manifest is deleted before the store is touched and written back only after every write has
succeeded, so an interrupted update leaves no manifest and the next run rebuilds from scratch
rather than trusting a half-written store.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.chunking import Chunk, chunk_doc
from knowledge.embeddings import MODEL_SHA256, MiniLMEncoder
from knowledge.errors import KnowledgeIndexError

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection
    from chromadb.types import InclusionExclusionOperator, Where

DOCS_DIR = Path(__file__).with_name("docs")
MANIFEST_NAME = "budgetmix-knowledge-manifest.json"
CHROMA_DB_FILE = "chroma.sqlite3"
# Bump when chunking or chunk metadata changes: an index in an older format is rebuilt.
INDEX_FORMAT = 1


@dataclass(frozen=True)
class DocChanges:
    """How the docs on disk differ from what the index holds (doc ids, sorted)."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    @property
    def to_embed(self) -> tuple[str, ...]:
        return tuple(sorted(self.added + self.updated))


@dataclass(frozen=True)
class IndexStatus:
    """The index as it stands, compared with the docs on disk."""

    persist_dir: Path
    exists: bool
    changes: DocChanges
    """What :func:`update_index` would do now (every doc "added" when the index is missing)."""
    doc_count: int
    chunk_count: int


@dataclass(frozen=True)
class IndexReport:
    """What one :func:`update_index` run did."""

    persist_dir: Path
    changes: DocChanges
    rebuilt: bool
    """True when the whole index was (re)created rather than patched."""
    doc_count: int
    chunk_count: int
    seconds: float


@dataclass(frozen=True)
class _Manifest:
    doc_hashes: Mapping[str, str]
    chunk_count: int


def doc_hashes(docs_dir: Path = DOCS_DIR) -> dict[str, str]:
    """``{doc id: sha256 of the file}`` for every ``*.md`` directly in ``docs_dir``."""
    if not docs_dir.is_dir():
        raise KnowledgeIndexError(f"methodology docs folder not found: {docs_dir}")
    hashes = {
        path.stem: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(docs_dir.glob("*.md"))
    }
    if not hashes:
        raise KnowledgeIndexError(f"no methodology docs (*.md) in {docs_dir}")
    return hashes


def _manifest_path(persist_dir: Path) -> Path:
    return persist_dir / MANIFEST_NAME


def _read_manifest(persist_dir: Path) -> _Manifest | None:
    """The manifest of a complete index built in this format with this model, else ``None``."""
    path = _manifest_path(persist_dir)
    if not (path.is_file() and (persist_dir / CHROMA_DB_FILE).is_file()):
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw["index_format"] != INDEX_FORMAT or raw["model_sha256"] != MODEL_SHA256:
            return None
        return _Manifest(doc_hashes=dict(raw["docs"]), chunk_count=int(raw["chunk_count"]))
    except (ValueError, KeyError, TypeError):
        return None  # unreadable: treat as no index, and rebuild


def _write_manifest(persist_dir: Path, manifest: _Manifest) -> None:
    payload = {
        "index_format": INDEX_FORMAT,
        "model_sha256": MODEL_SHA256,
        "chunk_count": manifest.chunk_count,
        "docs": dict(sorted(manifest.doc_hashes.items())),
    }
    _manifest_path(persist_dir).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def index_exists(persist_dir: Path) -> bool:
    """Whether ``persist_dir`` holds a complete index usable with this embedding model."""
    return _read_manifest(persist_dir) is not None


def _diff(indexed: Mapping[str, str], on_disk: Mapping[str, str]) -> DocChanges:
    return DocChanges(
        added=tuple(sorted(d for d in on_disk if d not in indexed)),
        updated=tuple(sorted(d for d in on_disk if d in indexed and indexed[d] != on_disk[d])),
        removed=tuple(sorted(d for d in indexed if d not in on_disk)),
        unchanged=tuple(sorted(d for d in on_disk if indexed.get(d) == on_disk[d])),
    )


def index_status(persist_dir: Path, docs_dir: Path = DOCS_DIR) -> IndexStatus:
    """Whether the index exists and how the docs differ from it, without opening the store or
    loading the model."""
    manifest = _read_manifest(persist_dir)
    on_disk = doc_hashes(docs_dir)
    return IndexStatus(
        persist_dir,
        exists=manifest is not None,
        changes=_diff(manifest.doc_hashes if manifest else {}, on_disk),
        doc_count=len(on_disk),
        chunk_count=manifest.chunk_count if manifest else 0,
    )


def update_index(
    persist_dir: Path,
    docs_dir: Path = DOCS_DIR,
    *,
    rebuild: bool = False,
    encoder: MiniLMEncoder | None = None,
) -> IndexReport:
    """Bring the index at ``persist_dir`` in line with ``docs_dir``.

    Builds it when missing, in an older format or made with another model; with ``rebuild``
    re-embeds everything; otherwise re-embeds only added and edited docs and drops the chunks of
    deleted ones. Raises :class:`KnowledgeIndexError` for an unusable docs folder and
    ``ValueError`` naming the file for a malformed doc (before anything is written).
    """
    started = time.perf_counter()
    on_disk = doc_hashes(docs_dir)
    manifest = _read_manifest(persist_dir)
    changes = _diff(manifest.doc_hashes if manifest else {}, on_disk)
    if manifest is not None and not rebuild and not changes.has_changes:
        return IndexReport(
            persist_dir,
            changes,
            rebuilt=False,
            doc_count=len(on_disk),
            chunk_count=manifest.chunk_count,
            seconds=time.perf_counter() - started,
        )

    # Parse every doc before writing anything: a malformed doc must not leave the store
    # half-updated. Parsing is cheap next to embedding.
    chunks_by_doc = {doc: chunk_doc(docs_dir / f"{doc}.md") for doc in on_disk}
    persist_dir.mkdir(parents=True, exist_ok=True)
    _manifest_path(persist_dir).unlink(missing_ok=True)
    chunk_count, rebuilt = _write(
        persist_dir,
        chunks_by_doc,
        changes,
        patch=manifest is not None and not rebuild,
        encoder=encoder or MiniLMEncoder(),
    )
    _write_manifest(persist_dir, _Manifest(doc_hashes=on_disk, chunk_count=chunk_count))
    return IndexReport(
        persist_dir,
        changes,
        rebuilt=rebuilt,
        doc_count=len(on_disk),
        chunk_count=chunk_count,
        seconds=time.perf_counter() - started,
    )


def _write(
    persist_dir: Path,
    chunks_by_doc: Mapping[str, list[Chunk]],
    changes: DocChanges,
    *,
    patch: bool,
    encoder: MiniLMEncoder,
) -> tuple[int, bool]:
    """Patch the collection with ``changes`` (or recreate it with every doc when ``patch`` is
    false or the collection is gone or foreign). Returns (chunk count, whether it was rebuilt)."""
    # Chroma is imported only here: deciding that nothing changed must stay cheap.
    from knowledge import store

    client = store.open_client(persist_dir)
    collection = store.get_collection(client, encoder) if patch else None
    if collection is not None and store.built_with_this_model(collection):
        _delete_docs(collection, [*changes.updated, *changes.removed])
        docs_to_embed = changes.to_embed
        rebuilt = False
    else:
        collection = store.create_collection(client, encoder)
        docs_to_embed = tuple(sorted(chunks_by_doc))
        rebuilt = True

    chunks = [chunk for doc in docs_to_embed for chunk in chunks_by_doc[doc]]
    vectors = encoder.encode([chunk.embedding_text for chunk in chunks])
    batch = client.get_max_batch_size()
    for start in range(0, len(chunks), batch):
        part = chunks[start : start + batch]
        collection.add(
            ids=[chunk.chunk_id for chunk in part],
            embeddings=vectors[start : start + batch],
            documents=[chunk.text for chunk in part],
            metadatas=[_metadata(chunk) for chunk in part],
        )
    return collection.count(), rebuilt


def _delete_docs(collection: Collection, docs: list[str]) -> None:
    if not docs:
        return
    in_docs: dict[InclusionExclusionOperator, list[str | int | float | bool]] = {"$in": list(docs)}
    where: Where = {"doc": in_docs}
    collection.delete(where=where)


def _metadata(chunk: Chunk) -> dict[str, str | int]:
    section = chunk.section
    return {
        "doc": section.doc,
        "doc_title": section.doc_title,
        "section": section.heading,
        "anchor": section.anchor,
        "source_file": section.source_file,
        "part": chunk.part,
    }
