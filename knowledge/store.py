"""The persistent Chroma collection that holds the methodology chunks.

One embedded (in-process) client per store directory and one collection, created with a
registered embedding function over the offline MiniLM encoder. Registering it matters: Chroma
records the function's name in the collection's configuration, so any code that opens the
collection later gets this model back, never Chroma's default function (which would try to
download a model). The index and the retriever pass vectors explicitly all the same, so the
embedding text can differ from the stored text.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, cast

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Documents, Embeddable, EmbeddingFunction, Embeddings, Space
from chromadb.config import Settings
from chromadb.errors import NotFoundError
from chromadb.utils.embedding_functions import register_embedding_function

from knowledge.embeddings import MODEL_ID, MODEL_SHA256, MiniLMEncoder

COLLECTION_NAME = "methodology"
SPACE: Space = "cosine"


@register_embedding_function
class MiniLMChromaEmbedding(EmbeddingFunction[Documents]):
    """Chroma's embedding-function interface over :class:`MiniLMEncoder`."""

    def __init__(self, encoder: MiniLMEncoder | None = None) -> None:
        self.encoder = encoder or MiniLMEncoder()

    # `input` shadows the builtin, but Chroma calls embedding functions with this keyword.
    def __call__(self, input: Documents) -> Embeddings:
        return list(self.encoder.encode(list(input)))

    @staticmethod
    def name() -> str:
        return "budgetmix-minilm-l6-v2-int8"

    def get_config(self) -> dict[str, Any]:
        return {"model_sha256": MODEL_SHA256}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> MiniLMChromaEmbedding:
        del config  # the model is pinned by checksum; there is nothing to configure
        return MiniLMChromaEmbedding()

    def default_space(self) -> Space:
        return SPACE

    def supported_spaces(self) -> list[Space]:
        return [SPACE]


def _embedding_function(encoder: MiniLMEncoder) -> EmbeddingFunction[Embeddable]:
    # Chroma's signatures accept functions over documents or images; ours embeds documents only.
    return cast("EmbeddingFunction[Embeddable]", MiniLMChromaEmbedding(encoder))


def open_client(persist_dir: Path) -> ClientAPI:
    """The embedded client for ``persist_dir``. Always the same settings: Chroma refuses a
    second client on one path with different settings in the same process."""
    return chromadb.PersistentClient(
        path=str(persist_dir), settings=Settings(anonymized_telemetry=False)
    )


def get_collection(client: ClientAPI, encoder: MiniLMEncoder) -> Collection | None:
    """The methodology collection, or ``None`` if it does not exist."""
    try:
        return client.get_collection(
            COLLECTION_NAME, embedding_function=_embedding_function(encoder)
        )
    except NotFoundError:
        return None


def create_collection(client: ClientAPI, encoder: MiniLMEncoder) -> Collection:
    """A fresh, empty methodology collection (any previous one is dropped)."""
    with contextlib.suppress(NotFoundError):  # nothing to drop on a first build
        client.delete_collection(COLLECTION_NAME)
    return client.create_collection(
        COLLECTION_NAME,
        configuration={"hnsw": {"space": SPACE}},
        metadata={"embedding_model": MODEL_ID, "model_sha256": MODEL_SHA256},
        embedding_function=_embedding_function(encoder),
    )


def built_with_this_model(collection: Collection) -> bool:
    return (collection.metadata or {}).get("model_sha256") == MODEL_SHA256
