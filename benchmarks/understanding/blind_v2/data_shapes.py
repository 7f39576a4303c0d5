"""Blind shapes that give each channel's last-period spend and result."""

from __future__ import annotations

from benchmarks.understanding.blind_v2.facts import Facts, Piece, capital, listing
from benchmarks.understanding.blind_v2.registry import BlindShape, shape

DATA: list[BlindShape] = []


def _lead(f: Facts) -> str:
    phrase = f.past_phrase
    return "" if phrase is None else capital(phrase) + ":"


def _counts_only(f: Facts) -> bool:
    return not f.outcome.money


@shape(DATA, "V-D1", "data", "arrows, one channel a line (TV 1.2M -> 4,000 leads)")
def arrows(f: Facts) -> Piece:
    arrow = f.pick("->", "→", "=>", "-->")
    rows = [f"{f.name(c)} {f.money(c.spend)} {arrow} {f.result(c)}" for c in f.lines]
    lead = _lead(f)
    if lead and f.rng.random() < 0.5:
        return Piece(lead + " " + "; ".join(rows), channels=True, period=f.past_weeks)
    head = [lead] if lead else []
    return Piece("\n".join([*head, *rows]), block=True, channels=True, period=f.past_weeks)


@shape(DATA, "V-D2", "data", "put into, result in parentheses (0.4M into search (2.4k MQLs))")
def put_into(f: Facts) -> Piece:
    verb = f.pick("put", "dropped", "threw", "invested")
    items = [f"{f.money(c.spend)} into {f.name(c)} ({f.result(c)})" for c in f.lines]
    phrase, weeks = f.past_phrase, f.past_weeks
    when = f" {phrase}" if phrase else ""
    text = f"{f.pick('We', 'we', 'So we')} {verb} {listing(items, f.rng)}{when}."
    return Piece(text, channels=True, period=weeks)


@shape(DATA, "V-D3", "data", "table pasted from Sheets, tab separated, sometimes a total row")
def sheet(f: Facts) -> Piece:
    spend_head = f.pick(
        "Spend", "spend", "Cost", "Spend ($)" if f.hand.currency == "USD" else "Spend"
    )
    head = (
        f"{f.pick('Channel', 'channel', 'Line item', 'Source')}\t{spend_head}\t{capital(f.noun())}"
    )
    as_cells = f.rng.random() < 0.5
    rows = []
    for c in f.lines:
        spend = f.money(c.spend) if not as_cells else f.hand.grouped(round(c.spend))
        result = (
            f.hand.grouped(round(c.result)) if as_cells else
            (f.money(c.result) if f.outcome.money else f.count(c.result))
        )  # fmt: skip
        rows.append(f"{c.name}\t{spend}\t{result}")
    if f.rng.random() < 0.3:
        total = sum(c.result for c in f.lines)
        rows.append(
            f"{f.pick('Total', 'TOTAL', 'Grand total')}\t{f.hand.grouped(round(f.total))}\t"
            f"{f.hand.grouped(round(total))}"
        )
    weeks = f.past_weeks
    currency = {"USD": "USD", "EUR": "€", "GBP": "£"}[f.hand.currency]
    intro = f"{f.pick('Export from the dashboard', 'From our tracker', 'Pasting the sheet')}"
    noun = f.past_noun
    intro += f" ({noun}, {currency})" if noun else f" ({currency})"
    if as_cells:
        f.marked += 1
    return Piece(intro + ":\n" + "\n".join([head, *rows]), block=True, channels=True, period=weeks)


@shape(DATA, "V-D4", "data", "bullets: name, spend / result")
def bullets_slash(f: Facts) -> Piece:
    bullet = f.pick("-", "•", "*", "–")
    rows = []
    for c in f.lines:
        word = f.pick(" spend", " spent", "")
        rows.append(f"{bullet} {c.name}: {f.money(c.spend)}{word} / {f.result(c)}")
    lead = _lead(f)
    text = "\n".join([lead, *rows]) if lead else "\n".join(rows)
    return Piece(text, block=True, channels=True, period=f.past_weeks)


@shape(DATA, "V-D5", "data", "forwarded email from RevOps, one prose sentence per channel")
def forwarded(f: Facts) -> Piece:
    weeks = f.past_weeks
    subject = f"{f.past_noun or 'latest'} channel actuals"
    sentences = []
    for c in f.lines:
        sentences.append(
            f.pick(
                f"{f.name(c, start=True)} cost us {f.money(c.spend)} and drove {f.result(c)}.",
                f"We spent {f.money(c.spend)} on {f.name(c)}, which brought in {f.result(c)}.",
                f"{f.name(c, start=True)}: {f.money(c.spend)} in spend, {f.result(c)}.",
            )
        )
    sender = f.pick("Priya Shah <priya@northwind.io>", "Tom Becker <tbecker@acme.co>")
    text = (
        "---------- Forwarded message ---------\n"
        f"From: {sender}\nSubject: {capital(subject)}\n\n"
        f"{f.pick('Hi all,', 'Team,', 'Hey,')}\n\n"
        + "\n".join(sentences)
        + f"\n\n{f.pick('Best,', 'Thanks,', '-')} {sender.split()[0]}"
    )
    return Piece(text, block=True, channels=True, period=weeks)


@shape(DATA, "V-D6", "data", "shares of a stated total, the last as 'the rest'")
def shares_of_total(f: Facts) -> Piece:
    units = _partition(f, 20, len(f.lines))
    total = f.rng.randrange(2, 16) * 200_000
    for line, unit in zip(f.lines, units, strict=True):
        f.set_spend(line, total * unit / 20)
    phrase, weeks = f.past_phrase, f.past_weeks
    when = f" {phrase}" if phrase else ""
    clauses = []
    for i, (c, unit) in enumerate(zip(f.lines, units, strict=True)):
        if i == len(f.lines) - 1 and f.rng.random() < 0.5:
            clauses.append(f"the rest went to {f.name(c)} ({f.result(c)})")
        else:
            pct = f.share(unit / 20)
            clauses.append(f"{f.name(c)} got {pct} ({f.result(c)})")
    text = f"Total spend{when} was {f.money(total)}: {listing(clauses, f.rng)}."
    return Piece(text, channels=True, period=weeks)


def _partition(f: Facts, total: int, parts: int) -> list[int]:
    cuts = sorted(f.rng.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


@shape(DATA, "V-D7", "data", "results first: 1,200 SQLs from webinars on 150k")
def results_first(f: Facts) -> Piece:
    rows = []
    for c in f.lines:
        rows.append(
            f.pick(
                f"{f.result(c)} from {f.name(c)} on {f.money(c.spend)}",
                f"{f.result(c)} out of {f.name(c)} for {f.money(c.spend)}",
                f"{f.result(c)} via {f.name(c)} ({f.money(c.spend)} spent)",
            )
        )
    phrase, weeks = f.past_phrase, f.past_weeks
    lead = f"{capital(phrase)} we got " if phrase else "We got "
    if f.rng.random() < 0.5:
        return Piece(lead + listing(rows, f.rng) + ".", channels=True, period=weeks)
    head = lead.strip() + ":"
    return Piece("\n".join([head, *rows]), block=True, channels=True, period=weeks)


@shape(DATA, "V-D8", "data", "slash one-liner: spend/MQLs: search 400k/2400, ...")
def slash_pairs(f: Facts) -> Piece:
    noun = f.noun() if not f.outcome.money else f.outcome.name
    weeks = f.past_weeks
    period = f" ({f.past_noun})" if f.past_noun else ""
    head = f"spend/{noun}{period}:"
    items = []
    for c in f.lines:
        result = f.money(c.result) if f.outcome.money else f.count(c.result)
        items.append(f"{f.name(c)} {f.money(c.spend)}/{result}")
    return Piece(head + " " + ", ".join(items), channels=True, period=weeks)


@shape(DATA, "V-D9", "data", "a spend line and a results line")
def two_lines(f: Facts) -> Piece:
    weeks = f.past_weeks
    noun = f.noun() if not f.outcome.money else capital(f.outcome.name)
    spends = ", ".join(f"{f.name(c)} {f.money(c.spend)}" for c in f.lines)
    order = list(f.lines)
    f.rng.shuffle(order)
    results = ", ".join(
        f"{f.name(c)} {f.money(c.result) if f.outcome.money else f.count(c.result)}" for c in order
    )
    when = f" ({f.past_noun})" if f.past_noun else ""
    text = f"Spend{when}: {spends}\n{capital(noun)}: {results}"
    return Piece(text, block=True, channels=True, period=weeks)


@shape(DATA, "V-D10", "data", "spend with a cost per result (at $250 per MQL)", _counts_only)
def cost_per(f: Facts) -> Piece:
    singular = f.outcome.singular
    rows = []
    for c in f.lines:
        cost = f.rng.choice((50, 100, 125, 200, 250, 500, 1_000))
        c.result = c.spend / cost
        each = f.money(cost, mark=True)
        cpx = f.pick(
            f"at {each} per {singular}", f"so {each}/{singular}", f"({each} cost per {singular})"
        )
        rows.append(f"{f.name(c)}: {f.money(c.spend)} {cpx}")
    lead = _lead(f)
    text = "\n".join([lead, *rows]) if lead else "\n".join(rows)
    return Piece(text, block=True, channels=True, period=f.past_weeks)


@shape(DATA, "V-D11", "data", "Slack run-on, lower case, 'was like ... for'")
def slack_run_on(f: Facts) -> Piece:
    phrase, weeks = f.past_phrase, f.past_weeks
    bits = []
    for i, c in enumerate(f.lines):
        link = f.pick("for", "got us", "->", "and got")
        was = "was like " if i == 0 else f.pick("", "was ", "roughly ")
        bits.append(f"{c.name.casefold()} {was}{f.money(c.spend)} {link} {f.result(c)}")
    head = f"ok so {phrase}{f.pick(' —', ':', '')} " if phrase else "ok so "
    return Piece(head + ", ".join(bits), channels=True, period=weeks)


@shape(DATA, "V-D12", "data", "markdown table with pipes")
def pipe_table(f: Facts) -> Piece:
    noun = capital(f.noun()) if not f.outcome.money else capital(f.outcome.name)
    rows = ["| Channel | Spend | " + noun + " |", "|---|---:|---:|"]
    for c in f.lines:
        result = f.money(c.result) if f.outcome.money else f.count(c.result)
        rows.append(f"| {c.name} | {f.money(c.spend)} | {result} |")
    weeks, period = f.past_weeks, f.past_noun
    intro = f"Numbers for {period}:" if period else "Numbers:"
    return Piece(intro + "\n" + "\n".join(rows), block=True, channels=True, period=weeks)


@shape(DATA, "V-D13", "data", "the $X we spent on Y brought in Z, one sentence each")
def which_brought(f: Facts) -> Piece:
    phrase, weeks = f.past_phrase, f.past_weeks
    sentences = []
    for i, c in enumerate(f.lines):
        when = f" {phrase}" if phrase and i == 0 else ""
        verb = f.pick("brought in", "generated", "delivered", "produced")
        sentences.append(
            f"The {f.money(c.spend)} we spent on {f.name(c)}{when} {verb} {f.result(c)}."
        )
    return Piece(" ".join(sentences), channels=True, period=weeks)
