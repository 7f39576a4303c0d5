"""Scoring the current reader and router on the blind set, written to
``benchmarks/results/understanding_blind_v2.md``.

``python -m benchmarks.understanding --blind-v2`` (or ``python -m
benchmarks.understanding.blind_v2``). ``--record-before`` also keeps the run as the 'before'
figures (``understanding_blind_v2_before.json``), shown beside every later run; it was done
once, against main's reader and router before any work on this set.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import asdict

from benchmarks.understanding.blind_report import (
    BlindResults,
    evaluate,
    intent_section,
    pct,
    reading_section,
    tally,
)
from benchmarks.understanding.blind_v2.corpus import PER_SHAPE, SEED, generate, shape_list
from benchmarks.understanding.blind_v2.intents import SEED as INTENT_SEED
from benchmarks.understanding.blind_v2.intents import SHAPES as INTENT_SHAPES
from benchmarks.understanding.blind_v2.intents import intent_items, shape_of
from benchmarks.understanding.reading import CATEGORIES
from benchmarks.understanding.run import REPO

RESULTS = REPO / "benchmarks" / "results" / "understanding_blind_v2.md"
BEFORE = REPO / "benchmarks" / "results" / "understanding_blind_v2_before.json"


def write_markdown(results: BlindResults, before: dict[str, object] | None) -> None:
    intents = results.intents
    lines = [
        "# Understanding, blind set v2: exact readings and intents",
        "",
        f"Run {results.date} at commit `{results.commit}`, with "
        "`python -m benchmarks.understanding --blind-v2` (seeds "
        f"{SEED} / intents {INTENT_SEED}; {PER_SHAPE} messages per reading shape).",
        "",
        f"Reader: {results.reader}. Router: {results.router}.",
        "",
        "**This set is blind.** It was written (`benchmarks/understanding/blind_v2/`) by someone "
        "who had not read the reader (`model_engine/intake/`) or the router "
        "(`assistant/understanding/`, `assistant/intents.py`, `assistant/planner.py`) or their "
        "tests, from how CMOs and marketing ops people write, and committed before it was "
        "scored. It must never be used for tuning: do not read its failures to change the "
        "reader or the router, do not copy its phrasings into example utterances or tests. "
        "Once it has been used that way it measures memory, not generalisation, and a new "
        "blind set is needed.",
        "",
    ]
    lines += reading_section(results, shape_list(), _CATEGORY_NOTE)
    lines += ["", *intent_section(results, INTENT_SHAPES)]
    worst = sorted(intents.confusions.items(), key=lambda kv: -kv[1])[:10]
    if worst:
        lines += ["", "Most frequent confusions: " + ", ".join(f"{k} ({v})" for k, v in worst)]
    lines += ["", "## Notes", "", *NOTES]
    if before is not None:
        lines += _before_section(before)
    RESULTS.write_text("\n".join(lines).rstrip() + "\n")


def _before_section(before: dict[str, object]) -> list[str]:
    reading, intents = before["reading"], before["intents"]
    assert isinstance(reading, dict)
    assert isinstance(intents, dict)
    categories = reading["categories"]
    assert isinstance(categories, dict)
    lines = [
        "",
        "## Before (main's reader and router, scored once when the set was made)",
        "",
        f"Run {before['date']} at commit `{before['commit']}`. Reader: {before['reader']}. "
        f"Router: {before['router']}.",
        "",
        f"Exact reading {pct(float(reading['exact']))} of {reading['messages']}; intents "
        f"{pct(float(intents['accuracy']))} of {intents['items']}.",
        "",
        "| category | correct | spurious |",
        "|---|---:|---:|",
    ]
    for category in CATEGORIES:
        counts = categories[category]
        lines.append(f"| {category} | {tally(counts)} | {counts[2]} |")
    return lines


_CATEGORY_NOTE = (
    "A category is scored on the messages that state it; *spurious* counts messages that "
    "do not state it but got something in it. *asks*: the set expects nothing asked (every "
    "message is meant to be read); an ask on a message counts as spurious there. *clean*: no "
    "error that would stop the plan."
)

NOTES = (
    "- **What is expected.** Every message is meant to be read without asking: the set states "
    "no sentence as ambiguous, so an ask counts against exact reading. Names are the user's "
    '("podcast sponsorships", "non-brand search"), with the canonical type an analyst would '
    "give them; a period not stated is a quarter; a budget's period is the one the sentence "
    'names ("a month", "annual", "for H2") or none.',
    "- **Intent labels** are the writer's judgement of what a careful assistant should do, "
    'following the issue\'s list ("what share of spend should we set aside for tests" and '
    '"how long does a radio flight keep paying off" are methodology; "what would we lose if '
    'we dropped X" is a scenario).',
    "- **Known wrinkles in the text**, kept so the set stays as it was scored: an article before "
    'a vowel is sometimes wrong ("A opportunity is worth..."), and some filler names a '
    'channel type ("Sales keeps asking for more events").',
    "- **Protocol.** The set was committed (fe23576) before its first scoring; the 'before' "
    "figures below are that first run, against main's reader and router (main was at f1877ca, "
    "the branch's base). Later runs of this file show the current reader beside them.",
)


def main(arguments: Sequence[str]) -> None:
    from benchmarks.understanding.adapter import read
    from benchmarks.understanding.semantic_router import semantic_route

    results = evaluate(
        generate(),
        intent_items(),
        shape_of,
        read,
        semantic_route,
        ("model_engine.intake.parse_message", "assistant.understanding.router.IntentRouter"),
    )
    if "--record-before" in arguments:
        BEFORE.write_text(json.dumps(asdict(results), indent=1, sort_keys=True) + "\n")
    before = json.loads(BEFORE.read_text()) if BEFORE.exists() else None
    write_markdown(results, before)
    print(f"wrote {RESULTS}")
    print(f"blind v2: reading {results.reading.exact:.1%}, intents {results.intents.accuracy:.1%}")


if __name__ == "__main__":
    main(sys.argv[1:])
