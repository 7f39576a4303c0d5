"""Blind-v4 whole-message shapes: emails, briefs, Slack threads and follow-ups."""

from __future__ import annotations

import random

from benchmarks.understanding.blind_v4.registry import Draft, shape
from benchmarks.understanding.blind_v4.scene import Scene
from benchmarks.understanding.blind_v4.shapes_plan import BUDGETS
from benchmarks.understanding.blind_v4.vocab import amount_choice, cap, percent_text
from benchmarks.understanding.reading import ChannelFigures, ObjectiveReading, Reading, Rule


@shape("M01", "message", "an email to the agency: table, budget, a floor, the goal")
def agency_email(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(4, 6))
    budget = rng.choice(BUDGETS)
    name = rng.choice(s.texts)
    floor = amount_choice(rng, 50_000, 300_000)
    rows = [f"| {n} | {s.m(s.spend[n])} | {s.results[n]:,} |" for n in s.texts]
    text = "\n".join(
        [
            f"Subject: Q1 media plan, {s.noun} focus",
            "",
            rng.choice(("Hi Sam,", "Hi all,", "Hello team,")),
            "",
            "Here's how last quarter went:",
            "",
            f"| Channel | Spend | {s.noun} |",
            "|---|---|---|",
            *rows,
            "",
            f"For next quarter the budget is {s.m(budget)}. We need to keep at least "
            f"{s.m(floor)} in {name} (contract). Please plan for maximum {s.noun}.",
            "",
            rng.choice(("Thanks,\nAlex", "Best,\nJordan", "Cheers\nM.")),
        ]
    )
    expected = s.data_reading(
        budget=budget,
        budget_period_weeks=13,
        rules=frozenset([Rule.of("floor", [name], amount=floor)]),
        objective=ObjectiveReading("volume"),
    )
    return Draft(text, expected)


@shape("M02", "message", "a Slack thread: figures from one person, budget and a cap from another")
def slack_thread(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 5))
    budget = rng.choice(BUDGETS)
    name = rng.choice(s.texts)
    limit = amount_choice(rng, 100_000, 500_000)
    pairs = ", ".join(f"{n.casefold()} {s.m(s.spend[n])} / {s.c(s.results[n])}" for n in s.texts)
    lines = [
        f"priya  9:14 AM\nlast q spend / {s.noun}: {pairs}",
        f"sam  9:16 AM\nnice. budget for next q is {s.m(budget)}",
        f"sam  9:17 AM\nand {name.casefold()} can't go over {s.m(limit)}, legal flagged it",
        "priya  9:18 AM\n:+1:",
    ]
    expected = s.data_reading(
        budget=budget,
        budget_period_weeks=13,
        rules=frozenset([Rule.of("cap", [name], amount=limit)]),
    )
    return Draft("\n".join(lines), expected)


@shape("M03", "message", "a brief with headed sections: background, budget, constraints, goal")
def brief(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(4, 6))
    budget = rng.choice(BUDGETS)
    locked, capped = rng.sample(s.texts, 2)
    share = rng.choice((0.2, 0.25, 0.3))
    value = rng.choice((100, 150, 200, 250, 300, 400))
    lines = ["BACKGROUND", "Last quarter:"]
    lines += [f"* {n}: {s.m(s.spend[n])}, {s.c(s.results[n])} {s.noun}" for n in s.texts]
    lines += [
        "",
        "BUDGET",
        f"{s.m(budget)} for next quarter.",
        "",
        "CONSTRAINTS",
        f"* {locked}: leave as is",
        f"* {capped}: no more than {percent_text(share, rng)} of the budget",
        "",
        "GOAL",
        f"Maximise profit; each {s.singular} is worth {s.small(value)}.",
    ]
    expected = s.data_reading(
        budget=budget,
        budget_period_weeks=13,
        rules=frozenset(
            [Rule.of("lock", [locked]), Rule.of("cap", [capped], amount=share, share=True)]
        ),
        objective=ObjectiveReading("profit", float(value)),
    )
    return Draft("\n".join(lines), expected)


@shape("M04", "message", "a follow-up with two rules on the session's channels")
def follow_up_rules(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 6))
    capped, locked = rng.sample(s.texts, 2)
    limit = amount_choice(rng, 100_000, 500_000)
    c, k, a = s.mention(capped), s.mention(locked), s.m(limit)
    text = rng.choice(
        (
            f"ok, now cap {c} at {a} and keep {k} where it is",
            f"Two changes: {k} stays as is, and {c} gets {a} at most.",
            f"Can you redo it with {c} no higher than {a}? Also don't touch {k}.",
        )
    )
    rules = frozenset([Rule.of("cap", [capped], amount=limit), Rule.of("lock", [locked])])
    return Draft(text, s.follow_up_reading(rules=rules), s.known())


@shape("M05", "message", "a follow-up whose rule refers back with 'it' or 'there'")
def pronoun_rule(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 6))
    name = rng.choice(s.texts)
    amount = amount_choice(rng, 50_000, 400_000)
    n, a = s.mention(name), s.m(amount)
    text, rule = rng.choice(
        (
            (
                f"{cap(n)} looks high to me. Keep it under {a}.",
                Rule.of("cap", [name], amount=amount),
            ),
            (f"What about {n}? Put at least {a} there.", Rule.of("floor", [name], amount=amount)),
            (
                f"I like {n}, but it shouldn't get more than {a}.",
                Rule.of("cap", [name], amount=amount),
            ),
        )
    )
    return Draft(text, s.follow_up_reading(rules=frozenset([rule])), s.known())


@shape("M06", "message", "a follow-up fixing two committed channels at one amount each")
def both_fixed(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 6))
    pair = rng.sample(s.texts, 2)
    amount = amount_choice(rng, 50_000, 300_000)
    while any(s.spend[n] == amount for n in pair):
        amount += 10_000
    a, b = (s.mention(n) for n in pair)
    text = rng.choice(
        (
            f"{cap(a)} and {b} are both contracted, fixed at {s.m(amount)} each.",
            f"Heads up: {a} and {b} are each locked in at {s.m(amount)}.",
        )
    )
    rules = frozenset(Rule.of("fix", [n], amount=amount) for n in pair)
    return Draft(text, s.follow_up_reading(rules=rules), s.known())


@shape("M07", "message", "the long CMO paragraph: budget, channels with CAC, goal and a floor")
def cmo_paragraph(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(4, 6))
    budget = rng.choice(BUDGETS)
    name = rng.choice(s.texts)
    floor = amount_choice(rng, 50_000, 300_000)
    facts = " ".join(
        f"{n}: {s.m(s.spend[n])} spent, {s.c(s.results[n])} {s.noun}, {s.symbol}{s.cac(n)} CAC."
        for n in s.texts
    )
    text = (
        f"I'm planning next quarter's marketing budget of {s.m(budget)} across {len(s.texts)} "
        f"channels. Based on last quarter's data: {facts} Our goal is maximizing {s.noun} while "
        f"keeping at least {s.m(floor)} in {name.casefold()}."
    )
    expected = s.data_reading(
        budget=budget,
        budget_period_weeks=13,
        rules=frozenset([Rule.of("floor", [name], amount=floor)]),
        objective=ObjectiveReading("volume"),
    )
    return Draft(text, expected)


@shape("M08", "message", "a follow-up correcting one channel's spend and outcome")
def correction(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 6))
    name = rng.choice(s.texts)
    kind = next(n.channel_type for n in s.names if n.text == name)
    spend = s.spend[name] + amount_choice(rng, 10_000, 100_000)
    result = s.results[name] + max(1, s.results[name] // 10)
    text = rng.choice(
        (
            f"Correction: {s.mention(name)} was actually {s.m(spend)} and {s.c(result)} {s.noun}.",
            f"Sorry, I had {s.mention(name)} wrong. It spent {s.m(spend)} for "
            f"{s.c(result)} {s.noun}.",
        )
    )
    figures = frozenset([ChannelFigures.of(name, kind, spend, result, s.outcome)])
    expected = Reading(channels=figures, period_weeks=13, currency=s.currency)
    return Draft(text, expected, s.known())


@shape("M09", "message", "a follow-up adding a channel the session does not have")
def new_channel(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(4, 6))
    added = s.names[-1]
    s.names = s.names[:-1]
    spend, result = s.spend[added.text], s.results[added.text]
    text = rng.choice(
        (
            f"Forgot one: {added.text}, {s.m(spend)}, {s.c(result)} {s.noun}.",
            f"Also add {added.text}: we spent {s.m(spend)} there last quarter and got "
            f"{s.c(result)} {s.noun}.",
        )
    )
    figures = frozenset(
        [ChannelFigures.of(added.text, added.channel_type, spend, result, s.outcome)]
    )
    expected = Reading(channels=figures, period_weeks=13, currency=s.currency)
    return Draft(text, expected, s.known())
