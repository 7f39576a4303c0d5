import re
from pathlib import Path

import pytest

from knowledge.chunking import (
    Section,
    chunk_doc,
    parse_doc,
    parse_markdown,
    slugify,
    split_section,
)
from knowledge.index import DOCS_DIR

DOC = """# Adstock and carryover

Intro paragraph about carryover.

## Geometric decay

Each week keeps a share of last week's stock.

```
# not a heading: inside a code fence
```

## Sources

- Broadbent, S. (1979). One way TV advertisements work.

## Delayed peaks

### Binomial decay

Effects that build up before fading.

## Sources

- A second list, to check repeated anchors.
"""


def _sections(markdown: str = DOC) -> list[Section]:
    return parse_markdown(markdown, doc="adstock", source_file="adstock.md")


def test_sections_follow_headings_with_overview_first() -> None:
    sections = _sections()
    assert [s.heading for s in sections] == [
        "Overview",
        "Geometric decay",
        "Sources",
        "Delayed peaks › Binomial decay",
        "Sources",
    ]
    assert {s.doc_title for s in sections} == {"Adstock and carryover"}
    assert {s.source_file for s in sections} == {"adstock.md"}
    assert sections[0].text == "Intro paragraph about carryover."


def test_citation_is_doc_title_then_heading_path() -> None:
    sections = _sections()
    assert sections[1].citation == "Adstock and carryover › Geometric decay"
    assert sections[3].citation == "Adstock and carryover › Delayed peaks › Binomial decay"


def test_anchors_are_github_fragments_and_unique_within_a_doc() -> None:
    anchors = [s.anchor for s in _sections()]
    assert anchors == [
        "adstock-and-carryover",
        "geometric-decay",
        "sources",
        "binomial-decay",
        "sources-1",
    ]


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("MAPE and the 15% threshold", "mape-and-the-15-threshold"),
        (
            "Judge channels by marginal, not average, return",
            "judge-channels-by-marginal-not-average-return",
        ),
        ("ROI and mROI (marginal ROI)", "roi-and-mroi-marginal-roi"),
        ("Why a channel's budget gets cut", "why-a-channels-budget-gets-cut"),
        (
            "Linear, position-based and time-decay attribution",
            "linear-position-based-and-time-decay-attribution",
        ),
    ],
)
def test_slugify_matches_github(heading: str, anchor: str) -> None:
    assert slugify(heading) == anchor


def test_heading_inside_code_fence_stays_in_the_section_text() -> None:
    geometric = _sections()[1]
    assert "# not a heading" in geometric.text


def test_heading_with_no_body_of_its_own_makes_no_section() -> None:
    assert "Delayed peaks" not in [s.heading for s in _sections()]


def test_bibliography_sections_are_marked() -> None:
    assert [s.is_bibliography for s in _sections()] == [False, False, True, False, True]


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("Just text, no headings at all.\n", "no '# Title'"),
        ("## Section first\n\n# Title\n\nBody\n", "first heading must be the doc title"),
        ("# Title only\n", "title but no text"),
    ],
)
def test_malformed_docs_are_rejected_naming_the_file(markdown: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as error:
        parse_markdown(markdown, doc="bad", source_file="bad.md")
    assert "bad.md" in str(error.value)


def _section_with_paragraphs(*word_counts: int) -> Section:
    paragraphs = [" ".join(f"w{i}" for i in range(n)) for n in word_counts]
    return Section("d", "Doc", "Heading", "heading", "d.md", "\n\n".join(paragraphs))


def test_long_sections_split_between_paragraphs_within_the_word_budget() -> None:
    chunks = split_section(_section_with_paragraphs(40, 40, 40, 40), max_words=100)
    assert [len(c.text.split()) for c in chunks] == [80, 80]
    assert [c.part for c in chunks] == [0, 1]
    assert [c.chunk_id for c in chunks] == ["d#heading#0", "d#heading#1"]


def test_a_paragraph_longer_than_the_budget_stays_whole() -> None:
    chunks = split_section(_section_with_paragraphs(10, 300, 10), max_words=100)
    assert [len(c.text.split()) for c in chunks] == [10, 300, 10]


def test_embedding_text_puts_the_citation_before_the_text() -> None:
    chunk = split_section(_section_with_paragraphs(5))[0]
    assert chunk.embedding_text == f"Doc › Heading\n\n{chunk.text}"


def test_split_rejects_a_budget_below_one_word() -> None:
    with pytest.raises(ValueError, match="max_words"):
        split_section(_section_with_paragraphs(5), max_words=0)


def test_chunk_doc_leaves_out_the_bibliography(tmp_path: Path) -> None:
    path = tmp_path / "adstock.md"
    path.write_text(DOC, encoding="utf-8")
    headings = {c.section.heading for c in chunk_doc(path)}
    assert headings == {"Overview", "Geometric decay", "Delayed peaks › Binomial decay"}


@pytest.mark.parametrize("path", sorted(DOCS_DIR.glob("*.md")), ids=lambda p: p.stem)
def test_every_library_doc_parses_and_lists_dated_sources(path: Path) -> None:
    sections = parse_doc(path)
    bibliography = [s for s in sections if s.is_bibliography]
    assert bibliography, f"{path.name} has no '## Sources' section"
    entries = [line for line in bibliography[0].text.splitlines() if line.startswith("- ")]
    assert entries, f"{path.name}: the Sources section lists no references"
    assert any(re.search(r"\((19|20)\d\d\)", entry) for entry in entries), (
        f"{path.name}: no dated publication among its sources"
    )
    assert len({s.anchor for s in sections}) == len(sections)
