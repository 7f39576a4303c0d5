"""``python -m benchmarks.understanding``: exact reading on the corpus (seen and held-out
shapes) and intent accuracy on the intent set, written to
``benchmarks/results/understanding.md``.

``--baseline`` records the run as the blind baseline (done once, before the reader and the
router were changed).
"""

from __future__ import annotations

import sys

from benchmarks.understanding.adapter import read
from benchmarks.understanding.baseline_router import planner_route
from benchmarks.understanding.run import RESULTS, evaluate, save_baseline, write_markdown
from benchmarks.understanding.semantic_router import semantic_route


def main(arguments: list[str]) -> None:
    if "--baseline" in arguments:
        results = evaluate(
            read, planner_route, "model_engine.intake.parse_message", "the first wave's planner"
            " routing (assistant.intents.route_message)",
        )  # fmt: skip
        save_baseline(results)
    else:
        results = evaluate(
            read, semantic_route, "model_engine.intake.parse_message",
            "assistant.understanding.router.IntentRouter",
        )  # fmt: skip
    write_markdown(results, NOTES)
    print(f"wrote {RESULTS}")
    print(
        f"reading: seen {results.seen.exact:.1%}, held out {results.held_out.exact:.1%}; "
        f"intents: seen {results.intents_seen.accuracy:.1%}, "
        f"held out {results.intents_held_out.accuracy:.1%}"
    )


NOTES = (
    "- The held-out shapes and intent templates were written before the reader and the router "
    "were changed, scored once blind (the baseline below), and not looked at while developing.",
)


if __name__ == "__main__":
    main(sys.argv[1:])
