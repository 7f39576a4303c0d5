"""Methodology library: markdown docs with sources, a persistent Chroma index, cited retrieval.

Importing this package loads neither Chroma nor the embedding model; both load on first use.
"""

from knowledge.embeddings import MiniLMEncoder
from knowledge.errors import EmbeddingModelError, KnowledgeIndexError
from knowledge.index import (
    DOCS_DIR,
    DocChanges,
    IndexReport,
    IndexStatus,
    index_exists,
    index_status,
    update_index,
)
from knowledge.retrieval import MethodologyRetriever, Passage, Ranking

__all__ = [
    "DOCS_DIR",
    "DocChanges",
    "EmbeddingModelError",
    "IndexReport",
    "IndexStatus",
    "KnowledgeIndexError",
    "MethodologyRetriever",
    "MiniLMEncoder",
    "Passage",
    "Ranking",
    "index_exists",
    "index_status",
    "update_index",
]
