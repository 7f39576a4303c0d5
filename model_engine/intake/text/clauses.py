"""Reading one tagged clause with every grammar: which amounts are constraints, budget
figures, totals or objective figures (claimed), and which are left for channel figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from model_engine.intake.issues import IntakeIssue, warning
from model_engine.intake.text.brand_grammar import BrandDefinition, find_brand_definitions
from model_engine.intake.text.budget_grammar import (
    ChangeMatch,
    RelativeMatch,
    find_budget,
    find_budget_changes,
    find_granted_budget,
    find_relative_budgets,
    find_stated_totals,
)
from model_engine.intake.text.channel_change_grammar import (
    ChannelChangeMatch,
    find_channel_changes,
)
from model_engine.intake.text.constraint_grammar import (
    ConstraintDraft,
    find_constraints,
    looks_like_instruction,
)
from model_engine.intake.text.curve_grammar import SaturationMatch, find_saturation_hints
from model_engine.intake.text.objective_grammar import ObjectiveMatch, find_objectives
from model_engine.intake.text.rule_reader import read_rules
from model_engine.intake.text.tagging import TaggedClause
from model_engine.intake.text.vocabulary import outcome_after, outcome_before


@dataclass
class ClauseReading:
    """A clause and what the grammars found in it; ``claimed`` amounts are taken."""

    tagged: TaggedClause
    claimed: set[int] = field(default_factory=set)
    drafts: list[ConstraintDraft] = field(default_factory=list)
    changes: list[ChangeMatch] = field(default_factory=list)
    channel_changes: tuple[ChannelChangeMatch, ...] = ()
    budgets: list[int] = field(default_factory=list)
    relative_budgets: list[RelativeMatch] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    objectives: list[ObjectiveMatch] = field(default_factory=list)
    saturation_hints: list[SaturationMatch] = field(default_factory=list)
    brand_definitions: tuple[BrandDefinition, ...] = ()
    instruction_unread: bool = False
    # Limits told as what was done before ("last quarter we kept at least $200K in events"),
    # or that may be either (see ``ConstraintDraft.told``): not rules for the plan.
    past_limits: list[ConstraintDraft] = field(default_factory=list)


def read_clause(tagged: TaggedClause) -> ClauseReading:
    reading = ClauseReading(tagged)
    # "What if events get $100K more": a change to one channel's planned spend, so its amount
    # is neither a new budget nor that channel's spend.
    reading.channel_changes = find_channel_changes(tagged)
    reading.claimed |= {c.amount for c in reading.channel_changes if c.amount is not None}
    hints = find_saturation_hints(tagged)
    # "Reaches half its max response at $870K" names the curve, not a maximum for the plan:
    # a half-saturation point is read before the rules, so its amount is never a cap.
    for hint in hints:
        if hint.meaning == "half_saturation":
            reading.saturation_hints.append(hint)
            reading.claimed.add(hint.amount)
            if hint.share_word is not None:
                reading.claimed.add(hint.share_word)
    phrase_spans = []
    for match in find_constraints(tagged):
        if reading.claimed.intersection(match.draft.amounts):
            continue
        reading.drafts.append(match.draft)
        phrase_spans.append((match.start, match.end))
        reading.claimed.update(match.draft.amounts)
    for hint in hints:
        if hint.meaning != "half_saturation" and hint.amount not in reading.claimed:
            reading.saturation_hints.append(hint)
            reading.claimed.add(hint.amount)
    for relative in find_relative_budgets(tagged):
        if relative.amount is None:
            reading.relative_budgets.append(relative)
        elif relative.amount not in reading.claimed:
            reading.relative_budgets.append(relative)
            reading.claimed.add(relative.amount)
    for change in find_budget_changes(tagged):
        if change.amount is None:  # a multiple in words: "what if they double it"
            reading.changes.append(change)
        elif change.amount not in reading.claimed:
            reading.changes.append(change)
            reading.claimed.add(change.amount)
    for budget in find_budget(tagged):
        if budget.amount not in reading.claimed:
            reading.budgets.append(budget.amount)
            reading.claimed.add(budget.amount)
    lists_shares = any(t.percent for t in tagged.amounts)  # the total is what they are of
    for total in () if lists_shares else find_stated_totals(tagged):
        if total.amount not in reading.claimed:
            reading.totals.append(total.amount)
            reading.claimed.add(total.amount)
    for objective in find_objectives(tagged):
        if objective.amount is None or objective.amount not in reading.claimed:
            reading.objectives.append(objective)
            if objective.amount is not None:
                reading.claimed.add(objective.amount)
    reading.drafts += read_rules(tagged, phrase_spans, reading.claimed)
    for budget in find_granted_budget(tagged, reading.claimed):
        reading.budgets.append(budget.amount)
        reading.claimed.add(budget.amount)
    reading.drafts = _without_redundant_locks(reading.drafts, tagged)
    # "What if we zero out radio?" asks about a plan without radio; it is no rule to exclude it.
    changed = {c.mention for c in reading.channel_changes}
    reading.drafts = [
        d
        for d in reading.drafts
        if not (d.mentions and d.amount is None and changed.issuperset(d.mentions))
    ]
    reading.past_limits = [d for d in reading.drafts if d.told != "rule"]
    reading.drafts = [d for d in reading.drafts if d.told == "rule"]
    recognised = (
        reading.drafts
        or reading.past_limits
        or reading.changes
        or reading.budgets
        or reading.relative_budgets
        or reading.objectives
        or reading.saturation_hints
    )
    reading.brand_definitions = find_brand_definitions(tagged)
    reading.instruction_unread = (
        not recognised and not reading.brand_definitions and looks_like_instruction(tagged)
    )
    return reading


def _without_redundant_locks(
    drafts: list[ConstraintDraft], tagged: TaggedClause
) -> list[ConstraintDraft]:
    """ "The conference is booked at $350K, so that one is fixed": the lock ("that one is
    fixed") says the same as the amount beside it, so only the amount is kept."""

    def names(draft: ConstraintDraft) -> set[str]:
        return {n.casefold() for i in draft.mentions for n in tagged.mentions[i].names}

    with_amounts = set().union(*(names(d) for d in drafts if d.amount is not None), set())
    return [d for d in drafts if not (d.kind == "lock" and names(d) and names(d) <= with_amounts)]


def instruction_issue(reading: ClauseReading) -> list[IntakeIssue]:
    if not reading.instruction_unread:
        done = [d for d in reading.past_limits if d.told == "done"]
        return [_history_note(reading.tagged)] if done else []
    return [
        warning(
            "instruction_not_understood",
            f"did not understand {reading.tagged.source!r} as a rule for the plan",
            "Rephrase it like 'keep events at least $200K', 'cap social at 30%', "
            "'don't touch email' or 'no channel above 35%'.",
            line=reading.tagged.line,
        )
    ]


def _history_note(tagged: TaggedClause) -> IntakeIssue:
    return warning(
        "limit_read_as_history",
        f"read {tagged.source!r} as what was done before, not as a rule for this plan",
        "If it should hold for this plan too, say it as a rule ('keep ...', 'cap ...').",
        line=tagged.line,
    )


def unused_amounts(readings: Sequence[ClauseReading]) -> list[IntakeIssue]:
    issues = []
    for reading in readings:
        if reading.instruction_unread:
            continue
        for index, token in enumerate(reading.tagged.amounts):
            source = reading.tagged.source
            counted = bool(
                outcome_after(source[token.end : token.end + 60])
                or outcome_before(source[max(0, token.start - 60) : token.start])
            )
            if index in reading.claimed or not (token.is_money or token.percent or counted):
                continue
            issues.append(
                warning(
                    "amount_not_used",
                    f"did not use {token.text!r} in {reading.tagged.source!r}",
                    "If it matters, say what it is: a channel's spend, the budget, or a limit.",
                    line=reading.tagged.line,
                )
            )
    return issues
