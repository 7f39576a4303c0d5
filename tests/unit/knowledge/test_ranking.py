"""The hybrid ranking's rules, one test each, on hand-made scores and a fake index (no Chroma,
no model): doc context, convex fusion, the per-section passage, and the ablation settings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from knowledge.keyword import KeywordIndex
from knowledge.retrieval import (
    MethodologyRetriever,
    Ranking,
    SectionLayout,
    _Library,
    _StoredChunk,
    convex_fusion,
    reciprocal_rank_fusion,
)


def _array(*values: float) -> np.ndarray:
    return np.array(values, dtype=float)


# --- convex fusion -----------------------------------------------------------------------------


def test_convex_fusion_scales_each_score_to_its_best_on_this_question() -> None:
    fused = convex_fusion(_array(0.2, 0.6, 0.4), _array(0.0, 2.0, 8.0), meaning_weight=0.6)
    # meaning -> 0, 1, 0.5; keywords -> 0, 0.25, 1.
    assert fused == pytest.approx([0.0, 0.6 + 0.1, 0.3 + 0.4])


def test_convex_fusion_ignores_the_scale_of_bm25_scores() -> None:
    meaning, keywords = _array(0.5, 0.4, 0.3), _array(1.0, 3.0, 0.0)
    assert convex_fusion(meaning, keywords, 0.6) == pytest.approx(
        convex_fusion(meaning, 100 * keywords, 0.6)
    )


def test_without_a_keyword_match_the_ranking_is_by_meaning() -> None:
    fused = convex_fusion(_array(0.3, 0.5, 0.1), _array(0.0, 0.0, 0.0), meaning_weight=0.6)
    assert list(np.argsort(-fused)) == [1, 0, 2]


def test_equal_meaning_scores_leave_the_ranking_to_keywords() -> None:
    fused = convex_fusion(_array(0.4, 0.4), _array(1.0, 2.0), meaning_weight=0.6)
    assert fused[1] > fused[0]


def test_a_section_far_ahead_on_one_score_keeps_its_lead_unlike_rank_fusion() -> None:
    # Section 0 is far ahead by meaning and a close second by keywords; section 1 is first by
    # keywords only narrowly and third by meaning. Rank fusion sees only the ranks.
    meaning = _array(0.80, 0.30, 0.35, 0.10)
    keywords = _array(9.0, 10.0, 1.0, 0.5)
    assert int(np.argmax(convex_fusion(meaning, keywords, 0.6))) == 0
    rrf = reciprocal_rank_fusion(meaning, keywords)
    assert rrf[0] == pytest.approx(1 / 61 + 1 / 62)


def test_rank_fusion_gives_nothing_to_sections_sharing_no_term() -> None:
    rrf = reciprocal_rank_fusion(_array(0.9, 0.1), _array(0.0, 1.0))
    assert rrf[0] == pytest.approx(1 / 61)
    assert rrf[1] == pytest.approx(1 / 62 + 1 / 61)


def test_ranking_settings_are_validated() -> None:
    with pytest.raises(ValueError, match="meaning_weight"):
        Ranking(meaning_weight=1.5)
    with pytest.raises(ValueError, match="doc_weight"):
        Ranking(doc_weight=-0.1)


# --- sections and their docs -------------------------------------------------------------------

LAYOUT = SectionLayout(
    [
        ("adstock", "adstock-and-carryover", "Overview"),
        ("adstock", "geometric-decay", "Geometric decay"),
        ("adstock", "geometric-decay", "Geometric decay"),  # a second chunk of the section
        ("glossary", "mql", "MQL"),
        ("glossary", "sql", "SQL"),
    ]
)


def test_a_section_scores_its_best_chunk() -> None:
    best = LAYOUT.best_per_section(_array(0.1, 0.2, 0.7, 0.3, 0.4))
    assert LAYOUT.sections == (
        ("adstock", "adstock-and-carryover"),
        ("adstock", "geometric-decay"),
        ("glossary", "mql"),
        ("glossary", "sql"),
    )
    assert best == pytest.approx([0.1, 0.7, 0.3, 0.4])


def test_doc_relevance_is_the_overview_similarity_else_the_mean_section() -> None:
    chunks = _array(0.5, 0.2, 0.7, 0.3, 0.4)
    relevance = LAYOUT.doc_relevance(chunks, LAYOUT.best_per_section(chunks))
    # adstock has an overview (0.5); glossary has none: the mean of its sections (0.35).
    assert relevance == pytest.approx([0.5, 0.5, 0.35, 0.35])


# --- the retriever on a fake index -------------------------------------------------------------


class _FakeEncoder:
    """Maps known texts to fixed unit vectors."""

    def __init__(self, vectors: Mapping[str, Sequence[float]]) -> None:
        self.vectors = {text: np.asarray(v, dtype=np.float32) for text, v in vectors.items()}

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = [self.vectors[t] / np.linalg.norm(self.vectors[t]) for t in texts]
        return np.stack(rows)

    def load(self) -> None:
        pass


class _FakeCollection:
    """Answers a query with the cosine distance to every stored vector, like Chroma."""

    def __init__(self, ids: list[str], vectors: np.ndarray) -> None:
        self.ids = ids
        self.vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def query(self, query_embeddings: np.ndarray, **_: Any) -> dict[str, Any]:
        distances = 1.0 - self.vectors @ query_embeddings[0]
        return {"ids": [self.ids], "distances": [distances.tolist()]}


def _retriever(
    chunks: Sequence[tuple[str, str, str, str, Sequence[float]]],
    queries: Mapping[str, Sequence[float]],
    ranking: Ranking | None = None,
) -> MethodologyRetriever:
    """``chunks``: (doc, anchor, heading, text, vector); ``queries``: text -> vector."""
    stored = tuple(
        _StoredChunk(f"{doc}#{anchor}#{i}", text, doc, doc.title(), heading, anchor, f"{doc}.md")
        for i, (doc, anchor, heading, text, _) in enumerate(chunks)
    )
    collection = _FakeCollection([c.chunk_id for c in stored], np.array([c[4] for c in chunks]))
    retriever = MethodologyRetriever(Path("unused"), _FakeEncoder(queries), ranking)  # type: ignore[arg-type]
    retriever.__dict__["_library"] = _Library(
        collection,  # type: ignore[arg-type]
        stored,
        KeywordIndex([c.keyword_text for c in stored]),
        SectionLayout([(c.doc, c.anchor, c.section) for c in stored]),
    )
    return retriever


# Two docs, each with an overview and one more section. Axes: budget optimization, a channel
# getting money, noise, channel priors. The question is closer in meaning to "priors › Email"
# than to "optimization › Budget goes up", but its subject is the optimization doc's.
DOC_CHUNKS = [
    ("optimization", "overview", "Overview", "How the optimizer splits a budget.", (1, 0, 0, 0)),
    ("optimization", "goes-up", "Budget goes up", "Why a channel gains money.", (0.2, 0.9, 0.4, 0)),
    ("priors", "overview", "Overview", "Prior ranges per channel type.", (0, 0, 0, 1)),
    ("priors", "email", "Email", "The email prior.", (0, 1, 0, 0)),
]
QUESTION = {"question": (0.3, 0.95, 0, 0)}


def test_a_section_is_ranked_in_the_context_of_its_doc() -> None:
    with_context = _retriever(DOC_CHUNKS, QUESTION).search("question", k=4)
    assert [p.section for p in with_context][:2] == ["Budget goes up", "Email"]
    without = _retriever(DOC_CHUNKS, QUESTION, Ranking(doc_weight=0.0)).search("question", k=4)
    assert without[0].section == "Email"


def test_the_meaning_method_ignores_doc_context_and_keywords() -> None:
    passages = _retriever(DOC_CHUNKS, QUESTION).search("question", k=4, method="meaning")
    assert passages[0].section == "Email"


def test_the_keywords_method_leaves_out_sections_sharing_no_term() -> None:
    queries = {"email": (0, 1, 0, 0)}
    passages = _retriever(DOC_CHUNKS, queries).search("email", k=4, method="keywords")
    assert [p.section for p in passages] == ["Email"]


def test_keywords_can_lift_a_section_past_a_closer_one_in_meaning() -> None:
    queries = {"why does a channel gain money": (0, 1, 0, 0)}  # closest to priors › Email
    passages = _retriever(DOC_CHUNKS, queries).search("why does a channel gain money", k=2)
    assert passages[0].section == "Budget goes up"


def test_the_passage_is_the_sections_closest_chunk_with_its_cosine() -> None:
    chunks = [
        ("adstock", "decay", "Geometric decay", "First part.", (1, 0)),
        ("adstock", "decay", "Geometric decay", "Second part.", (0, 1)),
    ]
    (passage,) = _retriever(chunks, {"q": (0.2, 1.0)}).search("q", k=1)
    assert passage.text == "Second part."
    assert passage.score == pytest.approx(1.0 / np.linalg.norm([0.2, 1.0]))
    assert passage.citation == "Adstock › Geometric decay"
