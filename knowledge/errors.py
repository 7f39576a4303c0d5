"""Errors the knowledge layer raises for expected failures, each saying what to do."""

from __future__ import annotations


class KnowledgeIndexError(RuntimeError):
    """The methodology index is missing, incomplete or built with another embedding model."""


class EmbeddingModelError(RuntimeError):
    """The embedding model or its tokenizer is missing or is not the pinned file."""
