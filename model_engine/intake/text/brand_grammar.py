"""The user redefining which channel types count as brand-building.

- "count only content and events as brand-building" / "brand-building means content and
  events" -> exactly those types;
- "also count social as brand-building" / "include video in brand" -> add;
- "don't count events as brand-building" / "treat events as performance" -> remove.

The default set is :data:`model_engine.channels.BRAND_BUILDING_TYPES`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from model_engine.intake.text.tagging import TaggedClause

BrandEdit = Literal["only", "add", "remove"]

CH = r"(?P<c>⟦C\d+⟧(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&|\+)\s+|\s*/\s*)⟦C\d+⟧)*)"
_BRAND = r"(?:an?\s+)?⟦G(?P<g>\d+)⟧"
_NEG = r"(?:don'?t|do\s+not|never|shouldn'?t|should\s+not)"

_PATTERNS: tuple[tuple[BrandEdit, str], ...] = (
    ("only", rf"(?:count|treat|consider|use)\s+only\s+{CH}\s+as\s+{_BRAND}"),
    ("only", rf"only\s+{CH}\s+(?:count|counts|are|is|should\s+count)\s+(?:as\s+)?{_BRAND}"),
    (
        "only",
        rf"{_BRAND}\s+(?:means|is|=|includes\s+only|is\s+only|are|should\s+be|should\s+mean)\s+"
        rf"(?:only\s+|just\s+)?{CH}",
    ),
    ("remove", rf"{_NEG}\s+(?:count|treat|consider|include)\s+{CH}\s+(?:as|in)\s+{_BRAND}"),
    ("remove", rf"(?:exclude|remove|take)\s+{CH}\s+(?:from|out\s+of)\s+{_BRAND}"),
    ("remove", rf"{CH}\s+(?:is|are)\s+(?:not|n't)\s+{_BRAND}"),
    ("remove", rf"(?:count|treat|consider)\s+{CH}\s+as\s+(?P<perf>⟦G\d+⟧)"),
    ("remove", rf"{CH}\s+(?:is|are|counts?\s+as)\s+(?P<perf>⟦G\d+⟧)"),
    ("add", rf"(?:also\s+)?(?:count|treat|consider|include|add)\s+{CH}\s+(?:as|in|to)\s+{_BRAND}"),
    ("add", rf"{CH}\s+(?:also\s+)?(?:counts?|is|are)\s+(?:also\s+)?(?:as\s+)?{_BRAND}"),
)
_COMPILED = tuple((edit, re.compile(p, re.IGNORECASE)) for edit, p in _PATTERNS)


@dataclass(frozen=True)
class BrandDefinition:
    edit: BrandEdit
    mentions: tuple[int, ...]
    phrase: str
    start: int
    end: int


def find_brand_definitions(clause: TaggedClause) -> tuple[BrandDefinition, ...]:
    found: list[BrandDefinition] = []
    for edit, pattern in _COMPILED:
        for match in pattern.finditer(clause.text):
            if any(match.start() < f.end and f.start < match.end() for f in found):
                continue
            groups = match.groupdict()
            if groups.get("g") and clause.groups[int(groups["g"])].kind != "brand":
                continue
            if groups.get("perf"):
                index = int(re.findall(r"\d+", groups["perf"])[0])
                if clause.groups[index].kind != "performance":
                    continue
            mentions = tuple(int(n) for n in re.findall(r"⟦C(\d+)⟧", groups["c"]))
            found.append(
                BrandDefinition(edit, mentions, clause.phrase(*match.span()), *match.span())
            )
    return tuple(found)
