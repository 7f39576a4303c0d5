"""``python -m benchmarks.understanding --blind-v4 [--out PATH] [--totals]``: the reader and the
router scored once on the fourth blind set, written to
``benchmarks/results/understanding_blind_v4.md`` (or ``--out PATH``); ``--totals`` prints only
the two totals."""

from __future__ import annotations

from pathlib import Path

from benchmarks.understanding.blind_report import (
    BlindResults,
    evaluate,
    intent_section,
    pct,
    reading_section,
)
from benchmarks.understanding.blind_v4.corpus import PER_SHAPE, SEED, generate, shapes
from benchmarks.understanding.blind_v4.intents import INTENT_SHAPES, intent_items, shape_of
from benchmarks.understanding.blind_v4.intents import SEED as INTENT_SEED
from benchmarks.understanding.run import REPO

RESULTS = REPO / "benchmarks" / "results" / "understanding_blind_v4.md"
READER = "model_engine.intake.parse_message"
ROUTER = "assistant.understanding.router.IntentRouter"

CATEGORY_NOTE = (
    "A category is scored on the messages that state it; *spurious* counts messages that do "
    "not state it but got something in it (a phantom channel, an invented rule). *clean*: no "
    "error that would stop the plan."
)

NOTES = (
    "- **Blind.** Written by an author who did not open the reader (`model_engine/intake/`), "
    "the router and its examples (`assistant/`), the tests, the other blind and development "
    "sets or their results; only the reading types, the scoring and report helpers and the "
    "channel types were read. Scored once; after this run the set is spent and kept out of "
    "tuning.",
    "- **Conventions** (the full list heads `benchmarks/understanding/blind_v4/corpus.py`): "
    "names as the user wrote them with the type an analyst gives them, no name inside "
    "another; outcome nouns carry the product's stage names (MQLs, SQLs, leads, opportunities, "
    "customers); a period not stated is a quarter (13 weeks), halves 26, years 52, a monthly "
    "rate times its months; a total for the plan's period with no channel is the budget, and "
    'relative budgets ("10% lower than last quarter") are worked out from the figures\' total; '
    "a total or a channel amount inside a what-if is a change, never the budget or a rule; "
    '"together/combined" is one rule on the pair, "each/both/neither" one rule per channel, '
    '"no channel/every channel" a rule with no channels; pause/drop is a cap of 0; booked or '
    'contracted amounts are fixed; "saturates at / flattens after" is `flattens_past`, only a '
    "named half-saturation point is `half_saturation`; a limit told as last quarter's history "
    "is no rule.",
    "- **Asks.** Three shapes expect a question instead of a reading (titles marked ASK): a cap "
    'on two channels with neither "each" nor "together" (R17), "keep X around $Y" (R18), and '
    '"X tops out at $Y" (V04, a cap or the curve?).',
    "- **Intents.** Everyday wordings of the labels the product routes to, in the blind "
    "author's words; an utterance is right when the router decides its label or offers it "
    "among its options.",
)


def main(arguments: list[str]) -> None:
    from benchmarks.understanding.adapter import read
    from benchmarks.understanding.semantic_router import semantic_route

    out = Path(arguments[arguments.index("--out") + 1]) if "--out" in arguments else RESULTS
    results = evaluate(generate(), intent_items(), shape_of, read, semantic_route, (READER, ROUTER))
    out.write_text(markdown(results))
    if "--totals" not in arguments:
        print(f"wrote {out}")
    print(
        f"reading: {pct(results.reading.exact)} of {results.reading.messages} exact; "
        f"intents: {pct(results.intents.accuracy)} of {results.intents.items}"
    )


def markdown(results: BlindResults) -> str:
    lines = [
        "# Understanding: the fourth blind set",
        "",
        f"`python -m benchmarks.understanding --blind-v4` (seeds {SEED} / intents "
        f"{INTENT_SEED}; {PER_SHAPE} messages per shape), {results.date}, commit "
        f"{results.commit}. Every shape and utterance is held out: the set "
        "(`benchmarks/understanding/blind_v4/`) was written blind and is scored once.",
        "",
        f"Reader: {results.reader}. Router: {results.router}.",
        "",
        *reading_section(results, shapes(), CATEGORY_NOTE),
        "",
        *intent_section(results, INTENT_SHAPES),
        "",
        "## Notes",
        "",
        *NOTES,
    ]
    return "\n".join(lines).rstrip() + "\n"
