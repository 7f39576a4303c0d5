"""Methodology passages as a typed view: :class:`MethodologyView`."""

from __future__ import annotations

from collections.abc import Sequence

from knowledge import Passage
from tools.views.base import View


class PassageView(View):
    citation: str
    doc: str
    doc_title: str
    source: str
    section: str
    text: str


class MethodologyView(View):
    passages: list[PassageView]


def methodology_view(passages: Sequence[Passage]) -> MethodologyView:
    return MethodologyView(
        passages=[
            PassageView(
                citation=p.citation,
                doc=p.doc,
                doc_title=p.doc_title,
                source=p.source_file,
                section=p.section,
                text=p.text,
            )
            for p in passages
        ]
    )
