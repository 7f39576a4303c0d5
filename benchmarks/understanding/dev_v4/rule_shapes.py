"""v4 development shapes: rules, locks, objectives and curve knowledge (keys D4-R<n>)."""

from __future__ import annotations

import functools

from benchmarks.understanding.dev_v3.common import above, below, counted
from benchmarks.understanding.reading import CurveKnowledge, ObjectiveReading, Rule
from benchmarks.understanding.registry import Shape, collect, collect_message, sentence
from benchmarks.understanding.scene import Part, Scene, rounded

SHAPES: list[Shape] = []
shape = functools.partial(collect, SHAPES)
message_shape = functools.partial(collect_message, SHAPES)


@shape("D4-R1", "rule", "minimum commitments: 'we're committed to a minimum of $X with Y'")
def minimum_commitment(s: Scene) -> Part:
    (c,) = s.pick()
    amount = below(s, c)
    a, n = s.money(amount), s.name(c)
    text = s.choose(
        f"We're committed to a minimum of {a} with {n}.",
        f"There's a minimum commitment of {a} on {n}.",
        f"Our {n} deal has a {a} minimum spend.",
        f"{sentence(n)} comes with a minimum commitment of {a}.",
        f"Contractually we owe {n} at least {a}.",
    )
    return Part(text, rules=[Rule.of("floor", [c.name], amount=amount)])


@shape("D4-R2", "rule", "a ceiling named as such: 'hard ceiling of $300K on X'")
def named_ceiling(s: Scene) -> Part:
    (c,) = s.pick()
    amount = above(s, c)
    a, n = s.money(amount), s.name(c)
    text = s.choose(
        f"Hard ceiling of {a} on {n}.",
        f"{sentence(n)} has a ceiling of {a}.",
        f"There is an upper limit of {a} for {n}.",
        f"Put a {a} ceiling on {n}.",
        f"The most we'd put into {n} is {a}.",
        f"{sentence(n)} tops out at {a}, that's the limit.",
    )
    return Part(text, rules=[Rule.of("cap", [c.name], amount=amount)])


@shape("D4-R3", "rule", "a floor as a share: 'at least a quarter of the money to X'")
def share_floor(s: Scene) -> Part:
    (c,) = s.pick()
    share = s.rng.choice((0.1, 0.2, 0.25, 0.3))
    p, n = s.share(share), s.name(c)
    text = s.choose(
        f"At least {p} of the money should go to {n}.",
        f"{sentence(n)} needs {p} of the budget or more.",
        f"No less than {p} of spend on {n}.",
        f"Make sure {n} gets at least {p} of the total.",
        f"{sentence(n)} can't drop below {p} of the budget.",
    )
    return Part(text, rules=[Rule.of("floor", [c.name], amount=share, share=True)])


@shape("D4-R4", "rule", "a fixed amount in other words: 'X is a done deal at $Y'")
def fixed_amount(s: Scene) -> Part:
    (c,) = s.pick()
    amount = rounded(c.spend * s.rng.uniform(0.7, 1.2), 10_000)
    a, n = s.money(amount), s.name(c)
    text = s.choose(
        f"{sentence(n)} is a done deal at {a}.",
        f"{sentence(n)} is locked in at {a}.",
        f"We signed for {a} of {n} already.",
        f"{sentence(n)} is set in stone at {a}.",
        f"{sentence(n)} stays at exactly {a}.",
        f"{sentence(n)} has to be exactly {a}.",
    )
    return Part(text, rules=[Rule.of("fix", [c.name], amount=amount)])


@shape("D4-R5", "rule", "freeze with a reason: 'leave X alone, it's mid-flight'")
def freeze_with_reason(s: Scene) -> Part:
    (c,) = s.pick()
    n = s.name(c)
    text = s.choose(
        f"{sentence(n)} is mid-flight, so leave it untouched.",
        f"Leave {n} alone, the campaign is still running.",
        f"Don't touch {n} — we're halfway through a test.",
        f"Keep {n} where it is since the contract runs to year end.",
        f"{sentence(n)} stays as it is because legal signed off on it.",
        f"Freeze {n}; it's mid-flight.",
    )
    return Part(text, rules=[Rule.of("lock", [c.name])])


@shape("D4-R6", "rule", "three channels 'between them': 'X, Y and Z can't top $Y between them'",
       fits=lambda s: len(s.channels) >= 3)  # fmt: skip
def three_together(s: Scene) -> Part:
    one, two, three = s.pick(3)
    amount = rounded((one.spend + two.spend + three.spend) * s.rng.uniform(0.8, 1.2), 10_000)
    a = s.money(amount)
    n1, n2, n3 = s.name(one), s.name(two), s.name(three)
    text = s.choose(
        f"{sentence(n1)}, {n2} and {n3} can't go over {a} between them.",
        f"Between them, {n1}, {n2} and {n3} get no more than {a}.",
        f"Cap {n1}, {n2} and {n3} at {a} combined.",
        f"{sentence(n1)}, {n2} and {n3} together should stay under {a}.",
    )
    rule = Rule.of("cap", [one.name, two.name, three.name], amount=amount, together=True)
    return Part(text, rules=[rule])


@shape("D4-R7", "rule", "a limit on one channel's cut or growth: 'don't cut X by more than 20%'")
def one_channel_change(s: Scene) -> Part:
    (c,) = s.pick()
    limit = s.rng.choice((0.1, 0.2, 0.25, 0.3))
    p, n = s.share(limit, words=False), s.name(c)
    if s.rng.random() < 0.5:
        text = s.choose(
            f"Don't cut {n} by more than {p}.",
            f"{sentence(n)} can't shrink more than {p}.",
            f"Any cut to {n} has to stay within {p}.",
        )
        return Part(text, rules=[Rule.of("max_cut", [c.name], amount=limit, share=True)])
    text = s.choose(
        f"Don't grow {n} by more than {p}.",
        f"{sentence(n)} can't go up more than {p}.",
        f"Increase {n} by {p} at most.",
    )
    return Part(text, rules=[Rule.of("max_growth", [c.name], amount=limit, share=True)])


@shape("D4-R8", "rule", "global limits on cuts/growth: 'nothing should more than double'")
def global_change(s: Scene) -> Part:
    if s.rng.random() < 0.5:
        growth = s.rng.choice((1.0, 0.5))
        if growth == 1.0:
            text = s.choose(
                "Nothing should more than double.",
                "No channel gets more than twice what it has now.",
                "Don't let any line more than double.",
            )
        else:
            text = s.choose(
                "No channel should grow by more than half.",
                "Nothing goes up more than 50%.",
            )
        return Part(text, rules=[Rule.of("max_growth", amount=growth, share=True)])
    cut = s.rng.choice((1 / 3, 0.5, 0.25))
    words = {1 / 3: "a third", 0.5: "half", 0.25: "a quarter"}[cut]
    text = s.choose(
        f"No line loses more than {words} of its budget.",
        f"Don't cut anything by more than {words}.",
        f"No channel should be cut by over {s.share(cut, words=False)}.",
    )
    return Part(text, rules=[Rule.of("max_cut", amount=cut, share=True)])


@shape("D4-R9", "rule", "pausing: 'pause X', 'X is off the table' (a cap of 0)")
def pausing(s: Scene) -> Part:
    (c,) = s.pick()
    n = s.name(c)
    text = s.choose(
        f"Pause {n}.",
        f"{sentence(n)} is off the table.",
        f"We're pausing {n} next quarter.",
        f"{sentence(n)} is going dark.",
        f"Take {n} to zero.",
        f"{sentence(n)} gets nothing this time.",
    )
    return Part(text, rules=[Rule.of("cap", [c.name], amount=0)])


@shape("D4-R10", "rule", "floor and cap in other words: 'at least $100K but under $300K on X'")
def floor_and_cap(s: Scene) -> Part:
    (c,) = s.pick()
    low, high = below(s, c), above(s, c)
    lo, hi, n = s.money(low), s.money(high), s.name(c)
    text = s.choose(
        f"{sentence(n)} needs at least {lo} but under {hi}.",
        f"Keep {n} somewhere from {lo} to {hi}.",
        f"{sentence(n)}: no less than {lo}, no more than {hi}.",
        f"Anywhere between {lo} and {hi} for {n} is fine.",
        f"{sentence(n)} should sit in the {lo}-{hi} range.",
    )
    rules = [Rule.of("floor", [c.name], amount=low), Rule.of("cap", [c.name], amount=high)]
    return Part(text, rules=rules)


@shape("D4-R11", "rule", "an exact share: 'X gets exactly 20% of the budget'")
def exact_share(s: Scene) -> Part:
    (c,) = s.pick()
    share = s.rng.choice((0.1, 0.15, 0.2, 0.25))
    p, n = s.share(share), s.name(c)
    text = s.choose(
        f"{sentence(n)} gets exactly {p} of the budget.",
        f"Fix {n} at {p} of spend.",
        f"{sentence(n)} should be precisely {p} of the total.",
    )
    return Part(text, rules=[Rule.of("fix", [c.name], amount=share, share=True)])


@shape("D4-R12", "rule", "a floor for every channel: 'no channel gets less than $20K'")
def every_floor(s: Scene) -> Part:
    amount = s.rng.randrange(1, 5) * 10_000
    a = s.money(amount)
    text = s.choose(
        f"No channel gets less than {a}.",
        f"Every line keeps at least {a}.",
        f"Each channel should get {a} minimum.",
        f"Give every channel at least {a}.",
    )
    return Part(text, rules=[Rule.of("floor", amount=amount)])


@shape("D4-R13", "rule", "a floor on 'it' after praise: 'we love X. Give it at least $Y.'")
def floor_on_it(s: Scene) -> Part:
    (c,) = s.pick()
    amount = below(s, c)
    a, n = s.money(amount), s.name(c)
    praise = s.choose(
        f"We love {n}.", f"{sentence(n)} has been great for us.", f"The team swears by {n}."
    )
    ask = s.choose(
        f"Give it at least {a}.", f"Keep it at {a} or more.", f"It should get no less than {a}."
    )
    return Part(f"{praise} {ask}", rules=[Rule.of("floor", [c.name], amount=amount)])


@shape("D4-R14", "objective", "an affordable cost per result: 'we can pay up to $X per demo'",
       fits=counted)  # fmt: skip
def affordable_cost(s: Scene) -> Part:
    value = s.rng.choice((50, 120, 250, 400, 900))
    v, one = s.marked_money(value), s.singular()
    text = s.choose(
        f"We can pay up to {v} per {one}.",
        f"Anything under {v} a {one} is affordable.",
        f"Max we'd pay for each {one} is {v}.",
        f"Get as many {one}s as possible while keeping cost per {one} at or below {v}.",
    )
    return Part(text, objective=ObjectiveReading("volume_at_cac", float(value)))


@shape("D4-R15", "objective", "money made per result: 'we make $X on every SQL'", fits=counted)
def money_per_result(s: Scene) -> Part:
    value = s.rng.choice((150, 300, 600, 1_200, 2_500))
    v, one = s.marked_money(value), s.singular()
    text = s.choose(
        f"We make {v} on every {one}.",
        f"Every {one} brings in {v} for us.",
        f"Each {one} nets us around {v}.",
        f"An average {one} is worth {v} in margin.",
    )
    return Part(text, objective=ObjectiveReading("profit", float(value)))


@shape("D4-R16", "objective", "a number to land: 'we have to land 3,000 MQLs'", fits=counted)
def number_to_land(s: Scene) -> Part:
    target = rounded(sum(c.outcome for c in s.channels) * s.rng.uniform(1.0, 1.3), 100)
    t, noun = s.count(target), s.noun()
    text = s.choose(
        f"We have to land {t} {noun}, and spend as little as we can doing it.",
        f"The number to hit is {t} {noun} at the lowest cost.",
        f"Reach {t} {noun} with the smallest spend possible.",
    )
    return Part(text, objective=ObjectiveReading("spend_for_volume", float(target)))


@shape("D4-R17", "objective", "squeeze out the most: 'squeeze out as many SQLs as we can'")
def squeeze(s: Scene) -> Part:
    noun = s.outcome.name if s.outcome.money else s.noun()
    text = s.choose(
        f"Squeeze out as many {noun} as we can.",
        f"We want to squeeze the most {noun} out of this.",
        f"Wring every last bit of {noun} out of the budget.",
        f"Maximise {noun}.",
    )
    return Part(text, objective=ObjectiveReading("volume"))


@shape("D4-R18", "curve", "flattening in other words: 'X flattens out once we go past $Y'")
def flattens(s: Scene) -> Part:
    (c,) = s.pick()
    amount = rounded(c.spend * s.rng.uniform(1.1, 2.0), 10_000)
    a, n = s.money(amount), s.name(c)
    text = s.choose(
        f"{sentence(n)} flattens out once we go past {a}.",
        f"{sentence(n)} stops scaling beyond {a}.",
        f"Past {a}, {n} plateaus.",
        f"Returns on {n} level off above {a}.",
    )
    return Part(text, curve=[CurveKnowledge.of(c.name, amount, "flattens_past")])


@shape("D4-R19", "curve", "half of the maximum effect at an amount: 'X gets half its max at $Y'")
def half_effect(s: Scene) -> Part:
    (c,) = s.pick()
    amount = rounded(c.spend * s.rng.uniform(0.8, 2.0), 10_000)
    a, n = s.money(amount), s.name(c)
    text = s.choose(
        f"{sentence(n)} gets half of its maximum effect at {a}.",
        f"At {a}, {n} delivers half its max impact.",
        f"{sentence(n)} is at 50% of its peak response by {a}.",
    )
    return Part(text, curve=[CurveKnowledge.of(c.name, amount, "half_saturation")])


@shape("D4-R20", "rule", "history, not a rule: 'Finance held X to $Y last quarter'")
def history_not_rule(s: Scene) -> Part:
    (c,) = s.pick()
    amount = rounded(c.spend, 10_000)
    a, n = s.money(amount), s.name(c)
    text = s.choose(
        f"Finance held {n} to {a} last quarter.",
        f"Last quarter we capped {n} at {a}.",
        f"Previously {n} was limited to {a}.",
    )
    return Part(text)
