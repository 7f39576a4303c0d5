"""The evaluation set and the retrieval-quality metrics computed over it."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge.chunking import Section

QUESTIONS_FILE = Path(__file__).with_name("questions.toml")

# A ranker maps a question to section keys (doc, heading path), best first, one per section.
SectionKey = tuple[str, str]
Ranker = Callable[[str, int], list[SectionKey]]


@dataclass(frozen=True)
class EvalQuestion:
    text: str
    doc: str
    section: str
    split: str
    """``dev`` (used while improving the docs) or ``holdout`` (never used for that)."""

    @property
    def expected(self) -> SectionKey:
        return (self.doc, self.section)


@dataclass(frozen=True)
class QuestionResult:
    question: EvalQuestion
    ranked: tuple[SectionKey, ...]

    def hit_at(self, k: int) -> bool:
        return self.question.expected in self.ranked[:k]


@dataclass(frozen=True)
class QualityReport:
    results: tuple[QuestionResult, ...]

    def hit_rate(self, k: int) -> float:
        return sum(r.hit_at(k) for r in self.results) / len(self.results)

    @property
    def mean_reciprocal_rank(self) -> float:
        ranks = [
            1.0 / (r.ranked.index(r.question.expected) + 1)
            for r in self.results
            if r.question.expected in r.ranked
        ]
        return sum(ranks) / len(self.results)

    def misses(self, k: int) -> list[QuestionResult]:
        return [r for r in self.results if not r.hit_at(k)]

    def only(self, split: str) -> QualityReport:
        return QualityReport(tuple(r for r in self.results if r.question.split == split))


def load_questions(path: Path = QUESTIONS_FILE) -> list[EvalQuestion]:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    return [
        EvalQuestion(q["text"], q["doc"], q["section"], q.get("split", "dev"))
        for q in raw["question"]
    ]


def unknown_labels(
    questions: Sequence[EvalQuestion], sections: Sequence[Section]
) -> list[EvalQuestion]:
    """Questions whose expected section does not exist in the docs (a stale label)."""
    known = {(s.doc, s.heading) for s in sections}
    return [q for q in questions if q.expected not in known]


def evaluate(questions: Sequence[EvalQuestion], ranker: Ranker, depth: int = 3) -> QualityReport:
    return QualityReport(tuple(QuestionResult(q, tuple(ranker(q.text, depth))) for q in questions))
