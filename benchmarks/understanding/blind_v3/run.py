"""Scoring the current reader and router on the third blind set, written to
``benchmarks/results/understanding_blind_v3.md``.

``python -m benchmarks.understanding --blind-v3`` (or ``python -m
benchmarks.understanding.blind_v3``). The set is scored once, after it was committed; the
results file keeps that run.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.understanding.blind_v3.corpus import PER_SHAPE, SEED, generate, shape_list
from benchmarks.understanding.blind_v3.intents import SEED as INTENT_SEED
from benchmarks.understanding.blind_v3.intents import SHAPES as INTENT_SHAPES
from benchmarks.understanding.blind_v3.intents import intent_items, shape_of
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

RESULTS = REPO / "benchmarks" / "results" / "understanding_blind_v3.md"


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


def evaluate(reader: Reader, router: Router, reader_name: str, router_name: str) -> BlindResults:
    messages = generate()
    start = time.perf_counter()
    scores = score(messages, reader)
    seconds_reading = time.perf_counter() - start
    items = intent_items()
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
        reader_name,
        router_name,
        ReadingSummary.of(scores),
        {k: (len(v), sum(v) / len(v)) for k, v in families.items()},
        summarise_intents(items, answers),
        intent_shapes,
        seconds_reading,
        seconds_routing,
    )


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _tally(counts: Sequence[int]) -> str:
    stated, correct = counts[0], counts[1]
    return f"{_pct(correct / stated)} of {stated}" if stated else "—"


def markdown(results: BlindResults) -> str:
    reading, intents = results.reading, results.intents
    lines = [
        "# Understanding, blind set v3: exact readings and intents",
        "",
        f"Run {results.date} at commit `{results.commit}`, with "
        "`python -m benchmarks.understanding --blind-v3` (seeds "
        f"{SEED} / intents {INTENT_SEED}; {PER_SHAPE} messages per reading shape).",
        "",
        f"Reader: {results.reader}. Router: {results.router}.",
        "",
        "**This set is blind.** It was written (`benchmarks/understanding/blind_v3/`) by someone "
        "who had not read the reader (`model_engine/intake/`), the router, the planner or the "
        "routes, or their example utterances and tests, and committed before it was scored "
        "once. It must never be used for tuning: do not read its messages or failures to "
        "change the reader or the router, do not copy its phrasings into example utterances "
        "or tests. Every message and utterance is held out.",
        "",
        "## Exact reading",
        "",
        f"{reading.messages} messages from {len(shape_list())} shapes: "
        f"**{_pct(reading.exact)} read exactly** (every category right, nothing spurious). "
        f"Reading time {results.seconds_reading:.1f} s.",
        "",
        "### By category",
        "",
        "A category is scored on the messages that state it; *spurious* counts messages that "
        "do not state it but got something in it. *asks*: the set expects nothing asked (every "
        "message is meant to be read); an ask counts as spurious. *clean*: no error that would "
        "stop the plan.",
        "",
        "| category | correct | spurious |",
        "|---|---:|---:|",
    ]
    for category in CATEGORIES:
        tally = reading.categories[category]
        lines.append(f"| {category} | {_tally(tally)} | {tally[2]} |")
    lines += ["", "### By family", "", "| family | messages | exact |", "|---|---:|---:|"]
    for family, (n, rate) in sorted(results.families.items()):
        lines.append(f"| {family} | {n} | {_pct(rate)} |")
    lines += ["", "### By shape", "", "| shape | exact |", "|---|---:|"]
    for info in shape_list():
        lines.append(f"| {info.key}: {info.title} | {_pct(reading.shapes.get(info.key, 0.0))} |")
    lines += [
        "",
        "## Intents",
        "",
        f"{intents.items} utterances from {len(INTENT_SHAPES)} shapes: **{_pct(intents.accuracy)} "
        f"correct** (the intent decided, or offered among the options when the router asks); "
        f"decided and right {_pct(intents.decided_correct)}; asked {_pct(intents.asked)}. "
        f"Routing time {results.seconds_routing:.1f} s.",
        "",
        "| label | correct |",
        "|---|---:|",
    ]
    for label, (n, ok) in sorted(intents.labels.items()):
        lines.append(f"| {label} | {ok}/{n} ({_pct(ok / n)}) |")
    lines += ["", "| intent shape | correct |", "|---|---:|"]
    for shape in INTENT_SHAPES:
        n, ok = results.intent_shapes.get(shape.key, (0, 0))
        lines.append(f"| {shape.key} ({shape.label}): {shape.title} | {ok}/{n} |")
    lines += ["", "## Notes", "", *NOTES]
    return "\n".join(lines).rstrip() + "\n"


NOTES = (
    "- **What is expected.** Every message is meant to be read without asking, so an ask "
    'counts against exact reading. Names are the user\'s ("customer dinners", "Search - '
    'competitors", "Facebook/Instagram"), with the canonical type an analyst would give them; '
    "a period not stated is a quarter; a budget's period is the one the sentence names "
    '("next month", "for the year", "for the second half") or none. A table whose header '
    'says "Spend ($k)" gives its spend in thousands. "Budget stays flat" is the total spent '
    'in the period the message gives figures for; "total spend can\'t go over X" is the '
    "budget, not a rule.",
    "- **Intent labels** are the writer's judgement of what a careful assistant should do, "
    "following the issue's list; the confusions are left out of this file on purpose, so "
    "that the set cannot be tuned on.",
)


def main(arguments: Sequence[str]) -> None:
    del arguments
    from benchmarks.understanding.adapter import read
    from benchmarks.understanding.semantic_router import semantic_route

    results = evaluate(
        read,
        semantic_route,
        "model_engine.intake.parse_message",
        "assistant.understanding.router.IntentRouter",
    )
    RESULTS.write_text(markdown(results))
    print(f"wrote {RESULTS}")
    print(f"blind v3: reading {results.reading.exact:.1%}, intents {results.intents.accuracy:.1%}")


if __name__ == "__main__":
    main(sys.argv[1:])
