"""Recognised constraints -> the engine's constraint objects, with channel names resolved
against the channels the conversation has (this message's and the session's).

A channel reference resolves by exact label, then by a label containing it ("search" ->
"Paid search"), then, for a word that names a type ("social", "traditional media"), by type
(every social channel); a channel's own name ("direct mail") never stands for its type.
One channel gives a :class:`ChannelBound`; several give a :class:`GroupBound` over them
("cap social at $400K" with LinkedIn and Meta caps the two together). "Brand-building" is
every channel whose type is in the brand-building set; "performance" is every other channel.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from model_engine.channels import ChannelType
from model_engine.constraints import (
    Amount,
    ChangeBound,
    ChannelBound,
    Constraint,
    GroupBound,
    LockChannel,
    MaxChange,
)
from model_engine.datasets import ChannelPeriod
from model_engine.intake.channel_names import is_type_word
from model_engine.intake.issues import IntakeIssue, error, warning
from model_engine.intake.numbers import Notation
from model_engine.intake.text.amounts import unreadable_amount_issue
from model_engine.intake.text.constraint_grammar import ConstraintDraft
from model_engine.intake.text.tagging import Mention, TaggedClause
from model_engine.intake.wording import listing, money


@dataclass(frozen=True)
class QuotedConstraint:
    """A constraint and the user's words it came from."""

    constraint: Constraint
    phrase: str


@dataclass(frozen=True)
class _Context:
    channels: tuple[ChannelPeriod, ...]
    brand_types: frozenset[ChannelType]
    notation: Notation
    currency: str


def resolve_constraints(
    drafts: Sequence[tuple[ConstraintDraft, TaggedClause]],
    channels: Sequence[ChannelPeriod],
    brand_types: frozenset[ChannelType],
    notation: Notation,
    currency: str,
) -> tuple[tuple[QuotedConstraint, ...], tuple[IntakeIssue, ...]]:
    context = _Context(tuple(channels), brand_types, notation, currency)
    quoted: list[QuotedConstraint] = []
    issues: list[IntakeIssue] = []
    for draft, clause in drafts:
        built, problems = _build(draft, clause, context)
        quoted += [QuotedConstraint(c, draft.phrase) for c in built]
        issues += problems
    return tuple(quoted), tuple(issues)


def resolve_mention(mention: Mention, channels: Sequence[ChannelPeriod]) -> tuple[str, ...]:
    """Names of the channels a mention refers to (each of them, for "both"); empty when one
    of them matches none."""
    resolved: list[str] = []
    for name in mention.names:
        found = _resolve_name(name, mention.channel_type, channels)
        if not found:
            return ()
        resolved += [n for n in found if n not in resolved]
    return tuple(resolved)


def _resolve_name(
    name: str, channel_type: ChannelType | None, channels: Sequence[ChannelPeriod]
) -> tuple[str, ...]:
    wanted = name.casefold()
    exact = [c.name for c in channels if c.name.casefold() == wanted]
    if exact:
        return tuple(exact)
    # "webinar" for "Webinars", "podcast" for "podcasts": the same channel in the other number.
    same_word = [c.name for c in channels if _without_plural(c.name) == _without_plural(name)]
    if len(same_word) == 1:
        return tuple(same_word)
    pattern = re.compile(rf"(?<![\w-]){re.escape(wanted)}(?![\w-])", re.IGNORECASE)
    containing = [c.name for c in channels if pattern.search(c.name)]
    if containing:
        return tuple(containing)
    if channel_type is None or not is_type_word(name):
        return ()  # "direct mail" is one channel, not every traditional channel
    return tuple(c.name for c in channels if c.channel_type == channel_type)


def _without_plural(name: str) -> str:
    return re.sub(r"(?<=[a-z])e?s$", "", name.casefold().strip())


def _build(
    draft: ConstraintDraft, clause: TaggedClause, context: _Context
) -> tuple[list[Constraint], list[IntakeIssue]]:
    if draft.kind in _ONE_SIDED:
        return _change_bound(draft, clause, context)
    if draft.kind == "change_range":
        return _change_range(draft, clause, context)
    amount, problem = _amount(draft, clause, context)
    if problem is not None:
        return [], [problem]
    if draft.kind == "max_change":
        return _max_change(draft, clause, context, amount)
    if draft.subject == "each":
        return _each(draft, amount)
    if draft.subject == "group":
        return _group(draft, clause, context, amount)
    names, issues = _channels(draft, clause, context)
    if not names:
        return [], issues
    if draft.separately and len(names) > 1:
        built: list[Constraint] = []
        for name in names:
            one, issues = _channel_constraints(draft, (name,), name, context, amount, issues)
            built += one
        return built, issues
    label = " and ".join(clause.mentions[i].text for i in draft.mentions)
    return _channel_constraints(draft, names, label, context, amount, issues)


def _channel_constraints(
    draft: ConstraintDraft,
    names: tuple[str, ...],
    label: str,
    context: _Context,
    amount: Amount | None,
    issues: list[IntakeIssue],
) -> tuple[list[Constraint], list[IntakeIssue]]:
    if draft.kind == "lock":
        return [LockChannel(n) for n in names], issues
    if draft.kind == "exclude":
        return [_bound(names, label, None, Amount(0.0))], issues
    if draft.kind in ("floor_current", "cap_current", "scale_down", "scale_up"):
        return _relative_to_current(draft, names, context, amount, issues)
    assert amount is not None
    if draft.kind == "floor":
        return [_bound(names, label, amount, None)], issues
    if draft.kind == "cap":
        return [_bound(names, label, None, amount)], issues
    return [_bound(names, label, amount, amount)], issues  # fix


def _relative_to_current(
    draft: ConstraintDraft,
    names: tuple[str, ...],
    context: _Context,
    amount: Amount | None,
    issues: list[IntakeIssue],
) -> tuple[list[Constraint], list[IntakeIssue]]:
    current = {c.name: c.spend for c in context.channels}
    built: list[Constraint] = []
    for name in names:
        spend = current[name]
        if draft.kind == "floor_current":
            built.append(ChannelBound(name, minimum=Amount(spend)))
        elif draft.kind == "cap_current":
            built.append(ChannelBound(name, maximum=Amount(spend)))
        else:
            assert amount is not None
            change = amount.value * spend if amount.share_of_total else amount.value
            target = spend - change if draft.kind == "scale_down" else spend + change
            if target < 0:
                issues.append(
                    error(
                        "cut_below_zero",
                        f"{draft.phrase!r} would take {name} below zero "
                        f"({money(spend, context.currency)} now)",
                        "Give a smaller cut, or say 'drop' the channel.",
                        line=draft.line,
                        channel=name,
                    )
                )
                continue
            built.append(ChannelBound(name, minimum=Amount(target), maximum=Amount(target)))
    return built, issues


def _bound(
    names: tuple[str, ...], label: str, minimum: Amount | None, maximum: Amount | None
) -> Constraint:
    if len(names) == 1:
        return ChannelBound(names[0], minimum=minimum, maximum=maximum)
    return GroupBound(label, names, minimum=minimum, maximum=maximum)


def _each(
    draft: ConstraintDraft, amount: Amount | None
) -> tuple[list[Constraint], list[IntakeIssue]]:
    assert amount is not None
    if draft.kind == "floor":
        return [ChannelBound(None, minimum=amount)], []
    return [ChannelBound(None, maximum=amount)], []


def _group(
    draft: ConstraintDraft, clause: TaggedClause, context: _Context, amount: Amount | None
) -> tuple[list[Constraint], list[IntakeIssue]]:
    assert draft.group is not None
    assert amount is not None
    kind = clause.groups[draft.group].kind
    in_brand = [c.name for c in context.channels if c.channel_type in context.brand_types]
    members = (
        in_brand
        if kind == "brand"
        else [c.name for c in context.channels if c.name not in in_brand]
    )
    label = "brand-building" if kind == "brand" else "performance"
    if not members:
        types = ", ".join(sorted(t.value for t in context.brand_types))
        what = (
            "no channels are known yet"
            if not context.channels
            else f"none of your channels counts as {label} (brand-building types: {types})"
        )
        return [], [
            warning(
                "empty_group",
                f"{draft.phrase!r} has nothing to apply to: {what}",
                "Give the channels with their spend, or say which count as brand-building "
                "(e.g. 'count events as brand-building').",
                line=draft.line,
            )
        ]
    if draft.kind == "floor":
        return [GroupBound(label, tuple(members), minimum=amount)], []
    return [GroupBound(label, tuple(members), maximum=amount)], []


def _max_change(
    draft: ConstraintDraft, clause: TaggedClause, context: _Context, amount: Amount | None
) -> tuple[list[Constraint], list[IntakeIssue]]:
    assert amount is not None
    if not amount.share_of_total:
        return [], [
            error(
                "change_limit_not_percent",
                f"{draft.phrase!r} limits changes by an amount; I need a percentage",
                "Say it as a percentage, e.g. 'don't change any channel by more than 25%'.",
                line=draft.line,
            )
        ]
    if draft.subject == "each":
        return [MaxChange(amount.value)], []
    names, issues = _channels(draft, clause, context)
    return ([MaxChange(amount.value, names)] if names else []), issues


_ONE_SIDED = ("max_cut", "max_growth", "floor_share_current", "cap_share_current")


def _change_bound(
    draft: ConstraintDraft, clause: TaggedClause, context: _Context
) -> tuple[list[Constraint], list[IntakeIssue]]:
    """ "Don't cut anything by more than half" -> no channel below 50% of its current spend;
    "no channel above 130% of its current spend" -> none grows by more than 30%. The
    percentage is of current spend, not of the budget, so a growth or a cap may pass 100%."""
    if draft.times is not None:  # "nothing should more than double": grows at most 100%
        limit = ChangeBound(max_growth=draft.times - 1.0)
        if draft.subject == "each":
            return [limit], []
        names, issues = _channels(draft, clause, context)
        return ([replace(limit, channels=names)] if names else []), issues
    assert draft.amount is not None
    token = clause.amounts[draft.amount]
    reading = token.read("money", context.notation)
    if reading.value is None:
        return [], [unreadable_amount_issue(token, reading.problem, draft.line, where=draft.phrase)]
    if not token.percent or reading.value < 0:
        return [], [
            error(
                "change_limit_not_percent",
                f"{draft.phrase!r} limits a change by an amount; I need a percentage",
                "Say it as a percentage, e.g. 'don't cut any channel by more than 20%'.",
                line=draft.line,
            )
        ]
    share = reading.value
    problem = {
        "floor_share_current": "a floor above today's spend" if share > 1 else None,
        "cap_share_current": "a cap below today's spend" if share < 1 else None,
        "max_cut": "a cut of more than 100%" if share > 1 else None,
    }.get(draft.kind)
    if problem is not None:
        return [], [
            error(
                "impossible_change_limit",
                f"{draft.phrase!r} asks for {problem}, which is not a limit on how far a channel "
                "moves",
                "Give the largest cut or growth as a percentage of current spend, or the floor "
                "or cap as an amount.",
                line=draft.line,
            )
        ]
    if draft.kind == "floor_share_current":
        limit = ChangeBound(max_cut=round(1.0 - share, 12))
    elif draft.kind == "cap_share_current":
        limit = ChangeBound(max_growth=round(share - 1.0, 12))
    elif draft.kind == "max_cut":
        limit = ChangeBound(max_cut=share)
    else:
        limit = ChangeBound(max_growth=share)
    if draft.subject == "each":
        return [limit], []
    names, issues = _channels(draft, clause, context)
    return ([replace(limit, channels=names)] if names else []), issues


# "Between -10% and +25%" gives the range's ends, signed; the verbs ("drop by up to 10% or
# grow by up to 30%") give the size of each side.
_SIGNED_RANGE = re.compile(r"\b(?:between|from|within)\b", re.IGNORECASE)


def _change_range(
    draft: ConstraintDraft, clause: TaggedClause, context: _Context
) -> tuple[list[Constraint], list[IntakeIssue]]:
    """ "TV can move between -10% and +25%", "search may drop by up to 10% or grow by up to
    30%": the largest cut and the largest growth from current spend, in one limit."""
    shares = []
    for index in draft.amounts:
        token = clause.amounts[index]
        reading = token.read("money", context.notation)
        if reading.value is None:
            return [], [
                unreadable_amount_issue(token, reading.problem, draft.line, where=draft.phrase)
            ]
        if not token.percent:
            return [], [
                error(
                    "change_limit_not_percent",
                    f"{draft.phrase!r} limits a change by an amount; I need percentages",
                    "Say it as percentages, e.g. 'TV can move between -10% and +25%'.",
                    line=draft.line,
                )
            ]
        shares.append(reading.value)
    if _SIGNED_RANGE.search(draft.phrase):
        low, high = sorted(shares)
        cut, growth = -low, high
    else:
        cut, growth = (abs(share) for share in shares)
    if cut < 0 or growth < 0 or cut > 1:
        return [], [
            error(
                "impossible_change_limit",
                f"{draft.phrase!r} does not give a largest cut and a largest growth (it reads "
                f"as {-cut:+.0%} to {growth:+.0%} from current spend)",
                "Give the cut and the growth, e.g. 'TV can move between -10% and +25%' or "
                "'search may drop by up to 10% or grow by up to 30%'.",
                line=draft.line,
            )
        ]
    limit = ChangeBound(max_cut=cut, max_growth=growth)
    if draft.subject == "each":
        return [limit], []
    names, issues = _channels(draft, clause, context)
    return ([replace(limit, channels=names)] if names else []), issues


def _channels(
    draft: ConstraintDraft, clause: TaggedClause, context: _Context
) -> tuple[tuple[str, ...], list[IntakeIssue]]:
    names: list[str] = []
    issues: list[IntakeIssue] = []
    needs_spend = draft.kind in ("floor_current", "cap_current", "scale_down", "scale_up")
    for index in draft.mentions:
        mention = clause.mentions[index]
        found = resolve_mention(mention, context.channels)
        if found:
            names += [n for n in found if n not in names]
        elif not context.channels and not needs_spend:
            # Nothing to check against yet: keep the user's words as the channel name.
            names += [n for n in mention.names if n not in names]
            issues.append(
                warning(
                    "channel_not_matched",
                    f"{mention.text!r} in {draft.phrase!r} is not matched to a channel yet",
                    "Give the channels with their spend so I can check the name.",
                    line=draft.line,
                    channel=mention.text,
                )
            )
        else:
            known = listing([c.name for c in context.channels]) or "none yet"
            issues.append(
                error(
                    "unknown_channel",
                    f"{mention.text!r} in {draft.phrase!r} is not one of your channels ({known})",
                    "Use one of your channel names, or give this channel's spend first.",
                    line=draft.line,
                    channel=mention.text,
                )
            )
    return tuple(names), issues


def _amount(
    draft: ConstraintDraft, clause: TaggedClause, context: _Context
) -> tuple[Amount | None, IntakeIssue | None]:
    if draft.amount is None:
        return None, None
    token = clause.amounts[draft.amount]
    reading = token.read("money", context.notation)
    if reading.value is None:
        return None, unreadable_amount_issue(token, reading.problem, draft.line, where=draft.phrase)
    if reading.value < 0 or (token.percent and reading.value > 1):
        return None, error(
            "impossible_amount",
            f"{token.text!r} in {draft.phrase!r} is not a possible limit",
            "Use an amount of zero or more, or a percentage up to 100%.",
            line=draft.line,
        )
    return Amount(reading.value, share_of_total=token.percent), None
