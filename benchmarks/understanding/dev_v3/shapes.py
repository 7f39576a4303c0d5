"""The v3 development shapes the reader may be developed against (three quarters of them).

Written from scratch from how marketing people write figures, budgets, rules, goals and what
they know about their curves; none of them copies a construction of the earlier corpus or of
a blind set.
"""

from __future__ import annotations

import functools

from benchmarks.understanding.dev_v3.common import (
    above,
    below,
    counted,
    data,
    heading,
    outcome_figure,
    past_noun,
    when,
    with_figures,
)
from benchmarks.understanding.reading import (
    BudgetChangeReading,
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
)
from benchmarks.understanding.scene import Channel, Part, Scene, rounded
from benchmarks.understanding.vocabulary import SAME_LENGTH_FUTURE

SEEN: list[Shape] = []
shape = functools.partial(collect, SEEN)
message_shape = functools.partial(collect_message, SEEN)


def article(word: str) -> str:
    return "an" if word[:1].casefold() in "aeio" or word.startswith(("MQL", "SQL")) else "a"


# ---------------------------------------------------------------------------------------
# Channel figures
# ---------------------------------------------------------------------------------------


@shape("V-D1", "data", "spend and results on separate lines, each a list of channels")
def separate_lines(s: Scene) -> Part:
    spends = [f"{s.name(c)} {s.money(c.spend)}" for c in s.channels]
    order = list(s.channels)
    s.rng.shuffle(order)
    results = [f"{s.name(c)} {outcome_figure(s, c)}" for c in order]
    label = sentence(s.outcome.name if s.outcome.money else s.noun())
    spend_label = s.choose("Spend", "Spend by channel", "Investment")
    joiner = s.choose(", ", "; ")
    text = (
        f"{spend_label}{when(s)}: {joiner.join(spends)}\n"
        f"{label}{s.choose('', ' by channel')}: {joiner.join(results)}"
    )
    return data(s, text, block=True)


@shape("V-D2", "data", "results first in prose: 'LinkedIn drove 410 SQLs on $250K of spend'")
def results_first(s: Scene) -> Part:
    sentences = []
    for c in s.channels:
        n, r, m = s.name(c), s.result(c), s.money(c.spend)
        sentences.append(
            sentence(
                s.choose(
                    f"{n} drove {r} on {m} of spend.",
                    f"{n} delivered {r} off {m}.",
                    f"{r} came from {n}, which cost {m}.",
                    f"{n} produced {r} with {m} behind it.",
                )
            )
        )
    lead = f"{sentence(s.past[0])}: " if s.past[0] else ""
    return data(s, lead + " ".join(sentences), block=False)


@shape("V-D3", "data", "a cost per result instead of a count: '$400K at $160 per MQL'",
       fits=counted)  # fmt: skip
def cost_per_result(s: Scene) -> Part:
    costs = (40, 50, 80, 100, 125, 200, 250, 400, 500)
    rewritten = []
    for c in s.channels:
        cost = s.rng.choice(costs)
        rewritten.append(Channel(c.name, c.channel_type, c.spend, c.spend / cost))
    s.channels[:] = rewritten
    one = s.singular()
    lines = []
    for c in s.channels:
        cost_text = s.marked_money(c.spend / c.outcome)
        n, m = s.name(c, start=True), s.money(c.spend)
        lines.append(
            s.choose(
                f"{n}: {m} at {cost_text} per {one}",
                f"{n} — {m} spend, cost per {one} {cost_text}",
                f"{n}: {m}, {cost_text}/{one}",
            )
        )
    head = heading(s)
    body = bulleted(lines, s.choose("", "-", "•"))
    return data(s, f"{head}\n{body}" if head else body, block=True)


@shape("V-D4", "data", "pasted from a spreadsheet: tab-separated, with a total row")
def tab_separated(s: Scene) -> Part:
    noun = s.outcome.name if s.outcome.money else s.outcome.forms[0]
    header = "\t".join(
        (
            "Channel",
            s.choose("Spend", "Cost", "Spend ($)" if s.style.currency == "USD" else "Spend"),
            sentence(noun),
        )
    )
    rows = [header]
    for c in s.channels:
        rows.append(f"{s.name(c, start=True)}\t{s.money(c.spend)}\t{outcome_figure(s, c)}")
    total_outcome = sum(c.outcome for c in s.channels)
    total = s.money(s.total_spend)
    total_figure = s.money(total_outcome) if s.outcome.money else s.count(total_outcome)
    rows.append(f"{s.choose('Total', 'Grand Total', 'TOTAL')}\t{total}\t{total_figure}")
    head = heading(s)
    table = "\n".join(rows)
    return data(s, f"{head}\n{table}" if head else table, block=True)


@shape("V-D6", "data", "run-on lower-case chat: 'ok so linkedin was 250k for 410 sqls, ...'")
def run_on_chat(s: Scene) -> Part:
    items = []
    for c in s.channels:
        n, m, r = s.name(c), s.money(c.spend), s.result(c)
        items.append(s.choose(f"{n} was {m} for {r}", f"{n} {m} got {r}", f"{m} on {n} = {r}"))
    lead = s.choose("ok so", "so", "quick numbers", "fyi")
    text = f"{lead}{when(s)} " + s.choose(", ", " and ", " then ").join(items)
    return data(s, text.casefold(), block=False)


@shape("V-D7", "data", "money as subject: '$250K went to LinkedIn for 410 SQLs'")
def went_to(s: Scene) -> Part:
    sentences = []
    for c in s.channels:
        n, m, r = s.name(c), s.money(c.spend), s.result(c)
        sentences.append(
            sentence(
                s.choose(
                    f"{m} went to {n} for {r}.",
                    f"{n} took {m} and returned {r}.",
                    f"{n} ate {m} of budget for {r}.",
                )
            )
        )
    lead = f"{sentence(s.past[0])}, roughly: " if s.past[0] else ""
    return data(s, lead + " ".join(sentences), block=False)


@shape("V-D8", "data", "slashes under a header: 'channel / spend / MQLs' then rows")
def slash_rows(s: Scene) -> Part:
    noun = s.outcome.name if s.outcome.money else s.outcome.forms[0]
    lines = [f"channel / spend / {noun}"]
    lines += [f"{s.name(c)} / {s.money(c.spend)} / {outcome_figure(s, c)}" for c in s.channels]
    head = heading(s)
    body = "\n".join(lines)
    return data(s, f"{head}\n{body}" if head else body, block=True)


@shape("V-D10", "data", "labelled arrows: 'LinkedIn: spend $250K → 410 SQLs'")
def labelled_arrows(s: Scene) -> Part:
    arrow = s.choose("→", "->", "=>")
    lines = []
    for c in s.channels:
        n, m, r = s.name(c, start=True), s.money(c.spend), s.result(c)
        lines.append(s.choose(f"{n}: spend {m} {arrow} {r}", f"{n} | spent {m} {arrow} {r}"))
    head = heading(s)
    body = bulleted(lines, s.choose("", "-"))
    return data(s, f"{head}\n{body}" if head else body, block=True)


@shape("V-D11", "data", "labels inside a line: 'LinkedIn — spend: $250K, SQLs: 410'")
def labelled_pairs(s: Scene) -> Part:
    label = sentence(s.outcome.name if s.outcome.money else s.noun())
    lines = []
    for c in s.channels:
        n, m, f = s.name(c, start=True), s.money(c.spend), outcome_figure(s, c)
        lines.append(
            s.choose(
                f"{n} — spend: {m}, {label}: {f}",
                f"{n} (spend {m}; {label.casefold()} {f})",
                f"{n}: Spend = {m}, {label} = {f}",
            )
        )
    head = heading(s)
    body = bulleted(lines, s.choose("", "-", "*"))
    return data(s, f"{head}\n{body}" if head else body, block=True)


@shape("V-D12", "data", "CSV pasted with a header row, bare numbers")
def csv_paste(s: Scene) -> Part:
    noun = (s.outcome.name if s.outcome.money else s.outcome.forms[0]).casefold()
    rows = [s.choose(f"channel,spend,{noun}", f"Channel,Spend,{sentence(noun)}")]
    for c in s.channels:
        rows.append(f"{c.name},{round(c.spend)},{round(c.outcome)}")
    head = s.choose("", "csv export:", f"here's the export{when(s)}:")
    table = "\n".join(rows)
    part = data(s, f"{head}\n{table}" if head else table, block=True)
    if not head.startswith("here's"):
        part.period = 13  # the period is not written: read as a quarter
    return part


@shape("V-D14", "data", "'respectively': 'A and B got $X and $Y, for N and M MQLs respectively'")
def respectively(s: Scene) -> Part:
    sentences = []
    channels = list(s.channels)
    while channels:
        pair, channels = channels[:2], channels[2:]
        if len(pair) == 1:
            (c,) = pair
            sentences.append(f"{sentence(s.name(c))} got {s.money(c.spend)} for {s.result(c)}.")
            continue
        a, b = pair
        noun = s.noun()
        if s.outcome.money:
            figures = f"{s.money(a.outcome)} and {s.money(b.outcome)} in {noun}"
        else:
            figures = f"{s.count(a.outcome)} and {s.count(b.outcome)} {noun}"
        sentences.append(
            f"{sentence(s.name(a))} and {s.name(b)} got {s.money(a.spend)} and "
            f"{s.money(b.spend)}, for {figures} respectively."
        )
    lead = f"{sentence(s.past[0])}: " if s.past[0] else ""
    return data(s, lead + " ".join(sentences), block=False)


@shape(
    "V-D16", "data", "bullets with a computed column: '• LinkedIn | $250K | 410 SQLs | ~$610/SQL'"
)
def bullets_with_ratio(s: Scene) -> Part:
    lines = []
    for c in s.channels:
        n, m, r = s.name(c, start=True), s.money(c.spend), s.result(c)
        if s.outcome.money:
            ratio = f"{c.outcome / c.spend:g}x ROAS"
        else:
            ratio = f"~{s.marked_money(round(c.spend / c.outcome))} per {s.singular()}"
        lines.append(f"• {n} | {m} | {r} | {ratio}")
    head = heading(s)
    body = "\n".join(lines)
    return data(s, f"{head}\n{body}" if head else body, block=True)


# ---------------------------------------------------------------------------------------
# Budgets and what-ifs
# ---------------------------------------------------------------------------------------


def budget_amount(s: Scene) -> float:
    return rounded(s.total_spend * s.rng.uniform(0.8, 1.3), 50_000)


@shape("V-B1", "budget", "a budget someone granted: 'Finance approved $2M for Q1'")
def granted(s: Scene) -> Part:
    _, phrase, weeks = s.future
    budget = budget_amount(s)
    m = s.money(budget)
    if phrase is None:
        text = s.choose(
            f"Finance approved {m}.",
            f"We've been given {m} to work with.",
            f"Leadership signed off on {m}.",
        )
    else:
        text = s.choose(
            f"Finance approved {m} {phrase}.",
            f"We've been given {m} {phrase}.",
            f"Leadership signed off on {m} {phrase}.",
            f"{sentence(phrase)} we got {m} approved.",
        )
    return Part(text, budget=budget, budget_weeks=weeks, future_weeks=weeks)


@shape("V-B2", "budget", "relative to what was spent: '$200K more than last quarter', 'flat'",
       fits=with_figures)  # fmt: skip
def relative(s: Scene) -> Part:
    phrase, weeks = SAME_LENGTH_FUTURE[s.past[1]]
    than = past_noun(s)
    form = s.rng.randrange(3)
    if form == 0:
        delta = s.rng.randrange(1, 5) * 50_000
        up = s.rng.random() < 0.5
        budget = s.total_spend + (delta if up else -delta)
        text = (
            f"{sentence(phrase)} we have {s.money(delta)} {'more' if up else 'less'} than {than}."
        )
    elif form == 1:
        budget = s.total_spend
        text = s.choose(
            f"Budget {phrase} is flat vs {than}.",
            f"The budget {phrase} is the same as {than}.",
        )
    else:
        change = s.rng.choice((0.05, 0.1, 0.2))
        up = s.rng.random() < 0.5
        budget = round(s.total_spend * (1 + change if up else 1 - change), 2)
        moved = f"{'up' if up else 'down'} {s.share(change, words=False)}"
        text = f"{sentence(phrase)} we're {moved} on {than}."
    return Part(text, budget=budget, budget_weeks=weeks, future_weeks=weeks)


@shape("V-B4", "change", "what-ifs: 'what if we lose 200k', 'say we had an extra quarter million'")
def what_if(s: Scene) -> Part:
    amount = s.rng.choice((100_000, 200_000, 250_000, 300_000, 500_000))
    percent = s.rng.choice((0.1, 0.15, 0.2))
    form = s.rng.randrange(4)
    change: BudgetChangeReading
    if form == 0:
        text = s.choose(
            f"What if we lose {s.money(amount)}?", f"What if {s.money(amount)} gets clawed back?"
        )
        change = BudgetChangeReading.of("delta", -amount)
    elif form == 1:
        text = f"Say we had an extra {s.money(amount)} — then what?"
        change = BudgetChangeReading.of("delta", amount)
    elif form == 2:
        text = f"What if they cut us {s.share(percent, words=False)}?"
        change = BudgetChangeReading.of("relative", -percent)
    else:
        total = rounded(s.total_spend * s.rng.uniform(0.7, 1.3), 100_000)
        text = f"How would it look if the budget went to {s.money(total)}?"
        change = BudgetChangeReading.of("new_total", total)
    return Part(text, changes=[change])


@shape("V-B5", "budget", "the budget by another name: 'the envelope for Q3 is 2M', 'to play with'")
def envelope(s: Scene) -> Part:
    _, phrase, weeks = s.future
    budget = budget_amount(s)
    m = s.money(budget)
    suffix = f" {phrase}" if phrase else ""
    text = s.choose(
        f"We have {m} to play with{suffix}.",
        f"Our envelope{suffix} is {m}.",
        f"Planning number{suffix}: {m}.",
        f"We can spend up to {m}{suffix} in total.",
    )
    return Part(text, budget=budget, budget_weeks=weeks, future_weeks=weeks)


# ---------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------


@shape("V-R1", "rule", "floors: 'nothing under $100K for brand search', 'a floor of'")
def floors(s: Scene) -> Part:
    (c,) = s.pick()
    amount = below(s, c)
    a, n = s.money(amount), s.name(c)
    text = s.choose(
        f"Nothing under {a} for {n}.",
        f"Minimum of {a} on {n}.",
        f"{sentence(n)} needs a floor of {a}.",
        f"At least {a} has to go to {n}.",
        f"{sentence(n)} has a {a} minimum.",
        f"We can't take {n} below {a}.",
    )
    return Part(text, rules=[Rule.of("floor", [c.name], amount=amount)])


@shape("V-R2", "rule", "caps on amounts: 'ceiling of $500K on TV', 'hard cap on X: $500K'")
def caps(s: Scene) -> Part:
    (c,) = s.pick()
    amount = above(s, c)
    a, n = s.money(amount), s.name(c)
    text = s.choose(
        f"Ceiling of {a} on {n}.",
        f"Don't go over {a} on {n}.",
        f"{sentence(n)}: no more than {a}.",
        f"{sentence(n)} is capped at {a}.",
        f"Hard cap on {n}: {a}.",
    )
    return Part(text, rules=[Rule.of("cap", [c.name], amount=amount)])


@shape("V-R4", "rule", "booked or committed amounts (a lock at that amount)")
def committed(s: Scene) -> Part:
    (c,) = s.pick()
    amount = rounded(c.spend * s.rng.uniform(0.7, 1.2), 10_000)
    a, n = s.money(amount), s.name(c)
    text = s.choose(
        f"We've signed for {a} on {n}.",
        f"{sentence(n)} is contracted at {a}.",
        f"{a} for {n} is already committed.",
        f"{sentence(n)}: {a} booked, can't move.",
        f"The {n} contract is {a} and it's non-cancellable.",
    )
    return Part(text, rules=[Rule.of("fix", [c.name], amount=amount)])


@shape("V-R5", "rule", "keep as is: 'keep X as is', 'no changes to X', 'freeze X'")
def as_is(s: Scene) -> Part:
    (c,) = s.pick()
    n = s.name(c)
    text = s.choose(
        f"Keep {n} as is.",
        f"{sentence(n)} stays where it is.",
        f"No changes to {n}.",
        f"Hold {n} steady.",
        f"Freeze {n}.",
    )
    return Part(text, rules=[Rule.of("lock", [c.name])])


@shape("V-R6", "rule", "ad-hoc groups: 'X + Y combined max $500K', 'between them'")
def groups(s: Scene) -> Part:
    one, two = s.pick(2)
    amount = rounded((one.spend + two.spend) * s.rng.uniform(0.7, 1.2), 10_000)
    a, n1, n2 = s.money(amount), s.name(one), s.name(two)
    if s.rng.random() < 0.6:
        kind = "cap"
        text = s.choose(
            f"{sentence(n1)} + {n2} combined max {a}.",
            f"Keep {n1} and {n2} together under {a}.",
            f"{sentence(n1)} and {n2} can't exceed {a} between them.",
        )
    else:
        kind = "floor"
        text = s.choose(
            f"At least {a} between {n1} and {n2}.",
            f"{sentence(n1)} and {n2} need {a} or more combined.",
        )
    rule = Rule.of(kind, [one.name, two.name], amount=amount, together=True)  # type: ignore[arg-type]
    return Part(text, rules=[rule])


@shape("V-R8", "rule", "change limits: 'no channel moves more than 20% from today'")
def change_limit(s: Scene) -> Part:
    limit = s.rng.choice((0.1, 0.15, 0.2, 0.25))
    p = s.share(limit, words=False)
    text = s.choose(
        f"No channel moves more than {p} from today.",
        f"Changes capped at {p} per channel.",
        f"Limit swings to ±{p}.",
        f"Nothing should shift by over {p} vs current.",
    )
    return Part(text, rules=[Rule.of("max_change", amount=limit, share=True)])


@shape("V-R9", "rule", "dropping a channel: 'kill X', 'zero out X', 'we're pausing X'")
def dropping(s: Scene) -> Part:
    (c,) = s.pick()
    n = s.name(c)
    text = s.choose(
        f"Kill {n}.",
        f"Zero out {n}.",
        f"We're pausing {n} entirely.",
        f"Cut {n} completely.",
        f"No more money for {n}.",
    )
    return Part(text, rules=[Rule.of("cap", [c.name], amount=0)])


@shape(
    "V-R11",
    "rule",
    "every channel: 'every channel needs at least $20K', 'nothing gets more than 40%'",
)
def every_channel(s: Scene) -> Part:
    if s.rng.random() < 0.5:
        amount = s.rng.randrange(1, 5) * 10_000
        a = s.money(amount)
        text = s.choose(
            f"Every channel needs at least {a}.", f"Each line item needs a minimum of {a}."
        )
        return Part(text, rules=[Rule.of("floor", amount=amount)])
    share = s.rng.choice((0.3, 0.4, 0.5))
    p = s.share(share, words=False)
    text = s.choose(
        f"Nothing gets more than {p} of the budget.", f"Max {p} of spend in any one channel."
    )
    return Part(text, rules=[Rule.of("cap", amount=share, share=True)])


@shape("V-R12", "rule", "a share floor: 'at least 10% of the budget has to go to X'")
def share_floor(s: Scene) -> Part:
    (c,) = s.pick()
    share = s.rng.choice((0.05, 0.1, 0.15, 0.2))
    p, n = s.share(share), s.name(c)
    text = s.choose(
        f"At least {p} of the budget has to go to {n}.",
        f"{sentence(n)} gets a minimum of {p} of spend.",
        f"{sentence(n)} should never be under {p} of the total.",
    )
    return Part(text, rules=[Rule.of("floor", [c.name], amount=share, share=True)])


# ---------------------------------------------------------------------------------------
# Objectives
# ---------------------------------------------------------------------------------------

VALUES = (75, 150, 250, 400, 600, 800, 1_500, 3_000, 8_000)


@shape("V-O1", "objective", "value per result: 'we make about $500 per MQL'", fits=counted)
def value_each(s: Scene) -> Part:
    value = s.rng.choice(VALUES)
    v, one = s.marked_money(value), s.singular()
    text = s.choose(
        f"We make about {v} per {one}.",
        f"Each {one} = {v} in value.",
        f"We value {article(one)} {one} at roughly {v}.",
        f"{sentence(one)}s are worth {v} apiece to us.",
    )
    return Part(text, objective=ObjectiveReading("profit", float(value)))


@shape("V-O3", "objective", "volume target at least cost: 'get us to 5k SQLs for the least money'",
       fits=counted)  # fmt: skip
def volume_at_least_cost(s: Scene) -> Part:
    target = rounded(sum(c.outcome for c in s.channels) * s.rng.uniform(1.0, 1.3), 100)
    t, noun = s.count(target), s.noun()
    text = s.choose(
        f"We have to deliver {t} {noun} as cheaply as possible.",
        f"Get us to {t} {noun} for the least money.",
        f"Target is {t} {noun}; minimise spend to get there.",
    )
    return Part(text, objective=ObjectiveReading("spend_for_volume", float(target)))


@shape("V-O4", "objective", "maximise: 'goal is max SQLs', 'get the most pipeline we can'")
def maximise(s: Scene) -> Part:
    noun = s.outcome.name if s.outcome.money else s.noun()
    text = s.choose(
        f"Goal is max {noun}.",
        f"Get the most {noun} we can.",
        f"We're optimizing for {noun}.",
        f"Priority: more {noun}, full stop.",
    )
    return Part(text, objective=ObjectiveReading("volume"))


# ---------------------------------------------------------------------------------------
# Curves
# ---------------------------------------------------------------------------------------


@shape("V-C1", "curve", "saturation in the CMO's sense: 'X hits diminishing returns past $300K'")
def diminishing(s: Scene) -> Part:
    (c,) = s.pick()
    amount = rounded(c.spend * s.rng.uniform(1.1, 2.0), 10_000)
    a, n = s.money(amount), s.name(c)
    text = s.choose(
        f"{sentence(n)} hits diminishing returns past {a}.",
        f"We think {n} is saturated above {a}.",
        f"Anything past {a} on {n} is wasted.",
        f"{sentence(n)} flattens out at about {a}.",
    )
    return Part(text, curve=[CurveKnowledge.of(c.name, amount, "flattens_past")])


@shape("V-C2", "curve", "half-saturation named: 'X reaches half its max response at $300K'")
def half_max(s: Scene) -> Part:
    (c,) = s.pick()
    amount = rounded(c.spend * s.rng.uniform(0.8, 2.0), 10_000)
    a, n = s.money(amount), s.name(c)
    text = s.choose(
        f"{sentence(n)} reaches half its max response at {a}.",
        f"The half-saturation spend for {n} is {a}.",
    )
    return Part(text, curve=[CurveKnowledge.of(c.name, amount, "half_saturation")])


# ---------------------------------------------------------------------------------------
# Whole messages
# ---------------------------------------------------------------------------------------


@message_shape("V-M1", "an email brief with headings: 'Data:', 'Constraints:', 'Goal:'")
def email_brief(s: Scene, pools: Pools) -> list[Part]:
    figures = pools.part("data", s)
    budget = pools.part("budget", s)
    rules = [pools.part("rule", s) for _ in range(s.rng.randint(1, 2))]
    goal = pools.part("objective", s)
    parts = [Part(s.choose("Data:", "Performance:", "Here's the data:"), block=True), figures]
    parts.append(
        Part(
            f"Budget: {budget.text}",
            budget=budget.budget,
            budget_weeks=budget.budget_weeks,
            future_weeks=budget.future_weeks,
        )
    )
    constraint_lines = "\n".join(f"- {r.text}" for r in rules)
    parts.append(
        Part(
            f"{s.choose('Constraints:', 'Guardrails:', 'Rules:')}\n{constraint_lines}",
            block=True,
            rules=[rule for r in rules for rule in r.rules],
        )
    )
    parts.append(Part(f"Goal: {goal.text}", objective=goal.objective))
    return parts


@message_shape("V-M2", "a deck recap: a slide title, the figures, then next steps")
def deck_recap(s: Scene, pools: Pools) -> list[Part]:
    title = s.choose(
        "Slide 4 — channel performance", "Q-recap (for the deck)", "Performance review"
    )
    parts = [Part(title, block=True), pools.part("data", s)]
    steps = [pools.part("budget", s), pools.part("rule", s)]
    s.rng.shuffle(steps)
    parts.append(Part(s.choose("Next steps:", "Asks for next period:"), block=True))
    parts += steps
    return parts


@message_shape("V-M3", "a follow-up about the session's channels: rules and a goal, no figures")
def follow_up(s: Scene, pools: Pools) -> list[Part]:
    s.followup = True
    parts = [Part(s.choose("One more thing:", "Forgot to mention:", "Also,"))]
    parts.append(pools.part("rule", s))
    for family, chance in (("rule", 0.5), ("objective", 0.4), ("curve", 0.2)):
        if s.rng.random() < chance:
            parts.append(pools.part(family, s))  # type: ignore[arg-type]
    return parts
