"""LangChain ``Embeddings`` over the offline MiniLM encoder, for LangChain vector stores and
retrievers (``langchain_chroma.Chroma(embedding_function=MiniLMEmbeddings())``).

Kept out of :mod:`knowledge.embeddings` and the package's exports because importing
``langchain_core`` costs about 0.2 s, which the index command and the retriever do not need.
"""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from knowledge.embeddings import MiniLMEncoder


class MiniLMEmbeddings(Embeddings):
    """LangChain ``Embeddings`` over :class:`MiniLMEncoder`, for LangChain vector stores."""

    def __init__(self, encoder: MiniLMEncoder | None = None) -> None:
        self.encoder = encoder or MiniLMEncoder()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encoder.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encoder.encode([text])[0].tolist()
