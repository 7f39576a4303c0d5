"""Generated chat messages that know their numbers, and the no-silent-drop check over what
the message reader (:func:`model_engine.intake.parse_message`) made of them.

A message is built from seeded pieces: channel figures in prose, bullets and tables; a budget,
rules, an objective, curve knowledge and budget changes; stray amounts in filler ("the CEO
mentioned $50K"); dates, years and week counts; counts of things that are not figures ("3
people"); typos. Every number is written in one of the notations a CMO uses ($1.2M, 400k,
1,200, 12%, "a quarter of a million", "USD 250,000", "1.2k MQLs", ranges) and is recorded as a
:class:`Number`: the words it was written as, its value, and what kind of number it is.

What counts as accounted for (:func:`unaccounted`):

- a **figure** (money, a share, a count of an outcome such as "2,400 MQLs") is *used* when
  its value is one of the values the reading holds: a channel's spend, outcome or stated cost,
  the budget, a budget change, a rule's amount, the objective's figure, a curve hint's amount;
  or *named* when an issue or an unread fragment quotes the words it was written as (the CMO is
  told, or asked). Values are unique within a message, so a value found means this number;
- a **time** number (a date, a year, "13 weeks", "Q3 2026", "6 months") is recognised when
  it is not read as an amount at all, or its week count is the period read, or it is a year
  nothing used; read as money it must be named like a figure;
- a count of things that are not outcomes ("3 people", "40 campaigns") is not a planning
  figure and is not required (the reader deliberately leaves it alone).
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

from model_engine.constraints import Amount, ChannelBound, GroupBound, MaxChange
from model_engine.intake import ParsedMessage
from model_engine.intake.text.amounts import find_amounts
from model_engine.intake.wording import money, number

NumberKind = Literal["money", "share", "count", "time", "other"]
FIGURES: frozenset[NumberKind] = frozenset({"money", "share", "count"})


@dataclass(frozen=True)
class Number:
    text: str  # as written in the message
    value: float  # what it means: dollars, a fraction for a share, a count, weeks or a year
    kind: NumberKind
    channel: str | None = None  # the channel it is a figure of


@dataclass
class Message:
    text: str
    numbers: list[Number] = field(default_factory=list)


CHANNELS = (
    "Paid search",
    "Email",
    "LinkedIn",
    "Events",
    "Webinars",
    "Content",
    "Display",
    "Podcasts",
    "Direct mail",
    "Trade shows",
    "TV",
    "Radio",
    "Affiliates",
    "SEO",
    "YouTube",
    "Billboards",
    "Partner marketing",
    "Reddit ads",
    "Sponsorships",
    "Print",
)  # 20: six pieces of at most three channels each never run out
OUTCOMES = ("MQLs", "leads", "SQLs", "demos", "signups")
FILLER = (
    "Thanks!",
    "Hope that helps.",
    "FYI the board meets soon.",
    "Let me know what you think.",
    "Sorry for the long message.",
    "Quick context from our side.",
    "ok so",
    "Cheers, Dana",
)
OTHER_THINGS = ("people", "agencies", "campaigns", "regions", "product lines", "offices")


class Draw:
    """One message's seeded draws: values are unique within the message."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.values: set[float] = set()
        self.figured: set[str] = set()  # channels given figures: each once per message
        # One outcome per message, as a CMO reports; now and then one channel differs.
        self.outcome = rng.choice(OUTCOMES)

    def channel(self) -> str:
        """A channel not yet given figures in this message."""
        left = [c for c in CHANNELS if c not in self.figured]
        chosen = self.rng.choice(left)
        self.figured.add(chosen)
        return chosen

    def _fresh(self, make: Callable[[], tuple[str, float]]) -> tuple[str, float]:
        for _ in range(200):
            text, value = make()
            if not any(math.isclose(value, v, rel_tol=1e-9) for v in self.values):
                self.values.add(value)
                return text, value
        raise AssertionError("no fresh value in 200 draws")

    def money(self, low: float = 5e3, high: float = 3e6) -> Number:
        rng = self.rng

        def make() -> tuple[str, float]:
            if high < 5e4:  # a cost per outcome or a value per outcome: $180, $1,250, 95 dollars
                value = rng.randint(int(low), int(high))
                form = rng.choice(("${:,}", "{:,} dollars", "USD {:,}", "${:,}.50"))
                return form.format(value), value + (0.5 if form.endswith(".50") else 0.0)
            style = rng.randrange(14)
            if style == 11:  # ~$300K, $300K+, roughly 1.2m, 400K USD, $ 400 K
                thousands = rng.randint(max(1, int(low / 1e3)), int(min(high, 999e3) / 1e3))
                form = rng.choice(("~${}K", "${}K+", "{}K USD", "$ {} K", "{}k$"))
                return form.format(thousands), thousands * 1e3
            if style == 12:
                tenths = rng.randint(max(1, int(low / 1e5)), max(2, int(high / 1e5)))
                form = rng.choice(("roughly {}m", "{} mn", "${}MM", "{} mio USD"))
                return form.format(f"{tenths / 10:g}"), tenths * 1e5
            if style == 0:  # $1.2M
                tenths = rng.randint(max(1, int(low / 1e5)), max(2, int(high / 1e5)))
                return f"${tenths / 10:g}M", tenths * 1e5
            if style in (1, 2, 3):  # $400K, 400k, $400k
                thousands = rng.randint(max(1, int(low / 1e3)), int(min(high, 999e3) / 1e3))
                suffix = rng.choice(("K", "k"))
                mark = "" if style == 2 else "$"
                return f"{mark}{thousands}{suffix}", thousands * 1e3
            if style in (4, 5, 6):  # $1,200 / 1,200 dollars / USD 250,000
                value = rng.randint(int(low / 100), int(high / 100)) * 100
                written = f"{value:,}"
                form = ("${}", "{} dollars", "USD {}")[style - 4]
                return form.format(written), float(value)
            if style == 7:  # $250,000.00
                value = rng.randint(int(low / 1e3), int(high / 1e3)) * 1000
                return f"${value:,}.00", float(value)
            if style == 8:  # $2 million / 1.5 million dollars
                halves = rng.randint(1, 8)
                written = f"{halves / 2:g} million"
                return rng.choice((f"${written}", f"{written} dollars")), halves * 5e5
            if style == 9:
                return rng.choice(SPELLED_MONEY)
            value = rng.randint(int(low / 1e4), int(high / 1e4)) * 1e4  # $0.35M
            return f"${value / 1e6:g}M", value

        text, value = self._fresh(make)
        return Number(text, value, "money")

    def share(self) -> Number:
        def make() -> tuple[str, float]:
            whole = self.rng.randint(2, 60)
            if self.rng.random() < 0.2:
                return f"{whole}.5%", (whole + 0.5) / 100
            return self.rng.choice((f"{whole}%", f"{whole} percent")), whole / 100

        text, value = self._fresh(make)
        return Number(text, value, "share")

    def count(self) -> Number:
        def make() -> tuple[str, float]:
            style = self.rng.randrange(3)
            if style == 0:
                value = self.rng.randint(20, 999)
                return str(value), float(value)
            if style == 1:
                value = self.rng.randint(1, 40) * 100
                return f"{value:,}", float(value)
            tenths = self.rng.randint(11, 95)
            return f"{tenths / 10:g}k", tenths * 100.0

        text, value = self._fresh(make)
        return Number(text, value, "count")


SPELLED_MONEY = (
    ("a quarter of a million", 250_000.0),
    ("half a million", 500_000.0),
    ("two hundred thousand dollars", 200_000.0),
    ("three hundred thousand", 300_000.0),
    ("one and a half million", 1_500_000.0),
    ("seventy-five thousand dollars", 75_000.0),
)
DATES = (
    ("March 3", None),
    ("2026-03-01", None),
    ("03/15/2026", None),
    ("Q3 2026", 2026.0),
    ("in 2025", 2025.0),
    ("FY2026", None),
    ("10:30", None),
    ("the 1st of April", None),
)


# --- the pieces a message is made of ---------------------------------------------------------
Piece = Callable[[Draw], Message]


def _of(channel: str, *numbers: Number) -> list[Number]:
    return [replace(n, channel=channel) for n in numbers]


def prose_figure(draw: Draw) -> Message:
    channel, spend, outcome = draw.channel(), draw.money(), draw.count()
    noun = draw.outcome if draw.rng.random() < 0.9 else draw.rng.choice(OUTCOMES)
    forms = (
        "{ch}: {s} spent, {o} {n}.",
        "We put {s} into {ch} and got {o} {n}.",
        "{ch} cost us {s} for {o} {n}.",
        "{ch} — {s} spend, {o} {n}",
        "On {ch} we spent {s}, which brought {o} {n}.",
        "{ch} brought {o} {n} on a {s} spend.",
        "spent {s} on {ch} last quarter ({o} {n}).",
        "{ch}\t{s}\t{o} {n}",
    )
    text = draw.rng.choice(forms).format(ch=channel, s=spend.text, o=outcome.text, n=noun)
    return Message(text, _of(channel, spend, outcome))


def bullet_figures(draw: Draw) -> Message:
    lines, numbers = [], []
    for _ in range(draw.rng.randint(2, 3)):
        channel, spend, outcome = draw.channel(), draw.money(), draw.count()
        marker = draw.rng.choice(("-", "*", "•"))
        lines.append(f"{marker} {channel}: {spend.text} / {outcome.text} {draw.outcome}")
        numbers += _of(channel, spend, outcome)
    return Message("Last quarter:\n" + "\n".join(lines), numbers)


def table_figures(draw: Draw) -> Message:
    numbers = []
    markdown = draw.rng.random() < 0.6
    noun = draw.outcome
    rows = (
        [f"| Channel | Spend | {noun} |", "|---|---|---|"]
        if markdown
        else [f"Channel,Spend,{noun}"]
    )
    for _ in range(draw.rng.randint(2, 3)):
        channel, spend = draw.channel(), draw.money()
        outcome = draw.count()
        if not markdown:  # a comma inside a CSV cell would split it
            spend = Number(f"{spend.value:.0f}", spend.value, "money")
            outcome = Number(f"{outcome.value:.0f}", outcome.value, "count")
        cells = (channel, spend.text, outcome.text)
        rows.append(f"| {' | '.join(cells)} |" if markdown else ",".join(cells))
        numbers += _of(channel, spend, outcome)
    return Message("Here is last quarter:\n" + "\n".join(rows), numbers)


def budget(draw: Draw) -> Message:
    amount = draw.money(2e5, 5e6)
    weeks = draw.rng.choice((4, 6, 8, 12, 26))
    forms = (
        (f"Next quarter's budget is {amount.text}.", []),
        (
            f"We have {amount.text} to spend over the next {weeks} weeks.",
            [Number(f"{weeks} weeks", weeks, "time")],
        ),
        (f"Allocate {amount.text} for Q3 2026.", [Number("2026", 2026, "time")]),
        (f"Total budget: {amount.text}", []),
    )
    text, extra = draw.rng.choice(forms)
    return Message(text, [amount, *extra])


def rule(draw: Draw) -> Message:
    channel, other = draw.rng.sample(CHANNELS, 2)
    low, high, share = draw.money(1e4, 4e5), draw.money(4e5, 9e5), draw.share()
    forms = (
        (f"Keep {channel} at least {low.text}.", [low]),
        (f"Cap {channel} at {share.text}.", [share]),
        (f"No channel above {share.text} of the budget.", [share]),
        (f"{channel} between {low.text} and {high.text}.", [low, high]),
        (f"Don't let {channel} drop below {low.text}", [low]),
        (f"{channel} is contracted at {low.text}, so that one is fixed.", [low]),
        (f"{channel} can't go over {share.text} of total spend", [share]),
        (f"We promised the {channel} vendor {low.text}.", _of(channel, low)),
        (f"{channel} and {other} together at most {high.text}.", [high]),
        (f"Max {share.text} on {channel}, please", [share]),
    )
    text, numbers = draw.rng.choice(forms)
    return Message(text, numbers)


def objective(draw: Draw) -> Message:
    cac, worth = draw.money(50, 900), draw.money(100, 2000)
    forms = (
        (f"Keep CAC under {cac.text}.", [cac]),
        (f"Our target cost per lead is {cac.text}", [cac]),
        (f"Each MQL is worth {worth.text} to us.", [worth]),
        ("Maximise MQLs.", []),
    )
    text, numbers = draw.rng.choice(forms)
    return Message(text, numbers)


def curve(draw: Draw) -> Message:
    point = draw.money(5e4, 8e5)
    channel = draw.rng.choice(CHANNELS)
    return Message(f"{channel} saturates at about {point.text}.", [point])


def budget_change(draw: Draw) -> Message:
    share = draw.share()
    delta = draw.money(5e4, 9e5)
    forms = (
        (f"What if the budget goes up {share.text}?", [share]),
        (f"And if we add {delta.text}?", [delta]),
        (f"Suppose we cut {delta.text} from the budget.", [delta]),
        (f"What happens with {share.text} less?", [share]),
    )
    text, numbers = draw.rng.choice(forms)
    return Message(text, numbers)


def range_figure(draw: Draw) -> Message:
    channel = draw.rng.choice(CHANNELS)
    low_whole = draw.rng.randint(5, 30)
    low = Number(f"{low_whole}", low_whole / 100, "share")
    high = Number(f"{low_whole + 5}%", (low_whole + 5) / 100, "share")
    return Message(f"{channel} should get {low.text}-{high.text} of spend.", [low, high])


def stray_amount(draw: Draw) -> Message:
    """An amount in passing, not said to be anything: it must reach a note or a question."""
    amount, share = draw.money(), draw.share()
    date, year = draw.rng.choice(DATES)
    dated = [Number(date, year or 0.0, "time")]
    forms = (
        (f"Our CEO mentioned {amount.text} in the board meeting on {date}.", [amount, *dated]),
        (f"The team grew {share.text} this year.", [share]),
        (f"Finance said {amount.text} might come back later.", [amount]),
        (f"Honestly {amount.text} feels like a lot.", [amount]),
        (f"Competitors spend maybe {amount.text} on ads.", [amount]),
        (f"Win rates went up {share.text} since {date}.", [share, *dated]),
        (f"(approx. {amount.text} is still unallocated)", [amount]),
        (f"Last year we did {amount.text} in total, FWIW.", [amount]),
    )
    text, numbers = draw.rng.choice(forms)
    return Message(text, numbers)


def time_words(draw: Draw) -> Message:
    date, year = draw.rng.choice(DATES)
    weeks = draw.rng.choice((4, 8, 13, 26, 52))
    forms = (
        (f"The plan starts {date}.", [Number(date, year or 0.0, "time")]),
        (f"We report every {weeks} weeks.", [Number(f"{weeks} weeks", weeks, "time")]),
        ("This covers the last 6 months.", [Number("6 months", 26, "time")]),
    )
    text, numbers = draw.rng.choice(forms)
    return Message(text, numbers)


def other_count(draw: Draw) -> Message:
    count = draw.rng.randint(2, 19)
    thing = draw.rng.choice(OTHER_THINGS)
    return Message(
        f"We have {count} {thing} involved.", [Number(f"{count} {thing}", count, "other")]
    )


PIECES: tuple[Piece, ...] = (
    prose_figure,
    prose_figure,
    bullet_figures,
    table_figures,
    budget,
    rule,
    rule,
    objective,
    curve,
    budget_change,
    range_figure,
    stray_amount,
    stray_amount,
    time_words,
    other_count,
)


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5 or not word.isalpha():
        return word
    at = rng.randrange(1, len(word) - 2)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def _with_typos(text: str, numbers: list[Number], rng: random.Random) -> str:
    protected = {w for n in numbers for w in n.text.split()} | {
        w for c in CHANNELS for w in c.split()
    }
    words = text.split(" ")
    return " ".join(
        _typo(w, rng) if w not in protected and rng.random() < 0.08 else w for w in words
    )


def _separator(before: str, after: str, chosen: str) -> str:
    """A list or a table keeps its own lines, and so does a piece without a full stop: run
    into the next it is one sentence when that one starts with a channel's name ("... 125
    signups SEO should get 8-13%"), which no grammar can split. Lines holding commas may sit
    next to each other and to a CSV block (they were set apart until the table grammar told
    prose from rows)."""
    run_on = before[-1] not in ".!?)"
    lists = "\n" in before or "\n" in after
    return "\n" if chosen == " " and (lists or run_on) else chosen


def message(seed: int) -> Message:
    """One generated message: 1-6 pieces in prose, lines or both, with filler and typos."""
    rng = random.Random(seed)
    draw = Draw(rng)
    parts = [rng.choice(PIECES)(draw) for _ in range(rng.randint(1, 6))]
    texts = [p.text for p in parts]
    for _ in range(rng.randint(0, 2)):
        texts.insert(rng.randint(0, len(texts)), rng.choice(FILLER))
    numbers = [n for p in parts for n in p.numbers]
    between = rng.choice(("\n", " ", "\n\n"))
    joined = texts[0]
    for before, text in itertools.pairwise(texts):
        joined += _separator(before, text, between) + text
    if rng.random() < 0.3:
        joined = _with_typos(joined, numbers, rng)
    return Message(joined, numbers)


def messages(count: int, seed: int) -> Iterator[Message]:
    for index in range(count):
        yield message(seed * 1_000_003 + index)


# --- what the reading holds -------------------------------------------------------------------
def used_values(parsed: ParsedMessage) -> list[float]:
    """Every value the reading holds, wherever it is used."""
    values: list[float] = []
    if parsed.snapshot is not None:
        for channel in parsed.snapshot.channels:
            values += [channel.spend, channel.outcome or math.nan]
            values.append(channel.stated_cost_per_outcome or math.nan)
    values += [parsed.budget or math.nan]
    values += [abs(c.value) for c in parsed.budget_changes]  # "cut $80K" is a change of -80,000
    for constraint in parsed.constraints:
        if isinstance(constraint, ChannelBound | GroupBound):
            values += [_value(constraint.minimum), _value(constraint.maximum)]
        elif isinstance(constraint, MaxChange):
            values.append(constraint.fraction)
    if parsed.objective is not None:
        goal = parsed.objective
        values += [goal.value_per_outcome or math.nan, goal.target_cac or math.nan]
        values.append(goal.target_volume or math.nan)
    for hint in parsed.curve_hints:
        values += [hint.stated or math.nan, hint.half_saturation]
    return [v for v in values if not math.isnan(v)]


def _value(amount: Amount | None) -> float:
    return math.nan if amount is None else amount.value


def _is_used(value: float, values: list[float]) -> bool:
    return any(math.isclose(value, v, rel_tol=1e-9) for v in values)


def notes_of(parsed: ParsedMessage) -> list[str]:
    """What the CMO is told or asked: every issue and every unread fragment's words."""
    return [i.what for i in parsed.issues] + [f.quote for f in parsed.unread]


def _is_named(found: Number, parsed: ParsedMessage, text: str) -> bool:
    """Quoted by an issue or an unread fragment; on a line an error is about (the line was
    refused, and the CMO is told why); or a figure of a channel an error names."""
    written = {found.text, money(found.value, parsed.currency), number(found.value)}
    if any(w in note for note in notes_of(parsed) for w in written):
        return True
    at = text.find(found.text)
    line = text.count("\n", 0, at) + 1 if at >= 0 else None
    if any(issue.is_error and issue.line == line for issue in parsed.issues):
        return True
    channel = found.channel
    return channel is not None and any(
        issue.is_error
        and (issue.channel == channel or channel in issue.what or issue.code in WHOLE_SNAPSHOT)
        for issue in parsed.issues
    )


# Errors that refuse every channel figure of the message at once ("the channels report
# different outcomes ... give the same outcome for every channel"): the CMO sends them again.
WHOLE_SNAPSHOT = frozenset({"mixed_outcomes"})


def _read_as_figure(found: Number, text: str) -> bool:
    """Whether the reader's amount scanner sees money or a share inside ``found``'s words (a
    bare "2026" or "13" beside "weeks" is a plain number, which no grammar takes as money)."""
    at = text.find(found.text)
    if at < 0:
        return True  # a typo touched it: judged like a figure
    end = at + len(found.text)
    return any(
        t.start < end and at < t.end and not (t.is_plain and not t.has_suffix)
        for t in find_amounts(text)
    )


def unaccounted(generated: Message, parsed: ParsedMessage) -> list[Number]:
    """The numbers of ``generated`` that ``parsed`` neither used nor named (see the module)."""
    values = used_values(parsed)
    periods = {parsed.budget_period_weeks}
    if parsed.snapshot is not None:
        periods.add(parsed.snapshot.period_weeks)
    dropped = []
    for found in generated.numbers:
        if found.kind == "other":
            continue
        if _is_used(found.value, values) or _is_named(found, parsed, generated.text):
            continue
        if found.kind == "time" and (
            found.value in periods or not _read_as_figure(found, generated.text)
        ):
            continue
        dropped.append(found)
    return dropped


# --- what a turn keeps and shows -------------------------------------------------------------
def json_numbers(document: object) -> list[float]:
    """Every number in a JSON document (the session after a turn, the turn's ``ask --json``)."""
    if isinstance(document, bool):
        return []
    if isinstance(document, int | float):
        return [abs(float(document))]
    if isinstance(document, dict):
        return [v for item in document.values() for v in json_numbers(item)]
    if isinstance(document, list):
        return [v for item in document for v in json_numbers(item)]
    return []


def unaccounted_in_turn(
    generated: Message, kept: list[float], shown: str, currency: str = "USD"
) -> list[Number]:
    """The figures of ``generated`` a turn neither kept nor showed: ``kept`` holds the numbers
    of the session and of the turn's document, ``shown`` the reply, notes, warnings and the
    sentences the turn asks about. A figure is kept when its value is among them (the session
    holds what the turn read: figures, budget, rules, objective, curve knowledge, the
    what-if), shown when the words it was written as are."""
    dropped = []
    for found in generated.numbers:
        if found.kind not in FIGURES:
            continue
        written = (found.text, money(found.value, currency), number(found.value))
        if _is_used(found.value, kept) or any(w in shown for w in written):
            continue
        dropped.append(found)
    return dropped
