"""Blind-v4 budget, change, rule, objective and curve shapes."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from benchmarks.understanding.blind_v4.registry import Draft, shape
from benchmarks.understanding.blind_v4.scene import Scene
from benchmarks.understanding.blind_v4.vocab import (
    SHARE_WORDS,
    amount_choice,
    cap,
    dress,
    percent_text,
)
from benchmarks.understanding.reading import (
    Ask,
    BudgetChangeReading,
    ChannelChangeReading,
    CurveKnowledge,
    ObjectiveReading,
    Reading,
    Rule,
    name_key,
)

BUDGETS = (500_000, 750_000, 1_000_000, 1_200_000, 1_500_000, 1_800_000, 2_000_000, 2_500_000)
NEXT_QUARTER = ("next quarter", "for Q1", "for the coming quarter", "for next qtr", "for Q4")


def _budget_sentence(s: Scene, amount: float) -> str:
    when = s.rng.choice(NEXT_QUARTER)
    return s.rng.choice(
        (
            f"Budget {when} is {s.m(amount)}.",
            f"We have {s.m(amount)} to spend {when}.",
            f"Total budget {when}: {s.m(amount)}.",
            f"Our envelope {when} is {s.m(amount)}.",
        )
    )


Build = Callable[..., Reading]


def _context(
    rng: random.Random, count: int, types: Sequence[str] = ()
) -> tuple[Scene, list[str], Build]:
    """Half the messages carry their figures, half are follow-ups on the session's channels."""
    s = Scene(rng, count, types)
    if rng.random() < 0.5:
        return s, ["\n".join(s.figure_lines())], s.data_reading
    return s, [], s.follow_up_reading


def _draft(s: Scene, parts: list[str], reading: Reading, *, with_figures: bool) -> Draft:
    text = dress(parts, s.rng, shuffle=False) if with_figures else dress(parts, s.rng)
    return Draft(text, reading, () if reading.channels else s.known())


def _rule_draft(
    rng: random.Random, count: int, sentences: Callable[[Scene], tuple[list[str], list[Rule]]],
    *, budget: bool = False, types: Sequence[str] = (),
) -> Draft:  # fmt: skip
    s, head, build = _context(rng, count, types)
    text, rules = sentences(s)
    parts = list(text)
    extra: dict[str, object] = {"rules": frozenset(rules)}
    if budget:
        amount = rng.choice(BUDGETS)
        parts.insert(rng.randrange(len(parts) + 1), _budget_sentence(s, amount))
        extra |= {"budget": amount, "budget_period_weeks": 13}
    return _draft(s, head + parts, build(**extra), with_figures=bool(head))


# --- budget ---------------------------------------------------------------------------------


@shape("B01", "budget", "a plain budget beside the figures, many notations")
def plain_budget(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 5))
    amount = rng.choice(BUDGETS)
    return Draft(
        dress(["\n".join(s.figure_lines()), _budget_sentence(s, amount)], rng, shuffle=False),
        s.data_reading(budget=amount, budget_period_weeks=13),
    )


@shape("B02", "budget", "a budget in words for a half or a year")
def words_budget(rng: random.Random) -> Draft:
    s = Scene(rng, 3)
    amount = rng.choice((1_000_000, 1_500_000, 2_000_000, 2_500_000, 3_000_000, 500_000, 750_000))
    phrase, weeks = rng.choice(
        (
            ("for H2", 26),
            ("for the second half", 26),
            ("for next year", 52),
            ("for the full year", 52),
        )
    )
    sentence = rng.choice(
        (
            f"{cap(phrase)} we've got {s.m(amount)} to work with.",
            f"Leadership approved {s.m(amount)} {phrase}.",
            f"The plan {phrase} has {s.m(amount)} behind it.",
        )
    )
    return Draft(
        dress([sentence], rng),
        s.follow_up_reading(budget=amount, budget_period_weeks=weeks),
        s.known(),
    )


@shape("B03", "budget", "a budget a percentage below or above what was spent")
def relative_budget(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 5))
    share = rng.choice((0.05, 0.1, 0.15, 0.2, 0.25))
    lower = rng.random() < 0.6
    word = (
        rng.choice(("lower", "less", "smaller"))
        if lower
        else rng.choice(("higher", "more", "bigger"))
    )
    plain = "less" if lower else "more"
    sentence = rng.choice(
        (
            f"Next quarter's budget is {percent_text(share, rng)} {word} than last quarter's "
            "spend.",
            f"Next quarter we get {percent_text(share, rng)} {plain} than we spent last quarter.",
        )
    )
    amount = round(s.total * (1 - share if lower else 1 + share))
    return Draft(
        dress(["\n".join(s.figure_lines()), sentence], rng, shuffle=False),
        s.data_reading(budget=amount, budget_period_weeks=13),
    )


@shape("B04", "budget", "a budget an amount below or above what was spent")
def delta_budget(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 5))
    delta = rng.choice((100_000, 150_000, 200_000, 250_000, 300_000, 500_000))
    more = rng.random() < 0.5
    sentence = rng.choice(
        (
            f"Finance is giving us {s.m(delta)} {'more' if more else 'less'} than last quarter "
            "for next quarter.",
            f"Next quarter the budget is last quarter's total {'plus' if more else 'minus'} "
            f"{s.m(delta)}.",
        )
    )
    amount = s.total + delta if more else s.total - delta
    return Draft(
        dress(["\n".join(s.figure_lines()), sentence], rng, shuffle=False),
        s.data_reading(budget=amount, budget_period_weeks=13),
    )


@shape("B05", "budget", "the same budget as last quarter's spend")
def flat_budget(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 5))
    sentence = rng.choice(
        (
            "Budget stays flat next quarter: same total as we spent last quarter.",
            "Next quarter we have exactly what we spent last quarter, no more.",
            "Same budget as last quarter for the next one.",
        )
    )
    return Draft(
        dress(["\n".join(s.figure_lines()), sentence], rng, shuffle=False),
        s.data_reading(budget=s.total, budget_period_weeks=13),
    )


@shape("B06", "budget", "a budget granted by someone: 'the CFO signed off on 1.8M for Q3'")
def granted_budget(rng: random.Random) -> Draft:
    s = Scene(rng, 3)
    amount = rng.choice(BUDGETS)
    who = rng.choice(("The CFO", "Finance", "The board", "Our CEO", "Leadership"))
    verb = rng.choice(("signed off on", "approved", "green-lit", "gave us"))
    when = rng.choice(("for Q3", "for next quarter", "for the coming quarter"))
    return Draft(
        dress([f"{who} {verb} {s.m(amount)} {when}."], rng),
        s.follow_up_reading(budget=amount, budget_period_weeks=13),
        s.known(),
    )


@shape("B07", "budget", "a monthly rate over a stated number of months")
def monthly_budget(rng: random.Random) -> Draft:
    s = Scene(rng, 3)
    monthly = rng.choice((200_000, 250_000, 300_000, 400_000, 500_000))
    months, weeks = rng.choice(((3, 13), (6, 26), (12, 52)))
    word = {3: "three", 6: "six", 12: "twelve"}[months]
    sentence = rng.choice(
        (
            f"We can spend {s.m(monthly)} a month over the next {word} months.",
            f"Budget is {s.m(monthly)}/month for the next {months} months.",
            f"For the next {word} months we have {s.m(monthly)} per month.",
        )
    )
    return Draft(
        dress([sentence], rng),
        s.follow_up_reading(budget=monthly * months, budget_period_weeks=weeks),
        s.known(),
    )


@shape("B08", "budget", "a budget over a stated number of weeks")
def weeks_budget(rng: random.Random) -> Draft:
    s = Scene(rng, 3)
    amount = rng.choice(BUDGETS)
    weeks = rng.choice((6, 8, 10, 13))
    sentence = rng.choice(
        (
            f"Plan {s.m(amount)} over the next {weeks} weeks.",
            f"We have {s.m(amount)} for a {weeks}-week push.",
            f"Budget: {s.m(amount)}, {weeks} weeks.",
        )
    )
    return Draft(
        dress([sentence], rng),
        s.follow_up_reading(budget=amount, budget_period_weeks=weeks),
        s.known(),
    )


# --- changes (what-ifs on the session's plan) ----------------------------------------------


def _what_if(rng: random.Random, write: Callable[[Scene], tuple[str, list[object]]]) -> Draft:
    s = Scene(rng, rng.randint(3, 6))
    text, changes = write(s)
    return Draft(
        dress([text], rng, filler=rng.random() < 0.5),
        s.follow_up_reading(changes=frozenset(changes)),
        s.known(),
    )


@shape("C01", "change", "the budget up or down by a percentage")
def budget_percent(rng: random.Random) -> Draft:
    def write(_: Scene) -> tuple[str, list[object]]:
        share = rng.choice((0.05, 0.1, 0.15, 0.2, 0.25, 0.3))
        down = rng.random() < 0.6
        p = percent_text(share, rng)
        text = rng.choice(
            (
                f"What if the budget drops {p}?" if down else f"What if the budget goes up {p}?",
                f"Run it again with {p} {'less' if down else 'more'} budget.",
                f"What happens if finance {'trims' if down else 'raises'} the budget by {p}?",
            )
        )
        return text, [BudgetChangeReading.of("relative", -share if down else share)]

    return _what_if(rng, write)


@shape("C02", "change", "a new total budget")
def budget_total(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[str, list[object]]:
        amount = rng.choice(BUDGETS)
        text = rng.choice(
            (
                f"What if we only had {s.m(amount)}?",
                f"How would the plan look at {s.m(amount)} instead?",
                f"Say the budget ends up being {s.m(amount)}, what changes?",
            )
        )
        return text, [BudgetChangeReading.of("new_total", amount)]

    return _what_if(rng, write)


@shape("C03", "change", "the budget up or down by an amount")
def budget_delta(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[str, list[object]]:
        delta = rng.choice((100_000, 200_000, 250_000, 300_000, 500_000))
        down = rng.random() < 0.5
        text = (
            rng.choice(
                (
                    f"Suppose finance cuts us by {s.m(delta)}.",
                    f"What if we lose {s.m(delta)} of budget?",
                    f"what happens with {s.m(delta)} less?",
                )
            )
            if down
            else rng.choice(
                (
                    f"What if we got another {s.m(delta)}?",
                    f"Suppose we add {s.m(delta)} to the budget.",
                    f"what would an extra {s.m(delta)} buy us?",
                )
            )
        )
        return text, [BudgetChangeReading.of("delta", -delta if down else delta)]

    return _what_if(rng, write)


@shape("C04", "change", "the budget doubled or halved, in words")
def budget_words(rng: random.Random) -> Draft:
    def write(_: Scene) -> tuple[str, list[object]]:
        text, value = rng.choice(
            (
                ("What if the budget were doubled?", 1.0),
                ("What if we had twice the budget?", 1.0),
                ("Suppose the budget gets cut in half.", -0.5),
                ("what if we only had half the budget?", -0.5),
            )
        )
        return text, [BudgetChangeReading.of("relative", value)]

    return _what_if(rng, write)


@shape("C05", "change", "one channel cut or grown by a share")
def channel_relative(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[str, list[object]]:
        name = s.mention(rng.choice(s.texts))
        if rng.random() < 0.4:
            word, share = rng.choice([(w, v) for v, w in SHARE_WORDS.items() if v != 0.25])
            text = rng.choice(
                (f"What if we cut {name} by {word}?", f"Suppose {name} loses {word} of its spend.")
            )
            return text, [ChannelChangeReading.of(name, "relative", -share)]
        share = rng.choice((0.1, 0.2, 0.25, 0.3, 0.4))
        down = rng.random() < 0.5
        p = percent_text(share, rng)
        text = (
            rng.choice((f"What if we cut {name} by {p}?", f"what if {name} drops {p}?"))
            if down
            else rng.choice((f"What if {name} grew {p}?", f"Suppose we boost {name} by {p}."))
        )
        return text, [ChannelChangeReading.of(name, "relative", -share if down else share)]

    return _what_if(rng, write)


@shape("C06", "change", "one channel up or down by an amount")
def channel_delta(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[str, list[object]]:
        name = s.mention(rng.choice(s.texts))
        delta = amount_choice(rng, 20_000, 200_000)
        down = rng.random() < 0.5
        text = (
            rng.choice(
                (
                    f"What if {name} got {s.m(delta)} less?",
                    f"Suppose we take {s.m(delta)} away from {name}.",
                )
            )
            if down
            else rng.choice(
                (
                    f"What if {name} got {s.m(delta)} more?",
                    f"What if we gave {name} an extra {s.m(delta)}?",
                )
            )
        )
        return text, [ChannelChangeReading.of(name, "delta", -delta if down else delta)]

    return _what_if(rng, write)


@shape("C07", "change", "a move of an amount from one channel to another")
def channel_move(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[str, list[object]]:
        source, target = (s.mention(n) for n in rng.sample(s.texts, 2))
        delta = amount_choice(rng, 20_000, 200_000)
        text = rng.choice(
            (
                f"What if we moved {s.m(delta)} from {source} to {target}?",
                f"Suppose we shift {s.m(delta)} out of {source} and into {target}.",
                f"what happens if {target} takes {s.m(delta)} of {source}'s budget?",
            )
        )
        return text, [
            ChannelChangeReading.of(source, "delta", -delta),
            ChannelChangeReading.of(target, "delta", delta),
        ]

    return _what_if(rng, write)


@shape("C08", "change", "one channel dropped entirely")
def channel_drop(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[str, list[object]]:
        name = s.mention(rng.choice(s.texts))
        text = rng.choice(
            (
                f"Suppose we drop {name} entirely. What happens?",
                f"What if we killed {name} altogether?",
                f"what would happen if {name} went to zero?",
            )
        )
        return text, [ChannelChangeReading.of(name, "relative", -1.0)]

    return _what_if(rng, write)


# --- rules ----------------------------------------------------------------------------------


def _one(s: Scene) -> str:
    return s.rng.choice(s.texts)


@shape("R01", "rule", "a floor on one channel, many wordings (contract, upfront deal, at or above)")
def floor(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[list[str], list[Rule]]:
        name = _one(s)
        amount = amount_choice(rng, 50_000, 400_000)
        n, a = s.mention(name), s.m(amount)
        text = rng.choice(
            (
                f"Keep at least {a} in {n}.",
                f"{cap(n)} can't go below {a} because of our upfront deal.",
                f"{cap(n)} needs a minimum of {a}.",
                f"No less than {a} for {n}, please.",
                f"{cap(n)} has to stay at or above {a}.",
                f"Our {n} is contracted: keep at least {a} there.",
            )
        )
        return [text], [Rule.of("floor", [name], amount=amount)]

    return _rule_draft(rng, rng.randint(3, 5), write)


@shape("R02", "rule", "a cap on one channel, many wordings")
def cap_rule(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[list[str], list[Rule]]:
        name = _one(s)
        amount = amount_choice(rng, 50_000, 600_000)
        n, a = s.mention(name), s.m(amount)
        text = rng.choice(
            (
                f"No more than {a} on {n}.",
                f"Cap {n} at {a}.",
                f"{cap(n)} shouldn't exceed {a}.",
                f"Don't put more than {a} into {n}.",
                f"{a} is the ceiling for {n}.",
                f"{cap(n)}: {a} max.",
            )
        )
        return [text], [Rule.of("cap", [name], amount=amount)]

    return _rule_draft(rng, rng.randint(3, 5), write)


@shape("R03", "rule", "a range on one channel: a floor and a cap")
def between(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[list[str], list[Rule]]:
        name = _one(s)
        low = amount_choice(rng, 50_000, 300_000)
        high = low + amount_choice(rng, 50_000, 300_000)
        n, lo, hi = s.mention(name), s.m(low), s.m(high)
        text = rng.choice(
            (
                f"Keep {n} between {lo} and {hi}.",
                f"{cap(n)} should land somewhere from {lo} to {hi}.",
                f"{cap(n)}: min {lo}, max {hi}.",
                f"{cap(n)} no lower than {lo} and no higher than {hi}.",
            )
        )
        return [text], [Rule.of("floor", [name], amount=low), Rule.of("cap", [name], amount=high)]

    return _rule_draft(rng, rng.randint(3, 5), write)


@shape("R04", "rule", "a cap as a share of the budget, with the budget stated")
def share_cap(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[list[str], list[Rule]]:
        name = _one(s)
        n = s.mention(name)
        if rng.random() < 0.4:
            share = rng.choice((0.2, 0.25, 0.5, 0.3333))
            text = f"No more than {SHARE_WORDS[share]} of the budget on {n}."
        else:
            share = rng.choice((0.1, 0.15, 0.2, 0.25, 0.3, 0.4))
            text = rng.choice(
                (
                    f"{cap(n)} capped at {percent_text(share, rng)} of total spend.",
                    f"Don't let {n} go over {percent_text(share, rng)} of the budget.",
                )
            )
        return [text], [Rule.of("cap", [name], amount=share, share=True)]

    return _rule_draft(rng, rng.randint(3, 5), write, budget=True)


@shape("R05", "rule", "a floor as a share of the budget, with the budget stated")
def share_floor(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[list[str], list[Rule]]:
        name = _one(s)
        n = s.mention(name)
        share = rng.choice((0.1, 0.15, 0.2, 0.25, 0.3, 0.3333))
        words = SHARE_WORDS.get(share) if rng.random() < 0.4 else None
        p = words or ("a third" if share == 0.3333 else percent_text(share, rng))
        text = rng.choice(
            (
                f"At least {p} of the budget has to go to {n}.",
                f"{cap(n)} gets a minimum of {p} of spend.",
            )
        )
        return [text], [Rule.of("floor", [name], amount=share, share=True)]

    return _rule_draft(rng, rng.randint(3, 5), write, budget=True)


@shape("R06", "rule", "a booked or contracted amount: fixed at that amount")
def booked(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[list[str], list[Rule]]:
        name = _one(s)
        amount = amount_choice(rng, 50_000, 500_000)
        if amount == s.spend[name]:
            amount += 10_000
        n, a = s.mention(name), s.m(amount)
        text = rng.choice(
            (
                f"{cap(n)} is already booked at {a}, so that one is fixed.",
                f"We signed a {a} contract for {n}; that's non-negotiable.",
                f"{cap(n)} is locked in at {a}.",
                f"{cap(n)} stays at exactly {a}, it's committed.",
            )
        )
        return [text], [Rule.of("fix", [name], amount=amount)]

    return _rule_draft(rng, rng.randint(3, 5), write)


@shape("R07", "rule", "one or two channels kept at today's spend")
def locks(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[list[str], list[Rule]]:
        chosen = rng.sample(s.texts, rng.choice((1, 1, 2)))
        names = [s.mention(n) for n in chosen]
        if len(names) == 2:
            text = rng.choice(
                (
                    f"Don't touch {names[0]} or {names[1]}.",
                    f"Leave {names[0]} and {names[1]} as they are.",
                    f"{cap(names[0])} and {names[1]} stay where they are.",
                )
            )
        else:
            n = names[0]
            text = rng.choice(
                (
                    f"Don't touch {n}.",
                    f"Leave {n} as is.",
                    f"{cap(n)} stays where it is.",
                    f"Keep {n} at what it spends today.",
                    f"Hands off {n}.",
                )
            )
        return [text], [Rule.of("lock", [n]) for n in chosen]

    return _rule_draft(rng, rng.randint(3, 5), write)


@shape("R08", "rule", "a cap on two channels together")
def group_cap(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[list[str], list[Rule]]:
        pair = rng.sample(s.texts, 2)
        a, b = (s.mention(n) for n in pair)
        amount = amount_choice(rng, 200_000, 900_000, 50_000)
        m = s.m(amount)
        text = rng.choice(
            (
                f"{cap(a)} and {b} together at most {m}.",
                f"Combined, {a} + {b} shouldn't go over {m}.",
                f"Cap {a} and {b} at {m} combined.",
                f"No more than {m} across {a} and {b} in total.",
            )
        )
        return [text], [Rule.of("cap", pair, amount=amount, together=True)]

    return _rule_draft(rng, rng.randint(3, 5), write)


@shape("R09", "rule", "a floor on two channels together as a share of the budget")
def group_floor(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[list[str], list[Rule]]:
        pair = rng.sample(s.texts, 2)
        a, b = (s.mention(n) for n in pair)
        share = rng.choice((0.3, 0.4, 0.5, 0.6))
        p = "half" if share == 0.5 and rng.random() < 0.5 else percent_text(share, rng)
        text = rng.choice(
            (
                f"At least {p} of the budget across {a} and {b} combined.",
                f"{cap(a)} and {b} together need {p} of the budget or more.",
            )
        )
        return [text], [Rule.of("floor", pair, amount=share, share=True, together=True)]

    return _rule_draft(rng, rng.randint(3, 5), write, budget=True)


@shape("R10", "rule", "a change limit on every channel, both ways")
def every_change(rng: random.Random) -> Draft:
    def write(_: Scene) -> tuple[list[str], list[Rule]]:
        share = rng.choice((0.1, 0.15, 0.2, 0.25, 0.3))
        p = percent_text(share, rng)
        text = rng.choice(
            (
                f"No channel should move more than {p} from where it is today.",
                f"Keep every channel within {p} of current spend.",
                f"Limit changes to +/- {p} per channel.",
                f"Nothing moves by more than {p} either way.",
            )
        )
        return [text], [Rule.of("max_change", [], amount=share, share=True)]

    return _rule_draft(rng, rng.randint(3, 5), write)


@shape("R11", "rule", "one-sided change limits on one channel or every channel")
def one_sided(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[list[str], list[Rule]]:
        name = _one(s)
        n = s.mention(name)
        share = rng.choice((0.1, 0.2, 0.25, 0.3, 0.5))
        p = percent_text(share, rng)
        options: list[tuple[str, Rule]] = [
            (
                f"Don't cut {n} by more than {p}.",
                Rule.of("max_cut", [name], amount=share, share=True),
            ),
            (
                f"{cap(n)} can grow at most {p}.",
                Rule.of("max_growth", [name], amount=share, share=True),
            ),
            (
                "Don't cut anything by more than half.",
                Rule.of("max_cut", [], amount=0.5, share=True),
            ),
            ("Nothing should more than double.", Rule.of("max_growth", [], amount=1.0, share=True)),
            (
                f"No channel grows more than {p}.",
                Rule.of("max_growth", [], amount=share, share=True),
            ),
        ]
        text, rule = rng.choice(options)
        return [text], [rule]

    return _rule_draft(rng, rng.randint(3, 5), write)


@shape("R12", "rule", "a channel paused or dropped from the plan: a cap of zero")
def paused(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[list[str], list[Rule]]:
        name = _one(s)
        n = s.mention(name)
        text = rng.choice(
            (
                f"Pause {n} next quarter.",
                f"Drop {n} from the plan.",
                f"Zero budget for {n} going forward.",
                f"We're killing {n}, so nothing there.",
            )
        )
        return [text], [Rule.of("cap", [name], amount=0)]

    return _rule_draft(rng, rng.randint(3, 5), write)


@shape("R13", "rule", "a limit on every channel: a floor in money or a cap as a share")
def every_channel(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[list[str], list[Rule]]:
        if rng.random() < 0.5:
            amount = amount_choice(rng, 20_000, 100_000)
            text = rng.choice(
                (
                    f"At least {s.m(amount)} in every channel.",
                    f"Each channel gets a minimum of {s.m(amount)}.",
                )
            )
            return [text], [Rule.of("floor", [], amount=amount)]
        share = rng.choice((0.3, 0.35, 0.4, 0.5))
        text = rng.choice(
            (
                f"No single channel above {percent_text(share, rng)} of the budget.",
                f"Don't let any one channel take more than {percent_text(share, rng)} of spend.",
            )
        )
        return [text], [Rule.of("cap", [], amount=share, share=True)]

    return _rule_draft(rng, rng.randint(3, 5), write, budget=True)


@shape("R14", "rule", "one limit each on two channels: 'each', 'both', 'neither ... nor'")
def each(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[list[str], list[Rule]]:
        pair = rng.sample(s.texts, 2)
        a, b = (s.mention(n) for n in pair)
        amount = amount_choice(rng, 50_000, 300_000)
        m = s.m(amount)
        kind, text = rng.choice(
            (
                ("floor", f"{cap(a)} and {b} at least {m} each."),
                ("floor", f"Both {a} and {b} need at least {m}."),
                ("cap", f"Neither {a} nor {b} should go above {m}."),
                ("cap", f"{cap(a)} and {b} get no more than {m} apiece."),
            )
        )
        return [text], [Rule.of(kind, [n], amount=amount) for n in pair]  # type: ignore[arg-type]

    return _rule_draft(rng, rng.randint(3, 5), write)


@shape("R15", "rule", "a floor with the amount first: 'nothing under $100K for podcasts'")
def amount_first_floor(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[list[str], list[Rule]]:
        name = _one(s)
        amount = amount_choice(rng, 50_000, 300_000)
        n, a = s.mention(name), s.m(amount)
        text = rng.choice(
            (
                f"Nothing under {a} for {n}.",
                f"{cap(a)} minimum on {n}.",
                f"{cap(a)} floor for {n}.",
                f"{cap(a)} has to stay in {n} whatever happens.",
            )
        )
        return [text], [Rule.of("floor", [name], amount=amount)]

    return _rule_draft(rng, rng.randint(3, 5), write)


@shape("R16", "rule", "a limit told as last quarter's history: no rule, nothing to ask")
def past_limit(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 5))
    name = _one(s)
    text = rng.choice(
        (
            f"Last quarter finance capped {name} at {s.m(s.spend[name])}, which is why it "
            "didn't grow.",
            f"For context, {name} was held to {s.m(s.spend[name])} last quarter.",
        )
    )
    return Draft(dress(["\n".join(s.figure_lines()), text], rng, shuffle=False), s.data_reading())


@shape("R17", "rule", "ASK: a cap on two channels, each or together not said")
def each_or_together(rng: random.Random) -> Draft:
    s, head, build = _context(rng, rng.randint(3, 5))
    pair = rng.sample(s.texts, 2)
    a, b = (s.mention(n) for n in pair)
    amount = amount_choice(rng, 100_000, 500_000)
    text = rng.choice(
        (f"{cap(a)} and {b} capped at {s.m(amount)}.", f"Cap {a} and {b} at {s.m(amount)}.")
    )
    ask = Ask(tuple(sorted(name_key(n) for n in pair)), float(amount))
    return _draft(s, [*head, text], build(asks=frozenset([ask])), with_figures=bool(head))


@shape("R18", "rule", "ASK: 'keep X around $Y' (a floor, a cap or a fixed amount?)")
def around(rng: random.Random) -> Draft:
    s, head, build = _context(rng, rng.randint(3, 5))
    name = _one(s)
    amount = amount_choice(rng, 100_000, 500_000)
    n = s.mention(name)
    text = rng.choice(
        (
            f"Keep {n} around {s.m(amount)}.",
            f"{cap(n)} somewhere near {s.m(amount)}.",
            f"Let's have {n} at roughly {s.m(amount)}.",
        )
    )
    ask = Ask((name_key(name),), float(amount))
    return _draft(s, [*head, text], build(asks=frozenset([ask])), with_figures=bool(head))


# --- objectives -----------------------------------------------------------------------------

_VALUE = {
    "MQLs": (150, 600),
    "SQLs": (800, 3000),
    "leads": (50, 250),
    "opportunities": (2000, 8000),
    "customers": (8000, 30000),
}


def _objective(rng: random.Random, write: Callable[[Scene], tuple[str, ObjectiveReading]]) -> Draft:
    s = Scene(rng, rng.randint(3, 5))
    text, objective = write(s)
    if rng.random() < 0.5:
        return Draft(
            dress(["\n".join(s.figure_lines()), text], rng, shuffle=False),
            s.data_reading(objective=objective),
        )
    return Draft(dress([text], rng), s.follow_up_reading(objective=objective), s.known())


def _per_outcome(s: Scene) -> int:
    low, high = _VALUE[s.outcome]
    step = 50 if high <= 3000 else 500
    return s.rng.randrange(low // step, high // step + 1) * step


@shape("O01", "objective", "a value per outcome: optimise profit")
def value_per_outcome(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[str, ObjectiveReading]:
        value = _per_outcome(s)
        v, one = s.small(value), s.singular
        text = rng.choice(
            (
                f"Each {one} is worth about {v} to us, so optimise for profit.",
                f"We make roughly {v} per {one}; maximise profit, not volume.",
                f"An average {one} brings in {v} of margin. Optimize for profit please.",
            )
        )
        return text, ObjectiveReading("profit", float(value))

    return _objective(rng, write)


@shape("O02", "objective", "a target cost per outcome")
def target_cost(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[str, ObjectiveReading]:
        low, high = (int(x) for x in (s.cac(s.texts[0]) * 0.6, s.cac(s.texts[0]) * 1.3))
        value = max(10, round(rng.randint(low, high) / 10) * 10)
        v, one = s.small(value), s.singular
        text = rng.choice(
            (
                f"Keep cost per {one} under {v}.",
                f"Target CAC is {v} per {one}.",
                f"We can't pay more than {v} per {one}.",
                f"Get as many {s.noun} as you can while staying at or below {v} each.",
            )
        )
        return text, ObjectiveReading("volume_at_cac", float(value))

    return _objective(rng, write)


@shape("O03", "objective", "a volume target at the least spend")
def volume_target(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[str, ObjectiveReading]:
        target = round(
            sum(s.results.values()) * rng.uniform(0.8, 1.3),
            -1 if sum(s.results.values()) > 200 else 0,
        )
        target = max(10, int(target))
        t = s.c(target)
        text = rng.choice(
            (
                f"We need {t} {s.noun} next quarter at the lowest cost.",
                f"What's the cheapest way to get {t} {s.noun}?",
                f"Hit {t} {s.noun} for as little spend as possible.",
            )
        )
        return text, ObjectiveReading("spend_for_volume", float(target))

    return _objective(rng, write)


@shape("O04", "objective", "maximise the outcome, with a budget")
def maximise(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 5))
    amount = rng.choice(BUDGETS)
    text = rng.choice(
        (
            f"Allocate {s.m(amount)} next quarter to maximize {s.noun}.",
            f"Goal: as many {s.noun} as possible from {s.m(amount)} next quarter.",
            f"We want the most {s.noun} we can get for {s.m(amount)} over the next quarter.",
        )
    )
    objective = ObjectiveReading("volume")
    extra: dict[str, object] = {"objective": objective, "budget": amount, "budget_period_weeks": 13}
    if rng.random() < 0.5:
        return Draft(
            dress(["\n".join(s.figure_lines()), text], rng, shuffle=False),
            s.data_reading(13, **extra),
        )
    return Draft(dress([text], rng), s.follow_up_reading(**extra), s.known())


# --- curves ---------------------------------------------------------------------------------


def _curve(
    rng: random.Random, write: Callable[[Scene], tuple[str, Reading | CurveKnowledge, float]]
) -> Draft:
    s, head, build = _context(rng, rng.randint(3, 5))
    text, found, _ = write(s)
    if isinstance(found, CurveKnowledge):
        reading = build(curve=frozenset([found]))
    else:
        reading = build(asks=found.asks)
    return _draft(s, [*head, text], reading, with_figures=bool(head))


@shape("V01", "curve", "'X saturates at about $Y': returns flatten past it")
def saturates(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[str, CurveKnowledge, float]:
        name = _one(s)
        amount = amount_choice(rng, 150_000, 800_000, 50_000)
        n, a = s.mention(name), s.m(amount)
        text = rng.choice(
            (
                f"{cap(n)} saturates at about {a}.",
                f"From experience {n} saturates somewhere around {a}.",
                f"We've seen {n} get saturated past {a}.",
            )
        )
        return text, CurveKnowledge.of(name, amount, "flattens_past"), amount

    return _curve(rng, write)


@shape("V02", "curve", "diminishing returns past an amount, the amount before or after the cue")
def flattens(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[str, CurveKnowledge, float]:
        name = _one(s)
        amount = amount_choice(rng, 150_000, 800_000, 50_000)
        n, a = s.mention(name), s.m(amount)
        text = rng.choice(
            (
                f"Beyond {a}, more {n} barely moves the needle.",
                f"{cap(n)} returns flatten out after {a}.",
                f"Diminishing returns on {n} kick in around {a}.",
                f"Anything above {a} on {n} is basically wasted.",
            )
        )
        return text, CurveKnowledge.of(name, amount, "flattens_past"), amount

    return _curve(rng, write)


@shape("V03", "curve", "the half-saturation point named as such")
def half_point(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[str, CurveKnowledge, float]:
        name = _one(s)
        amount = amount_choice(rng, 100_000, 600_000, 50_000)
        n, a = s.mention(name), s.m(amount)
        text = rng.choice(
            (
                f"{cap(n)}'s half-saturation point is about {a}.",
                f"{cap(n)} reaches half of its maximum response at roughly {a}.",
                f"Our MMM vendor put the half-saturation spend for {n} at {a}.",
            )
        )
        return text, CurveKnowledge.of(name, amount, "half_saturation"), amount

    return _curve(rng, write)


@shape("V04", "curve", "ASK: 'X tops out at $Y' (a cap on the plan, or the curve flattening?)")
def tops_out(rng: random.Random) -> Draft:
    def write(s: Scene) -> tuple[str, Reading, float]:
        name = _one(s)
        amount = amount_choice(rng, 150_000, 800_000, 50_000)
        n = s.mention(name)
        text = rng.choice(
            (f"{cap(n)} tops out at {s.m(amount)}.", f"{cap(n)} maxes out around {s.m(amount)}.")
        )
        ask = Ask((name_key(name),), float(amount))
        return text, Reading(asks=frozenset([ask])), amount

    return _curve(rng, write)
