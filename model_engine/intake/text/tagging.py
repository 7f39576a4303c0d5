"""A clause with its amounts, channel names and group names ("brand-building") replaced by
tags, so the grammars for constraints, budgets and objectives are short regexes over
``⟦A0⟧``, ``⟦C0⟧`` and ``⟦G0⟧`` instead of over raw words and numbers.

Channel names are found from the normalisation table and from the labels the conversation
already has (including ones the table does not know, like "Sales outbound"); the longest name
at each place wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from model_engine.channels import ChannelType
from model_engine.intake.channel_names import find_channel_names
from model_engine.intake.text.amounts import AmountToken

GroupKind = Literal["brand", "performance"]

_GROUPS: tuple[tuple[re.Pattern[str], GroupKind], ...] = (
    (
        re.compile(
            r"brand[- ]?building(?:\s+(?:activities|activity|channels|spend|spending|budget|"
            r"media|efforts|programs))?|brand(?:\s+awareness)?(?:\s+(?:activities|channels|"
            r"spend|spending|budget|media|marketing|efforts|programs))?|awareness(?:\s+(?:"
            r"channels|activities|spend))?|upper[- ]funnel(?:\s+(?:channels|activities|spend))?",
            re.IGNORECASE,
        ),
        "brand",
    ),
    (
        re.compile(
            r"performance(?:\s+(?:marketing|channels|media|spend))?|demand[- ]gen(?:eration)?"
            r"(?:\s+(?:channels|spend))?|lower[- ]funnel(?:\s+(?:channels|spend))?|"
            r"direct[- ]response(?:\s+(?:channels|spend))?",
            re.IGNORECASE,
        ),
        "performance",
    ),
)


@dataclass(frozen=True)
class Mention:
    """A channel named in a clause: as written, its alias type (``None`` for a known label
    the table does not cover), and the known label it matched, if any."""

    text: str
    channel_type: ChannelType | None
    known_label: str | None


@dataclass(frozen=True)
class GroupMention:
    text: str
    kind: GroupKind


@dataclass(frozen=True)
class TaggedClause:
    source: str
    text: str  # the clause with tags
    starts: tuple[int, ...]  # for each character of ``text``: where what it stands for starts
    ends: tuple[int, ...]  # ... and ends, in ``source``
    amounts: tuple[AmountToken, ...]
    mentions: tuple[Mention, ...]
    groups: tuple[GroupMention, ...]
    line: int

    def phrase(self, start: int, end: int) -> str:
        """The original words behind ``text[start:end]``."""
        if start >= end:
            return ""
        return self.source[self.starts[start] : self.ends[end - 1]].strip(" ,.;:")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    tag: str


def tag_clause(
    source: str, line: int, amounts: Sequence[AmountToken], labels: Sequence[str]
) -> TaggedClause:
    spans: list[_Span] = [_Span(a.start, a.end, f"⟦A{i}⟧") for i, a in enumerate(amounts)]
    mentions: list[Mention] = []
    groups: list[GroupMention] = []
    candidates: list[tuple[int, int, Mention | GroupMention]] = []
    for label in sorted(set(labels), key=len, reverse=True):
        for match in re.finditer(rf"(?<![\w-]){re.escape(label)}(?![\w-])", source, re.I):
            candidates.append((match.start(), match.end(), Mention(match.group(0), None, label)))
    for found in find_channel_names(source):
        candidates.append((found.start, found.end, Mention(found.text, found.channel_type, None)))
    for pattern, kind in _GROUPS:
        for match in pattern.finditer(source):
            candidates.append((match.start(), match.end(), GroupMention(match.group(0), kind)))
    taken = [(s.start, s.end) for s in spans]
    for start, end, item in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        if isinstance(item, Mention):
            spans.append(_Span(start, end, f"⟦C{len(mentions)}⟧"))
            mentions.append(item)
        else:
            spans.append(_Span(start, end, f"⟦G{len(groups)}⟧"))
            groups.append(item)
    text, starts, ends = _render(source, sorted(spans, key=lambda s: s.start))
    return TaggedClause(
        source, text, starts, ends, tuple(amounts), tuple(mentions), tuple(groups), line
    )


def _render(source: str, spans: Sequence[_Span]) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for span in spans:
        pieces.append(source[position : span.start])
        starts.extend(range(position, span.start))
        ends.extend(range(position + 1, span.start + 1))
        pieces.append(span.tag)
        starts.extend([span.start] * len(span.tag))
        ends.extend([span.end] * len(span.tag))
        position = span.end
    pieces.append(source[position:])
    starts.extend(range(position, len(source)))
    ends.extend(range(position + 1, len(source) + 1))
    return "".join(pieces), tuple(starts), tuple(ends)
