"""v5 development shapes: channel data in prose (keys D5-D<n>).

Constructions readers miss: "respectively" lists with the amounts first, Q&A notes, pronouns
and references ("that one", "both", "each"), outcome-first sentences, shares of a stated total,
numbers in words, notations mixed within one message, user channel names holding another
type's word, a cost per outcome instead of the outcome, and a channel that brought nothing.
"""

from __future__ import annotations

import functools

from benchmarks.understanding.dev_v3.common import counted, data, outcome_figure
from benchmarks.understanding.registry import Shape, collect, collect_message, sentence, series
from benchmarks.understanding.scene import Channel, Part, Scene

SHAPES: list[Shape] = []
shape = functools.partial(collect, SHAPES)
message_shape = functools.partial(collect_message, SHAPES)

# User names that hold a type word, and the type an analyst gives them (names kept as written).
TYPE_WORD_NAMES: tuple[tuple[str, str], ...] = (
    ("partner webinars", "events"),
    ("branded search", "search"),
    ("non-brand search", "search"),
    ("search retargeting", "display"),
    ("webinar promo emails", "email"),
    ("event sponsorships", "events"),
    ("YouTube video ads", "video"),
    ("display prospecting", "display"),
)
_ONES = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def when(s: Scene, *, end: str = ", ") -> str:
    return f"{sentence(s.past[0])}{end}" if s.past[0] else ""


def words(value: int) -> str:
    """1,240 -> "one thousand two hundred and forty" (below a million)."""
    if value < 20:
        return _ONES[value]
    if value < 100:
        return _TENS[value // 10] + (f"-{_ONES[value % 10]}" if value % 10 else "")
    if value < 1_000:
        rest = f" and {words(value % 100)}" if value % 100 else ""
        return f"{_ONES[value // 100]} hundred{rest}"
    rest = value % 1_000
    tail = "" if not rest else (f" and {words(rest)}" if rest < 100 else f" {words(rest)}")
    return f"{words(value // 1_000)} thousand{tail}"


def us_count(value: float) -> str:
    return f"{round(value):,}"


def rename(s: Scene, k: int) -> None:
    """Give ``k`` channels names holding a type word, no two sharing a first word."""
    pool = list(TYPE_WORD_NAMES)
    s.rng.shuffle(pool)
    taken = {c.name.casefold().split()[0] for c in s.channels}
    renamed = list(s.channels)
    for index in s.rng.sample(range(len(renamed)), min(k, len(renamed))):
        for name, kind in pool:
            first = name.split()[0]
            if first not in taken and all(
                w not in c.name.casefold() for c in renamed for w in name.split()
            ):
                taken.add(first)
                pool.remove((name, kind))
                old = renamed[index]
                renamed[index] = Channel(name, kind, old.spend, old.outcome)
                break
    s.channels[:] = renamed


@shape("D5-D01", "data", "amounts first, 'respectively': 'we spent x, y and z on A, B and C "
       "respectively, for ...'")  # fmt: skip
def amounts_first_respectively(s: Scene) -> Part:
    names = series([s.name(c) for c in s.channels])
    spends = series([s.money(c.spend) for c in s.channels])
    results = series([outcome_figure(s, c) for c in s.channels])
    noun = s.noun()
    text = s.choose(
        f"we spent {spends} on {names} respectively, for {results} {noun}.",
        f"{spends} went into {names} respectively and returned {results} {noun}.",
        f"we invested {spends} in {names}, respectively. Those generated {results} {noun}, "
        "in the same order.",
    )
    return data(s, when(s) + (text if s.past[0] else sentence(text)), block=False)


@shape("D5-D02", "data", "Slack Q&A: 'Search? 400K, 2.4k MQLs.'")
def slack_question(s: Scene) -> Part:
    lines = []
    for c in s.channels:
        n, m, r = s.name(c, start=True), s.money(c.spend), s.result(c)
        lines.append(
            s.choose(f"{n}? {m}, {r}.", f"{n}? {m} spent -> {r}", f"{n}? We put in {m}, got {r}.")
        )
    head = s.choose("Quick answers on last period's numbers:\n", "You asked per channel:\n", "")
    return data(s, head + "\n".join(lines), block=True)


@shape("D5-D03", "data", "references: 'Next was LinkedIn at 250k. That one brought 410 SQLs.'")
def that_one(s: Scene) -> Part:
    sentences = []
    for index, c in enumerate(s.channels):
        opener = "First came" if index == 0 else s.choose("Next was", "Then there's", "After that,")
        first = f"{opener} {s.name(c)} at {s.money(c.spend)}."
        r = s.result(c)
        then = s.choose(f"That one brought {r}.", f"This one delivered {r}.", f"Return: {r}.")
        sentences.append(f"{first} {then}")
    return data(s, when(s, end=": ") + " ".join(sentences), block=False)


@shape("D5-D04", "data", "equal spends told once: 'A and B both cost $50K; A brought ..., B ...'",
       fits=lambda s: len(s.channels) >= 2)  # fmt: skip
def both_and_each(s: Scene) -> Part:
    a, b, *rest = s.channels
    b = Channel(b.name, b.channel_type, a.spend, b.outcome)
    s.channels[:] = [a, b, *rest]
    spend, na, nb = s.money(a.spend), s.name(a), s.name(b)
    pair = s.choose(
        f"{sentence(na)} and {nb} both cost {spend}",
        f"{sentence(na)} and {nb} got {spend} each",
        f"We spent {spend} apiece on {na} and {nb}",
    )
    sentences = [f"{pair}; {na} brought {s.result(a)} and {nb} {s.result(b)}."]
    for c in rest:
        sentences.append(f"{sentence(s.name(c))} took {s.money(c.spend)} for {s.result(c)}.")
    return data(s, when(s, end=": ") + " ".join(sentences), block=False)


@shape("D5-D05", "data", "outcome first: 'The 2,400 MQLs from search cost us $400K'")
def outcome_first(s: Scene) -> Part:
    sentences = []
    for c in s.channels:
        n, r, m = s.name(c), s.result(c), s.money(c.spend)
        text = s.choose(
            f"the {r} from {n} cost us {m}.",
            f"{n} accounted for {r} on {m} of spend.",
            f"{r} were sourced from {n} ({m} invested).",
        )
        sentences.append(sentence(text))
    return data(s, when(s, end=": ") + " ".join(sentences), block=False)


@shape("D5-D06", "data", "shares of a stated total: 'Of the $1.2M, 40% went to search ...'",
       fits=lambda s: len(s.channels) <= 5)  # fmt: skip
def shares_of_total(s: Scene) -> Part:
    count = len(s.channels)
    shares = [10] * count  # percent, in steps of 5 summing to 100
    for _ in range((100 - 10 * count) // 5):
        shares[s.rng.randrange(count)] += 5
    total = s.rng.choice((400_000, 600_000, 800_000, 1_000_000, 1_200_000, 2_000_000))
    s.channels[:] = [
        Channel(c.name, c.channel_type, total * share / 100, c.outcome)
        for c, share in zip(s.channels, shares, strict=True)
    ]
    spent = s.marked_money(total)
    items = [
        f"{share}% {s.choose('went to', 'to', 'on')} {s.name(c)} ({s.result(c)})"
        for c, share in zip(s.channels, shares, strict=True)
    ]
    period = f" {s.past[0]}" if s.past[0] else ""
    head = s.choose(f"Of the {spent} we spent{period}, ", f"We spent {spent}{period}: ")
    return data(s, head + series(items) + ".", block=False)


@shape("D5-D07", "data", "numbers in words: 'two hundred thousand on LinkedIn for three hundred "
       "and ten SQLs'", fits=counted)  # fmt: skip
def numbers_in_words(s: Scene) -> Part:
    s.channels[:] = [
        Channel(c.name, c.channel_type, round(c.spend, -5) or 100_000, c.outcome)
        for c in s.channels
    ]
    currency = {"USD": "dollars", "EUR": "euros", "GBP": "pounds"}[s.style.currency]
    sentences: list[str] = []
    for c in s.channels:
        millions, thousands = divmod(round(c.spend / 1_000), 1_000)
        parts = [f"{words(millions)} million"] if millions else []
        amount = " ".join(parts + ([f"{words(thousands)} thousand"] if thousands else []))
        # the currency is said on the first amount; later ones may leave it out
        money = f"{amount} {currency}" if not sentences or s.rng.random() < 0.5 else amount
        n, r = s.name(c), f"{words(round(c.outcome))} {s.noun()}"
        sentences.append(
            s.choose(f"We put {money} into {n} and got {r}.", f"{sentence(n)}: {money}, for {r}.")
        )
    return data(s, when(s, end=": ") + " ".join(sentences), block=False)


@shape("D5-D08", "data", "notations mixed in one message: '$0.4M', '250 thousand', 'USD 90k'",
       fits=lambda s: s.style.currency == "USD")  # fmt: skip
def mixed_notations(s: Scene) -> Part:
    def amount(value: float) -> str:
        thousands = f"{value / 1_000:g}"
        options = [f"${value:,.0f}", f"{thousands} thousand dollars", f"USD {thousands}k"]
        if value >= 100_000:
            options += [f"${value / 1e6:g}M", f"{value / 1e6:g}mm USD"]
        return s.rng.choice(options)

    sentences = []
    for c in s.channels:
        n, m, r = s.name(c), amount(c.spend), f"{us_count(c.outcome)} {s.noun()}"
        sentences.append(
            s.choose(f"{sentence(n)} cost {m} and produced {r}", f"{m} on {n} for {r}")
        )
    return data(s, when(s) + sentence("; ".join(sentences)) + ".", block=False)


@shape("D5-D09", "data", "user names holding a type word, in prose: 'branded search took ...'")
def type_word_names(s: Scene) -> Part:
    rename(s, s.rng.randint(2, 3))
    sentences = []
    for c in s.channels:
        n, m, r = c.name, s.money(c.spend), s.result(c)
        text = s.choose(f"{n} took {m} and drove {r}.", f"for {n} we spent {m}, good for {r}.",
                        f"{n}: {m} spent, {r}.")  # fmt: skip
        sentences.append(sentence(text))
    return data(s, when(s, end=": ") + " ".join(sentences), block=False)


@shape("D5-D10", "data", "a cost per outcome in prose: 'LinkedIn ran 250k at a CPL of $125'",
       fits=counted)  # fmt: skip
def cost_per_in_prose(s: Scene) -> Part:
    costs = (50, 80, 100, 125, 200, 250, 500)
    s.channels[:] = [
        Channel(c.name, c.channel_type, c.spend, c.spend / s.rng.choice(costs)) for c in s.channels
    ]
    one = s.singular()
    sentences = []
    for c in s.channels:
        n, m, cost = s.name(c), s.money(c.spend), s.marked_money(c.spend / c.outcome)
        text = s.choose(
            f"{sentence(n)} ran {m} at {cost} per {one}.",
            f"We spent {m} on {n}, paying {cost} per {one}.",
            f"{sentence(n)} cost {m} with a cost per {one} of {cost}.",
        )
        sentences.append(text)
    return data(s, when(s, end=": ") + " ".join(sentences), block=False)


@shape("D5-D11", "data", "a channel that brought nothing: 'TikTok cost $40K and brought zero'",
       fits=counted)  # fmt: skip
def zero_outcome(s: Scene) -> Part:
    dud = s.rng.randrange(len(s.channels))
    s.channels[:] = [
        Channel(c.name, c.channel_type, c.spend, 0) if i == dud else c
        for i, c in enumerate(s.channels)
    ]
    sentences = []
    for i, c in enumerate(s.channels):
        n, m = s.name(c), s.money(c.spend)
        if i != dud:
            sentences.append(f"{sentence(n)}: {m} for {s.result(c)}.")
            continue
        noun = s.noun()
        text = s.choose(
            f"{sentence(n)} cost {m} and brought zero {noun}.",
            f"{sentence(n)} burned {m} for 0 {noun}.",
            f"We spent {m} on {n} and got no {noun} at all.",
        )
        sentences.append(text)
    return data(s, when(s, end=": ") + " ".join(sentences), block=False)


@shape("D5-D12", "data", "a finance person's wording: 'spend totalled $400,000, yielding ...'")
def finance_wording(s: Scene) -> Part:
    sentences = []
    for c in s.channels:
        n, m, r = s.name(c), s.money(c.spend), s.result(c)
        text = s.choose(
            f"{n} spend totalled {m}, yielding {r}.",
            f"expenditure on {n} amounted to {m} against {r}.",
            f"{n} incurred costs of {m} and generated {r}.",
        )
        sentences.append(sentence(text))
    return data(s, when(s) + " ".join(sentences), block=False)


@shape("D5-D13", "data", "the outcome off the spend: 'Search did 2,400 MQLs off $400K'")
def did_off(s: Scene) -> Part:
    items = []
    for c in s.channels:
        n, m, r = s.name(c), s.money(c.spend), s.result(c)
        items.append(s.choose(f"{n} did {r} off {m}", f"{n} pulled {r} on a {m} spend",
                              f"{n} landed {r} from {m}"))  # fmt: skip
    return data(s, when(s) + sentence(series(items)) + ".", block=False)
