"""v4 development shapes: channel figures in layouts the earlier sets lack (D4-D<n>).

Each shape first gives some channels the unusual names analysts meet (multi-word, brands,
a type word inside the name, slashes, dashes) with the canonical type an analyst would
give them, and draws the figures' period from periods the reader used to miss ("last
month", "the second half"); then it writes the figures in one data structure.
"""

from __future__ import annotations

import functools

from benchmarks.understanding.dev_v3.common import counted, data, outcome_figure
from benchmarks.understanding.registry import Shape, collect, collect_message, sentence, series
from benchmarks.understanding.scene import Channel, Part, Scene

SHAPES: list[Shape] = []
shape = functools.partial(collect, SHAPES)
message_shape = functools.partial(collect_message, SHAPES)

# (name as written, canonical type an analyst would give it)
UNUSUAL_NAMES: tuple[tuple[str, str], ...] = (
    ("customer dinners", "events"),
    ("Search - competitors", "search"),
    ("Search - brand", "search"),
    ("Facebook/Instagram", "social"),
    ("Meta/IG", "social"),
    ("Twitter/X", "social"),
    ("LinkedIn Sponsored Content", "social"),
    ("YouTube pre-roll", "video"),
    ("Connected TV", "video"),
    ("TV - regional", "traditional"),
    ("radio spots", "traditional"),
    ("direct mail postcards", "traditional"),
    ("display retargeting", "display"),
    ("account-based display", "display"),
    ("podcast sponsorships", "podcasts"),
    ("partner webinars", "events"),
    ("roadshows", "events"),
    ("trade show booths", "events"),
    ("Bing Ads", "search"),
    ("outbound email", "email"),
    ("SEO content", "content"),
    ("affiliate network", "affiliate"),
)
# (phrase before the figures, as a noun after "for"/"in", weeks); None = not stated (a quarter).
PERIODS: tuple[tuple[str | None, str | None, int], ...] = (
    ("last month", "last month", 4),
    ("in the last 4 weeks", "the last 4 weeks", 4),
    ("over the last 8 weeks", "the last 8 weeks", 8),
    ("in the second half", "the second half", 26),
    ("in H2", "H2", 26),
    ("last year", "last year", 52),
    ("over the past year", "the past year", 52),
    ("last quarter", "last quarter", 13),
    (None, None, 13),
    (None, None, 13),
)


def _overlaps(a: str, b: str) -> bool:
    x, y = a.casefold(), b.casefold()
    return x in y or y in x or x.split()[0] == y.split()[0]


def recast(s: Scene) -> tuple[str | None, str | None]:
    """Rename about half the channels with unusual names and draw a period; returns the
    period as an adverbial ("last month") and as a noun ("the second half")."""
    names = [c.name for c in s.channels]
    pool = list(UNUSUAL_NAMES)
    s.rng.shuffle(pool)
    renamed: list[Channel] = []
    for channel in s.channels:
        if s.rng.random() < 0.55:
            for name, kind in pool:
                if all(not _overlaps(name, other) for other in names):
                    names = [name if n == channel.name else n for n in names]
                    pool.remove((name, kind))
                    channel = Channel(name, kind, channel.spend, channel.outcome)
                    break
        renamed.append(channel)
    s.channels[:] = renamed
    phrase, noun, weeks = s.rng.choice(PERIODS)
    s.past = (phrase, weeks)
    return phrase, noun


def lead(phrase: str | None, s: Scene) -> str:
    if phrase is None:
        return s.choose("", "Here are our numbers.\n", "Channel results:\n")
    return s.choose(f"{sentence(phrase)}:\n", f"Numbers {phrase}:\n", f"Results ({phrase}):\n")


def outcome_noun(s: Scene) -> str:
    return s.outcome.name if s.outcome.money else s.outcome.forms[0]


@shape("D4-D1", "data", "'respectively' list: A, B and C got x, y and z, which brought ...")
def respectively(s: Scene) -> Part:
    phrase, _ = recast(s)
    names = series([s.name(c) for c in s.channels])
    spends = series([s.money(c.spend) for c in s.channels])
    results = series([outcome_figure(s, c) for c in s.channels])
    when = f"{sentence(phrase)}, " if phrase else ""
    text = s.choose(
        f"{when}{names} got {spends} respectively, which brought {results} {s.noun()}.",
        f"{when}we put {spends} into {names} respectively; they returned {results} {s.noun()}.",
        f"{when}{names} received {spends}, respectively, and produced {results} {s.noun()}"
        " respectively.",
    )
    return data(s, sentence(text), block=False)


@shape("D4-D2", "data", "CSV pasted with a header row")
def csv_with_header(s: Scene) -> Part:
    phrase, _ = recast(s)
    header = s.choose("channel,spend,", "Channel,Spend,", "Channel, Spend ($), ")
    rows = [header + outcome_noun(s)]
    for c in s.channels:
        spend = f"{round(c.spend)}" if "($)" in header else s.money(c.spend).replace(",", "")
        value = outcome_figure(s, c).replace(",", "")
        rows.append(f"{c.name},{spend},{value}")
    return data(s, lead(phrase, s) + "\n".join(rows), block=True)


@shape("D4-D3", "data", "space-aligned table with the unit in the header: Spend ($k)")
def aligned_unit_header(s: Scene) -> Part:
    phrase, _ = recast(s)
    unit, scale = s.rng.choice((("($k)", 1_000), ("(k$)", 1_000), ("($000s)", 1_000)))
    width = max(len(c.name) for c in s.channels) + 3
    noun = outcome_noun(s)
    lines = [f"{'Channel':<{width}}{'Spend ' + unit:<14}{noun}"]
    for c in s.channels:
        spend = f"{c.spend / scale:,.0f}"
        value = f"{c.outcome:,.0f}"
        lines.append(f"{c.name:<{width}}{spend:<14}{value}")
    return data(s, lead(phrase, s) + "\n".join(lines), block=True)


@shape("D4-D4", "data", "numbered list with dashes: '1) Name - 1.2 million, 300 leads'")
def numbered_dashes(s: Scene) -> Part:
    phrase, _ = recast(s)
    marker = s.choose("{i})", "{i}.", "#{i}")
    lines = [
        f"{marker.format(i=i)} {c.name} - {s.money(c.spend)}, {s.result(c)}"
        for i, c in enumerate(s.channels, start=1)
    ]
    return data(s, lead(phrase, s) + "\n".join(lines), block=True)


@shape("D4-D5", "data", "a sentence per channel with 'there' and 'it'")
def there_and_it(s: Scene) -> Part:
    phrase, _ = recast(s)
    sentences = []
    for c in s.channels:
        n = s.name(c)
        sentences.append(
            s.choose(
                f"We spent {s.money(c.spend)} on {n} and got {s.result(c)} there.",
                f"{sentence(n)} took {s.money(c.spend)}; it brought in {s.result(c)}.",
                f"On {n} we put {s.money(c.spend)} and it returned {s.result(c)}.",
            )
        )
    when = f"{sentence(phrase)}: " if phrase else ""
    return data(s, when + " ".join(sentences), block=False)


@shape("D4-D6", "data", "results for the money: 'we got 2,400 MQLs for the $400K in SEM'")
def results_for_money(s: Scene) -> Part:
    phrase, _ = recast(s)
    parts = [
        s.choose(
            f"we got {s.result(c)} for the {s.money(c.spend)} in {s.name(c)}",
            f"{s.result(c)} came back for the {s.money(c.spend)} we put in {s.name(c)}",
            f"the {s.money(c.spend)} in {s.name(c)} got us {s.result(c)}",
        )
        for c in s.channels
    ]
    when = f"{sentence(phrase)} " if phrase else ""
    return data(s, sentence(when + "; ".join(parts) + "."), block=False)


@shape("D4-D7", "data", "key/value blocks per channel (Channel: / Spend: / Result:)")
def key_value_blocks(s: Scene) -> Part:
    phrase, _ = recast(s)
    keys = s.rng.choice(
        (
            ("Channel", "Spend", "Result"),
            ("Name", "Budget spent", "Outcome"),
            ("Channel", "Cost", outcome_noun(s).capitalize()),
        )
    )
    blocks = [
        f"{keys[0]}: {c.name}\n{keys[1]}: {s.money(c.spend)}\n{keys[2]}: {s.result(c)}"
        for c in s.channels
    ]
    return data(s, lead(phrase, s) + "\n\n".join(blocks), block=True)


@shape("D4-D8", "data", "spend in parentheses after the name")
def spend_in_parentheses(s: Scene) -> Part:
    phrase, _ = recast(s)
    items = [f"{s.name(c)} ({s.money(c.spend)}) {s.choose('brought', 'got', 'drove')} {s.result(c)}"
             for c in s.channels]  # fmt: skip
    when = f"{sentence(phrase)}, " if phrase else ""
    return data(s, sentence(when + ", ".join(items) + "."), block=False)


@shape("D4-D9", "data", "'ran X at $400k for 2,400 MQLs' chained with 'and'")
def ran_at_for(s: Scene) -> Part:
    phrase, _ = recast(s)
    items = [f"{s.name(c)} at {s.money(c.spend)} for {s.result(c)}" for c in s.channels]
    when = f" {phrase}" if phrase else ""
    verb = s.choose("We ran", "Ran", "We had")
    return data(s, f"{verb} {', '.join(items[:-1])} and {items[-1]}{when}.", block=False)


@shape("D4-D10", "data", "dash-separated bullets with labelled fields")
def labelled_bullets(s: Scene) -> Part:
    phrase, _ = recast(s)
    spend_label, result_label = s.rng.choice(
        (("spend", "results"), ("cost", outcome_noun(s)), ("invested", "return"))
    )
    bullet = s.choose("-", "•", "*")
    lines = [
        f"{bullet} {c.name} — {spend_label}: {s.money(c.spend)} — {result_label}: "
        f"{outcome_figure(s, c)}"
        for c in s.channels
    ]
    return data(s, lead(phrase, s) + "\n".join(lines), block=True)


@shape("D4-D11", "data", "contrast pairs with 'while'", fits=lambda s: len(s.channels) % 2 == 0)
def while_pairs(s: Scene) -> Part:
    phrase, _ = recast(s)
    pairs = []
    for a, b in zip(s.channels[::2], s.channels[1::2], strict=True):
        pairs.append(
            f"{sentence(s.name(a))} cost {s.money(a.spend)} and brought {s.result(a)}, while "
            f"{s.name(b)} cost {s.money(b.spend)} and brought {s.result(b)}."
        )
    when = f"{sentence(phrase)}: " if phrase else ""
    return data(s, when + " ".join(pairs), block=False)


@shape("D4-D12", "data", "'had X to work with and delivered Y'")
def had_to_work_with(s: Scene) -> Part:
    phrase, _ = recast(s)
    sentences = [
        f"{sentence(s.name(c))} had {s.money(c.spend)} to work with and "
        f"{s.choose('delivered', 'came back with', 'turned it into')} {s.result(c)}."
        for c in s.channels
    ]
    when = f"{sentence(phrase)}: " if phrase else ""
    return data(s, when + " ".join(sentences), block=False)


@shape("D4-D13", "data", "Q&A notes: 'How much on X? 400k. Result? 2,400 MQLs.'", fits=counted)
def question_answer(s: Scene) -> Part:
    phrase, _ = recast(s)
    lines = [
        s.choose(
            f"How much on {s.name(c)}? {s.money(c.spend)}. Result? {s.result(c)}.",
            f"Q: spend on {s.name(c)}? A: {s.money(c.spend)}. Q: {s.noun()}? A: "
            f"{s.count(c.outcome)}.",
        )
        for c in s.channels
    ]
    return data(s, lead(phrase, s) + "\n".join(lines), block=True)


@shape("D4-D14", "data", "many channels per line, pipe separated")
def pipe_separated(s: Scene) -> Part:
    phrase, _ = recast(s)
    cells = [f"{c.name} {s.money(c.spend)} / {s.result(c)}" for c in s.channels]
    half = (len(cells) + 1) // 2
    text = " | ".join(cells[:half]) + ("\n" + " | ".join(cells[half:]) if cells[half:] else "")
    return data(s, lead(phrase, s) + text, block=True)
