"""Blind shapes that give each channel's last-period spend and result."""

from __future__ import annotations

from benchmarks.understanding.blind_v3.facts import (
    BlindShape,
    Facts,
    Piece,
    capital,
    listing,
    shape,
)

DATA: list[BlindShape] = []


def _several(f: Facts) -> bool:
    return len(f.lines) >= 2


def _when(f: Facts) -> str:
    return f" {f.past_phrase}" if f.past_phrase else ""


def _heading(f: Facts) -> str:
    """ "Q1 numbers:" or "Numbers:"."""
    noun = f.past_noun
    word = f.pick("numbers", "results", "performance", "figures")
    return f"{capital(noun)} {word}:" if noun else f"{capital(word)}:"


@shape(
    DATA, "W-D1", "data", "'respectively': A, B and C got x, y and z, which brought ...", _several
)
def respectively(f: Facts) -> Piece:
    names = listing([f.name(c) for c in f.lines], f.rng)
    spends = listing([f.money(c.spend) for c in f.lines], f.rng)
    results = listing([f.bare_result(c) for c in f.lines], f.rng)
    noun = f.noun().removeprefix("in ")
    verb = f.pick("which brought", "which generated", "and those delivered", "for")
    text = f"{capital(names)} got {spends}{_when(f)}, {verb} {results} {noun} respectively."
    return Piece(text, channels=True, period=f.past_weeks)


@shape(DATA, "W-D2", "data", "CSV pasted with a header row (channel,spend,mqls)")
def csv(f: Facts) -> Piece:
    noun = f.outcome.name.casefold()
    head = f.pick(f"channel,spend,{noun}", f"Channel,Spend,{capital(noun)}", f"source,cost,{noun}")
    rows = [
        f'"{c.name}",{round(c.spend)},{round(c.result)}'
        if "," in c.name or f.rng.random() < 0.3
        else f"{c.name},{round(c.spend)},{round(c.result)}"
        for c in f.lines
    ]
    code = {"USD": "USD", "EUR": "EUR", "GBP": "GBP"}[f.hand.currency]
    f.marked += 1
    when = f.past_noun or f.pick("this period", "the period")
    intro = f.pick(f"CSV export, {when}, amounts in {code}:", f"raw export ({code}, {when})")
    if f.past_noun is None:
        intro = f.pick(f"CSV export, amounts in {code}:", f"raw export ({code})")
    return Piece("\n".join([intro, head, *rows]), block=True, channels=True, period=f.past_weeks)


@shape(DATA, "W-D3", "data", "space-aligned table with the unit in the header (Spend ($k))")
def unit_header(f: Facts) -> Piece:
    thousands = all(c.spend % 1_000 == 0 for c in f.lines) and f.rng.random() < 0.6
    mark = {"USD": "$", "EUR": "€", "GBP": "£"}[f.hand.currency]
    spend_head = f"Spend ({mark}k)" if thousands else f"Spend ({mark})"
    width = max(len(c.name) for c in f.lines) + 3
    noun = capital(f.outcome.name)
    rows = [f"{'Channel'.ljust(width)}{spend_head.ljust(14)}{noun}"]
    for c in f.lines:
        spend = str(round(c.spend // 1_000)) if thousands else f.hand.grouped(round(c.spend))
        result = f.hand.grouped(round(c.result))
        rows.append(f"{c.name.ljust(width)}{spend.ljust(14)}{result}")
    f.marked += 1
    if f.outcome.money:
        rows[0] = rows[0].removesuffix(noun) + f"{noun} ({mark})"
    return Piece(
        _heading(f) + "\n" + "\n".join(rows), block=True, channels=True, period=f.past_weeks
    )


@shape(DATA, "W-D4", "data", "numbered list: 1) Name - 1.2 million, 300 leads")
def numbered(f: Facts) -> Piece:
    style = f.pick("{i})", "{i}.", "#{i}")
    sep = f.pick(" - ", " — ", ": ")
    rows = [
        f"{style.format(i=i)} {c.name}{sep}{f.money(c.spend)}, {f.result(c)}"
        for i, c in enumerate(f.lines, 1)
    ]
    return Piece(
        _heading(f) + "\n" + "\n".join(rows), block=True, channels=True, period=f.past_weeks
    )


@shape(DATA, "W-D5", "data", "a sentence per channel with 'there' and 'it' (we spent 120k there)")
def there_it(f: Facts) -> Piece:
    sentences = []
    for c in f.lines:
        n = f.name(c, start=True)
        sentences.append(
            f.pick(
                f"{n}: we spent {f.money(c.spend)} there and it drove {f.result(c)}.",
                f"{n} — put {f.money(c.spend)} in, got {f.result(c)} out of it.",
                f"As for {f.name(c)}, {f.money(c.spend)} went there and it returned {f.result(c)}.",
            )
        )
    lead = capital(f.past_phrase) + "," if f.past_phrase else ""
    text = " ".join(sentences)
    return Piece(f"{lead} {text}".strip(), channels=True, period=f.past_weeks)


@shape(DATA, "W-D6", "data", "results for the money (we got 2,400 MQLs for the $400K in SEM)")
def got_for(f: Facts) -> Piece:
    items = [f"{f.result(c)} for the {f.money(c.spend)} in {f.name(c)}" for c in f.lines]
    text = f"{f.pick('We got', 'we got', 'We ended up with')} {listing(items, f.rng)}{_when(f)}."
    return Piece(text, channels=True, period=f.past_weeks)


@shape(DATA, "W-D7", "data", "key/value blocks per channel (Channel: / Spend: / Result:)")
def key_value(f: Facts) -> Piece:
    blocks = []
    noun = capital(f.outcome.name)
    for c in f.lines:
        blocks.append(
            f"{f.pick('Channel', 'Name')}: {c.name}\n"
            f"{f.pick('Spend', 'Cost', 'Invested')}: {f.money(c.spend)}\n"
            f"{noun}: {f.bare_result(c)}"
        )
    joiner = f.pick("\n\n", "\n---\n")
    text = _heading(f) + "\n\n" + joiner.join(blocks)
    return Piece(text, block=True, channels=True, period=f.past_weeks)


@shape(DATA, "W-D8", "data", "spend in parentheses after the name (SEM ($400k) drove 2,400)")
def name_parens(f: Facts) -> Piece:
    verb = f.pick("drove", "delivered", "produced", "brought in")
    items = [f"{f.name(c)} ({f.money(c.spend)}) {verb} {f.result(c)}" for c in f.lines]
    lead = capital(f.past_phrase) + ": " if f.past_phrase else ""
    return Piece(lead + "; ".join(items) + ".", channels=True, period=f.past_weeks)


@shape(DATA, "W-D9", "data", "'ran X at $400k for 2,400 MQLs', chained with 'and'")
def ran_at(f: Facts) -> Piece:
    items = [f"{f.name(c)} at {f.money(c.spend)} for {f.result(c)}" for c in f.lines]
    text = f"{f.pick('We ran', 'we ran', 'Ran')} {listing(items, f.rng)}{_when(f)}."
    return Piece(text, channels=True, period=f.past_weeks)


@shape(DATA, "W-D10", "data", "dash-separated bullets with labels (• X — $400k spend — 2.4k MQLs)")
def labelled_dashes(f: Facts) -> Piece:
    bullet = f.pick("•", "-", "*", "▪")
    rows = []
    for c in f.lines:
        spend = f.pick(f"{f.money(c.spend)} spend", f"spend {f.money(c.spend)}")
        rows.append(f"{bullet} {c.name} — {spend} — {f.result(c)}")
    return Piece(
        _heading(f) + "\n" + "\n".join(rows), block=True, channels=True, period=f.past_weeks
    )


@shape(DATA, "W-D11", "data", "contrast pairs with 'while' (X cost 400k for 2400, while Y ...)")
def while_pairs(f: Facts) -> Piece:
    parts = []
    for c in f.lines:
        parts.append(
            f.pick(
                f"{f.name(c)} cost {f.money(c.spend)} and produced {f.result(c)}",
                f"{f.name(c)} cost us {f.money(c.spend)} for {f.result(c)}",
            )
        )
    sentences = []
    for i in range(0, len(parts), 2):
        pair = parts[i : i + 2]
        sentences.append(capital(", while ".join(pair)) + ".")
    text = " ".join(sentences)
    if f.past_phrase:
        text = f.pick(f"{capital(f.past_phrase)}: ", f"Figures are for {f.past_noun}. ") + text
    return Piece(text, channels=True, period=f.past_weeks)


@shape(DATA, "W-D12", "data", "'had X to work with and delivered Y'")
def had_to_work_with(f: Facts) -> Piece:
    sentences = [
        f.pick(
            f"{f.name(c, start=True)} had {f.money(c.spend)} to work with and delivered "
            f"{f.result(c)}.",
            f"{f.name(c, start=True)} was given {f.money(c.spend)} and came back with "
            f"{f.result(c)}.",
        )
        for c in f.lines
    ]
    lead = capital(f.past_phrase) + ": " if f.past_phrase else ""
    return Piece(lead + " ".join(sentences), channels=True, period=f.past_weeks)


@shape(DATA, "W-D13", "data", "Q&A notes (How much on X? 400k. Result? 2,400 MQLs.)")
def q_and_a(f: Facts) -> Piece:
    rows = []
    for c in f.lines:
        rows.append(
            f"{f.pick('How much on', 'Spend on', 'What did we spend on')} {f.name(c)}? "
            f"{f.money(c.spend)}. {f.pick('Result?', 'Outcome?', 'And?')} {f.result(c)}."
        )
    return Piece(
        _heading(f) + "\n" + "\n".join(rows), block=True, channels=True, period=f.past_weeks
    )


@shape(DATA, "W-D14", "data", "many channels per line, pipe separated (X: 250k / 410 | Y: ...)")
def pipes_inline(f: Facts) -> Piece:
    noun = f.outcome.name
    cells = [f"{c.name}: {f.money(c.spend)} / {f.bare_result(c)}" for c in f.lines]
    lines = [" | ".join(cells[i : i + 3]) for i in range(0, len(cells), 3)]
    head = f"(spend / {noun}{', ' + f.past_noun if f.past_noun else ''})"
    return Piece(head + "\n" + "\n".join(lines), block=True, channels=True, period=f.past_weeks)
