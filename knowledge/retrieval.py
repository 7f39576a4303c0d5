r"""Hybrid search over the methodology index, returning passages a reply can cite.

Each section is scored twice: by meaning (cosine similarity between the question's embedding and
the section's best chunk, from the Chroma index) and by keywords (the section's best BM25 score,
see :mod:`knowledge.keyword`). Two rules shape the result:

1. **A section is read in the context of its doc.** Its meaning score adds a share
   :math:`\beta = 0.3` of the question's similarity to its doc's introduction, the "Overview"
   section that says what the doc is about:
   :math:`m(s) = \cos(q, s) + \beta\,\cos(q, \text{overview}(\text{doc}(s)))`. Short
   sections that share a salient word with a question (a channel's name, say) no longer outrank
   the section of the doc whose subject the question is about. A doc without an overview uses the
   mean similarity of its sections instead.
2. **The two scores are fused by a convex combination** of per-question normalised scores
   (Bruch, Gai & Ingber 2023, who find it more accurate than reciprocal rank fusion and tunable
   on a few labelled questions):

   .. math:: \text{fused}(s) = \alpha\,\frac{m(s) - \min m}{\max m - \min m}
       + (1 - \alpha)\,\frac{\text{bm25}(s)}{\max \text{bm25}}, \qquad \alpha = 0.6

   Unlike rank fusion, a section far ahead on one score keeps its lead. Sections sharing no term
   with the question get a keyword score of 0; when no section does, the ranking is by meaning.

:math:`\alpha` and :math:`\beta` were chosen on the dev split of the evaluation set only;
``benchmarks/results/knowledge.md`` reports both splits, the rejected alternatives and the
previous reciprocal rank fusion.

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

import numpy as np
import numpy.typing as npt

from knowledge.chunking import HEADING_SEPARATOR, OVERVIEW
from knowledge.embeddings import MiniLMEncoder
from knowledge.errors import KnowledgeIndexError
from knowledge.index import index_exists
from knowledge.keyword import KeywordIndex

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

RankingMethod = Literal["hybrid", "meaning", "keywords"]
Fusion = Literal["convex", "reciprocal-rank"]
SectionKey = tuple[str, str]
"""(doc, anchor): one citable section."""
RRF_K = 60
"""The constant of reciprocal rank fusion (Cormack, Clarke & Büttcher 2009)."""


@dataclass(frozen=True)
class Ranking:
    """How the hybrid ranking combines its scores. The defaults are what ships; the benchmark
    builds retrievers with other settings to measure what each rule contributes."""

    meaning_weight: float = 0.6
    """Alpha: the meaning score's share of the convex combination."""
    doc_weight: float = 0.3
    """Beta: how much of its doc overview's similarity a section's meaning score adds."""
    fusion: Fusion = "convex"
    """``"reciprocal-rank"`` is the previous fusion (sum of 1 / (60 + rank)), kept to compare."""

    def __post_init__(self) -> None:
        if not 0.0 <= self.meaning_weight <= 1.0:
            raise ValueError(f"meaning_weight must be in [0, 1], got {self.meaning_weight}")
        if self.doc_weight < 0.0:
            raise ValueError(f"doc_weight must be at least 0, got {self.doc_weight}")


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
    Passages are ordered by the hybrid ranking, so a lower-scored passage can come first when it
    matches the question's terms better or belongs to a doc closer to the question."""

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


class SectionLayout:
    """Where each chunk belongs: its section, and each section's doc and overview.

    Scores arrive per chunk (one per stored chunk, in a fixed order); ranking is per section.
    """

    def __init__(self, chunks: Sequence[tuple[str, str, str]]) -> None:
        """``chunks``: (doc, anchor, section heading) of every chunk, in score order."""
        if not chunks:
            raise ValueError("a section layout needs at least one chunk")
        keys = [(doc, anchor) for doc, anchor, _ in chunks]
        self.sections: tuple[SectionKey, ...] = tuple(dict.fromkeys(keys))
        section_index = {key: i for i, key in enumerate(self.sections)}
        docs = list(dict.fromkeys(doc for doc, _ in self.sections))
        self.chunk_section = np.array([section_index[key] for key in keys], dtype=np.intp)
        self.section_doc = np.array([docs.index(doc) for doc, _ in self.sections], dtype=np.intp)
        self.doc_count = len(docs)
        overview = [i for i, (_, _, heading) in enumerate(chunks) if heading == OVERVIEW]
        self.overview_chunks = np.array(overview, dtype=np.intp)
        self.overview_doc = np.array([docs.index(chunks[i][0]) for i in overview], dtype=np.intp)

    def best_per_section(self, chunk_scores: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Each section's best chunk score."""
        best = np.full(len(self.sections), -np.inf)
        np.maximum.at(best, self.chunk_section, chunk_scores)
        return best

    def doc_relevance(
        self, chunk_similarity: npt.NDArray[np.float64], section_similarity: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        """Per section, its doc's relevance: the best similarity among the doc's overview chunks,
        or the mean of its sections' similarities when the doc has no overview."""
        totals = np.bincount(self.section_doc, section_similarity, minlength=self.doc_count)
        counts = np.bincount(self.section_doc, minlength=self.doc_count)
        relevance = totals / counts
        overview = np.full(self.doc_count, -np.inf)
        np.maximum.at(overview, self.overview_doc, chunk_similarity[self.overview_chunks])
        has_overview = np.isfinite(overview)
        relevance[has_overview] = overview[has_overview]
        return relevance[self.section_doc]


@dataclass(frozen=True)
class _Library:
    """Everything loaded once per retriever: the collection, its chunks, their keyword index."""

    collection: Collection
    chunks: tuple[_StoredChunk, ...]
    keywords: KeywordIndex
    layout: SectionLayout


def convex_fusion(
    meaning: npt.NDArray[np.float64], keywords: npt.NDArray[np.float64], meaning_weight: float
) -> npt.NDArray[np.float64]:
    """``meaning_weight`` × meaning scores min-max scaled to [0, 1] on this question, plus the
    rest × keyword scores divided by the best one (BM25's least possible score is 0)."""
    span = float(meaning.max() - meaning.min())
    scaled_meaning = (meaning - meaning.min()) / span if span > 0 else np.zeros_like(meaning)
    best_keywords = float(keywords.max())
    scaled_keywords = keywords / best_keywords if best_keywords > 0 else np.zeros_like(keywords)
    return meaning_weight * scaled_meaning + (1.0 - meaning_weight) * scaled_keywords


def reciprocal_rank_fusion(
    meaning: npt.NDArray[np.float64], keywords: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Sum over the two rankings of 1 / (RRF_K + rank); a section sharing no term with the
    question gets nothing from the keyword ranking."""
    return 1.0 / (RRF_K + _ranks(meaning)) + np.where(
        keywords > 0, 1.0 / (RRF_K + _ranks(keywords)), 0.0
    )


def _ranks(scores: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """1 for the highest score, 2 for the next, ...; ties in index order."""
    ranks = np.empty(len(scores))
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
    return ranks


def _order(primary: npt.NDArray[np.float64], tie_break: npt.NDArray[np.float64]) -> list[int]:
    """Indices by ``primary`` descending, equal scores by ``tie_break`` descending."""
    return [int(i) for i in np.lexsort((-tie_break, -primary))]


class MethodologyRetriever:
    """``MethodologyRetriever(persist_dir).search("what is adstock?")``.

    ``persist_dir`` is the Chroma directory built by ``budgetmix index`` (the app passes
    ``Settings.from_env().chroma_dir``). ``ranking`` changes how the hybrid ranking combines its
    scores; the default is the shipped ranking.
    """

    def __init__(
        self,
        persist_dir: Path,
        encoder: MiniLMEncoder | None = None,
        ranking: Ranking | None = None,
    ) -> None:
        self.persist_dir = persist_dir
        self.encoder = encoder or MiniLMEncoder()
        self.ranking = ranking or Ranking()

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
        return _Library(
            collection,
            chunks,
            KeywordIndex([c.keyword_text for c in chunks]),
            SectionLayout([(c.doc, c.anchor, c.section) for c in chunks]),
        )

    def warm_up(self) -> None:
        """Open the store, load the model and build the keyword index now, so the first search
        answers at query speed."""
        _ = self._library
        self.encoder.load()

    def search(self, query: str, k: int = 3, method: RankingMethod = "hybrid") -> list[Passage]:
        """The ``k`` sections that best answer ``query``, best first, one passage per section.

        ``method`` exists to measure each half of the hybrid ranking on its own (the benchmark
        does): ``"meaning"`` ranks by embedding similarity alone (no doc context), ``"keywords"``
        by BM25 alone. Answers should use the default.
        """
        query = query.strip()
        if not query:
            raise ValueError("the methodology search needs a question; got an empty one")
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        library = self._library
        layout = library.layout
        similarity = self._similarities(library, query)
        section_similarity = layout.best_per_section(similarity)
        if method == "meaning":
            order = _order(section_similarity, section_similarity)
        else:
            keywords = layout.best_per_section(library.keywords.scores(query))
            if method == "keywords":
                # Sections sharing no term with the question are left out of the keyword
                # ranking rather than ranked among themselves in arbitrary order.
                order = [i for i in _order(keywords, section_similarity) if keywords[i] > 0]
            else:
                order = _order(
                    self._fuse(layout, similarity, section_similarity, keywords),
                    section_similarity,
                )
        return [self._passage(library, similarity, section) for section in order[:k]]

    def _fuse(
        self,
        layout: SectionLayout,
        similarity: npt.NDArray[np.float64],
        section_similarity: npt.NDArray[np.float64],
        keywords: npt.NDArray[np.float64],
    ) -> npt.NDArray[np.float64]:
        ranking = self.ranking
        meaning = section_similarity
        if ranking.doc_weight:
            meaning = meaning + ranking.doc_weight * layout.doc_relevance(
                similarity, section_similarity
            )
        if ranking.fusion == "reciprocal-rank":
            return reciprocal_rank_fusion(meaning, keywords)
        return convex_fusion(meaning, keywords, ranking.meaning_weight)

    @staticmethod
    def _passage(library: _Library, similarity: npt.NDArray[np.float64], section: int) -> Passage:
        # The passage shown is the section's chunk closest in meaning to the question.
        in_section = np.flatnonzero(library.layout.chunk_section == section)
        best = int(in_section[np.argmax(similarity[in_section])])
        return library.chunks[best].passage(float(similarity[best]))

    def _similarities(self, library: _Library, query: str) -> npt.NDArray[np.float64]:
        """Cosine similarity of ``query`` to every chunk, in ``library.chunks`` order."""
        # Every chunk is scored: the library is a few hundred chunks at most, and the ranking
        # needs every section's score, not only the top few.
        result = library.collection.query(
            query_embeddings=self.encoder.encode([query]),
            n_results=len(library.chunks),
            include=["distances"],
        )
        distances = dict(zip(result["ids"][0], (result["distances"] or [[]])[0], strict=True))
        # Chroma's cosine distance is 1 - cosine similarity. A chunk the approximate index did
        # not return counts as maximally distant.
        return np.array(
            [1.0 - float(distances.get(chunk.chunk_id, 2.0)) for chunk in library.chunks]
        )
