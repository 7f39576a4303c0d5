"""The blind corpus (``benchmarks/understanding/blind_v2``) cannot silently rot: it is
deterministic, as large as the issue asks, and every expected reading is backed by its text
(each amount, count and share appears in the message in some notation, or follows from ones
that do: a share of a stated total, a spend over a cost per result, last period's spend plus
or minus a stated percentage).

The amounts are found here by a parser of this test's own, not the generator's tables.
"""

from __future__ import annotations

import itertools
import re

import pytest

from benchmarks.understanding.blind_v2.corpus import generate, shape_list
from benchmarks.understanding.blind_v2.intents import SHAPES as INTENT_SHAPES
from benchmarks.understanding.blind_v2.intents import intent_items
from benchmarks.understanding.generator import CorpusMessage
from benchmarks.understanding.reading import name_key

SPOKEN = {
    "fifty thousand": 50_000,
    "one hundred thousand": 100_000,
    "a hundred grand": 100_000,
    "two hundred thousand": 200_000,
    "two hundred grand": 200_000,
    "quarter of a million": 250_000,
    "three hundred thousand": 300_000,
    "three hundred grand": 300_000,
    "half a million": 500_000,
    "half a mil": 500_000,
    "five hundred thousand": 500_000,
    "three quarters of a million": 750_000,
    "one million": 1_000_000,
    "a million": 1_000_000,
    "a mil": 1_000_000,
    "a million and a half": 1_500_000,
    "one and a half million": 1_500_000,
    "two million": 2_000_000,
    "three million": 3_000_000,
    "a hundred": 100,
    "one hundred": 100,
    "two hundred": 200,
    "five hundred": 500,
    "a thousand": 1_000,
    "one thousand": 1_000,
    "twelve hundred": 1_200,
    "fifteen hundred": 1_500,
    "two thousand": 2_000,
    "three thousand": 3_000,
}
SPOKEN_SHARES = {"half": 0.5, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1}
SCALE = {
    "": 1, "k": 1e3, "grand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "million": 1e6,
    "mio": 1e6, "mio.": 1e6, "bn": 1e9, "b": 1e9,
}  # fmt: skip
NUMBER = re.compile(
    r"(?<![\w.,])(\d[\d.,]*\d|\d) ?(mm|mn|million|mio\.?|bn|grand|k|m|b)?(?![a-z])",
    re.IGNORECASE,
)


def readings_of(digits: str) -> set[float]:
    """Every value the digits can mean, US or European ("1,2" is 1.2 in Europe, 12 nowhere)."""
    values = set()
    for thousands, point in ((",", "."), (".", ",")):
        parts = digits.split(point)
        if len(parts) > 2:
            continue
        whole = parts[0].replace(thousands, "")
        if not whole.isdigit():
            continue
        text = whole + ("." + parts[1] if len(parts) == 2 else "")
        try:
            values.add(float(text))
        except ValueError:
            continue
    return values


def amounts_in(text: str) -> set[float]:
    lowered = text.casefold()
    found = {float(v) for phrase, v in SPOKEN.items() if phrase in lowered}
    for match in NUMBER.finditer(text):
        scale = SCALE[(match.group(2) or "").casefold()]
        found |= {value * scale for value in readings_of(match.group(1))}
    return found


def shares_in(text: str) -> list[float]:
    """Every share the text states, once per mention (a total split 5% / 5% / 90% needs
    both fives)."""
    lowered = text.casefold()
    found = [float(v) / 100 for v in re.findall(r"(\d+(?:\.\d+)?) ?(?:%|percent|pct)", lowered)]
    for word, value in SPOKEN_SHARES.items():
        found += [value] * len(re.findall(rf"\b{word}\b", lowered))
    return found


def derivable(message: CorpusMessage) -> set[float]:
    values = amounts_in(message.text)
    shares = shares_in(message.text)[:12]
    spent = sum(c.spend for c in message.expected.channels)
    bases = values | ({spent} if spent else set())
    candidates = set(values) | {0.0}
    sums = {sum(c) for r in range(1, len(shares) + 1) for c in itertools.combinations(shares, r)}
    for base in bases:
        candidates |= {base * p for p in shares}
        candidates |= {base * (1 - p) for p in shares} | {base * (1 + p) for p in shares}
        candidates |= {base * (1 - s) for s in sums}
    candidates |= {a / b for a in values for b in values if b}
    return {round(c, 2) for c in candidates}


def found(value: float, candidates: set[float]) -> bool:
    return any(abs(value - c) < 0.5 for c in candidates)


@pytest.fixture(scope="module")
def corpus() -> list[CorpusMessage]:
    return generate()


def test_the_corpus_and_the_intent_set_are_deterministic(corpus: list[CorpusMessage]) -> None:
    again = generate()
    assert [(m.key, m.text, m.expected) for m in corpus] == [
        (m.key, m.text, m.expected) for m in again
    ]
    assert intent_items() == intent_items()


def test_the_sets_are_as_large_as_the_issue_asks(corpus: list[CorpusMessage]) -> None:
    assert len(shape_list()) >= 20
    assert len(corpus) >= 1_000
    assert len(INTENT_SHAPES) >= 10
    items = intent_items()
    assert len(items) >= 600
    assert len({i.text.casefold() for i in items}) == len(items)
    assert {i.label for i in items} >= {
        "allocate", "scenario", "explain", "sensitivity", "methodology", "data_edit", "undo",
        "abandon_rules", "experiment", "attribute", "clarify",
    }  # fmt: skip


def test_every_expected_reading_is_backed_by_its_text(corpus: list[CorpusMessage]) -> None:
    problems = []
    for message in corpus:
        expected, text = message.expected, name_key(message.text)
        candidates = derivable(message)
        shares = shares_in(message.text)
        known = {name_key(k.name) for k in message.known}
        names = {c.name for c in expected.channels} | known

        def check(ok: bool, what: str, message: CorpusMessage = message) -> None:
            if not ok:
                problems.append(f"{message.key}: {what}")

        for c in expected.channels:
            check(c.name in text, f"channel {c.name!r} not in the text")
            check(found(c.spend, candidates), f"spend {c.spend} of {c.name}")
            check(c.outcome is not None and found(c.outcome, candidates), f"result of {c.name}")
        if expected.budget is not None:
            check(found(expected.budget, candidates), f"budget {expected.budget}")
        for rule in expected.rules:
            for channel in rule.channels:
                check(channel in names and channel in text, f"rule channel {channel!r}")
            if rule.amount is not None:
                backed = (
                    any(abs(rule.amount - s) < 1e-4 for s in shares)
                    if rule.share
                    else found(rule.amount, candidates)
                )
                check(backed, f"rule amount {rule}")
        for hint in expected.curve:
            check(hint.channel in names and hint.channel in text, f"curve channel {hint}")
            check(found(hint.amount, amounts_in(message.text)), f"curve amount {hint}")
        for change in expected.changes:
            if change.kind == "relative":
                check(any(abs(abs(change.value) - s) < 1e-4 for s in shares), f"{change}")
            else:
                check(found(abs(change.value), amounts_in(message.text)), f"{change}")
        if expected.objective is not None and expected.objective.value is not None:
            check(found(expected.objective.value, amounts_in(message.text)), "objective value")
        if expected.currency != "USD":
            marks = {"EUR": ("€", "eur"), "GBP": ("£", "gbp", "pounds")}[expected.currency]
            check(any(m in text for m in marks), "currency mark")
        check(expected.period_weeks in (None, 4, 6, 13, 26, 52), "period")
        check(not expected.channels or not message.known, "a follow-up restates figures")
    assert not problems, "\n".join(problems[:20])
