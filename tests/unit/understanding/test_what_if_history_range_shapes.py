"""The seen shapes for channel what-ifs (W1), past-tense limits (R18) and one-phrase change
ranges (R19) write well-formed expected readings, stay out of the held-out list and of other
shapes' messages, and the adapter reads a parse's channel what-ifs into the same form."""

from __future__ import annotations

import random
import re

import pytest

from benchmarks.understanding.adapter import reading_of
from benchmarks.understanding.generator import CorpusMessage, SeenPools, generate
from benchmarks.understanding.heldout_shapes import HELD_OUT
from benchmarks.understanding.reading import ChannelChangeReading, Rule, name_key
from benchmarks.understanding.registry import Shape
from benchmarks.understanding.scene import Scene
from benchmarks.understanding.shapes import SEEN
from model_engine.intake import parse_message

NEW = ("W1", "R18", "R19")
SCENES = 60


def _shape(key: str) -> Shape:
    return next(s for s in SEEN if s.key == key)


def _messages(key: str) -> list[CorpusMessage]:
    return [m for m in generate(per_shape=20) if m.shape == key]


def _scenes() -> list[Scene]:
    return [Scene.draw(random.Random(f"new-shapes:{i}")) for i in range(SCENES)]


def test_the_new_shapes_are_seen_and_no_companion_of_other_shapes() -> None:
    held_keys = {s.key for s in HELD_OUT}
    for key in NEW:
        assert _shape(key).companion is False
        assert key not in held_keys
        assert f"H-{key}" not in held_keys
    pooled = {s.key for s in SeenPools(SEEN).shapes}
    assert pooled.isdisjoint(NEW)
    assert {m.shape for m in generate(per_shape=1) if not m.held_out} >= set(NEW)


def test_a_channel_what_if_expects_changes_to_the_message_s_own_channels() -> None:
    write = _shape("W1").write
    assert write is not None
    kinds = set()
    for scene in _scenes():
        names = {name_key(c.name) for c in scene.channels}
        part = write(scene)
        changes = [c for c in part.changes if isinstance(c, ChannelChangeReading)]
        assert changes
        assert len(changes) == len(part.changes)
        assert part.rules == []
        assert part.budget is None
        for change in changes:
            assert change.channel in names
            assert change.value != 0
            if change.kind == "relative":
                assert -1 <= change.value <= 1
            kinds.add((change.kind, change.value == -1))
        if len(changes) == 2:  # a move: the same amount off one channel and onto the other
            off, on = sorted(changes, key=lambda c: c.value)
            assert off.kind == on.kind == "delta"
            assert off.value == -on.value
            assert off.channel != on.channel
    assert kinds == {("delta", False), ("relative", False), ("relative", True)}
    for message in _messages("W1"):
        assert any(isinstance(c, ChannelChangeReading) for c in message.expected.changes)


def test_a_past_tense_limit_expects_data_and_no_rule() -> None:
    write = _shape("R18").write
    assert write is not None
    for scene in _scenes():
        part = write(scene)
        assert part.rules == []
        assert part.changes == []
        assert part.budget is None
        assert any(name_key(c.name) in name_key(part.text) for c in scene.channels)
    for message in _messages("R18"):
        assert message.expected.channels  # the figures are read
        assert message.expected.asks == frozenset()  # history is not asked about


def test_a_change_range_expects_one_cut_and_one_growth_limit_on_the_same_channels() -> None:
    write = _shape("R19").write
    assert write is not None
    every_channel = one_channel = 0
    for scene in _scenes():
        part = write(scene)
        assert sorted(r.kind for r in part.rules) == ["max_cut", "max_growth"]
        cut, growth = sorted(part.rules, key=lambda r: r.kind)
        assert cut.channels == growth.channels
        assert cut.share
        assert growth.share
        assert cut.amount is not None
        assert growth.amount is not None
        assert 0 < cut.amount < 1
        assert 0 < growth.amount < 1
        assert cut.amount != growth.amount  # asymmetric, so not a single ± change limit
        every_channel += not cut.channels
        one_channel += len(cut.channels) == 1
    assert every_channel
    assert one_channel


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "What if we move $50K from TV to paid search?",
            {("tv", "delta", -50_000.0), ("paid search", "delta", 50_000.0)},
        ),
        ("Suppose we drop radio entirely.", {("radio", "relative", -1.0)}),
        ("What if we cut TV by a third?", {("tv", "relative", -0.3333)}),
    ],
)
def test_the_adapter_reads_channel_what_ifs_into_the_changes(
    text: str, expected: set[tuple[str, str, float]]
) -> None:
    data = "Last quarter: TV: $800K, 2,000 leads; Paid search: $400K, 3,000 leads; "
    data += "Radio: $200K, 400 leads.\n"
    reading = reading_of(parse_message(data + text))
    assert reading.changes == frozenset(ChannelChangeReading.of(*e) for e in expected)
    assert reading.rules == frozenset()


def test_a_range_reads_as_the_two_rules_the_shape_expects() -> None:
    parsed = parse_message(
        "Last quarter: TV: $800K, 2,000 leads; Radio: $200K, 400 leads.\n"
        "TV can move between -10% and +25%."
    )
    assert reading_of(parsed).rules == frozenset(
        {
            Rule.of("max_cut", ["TV"], amount=0.1, share=True),
            Rule.of("max_growth", ["TV"], amount=0.25, share=True),
        }
    )


@pytest.mark.parametrize("key", NEW)
def test_each_new_shape_writes_several_wordings(key: str) -> None:
    write = _shape(key).write
    assert write is not None
    wordings = set()
    for scene in _scenes():
        text = write(scene).text.casefold()
        for channel in scene.channels:
            text = text.replace(channel.name.casefold(), "X")
        wordings.add(" ".join(re.sub(r"[\d.,$€£%]+", "9", text).split()[:4]))
    assert len(wordings) >= 5
