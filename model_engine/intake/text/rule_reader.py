"""Rules read from how they are built, for the sentences the phrase grammar
(:mod:`~model_engine.intake.text.constraint_grammar`) does not cover.

A rule is a subject (channels, a group, every channel), a limit and an amount. The limit comes
from a few kinds of words, combined the way English combines them:

- a minimum ("at least", "minimum", "a floor of", "at or above", "... or more"), a maximum ("at
  most", "up to", "capped at", "at or below", "... max") or an exact amount ("booked at",
  "locked in at", "committed to", "fixed at", "exactly");
- a direction ("below", "under", "less than" / "above", "over", "more than", "exceed"), read
  with the negation before it: "can't go below $1M" and "nothing under $1M" are floors, "can't
  exceed" and "no more than" caps, "stays above" a floor and "keep it under" a cap;
- "between A and B" is a floor and a cap.

Several channels with "together", "combined", "in total", "across" or "+" share one limit;
with "each", "both", "apiece" or "neither" each gets its own; a list with neither word shares
one limit, as the phrase grammar reads it.

Each sentence is cut at "so", "because", "since", "but" and semicolons, so "TV can't go below
$1M because of our upfront deal" has one subject and "the conference is booked at $350K, so
that one is fixed" reads the amount with the conference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from model_engine.intake.text.constraint_grammar import ConstraintDraft, DraftKind, named_first
from model_engine.intake.text.tagging import TaggedClause
from model_engine.intake.text.tense import when_told

_SEGMENT_BREAK = re.compile(
    r",?\s+(?:so|because|since|as\s+long\s+as|but|although|though|while)\s+|;\s*", re.IGNORECASE
)
_MINIMUM = re.compile(
    r"\b(?:at\s+least|a\s+minimum\s+of|minimum\s+of|minimum|min\.?|at\s+or\s+above|a\s+floor\s+of|"
    r"floor\s+of|floor\s+at|floor)\b|≥|>=",
    re.IGNORECASE,
)
_MAXIMUM = re.compile(
    r"\b(?:at\s+most|a\s+maximum\s+of|maximum\s+of|maximum|max\.?|up\s+to|at\s+or\s+below|"
    r"capped\s+at|a\s+cap\s+of|cap\s+of|cap\s+at|a\s+ceiling\s+of|ceiling\s+of|limited\s+to|"
    r"a\s+limit\s+of|limit\s+of|limit\s+(?=\S+\s+(?:to|at)\b))\b|≤|<=",
    re.IGNORECASE,
)
_EXACT = re.compile(
    r"\b(?:(?:is\s+|are\s+)?(?:already\s+)?(?:booked|fixed|locked(?:\s+in)?|pinned|frozen|spoken\s+for|"
    r"contracted|set|committed|signed)\s+(?:at|for|to)|(?:a\s+)?done\s+deal\s+at|exactly|precisely|"
    r"committed)\b",
    re.IGNORECASE,
)
# Commitments: "we signed a $300K contract for podcasts", "we prepaid $200K for the expo",
# "Expo booth: $360K, non-negotiable": the amount is what the channel gets. A promise ("we
# promised the organisers 200K") may be a floor or the amount, so it is left to be asked.
_COMMITTED_BEFORE = re.compile(
    r"\b(?:signed\s+(?:a|an|the|for)?|prepaid|pre-paid|guaranteed|contracted\s+(?:for)?|"
    r"already\s+paid)\b",
    re.IGNORECASE,
)
_COMMITTED_AFTER = re.compile(
    r"^\s*(?:(?:contract|commitment|retainer|deal|sponsorship\s+deal|flat\s+fee)\b|,?\s*(?:is\s+|"
    r"that's\s+|which\s+is\s+)?(?:non-negotiable|not\s+negotiable|set\s+in\s+stone|firm|"
    r"locked(?:\s+in)?|fixed|committed|contracted)\b)",
    re.IGNORECASE,
)
_SPOKEN_FOR = re.compile(
    r"\b(?:booked|committed|contracted|contract|locked(?:\s+in)?|frozen|non-?negotiable|"
    r"non-?cancell?able|set\s+in\s+stone|prepaid|pre-paid|(?:can'?t|cannot|won'?t)\s+(?:move|"
    r"change|budge)|signed\s+for)\b",
    re.IGNORECASE,
)
_PROMISED = re.compile(r"\b(?:promis(?:e|ed|ing)|pledged?)\b", re.IGNORECASE)
_AFTER_MINIMUM = re.compile(r"^\s*(?:or\s+(?:more|above|higher)|and\s+up|minimum|min\b|\+)", re.I)
_AFTER_MAXIMUM = re.compile(
    r"^\s*(?:or\s+(?:less|below|lower)|max(?:imum)?\b|tops\b|at\s+most)", re.I
)
_SHARE_OF = re.compile(
    r"\s+of\s+(?:the\s+|our\s+)?(?:total\s+)?(?:budget|spend|spending|money|total)\b", re.I
)
# "Search tops out at $500K, that's the limit": the amount named a limit after it.
_NAMED_A_LIMIT = re.compile(
    r"^\s*,?\s*(?:that'?s|that\s+is|which\s+is)\s+(?:the|our|a|my)\s+(?:hard\s+|firm\s+)?"
    r"(?:limit|cap|ceiling|max(?:imum)?)\b",
    re.IGNORECASE,
)
_TRAILING_CUES = (
    (_AFTER_MINIMUM, "floor"),
    (_AFTER_MAXIMUM, "cap"),
    (_NAMED_A_LIMIT, "cap"),
    (_COMMITTED_AFTER, "fix"),
)
_LOWER = re.compile(
    r"\b(?:below|under|beneath|less\s+than|lower\s+than|fewer\s+than|drop(?:s|ping)?\s+to)\b", re.I
)
_UPPER = re.compile(
    r"\b(?:above|over|more\s+than|higher\s+than|exceed(?:s|ing)?|beyond|top)\b", re.I
)
_A_PERIOD_AFTER = re.compile(
    r"\s+(?:the\s+)?(?:last|past|next|coming|previous|prior|following|this)\b", re.IGNORECASE
)
_NEGATION = re.compile(
    r"\b(?:can'?t|cannot|can\s+not|mustn'?t|must\s+not|shouldn'?t|should\s+not|won'?t|will\s+not|"
    r"never|not|no|nothing|neither|nor|don'?t|do\s+not|doesn'?t|isn'?t|aren'?t)\b",
    re.IGNORECASE,
)
_BETWEEN = re.compile(
    r"\b(?:between|from)\s+⟦A(?P<low>\d+)⟧\s*(?:and|to|-|–)\s*⟦A(?P<high>\d+)⟧|"
    r"⟦A(?P<range_low>\d+)⟧\s*(?:-|–|to)?\s*⟦A(?P<range_high>\d+)⟧\s+(?:range|band|bracket|window)\b",
    re.I,
)
_TOGETHER = re.compile(
    r"\b(?:together|combined|in\s+total|total\s+for|across|jointly|between\s+them|share\s+a)\b|"
    r"⟧\s*\+\s*⟦",
    re.IGNORECASE,
)
_SEPARATELY = re.compile(r"\b(?:each|both|apiece|neither|individually|respectively)\b", re.I)
_EVERY_CHANNEL = re.compile(
    r"\b(?:no|each|every|any|all)\s+(?:single\s+|individual\s+|one\s+)?(?:channels?|line\s+items?|"
    r"lines?)\b",
    re.IGNORECASE,
)
_REPORT = re.compile(
    r"\b(?:spent|got|brought|drove|generated|produced|returned|delivered|went|was|were|ran|cost\s+us)\b",
    re.IGNORECASE,
)
_RULE_MODAL = re.compile(
    r"\b(?:keep|must|should|needs?|has\s+to|have\s+to|can'?t|cannot|won'?t|don'?t|never|cap|"
    r"limit|limited|capped|max|min|least|most|booked|fixed|locked|committed|contracted|floor|"
    r"ceiling|signed|contract|non-negotiable|non-cancell?able|frozen|prepaid)\b",
    re.IGNORECASE,
)
_TAG = re.compile(r"⟦([ACG])(\d+)⟧")
_LIST_JOIN = re.compile(
    r"\s*(?:,\s*(?:and\s+|or\s+|nor\s+)?|\s(?:and|or|nor|&|\+|plus)\s|/|\+)\s*", re.I
)
_DURATION = re.compile(r"\s+(?:weeks?|months?|days?|quarters?|years?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Cue:
    kind: DraftKind
    start: int
    end: int
    amount_after: bool  # the cue's amount follows it ("at least $X") or precedes it ("$X or more")


def read_rules(
    clause: TaggedClause, taken: Sequence[tuple[int, int]], claimed: set[int]
) -> list[ConstraintDraft]:
    """Drafts for the rules in ``clause`` outside the ``taken`` spans (read by the phrase
    grammar), binding only amounts not yet ``claimed``."""
    drafts: list[ConstraintDraft] = []
    inherited: tuple[int, ...] = ()
    for start, end in _segments(clause.text):
        segment = clause.text[start:end]
        if _REPORT.search(segment) and not _RULE_MODAL.search(segment):
            continue  # "TV was at $470K" says what happened
        before = len(drafts)
        for draft in _segment_rules(clause, start, segment, taken, claimed, inherited):
            if draft.amount is not None:
                tag = f"⟦A{draft.amount}⟧"
                at = clause.text.index(tag)
                draft = replace(draft, told=when_told(clause, at, at + len(tag)))
            drafts.append(draft)
            if draft.amount is not None:
                claimed.add(draft.amount)
        # "X needs at least $100K but under $300K": a limit with no subject of its own
        # continues the channels of the limit just before it in the sentence.
        tags = [m for m in _TAG.finditer(segment) if m.group(1) == "C"]
        in_phrase = tuple(
            int(m.group(2)) for m in tags if _overlaps(start + m.start(), start + m.end(), taken)
        )
        if len(drafts) > before and drafts[-1].subject == "channels":
            inherited = drafts[-1].mentions
        elif tags:
            inherited = in_phrase
    return drafts


def first_limit_kind(text: str) -> DraftKind | None:
    """The kind of the first limit word in ``text`` (a tagged clause), if any."""
    cues = _cues(text)
    return cues[0].kind if cues else None


def _segments(text: str) -> list[tuple[int, int]]:
    bounds = [0]
    for match in _SEGMENT_BREAK.finditer(text):
        bounds += [match.start(), match.end()]
    bounds.append(len(text))
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]


def _segment_rules(
    clause: TaggedClause,
    offset: int,
    segment: str,
    taken: Sequence[tuple[int, int]],
    claimed: set[int],
    inherited: tuple[int, ...] = (),
) -> list[ConstraintDraft]:
    amounts = [
        (int(m.group(2)), m.start(), m.end())
        for m in _TAG.finditer(segment)
        if m.group(1) == "A"
        and int(m.group(2)) not in claimed
        and not _DURATION.match(segment, m.end())
    ]
    if not amounts:
        return []
    mention_tags = [
        (int(m.group(2)), m.start(), m.end()) for m in _TAG.finditer(segment) if m.group(1) == "C"
    ]
    groups = [int(m.group(2)) for m in _TAG.finditer(segment) if m.group(1) == "G"]
    every = bool(_EVERY_CHANNEL.search(segment))
    if not mention_tags and not groups and not every and not inherited:
        return []
    found: list[tuple[DraftKind, int]] = []
    between = _BETWEEN.search(segment)
    used: set[int] = set()
    if between and not _overlaps(offset + between.start(), offset + between.end(), taken):
        low, high = (
            int(between["low"] or between["range_low"]),
            int(between["high"] or between["range_high"]),
        )
        found += [("floor", low), ("cap", high)]
        used |= {low, high}
    # Each amount goes to the nearest cue that governs it: in "committed to at least $200K"
    # the amount is a minimum, not an exact figure.
    bids: dict[int, tuple[int, DraftKind]] = {}
    for cue in _cues(segment):
        if _overlaps(offset + cue.start, offset + cue.end, taken):
            continue
        governed = _amount_for(cue, amounts, used, segment)
        if governed is None:
            continue
        distance = governed[1] - cue.end if cue.amount_after else cue.start - governed[2]
        if governed[0] not in bids or distance < bids[governed[0]][0]:
            bids[governed[0]] = (distance, cue.kind)
    found += [(kind, index) for index, (_, kind) in sorted(bids.items())]
    if not found:
        found += _commitment(clause, segment, amounts)
    first_cue = min((c.start for c in _cues(segment)), default=len(segment))
    if between:
        first_cue = min(first_cue, between.start())
    mentions = named_first(clause, _subject(segment, mention_tags, first_cue)) or (
        () if groups or every else inherited
    )
    if not found:
        return []
    separately = bool(_SEPARATELY.search(segment)) and not _TOGETHER.search(segment)
    phrase = clause.phrase(offset, offset + len(segment))
    drafts = []
    for kind, amount in found:
        if groups and not mentions:
            drafts.append(
                ConstraintDraft(kind, "group", (), groups[0], amount, phrase, clause.line)
            )
        elif mentions:
            drafts.append(
                ConstraintDraft(
                    kind, "channels", mentions, None, amount, phrase, clause.line, separately
                )
            )
        else:
            drafts.append(ConstraintDraft(kind, "each", (), None, amount, phrase, clause.line))
    return drafts


def _commitment(
    clause: TaggedClause, segment: str, amounts: Sequence[tuple[int, int, int]]
) -> list[tuple[DraftKind, int]]:
    """ "$250K for TV is already committed", "TV: $250K booked, can't move", "the TV contract
    is $250K and it's non-cancellable": one amount of money and a word that it is spoken for,
    with no limit word, is what the channel gets."""
    money = [a for a in amounts if not clause.amounts[a[0]].percent]
    if len(money) != 1 or len(amounts) != 1 or not _SPOKEN_FOR.search(segment):
        return []
    if _PROMISED.search(segment):
        return []  # a promise may be a floor or the amount: asked about, not guessed
    return [("fix", money[0][0])]


def _subject(segment: str, mentions: Sequence[tuple[int, int, int]], cue: int) -> tuple[int, ...]:
    """The channels a limit is about: the list of mentions ("TV and radio", "X plus Y") that
    ends nearest before the limit word, else the first list after it ("at least $200K in X")."""
    lists: list[list[tuple[int, int, int]]] = []
    for mention in mentions:
        if lists and _LIST_JOIN.fullmatch(segment[lists[-1][-1][2] : mention[1]]):
            lists[-1].append(mention)
        else:
            lists.append([mention])
    before = [group for group in lists if group[-1][2] <= cue]
    chosen = (
        before[-1]
        if before
        else next((g for g in lists if g[0][1] >= cue), lists[0] if lists else [])
    )
    return tuple(index for index, _, _ in chosen)


def _cues(segment: str) -> list[_Cue]:
    cues: list[_Cue] = []
    exact = ((_EXACT, "fix"), (_COMMITTED_BEFORE, "fix"))
    for pattern, kind in ((_MINIMUM, "floor"), (_MAXIMUM, "cap"), *exact):
        for match in pattern.finditer(segment):
            cues.append(_Cue(kind, match.start(), match.end(), True))  # type: ignore[arg-type]
    for match in _TAG.finditer(segment):
        if match.group(1) != "A":
            continue
        after = segment[match.end() :]
        share_of = _SHARE_OF.match(after)
        after = after[share_of.end() :] if share_of else after
        for trailing_pattern, trailing_kind in _TRAILING_CUES:
            trailing = trailing_pattern.match(after)
            if trailing is not None:
                end = match.end() + (share_of.end() if share_of else 0) + trailing.end()
                cues.append(_Cue(trailing_kind, match.end(), end, False))  # type: ignore[arg-type]
                break
    for pattern, negated, plain in ((_LOWER, "floor", "cap"), (_UPPER, "cap", "floor")):
        for match in pattern.finditer(segment):
            if any(c.start <= match.start() < c.end for c in cues):
                continue  # "at or below" is already a maximum
            if _A_PERIOD_AFTER.match(segment, match.end()):
                continue  # "over the last 8 weeks" is a period, not a limit
            before = segment[max(0, match.start() - 40) : match.start()]
            kind = negated if _NEGATION.search(before) else plain
            cues.append(_Cue(kind, match.start(), match.end(), True))  # type: ignore[arg-type]
    return sorted(_without_nested(cues), key=lambda c: c.start)


def _without_nested(cues: list[_Cue]) -> list[_Cue]:
    """ "no more than": the maximum words win over the direction word inside them."""
    kept = []
    for cue in cues:
        inside = any(
            o is not cue
            and o.start <= cue.start
            and cue.end <= o.end
            and (o.end - o.start) > (cue.end - cue.start)
            for o in cues
        )
        if not inside:
            kept.append(cue)
    return kept


def _amount_for(
    cue: _Cue, amounts: Sequence[tuple[int, int, int]], used: set[int], segment: str
) -> tuple[int, int, int] | None:
    """The amount a cue governs: the first one after it with only a few words between
    ("at least $200K", "below about $1M"), or the one right before a trailing cue."""
    if cue.amount_after:
        for amount in amounts:
            if amount[0] in used or amount[1] < cue.end:
                continue
            between = _TAG.sub("x", segment[cue.end : amount[1]])
            return amount if len(between.split()) <= 4 else None
        return None
    before = [a for a in amounts if a[2] <= cue.start and a[0] not in used]
    return before[-1] if before else None


def _overlaps(start: int, end: int, taken: Sequence[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)
