"""v4 development shapes: budgets and what-ifs on the budget or on a channel (keys D4-B<n>)."""

from __future__ import annotations

import functools

from benchmarks.understanding.dev_v3.common import past_noun, with_figures
from benchmarks.understanding.reading import BudgetChangeReading, ChannelChangeReading, WhatIf
from benchmarks.understanding.registry import Shape, collect, collect_message, sentence
from benchmarks.understanding.scene import Part, Scene, rounded
from benchmarks.understanding.vocabulary import SAME_LENGTH_FUTURE

SHAPES: list[Shape] = []
shape = functools.partial(collect, SHAPES)
message_shape = functools.partial(collect_message, SHAPES)


def budget_amount(s: Scene) -> float:
    return rounded(s.total_spend * s.rng.uniform(0.8, 1.3), 50_000)


def _when(s: Scene) -> tuple[str, int | None]:
    """The period to come as the writer puts it after the amount (" for Q4", "")."""
    _, phrase, weeks = s.future
    return (f" {phrase}" if phrase else ""), weeks


@shape("D4-B1", "budget", "the budget inside the request: 'how would you split 2.4M for Q2?'")
def inside_request(s: Scene) -> Part:
    budget = budget_amount(s)
    m = s.money(budget)
    when, weeks = _when(s)
    text = s.choose(
        f"How would you split {m}{when}?",
        f"What's the best mix for {m}{when}?",
        f"Where should {m} go{when}?",
        f"How should we spread {m}{when}?",
        f"Can you give me a plan for {m}{when}?",
        f"What would you do with {m}{when}?",
        f"Best way to divide {m}{when}?",
        f"How do we get the most out of {m}{when}?",
    )
    return Part(text, budget=budget, budget_weeks=weeks, future_weeks=weeks)


@shape("D4-B2", "budget", "flat on the last period: 'budget stays flat next quarter'",
       fits=with_figures)  # fmt: skip
def flat(s: Scene) -> Part:
    phrase, weeks = SAME_LENGTH_FUTURE[s.past[1]]
    text = s.choose(
        f"Budget stays flat {phrase}.",
        f"We're holding spend flat {phrase}.",
        f"{sentence(phrase)} the budget is flat.",
        f"Same total {phrase}, no increase.",
        f"{sentence(phrase)} we keep the same money.",
        f"Total spend stays where it is {phrase}.",
        f"The budget doesn't change {phrase}.",
    )
    return Part(text, budget=s.total_spend, budget_weeks=weeks, future_weeks=weeks)


_TENTHS = (
    ("a tenth", 0.1),
    ("a fifth", 0.2),
    ("a quarter", 0.25),
    ("a third", 1 / 3),
    ("half", 0.5),
)


@shape("D4-B3", "budget", "relative in words: 'a tenth more than last quarter', '20% under'",
       fits=with_figures)  # fmt: skip
def relative_words(s: Scene) -> Part:
    phrase, weeks = SAME_LENGTH_FUTURE[s.past[1]]
    than = past_noun(s)
    up = s.rng.random() < 0.5
    if s.rng.random() < 0.5:
        words, change = s.rng.choice(_TENTHS[:4])
    else:
        change = s.rng.choice((0.05, 0.1, 0.15, 0.2, 0.3))
        words = s.share(change, words=False)
    budget = round(s.total_spend * (1 + change if up else 1 - change), 2)
    more, under = ("more", "over") if up else ("less", "under")
    text = s.choose(
        f"{sentence(phrase)} we get {words} {more} than {than}.",
        f"The budget {phrase} is {words} {under} what we spent.",
        f"We'll have {words} {more} {phrase} than we spent {than}.",
        f"Budget {phrase}: {words} {under} {than}.",
        f"{sentence(phrase)} we're planning {words} {'above' if up else 'below'} {than}'s spend.",
    )
    return Part(text, budget=budget, budget_weeks=weeks, future_weeks=weeks)


_LONG_PERIODS = (
    ("for the year", 52),
    ("for the full year", 52),
    ("for FY27", 52),
    ("for the fiscal year", 52),
    ("for the second half", 26),
    ("for the back half of the year", 26),
    ("for H1", 26),
    ("for the next six months", 26),
    ("next month", 4),
    ("for the coming month", 4),
)


@shape(
    "D4-B4", "budget", "a fiscal-year, half-year or month figure: '8M for the year', 'H1 envelope'"
)
def long_period(s: Scene) -> Part:
    phrase, weeks = s.rng.choice(_LONG_PERIODS)
    budget = rounded(s.total_spend * weeks / 13 * s.rng.uniform(0.8, 1.3), 50_000)
    m = s.money(budget)
    text = s.choose(
        f"We have {m} {phrase}.",
        f"Budget {phrase} is {m}.",
        f"{sentence(phrase)} we've got {m} to spend.",
        f"Finance gave us {m} {phrase}.",
        f"Budget {phrase}: {m}.",
        f"The plan {phrase} is {m} in total.",
        f"How would you split {m} {phrase}?",
    )
    return Part(text, budget=budget, budget_weeks=weeks, future_weeks=weeks)


@shape("D4-B5", "budget", "the total as a ceiling: 'total spend can't go over 1.5M'")
def ceiling(s: Scene) -> Part:
    budget = budget_amount(s)
    m = s.money(budget)
    when, weeks = _when(s)
    text = s.choose(
        f"Total spend can't go over {m}{when}.",
        f"We can't spend more than {m} in total{when}.",
        f"Overall spend is capped at {m}{when}.",
        f"Keep the total under {m}{when}.",
        f"Hard cap of {m} on total spend{when}.",
        f"All in, we can't exceed {m}{when}.",
        f"The total{when} must stay at or below {m}.",
        f"Total spend{when} tops out at {m}.",
    )
    return Part(text, budget=budget, budget_weeks=weeks, future_weeks=weeks)


@shape("D4-B6", "budget", "noun phrases and imperatives: 'Budget: 2M', 'we've been given 2M'")
def noun_phrase(s: Scene) -> Part:
    budget = budget_amount(s)
    m = s.money(budget)
    when, weeks = _when(s)
    text = s.choose(
        f"Budget{when}: {m}.",
        f"We have {m} to play with{when}.",
        f"We've been given {m}{when}.",
        f"Allocate {m}{when}.",
        f"Spread {m} across these{when}.",
        f"Money available{when}: {m}.",
        f"Working budget {m}{when}.",
        f"Plan {m}{when} across the channels.",
        f"{m} to allocate{when}.",
        f"Build me a {m} plan{when}.",
    )
    return Part(text, budget=budget, budget_weeks=weeks, future_weeks=weeks)


_MULTIPLES = (("double", 1.0), ("halve", -0.5), ("triple", 2.0))


@shape("D4-B7", "budget", "multiplying the budget: 'what if they double it / halve it'")
def multiply_budget(s: Scene) -> Part:
    budget = budget_amount(s)
    m = s.money(budget)
    when, weeks = _when(s)
    verb, change = s.rng.choice(_MULTIPLES)
    stated = s.choose(f"Budget is {m}{when}.", f"We have {m}{when}.", f"Plan on {m}{when}.")
    what_if = s.choose(
        f"What if they {verb} it?",
        f"And what if finance {verb}s it?",
        f"Suppose the budget were {verb}d — what then?",
        f"What happens if we {verb} the budget?",
    )
    text = f"{stated} {what_if}"
    changes: list[WhatIf] = [BudgetChangeReading.of("relative", change)]
    return Part(text, budget=budget, budget_weeks=weeks, future_weeks=weeks, changes=changes)


@shape("D4-B8", "change", "multiplying a channel: 'what if we triple search', 'halve TV'")
def multiply_channel(s: Scene) -> Part:
    (c,) = s.pick()
    n = s.name(c)
    verb, change = s.rng.choice(_MULTIPLES)
    text = s.choose(
        f"What if we {verb} {n}?",
        f"Suppose we {verb} {n} — what happens?",
        f"What happens if {n} is {verb}d?",
        f"And if we {verb}d {n}?",
    )
    if verb == "halve":
        text = s.choose(text, f"What if {n} got cut in half?", f"What if we cut {n} in half?")
    elif verb == "double":
        text = s.choose(text, f"What if {n} got twice the money?")
    return Part(text, changes=[ChannelChangeReading.of(c.name, "relative", change)])


@shape("D4-B9", "budget", "alternative totals: 'show me the plan at 1M and at 1.5M too'")
def alternatives(s: Scene) -> Part:
    budget = budget_amount(s)
    m = s.money(budget)
    when, weeks = _when(s)
    low = rounded(budget * s.rng.uniform(0.6, 0.85), 50_000)
    high = rounded(budget * s.rng.uniform(1.2, 1.6), 50_000)
    lo, hi = s.money(low), s.money(high)
    stated = s.choose(f"Budget is {m}{when}.", f"We have {m}{when}.", f"Plan on {m}{when}.")
    two = s.rng.random() < 0.6
    if two:
        others = s.choose(
            f"Show me the plan at {lo} and at {hi} too.",
            f"Also run it at {lo} and {hi}.",
            f"Can I see versions at {lo} and {hi} as well?",
            f"Give me the {lo} and {hi} versions too.",
        )
        totals = [low, high]
    else:
        others = s.choose(
            f"Show me the plan at {hi} too.",
            f"Also run it at {hi}.",
            f"And what would {hi} look like?",
            f"I'd also like to see it at {hi}.",
        )
        totals = [high]
    changes: list[WhatIf] = [BudgetChangeReading.of("new_total", t) for t in totals]
    return Part(
        f"{stated} {others}", budget=budget, budget_weeks=weeks, future_weeks=weeks, changes=changes
    )


@shape("D4-B10", "change", "a delta as news: 'if another 250k lands', 'if 100k gets pulled'")
def news(s: Scene) -> Part:
    amount = s.rng.choice((50_000, 100_000, 150_000, 200_000, 250_000, 400_000))
    a = s.money(amount)
    if s.rng.random() < 0.5:
        text = s.choose(
            f"What if another {a} lands?",
            f"And if an extra {a} comes through?",
            f"Should another {a} show up, where does it go?",
            f"If {a} more lands mid-quarter, what changes?",
            f"What if we get {a} more?",
        )
        change = BudgetChangeReading.of("delta", amount)
    else:
        text = s.choose(
            f"What if {a} gets pulled?",
            f"And if {a} is taken back?",
            f"If finance pulls {a}, what do we cut?",
            f"What if we lose {a} halfway through?",
            f"Suppose {a} disappears from the budget.",
        )
        change = BudgetChangeReading.of("delta", -amount)
    return Part(text, changes=[change])


@shape(
    "D4-B11",
    "change",
    "channel what-ifs: 'cut X by half', 'pulled $X out of A and put it into B', 'zero out X'",
)
def channel_moves(s: Scene) -> Part:
    form = s.rng.randrange(4)
    if form == 0:
        source, target = s.pick(2)
        amount = rounded(source.spend * s.rng.uniform(0.1, 0.5), 10_000)
        a, n1, n2 = s.money(amount), s.name(source), s.name(target)
        text = s.choose(
            f"What if we pulled {a} out of {n1} and put it into {n2}?",
            f"Suppose we took {a} from {n1} and gave it to {n2}.",
            f"What if {a} moved from {n1} over to {n2}?",
            f"What happens if we shift {a} from {n1} to {n2}?",
        )
        changes = [
            ChannelChangeReading.of(source.name, "delta", -amount),
            ChannelChangeReading.of(target.name, "delta", amount),
        ]
        return Part(text, changes=list(changes))
    (c,) = s.pick()
    n = s.name(c)
    if form == 1:
        text = s.choose(
            f"What if we cut {n} by half?",
            f"Suppose we trim {n} by half.",
            f"What if {n} were reduced by half?",
        )
        change = ChannelChangeReading.of(c.name, "relative", -0.5)
    elif form == 2:
        text = s.choose(
            f"What if we zero out {n}?",
            f"Suppose we zeroed {n}.",
            f"What if {n} went to zero?",
            f"What happens if we switch {n} off completely?",
        )
        change = ChannelChangeReading.of(c.name, "relative", -1.0)
    else:
        amount = rounded(c.spend * s.rng.uniform(0.1, 0.5), 10_000)
        a = s.money(amount)
        text = s.choose(
            f"What if we take {a} off {n}?",
            f"Suppose {n} loses {a}.",
            f"What if we knock {a} off {n}?",
        )
        change = ChannelChangeReading.of(c.name, "delta", -amount)
    return Part(text, changes=[change])


@shape("D4-B12", "budget", "a budget with its period said around it: 'for next month we have 400k'")
def period_around(s: Scene) -> Part:
    phrase, weeks = s.rng.choice((*_LONG_PERIODS, ("next quarter", 13), ("for Q3", 13)))
    budget = rounded(s.total_spend * weeks / 13 * s.rng.uniform(0.8, 1.3), 50_000)
    m = s.money(budget)
    text = s.choose(
        f"{sentence(phrase)}, the number is {m}.",
        f"{sentence(phrase)}: {m} total.",
        f"We're looking at {m} {phrase}.",
        f"{m} is what we've got {phrase}.",
        f"Leadership wants {m} deployed {phrase}.",
    )
    return Part(text, budget=budget, budget_weeks=weeks, future_weeks=weeks)
