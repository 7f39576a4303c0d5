"""``python -m benchmarks.understanding --dev-v3``: exact reading on the v3 development set,
seen and held-out shapes, written to ``benchmarks/results/understanding_dev_v3.md``.

``--before`` records the run as the figures before the reader was changed (kept in
``understanding_dev_v3_before.json`` and shown beside every later run). ``--failures N``
prints up to N failing *seen* messages per shape (held-out failures are never printed: they
are not for tuning).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from benchmarks.understanding.adapter import read
from benchmarks.understanding.dev_v3.generator import PER_SHAPE, SEED, generate, shapes
from benchmarks.understanding.reading import CATEGORIES
from benchmarks.understanding.run import ReadingSummary
from benchmarks.understanding.scoring import print_failures, score

REPO = Path(__file__).resolve().parents[3]
RESULTS = REPO / "benchmarks" / "results" / "understanding_dev_v3.md"
BEFORE = REPO / "benchmarks" / "results" / "understanding_dev_v3_before.json"


def main(arguments: list[str]) -> None:
    messages = generate()
    start = time.perf_counter()
    scores = score(messages, read)
    seconds = time.perf_counter() - start
    seen = ReadingSummary.of([s for s in scores if not s.message.held_out])
    held = ReadingSummary.of([s for s in scores if s.message.held_out])
    if "--before" in arguments:
        BEFORE.write_text(
            json.dumps({"seen": asdict(seen), "held_out": asdict(held)}, indent=1, sort_keys=True)
            + "\n"
        )
    if "--failures" in arguments:
        limit = int(arguments[arguments.index("--failures") + 1])
        print_failures([s for s in scores if not s.message.held_out], limit)
    write_markdown(seen, held, seconds, len(messages))
    print(f"wrote {RESULTS}")
    print(f"dev v3 reading: seen {seen.exact:.1%}, held out {held.exact:.1%}")


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _tally(counts: Sequence[int]) -> str:
    stated, correct = counts[0], counts[1]
    return f"{_pct(correct / stated)} of {stated}" if stated else "—"


def write_markdown(seen: ReadingSummary, held: ReadingSummary, seconds: float, total: int) -> None:
    before = json.loads(BEFORE.read_text()) if BEFORE.exists() else None
    lines = [
        "# Understanding: development set v3",
        "",
        f"`python -m benchmarks.understanding --dev-v3` (seed {SEED}; {PER_SHAPE} messages per "
        "shape). Shapes in `benchmarks/understanding/dev_v3/`: `shapes.py` may be used for "
        "development, `heldout.py` (a quarter of the shapes) was scored once before the reader "
        "was changed and is never used for tuning.",
        "",
        "| shapes | messages | exact reading | before the reader was changed |",
        "|---|---:|---:|---:|",
    ]
    for label, summary, key in (("seen", seen, "seen"), ("held out", held, "held_out")):
        was = _pct(float(before[key]["exact"])) if before else "—"
        lines.append(f"| {label} | {summary.messages} | {_pct(summary.exact)} | {was} |")
    lines += [
        "",
        f"Reading time: {seconds:.1f} s for {total} messages.",
        "",
        "## By category",
        "",
        "| category | seen | spurious | held out | spurious | seen before | held out before |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for category in CATEGORIES:
        s, h = seen.categories[category], held.categories[category]
        sb = _tally(before["seen"]["categories"][category]) if before else "—"
        hb = _tally(before["held_out"]["categories"][category]) if before else "—"
        lines.append(f"| {category} | {_tally(s)} | {s[2]} | {_tally(h)} | {h[2]} | {sb} | {hb} |")
    lines += ["", "## By shape", "", "| shape | held out | exact | before |", "|---|---|---:|---:|"]
    for shape, held_out in shapes():
        summary = held if held_out else seen
        rate = summary.shapes.get(shape.key, 0.0)
        key = "held_out" if held_out else "seen"
        was = _pct(before[key]["shapes"].get(shape.key, 0.0)) if before else "—"
        lines.append(
            f"| {shape.key}: {shape.title} | {'yes' if held_out else ''} | {_pct(rate)} | {was} |"
        )
    RESULTS.write_text("\n".join(lines).rstrip() + "\n" + NOTES)


NOTES = """
## Notes

- **Fourth reading pass (issue 12, branch i12-reader4): seen 34.7% -> 96.4%, held out 30.1% ->
  62.7%.** Tuned on the seen shapes' failures only (the held-out shapes were not read; their
  figures are totals from this run). What changed, by structure: budgets relative to the
  period that is over ("up 5% on this quarter", "$50K more than last quarter", "flat vs Q3",
  "the same as the last 12 weeks"); run rates turned into the plan period's amount with a note
  saying how ("$50K a month" for a quarter = $150,000, 13 weeks = 3 months); volume targets
  ("we need 3,000 MQLs", "get us to 600 customers") as the least spend reaching them;
  "half its max response at $X" as half-saturation, never a cap; commitments with one amount
  (booked, committed, contract, non-cancellable, can't move) as a fixed amount; limit nouns on
  a subject ("hard cap on X: $Y"), "nothing"/"no line item" as every channel, "no changes to
  X"; what-ifs said in the passive or as the budget becoming an amount; "respectively" lists
  paired in order; a line's heading holding after its semicolons; verbs ("took", "ate",
  "need") kept out of channel names.
- **The gap between seen and held out (34 points) says the reader still learns phrasings more
  than structure**: held-out curve knowledge (42.1%), rules (78.0%) and locks (81.8%) lag most.
  The target (>= 95% held out) is not met.
"""
