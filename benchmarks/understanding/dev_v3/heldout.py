"""The v3 held-out shapes: a quarter of the development shapes, scored once before the reader
was changed and again at the end, never used for tuning."""

from __future__ import annotations

import functools

from benchmarks.understanding.dev_v3.common import (
    above,
    below,
    counted,
    data,
    heading,
    outcome_figure,
    pronoun,
)
from benchmarks.understanding.reading import CurveKnowledge, ObjectiveReading, Rule
from benchmarks.understanding.registry import Pools, Shape, collect, collect_message, sentence
from benchmarks.understanding.scene import Channel, Part, Scene, rounded

HELD_OUT: list[Shape] = []
shape = functools.partial(collect, HELD_OUT)
message_shape = functools.partial(collect_message, HELD_OUT)


@shape("V-H-D5", "data", "a markdown table with a cost column and a total row")
def table_with_total(s: Scene) -> Part:
    noun = s.outcome.name if s.outcome.money else s.outcome.forms[0]
    ratio_header = "ROAS" if s.outcome.money else f"Cost per {s.singular()}"
    rows = [f"| Channel | Spend | {sentence(noun)} | {ratio_header} |", "|---|---:|---:|---:|"]
    for c in s.channels:
        ratio = (
            f"{c.outcome / c.spend:g}x"
            if s.outcome.money
            else s.marked_money(round(c.spend / c.outcome))
        )
        rows.append(
            f"| {s.name(c, start=True)} | {s.money(c.spend)} | {outcome_figure(s, c)} | {ratio} |"
        )
    total_outcome = sum(c.outcome for c in s.channels)
    figure = s.money(total_outcome) if s.outcome.money else s.count(total_outcome)
    rows.append(f"| {s.choose('Total', '**Total**')} | {s.money(s.total_spend)} | {figure} | |")
    head = heading(s)
    table = "\n".join(rows)
    return data(s, f"{head}\n\n{table}" if head else table, block=True)


@shape("V-H-D9", "data", "spend inside parentheses: 'LinkedIn (250k spend) delivered 410 SQLs'")
def spend_in_parentheses(s: Scene) -> Part:
    sentences = []
    for c in s.channels:
        n, m, r = s.name(c), s.money(c.spend), s.result(c)
        sentences.append(
            sentence(
                s.choose(
                    f"{n} ({m} spend) delivered {r}.",
                    f"{n} (spent {m}) brought in {r}.",
                    f"{n} ({m}) came in at {r}.",
                )
            )
        )
    lead = f"{sentence(s.past[0])}: " if s.past[0] else ""
    return data(s, lead + " ".join(sentences), block=False)


@shape(
    "V-H-D13", "data", "a reference in the next sentence: 'We gave X $250K. It returned 410 SQLs.'"
)
def gave_then_returned(s: Scene) -> Part:
    sentences = []
    for c in s.channels:
        n, m, r = s.name(c), s.money(c.spend), s.result(c)
        it = pronoun(c)
        subject = "They" if it == "them" else "It"
        sentences.append(
            s.choose(
                f"We gave {n} {m}. {subject} returned {r}.",
                f"{sentence(n)} had {m} to spend. That turned into {r}.",
                f"{m} on {n} — {it.replace('them', 'they')} made {r} out of it.",
            )
        )
    lead = f"{sentence(s.past[0])}: " if s.past[0] else ""
    return data(s, lead + " ".join(sentences), block=False)


_WORD_AMOUNTS = {
    100_000: ("a hundred grand", "one hundred thousand dollars"),
    200_000: ("two hundred thousand", "200 grand"),
    250_000: ("a quarter million", "a quarter of a million"),
    300_000: ("three hundred grand", "three hundred thousand"),
    500_000: ("half a million", "half a mil"),
    750_000: ("three quarters of a million",),
    1_000_000: ("a million", "one million"),
    1_500_000: ("a million and a half", "one and a half million"),
}


@shape("V-H-D15", "data", "amounts in words: 'a quarter million on LinkedIn for 410 SQLs'")
def words(s: Scene) -> Part:
    amounts = list(_WORD_AMOUNTS)
    s.channels[:] = [
        Channel(c.name, c.channel_type, s.rng.choice(amounts), c.outcome) for c in s.channels
    ]
    items = []
    for c in s.channels:
        spend = s.rng.choice(_WORD_AMOUNTS[int(c.spend)])
        items.append(f"{spend} on {s.name(c)} for {s.result(c)}")
    lead = s.choose("We spent ", "Roughly: ", "We put ")
    text = f"{sentence(s.past[0])}, " + lead.casefold() if s.past[0] else lead
    return data(s, text + ", ".join(items[:-1]) + " and " + items[-1] + ".", block=False)


@shape("V-H-B3", "budget", "run rates: '$400K a month', 'annual budget of $6M', '$150K/mo'")
def run_rate(s: Scene) -> Part:
    if s.rng.random() < 0.6:
        budget = rounded(s.total_spend / 3 * s.rng.uniform(0.8, 1.3), 10_000)
        m = s.money(budget)
        text = s.choose(
            f"Going forward we can spend {m} a month.",
            f"Budget is {m} per month.",
            f"Run rate for paid is {m}/month.",
        )
        weeks = 4
    else:
        budget = rounded(s.total_spend * 4 * s.rng.uniform(0.8, 1.3), 100_000)
        m = s.money(budget)
        text = s.choose(f"We have an annual budget of {m}.", f"Budget is {m} per year.")
        weeks = 52
    return Part(text, budget=budget, budget_weeks=weeks, future_weeks=weeks)


@shape("V-H-R3", "rule", "caps on shares: 'X shouldn't be more than a quarter of the total'")
def share_caps(s: Scene) -> Part:
    (c,) = s.pick()
    share = s.rng.choice((0.2, 0.25, 0.3, 0.4))
    p, n = s.share(share), s.name(c)
    text = s.choose(
        f"{sentence(n)} shouldn't be more than {p} of the total.",
        f"Keep {n} under {p} of spend.",
        f"Max {s.share(share, words=False)} to {n}.",
        f"{sentence(n)} at most {p} of the mix.",
    )
    return Part(text, rules=[Rule.of("cap", [c.name], amount=share, share=True)])


@shape("V-H-R7", "rule", "ranges: 'X anywhere from $100K to $300K', 'floor ..., ceiling ...'")
def ranges(s: Scene) -> Part:
    (c,) = s.pick()
    low, high = below(s, c), above(s, c)
    lo, hi, n = s.money(low), s.money(high), s.name(c)
    text = s.choose(
        f"{sentence(n)} anywhere from {lo} to {hi}.",
        f"{sentence(n)} should land in the {lo}–{hi} range.",
        f"Somewhere in {lo} to {hi} for {n}.",
        f"{sentence(n)}: floor {lo}, ceiling {hi}.",
    )
    return Part(
        text, rules=[Rule.of("floor", [c.name], amount=low), Rule.of("cap", [c.name], amount=high)]
    )


@shape("V-H-R10", "rule", "references: 'Don't go under $100K on it', 'keep both as they are'")
def references(s: Scene) -> Part:
    form = s.rng.randrange(4)
    if form == 1 and len(s.channels) >= 2:
        one, two = s.pick(2)
        names = f"{sentence(s.name(one))} and {s.name(two)}"
        text = f"{names} are both contractual, keep both as they are."
        return Part(text, rules=[Rule.of("lock", [one.name]), Rule.of("lock", [two.name])])
    (c,) = s.pick()
    n = s.name(c)
    if form == 2:
        amount = rounded(c.spend, 10_000)
        return Part(
            f"We just renewed {n}, so that one stays at {s.money(amount)}.",
            rules=[Rule.of("fix", [c.name], amount=amount)],
        )
    amount = below(s, c)
    a = s.money(amount)
    text = s.choose(
        f"{sentence(n)} is a must-have. Don't go under {a} on {pronoun(c)}.",
        f"{sentence(n)} is a big bet this year — give {pronoun(c)} at least {a}.",
    )
    return Part(text, rules=[Rule.of("floor", [c.name], amount=amount)])


@shape("V-H-O2", "objective", "target cost per result: 'we need cost per MQL below $150'",
       fits=counted)  # fmt: skip
def target_cost(s: Scene) -> Part:
    value = s.rng.choice((50, 80, 120, 150, 200, 300, 450, 900))
    v, one = s.marked_money(value), s.singular()
    text = s.choose(
        f"We need cost per {one} below {v}.",
        f"{sentence(one)} cost target: {v}.",
        f"Keep us at or under {v} per {one}.",
        f"Our CAC ceiling is {v}.",
    )
    return Part(text, objective=ObjectiveReading("volume_at_cac", float(value)))


@shape(
    "V-H-C3", "curve", "saturation said with a reference: 'spending past $300K there barely helps'"
)
def tapped_out(s: Scene) -> Part:
    (c,) = s.pick()
    amount = rounded(c.spend * s.rng.uniform(1.1, 2.0), 10_000)
    a, n = s.money(amount), s.name(c)
    text = s.choose(
        f"{sentence(n)} is tapped out — spending past {a} there barely helps.",
        f"Past {a}, {n} stops paying back.",
        f"Don't expect much from {n} beyond {a}; it saturates.",
    )
    return Part(text, curve=[CurveKnowledge.of(c.name, amount, "flattens_past")])


@message_shape("V-H-M4", "one run-on lower-case Slack message: figures, budget and a rule")
def slack_run_on(s: Scene, pools: Pools) -> list[Part]:
    figures = pools.part("data", s)
    for _ in range(30):  # a table flattened onto one line is not something people send
        if not figures.block:
            break
        figures = pools.part("data", s)
    pieces = [figures, pools.part("budget", s), pools.part("rule", s)]
    joiner = s.choose(" also ", " and ", ", ")
    text = joiner.join(p.text.rstrip(".") for p in pieces).replace("\n", " ").casefold()
    first, budget, rule = pieces
    return [
        Part(
            f"{s.choose('hey ', 'yo ', '')}{text}",
            channels=True,
            period=first.period,
            budget=budget.budget,
            budget_weeks=budget.budget_weeks,
            future_weeks=budget.future_weeks,
            rules=rule.rules,
        )
    ]
