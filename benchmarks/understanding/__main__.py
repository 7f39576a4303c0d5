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


def main(arguments: list[str]) -> None:
    results = evaluate(
        read, planner_route, "model_engine.intake.parse_message", "assistant.intents.route_message"
    )
    if "--baseline" in arguments:
        save_baseline(results)
    write_markdown(results)
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
