"""Blind shapes for what the plan must do: the budget, what-ifs on it, rules, the objective
and what the CMO knows about curves."""

from __future__ import annotations

from benchmarks.understanding.blind_v2.facts import Facts, Piece, capital
from benchmarks.understanding.blind_v2.registry import BlindShape, shape
from benchmarks.understanding.blind_v2.words import NEXT_OF_SAME_LENGTH
from benchmarks.understanding.reading import (
    BudgetChangeReading,
    CurveKnowledge,
    ObjectiveReading,
    Rule,
)

PLAN: list[BlindShape] = []

SHARES = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)


def _written(f: Facts) -> bool:
    """The channels are written in the message (not a follow-up on the session's)."""
    return not f.followup


def _counts(f: Facts) -> bool:
    return not f.outcome.money


def _one(f: Facts) -> bool:
    return any(c.name not in f.ruled for c in f.lines)


def _no_global(f: Facts) -> bool:
    """No rule on every channel yet (a second one could contradict it)."""
    return "*" not in f.ruled


def _two(f: Facts) -> bool:
    return len([c for c in f.lines if c.name not in f.ruled]) >= 2


def _budget_amount(f: Facts) -> float:
    return max(
        200_000.0, round(f.total * f.rng.choice((0.8, 0.9, 1.0, 1.1, 1.25)) / 50_000) * 50_000
    )


# -- budget ----------------------------------------------------------------------------
@shape(PLAN, "V-B1", "budget", "a budget someone granted (finance signed off on 2.4mm for Q1)")
def granted(f: Facts) -> Piece:
    amount = _budget_amount(f)
    phrase, weeks = f.future
    when = f" {phrase}" if phrase else ""
    m = f.money(amount)
    text = f.pick(
        f"Budget{when} is {m}.",
        f"We've got {m} to play with{when}.",
        f"Finance signed off on {m}{when}.",
        f"Planning envelope{when}: {m}.",
        f"{capital(phrase) + ', we' if phrase else 'We'} can spend {m} in total.",
        f"total budget{when} = {m}",
    )
    return Piece(text, budget=amount, budget_weeks=weeks)


@shape(
    PLAN,
    "V-B2",
    "budget",
    "relative to last period (10% less than we spent last quarter)",
    _written,
)
def relative(f: Facts) -> Piece:
    p = f.rng.choice((0.05, 0.1, 0.15, 0.2, 0.25))
    down = f.rng.random() < 0.5
    amount = round(f.total * (1 - p if down else 1 + p), 2)
    future_phrase, weeks = NEXT_OF_SAME_LENGTH[f.past_weeks]
    past = f.past_noun or "last quarter"
    spent = f.past_phrase or "last quarter"
    if f.past_noun is None:
        future_phrase, weeks = "next quarter", 13
    pct = f.share(p, words=False)
    if down:
        text = f.pick(
            f"{capital(future_phrase)} we get {pct} less than we spent {spent}.",
            f"Budget {future_phrase} is down {pct} vs {past}.",
            f"We're being cut {pct} {future_phrase} from what we spent {spent}.",
        )
    else:
        text = f.pick(
            f"{capital(future_phrase)} we get {pct} more than we spent {spent}.",
            f"Budget {future_phrase} is up {pct} on {past}.",
            f"Finance gave us {pct} more {future_phrase} than {past}.",
        )
    return Piece(text, budget=amount, budget_weeks=weeks)


@shape(PLAN, "V-B3", "budget", "a run rate (250k a month, 3M annual)")
def run_rate(f: Facts) -> Piece:
    unit, weeks = f.rng.choice((("month", 4), ("quarter", 13), ("year", 52)))
    amount = max(100_000.0, round(f.total * weeks / f.past_weeks / 50_000) * 50_000)
    m = f.money(amount)
    adjective = {"month": "monthly", "quarter": "quarterly", "year": "annual"}[unit]
    text = f.pick(
        f"Our budget is {m} a {unit}.",
        f"We can spend {m}/{unit} going forward.",
        f"{capital(adjective)} budget: {m}.",
        f"We run at {m} per {unit}.",
    )
    return Piece(text, budget=amount, budget_weeks=weeks)


# -- what-ifs --------------------------------------------------------------------------
@shape(PLAN, "V-X1", "change", "a what-if on the budget (suppose finance cuts us by $300K)")
def what_if(f: Facts) -> Piece:
    kind = f.rng.choice(("cut", "add", "drop", "rise", "only"))
    if kind in ("cut", "add"):
        amount = f.rng.randrange(1, 11) * 50_000
        m = f.money(amount)
        if kind == "cut":
            text = f.pick(f"Suppose finance cuts us by {m}?", f"What if we lose {m} mid-quarter?",
                          f"and if they claw back {m}?")  # fmt: skip
            return Piece(text, changes=[BudgetChangeReading.of("delta", -amount)])
        text = f.pick(f"What if we got an extra {m}?", f"Say we get another {m} —",
                      f"what happens with {m} more?")  # fmt: skip
        return Piece(text, changes=[BudgetChangeReading.of("delta", amount)])
    if kind in ("drop", "rise"):
        p = f.rng.choice((0.1, 0.15, 0.2, 0.25, 0.3))
        pct = f.share(p, words=False)
        sign = -1 if kind == "drop" else 1
        word = f.pick("drops", "falls", "shrinks") if sign < 0 else f.pick("goes up", "grows")
        text = f.pick(f"What if the budget {word} {pct}?", f"and if the budget {word} by {pct}?")
        return Piece(text, changes=[BudgetChangeReading.of("relative", sign * p)])
    total = f.rng.randrange(4, 40) * 100_000
    text = f.pick(
        f"What if we only had {f.money(total)}?", f"Run it again at {f.money(total)} total."
    )
    return Piece(text, changes=[BudgetChangeReading.of("new_total", total)])


# -- rules -----------------------------------------------------------------------------
@shape(
    PLAN,
    "V-R1",
    "rule",
    "floors in many words (can't go below 1M because of our upfront deal)",
    _one,
)
def floor(f: Facts) -> Piece:
    (c,) = f.free()
    amount = f.round_near(c.spend)
    m, n, N = f.money(amount), f.name(c), f.name(c, start=True)
    why = f.pick(" because of our upfront deal", " (contract)", "", "", " per the agency agreement")
    text = f.pick(
        f"{N} can't go below {m}{why}.",
        f"Keep at least {m} on {n}.",
        f"{N} needs a minimum of {m}{why}.",
        f"Floor {n} at {m}.",
        f"{N} ≥ {m}",
        f"Don't let {n} drop under {m}{why}.",
        f"{N}: no less than {m}.",
        f"{N} has to stay at or above {m}.",
    )
    return Piece(text, rules=[Rule.of("floor", [c.name], amount=amount)])


@shape(
    PLAN, "V-R2", "rule", "a floor that refers back (contracted: keep at least $200K there)", _one
)
def floor_there(f: Facts) -> Piece:
    (c,) = f.free()
    amount = f.round_near(c.spend)
    m, N = f.money(amount), f.name(c, start=True)
    text = f.pick(
        f"{N} is contracted: keep at least {m} there.",
        f"We signed a deal for {f.name(c)}, so at least {m} has to go there.",
        f"{N} is a multi-year commitment. Don't put less than {m} into it.",
        f"About {f.name(c)}: that one needs {m} minimum.",
    )
    return Piece(text, rules=[Rule.of("floor", [c.name], amount=amount)])


@shape(PLAN, "V-R3", "rule", "caps on an amount (hold X to 300k max)", _one)
def cap(f: Facts) -> Piece:
    (c,) = f.free()
    amount = f.round_near(c.spend)
    m, n, N = f.money(amount), f.name(c), f.name(c, start=True)
    text = f.pick(
        f"Cap {n} at {m}.",
        f"{N} shouldn't exceed {m}.",
        f"No more than {m} on {n}.",
        f"max {m} for {n}",
        f"{N} ≤ {m}",
        f"Hold {n} to {m} max.",
        f"{N} can have {m} at most.",
    )
    return Piece(text, rules=[Rule.of("cap", [c.name], amount=amount)])


@shape(
    PLAN, "V-R4", "rule", "caps as a share of the budget (no more than a fifth on LinkedIn)", _one
)
def share_cap(f: Facts) -> Piece:
    (c,) = f.free()
    p = f.rng.choice(SHARES)
    pct, n, N = f.share(p), f.name(c), f.name(c, start=True)
    text = f.pick(
        f"No more than {pct} of the budget on {n}.",
        f"{N} max {pct} of spend.",
        f"{N} can take at most {pct} of the total.",
        f"Keep {n} under {pct} of budget.",
    )
    return Piece(text, rules=[Rule.of("cap", [c.name], amount=p, share=True)])


@shape(
    PLAN, "V-R5", "rule", "booked or committed amounts (already booked at $350K, so fixed)", _one
)
def booked(f: Facts) -> Piece:
    (c,) = f.free()
    amount = f.round_near(c.spend)
    m, n, N = f.money(amount), f.name(c), f.name(c, start=True)
    text = f.pick(
        f"The {n} is already booked at {m}, so that one is fixed.",
        f"{N} is locked in at {m} (signed contract).",
        f"We've committed {m} to {n} — non-negotiable.",
        f"{N} = {m}, fixed.",
        f"{N} is contracted at exactly {m}.",
    )
    return Piece(text, rules=[Rule.of("fix", [c.name], amount=amount)])


@shape(PLAN, "V-R6", "rule", "keep as is, one or both (keep both where they are)", _one)
def keep(f: Facts) -> Piece:
    if _two(f) and f.rng.random() < 0.45:
        a, b = f.free(2)
        text = f.pick(
            f"{f.name(a, start=True)} and {f.name(b)} did fine — keep both where they are.",
            f"Leave {f.name(a)} and {f.name(b)} alone, both are working.",
            f"{f.name(a, start=True)} and {f.name(b)}: don't touch either.",
        )
        return Piece(text, rules=[Rule.of("lock", [a.name]), Rule.of("lock", [b.name])])
    (c,) = f.free()
    n, N = f.name(c), f.name(c, start=True)
    text = f.pick(
        f"Leave {n} as is.",
        f"Don't touch {n}.",
        f"Keep {n} where it is.",
        f"{N} stays at current spend.",
        f"{N} is fine, leave that one alone.",
    )
    return Piece(text, rules=[Rule.of("lock", [c.name])])


@shape(PLAN, "V-R7", "rule", "ad-hoc groups (TV and radio together no more than $500K)", _two)
def together(f: Facts) -> Piece:
    a, b = f.free(2)
    pair = f"{f.name(a)} and {f.name(b)}"
    if f.rng.random() < 0.3:
        p = f.rng.choice(SHARES)
        floor = f.rng.random() < 0.5
        pct = f.share(p)
        text = (
            f"{capital(pair)} together should get at least {pct} of the budget."
            if floor
            else f"{capital(pair)} combined: no more than {pct} of the budget."
        )
        names = [a.name, b.name]
        rule = (
            Rule.of("floor", names, amount=p, share=True, together=True)
            if floor
            else Rule.of("cap", names, amount=p, share=True, together=True)
        )
        return Piece(text, rules=[rule])
    amount = f.round_near(a.spend + b.spend, 100_000)
    m = f.money(amount)
    if f.rng.random() < 0.5:
        text = f.pick(
            f"{capital(pair)} together no more than {m}.",
            f"Cap {pair} at {m} combined.",
            f"{f.name(a, start=True)} + {f.name(b)} ≤ {m} total.",
        )
        return Piece(text, rules=[Rule.of("cap", [a.name, b.name], amount=amount, together=True)])
    text = f.pick(
        f"{capital(pair)} together need at least {m}.",
        f"Combined, {pair} can't go below {m}.",
        f"{f.name(a, start=True)} + {f.name(b)} ≥ {m} between them.",
    )
    return Piece(text, rules=[Rule.of("floor", [a.name, b.name], amount=amount, together=True)])


@shape(PLAN, "V-R8", "rule", "no single channel above a share", _no_global)
def each_cap(f: Facts) -> Piece:
    f.ruled.add("*")
    feasible = [p for p in (0.3, 0.35, 0.4, 0.45, 0.5, 0.6) if p * len(f.lines) >= 1.2]
    p = f.rng.choice(feasible)
    pct = f.share(p)
    text = f.pick(
        f"No single channel above {pct}.",
        f"Don't let any one channel go over {pct} of the budget.",
        f"Max {pct} per channel.",
        f"Nothing should get more than {pct} of the money.",
    )
    return Piece(text, rules=[Rule.of("cap", [], amount=p, share=True)])


@shape(
    PLAN,
    "V-R9",
    "rule",
    "limits on change (keep every line within ±20% of last quarter)",
    _no_global,
)
def max_change(f: Facts) -> Piece:
    f.ruled.add("*")
    p = f.rng.choice((0.1, 0.15, 0.2, 0.25, 0.3))
    pct = f.share(p, words=False)
    text = f.pick(
        f"Don't move anything more than {pct} from where it is.",
        f"Keep every line within ±{pct} of current spend.",
        f"No channel should change by more than {pct}.",
        f"Max {pct} swing per channel vs today.",
    )
    return Piece(text, rules=[Rule.of("max_change", [], amount=p, share=True)])


@shape(PLAN, "V-R10", "rule", "dropping a channel (kill print, zero it out)", _one)
def drop(f: Facts) -> Piece:
    (c,) = f.free()
    n, N = f.name(c), f.name(c, start=True)
    text = f.pick(
        f"Kill {n}.",
        f"We're cutting {n} to zero.",
        f"{N} is done — zero it out.",
        f"Drop {n} entirely.",
        f"No more money for {n}.",
    )
    return Piece(text, rules=[Rule.of("cap", [c.name], amount=0)])


@shape(PLAN, "V-R11", "rule", "a range (keep X between 200k and 350k)", _one)
def between(f: Facts) -> Piece:
    (c,) = f.free()
    low = f.round_near(c.spend)
    high = low + f.rng.choice((50_000, 100_000, 150_000, 200_000))
    a, b, n = f.money(low), f.money(high), f.name(c)
    text = f.pick(
        f"Keep {n} between {a} and {b}.",
        f"{f.name(c, start=True)}: somewhere in the {a} to {b} range.",
        f"{f.name(c, start=True)} anywhere from {a} to {b} is fine.",
    )
    return Piece(
        text,
        rules=[Rule.of("floor", [c.name], amount=low), Rule.of("cap", [c.name], amount=high)],
    )


# -- objectives ------------------------------------------------------------------------
@shape(
    PLAN, "V-O1", "objective", "a value per result (an SQL is worth about $1,500 to us)", _counts
)
def value_per(f: Facts) -> Piece:
    value = f.rng.choice((200, 300, 500, 800, 1_000, 1_500, 2_000, 5_000))
    s = f.outcome.singular
    bucks = f.hand.currency == "USD" and f.rng.random() < 0.2
    m = f"{value:,} bucks" if bucks else f.money(value, mark=True)
    f.marked += bucks
    text = f.pick(
        f"An {s} is worth about {m} to us."
        if s[0] in "AEIOUMS"
        else f"A {s} is worth about {m} to us.",
        f"We value each {s} at {m}.",
        f"Every {s} is worth {m} in margin, roughly.",
    )
    return Piece(text, objective=ObjectiveReading("profit", float(value)))


@shape(
    PLAN,
    "V-O2",
    "objective",
    "a target cost per result (cost per MQL has to stay under $200)",
    _counts,
)
def target_cost(f: Facts) -> Piece:
    value = f.rng.choice((50, 80, 100, 150, 200, 250, 400, 600, 1_000))
    s = f.outcome.singular
    m = f.money(value, mark=True)
    text = f.pick(
        f"Cost per {s} has to stay under {m}.",
        f"We need cost per {s} below {m}.",
        f"Target: {m} per {s}, max.",
        f"Most volume we can get while keeping cost per {s} at or under {m}.",
    )
    return Piece(text, objective=ObjectiveReading("volume_at_cac", float(value)))


@shape(PLAN, "V-O3", "objective", "a volume target, as cheaply as possible", _counts)
def volume_target(f: Facts) -> Piece:
    target = round(sum(c.result for c in f.lines) * f.rng.choice((1.1, 1.2, 1.5)) / 100) * 100
    target = max(100, target)
    phrase, _ = f.future
    when = f" {phrase}" if phrase else ""
    noun, count = f.noun(), f.count(target)
    text = f.pick(
        f"We need to hit {count} {noun}{when} — what's the cheapest way to get there?",
        f"Goal is {count} {noun}{when} for the least spend possible.",
        f"Minimum spend to reach {count} {noun}?",
    )
    return Piece(text, objective=ObjectiveReading("spend_for_volume", float(target)))


@shape(PLAN, "V-O4", "objective", "maximise the outcome (just get us the most pipeline)")
def maximise(f: Facts) -> Piece:
    noun = f.noun().removeprefix("in ")
    text = f.pick(
        f"Goal: max {noun}.",
        f"Just get us as much {noun} as possible."
        if f.outcome.money
        else f"Just get us as many {noun} as possible.",
        f"Optimise for {noun}.",
        f"We care about {noun}, nothing else.",
    )
    return Piece(text, objective=ObjectiveReading("volume"))


# -- curves ----------------------------------------------------------------------------
@shape(PLAN, "V-C1", "curve", "returns flatten past an amount (email saturates at about $300K)")
def flattens(f: Facts) -> Piece:
    (c,) = f.rng.sample(f.lines, 1)
    amount = f.round_near(c.spend)
    m, n, N = f.money(amount), f.name(c), f.name(c, start=True)
    text = f.pick(
        f"{N} saturates at about {m}.",
        f"{N} tops out around {m}.",
        f"Past {m}, {n} stops doing much.",
        f"We hit diminishing returns on {n} above {m}.",
        f"Anything over {m} on {n} is wasted, in my experience.",
    )
    return Piece(text, curve=[CurveKnowledge.of(c.name, amount, "flattens_past")])


@shape(PLAN, "V-C2", "curve", "a named half-saturation point (our MMM vendor's)")
def half_point(f: Facts) -> Piece:
    (c,) = f.rng.sample(f.lines, 1)
    amount = f.round_near(c.spend)
    m, n = f.money(amount), f.name(c)
    text = f.pick(
        f"Our MMM vendor puts the half-saturation point for {n} at {m}.",
        f"Half-saturation for {n} is roughly {m} (from the agency's model).",
    )
    return Piece(text, curve=[CurveKnowledge.of(c.name, amount, "half_saturation")])
