"""The retrieval benchmark's evaluation set must keep pointing at sections that exist."""

from benchmarks.knowledge.evaluation import load_questions, unknown_labels
from knowledge.chunking import parse_doc
from knowledge.index import DOCS_DIR


def test_every_question_names_an_existing_section() -> None:
    sections = [s for path in sorted(DOCS_DIR.glob("*.md")) for s in parse_doc(path)]
    stale = unknown_labels(load_questions(), sections)
    assert not stale, [f"{q.text} -> {q.doc} › {q.section}" for q in stale]


def test_the_set_is_large_enough_and_split() -> None:
    questions = load_questions()
    assert len(questions) >= 40
    assert {q.split for q in questions} == {"dev", "holdout"}
    assert len({q.text for q in questions}) == len(questions), "duplicate questions"
