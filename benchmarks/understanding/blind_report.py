"""What the blind sets' runners share: scoring the reader and the router on a set's messages
and utterances (:func:`evaluate`, one :class:`BlindResults`) and the results file's tables.
Each set's runner (``blind_v2/run.py``, ``blind_v3/run.py``) keeps its own words: the file's
title, what the set is, its notes."""

from __future__ import annotations

import datetime
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from benchmarks.understanding.generator import CorpusMessage
from benchmarks.understanding.intent_set import IntentItem
from benchmarks.understanding.reading import CATEGORIES
from benchmarks.understanding.run import (
    REPO,
    IntentSummary,
    Reader,
    ReadingSummary,
    Router,
    summarise_intents,
)
from benchmarks.understanding.scoring import score


class ReadingShape(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def title(self) -> str: ...


class IntentShape(ReadingShape, Protocol):
    @property
    def label(self) -> str: ...


@dataclass(frozen=True)
class BlindResults:
    date: str
    commit: str
    reader: str
    router: str
    reading: ReadingSummary
    families: dict[str, tuple[int, float]]  # family -> messages, exact
    intents: IntentSummary
    intent_shapes: dict[str, tuple[int, int]]  # shape -> items, correct
    seconds_reading: float
    seconds_routing: float


def commit() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + (" (with uncommitted changes)" if git("status", "--porcelain") else "")


def evaluate(
    messages: Sequence[CorpusMessage],
    items: Sequence[IntentItem],
    shape_of: Callable[[IntentItem], str],
    reader: Reader,
    router: Router,
    names: tuple[str, str],
) -> BlindResults:
    """``messages`` read by ``reader`` and ``items`` routed by ``router``, timed apart;
    ``names`` are the reader's and the router's, for the file."""
    start = time.perf_counter()
    scores = score(messages, reader)
    seconds_reading = time.perf_counter() - start
    start = time.perf_counter()
    answers = [router(item) for item in items]
    seconds_routing = time.perf_counter() - start
    families: dict[str, list[bool]] = {}
    for s in scores:
        families.setdefault(s.message.family, []).append(s.exact)
    intent_shapes: dict[str, tuple[int, int]] = {}
    for item, answer in zip(items, answers, strict=True):
        offered = answer.removeprefix("ask:").split("|")
        n, ok = intent_shapes.get(shape_of(item), (0, 0))
        intent_shapes[shape_of(item)] = (n + 1, ok + (item.label in offered))
    return BlindResults(
        datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        commit(),
        *names,
        ReadingSummary.of(scores),
        {k: (len(v), sum(v) / len(v)) for k, v in families.items()},
        summarise_intents(items, answers),
        intent_shapes,
        seconds_reading,
        seconds_routing,
    )


def pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def tally(counts: Sequence[int]) -> str:
    stated, correct = counts[0], counts[1]
    return f"{pct(correct / stated)} of {stated}" if stated else "—"


def reading_section(
    results: BlindResults, shapes: Sequence[ReadingShape], category_note: str
) -> list[str]:
    """The exact-reading section: the total, then by category (``category_note`` says how),
    by family and by shape."""
    reading = results.reading
    lines = [
        "## Exact reading",
        "",
        f"{reading.messages} messages from {len(shapes)} shapes: "
        f"**{pct(reading.exact)} read exactly** (every category right, nothing spurious). "
        f"Reading time {results.seconds_reading:.1f} s.",
        "",
        "### By category",
        "",
        category_note,
        "",
        "| category | correct | spurious |",
        "|---|---:|---:|",
    ]
    for category in CATEGORIES:
        counts = reading.categories[category]
        lines.append(f"| {category} | {tally(counts)} | {counts[2]} |")
    lines += ["", "### By family", "", "| family | messages | exact |", "|---|---:|---:|"]
    for family, (n, rate) in sorted(results.families.items()):
        lines.append(f"| {family} | {n} | {pct(rate)} |")
    lines += ["", "### By shape", "", "| shape | exact |", "|---|---:|"]
    for info in shapes:
        lines.append(f"| {info.key}: {info.title} | {pct(reading.shapes.get(info.key, 0.0))} |")
    return lines


def intent_section(results: BlindResults, shapes: Sequence[IntentShape]) -> list[str]:
    """The intents section: the total, by label and by utterance shape."""
    intents = results.intents
    lines = [
        "## Intents",
        "",
        f"{intents.items} utterances from {len(shapes)} shapes: **{pct(intents.accuracy)} "
        f"correct** (the intent decided, or offered among the options when the router asks); "
        f"decided and right {pct(intents.decided_correct)}; asked {pct(intents.asked)}. "
        f"Routing time {results.seconds_routing:.1f} s.",
        "",
        "| label | correct |",
        "|---|---:|",
    ]
    for label, (n, ok) in sorted(intents.labels.items()):
        lines.append(f"| {label} | {ok}/{n} ({pct(ok / n)}) |")
    lines += ["", "| intent shape | correct |", "|---|---:|"]
    for shape in shapes:
        n, ok = results.intent_shapes.get(shape.key, (0, 0))
        lines.append(f"| {shape.key} ({shape.label}): {shape.title} | {ok}/{n} |")
    return lines
