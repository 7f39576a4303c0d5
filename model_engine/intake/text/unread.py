"""Ask, don't guess: the sentences that look like a rule or a figure but were not read.

A sentence looks like a rule when it has a limit word ("at least", "no more than", "cap",
"below", "booked", "don't touch"...) and names a channel, a group or every channel; it looks
like a figure when it puts an amount of money or a share next to a channel. If such a sentence
keeps an amount no reading used (or no rule was read from it at all), it is reported as an
:class:`UnreadFragment` with the user's words and the best readings on offer, as the typed
objects the plan would use (a constraint, a curve hint, a channel figure, a budget); so is an
amount of money no reading used at all ("Finance signed off on $2M for next quarter", when
nothing read it as the budget), so the reply can
quote it and offer "Expo booth at least $200,000?" to confirm or edit. An uncertain curve
hint ("email's saturation point is about $300K") is reported the same way, with both readings;
so is a total with no channel figures to check it against ("last year we did $2.8M in
total"), and a second objective figure of one kind ("keep CAC under $120 ... keep CAC under $90"):
the first is planned on, and the other is asked about rather than dropped.

Nothing here changes what was read: the fragments are extra, and the planner decides that a
plan waits for them (:attr:`~model_engine.intake.ParsedMessage.ready_to_plan`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from model_engine.channels import ChannelType
from model_engine.constraints import (
    Amount,
    ChannelBound,
    Constraint,
    GroupBound,
    LockChannel,
)
from model_engine.datasets import ChannelPeriod
from model_engine.intake.numbers import Notation, NumberKind
from model_engine.intake.text.amounts import AmountToken
from model_engine.intake.text.clauses import ClauseReading
from model_engine.intake.text.constraint_grammar import ConstraintDraft
from model_engine.intake.text.parsed import ChannelChange, CurveHint
from model_engine.intake.text.resolution import resolve_constraints, resolve_mention
from model_engine.intake.text.rule_reader import first_limit_kind
from model_engine.intake.text.tagging import TaggedClause
from model_engine.intake.text.vocabulary import (
    named_period_weeks,
    outcome_after,
    outcome_before,
    period_weeks,
)
from model_engine.intake.wording import money
from model_engine.money import currency_symbol

# "what_if": a channel what-if the planner could not run as written ("radio" for Traditional)
FragmentKind = Literal["rule", "figure", "curve", "amount", "what_if"]

_LIMIT_WORD = re.compile(
    r"\b(?:at\s+least|at\s+most|no\s+more|no\s+less|minimum|maximum|min|max|cap|capped|limit|"
    r"floor|ceiling|below|under|above|over|exceed|between|booked|locked|fixed|committed|"
    r"contracted|reserved?|ring-?fenced?|protect(?:ed)?|guarantee[d]?|keep|don'?t|can'?t|"
    r"cannot|never|must|only)\b",
    re.IGNORECASE,
)
_EVERY_CHANNEL = re.compile(r"\b(?:no|each|every|any|all)\s+(?:single\s+)?channels?\b", re.I)
_KEEPING = re.compile(
    r"\b(?:keep|protect(?:ed|ing)?|maintain(?:ed)?|reserve[ds]?|ring-?fenced?|guaranteed?|"
    r"contracted|committed|need|needs|must|at\s+least)\b",
    re.IGNORECASE,
)
_COMMITTED = re.compile(
    r"\b(?:contract(?:ed|ual|ually)?|committed|commitment|promised|booked|signed|agreed|deal)\b",
    re.I,
)
_LIMITING = re.compile(r"\b(?:cap|limit|only|restrict|at\s+most|no\s+more|max)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ProposedFigure:
    """A channel's figure the message seems to give ("$250K" beside LinkedIn)."""

    channel: str
    spend: float

    def describe(self, currency: str = "USD") -> str:
        return f"{self.channel} spent {money(self.spend, currency)}"


@dataclass(frozen=True)
class ProposedBudget:
    """The plan's budget the message seems to give ("... $2M for next quarter")."""

    amount: float
    period_weeks: int | None

    def describe(self, currency: str = "USD") -> str:
        period = f" over {self.period_weeks} weeks" if self.period_weeks else ""
        return f"a budget of {money(self.amount, currency)}{period}"


@dataclass(frozen=True)
class ProposedReading:
    """One reading of an unread fragment, as the object the plan would use: exactly one of
    ``constraint``, ``curve``, ``figure``, ``budget`` and ``what_if`` is set. ``what_if`` is a
    channel what-if's changes as they would run (on a copy: it never becomes the plan)."""

    constraint: Constraint | None = None
    curve: CurveHint | None = None
    figure: ProposedFigure | None = None
    budget: ProposedBudget | None = None
    what_if: tuple[ChannelChange, ...] | None = None

    def __post_init__(self) -> None:
        given = (self.constraint, self.curve, self.figure, self.budget, self.what_if)
        if sum(x is not None for x in given) != 1:
            raise ValueError(
                "a proposed reading holds one constraint, curve hint, figure, budget or what-if"
            )

    def describe(self, currency: str = "USD") -> str:
        constraint = self.constraint
        if isinstance(constraint, ChannelBound) and constraint.minimum == constraint.maximum:
            assert constraint.minimum is not None
            who = constraint.channel or "each channel"
            text = f"{who} fixed at {constraint.minimum.describe(currency_symbol(currency))}"
        elif constraint is not None:
            text = constraint.describe(currency_symbol(currency))
        elif self.curve is not None:
            text = self.curve.describe(currency)
        elif self.budget is not None:
            text = self.budget.describe(currency)
        elif self.what_if is not None:
            text = "; ".join(change.describe(currency) for change in self.what_if)
        else:
            assert self.figure is not None
            text = self.figure.describe(currency)
        return text[:1].upper() + text[1:]

    @property
    def channels(self) -> tuple[str, ...]:
        if self.budget is not None:
            return ()
        if self.what_if is not None:
            return tuple(change.channel for change in self.what_if)
        if self.figure is not None:
            return (self.figure.channel,)
        if self.curve is not None:
            return (self.curve.channel,)
        constraint = self.constraint
        if isinstance(constraint, GroupBound):
            return constraint.channels
        if isinstance(constraint, ChannelBound):
            return () if constraint.channel is None else (constraint.channel,)
        if isinstance(constraint, LockChannel):
            return (constraint.channel,)
        return ()


@dataclass(frozen=True)
class UnreadFragment:
    """A sentence (or part) that looks like a rule, a figure or curve knowledge and was not
    fully read: the user's words, where they are, why they were not read, and the readings to
    offer, the likeliest first (empty when nothing can be proposed)."""

    quote: str
    line: int
    kind: FragmentKind
    reason: str
    proposals: tuple[ProposedReading, ...]

    def question(self, currency: str = "USD") -> str:
        """ "Expo booth at least $200,000?"; "Did you mean A, or B?" for two readings."""
        if not self.proposals:
            return f"What should I make of {self.quote!r}?"
        readings = [p.describe(currency) for p in self.proposals]
        if len(readings) == 1:
            return f"{readings[0]}?"
        return "Did you mean: " + ", or ".join(readings) + "?"


def unread_fragments(
    readings: Sequence[ClauseReading],
    channels: Sequence[ChannelPeriod],
    brand_types: frozenset[ChannelType],
    notation: Notation,
    hints: Sequence[CurveHint],
    budget: float | None = None,
) -> tuple[UnreadFragment, ...]:
    """``budget``: the budget the message was read to give; the same amount again (an email's
    subject line "$500K plan", a recap) restates it and is no figure to ask about."""
    fragments: list[UnreadFragment] = []
    for reading in readings:
        fragment = _fragment(reading, channels, brand_types, notation, budget)
        if fragment is None and reading.totals and not channels:
            fragment = _unchecked_total(reading)
        if fragment is not None:
            fragments.append(fragment)
    for hint in hints:
        if not hint.certain:
            fragments.append(_curve_question(hint, readings))
    fragments += _repeated_objectives(readings, notation)
    return tuple(fragments)


_OBJECTIVE_FIGURES = {
    "value": "a value per outcome",
    "volume_at_cac": "a cost-per-outcome ceiling",
    "spend_for_volume": "a volume target",
}


def _repeated_objectives(
    readings: Sequence[ClauseReading], notation: Notation
) -> list[UnreadFragment]:
    """The objective is read from the first figure of each kind; a later one of the same kind
    with another value would otherwise vanish, so it is asked about."""
    first: dict[str, tuple[str, float | None]] = {}
    fragments = []
    for reading in readings:
        for match in reading.objectives:
            if match.kind not in _OBJECTIVE_FIGURES or match.amount is None:
                continue
            kind: NumberKind = "count" if match.kind == "spend_for_volume" else "money"
            value = reading.tagged.amounts[match.amount].read(kind, notation).value
            if match.kind not in first:
                first[match.kind] = (match.phrase, value)
                continue
            phrase, planned = first[match.kind]
            if value != planned:
                reason = (
                    f"the message already sets {_OBJECTIVE_FIGURES[match.kind]} "
                    f"({phrase!r}), which I plan on; this gives another"
                )
                source = reading.tagged
                fragments.append(UnreadFragment(source.source, source.line, "amount", reason, ()))
    return fragments


def _fragment(
    reading: ClauseReading,
    channels: Sequence[ChannelPeriod],
    brand_types: frozenset[ChannelType],
    notation: Notation,
    budget: float | None,
) -> UnreadFragment | None:
    tagged = reading.tagged
    unsure = [d for d in reading.past_limits if d.told == "unsure"]
    if unsure:
        reason = "it says what was done before; I could not tell whether it is a rule for this plan"
        proposals = _past_limit_proposals(unsure, tagged, channels, brand_types, notation)
        return UnreadFragment(tagged.source, tagged.line, "rule", reason, proposals)
    open_amounts = [
        i
        for i, t in enumerate(tagged.amounts)
        if i not in reading.claimed and _figure_like(t, tagged)
    ]
    names_subject = bool(tagged.mentions or tagged.groups or _EVERY_CHANNEL.search(tagged.text))
    rule_like = names_subject and bool(_LIMIT_WORD.search(tagged.text))
    if reading.instruction_unread or (rule_like and open_amounts):
        reason = (
            "it reads like a rule but I could not tell which limit it sets"
            if open_amounts
            else "it reads like a rule I do not recognise"
        )
        proposals = _rule_proposals(tagged, open_amounts, channels, brand_types, notation)
        return UnreadFragment(tagged.source, tagged.line, "rule", reason, proposals)
    money_amounts = [i for i in open_amounts if _is_money_like(tagged.amounts[i])]
    values = [tagged.amounts[i].read("money", notation).value for i in money_amounts]
    names = _names(tagged, channels)
    if values and all(_restated(v, names, channels, budget) for v in values):
        return None
    if money_amounts and tagged.mentions:
        value = values[0]
        offered: tuple[ProposedReading, ...] = ()
        if value is not None and value >= 0 and names:
            figure = ProposedReading(figure=ProposedFigure(names[0], value))
            fixed = ProposedReading(constraint=ChannelBound(names[0], Amount(value), Amount(value)))
            # A commitment ("contracted", "promised", "booked") is likelier than a new spend.
            offered = (fixed, figure) if _COMMITTED.search(tagged.text) else (figure, fixed)
        reason = "it gives an amount next to a channel without saying what the amount is"
        return UnreadFragment(tagged.source, tagged.line, "figure", reason, offered)
    if money_amounts:
        value = values[0]
        weeks = period_weeks(tagged.source, future=True) or named_period_weeks(tagged.source)
        as_budget = (
            (ProposedReading(budget=ProposedBudget(value, weeks)),)
            if value is not None and value > 0 and weeks is not None
            else ()
        )
        reason = "it gives an amount of money without saying what it is"
        return UnreadFragment(tagged.source, tagged.line, "amount", reason, as_budget)
    return None


def _restated(
    value: float | None,
    names: Sequence[str],
    channels: Sequence[ChannelPeriod],
    budget: float | None,
) -> bool:
    """The amount repeats a figure already read: the budget, or the spend of the channel the
    sentence names ("LinkedIn $250K recap" under LinkedIn's $250K)."""
    if value is None or value <= 0:
        return False
    spends = {c.spend for c in channels if c.name in names}
    return value == budget or value in spends


def _past_limit_proposals(
    drafts: Sequence[ConstraintDraft],
    tagged: TaggedClause,
    channels: Sequence[ChannelPeriod],
    brand_types: frozenset[ChannelType],
    notation: Notation,
) -> tuple[ProposedReading, ...]:
    """ "We capped TV at $1M" may be history or a rule: the rule it would be, to confirm. A
    reading that does not resolve offers nothing; only the wording of its problems would use
    the currency, and they are not shown."""
    quoted, _ = resolve_constraints(
        [(d, tagged) for d in drafts], channels, brand_types, notation, "USD"
    )
    return tuple(ProposedReading(constraint=q.constraint) for q in quoted)


def _unchecked_total(reading: ClauseReading) -> UnreadFragment:
    """ "Last year we did $2.8M in total": a total is read to be checked against the channel
    figures; with none to check it against it would vanish, so it is asked about."""
    tagged = reading.tagged
    reason = "it gives a total, and there are no channel figures to check it against"
    return UnreadFragment(tagged.source, tagged.line, "amount", reason, ())


def _is_money_like(token: AmountToken) -> bool:
    """Money, or a plain amount with a magnitude ("200K") that can only be money."""
    return token.is_money or (token.has_suffix and not token.percent)


def _figure_like(token: AmountToken, tagged: TaggedClause) -> bool:
    """Money, a share, or a count with an outcome named beside it (not "12 people")."""
    if _is_money_like(token) or token.percent:
        return True
    if token.in_range:
        return False
    source = tagged.source
    return bool(
        outcome_after(source[token.end : token.end + 60])
        or outcome_before(source[max(0, token.start - 60) : token.start])
    )


def _rule_proposals(
    tagged: TaggedClause,
    open_amounts: Sequence[int],
    channels: Sequence[ChannelPeriod],
    brand_types: frozenset[ChannelType],
    notation: Notation,
) -> tuple[ProposedReading, ...]:
    amount = None
    for index in open_amounts:
        token = tagged.amounts[index]
        value = token.read("money", notation).value
        if value is not None and value >= 0 and (not token.percent or value <= 1):
            amount = Amount(value, share_of_total=token.percent)
            break
    names = _names(tagged, channels)
    group = _group_members(tagged, channels, brand_types)
    every = bool(_EVERY_CHANNEL.search(tagged.text))
    if amount is None:
        return tuple(ProposedReading(constraint=LockChannel(n)) for n in names)
    kind = first_limit_kind(tagged.text) or _kind_from_verbs(tagged.text)
    low = amount if kind in ("floor", "fix") else None
    high = amount if kind in ("cap", "fix") else None
    if group is not None:
        label, members = group
        return (ProposedReading(constraint=GroupBound(label, members, low, high)),)
    if names:
        if len(names) > 1:
            label = " and ".join(names)
            return (ProposedReading(constraint=GroupBound(label, names, low, high)),)
        return (ProposedReading(constraint=ChannelBound(names[0], low, high)),)
    if every:
        return (ProposedReading(constraint=ChannelBound(None, low, high)),)
    return ()


def _kind_from_verbs(text: str) -> Literal["floor", "cap", "fix"]:
    if _LIMITING.search(text):
        return "cap"
    if _KEEPING.search(text):
        return "floor"
    return "fix"


def _names(tagged: TaggedClause, channels: Sequence[ChannelPeriod]) -> tuple[str, ...]:
    names: list[str] = []
    for mention in tagged.mentions:
        found = resolve_mention(mention, channels) or mention.names
        names += [n for n in found if n not in names]
    return tuple(names)


def _group_members(
    tagged: TaggedClause, channels: Sequence[ChannelPeriod], brand_types: frozenset[ChannelType]
) -> tuple[str, tuple[str, ...]] | None:
    if not tagged.groups or not channels:
        return None
    brand = [c.name for c in channels if c.channel_type in brand_types]
    if tagged.groups[0].kind == "brand":
        return ("brand-building", tuple(brand)) if brand else None
    rest = tuple(c.name for c in channels if c.name not in brand)
    return ("performance", rest) if rest else None


def _curve_question(hint: CurveHint, readings: Sequence[ClauseReading]) -> UnreadFragment:
    line = next((r.tagged.line for r in readings if hint.phrase in r.tagged.source), 1)
    stated = hint.stated or hint.half_saturation
    as_half = replace(hint, meaning="half_saturation", half_saturation=stated, certain=True)
    as_flat = replace(hint, certain=True)
    return UnreadFragment(
        hint.phrase,
        line,
        "curve",
        "'saturation' can mean where returns flatten or where half the ceiling is reached",
        (ProposedReading(curve=as_flat), ProposedReading(curve=as_half)),
    )
