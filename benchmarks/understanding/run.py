"""Scoring a reader on the corpus and a router on the intent set, and writing the results.

``benchmarks/results/understanding.md`` holds the current results and, below them, the blind
baseline: the first wave's reader and routing scored once on the seen and held-out shapes
before either was changed (kept in ``understanding_baseline.json`` so every later run shows
it beside the current figures).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks.understanding.generator import PER_SHAPE, SEED, CorpusMessage, generate, shapes
from benchmarks.understanding.intent_set import IntentItem, intent_items
from benchmarks.understanding.reading import CATEGORIES, Reading
from benchmarks.understanding.scoring import (
    MessageScore,
    Tally,
    by_category,
    by_shape,
    exact_rate,
    score,
)
from benchmarks.understanding.semantic_router import ASK

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "benchmarks" / "results" / "understanding.md"
BASELINE = REPO / "benchmarks" / "results" / "understanding_baseline.json"

Reader = Callable[[CorpusMessage], Reading]
Router = Callable[[IntentItem], str]


@dataclass(frozen=True)
class ReadingSummary:
    messages: int
    exact: float
    categories: dict[str, tuple[int, int, int]]  # stated, correct, spurious
    shapes: dict[str, float]

    @classmethod
    def of(cls, scores: Sequence[MessageScore]) -> ReadingSummary:
        return cls(
            len(scores),
            exact_rate(scores),
            {c: (t.stated, t.correct, t.spurious) for c, t in by_category(scores).items()},
            {k: exact_rate(v) for k, v in by_shape(scores).items()},
        )


@dataclass(frozen=True)
class IntentSummary:
    """``accuracy``: the intent decided, or offered among the options when the router asks;
    ``asked``: the share of utterances answered with options; ``decided_correct``: the share
    decided and right."""

    items: int
    accuracy: float
    labels: dict[str, tuple[int, int]]  # items, correct
    confusions: dict[str, int]  # "expected -> got": count
    asked: float = 0.0
    decided_correct: float = 0.0


def summarise_intents(items: Sequence[IntentItem], got: Sequence[str]) -> IntentSummary:
    labels: dict[str, tuple[int, int]] = {}
    confusions: dict[str, int] = {}
    asked = decided = 0
    for item, answer in zip(items, got, strict=True):
        offered = answer.removeprefix(ASK).split("|") if answer.startswith(ASK) else [answer]
        right = item.label in offered
        asked += answer.startswith(ASK)
        decided += right and not answer.startswith(ASK)
        n, ok = labels.get(item.label, (0, 0))
        labels[item.label] = (n + 1, ok + right)
        if not right:
            key = f"{item.label} -> {answer}"
            confusions[key] = confusions.get(key, 0) + 1
    correct = sum(ok for _, ok in labels.values())
    total = len(items) or 1
    return IntentSummary(
        len(items), correct / total, labels, confusions, asked / total, decided / total
    )


@dataclass(frozen=True)
class Results:
    reader: str
    router: str
    seen: ReadingSummary
    held_out: ReadingSummary
    intents_seen: IntentSummary
    intents_held_out: IntentSummary
    seconds_reading: float
    seconds_routing: float
    long_messages: dict[str, float] = field(default_factory=dict)  # shape -> seconds


LONG_AMOUNTS = 2_000


def long_message_seconds(amounts: int = LONG_AMOUNTS) -> dict[str, float]:
    """Median seconds to read one message with ``amounts`` amounts, in three layouts."""
    from model_engine.intake import parse_message

    texts = {
        "one sentence, one channel per amount": "We spent "
        + ", ".join(f"${i + 1}K on search" for i in range(amounts)),
        "one sentence, spend and outcome pairs": "Paid search: "
        + ", ".join(f"${i + 1}K spent, {i + 10} MQLs" for i in range(amounts // 2)),
        "one channel per line": "\n".join(
            f"Channel {i}: ${i + 1}K spent, {i + 10} MQLs" for i in range(amounts // 2)
        ),
    }
    timings = {}
    for name, text in texts.items():
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            parse_message(text)
            runs.append(time.perf_counter() - start)
        timings[name] = sorted(runs)[1]
    timings["load average"] = os.getloadavg()[0]
    return timings


def evaluate(reader: Reader, router: Router, reader_name: str, router_name: str) -> Results:
    messages = generate()
    start = time.perf_counter()
    scores = score(messages, reader)
    reading_seconds = time.perf_counter() - start
    items = intent_items()
    start = time.perf_counter()
    answers = [router(item) for item in items]
    routing_seconds = time.perf_counter() - start
    seen = [s for s in scores if not s.message.held_out]
    held = [s for s in scores if s.message.held_out]
    pairs = list(zip(items, answers, strict=True))
    return Results(
        reader_name,
        router_name,
        ReadingSummary.of(seen),
        ReadingSummary.of(held),
        summarise_intents(
            [i for i, _ in pairs if not i.held_out], [a for i, a in pairs if not i.held_out]
        ),
        summarise_intents([i for i, _ in pairs if i.held_out], [a for i, a in pairs if i.held_out]),
        reading_seconds,
        routing_seconds,
        long_message_seconds(),
    )


def save_baseline(results: Results) -> None:
    BASELINE.write_text(json.dumps(asdict(results), indent=1, sort_keys=True) + "\n")


def load_baseline() -> dict[str, object] | None:
    return json.loads(BASELINE.read_text()) if BASELINE.exists() else None


def write_markdown(results: Results, notes: Sequence[str] = ()) -> None:
    lines = [
        "# Understanding: exact readings and intents",
        "",
        "`python -m benchmarks.understanding` (seeds "
        f"{SEED} / intents {intent_seed()}; {PER_SHAPE} messages per shape). The corpus and the "
        "intent set are generated by `benchmarks/understanding/`; held-out shapes live in "
        "`heldout_shapes.py` and `heldout_intent_templates.py`. They were scored blind once; "
        "the reading shapes have since been used for tuning, so they are no longer blind (see "
        "the notes).",
        "",
        f"Reader: {results.reader}. Router: {results.router}.",
        "",
        *_reading_tables(results),
        *_intent_tables(results),
    ]
    from benchmarks.understanding.intent_dev_v3 import markdown_section

    lines += markdown_section()
    if notes:
        lines += ["## Notes", "", *notes, ""]
    baseline = load_baseline()
    if baseline is not None:
        lines += _baseline_section(baseline)
    RESULTS.write_text("\n".join(lines).rstrip() + "\n")


def intent_seed() -> int:
    from benchmarks.understanding.intent_set import SEED as INTENT_SEED

    return INTENT_SEED


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _reading_tables(results: Results) -> list[str]:
    seen, held = results.seen, results.held_out
    lines = [
        "## Exact reading",
        "",
        "| shapes | messages | exact reading |",
        "|---|---:|---:|",
        f"| seen | {seen.messages} | {_pct(seen.exact)} |",
        f"| held out | {held.messages} | {_pct(held.exact)} |",
        "",
        f"Reading time: {results.seconds_reading:.1f} s for {seen.messages + held.messages} "
        "messages.",
        "",
        *_long_message_lines(results),
        "### By category",
        "",
        "A category is scored on the messages that state it; *spurious* counts messages that do "
        "not state it but got something in it (a phantom channel, an invented rule). *clean*: "
        "no error that would stop the plan.",
        "",
        "| category | seen | spurious | held out | spurious |",
        "|---|---:|---:|---:|---:|",
    ]
    for category in CATEGORIES:
        s, h = seen.categories[category], held.categories[category]
        lines.append(f"| {category} | {_tally(s)} | {s[2]} | {_tally(h)} | {h[2]} |")
    lines += [
        "",
        "### By shape",
        "",
        "**new**: a seen shape added after the reader was written for its phrasings (no "
        "companion of other shapes, so the other shapes' messages are as before).",
        "",
        "| shape | held out | exact |",
        "|---|---|---:|",
    ]
    for shape, held_out in shapes():
        summary = held if held_out else seen
        rate = summary.shapes.get(shape.key, 0.0)
        new = "" if shape.companion else " — **new**"
        lines.append(
            f"| {shape.key}: {shape.title}{new} | {'yes' if held_out else ''} | {_pct(rate)} |"
        )
    return [*lines, ""]


def _long_message_lines(results: Results) -> list[str]:
    if not results.long_messages:
        return []
    from model_engine.intake.text.message import MAX_AMOUNTS, MAX_MESSAGE_CHARACTERS

    load = results.long_messages.get("load average", 0.0)
    lines = [
        f"Reading is linear in the message: {LONG_AMOUNTS:,} amounts in one message "
        f"(median of 3; target under 1 s; the first wave's reader took 17 s for one sentence; "
        f"1-minute load average on the 2 cores while measuring: {load:.1f}):",
        "",
        "| layout | seconds |",
        "|---|---:|",
    ]
    lines += [
        f"| {name} | {seconds:.2f} |"
        for name, seconds in results.long_messages.items()
        if name != "load average"
    ]
    lines += [
        "",
        f"Past {MAX_MESSAGE_CHARACTERS:,} characters or {MAX_AMOUNTS:,} amounts a message gets a "
        "clear message (`message_too_long`: upload a file or send it in parts) instead of a read.",
        "",
    ]
    return lines


def _tally(counts: Sequence[int]) -> str:
    stated, correct = counts[0], counts[1]
    return f"{_pct(Tally(stated, correct).accuracy)} of {stated}" if stated else "—"


def _intent_tables(results: Results) -> list[str]:
    seen, held = results.intents_seen, results.intents_held_out
    lines = [
        "## Intents",
        "",
        "*correct*: the intent decided, or offered among the two or three options when the router "
        "is below its margin and asks; *decided and right*: correct without asking.",
        "",
        "| templates | utterances | correct | decided and right | asked |",
        "|---|---:|---:|---:|---:|",
        f"| seen | {seen.items} | {_pct(seen.accuracy)} | {_pct(seen.decided_correct)} | "
        f"{_pct(seen.asked)} |",
        f"| held out | {held.items} | {_pct(held.accuracy)} | {_pct(held.decided_correct)} | "
        f"{_pct(held.asked)} |",
        "",
        f"Routing time: {results.seconds_routing:.1f} s for {seen.items + held.items} utterances.",
        "",
        "| label | seen | held out |",
        "|---|---:|---:|",
    ]
    for label in sorted(set(seen.labels) | set(held.labels)):
        s, h = seen.labels.get(label, (0, 0)), held.labels.get(label, (0, 0))
        lines.append(f"| {label} | {s[1]}/{s[0]} | {h[1]}/{h[0]} |")
    worst = sorted(held.confusions.items(), key=lambda kv: -kv[1])[:8]
    if worst:
        lines += [
            "",
            "Most frequent held-out confusions: " + ", ".join(f"{k} ({v})" for k, v in worst) + ".",
        ]
    return [*lines, ""]


def _baseline_section(baseline: dict[str, object]) -> list[str]:
    seen = baseline["seen"]
    held = baseline["held_out"]
    intents_seen = baseline["intents_seen"]
    intents_held = baseline["intents_held_out"]
    assert isinstance(seen, dict)
    assert isinstance(held, dict)
    assert isinstance(intents_seen, dict)
    assert isinstance(intents_held, dict)
    lines = [
        "## Blind baseline (before the reader and the router were changed)",
        "",
        f"Reader: {baseline['reader']}. Router: {baseline['router']}. Scored once on seen and "
        "held-out shapes before any change, and kept here unchanged.",
        "",
        "| | seen | held out |",
        "|---|---:|---:|",
        f"| exact reading | {_pct(float(seen['exact']))} of {seen['messages']} | "
        f"{_pct(float(held['exact']))} of {held['messages']} |",
        f"| intents | {_pct(float(intents_seen['accuracy']))} of {intents_seen['items']} | "
        f"{_pct(float(intents_held['accuracy']))} of {intents_held['items']} |",
        "",
        "| category | seen | held out |",
        "|---|---:|---:|",
    ]
    seen_categories = seen["categories"]
    held_categories = held["categories"]
    assert isinstance(seen_categories, dict)
    assert isinstance(held_categories, dict)
    for category in CATEGORIES:
        lines.append(
            f"| {category} | {_tally(seen_categories[category])} | "
            f"{_tally(held_categories[category])} |"
        )
    return [*lines, ""]
