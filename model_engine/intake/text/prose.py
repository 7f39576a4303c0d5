"""Channel figures written as prose or bullets: "Paid search: $400K spent, 2,400 MQLs, $167
CAC", "- Email — $200K / 1,500 MQLs", "We spent $400K on search for 2,400 MQLs and $500K on
social for 1,800".

Each amount is read from the words around it in its chunk (between commas, "and", "/"...):
"MQLs" after it makes an outcome, "CAC" a cost per outcome, "spent" spend, "ROAS"/"x" a
return on spend; money with no such word is spend when it is the only one. Amounts go to the
channel named before them (or after them, with "on", "for", "from": "$400K on search").
Figures given for a list of channels at once ("search and social drove 900 MQLs") cannot be
split and are reported.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from model_engine.intake.issues import IntakeIssue, error, warning
from model_engine.intake.numbers import Notation, NumberKind
from model_engine.intake.text.amounts import unreadable_amount_issue
from model_engine.intake.text.attachment import Figure, attach
from model_engine.intake.text.line_names import can_be_in_a_name
from model_engine.intake.text.records import ChannelRecord, OutcomeFigure
from model_engine.intake.text.tagging import TaggedClause
from model_engine.intake.text.vocabulary import (
    OUTCOME_WORDS,
    Outcome,
    is_cost_after,
    is_cost_before,
    is_roas_after,
    is_roas_before,
    is_spend_after,
    is_spend_before,
    outcome_after,
    outcome_before,
    outcome_in,
    outcome_named,
)

Role = Literal[
    "spend", "outcome", "cost", "roas", "money", "bare", "percent", "base", "range", "ignore"
]

_CHUNK_BREAK = re.compile(
    r",\s+|;|\s+and\s+|\s+with\s+|\s+while\s+|\s+but\s+|\s*\|\s*|[()]|\s+[—–-]\s+|"
    r"(?<=⟧)\s*/\s*(?=⟦)|(?<=[a-z])\s*/\s*(?=⟦)",
    re.IGNORECASE,
)
_TAG = re.compile(r"⟦([ACG])(\d+)⟧")
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_LABEL_SEPARATOR = re.compile(r"\s*(?::|=|\s[—–-])\s*")
_NOT_A_LABEL = re.compile(
    r"\b(?:budget|total|totals|goal|goals|objective|objectives|note|notes|constraints?|period|"
    r"timeframe|targets?|currency|results|data|summary|context|quarter|year|month|kpis?|"
    r"metrics|overall|assumptions?|background|question|ask|request|plan|scenario|update|fyi|"
    r"ps|next|last|q[1-4]|h[12]|fy\d*|i|we|our|my|planning|envelope)\b",
    re.IGNORECASE,
)
_TRAILING_SPEND = re.compile(
    r"\s+(?:spend|spending|spent|budget|costs?|investment)\s*$", re.IGNORECASE
)
_METRIC_WORD = re.compile(r"cac|cpl|cpa|cpm|cpc|ctr|roas|roi|spend|cost|budget", re.IGNORECASE)
_SHARE_BASE = re.compile(r"⟦A(\d+)⟧\s*of\s+(?:the\s+|a\s+|our\s+)?(?:total\s+)?$", re.IGNORECASE)
_SPEND_HEADING = re.compile(r"\b(?:spend|spent|spending|costs?|budget|investment)\b", re.I)
_LIST_JOIN = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*|\+\s*|/\s*)$", re.I)
_TOTAL_BEFORE_SHARES = re.compile(
    r"[:—–]|\s-\s|\b(?:total|in\s+total|overall|altogether|split|broken\s+down)\b", re.IGNORECASE
)
_THE_REST = re.compile(
    r"\b(?:the\s+)?(?:rest|remainder|remaining\s+\w+|everything\s+else)\s+(?:went\s+)?(?:on|to|in|into|"
    r"for)\s+(?:the\s+)?⟦C(\d+)⟧",
    re.IGNORECASE,
)
# The second figure of a "spend/outcome" pair under a "Spend / trials" heading.
_SECOND_OF_A_PAIR = re.compile(r"⟦A\d+⟧\s*/\s*$")
_YEAR_BEFORE = re.compile(
    r"\b(?:in|since|from|by|until|till|during|of|fy|year|early|late|mid|q[1-4]|h[12])\s*$", re.I
)
_UNIT_AFTER = re.compile(
    r"^\s*(?!(?:on|in|into|to|for|from|at|of|and|or|with|across|via|per|each|a|an|the|was|were|"
    r"is|went|spent|total)\b)[a-z]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ReadAmount:
    index: int
    role: Role
    outcome: Outcome | None = None


@dataclass
class _Figures:
    label: str
    line: int
    amounts: list[ReadAmount] = field(default_factory=list)
    base: float | None = None  # the stated total this channel's share is of
    rest: float | None = None  # "the rest on email": the share left over


def read_prose(
    clause: TaggedClause,
    usable: Set[int],
    notation: Notation,
    carried: ProseHeading | None = None,
) -> ProseReading:
    """``carried`` is the heading of the clause before on the same line ("MQLs: search 800;
    social 9.9k": the second clause's figures are MQLs too); it holds only for a clause that
    starts with a channel and has no heading of its own."""
    heading = _heading(clause)
    if heading is None and carried is not None and clause.text.startswith("⟦C"):
        heading = carried
    roles = [_role(clause, i, heading) for i in sorted(usable)]
    relevant = [r for r in roles if r.role != "ignore"]
    if not relevant:
        return ProseReading((), frozenset(), ())
    positions = _tag_positions(clause.text)
    base = _share_base(clause, relevant, positions, notation)
    if base is not None:
        relevant = [r for r in relevant if r.index != base[0]]
        if not relevant:
            return ProseReading((), frozenset(), ())
    paired = _respectively(clause, relevant, positions)
    if paired is not None:
        return _records(clause, paired, notation)
    first = min(positions[("A", r.index)][0] for r in relevant)
    labelled = _label_before(clause, first)
    if labelled is not None:
        label, rest_start = labelled
        rest_mentions = [
            p for (kind, _), p in positions.items() if kind == "C" and p[0] >= rest_start
        ]
        if not rest_mentions:
            return _records(clause, [_Figures(label, clause.line, relevant)], notation)
    reading = _by_mentions(clause, relevant, positions, notation, base[1] if base else None)
    if base is None:
        return reading
    return ProseReading(reading.records, reading.used | {base[0]}, reading.issues)


def _respectively(
    clause: TaggedClause,
    amounts: Sequence[ReadAmount],
    positions: dict[tuple[str, int], tuple[int, int]],
) -> list[_Figures] | None:
    """ "Search and social got $400K and $250K, for 900 and 600 MQLs respectively": a list of
    channels, then lists of as many figures each, paired in order. A figure list takes the
    role any of its members states ("600 MQLs" makes "900" MQLs too)."""
    word = _RESPECTIVELY.search(clause.text)
    if word is None:
        return None
    mentions = sorted(
        ((index, span) for (kind, index), span in positions.items() if kind == "C"),
        key=lambda m: m[1][0],
    )
    if not mentions:
        return None
    listed = [mentions[0]]
    for mention in mentions[1:]:
        if not _LIST_JOIN.match(clause.text[listed[-1][1][1] : mention[1][0]]):
            break
        listed.append(mention)
    end = listed[-1][1][1]
    figures = sorted(
        (a for a in amounts if end <= positions[("A", a.index)][0] < word.start()),
        key=lambda a: positions[("A", a.index)][0],
    )
    width = len(listed)
    if width < 2 or not figures or len(figures) % width:
        return None
    paired: list[list[ReadAmount]] = [[] for _ in listed]
    for start in range(0, len(figures), width):
        run = figures[start : start + width]
        stated = next((a for a in run if a.role in ("outcome", "spend", "cost", "roas")), None)
        for slot, amount in enumerate(run):
            role = stated if stated is not None and amount.role in ("bare", "money") else None
            paired[slot].append(
                ReadAmount(amount.index, role.role, role.outcome) if role else amount
            )
    return [
        _Figures(
            clause.mentions[index].known_label or clause.mentions[index].text, clause.line, mine
        )
        for (index, _), mine in zip(listed, paired, strict=True)
    ]


def _share_base(
    clause: TaggedClause,
    amounts: Sequence[ReadAmount],
    positions: dict[tuple[str, int], tuple[int, int]],
    notation: Notation,
) -> tuple[int, float] | None:
    """The stated total a list of shares is of: "We spent $2M last quarter: 30% on search,
    25% on social ..." or "$2M total — ...", an amount of money before the first channel with a
    colon, a dash or "total" between, and two shares or more after it ("the rest" counts); or
    the ``base`` role ("... 10% of $2M")."""
    shares = [a for a in amounts if a.role == "percent"]
    mentions = sorted(p[0] for (kind, _), p in positions.items() if kind == "C")
    listed = len(shares) + bool(_THE_REST.search(clause.text))
    if not shares or listed < 2 or not mentions:
        return None
    for amount in amounts:
        if amount.role == "base":  # "search 35%, social 25% ... of $2M"
            value = clause.amounts[amount.index].read("money", notation).value
            if value is not None and value > 0:
                return amount.index, value
    for amount in amounts:
        end = positions[("A", amount.index)][1]
        if amount.role not in ("spend", "money") or end > mentions[0]:
            continue
        between = clause.text[end : mentions[0]]
        if not _TOTAL_BEFORE_SHARES.search(between):
            continue
        if not all(positions[("A", s.index)][0] > end for s in shares):
            continue
        value = clause.amounts[amount.index].read("money", notation).value
        if value is not None and value > 0:
            return amount.index, value
    return None


def _by_mentions(
    clause: TaggedClause,
    amounts: list[ReadAmount],
    positions: dict[tuple[str, int], tuple[int, int]],
    notation: Notation,
    base: float | None = None,
) -> ProseReading:
    mentions = sorted(
        ((index, span) for (kind, index), span in positions.items() if kind == "C"),
        key=lambda m: m[1][0],
    )
    if not mentions:
        return ProseReading((), frozenset(), ())
    figures = [Figure(a.index, *positions[("A", a.index)], _slot(a)) for a in amounts]
    owned = attach(clause.text, [(i, s, e) for i, (s, e) in mentions], figures)
    by_index = {a.index: a for a in amounts}
    unsplittable = _combined(clause.text, mentions, owned)
    figures_of: list[_Figures] = []
    for index, _ in mentions:
        mine = [by_index[f.index] for f in owned.get(index, ()) if f.index not in unsplittable]
        mention = clause.mentions[index]
        label = mention.known_label or mention.text  # a session channel keeps its own name
        rest = None
        if base is not None and index in _rest_mentions(clause.text):
            rest = _rest_share(amounts, clause, notation)
        if mine or rest is not None:
            figures_of.append(_Figures(label, clause.line, mine, base, rest))
    issues: list[IntakeIssue] = []
    if unsplittable:
        names = " and ".join(
            clause.mentions[i].text for i, _ in mentions if i in _listed_owners(owned, unsplittable)
        )
        issues.append(
            error(
                "combined_channels",
                f"figures given for {names} together cannot be split between them",
                "Give each channel its own figures, e.g. 'search: $400K, 2,400 MQLs'.",
                line=clause.line,
            )
        )
    reading = _records(clause, _merged(figures_of), notation)
    return ProseReading(reading.records, reading.used | unsplittable, (*issues, *reading.issues))


def _rest_mentions(text: str) -> set[int]:
    """Channels given "the rest" of a stated total ("and the rest on email")."""
    return {int(m.group(1)) for m in _THE_REST.finditer(text)}


def _rest_share(amounts: Sequence[ReadAmount], clause: TaggedClause, notation: Notation) -> float:
    given = 0.0
    for amount in amounts:
        if amount.role == "percent":
            given += clause.amounts[amount.index].read("ratio", notation).value or 0.0
    return max(0.0, 1.0 - given)


def _slot(amount: ReadAmount) -> str:
    if amount.role == "outcome" and amount.outcome is not None:
        return f"outcome:{amount.outcome.name}"
    if amount.role == "percent":
        return "share"
    return amount.role


def _merged(figures: list[_Figures]) -> list[_Figures]:
    """One group per label (a channel named twice in a sentence, or by a reference)."""
    merged: dict[str, _Figures] = {}
    for item in figures:
        key = item.label.casefold()
        if key in merged:
            merged[key].amounts.extend(item.amounts)
        else:
            merged[key] = _Figures(item.label, item.line, list(item.amounts), item.base, item.rest)
    return list(merged.values())


def _combined(
    text: str,
    mentions: Sequence[tuple[int, tuple[int, int]]],
    owned: dict[int, list[Figure]],
) -> set[int]:
    """Figures given for channels listed together ("search and social drove 900 MQLs"): the
    channel before the list join has none of its own and the next one's come after both."""
    combined: set[int] = set()
    for (left, (_, left_end)), (right, (right_start, right_end)) in itertools.pairwise(mentions):
        if left in owned or not _LIST_JOIN.match(text[left_end:right_start]):
            continue
        after = [f.index for f in owned.get(right, ()) if f.start >= right_end]
        combined |= set(after)
    return combined


def _listed_owners(owned: dict[int, list[Figure]], combined: set[int]) -> set[int]:
    owners = {m for m, figures in owned.items() if any(f.index in combined for f in figures)}
    return owners | {m - 1 for m in owners}


def _records(clause: TaggedClause, figures: Sequence[_Figures], notation: Notation) -> ProseReading:
    records: list[ChannelRecord] = []
    issues: list[IntakeIssue] = []
    used: set[int] = set()
    for item in figures:
        record, record_issues = _record(clause, item, notation)
        issues += record_issues
        used |= {a.index for a in item.amounts}
        if record is not None:
            records.append(record)
    return ProseReading(tuple(records), frozenset(used), tuple(issues))


def _record(
    clause: TaggedClause, figures: _Figures, notation: Notation
) -> tuple[ChannelRecord | None, list[IntakeIssue]]:
    issues: list[IntakeIssue] = []
    spend: list[float] = []
    money: list[tuple[float, str]] = []
    outcomes: list[OutcomeFigure] = []
    bare: list[float] = []
    cost: float | None = None
    cost_word: str | None = None
    roas: float | None = None
    unreadable = False
    if figures.rest is not None and figures.base is not None:
        spend.append(round(figures.rest * figures.base, 2))
    for amount in figures.amounts:
        token = clause.amounts[amount.index]
        if amount.role == "percent" and figures.base is not None:
            share = token.read("ratio", notation).value
            if share is not None:
                spend.append(round(share * figures.base, 2))  # "30% on search" of "$2M"
                continue
        if amount.role in ("percent", "base", "range"):
            issues.append(_unused(figures.label, token.text, amount.role, clause.line))
            continue
        kind: NumberKind = "count" if amount.role in ("outcome", "bare") else "money"
        if amount.role == "outcome" and amount.outcome and amount.outcome.unit == "currency":
            kind = "money"
        if amount.role == "roas":
            kind = "ratio"
        reading = token.read(kind, notation)
        if reading.value is None:
            issues.append(
                unreadable_amount_issue(token, reading.problem, clause.line, channel=figures.label)
            )
            unreadable = True
            continue
        value = reading.value
        if amount.role == "spend":
            spend.append(value)
        elif amount.role == "money":
            money.append((value, token.text))
        elif amount.role == "outcome" and amount.outcome is not None:
            outcomes.append(OutcomeFigure(amount.outcome, value))
        elif amount.role == "cost":
            cost, cost_word = value, _cost_word(clause, amount.index)
        elif amount.role == "roas":
            roas = value
        elif amount.role == "bare":
            bare.append(value)
    if not spend and len(money) == 1:
        spend.append(money.pop()[0])
    if not spend and not money and outcomes and len(bare) == 1:
        spend.append(bare.pop())  # "content 640,000 (800 opportunities)": the other is spend
    if money:
        shown = ", ".join(text for _, text in money)
        issues.append(
            error(
                "unclear_amount",
                f"could not tell what {shown} is for {figures.label}",
                "Say what each amount is, e.g. '$400K spent' or '$1.2M pipeline'.",
                line=clause.line,
                channel=figures.label,
            )
        )
    if len(spend) > 1:
        issues.append(
            error(
                "conflicting_spend",
                f"{figures.label} has more than one spend figure",
                "Give one spend figure for the period.",
                line=clause.line,
                channel=figures.label,
            )
        )
        return None, issues
    record = ChannelRecord(
        label=figures.label,
        line=clause.line,
        spend=spend[0] if spend else None,
        outcomes=tuple(outcomes),
        stated_cost=cost,
        cost_word=cost_word,
        roas=roas,
        unlabelled=tuple(bare),
        unreadable=unreadable,
    )
    has_figures = (
        record.spend is not None
        or outcomes
        or cost is not None
        or roas is not None
        or bare
        or unreadable
    )
    return (record if has_figures else None), issues


@dataclass(frozen=True)
class ProseHeading:
    role: Role
    outcome: Outcome | None
    names_spend: bool  # "Spend / pipeline": money is spend, not the outcome


@dataclass(frozen=True)
class ProseReading:
    records: tuple[ChannelRecord, ...]
    used: frozenset[int]
    issues: tuple[IntakeIssue, ...]


def line_heading(clause: TaggedClause, carried: ProseHeading | None) -> ProseHeading | None:
    """The heading the next clause on the same line inherits: this clause's own, or the one
    it inherited itself."""
    own = _heading(clause)
    if own is not None and clause.text.split("⟦", 1)[0].strip():
        return own
    return carried if clause.text.startswith("⟦C") else None


def _heading(clause: TaggedClause) -> ProseHeading | None:
    """A metric named before any channel or figure ("Spend last quarter — Search: 400k",
    "MQLs — Search: 2,400") says what the clause's bare numbers are."""
    prefix = clause.text.split("⟦", 1)[0]
    outcome = outcome_in(prefix)
    names_spend = bool(_SPEND_HEADING.search(prefix))
    if outcome is not None:
        return ProseHeading("outcome", outcome, names_spend)
    if names_spend:
        return ProseHeading("spend", None, names_spend)
    return None


def _role(clause: TaggedClause, index: int, heading: ProseHeading | None = None) -> ReadAmount:
    token = clause.amounts[index]
    start, end = _tag_positions(clause.text)[("A", index)]
    before, after = _chunk_around(clause.text, start, end)
    if token.in_range:
        return ReadAmount(index, "range")
    base_of = _SHARE_BASE.search(before)
    if token.percent:
        return ReadAmount(index, "percent")
    if base_of and clause.amounts[int(base_of.group(1))].percent:
        return ReadAmount(index, "base")  # "10% of $2M": the total a share is of
    if token.times or is_roas_before(before) or is_roas_after(after):
        return ReadAmount(index, "roas")
    if is_cost_after(after) or is_cost_before(before):
        return ReadAmount(index, "cost")
    for outcome in (outcome_after(after), outcome_before(before)):
        if outcome is not None and (outcome.unit == "currency" or not token.is_money):
            return ReadAmount(index, "outcome", outcome)
    if is_spend_after(after) or is_spend_before(before):
        return ReadAmount(index, "spend")
    if token.is_money:
        named = heading.outcome if heading is not None and not heading.names_spend else None
        if named is not None and named.unit == "currency":
            return ReadAmount(index, "outcome", named)  # "Revenue: search $1.2M"
        return ReadAmount(index, "money")
    if token.looks_like_year and _YEAR_BEFORE.search(before):
        return ReadAmount(index, "ignore")  # "in 2024"; "$380,000/1900" is a count
    counts_something_else = bool(_UNIT_AFTER.match(after))  # "6 channels", "12 weeks"
    if (
        heading is not None
        and heading.names_spend
        and heading.outcome is not None
        and heading.outcome.unit == "count"
        and _SECOND_OF_A_PAIR.search(clause.text, max(0, start - 16), start)
    ):
        return ReadAmount(index, "outcome", heading.outcome)  # "Spend / trials: print $960K/9.6k"
    if token.has_suffix and (heading is None or heading.names_spend):
        return ReadAmount(index, "money")  # "Spend / trials: email 1.06mn/2,650"
    if heading is not None and not counts_something_else:
        return ReadAmount(index, heading.role, heading.outcome)
    if token.has_suffix:
        return ReadAmount(index, "money")  # "0.4M", "400k on TV": nobody counts leads in millions
    if counts_something_else:
        return ReadAmount(index, "ignore")
    return ReadAmount(index, "bare")


_COST_NAMES_OUTCOME = re.compile(
    rf"(?:⟦⟧\s*(?:per|/|a|an|each)\s?|\bcost[- ]per[- ])({OUTCOME_WORDS})\b", re.IGNORECASE
)


def _chunk_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The words between the chunk breaks around ``text[start:end]`` (one look-up in the
    clause's sorted breaks, so a clause with thousands of figures stays linear)."""
    breaks = _chunk_breaks(text)
    ends = breaks[1]
    before = bisect.bisect_right(ends, start) - 1
    chunk_start = ends[before] if before >= 0 else 0
    starts = breaks[0]
    after = bisect.bisect_left(starts, end)
    chunk_end = starts[after] if after < len(starts) else len(text)
    return text[chunk_start:start], text[end:chunk_end]


@lru_cache(maxsize=64)
def _chunk_breaks(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    spans = [m.span() for m in _CHUNK_BREAK.finditer(text)]
    return tuple(s for s, _ in spans), tuple(e for _, e in spans)


def _label_before(clause: TaggedClause, first_amount: int) -> tuple[str, int] | None:
    """The "Label:" right before the first figure, and where the figures start."""
    prefix = clause.text[:first_amount]
    separators = list(_LABEL_SEPARATOR.finditer(prefix))
    if not separators:
        return None
    last = separators[-1]
    if prefix[last.end() :].strip():
        return None  # words between the label and the figures: not a "Label: figures" form
    label_start = separators[-2].end() if len(separators) > 1 else 0
    segment = clause.text[label_start : last.start()]
    tags = _TAG.findall(segment)
    words = re.sub(r"⟦[ACG]\d+⟧", "x", segment).split()
    if any(kind != "C" for kind, _ in tags) or len(tags) > 1 or not 1 <= len(words) <= 5:
        return None
    if not tags and not is_free_label(segment.strip()):
        return None
    return channel_label(clause.phrase(label_start, last.start())), last.end()


def is_free_label(text: str) -> bool:
    """A short name that can label a channel's figures ("Sales outbound:"), not a heading
    like "Budget:", "Goal:" or "Last quarter:"."""
    words = text.split()
    core = channel_label(text)
    return (
        1 <= len(words) <= 5
        and bool(re.match(r"^[A-Za-z]", text))
        and not re.search(r"[—–|]|\s-\s", text)
        and not _NOT_A_LABEL.search(text)
        and bool(core)
        and all(can_be_in_a_name(w) for w in core.split())
        and outcome_named(core) is None
        and not _METRIC_WORD.fullmatch(core)
    )


def channel_label(text: str) -> str:
    """A label without trailing spend words: "Search spend" -> "Search"."""
    return _TRAILING_SPEND.sub("", text).strip()


@lru_cache(maxsize=64)
def _tag_positions(text: str) -> dict[tuple[str, int], tuple[int, int]]:
    return {(m.group(1), int(m.group(2))): m.span() for m in _TAG.finditer(text)}


def _cost_word(clause: TaggedClause, index: int) -> str:
    start, end = _tag_positions(clause.text)[("A", index)]
    before, after = _chunk_around(clause.text, start, end)
    match = re.search(r"\b(cac|cpl|cpa|cpmql|cpsql|cpo)\b", f"{before} {after}", re.IGNORECASE)
    if match:
        return match.group(1).upper()
    # "$40/signup", "$160 per MQL", "cost per demo $80": the cost says what was bought.
    named = _COST_NAMES_OUTCOME.search(f"{before} ⟦⟧ {after}")
    return f"cost per {named.group(1)}" if named else "cost per outcome"


def _unused(label: str, text: str, role: Role, line: int) -> IntakeIssue:
    if role == "base":
        return warning(
            "percentage_not_used",
            f"did not use {text!r}: it is the total the percentages are of, and shares are "
            "not spend",
            "Give each channel's spend as an amount, e.g. 'search: $700K'.",
            line=line,
            channel=label,
        )
    if role == "range":
        return warning(
            "range_not_used",
            f"{text!r} is one end of a range, which I can't plan on",
            f"Give one figure for {label}.",
            line=line,
            channel=label,
        )
    return warning(
        "percentage_not_used",
        f"did not use {text!r} for {label}: a share is not a spend or an outcome",
        "Give the amount itself, e.g. '$400K spent'.",
        line=line,
        channel=label,
    )
