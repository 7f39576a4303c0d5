"""Blind shapes for what the plan must do: the budget, what-ifs on it, rules, the objective
and what the CMO knows about curves."""

from __future__ import annotations

from benchmarks.understanding.blind_v3.facts import (
    BlindShape,
    Facts,
    Piece,
    capital,
    listing,
    shape,
)
from benchmarks.understanding.blind_v3.words import NEXT_OF_SAME_LENGTH
from benchmarks.understanding.reading import (
    BudgetChangeReading,
    CurveKnowledge,
    ObjectiveReading,
    Rule,
)

PLAN: list[BlindShape] = []

SHARES = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4)


def _written(f: Facts) -> bool:
    """The channels are written in the message (not a follow-up on the session's)."""
    return not f.followup


def _counts(f: Facts) -> bool:
    return not f.outcome.money


def _one(f: Facts) -> bool:
    return f.open_count() >= 1


def _two(f: Facts) -> bool:
    return f.open_count() >= 2


def _three(f: Facts) -> bool:
    return f.open_count() >= 3


def _no_global(f: Facts) -> bool:
    """No rule on every channel yet (a second one could contradict it), and no channel
    dropped (a limit on every channel would contradict that)."""
    return "*" not in f.ruled and "*zero" not in f.ruled


def _can_drop(f: Facts) -> bool:
    """A channel can be dropped: one is free, and no rule on every channel forbids it."""
    return _one(f) and "*" not in f.ruled


def _budget_amount(f: Facts) -> float:
    factor = f.rng.choice((0.8, 0.9, 1.0, 1.1, 1.2, 1.5))
    return max(200_000.0, round(f.total * factor / 50_000) * 50_000)


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def _when(phrase: str | None) -> str:
    return f" {phrase}" if phrase else ""


# -- budget ----------------------------------------------------------------------------
@shape(PLAN, "W-B1", "budget", "the budget inside the request (how would you split 2.4M for Q2?)")
def in_request(f: Facts) -> Piece:
    amount = _budget_amount(f)
    phrase, weeks = f.future
    m, when = f.money(amount), _when(phrase)
    text = f.pick(
        f"How would you split {m}{when}?",
        f"Can you allocate {m}{when} across these?",
        f"Help me spread {m}{when} over the channels.",
        f"What's the best way to deploy {m}{when}?",
    )
    return Piece(text, budget=amount, budget_weeks=weeks)


@shape(PLAN, "W-B2", "budget", "flat on last period (budget stays flat next quarter)", _written)
def flat(f: Facts) -> Piece:
    phrase, weeks = NEXT_OF_SAME_LENGTH[f.past_weeks]
    past, spent = f.past_noun or "last quarter", f.past_phrase or "last quarter"
    if f.past_noun is None:
        phrase, weeks = "next quarter", 13
    text = f.pick(
        f"Budget stays flat {phrase} — same total as {past}.",
        f"{capital(phrase)} we have exactly what we spent {spent}, no more.",
        f"Same money {phrase} as we spent {spent}.",
    )
    return Piece(text, budget=f.total, budget_weeks=weeks)


@shape(PLAN, "W-B3", "budget", "relative in words (a tenth more than last quarter)", _written)
def relative_words(f: Facts) -> Piece:
    p, word = f.rng.choice(((0.1, "a tenth"), (0.2, "a fifth"), (0.25, "a quarter")))
    up = f.rng.random() < 0.5
    amount = round(f.total * (1 + p if up else 1 - p), 2)
    phrase, weeks = NEXT_OF_SAME_LENGTH[f.past_weeks]
    spent = f.past_phrase or "last quarter"
    if f.past_noun is None:
        phrase, weeks = "next quarter", 13
    more = "more" if up else "less"
    text = f.pick(
        f"{capital(phrase)} we get {word} {more} than we spent {spent}.",
        f"Finance is giving us {word} {more} {phrase} than we spent {spent}.",
    )
    return Piece(text, budget=amount, budget_weeks=weeks)


@shape(PLAN, "W-B4", "budget", "a fiscal-year figure (the FY plan gives marketing 4.8M)")
def fiscal_year(f: Facts) -> Piece:
    amount = max(400_000.0, round(f.total * 4 / 100_000) * 100_000)
    m = f.money(amount)
    text = f.pick(
        f"The FY plan gives marketing {m} for the year.",
        f"Annual marketing budget this fiscal year: {m}.",
        f"We have {m} for the full year.",
    )
    return Piece(text, budget=amount, budget_weeks=52)


@shape(PLAN, "W-B5", "budget", "the total as a ceiling (total spend can't go over 1.5M)")
def total_ceiling(f: Facts) -> Piece:
    amount = _budget_amount(f)
    phrase, weeks = f.future
    m, when = f.money(amount), _when(phrase)
    text = f.pick(
        f"Total spend{when} can't go over {m}.",
        f"All in, we have {m}{when}.",
        f"The whole pot{when} is {m}.",
    )
    return Piece(text, budget=amount, budget_weeks=weeks)


# -- what-ifs --------------------------------------------------------------------------
@shape(PLAN, "W-X1", "change", "multiplicative what-ifs (what if they double it / halve it)")
def multiply(f: Facts) -> Piece:
    value, sentences = f.rng.choice(
        (
            (1.0, ("What if they double the budget?", "Imagine the budget doubled — then what?")),
            (-0.5, ("What if they halve the budget?", "And if finance cut the budget in half?")),
            (0.5, ("What if the budget went up by half?", "Say we got 50% more budget.")),
        )
    )
    return Piece(f.pick(*sentences), changes=[BudgetChangeReading.of("relative", value)])


@shape(PLAN, "W-X2", "change", "alternative totals (show me the plan at 1M and at 1.5M too)")
def alternatives(f: Facts) -> Piece:
    first = f.rng.randrange(3, 20) * 100_000
    second = first + f.rng.randrange(1, 6) * 100_000
    a, b = f.money(first), f.money(second)
    text = f.pick(
        f"Show me the plan at {a} and at {b} too.",
        f"Could you also run it at {a} and {b}?",
        f"Compare two totals for me: {a} vs {b}.",
    )
    return Piece(
        text,
        changes=[
            BudgetChangeReading.of("new_total", first),
            BudgetChangeReading.of("new_total", second),
        ],
    )


@shape(PLAN, "W-X3", "change", "a delta as news (if another 250k lands / if 100k gets pulled)")
def delta_news(f: Facts) -> Piece:
    amount = f.rng.choice((100_000, 150_000, 200_000, 250_000, 500_000, 750_000))
    m = f.money(amount)
    if f.rng.random() < 0.5:
        text = f.pick(
            f"If another {m} lands mid-quarter, where should it go?",
            f"There's a chance of an extra {m} from the product team's budget.",
        )
        return Piece(text, changes=[BudgetChangeReading.of("delta", amount)])
    text = f.pick(
        f"If {m} gets pulled back by finance, what do we lose?",
        f"Worst case they take {m} away from us.",
    )
    return Piece(text, changes=[BudgetChangeReading.of("delta", -amount)])


# -- rules -----------------------------------------------------------------------------
@shape(PLAN, "W-R1", "rule", "minimum commitments (minimum commitment of $200K with X)", _one)
def commitment(f: Facts) -> Piece:
    (c,) = f.free()
    amount = f.round_near(c.spend)
    m, n, N = f.money(amount), f.name(c), f.name(c, start=True)
    text = f.pick(
        f"We have a minimum commitment of {m} with {n}.",
        f"{N} comes with a {m} minimum commitment.",
        f"Contractually we owe {n} at least {m}.",
        f"Our deal with {n} has a {m} floor.",
    )
    return Piece(text, rules=[Rule.of("floor", [c.name], amount=amount)])


@shape(PLAN, "W-R2", "rule", "a ceiling named as such (hard ceiling of 300k on X)", _one)
def ceiling(f: Facts) -> Piece:
    (c,) = f.free()
    amount = f.round_near(c.spend)
    m, n, N = f.money(amount), f.name(c), f.name(c, start=True)
    text = f.pick(
        f"Hard ceiling of {m} on {n}.",
        f"{N}: ceiling {m}.",
        f"Put a {m} ceiling on {n}.",
        f"{N} should be capped — {m} is the maximum.",
        f"The maximum for {n} is {m}.",
    )
    return Piece(text, rules=[Rule.of("cap", [c.name], amount=amount)])


@shape(PLAN, "W-R3", "rule", "a floor as a share (at least a quarter of the money to X)", _one)
def share_floor(f: Facts) -> Piece:
    (c,) = f.free()
    p = f.rng.choice((0.1, 0.15, 0.2, 0.25))
    pct, n = f.share(p), f.name(c)
    text = f.pick(
        f"At least {pct} of the money should go to {n}.",
        f"{f.name(c, start=True)} needs a minimum of {pct} of the budget.",
        f"Reserve {pct} of budget (or more) for {n}.",
    )
    return Piece(text, rules=[Rule.of("floor", [c.name], amount=p, share=True)])


@shape(PLAN, "W-R4", "rule", "a fixed amount in other words (X is a done deal at Y)", _one)
def done_deal(f: Facts) -> Piece:
    (c,) = f.free()
    amount = f.round_near(c.spend)
    m, n, N = f.money(amount), f.name(c), f.name(c, start=True)
    text = f.pick(
        f"{N} is a done deal at {m}.",
        f"{N} gets exactly {m}, no more, no less.",
        f"We're locked into {m} for {n}; treat it as fixed.",
        f"Pencil {n} in at exactly {m}.",
    )
    return Piece(text, rules=[Rule.of("fix", [c.name], amount=amount)])


@shape(PLAN, "W-R5", "rule", "freeze or leave untouched, with a reason (X is mid-flight)", _one)
def freeze(f: Facts) -> Piece:
    (c,) = f.free()
    n, N = f.name(c), f.name(c, start=True)
    text = f.pick(
        f"{N} is mid-flight, so leave its spend untouched.",
        f"Freeze {n} at what it gets now.",
        f"Hold {n} exactly where it is this time.",
        f"{N} is off limits — keep it at current spend.",
    )
    return Piece(text, rules=[Rule.of("lock", [c.name])])


@shape(
    PLAN, "W-R6", "rule", "three channels 'between them' (X, Y and Z between them <= 500k)", _three
)
def between_them(f: Facts) -> Piece:
    group = f.free(3)
    names = [c.name for c in group]
    amount = f.round_near(sum(c.spend for c in group), 100_000)
    pair = listing([f.name(c) for c in group], f.rng)
    m = f.money(amount)
    if f.rng.random() < 0.5:
        text = f.pick(
            f"{capital(pair)} between them shouldn't top {m}.", f"Keep {pair} to {m} in total."
        )
        return Piece(text, rules=[Rule.of("cap", names, amount=amount, together=True)])
    text = f.pick(
        f"{capital(pair)} between them need at least {m}.",
        f"No less than {m} across {pair} combined.",
    )
    return Piece(text, rules=[Rule.of("floor", names, amount=amount, together=True)])


@shape(PLAN, "W-R7", "rule", "a limit on one channel's cut or growth (don't cut X by > 25%)", _one)
def one_change(f: Facts) -> Piece:
    (c,) = f.free()
    p = f.rng.choice((0.1, 0.2, 0.25, 0.3, 0.5))
    pct, n, N = f.share(p, words=False), f.name(c), f.name(c, start=True)
    if f.rng.random() < 0.5:
        text = f.pick(
            f"Don't cut {n} by more than {pct}.",
            f"{N} can shrink {pct} at most.",
            f"{N} shouldn't lose more than {pct} of its spend.",
        )
        return Piece(text, rules=[Rule.of("max_cut", [c.name], amount=p, share=True)])
    text = f.pick(
        f"{N} can grow {pct} at most.",
        f"Don't scale {n} up by more than {pct}.",
        f"Any increase on {n} is limited to {pct}.",
    )
    return Piece(text, rules=[Rule.of("max_growth", [c.name], amount=p, share=True)])


@shape(
    PLAN,
    "W-R8",
    "rule",
    "global limits on cuts or growth (nothing should more than double)",
    _no_global,
)
def all_change(f: Facts) -> Piece:
    f.ruled.add("*")
    if f.rng.random() < 0.5:
        text = f.pick("Nothing should more than double.", "No line should grow past 2x its spend.")
        return Piece(text, rules=[Rule.of("max_growth", [], amount=1.0, share=True)])
    p = f.rng.choice((0.2, 0.3, 0.4, 0.5))
    pct = f.share(p, words=False)
    text = f.pick(
        f"No channel loses more than {pct}.",
        f"Cuts are limited to {pct} per line.",
        f"Don't slash anything by more than {pct}.",
    )
    return Piece(text, rules=[Rule.of("max_cut", [], amount=p, share=True)])


@shape(
    PLAN,
    "W-R9",
    "rule",
    "pausing a channel (pause X for the quarter, X is off the table)",
    _can_drop,
)
def pause(f: Facts) -> Piece:
    (c,) = f.free()
    f.ruled.add("*zero")
    n, N = f.name(c), f.name(c, start=True)
    text = f.pick(
        f"Pause {n} for now.",
        f"{N} is off the table going forward.",
        f"We're sunsetting {n}: budget it at zero.",
        f"Nothing for {n} next time, please.",
    )
    return Piece(text, rules=[Rule.of("cap", [c.name], amount=0)])


@shape(PLAN, "W-R10", "rule", "floor and cap in other words (at least 100k but under 300k)", _one)
def floor_and_cap(f: Facts) -> Piece:
    (c,) = f.free()
    low = f.round_near(c.spend)
    high = low + f.rng.choice((50_000, 100_000, 200_000, 300_000))
    a, b, n, N = f.money(low), f.money(high), f.name(c), f.name(c, start=True)
    text = f.pick(
        f"{N} should get at least {a} but no more than {b}.",
        f"Minimum {a}, maximum {b} for {n}.",
        f"{N}: not below {a}, not above {b}.",
        f"For {n} anything from a floor of {a} up to a ceiling of {b}.",
    )
    rules = [Rule.of("floor", [c.name], amount=low), Rule.of("cap", [c.name], amount=high)]
    return Piece(text, rules=rules)


@shape(PLAN, "W-R11", "rule", "a share fixed exactly (X gets exactly 10% of budget)", _one)
def share_fix(f: Facts) -> Piece:
    (c,) = f.free()
    p = f.rng.choice((0.05, 0.1, 0.15, 0.2))
    pct, n, N = f.share(p, words=False), f.name(c), f.name(c, start=True)
    text = f.pick(
        f"{N} gets exactly {pct} of the budget.",
        f"Set {n} at precisely {pct} of total spend.",
        f"{N} is fixed at {pct} of budget by policy.",
    )
    return Piece(text, rules=[Rule.of("fix", [c.name], amount=p, share=True)])


@shape(
    PLAN,
    "W-R12",
    "rule",
    "a floor for every channel (every channel keeps at least $50k)",
    _no_global,
)
def every_floor(f: Facts) -> Piece:
    f.ruled.add("*")
    amount = f.rng.choice((10_000, 20_000, 25_000, 50_000))
    m = f.money(amount)
    text = f.pick(
        f"Every channel keeps at least {m}.",
        f"Nothing goes below {m} — each line needs a minimum presence.",
        f"Each channel should get a minimum of {m}.",
    )
    return Piece(text, rules=[Rule.of("floor", [], amount=amount)])


@shape(PLAN, "W-R13", "rule", "a floor on 'it' after praise (we love X. Give it at least Y.)", _one)
def praise_it(f: Facts) -> Piece:
    (c,) = f.free()
    amount = f.round_near(c.spend)
    m, N = f.money(amount), f.name(c, start=True)
    text = f.pick(
        f"{N} is our best performer. Give it at least {m}.",
        f"We love {f.name(c)}. Make sure it gets {m} minimum.",
        f"{N} has been great for us, so it shouldn't get less than {m}.",
    )
    return Piece(text, rules=[Rule.of("floor", [c.name], amount=amount)])


# -- objectives ------------------------------------------------------------------------
@shape(
    PLAN,
    "W-O1",
    "objective",
    "an affordable cost per result (we can pay up to $X per demo)",
    _counts,
)
def afford(f: Facts) -> Piece:
    value = f.rng.choice((60, 90, 120, 175, 300, 450, 700, 1_200))
    s = f.outcome.singular
    m = f.money(value, mark=True)
    text = f.pick(
        f"We can pay up to {m} per {s}.",
        f"Our max acceptable cost per {s} is {m}.",
        f"As long as each {s} costs {m} or less, give me as many as possible.",
    )
    return Piece(text, objective=ObjectiveReading("volume_at_cac", float(value)))


@shape(PLAN, "W-O2", "objective", "money made per result (we make $X on every SQL)", _counts)
def made_per(f: Facts) -> Piece:
    value = f.rng.choice((250, 400, 600, 900, 1_200, 2_500, 4_000))
    s = f.outcome.singular
    m = f.money(value, mark=True)
    text = f.pick(
        f"We make about {m} on every {s}.",
        f"One {s} = {m} of margin for us.",
        f"Each {s} nets us {m}; maximise profit, not volume.",
    )
    return Piece(text, objective=ObjectiveReading("profit", float(value)))


@shape(PLAN, "W-O3", "objective", "a number to land (we have to land 3,000 MQLs)", _counts)
def land(f: Facts) -> Piece:
    target = max(100, round(sum(c.result for c in f.lines) * f.rng.choice((1.2, 1.4)) / 100) * 100)
    phrase, _ = f.future
    noun, count = f.noun(), f.count(target)
    text = f.pick(
        f"We have to land {count} {noun}{_when(phrase)}; spend as little as it takes.",
        f"What's the least we can spend and still land {count} {noun}?",
        f"Target is {count} {noun} — find me the cheapest mix that gets there.",
    )
    return Piece(text, objective=ObjectiveReading("spend_for_volume", float(target)))


@shape(PLAN, "W-O4", "objective", "squeeze out the most (squeeze every SQL we can out of it)")
def squeeze(f: Facts) -> Piece:
    noun = f.noun().removeprefix("in ")
    text = f.pick(
        f"Squeeze every last bit of {noun} out of it."
        if f.outcome.money
        else f"Squeeze every {noun.removesuffix('s')} we can out of it.",
        f"The only thing that matters is {noun}.",
        f"Maximise {noun}, please.",
    )
    return Piece(text, objective=ObjectiveReading("volume"))


# -- curves ----------------------------------------------------------------------------
@shape(PLAN, "W-C1", "curve", "flattening in other words (X flattens out once we go past Y)")
def flatten(f: Facts) -> Piece:
    (c,) = f.rng.sample(f.lines, 1)
    amount = f.round_near(c.spend)
    m, n, N = f.money(amount), f.name(c), f.name(c, start=True)
    text = f.pick(
        f"We've seen {n} flatten out once we go past {m}.",
        f"{N} plateaus beyond {m}.",
        f"After about {m}, extra money in {n} buys almost nothing.",
        f"{N} hits a wall somewhere around {m}.",
    )
    return Piece(text, curve=[CurveKnowledge.of(c.name, amount, "flattens_past")])


@shape(PLAN, "W-C2", "curve", "half of the maximum effect by an amount")
def half_effect(f: Facts) -> Piece:
    (c,) = f.rng.sample(f.lines, 1)
    amount = f.round_near(c.spend)
    m, n = f.money(amount), f.name(c)
    text = f.pick(
        f"The MMM says {n} reaches half of its maximum effect at {m}.",
        f"Per the econometrics team, {_possessive(n)} half-saturation spend is {m}.",
    )
    return Piece(text, curve=[CurveKnowledge.of(c.name, amount, "half_saturation")])
