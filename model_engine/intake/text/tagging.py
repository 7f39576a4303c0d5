"""A clause with its amounts, channel names and group names ("brand-building") replaced by
tags, so the grammars for constraints, budgets and objectives are short regexes over
``⟦A0⟧``, ``⟦C0⟧`` and ``⟦G0⟧`` instead of over raw words and numbers.

Channel names are found from the normalisation table and from the labels the conversation
already has (including ones the table does not know, like "Sales outbound"); the longest name
at each place wins.
"""

from __future__ import annotations

import bisect
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
    the table does not cover), and the known label it matched, if any.

    A reference ("there", "that one", "it", "both") is a mention whose ``refers_to`` holds the
    names of the channels it stands for (one, or two for "both"); ``known_label`` is the
    first of them."""

    text: str
    channel_type: ChannelType | None
    known_label: str | None
    refers_to: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The channel names this mention stands for, as written or resolved."""
        return self.refers_to or ((self.known_label or self.text),)


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


# Words that stand for a channel named before them. "There's" and "it's been" are not
# references, nor "they" acting on us ("what if they cut us 10%"), nor "how would it look";
# "that"/"this" only at the start of a clause ("That got us 600 MQLs").
_PLURAL_REFERENCE = re.compile(
    r"\b(?:both\s+of\s+them|each\s+of\s+them|both|those\s+two|these\s+two|the\s+two)\b", re.I
)
_SINGLE_REFERENCE = re.compile(
    r"\b(?:that\s+one|this\s+one|that\s+channel|this\s+channel|the\s+latter|"
    r"(?<!\bas\s)(?<!\bwhere\s)(?:it|they|them)(?!\s+(?:is|are)\s*(?:[.,;!]|$))"
    r"(?!\s+(?:\w+\s+)?(?:us|our)\b)(?!\s+(?:look|looks|seem|seems|mean|means|matter|happen)\b)|"
    r"there(?!'s|\s+(?:is|are|was|were|will|would)\b))\b|^(?:that|this)\b",
    re.I,
)
_NAMES_FOLLOW = re.compile(r"\s+(?:the\s+)?(?=\w)")
_RULE_WORD = re.compile(
    r"\b(?:lock|locked|freeze|frozen|fixed|flat|touch|cut|reduce|booked|committed|contracted|"
    r"untouched|alone|as\s+is)\b",
    re.I,
)


def tag_clause(
    source: str,
    line: int,
    amounts: Sequence[AmountToken],
    labels: Sequence[str],
    antecedents: Sequence[Mention] = (),
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
    chosen: list[tuple[int, int, Mention | GroupMention]] = []
    taken = _Taken([(s.start, s.end) for s in spans])
    for start, end, item in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
        if taken.overlaps(start, end):
            continue
        taken.add(start, end)
        chosen.append((start, end, item))
    has_antecedent = bool(antecedents) or any(isinstance(i, Mention) for _, _, i in chosen)
    if has_antecedent and (amounts or _RULE_WORD.search(source)):
        chosen += _references(source, chosen, antecedents, taken)
    for start, end, item in sorted(chosen, key=lambda c: c[0]):
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


class _Taken:
    """Spans already tagged, kept sorted, so that overlap checks stay logarithmic."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = sorted(spans)

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.spans, (start, start))
        before = self.spans[index - 1] if index > 0 else None
        after = self.spans[index] if index < len(self.spans) else None
        return bool(
            (before is not None and before[1] > start) or (after is not None and after[0] < end)
        )

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))


def _references(
    source: str,
    chosen: Sequence[tuple[int, int, Mention | GroupMention]],
    antecedents: Sequence[Mention],
    taken: _Taken,
) -> list[tuple[int, int, Mention]]:
    """Reference words resolved to the channel named last before them (in this clause or
    earlier ones); "both" to the last two."""
    named = sorted((s, m) for s, _, m in chosen if isinstance(m, Mention))
    found: list[tuple[int, int, Mention]] = []
    for pattern, count in ((_PLURAL_REFERENCE, 2), (_SINGLE_REFERENCE, 1)):
        for match in pattern.finditer(source):
            if taken.overlaps(match.start(), match.end()):
                continue
            if count == 2 and _NAMES_FOLLOW.match(source, match.end()):
                following = [s for s, _ in named if s >= match.end()]
                if following and not source[match.end() : following[0]].strip():
                    continue  # "both field events and podcasts": the names follow
            earlier = [*antecedents, *(m for s, m in named if s < match.start())]
            names: list[str] = []
            types: list[ChannelType | None] = []
            for mention in reversed(earlier):
                for name in mention.names:
                    if name.casefold() not in {n.casefold() for n in names}:
                        names.append(name)
                        types.append(mention.channel_type)
                if len(names) >= count:
                    break
            if len(names) < count:
                continue
            names, types = names[:count][::-1], types[:count][::-1]
            taken.add(match.start(), match.end())
            reference = Mention(match.group(0), types[-1], names[0], tuple(names))
            found.append((match.start(), match.end(), reference))
    return found


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
