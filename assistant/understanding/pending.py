"""Ask, don't guess: the readings a plan waits for, and applying the one the CMO confirms.

When a message has a sentence that looks like a rule or a figure but was not fully read
(:class:`~model_engine.intake.UnreadFragment`), or when the router cannot tell what the message
asks for, the planner shows no plan: it asks. What it asked is a :class:`PendingQuestion`,
kept in the session (typed, saved with it, restored by undo) until the CMO answers:

- "yes" (or the confirm button) takes the first fragment's best reading, "2" its second;
- "skip" leaves the sentence out;
- any other message is read as usual, and the question stays open: no plan is shown while it
  is (a new message that itself states the rule is how the CMO "edits" the reading).

A channel what-if the planner could not run as written ("what if radio got $50K less" when the
data has only "Traditional" of that kind; a move larger than the channel's planned spend) is
asked the same way, its reading the what-if's changes (:attr:`ProposedReading.what_if`):
confirming runs that what-if on a copy, so neither the data nor the plan changes; any other
message closes the question, since a what-if holds no plan back.

Applying a reading goes through the same path as a message's own findings
(:func:`tools.data.apply_parsed` on a parse holding just that reading), so a confirmed rule is
exactly the rule the sentence would have set had it been read, with the user's words as its
phrase.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from model_engine.intake import ParsedMessage
from model_engine.intake.text.unread import ProposedReading, UnreadFragment
from tools.data import apply_parsed
from tools.state import PlanInputs, ToolError

Answer = Literal["confirm", "skip"]

_CONFIRM = re.compile(
    r"^\W*(?:yes|yep|yeah|y|ok(?:ay)?|confirm(?:ed)?|correct|right|exactly|that'?s\s+right|"
    r"sounds\s+right|go\s+ahead)\b[\s\W]*$",
    re.IGNORECASE,
)
_CHOICE = re.compile(r"^\W*(?:option\s+|reading\s+|number\s+|#)?([1-9])\W*$", re.IGNORECASE)
_SKIP = re.compile(
    r"^\W*(?:skip(?:\s+it|\s+that)?|ignore\s+(?:it|that)|leave\s+it\s+out|drop\s+it|"
    r"no\s+rule|never\s*mind)\W*$",
    re.IGNORECASE,
)


class PendingChoice(BaseModel):
    """One likely reading of what the message asks for (below the router's margin), or of
    its figures when the language model and the planner read them differently: the model's
    ``inputs``, or the planner's own reading (``reread``)."""

    model_config = ConfigDict(frozen=True)

    route: str = Field(description="the planner route this choice runs")
    label: str = Field(description="the button's words")
    score: float = Field(description="the router's score for it")
    inputs: PlanInputs | None = Field(
        None, description="inputs this choice plans on (the language model's reading)"
    )
    reread: bool = Field(
        False, description="read the question's message afresh, as the planner reads it"
    )


class PendingQuestion(BaseModel):
    """What the planner asked and is waiting for: readings of unread sentences (the first is
    asked now) or, when the route was unclear, the likeliest routes. ``message`` is the
    message that raised it and ``route`` what it asked for, run once the question is
    answered."""

    model_config = ConfigDict(frozen=True)

    message: str
    route: str
    currency: str = "USD"
    fragments: tuple[UnreadFragment, ...] = ()
    choices: tuple[PendingChoice, ...] = ()

    @property
    def current(self) -> UnreadFragment | None:
        return self.fragments[0] if self.fragments else None

    @property
    def about_what_if(self) -> bool:
        """Whether the sentence asked now is a channel what-if to run, not a rule to keep."""
        fragment = self.current
        return fragment is not None and fragment.kind == "what_if"

    def labels(self) -> list[str]:
        """The words of each reading of the fragment asked now ("Expo booth at least
        $200,000")."""
        fragment = self.current
        if fragment is None:
            return [c.label for c in self.choices]
        return [p.describe(self.currency) for p in fragment.proposals]

    def answered(self) -> PendingQuestion | None:
        """The question after the current fragment is settled (``None`` when none is left)."""
        rest = self.fragments[1:]
        return self.model_copy(update={"fragments": rest}) if rest else None


def read_answer(message: str) -> tuple[Answer, int] | None:
    """The CMO's answer to a pending question: confirm reading ``n`` (0-based) or skip;
    ``None`` when the message is something else."""
    if _CONFIRM.match(message):
        return "confirm", 0
    chosen = _CHOICE.match(message)
    if chosen:
        return "confirm", int(chosen.group(1)) - 1
    if _SKIP.match(message):
        return "skip", 0
    return None


def apply_reading(
    inputs: PlanInputs, fragment: UnreadFragment, reading: ProposedReading
) -> tuple[PlanInputs, list[str]]:
    """``inputs`` with a confirmed reading of ``fragment``; returns the inputs and notes.
    A what-if's reading is run, never applied (see :attr:`PendingQuestion.about_what_if`)."""
    if reading.what_if is not None:
        raise ValueError("a what-if's reading changes no inputs: run it as a scenario")
    if reading.constraint is not None:
        parsed = ParsedMessage(
            constraints=(reading.constraint,), constraint_phrases=(fragment.quote,)
        )
        return apply_parsed(inputs, parsed)
    if reading.curve is not None:
        return apply_parsed(inputs, ParsedMessage(curve_hints=(reading.curve,)))
    if reading.budget is not None:
        budget = reading.budget
        parsed = ParsedMessage(budget=budget.amount, budget_period_weeks=budget.period_weeks)
        return apply_parsed(inputs, parsed)
    figure = reading.figure
    assert figure is not None
    snapshot = inputs.snapshot
    if snapshot is None or all(c.name != figure.channel for c in snapshot.channels):
        raise ToolError(
            f"{figure.channel} is not a channel of your data, so I can't set its spend: give "
            "its spend and outcome together (e.g. 'Events: $200K spent, 300 MQLs')."
        )
    channels = tuple(
        replace(c, spend=figure.spend) if c.name == figure.channel else c for c in snapshot.channels
    )
    return inputs.model_copy(update={"snapshot": replace(snapshot, channels=channels)}), []


def settled_by(question: PendingQuestion, parsed: ParsedMessage) -> PendingQuestion | None:
    """The question after a new message: a sentence is settled when the message itself reads
    a rule, curve or figure about the channels its readings are about, or a budget when its
    reading is one (the CMO wrote the rule the way they meant it)."""
    named: set[str] = set()
    for constraint in parsed.constraints:
        named.update(ProposedReading(constraint=constraint).channels)
    named.update(hint.channel for hint in parsed.curve_hints)
    if parsed.snapshot is not None:
        named.update(c.name for c in parsed.snapshot.channels)

    def settled(fragment: UnreadFragment) -> bool:
        for reading in fragment.proposals:
            if reading.budget is not None and parsed.budget is not None:
                return True
            if reading.channels and set(reading.channels) <= named:
                return True
        return False

    left = tuple(f for f in question.fragments if not settled(f))
    if left == question.fragments:
        return question
    if not left:
        return None
    return question.model_copy(update={"fragments": left})
