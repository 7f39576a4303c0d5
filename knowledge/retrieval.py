r"""Hybrid search over the methodology index, returning passages a reply can cite.

Each section is ranked twice: by meaning (cosine similarity between the question's embedding and
the section's best chunk, from the Chroma index) and by keywords (the section's best BM25 score,
see :mod:`knowledge.keyword`). The two rankings are fused with reciprocal rank fusion
(Cormack, Clarke & Büttcher 2009), with the standard constant :math:`k = 60`:

.. math:: \text{fused}(s) = \sum_{r \in \{\text{meaning}, \text{keywords}\}}
    \frac{1}{60 + \text{rank}_r(s)}

Fusion needs no calibration between the two kinds of score, and on the evaluation set it finds the
expected section more often than either ranking alone (``benchmarks/results/knowledge.md``).

Importing this module is cheap (no Chroma, no model): the retriever opens the store, loads the
embedding model and builds the keyword index on the first :meth:`MethodologyRetriever.search`,
or earlier through :meth:`MethodologyRetriever.warm_up`, which the chat can run in the background
at start-up so the first methodology answer does not pay the load.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from knowledge.chunking import HEADING_SEPARATOR
from knowledge.embeddings import MiniLMEncoder
from knowledge.errors import KnowledgeIndexError
from knowledge.index import index_exists
from knowledge.keyword import KeywordIndex

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

RankingMethod = Literal["hybrid", "meaning", "keywords"]
RRF_K = 60
SectionKey = tuple[str, str]
"""(doc, anchor): one citable section."""


@dataclass(frozen=True)
class Passage:
    """One retrieved section of a methodology doc."""

    text: str
    doc: str
    """Doc id (file stem), e.g. ``adstock-and-carryover``."""
    doc_title: str
    section: str
    anchor: str
    source_file: str
    """File name inside the docs folder; ``f"{source_file}#{anchor}"`` links to the section."""
    score: float
    """Cosine similarity between the question and the passage, at most 1 (higher is closer).
    Passages are ordered by the fused ranking, so a lower-scored passage can come first when it
    matches the question's terms better."""

    @property
    def citation(self) -> str:
        """``"Adstock and carryover › Geometric decay"``: doc title, then section heading."""
        return f"{self.doc_title}{HEADING_SEPARATOR}{self.section}"


@dataclass(frozen=True)
class _StoredChunk:
    chunk_id: str
    text: str
    doc: str
    doc_title: str
    section: str
    anchor: str
    source_file: str

    @property
    def section_key(self) -> SectionKey:
        return (self.doc, self.anchor)

    @property
    def keyword_text(self) -> str:
        # The same context the chunk was embedded with: doc title and heading, then the text.
        return f"{self.doc_title}{HEADING_SEPARATOR}{self.section}\n\n{self.text}"

    def passage(self, score: float) -> Passage:
        return Passage(
            self.text,
            self.doc,
            self.doc_title,
            self.section,
            self.anchor,
            self.source_file,
            score,
        )

    @classmethod
    def from_store(cls, chunk_id: str, text: str, metadata: Mapping[str, object]) -> _StoredChunk:
        return cls(
            chunk_id,
            text,
            doc=str(metadata["doc"]),
            doc_title=str(metadata["doc_title"]),
            section=str(metadata["section"]),
            anchor=str(metadata["anchor"]),
            source_file=str(metadata["source_file"]),
        )


@dataclass(frozen=True)
class _Library:
    """Everything loaded once per retriever: the collection, its chunks, their keyword index."""

    collection: Collection
    chunks: tuple[_StoredChunk, ...]
    keywords: KeywordIndex


def _best_chunk_per_section(
    chunks: Sequence[_StoredChunk], scores: Sequence[float]
) -> dict[SectionKey, int]:
    best: dict[SectionKey, int] = {}
    for index, chunk in enumerate(chunks):
        current = best.get(chunk.section_key)
        if current is None or scores[index] > scores[current]:
            best[chunk.section_key] = index
    return best


def _ranking(best: Mapping[SectionKey, int], scores: Sequence[float]) -> list[SectionKey]:
    return sorted(best, key=lambda key: -scores[best[key]])


class MethodologyRetriever:
    """``MethodologyRetriever(persist_dir).search("what is adstock?")``.

    ``persist_dir`` is the Chroma directory built by ``budgetmix index`` (the app passes
    ``Settings.from_env().chroma_dir``).
    """

    def __init__(self, persist_dir: Path, encoder: MiniLMEncoder | None = None) -> None:
        self.persist_dir = persist_dir
        self.encoder = encoder or MiniLMEncoder()

    @cached_property
    def _library(self) -> _Library:
        from knowledge import store

        if not index_exists(self.persist_dir):
            raise KnowledgeIndexError(
                f"no methodology index at {self.persist_dir}: run `budgetmix index` to build it"
            )
        collection = store.get_collection(store.open_client(self.persist_dir), self.encoder)
        if collection is None or not store.built_with_this_model(collection):
            raise KnowledgeIndexError(
                f"the methodology index at {self.persist_dir} is incomplete or was built with "
                "another embedding model: run `budgetmix index --rebuild`"
            )
        stored = collection.get(include=["documents", "metadatas"])
        chunks = tuple(
            _StoredChunk.from_store(chunk_id, text, metadata)
            for chunk_id, text, metadata in zip(
                stored["ids"], stored["documents"] or [], stored["metadatas"] or [], strict=True
            )
        )
        if not chunks:
            raise KnowledgeIndexError(
                f"the methodology index at {self.persist_dir} is empty: run `budgetmix index "
                "--rebuild`"
            )
        return _Library(collection, chunks, KeywordIndex([c.keyword_text for c in chunks]))

    def warm_up(self) -> None:
        """Open the store, load the model and build the keyword index now, so the first search
        answers at query speed."""
        _ = self._library
        self.encoder.load()

    def search(self, query: str, k: int = 3, method: RankingMethod = "hybrid") -> list[Passage]:
        """The ``k`` sections that best answer ``query``, best first, one passage per section.

        ``method`` exists to measure each half of the hybrid ranking on its own (the benchmark
        does); answers should use the default.
        """
        query = query.strip()
        if not query:
            raise ValueError("the methodology search needs a question; got an empty one")
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        library = self._library
        similarity = self._similarities(library, query)
        best_by_meaning = _best_chunk_per_section(library.chunks, similarity)
        by_meaning = _ranking(best_by_meaning, similarity)
        if method == "meaning":
            ranking = by_meaning
        else:
            keyword_scores = list(library.keywords.scores(query))
            best_by_keywords = _best_chunk_per_section(library.chunks, keyword_scores)
            # Sections sharing no term with the question are left out of the keyword ranking
            # rather than ranked among themselves in arbitrary order.
            by_keywords = [
                key
                for key in _ranking(best_by_keywords, keyword_scores)
                if keyword_scores[best_by_keywords[key]] > 0
            ]
            ranking = by_keywords if method == "keywords" else _fuse(by_meaning, by_keywords)
        # The passage shown is the section's chunk closest in meaning to the question.
        return [
            library.chunks[best_by_meaning[key]].passage(similarity[best_by_meaning[key]])
            for key in ranking[:k]
        ]

    def _similarities(self, library: _Library, query: str) -> list[float]:
        """Cosine similarity of ``query`` to every chunk, in ``library.chunks`` order."""
        # Every chunk is scored: the library is a few hundred chunks at most, and fusion needs
        # each section's rank by meaning, not only the top few.
        result = library.collection.query(
            query_embeddings=self.encoder.encode([query]),
            n_results=len(library.chunks),
            include=["distances"],
        )
        distances = dict(zip(result["ids"][0], (result["distances"] or [[]])[0], strict=True))
        # Chroma's cosine distance is 1 - cosine similarity. A chunk the approximate index did
        # not return counts as maximally distant.
        return [1.0 - float(distances.get(chunk.chunk_id, 2.0)) for chunk in library.chunks]


def _fuse(*rankings: list[SectionKey]) -> list[SectionKey]:
    """Reciprocal rank fusion: sections ordered by the sum of 1 / (RRF_K + rank)."""
    fused: dict[SectionKey, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            fused[key] = fused.get(key, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(fused, key=lambda key: -fused[key])
