"""The seen sentence shapes: the constructions the reader may be developed against.

Every shape writes one construction in several wordings, with its exact reading. The shapes
held out from development live in :mod:`benchmarks.understanding.heldout_shapes` and are only
ever scored, never looked at while the reader is changed.
"""

from __future__ import annotations

import functools
import itertools

from benchmarks.understanding.reading import (
    BudgetChangeReading,
    ChannelChangeReading,
    CurveKnowledge,
    ObjectiveReading,
    Rule,
)
from benchmarks.understanding.registry import (
    Pools,
    Shape,
    bulleted,
    collect,
    collect_message,
    sentence,
    series,
)
from benchmarks.understanding.scene import Channel, Part, Scene, rounded
from benchmarks.understanding.vocabulary import (
    CHANNELS,
    MIDDLES,
    SAME_LENGTH_FUTURE,
    TYPE_WORD_NAMES,
    draw_channels,
)

SEEN: list[Shape] = []
shape = functools.partial(collect, SEEN)
message_shape = functools.partial(collect_message, SEEN)


def counted(scene: Scene) -> bool:
    """The outcome is a count (objectives with a value per outcome need one)."""
    return not scene.outcome.money


def with_figures(scene: Scene) -> bool:
    return not scene.followup


def _intro(scene: Scene) -> str:
    phrase = scene.past[0]
    if phrase is None:
        return scene.choose("", "", "Here's where we are:", "Our numbers:")
    return scene.choose(
        f"{sentence(phrase)}:", f"Numbers {phrase}:", f"Here's what we did {phrase}:"
    )


def _lead(scene: Scene, words: str) -> str:
    """ "Last quarter we spent" / "We spent" (the period said at the start or not at all)."""
    phrase = scene.past[0]
    if phrase is None:
        return sentence(words)
    return (
        f"{sentence(phrase)}, {words}"
        if scene.rng.random() < 0.5
        else f"{sentence(phrase)} {words}"
    )


def _data(scene: Scene, text: str, *, block: bool) -> Part:
    return Part(text, block=block, channels=True, period=scene.past[1])


def _pronoun(channel: Channel) -> str:
    plural = channel.name.endswith("s") and not channel.name.casefold().endswith("ads")
    return "they" if plural else "it"


# ---------------------------------------------------------------------------------------
# Channel figures
# ---------------------------------------------------------------------------------------


@shape("D1", "data", "one channel per line: 'Name: $X spent, N MQLs'")
def colon_lines(s: Scene) -> Part:
    lines = []
    for c in s.channels:
        name = s.name(c, start=True)
        spend, result = s.money(c.spend), s.result(c)
        lines.append(
            s.choose(
                f"{name}: {spend} spent, {result}",
                f"{name}: {spend} spend, {result}",
                f"{name}: spent {spend}, {result}",
                f"{name}: {result}, {spend} spent",
                f"{name}: {spend} spent and {result}",
            )
        )
    intro = _intro(s)
    body = bulleted(lines, s.choose("", "-", "•", "1.", "*"))
    return _data(s, f"{intro}\n{body}" if intro else body, block=True)


@shape("D2", "data", "many channels on one line: 'A: $X, N MQLs; B: ...'")
def colon_inline(s: Scene) -> Part:
    separator = s.choose("; ", " | ", ". ")
    items = []
    for c in s.channels:
        name = s.name(c, start=separator == ". " or s.rng.random() < 0.5)
        spend, result = s.money(c.spend), s.result(c)
        items.append(
            s.choose(
                f"{name}: {spend}, {result}",
                f"{name}: {spend} spend, {result}",
                f"{name} {spend} spent, {result}",
            )
        )
    intro = _intro(s)
    line = separator.join(items)
    return _data(s, f"{intro} {line}" if intro else line, block=False)


@shape("D3", "data", "verb-first prose: 'We spent $X on A and got N MQLs.'")
def verb_first(s: Scene) -> Part:
    sentences = []
    for i, c in enumerate(s.channels):
        name = s.name(c)
        spend, result = s.money(c.spend), s.result(c)
        text = s.choose(
            f"we spent {spend} on {name} and got {result}",
            f"we invested {spend} in {name}, generating {result}",
            f"spent {spend} on {name}, got {result}",
            f"we put {spend} into {name} and it produced {result}",
            f"we ran {name} at {spend} and got {result}",
        )
        sentences.append((_lead(s, text) if i == 0 else sentence(text)) + ".")
    return _data(s, " ".join(sentences), block=False)


@shape("D4", "data", "parentheses: 'We spent 250k on LinkedIn (410 SQLs), 180k on ...'")
def parentheses(s: Scene) -> Part:
    if s.rng.random() < 0.6:
        items = [f"{s.money(c.spend)} on {s.name(c)} ({s.result(c)})" for c in s.channels]
        text = _lead(s, s.choose("we spent ", "spend was ")) + series(items) + "."
    else:
        first, *rest = s.channels
        items = [f"{s.name(first)} got {s.money(first.spend)} ({s.result(first)})"]
        items += [f"{s.name(c)} {s.money(c.spend)} ({s.result(c)})" for c in rest]
        text = sentence(series(items)) + "."
        if s.past[0]:
            text = f"{sentence(s.past[0])}: {text}"
    return _data(s, text, block=False)


@shape("D5", "data", "arrows: 'TV 1.2M -> 4,000 leads'")
def arrows(s: Scene) -> Part:
    arrow = s.choose("->", "→", "=>", "-->")
    lines = []
    for c in s.channels:
        name = s.name(c, start=True)
        spend, result = s.money(c.spend), s.result(c)
        lines.append(
            s.choose(
                f"{name} {spend} {arrow} {result}",
                f"{name}: {spend} {arrow} {result}",
                f"{name} ({spend}) {arrow} {result}",
            )
        )
    intro = _intro(s)
    body = bulleted(lines, s.choose("", "", "-"))
    return _data(s, f"{intro}\n{body}" if intro else body, block=True)


@shape("D6", "data", "slashes: 'Email — $200K / 1,500 MQLs'")
def slashes(s: Scene) -> Part:
    if s.rng.random() < 0.3:
        noun = s.noun()
        items = []
        for c in s.channels:
            figure = s.money(c.outcome) if s.outcome.money else s.count(c.outcome)
            items.append(f"{s.name(c)} {s.money(c.spend)}/{figure}")
        when = f" {s.past[0]}" if s.past[0] else ""
        return _data(s, f"Spend / {noun}{when}: " + ", ".join(items) + ".", block=False)
    lines = []
    for c in s.channels:
        name = s.name(c, start=True)
        spend, result = s.money(c.spend), s.result(c)
        lines.append(
            s.choose(
                f"{name} — {spend} / {result}",
                f"{name}: {spend}/{result}",
                f"{name} - {spend} / {result}",
            )
        )
    intro = _intro(s)
    body = bulleted(lines, s.choose("", "-", "•"))
    return _data(s, f"{intro}\n{body}" if intro else body, block=True)


@shape("D7", "data", "'we put 0.4M into search (2.4k MQLs)'")
def put_into(s: Scene) -> Part:
    first, *rest = s.channels
    items = [f"{s.money(first.spend)} into {s.name(first)} ({s.result(first)})"]
    items += [f"{s.money(c.spend)} into {s.name(c)} ({s.result(c)})" for c in rest]
    return _data(s, _lead(s, "we put ") + series(items) + ".", block=False)


@shape("D8", "data", "'for': '$400K on search for 2,400 MQLs, $500K on social for 1,800'")
def for_phrase(s: Scene) -> Part:
    items = [f"{s.money(c.spend)} on {s.name(c)} for {s.result(c)}" for c in s.channels]
    if s.past[0] and s.rng.random() < 0.5:
        return _data(s, f"{sentence(s.past[0])}: " + series(items) + ".", block=False)
    return _data(s, _lead(s, "we spent ") + series(items) + ".", block=False)


@shape("D9", "data", "'which brought': 'Events cost us $400K, which brought 600 MQLs.'")
def which_brought(s: Scene) -> Part:
    sentences = []
    for c in s.channels:
        name = s.name(c)
        spend, result = s.money(c.spend), s.result(c)
        sentences.append(
            sentence(
                s.choose(
                    f"{name} cost us {spend}, which brought {result}.",
                    f"{name} was {spend}, which brought in {result}.",
                    f"we spent {spend} on {name}, which brought {result}.",
                    f"{name}: {spend}, which generated {result}.",
                )
            )
        )
    if s.past[0]:
        sentences.insert(0, f"{sentence(s.past[0])}:")
    return _data(s, " ".join(sentences), block=False)


def _table(s: Scene, spend_header: str, spend_cell: list[str], outcome_header: str) -> str:
    columns = ["Channel", spend_header, outcome_header]
    if s.rng.random() < 0.3:
        s.rng.shuffle(columns)
    rows = []
    for c, spend in zip(s.channels, spend_cell, strict=True):
        figure = s.money(c.outcome) if s.outcome.money else s.count(c.outcome)
        cells = {"Channel": s.name(c, start=True), spend_header: spend, outcome_header: figure}
        rows.append("| " + " | ".join(cells[k] for k in columns) + " |")
    header = "| " + " | ".join(columns) + " |"
    rule = "|" + "|".join(s.choose("---", ":--", "--:", "---") for _ in columns) + "|"
    intro = _intro(s)
    table = "\n".join([header, rule, *rows])
    return f"{intro}\n\n{table}" if intro else table


@shape("D10", "data", "markdown table")
def markdown_table(s: Scene) -> Part:
    spend_header = s.choose("Spend", "Spend", "Cost", "Investment", "Spent")
    cells = [s.money(c.spend) for c in s.channels]
    outcome = s.outcome.forms[0] if not s.outcome.money else sentence(s.outcome.name)
    return _data(s, _table(s, spend_header, cells, sentence(outcome)), block=True)


@shape("D11", "data", "bullets with dashes: '- search — 400k — 2.4k MQLs'")
def bullets_dash(s: Scene) -> Part:
    style = s.rng.randrange(3)
    lines = []
    for c in s.channels:
        name = s.name(c, start=style != 0)
        spend, result = s.money(c.spend), s.result(c)
        lines.append(
            (f"- {name} — {spend} — {result}", f"* {name}: {spend} | {result}",
             f"• {name} – {spend} spend – {result}")[style]
        )  # fmt: skip
    intro = _intro(s)
    body = "\n".join(lines)
    return _data(s, f"{intro}\n{body}" if intro else body, block=True)


@shape("D12", "data", "references across sentences: 'Events got $400K. They brought in 600 MQLs.'")
def references(s: Scene) -> Part:
    sentences = []
    for c in s.channels:
        name = s.name(c)
        it = _pronoun(c)
        spend, result = s.money(c.spend), s.result(c)
        verb = "were" if it == "they" else "was"
        sentences.append(
            sentence(
                s.choose(
                    f"{name} got {spend}. {sentence(it)} brought in {result}.",
                    f"{name} {verb} at {spend}; {it} drove {result}.",
                    f"for {name} we spent {spend}, and that gave us {result}.",
                    f"we spent {spend} on {name}. That got us {result}.",
                )
            )
        )
    if s.past[0]:
        sentences.insert(0, f"{sentence(s.past[0])}:")
    return _data(s, " ".join(sentences), block=False)


def _shares(s: Scene) -> list[int]:
    """Percent shares in steps of 5 that add up to 100, at least 5 each."""
    count = len(s.channels)
    cuts = sorted(s.rng.sample(range(1, 20), count - 1))
    bounds = [0, *cuts, 20]
    return [5 * (b - a) for a, b in itertools.pairwise(bounds)]


@shape("D13", "data", "shares of a stated total: '$2M last quarter: 30% on search (2,400 MQLs)'")
def shares_of_total(s: Scene) -> Part:
    total = s.rng.randrange(5, 50) * 100_000
    shares = _shares(s)
    s.channels[:] = [
        Channel(c.name, c.channel_type, total * p / 100, c.outcome)
        for c, p in zip(s.channels, shares, strict=True)
    ]
    total_text = s.marked_money(total)
    items = []
    for i, (c, p) in enumerate(zip(s.channels, shares, strict=True)):
        last = i == len(s.channels) - 1
        share = "the rest" if last and s.rng.random() < 0.5 else s.share(p / 100)
        items.append(f"{share} on {s.name(c)} ({s.result(c)})")
    when = f" {s.past[0]}" if s.past[0] else ""
    lead = s.choose(f"We spent {total_text}{when}: ", f"{total_text} total{when} — ")
    return _data(s, lead + series(items) + ".", block=False)


@shape("D14", "data", "two lists under headings: 'Spend: A 400k, B 500k. MQLs: A 2,400, B 1,800.'")
def two_lists(s: Scene) -> Part:
    spends = [f"{s.name(c)} {s.money(c.spend)}" for c in s.channels]
    order = list(s.channels)
    s.rng.shuffle(order)
    if s.outcome.money:
        results = [f"{s.name(c)} {s.money(c.outcome)}" for c in order]
        heading = sentence(s.outcome.name)
    else:
        results = [f"{s.name(c)} {s.count(c.outcome)}" for c in order]
        heading = sentence(s.noun())
    when = f" {s.past[0]}" if s.past[0] else ""
    text = f"Spend{when}: {series(spends)}. {heading}: {series(results)}."
    return _data(s, text, block=False)


@shape("D17", "data", "markdown table with units in the header: 'Spend ($K)'")
def table_with_units(s: Scene) -> Part:
    mark = {"USD": "$", "EUR": "€", "GBP": "£"}[s.style.currency]
    s.marks_written += 2
    if s.rng.random() < 0.5 or any(c.spend % 1_000 for c in s.channels):
        header = s.choose(f"Spend ({mark}K)", f"Spend ({mark}000s)", f"Cost (k{mark})")
        cells = [f"{c.spend / 1000:,.0f}" for c in s.channels]
    else:
        header = f"Spend ({mark}M)"
        cells = [f"{c.spend / 1e6:g}" for c in s.channels]
    if s.style.separators == "european":
        cells = [cell.replace(",", "X").replace(".", ",").replace("X", ".") for cell in cells]
    outcome = s.outcome.forms[0] if not s.outcome.money else f"{sentence(s.outcome.name)} ({mark})"
    return _data(s, _table(s, header, cells, sentence(outcome)), block=True)


@shape("D19", "data", "compact symbols: 'search 400k = 2.4k MQLs | social @ 500k = 1.8k'")
def compact_symbols(s: Scene) -> Part:
    items = []
    for c in s.channels:
        name = s.name(c)
        spend, result = s.money(c.spend), s.result(c)
        items.append(s.choose(f"{name} {spend} = {result}", f"{name} @ {spend} = {result}"))
    joiner = s.choose(" | ", "\n")
    intro = _intro(s)
    body = joiner.join(items)
    separator = "\n" if joiner == "\n" else " "
    return _data(s, f"{intro}{separator}{body}" if intro else body, block=joiner == "\n")


@shape("D20", "data", "passive: '$400K was spent on paid search, generating 2,400 MQLs.'")
def passive(s: Scene) -> Part:
    sentences = []
    for c in s.channels:
        name = s.name(c)
        spend, result = s.money(c.spend), s.result(c)
        sentences.append(
            sentence(
                s.choose(
                    f"{spend} was spent on {name}, generating {result}.",
                    f"{spend} went into {name} and produced {result}.",
                    f"{spend} went to {name}, bringing {result}.",
                )
            )
        )
    if s.past[0]:
        sentences.insert(0, f"{sentence(s.past[0])}:")
    return _data(s, " ".join(sentences), block=False)


@shape("D21", "data", "result first on a line: 'Search — 2,400 MQLs on $400K'")
def result_first_lines(s: Scene) -> Part:
    lines = []
    for c in s.channels:
        name = s.name(c, start=True)
        result = s.result(c)
        spend = s.money(c.spend)
        lines.append(
            s.choose(
                f"{name} — {result} on {spend}",
                f"{name}: {result} from {spend}",
                f"{name}: {result} for {spend} spent",
            )
        )
    intro = _intro(s)
    body = bulleted(lines, s.choose("", "-", "•"))
    return _data(s, f"{intro}\n{body}" if intro else body, block=True)


# ---------------------------------------------------------------------------------------
# Budget and budget changes
# ---------------------------------------------------------------------------------------


def _budget_amount(s: Scene) -> float:
    total = s.total_spend
    return rounded(total * s.rng.uniform(0.8, 1.3), 50_000)


@shape("B1", "budget", "budget statement: 'Budget for next quarter: $2M'")
def budget_statement(s: Scene) -> Part:
    _, when, weeks = s.future
    budget = _budget_amount(s)
    amount = s.money(budget)
    if when is None:
        text = s.choose(
            f"Budget is {amount}.",
            f"We have {amount} to allocate.",
            f"Total budget: {amount}.",
            f"The budget is {amount}.",
        )
    else:
        text = s.choose(
            f"Budget {when}: {amount}.",
            f"The budget {when} is {amount}.",
            f"We have {amount} to allocate {when}.",
            f"We're planning to spend {amount} {when}.",
            f"Total budget {when} is {amount}.",
            f"Budget: {amount} {when}.",
        )
    return Part(text, budget=budget, budget_weeks=weeks, future_weeks=weeks)


@shape("B2", "budget", "relative budget: 'next quarter's budget is 10% lower than this quarter'",
       fits=with_figures)  # fmt: skip
def relative_budget(s: Scene) -> Part:
    change = s.rng.choice((0.05, 0.1, 0.15, 0.2, 0.25))
    up = s.rng.random() < 0.5
    budget = round(s.total_spend * (1 + change if up else 1 - change), 2)
    when, weeks = SAME_LENGTH_FUTURE[s.past[1]]
    than = f"what we spent {s.past[0]}" if s.past[0] else "this quarter"
    percent = s.share(change, words=False)
    higher, more = ("higher", "more") if up else ("lower", "less")
    text = s.choose(
        f"{sentence(when)}, the budget is {percent} {higher} than {than}.",
        f"The budget {when} will be {percent} {higher} than {than}.",
        f"We'll have {percent} {more} to spend {when} than {than}.",
    )
    return Part(text, budget=budget, budget_weeks=weeks, future_weeks=weeks)


@shape(
    "B3",
    "change",
    "budget what-ifs: 'what if the budget drops 15%?', 'suppose finance cuts us by $300K'",
)
def budget_change(s: Scene) -> Part:
    percent = s.rng.choice((0.05, 0.1, 0.15, 0.2, 0.25, 0.3))
    amount = s.rng.randrange(1, 10) * 100_000
    form = s.rng.randrange(6)
    change: BudgetChangeReading
    if form == 0:
        text, change = (
            f"What if the budget drops {s.share(percent, words=False)}?",
            (BudgetChangeReading.of("relative", -percent)),
        )
    elif form == 1:
        text = f"Suppose finance cuts us by {s.money(amount)}."
        change = BudgetChangeReading.of("delta", -amount)
    elif form == 2:
        text = f"What happens if we get an extra {s.money(amount)}?"
        change = BudgetChangeReading.of("delta", amount)
    elif form == 3:
        text = f"And if the budget goes up {s.share(percent, words=False)}?"
        change = BudgetChangeReading.of("relative", percent)
    elif form == 4:
        total = rounded(s.total_spend * s.rng.uniform(0.7, 1.3), 100_000)
        text = f"What if we had {s.money(total)} instead?"
        change = BudgetChangeReading.of("new_total", total)
    else:
        total = rounded(s.total_spend * s.rng.uniform(0.6, 0.9), 100_000)
        text = f"What if the budget is cut to {s.money(total)}?"
        change = BudgetChangeReading.of("new_total", total)
    return Part(text, changes=[change])


_WHAT_IF_LEADS = ("What if", "What happens if", "What would happen if", "Suppose", "Imagine",
                  "Let's say")  # fmt: skip
_FRACTION_WORDS = (("a third", 1 / 3), ("a quarter", 0.25), ("a fifth", 0.2), ("half", 0.5))


def _what_if(s: Scene, clause: str) -> str:
    lead = s.choose(*_WHAT_IF_LEADS)
    return f"{lead} {clause}{'?' if lead.startswith('What') else '.'}"


def _got(s: Scene, c: Channel) -> str:
    return s.choose("got", "gets" if _pronoun(c) == "it" else "get")


@shape(
    "W1",
    "change",
    "channel what-ifs: 'what if events get $100K more', 'what if we move $50K from TV to "
    "search', 'what if we cut TV by a third', 'suppose we drop radio entirely'",
    companion=False,
)
def channel_what_if(s: Scene) -> Part:
    form = s.rng.randrange(5)
    if form == 3:
        source, target = s.pick(2)
        amount = rounded(source.spend * s.rng.uniform(0.1, 0.5), 10_000)
        a, n1, n2 = s.money(amount), s.name(source), s.name(target)
        clause = s.choose(
            f"we move {a} from {n1} to {n2}",
            f"we shift {a} out of {n1} into {n2}",
            f"we reallocate {a} from {n1} to {n2}",
            f"we pulled {a} out of {n1} and put it into {n2}",
        )
        changes = [
            ChannelChangeReading.of(source.name, "delta", -amount),
            ChannelChangeReading.of(target.name, "delta", amount),
        ]
        return Part(_what_if(s, clause), changes=list(changes))
    (c,) = s.pick()
    n = s.name(c)
    if form == 0:
        amount = rounded(c.spend * s.rng.uniform(0.1, 0.5), 10_000)
        a = s.money(amount)
        if s.rng.random() < 0.6:
            clause = s.choose(
                f"{n} {_got(s, c)} {a} more",
                f"{n} {_got(s, c)} an extra {a}",
                f"we put an extra {a} into {n}",
                f"we add {a} to {n}",
                f"{n} goes up by {a}",
            )
            change = ChannelChangeReading.of(c.name, "delta", amount)
        else:
            clause = s.choose(
                f"{n} {_got(s, c)} {a} less",
                f"we cut {a} from {n}",
                f"we take {a} off {n}",
                f"{n} goes down by {a}",
            )
            change = ChannelChangeReading.of(c.name, "delta", -amount)
    elif form == 1:
        percent = s.rng.choice((0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4))
        p = s.share(percent, words=False)
        if s.rng.random() < 0.5:
            clause = s.choose(
                f"{n} {_got(s, c)} {p} more",
                f"we boost {n} by {p}",
                f"we increase {n} spend by {p}",
            )
            change = ChannelChangeReading.of(c.name, "relative", percent)
        else:
            clause = s.choose(f"we cut {n} by {p}", f"we trim {n} by {p}", f"{n} drops {p}")
            change = ChannelChangeReading.of(c.name, "relative", -percent)
    elif form == 2:
        words, share = s.rng.choice(_FRACTION_WORDS)
        if s.rng.random() < 0.6:
            clause = s.choose(f"we cut {n} by {words}", f"we reduce {n} by {words}")
            if words != "half":
                clause = s.choose(clause, f"{n} {_got(s, c)} {words} less")
            change = ChannelChangeReading.of(c.name, "relative", -share)
        else:
            clause = s.choose(f"we boost {n} by {words}", f"we grow {n} by {words}")
            if words != "half":
                clause = s.choose(clause, f"{n} {_got(s, c)} {words} more")
            change = ChannelChangeReading.of(c.name, "relative", share)
    else:
        clause = s.choose(
            f"we drop {n} entirely",
            f"we drop {n}",
            f"we cut {n} completely",
            f"we kill {n}",
            f"we pause {n} altogether",
            f"we zero out {n}",
        )
        change = ChannelChangeReading.of(c.name, "relative", -1.0)
    return Part(_what_if(s, clause), changes=[change])


# ---------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------


def _below(s: Scene, c: Channel) -> float:
    return rounded(c.spend * s.rng.uniform(0.4, 0.9), 10_000)


def _above(s: Scene, c: Channel) -> float:
    return rounded(c.spend * s.rng.uniform(1.05, 1.6), 10_000)


def _cap_share(s: Scene) -> float:
    return s.rng.choice((0.2, 0.25, 0.3, 0.35, 0.4, 1 / 3))


@shape(
    "R1",
    "rule",
    "floors: 'keep at least $200K in events', 'Our expo booth is contracted: keep at least "
    "$200K there.'",
)
def floor(s: Scene) -> Part:
    (c,) = s.pick()
    amount = _below(s, c)
    a, n = s.money(amount), s.name(c)
    text = s.choose(
        f"Keep at least {a} in {n}.",
        f"{sentence(n)} can't go below {a}.",
        f"Our {n} is contracted: keep at least {a} there.",
        f"{sentence(n)} needs at least {a}.",
        f"Don't let {n} drop below {a}.",
        f"Minimum {a} for {n}.",
        f"We need to keep {n} at {a} or more.",
    )
    return Part(text, rules=[Rule.of("floor", [c.name], amount=amount)])


@shape(
    "R2", "rule", "caps: 'no more than $500K on TV', 'cap social at 30%', 'no more than a fifth'"
)
def cap(s: Scene) -> Part:
    (c,) = s.pick()
    n = s.name(c)
    if s.rng.random() < 0.45:
        share = _cap_share(s)
        p = s.share(share)
        text = s.choose(
            f"Cap {n} at {s.share(share, words=False)}.",
            f"No more than {p} of the budget on {n}.",
            f"{sentence(n)} can't exceed {p} of spend.",
        )
        return Part(text, rules=[Rule.of("cap", [c.name], amount=share, share=True)])
    amount = _above(s, c)
    a = s.money(amount)
    text = s.choose(
        f"No more than {a} on {n}.",
        f"Cap {n} at {a}.",
        f"{sentence(n)} should get at most {a}.",
        f"Keep {n} under {a}.",
    )
    return Part(text, rules=[Rule.of("cap", [c.name], amount=amount)])


@shape("R3", "rule", "'at or above' / 'at or below'")
def at_or(s: Scene) -> Part:
    (c,) = s.pick()
    n = s.name(c)
    form = s.rng.randrange(4)
    if form == 3:
        share = _cap_share(s)
        text = f"Keep {n} at or below {s.share(share)} of the budget."
        return Part(text, rules=[Rule.of("cap", [c.name], amount=share, share=True)])
    if form == 1:
        amount = _above(s, c)
        return Part(
            f"{sentence(n)} at or below {s.money(amount)}.",
            rules=[Rule.of("cap", [c.name], amount=amount)],
        )
    amount = _below(s, c)
    verb = "stays" if form == 0 else "must be"
    return Part(
        f"{sentence(n)} {verb} at or above {s.money(amount)}.",
        rules=[Rule.of("floor", [c.name], amount=amount)],
    )


@shape(
    "R4",
    "rule",
    "booked or fixed amounts: 'the conference is already booked at $350K, so that one is fixed'",
)
def booked(s: Scene) -> Part:
    (c,) = s.pick()
    amount = rounded(c.spend * s.rng.uniform(0.7, 1.2), 10_000)
    a, n = s.money(amount), s.name(c)
    the = "The " if c.channel_type in ("events", "traditional") and not n[0].isupper() else ""
    subject = f"{the}{n}" if the else sentence(n)
    text = s.choose(
        f"{subject} is already booked at {a}, so that one is fixed.",
        f"{subject} is booked at {a} — that's fixed.",
        f"We've already committed {a} to {n}, so it can't change.",
        f"{subject} is locked in at {a}.",
    )
    return Part(text, rules=[Rule.of("fix", [c.name], amount=amount)])


@shape("R5", "rule", "limits with a reason: 'TV can't go below 1M because of our upfront deal'")
def because(s: Scene) -> Part:
    (c,) = s.pick()
    n = s.name(c)
    if s.rng.random() < 0.5:
        amount = _below(s, c)
        a = s.money(amount)
        text = s.choose(
            f"{sentence(n)} can't go below {a} because of our upfront deal.",
            f"{sentence(n)} has to stay above {a} since we signed an annual contract.",
        )
        return Part(text, rules=[Rule.of("floor", [c.name], amount=amount)])
    amount = _above(s, c)
    a = s.money(amount)
    text = s.choose(
        f"We can't spend more than {a} on {n} because of brand guidelines.",
        f"{sentence(n)} can't go above {a} because legal capped it.",
    )
    return Part(text, rules=[Rule.of("cap", [c.name], amount=amount)])


@shape("R6", "rule", "ad-hoc groups: 'TV and radio together at most $500K'")
def together(s: Scene) -> Part:
    one, two = s.pick(2)
    amount = rounded((one.spend + two.spend) * s.rng.uniform(0.7, 1.2), 10_000)
    a, n1, n2 = s.money(amount), s.name(one), s.name(two)
    if s.rng.random() < 0.65:
        text = s.choose(
            f"{sentence(n1)} and {n2} together at most {a}.",
            f"{sentence(n1)} and {n2} combined no more than {a}.",
            f"Keep {n1} plus {n2} under {a} in total.",
        )
        kind = "cap"
    else:
        text = s.choose(
            f"At least {a} across {n1} and {n2} together.",
            f"{sentence(n1)} and {n2} together need at least {a}.",
        )
        kind = "floor"
    rule = Rule.of(kind, [one.name, two.name], amount=amount, together=True)  # type: ignore[arg-type]
    return Part(text, rules=[rule])


@shape("R7", "rule", "locks at current spend: 'don't touch email'")
def lock(s: Scene) -> Part:
    (c,) = s.pick()
    n = s.name(c)
    text = s.choose(
        f"Don't touch {n}.",
        f"Leave {n} as it is.",
        f"Keep {n} flat.",
        f"{sentence(n)} stays as is.",
        f"Lock {n}.",
    )
    return Part(text, rules=[Rule.of("lock", [c.name])])


@shape("R8", "rule", "every channel: 'no channel above 35%', 'every channel gets at least $50K'")
def each_channel(s: Scene) -> Part:
    if s.rng.random() < 0.5:
        share = s.rng.choice((0.3, 0.35, 0.4, 0.45, 0.5, 1 / 3))
        text = s.choose(
            f"No channel above {s.share(share, words=False)}.",
            f"No single channel should get more than {s.share(share)} of the budget.",
        )
        return Part(text, rules=[Rule.of("cap", amount=share, share=True)])
    amount = s.rng.randrange(1, 6) * 10_000
    a = s.money(amount)
    text = s.choose(f"Every channel gets at least {a}.", f"Each channel at least {a}.")
    return Part(text, rules=[Rule.of("floor", amount=amount)])


@shape("R9", "rule", "change limits: 'don't move any channel more than 20%'")
def max_change(s: Scene) -> Part:
    limit = s.rng.choice((0.1, 0.15, 0.2, 0.25, 0.3))
    p = s.share(limit, words=False)
    text = s.choose(
        f"Don't move any channel more than {p}.",
        f"Keep changes within ±{p}.",
        f"No channel should change by more than {p}.",
    )
    return Part(text, rules=[Rule.of("max_change", amount=limit, share=True)])


@shape("R15", "rule", "ranges: 'keep search between $300K and $500K'")
def between(s: Scene) -> Part:
    (c,) = s.pick()
    low, high = _below(s, c), _above(s, c)
    n = s.name(c)
    lo, hi = s.money(low), s.money(high)
    text = s.choose(
        f"Keep {n} between {lo} and {hi}.",
        f"{sentence(n)} somewhere between {lo} and {hi}.",
        f"{sentence(n)}: min {lo}, max {hi}.",
    )
    return Part(
        text,
        rules=[Rule.of("floor", [c.name], amount=low), Rule.of("cap", [c.name], amount=high)],
    )


@shape("R16", "rule", "no cuts: 'don't cut webinars' (at least current spend)")
def no_cut(s: Scene) -> Part:
    (c,) = s.pick()
    n = s.name(c)
    text = s.choose(f"Don't cut {n}.", f"{sentence(n)} can't go down.", f"Don't reduce {n}.")
    return Part(text, rules=[Rule.of("floor", [c.name], amount=c.spend)])


@shape("R17", "rule", "rules by reference: 'Keep at least $200K there', 'that one', 'it'")
def by_reference(s: Scene) -> Part:
    (c,) = s.pick()
    n = s.name(c)
    it = _pronoun(c)
    form = s.rng.randrange(4)
    if form == 2:
        amount = _above(s, c)
        them = "them" if it == "they" else "it"
        text = f"{sentence(n)} underperformed, so cap {them} at {s.money(amount)}."
        return Part(text, rules=[Rule.of("cap", [c.name], amount=amount)])
    amount = _below(s, c)
    a = s.money(amount)
    them = "them" if it == "they" else "it"
    text = (
        f"{sentence(n)} is our flagship. Keep at least {a} there.",
        f"We love {n}; don't let that one drop below {a}.",
        "",
        f"{sentence(n)} matters to the CEO — keep {them} at {a} or more.",
    )[form]
    return Part(text, rules=[Rule.of("floor", [c.name], amount=amount)])


# Past times by the length of the period they name. A history sentence names a period of the
# same length as the figures' (said with them or not), so the figures' period stays defined.
_PAST_TIMES: dict[int, tuple[str, ...]] = {
    13: ("last quarter", "in Q3", "in the previous quarter", "two quarters ago"),
    4: ("last month", "in the previous month"),
    8: ("over the last 8 weeks",),
    12: ("over the last 12 weeks",),
    26: ("in the past 6 months", "in H1"),
    52: ("last year", "in 2025"),
}


@shape(
    "R18",
    "rule",
    "past-tense limits are history, not rules: 'we capped TV at $1M in Q3', 'events stayed at "
    "or above $200K last quarter'",
    companion=False,
)
def past_limit(s: Scene) -> Part:
    (c,) = s.pick()
    n, when = s.name(c), s.choose(*_PAST_TIMES[s.past[1]])
    if s.rng.random() < 0.5:
        a = s.money(_above(s, c))
        text = s.choose(
            f"We capped {n} at {a} {when}.",
            f"{sentence(when)} we limited {n} to {a}.",
            f"{sentence(n)} was capped at {a} {when}.",
            f"Finance held {n} to {a} {when}.",
            f"{sentence(when)}, {n} never went above {a}.",
        )
    else:
        a = s.money(_below(s, c))
        text = s.choose(
            f"{sentence(n)} stayed at or above {a} {when}.",
            f"{sentence(when)}, we kept at least {a} in {n}.",
            f"We kept {n} at {a} or more {when}.",
            f"{sentence(n)} never went below {a} {when}.",
        )
    return Part(text)  # a report of what was done: no rule for the new plan


@shape(
    "R19",
    "rule",
    "one-phrase asymmetric change ranges: 'TV can move between -10% and +25%', 'search may "
    "drop by up to 10% or grow by up to 30%'",
    companion=False,
)
def change_range(s: Scene) -> Part:
    cut = s.rng.choice((0.05, 0.1, 0.15, 0.2, 0.25))
    growth = s.rng.choice([g for g in (0.1, 0.2, 0.25, 0.3, 0.4, 0.5) if g != cut])
    every = s.rng.random() < 0.2
    names = [] if every else [s.pick()[0]]
    subject = s.choose("Any channel", "Every channel") if every else sentence(s.name(names[0]))
    signed_cut, signed_growth = s.share(cut, words=False), s.share(growth, words=False)
    down, up = s.share(cut), s.share(growth)
    options = [
        f"{subject} can move between -{signed_cut} and +{signed_growth}.",
        f"{subject} may drop by up to {down} or grow by up to {up}.",
        f"{subject} may grow by up to {up} or drop by up to {down}.",
        f"{subject} can't fall more than {down} or rise more than {up}.",
    ]
    if not every:
        n = s.name(names[0])
        options += [
            f"Let {n} fall at most {down} and rise at most {up}.",
            f"Keep the changes on {n} between -{signed_cut} and +{signed_growth}.",
        ]
    channels = [c.name for c in names]
    return Part(
        s.choose(*options),
        rules=[
            Rule.of("max_cut", channels, amount=cut, share=True),
            Rule.of("max_growth", channels, amount=growth, share=True),
        ],
    )


# ---------------------------------------------------------------------------------------
# Objectives
# ---------------------------------------------------------------------------------------

_VALUES = (50, 100, 150, 200, 300, 500, 1_000, 2_000, 5_000, 12_000)


@shape("O1", "objective", "value per outcome: 'each SQL is worth $2,000'", fits=counted)
def value_per_outcome(s: Scene) -> Part:
    value = s.rng.choice(_VALUES)
    v, one = s.marked_money(value), s.singular()
    text = s.choose(
        f"Each {one} is worth {v}.",
        f"One {one} is worth about {v} to us.",
        f"We value every {one} at {v}.",
        f"Every {one} is worth roughly {v}.",
    )
    return Part(text, objective=ObjectiveReading("profit", float(value)))


@shape("O2", "objective", "target CAC: 'keep CAC under $300'", fits=counted)
def target_cac(s: Scene) -> Part:
    value = s.rng.choice(_VALUES[:8])
    v = s.marked_money(value)
    text = s.choose(
        f"Keep CAC under {v}.",
        f"Cost per {s.singular()} must stay below {v}.",
        f"We need a CAC of {v} or less.",
        f"Target CAC is {v}.",
    )
    return Part(text, objective=ObjectiveReading("volume_at_cac", float(value)))


@shape(
    "O4",
    "objective",
    "affordable cost per outcome: 'we can afford up to $150 per MQL'",
    fits=counted,
)
def affordable(s: Scene) -> Part:
    value = s.rng.choice(_VALUES[:8])
    v, one = s.marked_money(value), s.singular()
    text = s.choose(
        f"We can afford up to {v} per {one}.",
        f"Anything above {v} per {one} is too expensive.",
    )
    return Part(text, objective=ObjectiveReading("volume_at_cac", float(value)))


@shape("O5", "objective", "volume: 'maximise pipeline'")
def volume(s: Scene) -> Part:
    noun = s.outcome.name if s.outcome.money else s.noun()
    text = s.choose(
        f"Maximise {noun}.",
        f"Maximize {noun}.",
        f"We want as many {noun} as possible."
        if not s.outcome.money
        else f"We want as much {noun} as possible.",
        f"Goal: the most {noun} for the money.",
        f"Optimise for {noun}.",
    )
    return Part(text, objective=ObjectiveReading("volume"))


@shape(
    "O6",
    "objective",
    "a volume for the least spend: 'we need 10,000 MQLs at the lowest cost'",
    fits=counted,
)
def volume_target(s: Scene) -> Part:
    target = rounded(sum(c.outcome for c in s.channels) * s.rng.uniform(1.0, 1.4), 100)
    t, noun = s.count(target), s.noun()
    text = s.choose(
        f"We need {t} {noun} at the lowest cost.", f"Hit {t} {noun} for the least spend."
    )
    return Part(text, objective=ObjectiveReading("spend_for_volume", float(target)))


# ---------------------------------------------------------------------------------------
# What the CMO knows about curves
# ---------------------------------------------------------------------------------------


@shape("C1", "curve", "saturation in the CMO's sense: 'email saturates at about $300K'")
def saturates(s: Scene) -> Part:
    (c,) = s.pick()
    amount = rounded(c.spend * s.rng.uniform(1.1, 2.0), 10_000)
    a, n = s.money(amount), s.name(c)
    text = s.choose(
        f"{sentence(n)} saturates at about {a}.",
        f"{sentence(n)} tops out around {a}.",
        f"Returns on {n} flatten past {a}.",
        f"{sentence(n)} plateaus above {a}.",
        f"I think {n} saturates around {a}.",
    )
    return Part(text, curve=[CurveKnowledge.of(c.name, amount, "flattens_past")])


@shape("C2", "curve", 'half-saturation named: "search\'s half-saturation point is $500K"')
def half_saturation(s: Scene) -> Part:
    (c,) = s.pick()
    amount = rounded(c.spend * s.rng.uniform(0.8, 2.0), 10_000)
    a, n = s.money(amount), s.name(c)
    text = s.choose(
        f"{sentence(n)}'s half-saturation point is {a}.",
        f"Half-saturation for {n} is around {a}.",
    )
    return Part(text, curve=[CurveKnowledge.of(c.name, amount, "half_saturation")])


# ---------------------------------------------------------------------------------------
# Whole messages
# ---------------------------------------------------------------------------------------

_REQUESTS = (
    ("Create an optimized budget allocation for next quarter.", 13),
    ("Where should the money go next quarter?", 13),
    ("Can you build the plan?", None),
    ("Please recommend an allocation.", None),
)


@message_shape("M1", "a full brief: figures, budget, rules and objective, in any order")
def full_brief(s: Scene, pools: Pools) -> list[Part]:
    parts = [pools.part("data", s), pools.part("budget", s), pools.part("rule", s)]
    if s.rng.random() < 0.5:
        parts.append(pools.part("rule", s))
    parts.append(pools.part("objective", s))
    request, weeks = s.rng.choice(_REQUESTS)
    parts.append(Part(request, future_weeks=weeks))
    s.rng.shuffle(parts)
    return parts


@message_shape("M2", "a follow-up about the session's channels: rules, objective, curve")
def follow_up(s: Scene, pools: Pools) -> list[Part]:
    s.followup = True
    parts = [pools.part("rule", s)]
    for family, chance in (("rule", 0.5), ("objective", 0.3), ("curve", 0.2), ("budget", 0.3)):
        if s.rng.random() < chance:
            parts.append(pools.part(family, s))  # type: ignore[arg-type]
    s.rng.shuffle(parts)
    return parts


@message_shape("M3", "names with type words: 'branded search' and 'non-brand search', 'expo booth'")
def type_word_names(s: Scene, pools: Pools) -> list[Part]:
    names = {c.name for c in s.channels}
    while not names & set(TYPE_WORD_NAMES):
        names = {name for name, _ in draw_channels(s.rng, len(s.channels))}
    kinds = dict(CHANNELS)
    s.channels[:] = [
        Channel(name, kinds[name], c.spend, c.outcome)
        for name, c in zip(sorted(names), s.channels, strict=True)
    ]
    s.rng.shuffle(s.channels)
    parts = [pools.part("data", s)]
    if s.rng.random() < 0.6:
        parts.append(pools.part("rule", s))
    return parts


@message_shape("M6", "rules and budget first, figures after")
def rules_first(s: Scene, pools: Pools) -> list[Part]:
    data = pools.part("data", s)  # written first: the rules refer to its figures
    first = [pools.part("rule", s), pools.part("budget", s)]
    s.rng.shuffle(first)
    if s.rng.random() < 0.5:
        first.insert(0, Part(s.choose("Constraints first.", "Rules before the data:")))
    if s.rng.random() < 0.3:
        first.append(Part(s.rng.choice(MIDDLES)))
    return [*first, data]
