"""Blind-v4 data shapes: channel figures in many layouts."""

from __future__ import annotations

import random

from benchmarks.understanding.blind_v4.registry import Draft, shape
from benchmarks.understanding.blind_v4.scene import Scene
from benchmarks.understanding.blind_v4.vocab import cap, dress, percent_text
from benchmarks.understanding.reading import Reading

_QUARTER = ("Last quarter", "In Q3", "Over the last 13 weeks", "Last qtr", "This past quarter")


def _period(rng: random.Random) -> str:
    return rng.choice(_QUARTER) if rng.random() < 0.7 else ""


@shape("D01", "data", "verb-first prose, outcome in parentheses")
def verb_first(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 5))
    verb = rng.choice(("spent", "put", "invested"))
    pieces = [f"{s.m(s.spend[n])} on {n} ({s.c(s.results[n])} {s.noun})" for n in s.texts]
    lead = _period(rng)
    body = f"we {verb} " + ", ".join(pieces[:-1]) + " and " + pieces[-1] + "."
    text = f"{lead}, {body}" if lead else cap(body)
    return Draft(dress([text], rng), s.data_reading())


@shape("D02", "data", "one channel per line with an arrow")
def arrows(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 6), types=("traditional",))
    arrow = rng.choice(("->", "→", "=>", "-->"))
    lines = [f"{n} {s.m(s.spend[n])} {arrow} {s.c(s.results[n])} {s.noun}" for n in s.texts]
    intro = rng.choice(("Q3 results:", "last quarter:", "Numbers from last quarter", ""))
    return Draft(dress(["\n".join([intro, *lines]).strip()], rng), s.data_reading())


@shape("D03", "data", "markdown table, spend in thousands in the header")
def table_thousands(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 6))
    unit = rng.choice((f"{s.symbol}K", f"{s.symbol}k", f"{s.symbol}000s", f"{s.symbol} thousands"))
    lines = [f"| Channel | Spend ({unit}) | {s.noun} |", "|---|---|---|"]
    lines += [f"| {n} | {s.spend[n] / 1000:,.0f} | {s.results[n]:,} |" for n in s.texts]
    intro = rng.choice(("Last quarter by channel:", "Here's Q3:", "Data below."))
    return Draft(
        dress([intro, "\n".join(lines)], rng, shuffle=False, joiner="\n"), s.data_reading()
    )


@shape("D04", "data", "plain table with full amounts and a cost-per-outcome column")
def table_cac(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 6))
    head = rng.choice(("CAC", f"Cost per {s.singular}", "CPL"))
    lines = [f"Channel | Spend | {s.noun} | {head}"]
    lines += [
        f"{n} | {s.symbol}{s.spend[n]:,} | {s.results[n]:,} | {s.symbol}{s.cac(n):,}"
        for n in s.texts
    ]
    return Draft(dress(["\n".join(lines)], rng, joiner="\n"), s.data_reading())


@shape("D05", "data", "one channel per line: spent, outcome, CAC")
def per_line_cac(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 6))
    lines = [
        f"{n}: {s.m(s.spend[n])} spent, {s.c(s.results[n])} {s.noun}, {s.symbol}{s.cac(n)} CAC"
        for n in s.texts
    ]
    intro = rng.choice(("Based on last quarter's data:", "Last quarter:", "Our Q3 numbers:"))
    return Draft(dress([intro + "\n" + "\n".join(lines)], rng), s.data_reading())


@shape("D06", "data", "many channels on one line, spend / outcome pairs, outcome named once")
def pairs_one_line(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 6))
    sep = rng.choice(("; ", " | ", ", "))
    pairs = [f"{n.casefold()} {s.m(s.spend[n])} / {s.c(s.results[n])}" for n in s.texts]
    head = rng.choice((f"spend / {s.noun}", f"Spend/{s.noun}", f"spend vs {s.noun}"))
    text = f"{_period(rng) or 'Last quarter'} {head}: " + sep.join(pairs)
    return Draft(dress([text], rng), s.data_reading())


@shape("D07", "data", "pronouns: it, that one, there")
def pronouns(rng: random.Random) -> Draft:
    s = Scene(rng, 3)
    a, b, c = s.texts
    sentences = [
        f"{a} got {s.m(s.spend[a])} and it brought in {s.c(s.results[a])} {s.noun}.",
        f"{b} was {s.m(s.spend[b])}; that one drove {s.c(s.results[b])} {s.noun}.",
        f"We also ran {c}: {s.m(s.spend[c])} there, for {s.c(s.results[c])} {s.noun}.",
    ]
    lead = rng.choice(("Last quarter in short.", "Recap of Q3.", ""))
    return Draft(
        dress([lead, *sentences] if lead else sentences, rng, shuffle=False), s.data_reading()
    )


@shape("D08", "data", "amount first: 'the $300K we put into events brought ...', 'which brought'")
def amount_first(rng: random.Random) -> Draft:
    s = Scene(rng, 3)
    a, b, c = s.texts
    sentences = [
        f"The {s.m(s.spend[a])} we put into {a} brought {s.c(s.results[a])} {s.noun}.",
        f"{cap(s.m(s.spend[b]))} went to {b}, which brought in {s.c(s.results[b])} {s.noun}.",
        f"{c}'s {s.m(s.spend[c])} returned {s.c(s.results[c])} {s.noun}.",
    ]
    return Draft(dress(sentences, rng), s.data_reading())


@shape("D09", "data", "shares of a stated total, results in a second sentence, 'the rest'")
def shares_of_total(rng: random.Random) -> Draft:
    s = Scene(rng, 3)
    a, b, c = s.texts
    total = rng.randrange(8, 31) * 100_000
    first, second = rng.choice(((0.5, 0.3), (0.4, 0.35), (0.45, 0.25), (0.6, 0.2), (0.3, 0.3)))
    s.spend = {a: round(total * first), b: round(total * second)}
    s.spend[c] = total - s.spend[a] - s.spend[b]
    s.results = {n: s.results[n] for n in s.texts}
    split = (
        f"Last quarter we spent {s.m(total)} in total: {percent_text(first, rng)} on {a}, "
        f"{percent_text(second, rng)} on {b} and the rest on {c}."
    )
    results = (
        f"{a} brought {s.c(s.results[a])} {s.noun}, {b} {s.c(s.results[b])} and "
        f"{c} {s.c(s.results[c])}."
    )
    return Draft(dress([split, results], rng, shuffle=False), s.data_reading())


@shape("D10", "data", "a period in weeks or halves, bulleted lines")
def other_period(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 5))
    phrase, weeks = rng.choice(
        (
            ("Over the last 8 weeks", 8),
            ("Past six weeks", 6),
            ("In H1", 26),
            ("Over the first half of the year", 26),
            ("Last 4 weeks", 4),
            ("Across the whole of last year", 52),
        )
    )
    lines = [f"- {n}: {s.m(s.spend[n])}, {s.c(s.results[n])} {s.noun}" for n in s.texts]
    return Draft(dress([phrase + ":\n" + "\n".join(lines)], rng), s.data_reading(weeks))


@shape("D11", "data", "a spreadsheet paste, tab-separated, bare numbers")
def tsv_paste(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 7))
    spend_head = "spend" if s.currency == "USD" else f"spend ({s.currency})"
    lines = ["\t".join(("channel", spend_head, s.noun.casefold()))]
    lines += [f"{n}\t{s.spend[n]}\t{s.results[n]}" for n in s.texts]
    intro = rng.choice(("pasting from the sheet:", "Straight from Looker:", "raw export below"))
    return Draft(intro + "\n" + "\n".join(lines), s.data_reading())


@shape("D12", "data", "outcome first: '2,400 MQLs from paid search ($400K)'")
def outcome_first(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 5))
    pieces = [f"{s.c(s.results[n])} {s.noun} from {n} ({s.m(s.spend[n])})" for n in s.texts]
    text = (
        rng.choice(("Results last quarter: ", "Q3 came in at ", "We got "))
        + ", ".join(pieces)
        + "."
    )
    return Draft(dress([text], rng), s.data_reading())


@shape("D13", "data", "some channels with no tracked outcome")
def untracked(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(4, 6), types=("traditional",))
    dark = [n for n in s.texts if n != s.texts[0]][: rng.randint(1, 2)]
    lines = []
    for n in s.texts:
        if n in dark:
            note = rng.choice(
                ("no tracking", "we don't track results there", "not attributable", "n/a")
            )
            lines.append(f"{n}: {s.m(s.spend[n])} ({note})")
        else:
            lines.append(f"{n}: {s.m(s.spend[n])}, {s.c(s.results[n])} {s.noun}")
    expected = Reading(channels=s.figures(untracked=dark), period_weeks=13, currency=s.currency)
    return Draft(dress(["\n".join(lines)], rng), expected)


@shape("D14", "data", "CSV with a header row")
def csv_paste(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 6), currency="USD")
    noun = s.noun.casefold().replace(" ", "_")
    lines = [f"channel,spend,{noun}"] + [f"{n},{s.spend[n]},{s.results[n]}" for n in s.texts]
    return Draft("\n".join(lines), s.data_reading())


@shape("D15", "data", "spend listed first, results listed after, matched by name in another order")
def two_lists(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 5))
    order = s.texts
    spend = ", ".join(f"{n} {s.m(s.spend[n])}" for n in order)
    rng.shuffle(order)
    results = ", ".join(f"{n.casefold()} {s.c(s.results[n])}" for n in order)
    text = f"Spend last quarter: {spend}.\n{cap(s.noun)}: {results}."
    return Draft(dress([text], rng), s.data_reading())


@shape("D16", "data", "terse Slack lines in lower case with dashes")
def slack_lines(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(3, 6))
    lines = [
        f"{n.casefold()} - {s.m(s.spend[n])} - {s.c(s.results[n])} {s.noun.casefold()}"
        for n in s.texts
    ]
    return Draft(dress(["q3 numbers\n" + "\n".join(lines)], rng, filler=False), s.data_reading())


@shape("D17", "data", "'for' and 'got' prose: 'we got 410 SQLs for 250k on LinkedIn'")
def got_for(rng: random.Random) -> Draft:
    s = Scene(rng, rng.randint(2, 4))
    sentences = [
        rng.choice(
            (
                f"We got {s.c(s.results[n])} {s.noun} for {s.m(s.spend[n])} on {n}.",
                f"{n} cost us {s.m(s.spend[n])} for {s.c(s.results[n])} {s.noun}.",
                f"{s.m(s.spend[n])} on {n} got us {s.c(s.results[n])} {s.noun}.",
            )
        )
        for n in s.texts
    ]
    return Draft(dress(sentences, rng), s.data_reading())
