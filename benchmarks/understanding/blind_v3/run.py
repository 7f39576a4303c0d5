"""Scoring the current reader and router on the third blind set, written to
``benchmarks/results/understanding_blind_v3.md``.

``python -m benchmarks.understanding --blind-v3`` (or ``python -m
benchmarks.understanding.blind_v3``). The set is scored once, after it was committed; the
results file keeps that run.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from benchmarks.understanding.blind_report import (
    BlindResults,
    evaluate,
    intent_section,
    reading_section,
)
from benchmarks.understanding.blind_v3.corpus import PER_SHAPE, SEED, generate, shape_list
from benchmarks.understanding.blind_v3.intents import SEED as INTENT_SEED
from benchmarks.understanding.blind_v3.intents import SHAPES as INTENT_SHAPES
from benchmarks.understanding.blind_v3.intents import intent_items, shape_of
from benchmarks.understanding.run import REPO

RESULTS = REPO / "benchmarks" / "results" / "understanding_blind_v3.md"


def markdown(results: BlindResults) -> str:
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
    ]
    lines += reading_section(results, shape_list(), _CATEGORY_NOTE)
    lines += ["", *intent_section(results, INTENT_SHAPES)]
    lines += ["", "## Notes", "", *NOTES]
    return "\n".join(lines).rstrip() + "\n"


_CATEGORY_NOTE = (
    "A category is scored on the messages that state it; *spurious* counts messages that "
    "do not state it but got something in it. *asks*: the set expects nothing asked (every "
    "message is meant to be read); an ask counts as spurious. *clean*: no error that would "
    "stop the plan."
)

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
        generate(),
        intent_items(),
        shape_of,
        read,
        semantic_route,
        ("model_engine.intake.parse_message", "assistant.understanding.router.IntentRouter"),
    )
    RESULTS.write_text(markdown(results))
    print(f"wrote {RESULTS}")
    print(f"blind v3: reading {results.reading.exact:.1%}, intents {results.intents.accuracy:.1%}")


if __name__ == "__main__":
    main(sys.argv[1:])
