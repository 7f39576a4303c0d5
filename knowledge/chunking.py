"""Split a methodology doc into citable sections, and long sections into embeddable chunks.

A doc is a markdown file whose first ``# `` heading is its title. Every ``## `` and ``### ``
heading starts a section: the unit a reply cites ("Adstock and carryover › Geometric decay").
Text between the title and the first ``## `` becomes the section "Overview". Deeper headings and
anything inside fenced code blocks stay part of the enclosing section's text.

A doc's "Sources" (or "References") section is its bibliography: it stays in the file, where the
analyst checks the references a passage cites, but it is not indexed, because a list of
references never answers a question and would crowd real passages out of the results.

The embedding model reads at most 256 tokens, so a section longer than ``max_words`` is split at
paragraph boundaries into several chunks that share the section's citation; each chunk is embedded
with its doc title and heading in front, because a paragraph alone often does not say what it is
about ("the 2-6 week peak" only means something under "Adstock").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

OVERVIEW = "Overview"
BIBLIOGRAPHY_HEADINGS = frozenset({"Sources", "References"})
HEADING_SEPARATOR = " › "
DEFAULT_MAX_WORDS = 150

_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_MARKUP = re.compile(r"[`*_]")
_NOT_SLUG = re.compile(r"[^\w\- ]")


@dataclass(frozen=True)
class Section:
    """One citable section of a doc: everything under one heading, up to the next one."""

    doc: str
    """File stem, e.g. ``adstock-and-carryover``: the doc's identity in the index."""
    doc_title: str
    heading: str
    """The heading path inside the doc: ``"Geometric decay"`` or ``"Hill curve › Slope"``."""
    anchor: str
    """GitHub-style fragment of the heading, so ``source_file#anchor`` opens the section."""
    source_file: str
    text: str

    @property
    def citation(self) -> str:
        return f"{self.doc_title}{HEADING_SEPARATOR}{self.heading}"

    @property
    def is_bibliography(self) -> bool:
        return self.heading in BIBLIOGRAPHY_HEADINGS


@dataclass(frozen=True)
class Chunk:
    """The unit stored in the vector index: a section, or one part of a long one."""

    section: Section
    part: int
    text: str

    @property
    def chunk_id(self) -> str:
        return f"{self.section.doc}#{self.section.anchor}#{self.part}"

    @property
    def embedding_text(self) -> str:
        return f"{self.section.citation}\n\n{self.text}"


def slugify(heading: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    return _NOT_SLUG.sub("", heading.lower()).strip().replace(" ", "-")


def _plain(heading: str) -> str:
    return _INLINE_MARKUP.sub("", heading).strip()


def parse_doc(path: Path) -> list[Section]:
    """The sections of one doc, in order. Raises ``ValueError`` naming the file if it has no
    ``# `` title or no text."""
    return parse_markdown(path.read_text(encoding="utf-8"), doc=path.stem, source_file=path.name)


def parse_markdown(markdown: str, doc: str, source_file: str) -> list[Section]:
    title: str | None = None
    h2: str | None = None
    heading: str | None = None
    anchor = ""
    body: list[str] = []
    sections: list[Section] = []
    used_anchors: dict[str, int] = {}
    in_fence = False

    def unique(slug: str) -> str:
        # GitHub numbers repeated headings: "sources", "sources-1", ...
        count = used_anchors.get(slug, 0)
        used_anchors[slug] = count + 1
        return slug if count == 0 else f"{slug}-{count}"

    def flush() -> None:
        text = "\n".join(body).strip()
        if title is not None and heading is not None and text:
            sections.append(Section(doc, title, heading, anchor, source_file, text))
        body.clear()

    for line in markdown.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match is None:
            if title is not None:
                body.append(line)
            continue
        level, text = len(match.group(1)), _plain(match.group(2))
        if level == 1 and title is None:
            title, heading, anchor = text, OVERVIEW, unique(slugify(text))
            continue
        if title is None:
            raise ValueError(
                f"{source_file}: the first heading must be the doc title ('# Title'), "
                f"found {line.strip()!r}"
            )
        if level == 1:
            body.append(line)  # a second title is prose, not a new doc
            continue
        flush()
        if level == 2:
            h2, heading = text, text
        else:
            heading = f"{h2}{HEADING_SEPARATOR}{text}" if h2 else text
        anchor = unique(slugify(text))
    flush()

    if title is None:
        raise ValueError(f"{source_file}: no '# Title' heading; every doc needs one")
    if not sections:
        raise ValueError(f"{source_file}: the doc has a title but no text")
    return sections


def split_section(section: Section, max_words: int = DEFAULT_MAX_WORDS) -> list[Chunk]:
    """Chunks of at most ``max_words`` words, cut only between paragraphs (a single longer
    paragraph stays whole: cutting mid-paragraph would separate claims from their context)."""
    if max_words < 1:
        raise ValueError(f"max_words must be at least 1, got {max_words}")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", section.text) if p.strip()]
    groups: list[list[str]] = []
    words = 0
    for paragraph in paragraphs:
        size = len(paragraph.split())
        if groups and words + size <= max_words:
            groups[-1].append(paragraph)
            words += size
        else:
            groups.append([paragraph])
            words = size
    return [Chunk(section, part, "\n\n".join(group)) for part, group in enumerate(groups)]


def chunk_doc(path: Path, max_words: int = DEFAULT_MAX_WORDS) -> list[Chunk]:
    """The chunks to index for one doc: every section except the bibliography."""
    return [
        chunk
        for section in parse_doc(path)
        if not section.is_bibliography
        for chunk in split_section(section, max_words)
    ]
