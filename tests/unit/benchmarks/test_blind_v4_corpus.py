"""The fourth blind set's size, determinism and self-consistency (never the reader's score)."""

from __future__ import annotations

from benchmarks.understanding.blind_v4.corpus import generate, shapes
from benchmarks.understanding.blind_v4.intents import INTENT_SHAPES, intent_items, shape_of
from benchmarks.understanding.generator import CorpusMessage
from benchmarks.understanding.reading import BudgetChangeReading, name_key
from model_engine.channels import ChannelType

STAGE_NAMES = {"MQLs", "SQLs", "leads", "opportunities", "customers"}


def test_the_set_has_the_size_the_issue_asks_for() -> None:
    messages = generate()
    assert len(shapes()) >= 40
    assert len(messages) >= 1000
    assert len({m.key for m in messages}) == len(messages)
    assert {m.family for m in messages} == {
        "data", "budget", "change", "rule", "objective", "curve", "message"
    }  # fmt: skip
    assert all(m.held_out for m in messages)
    items = intent_items()
    assert len(INTENT_SHAPES) >= 14
    for shape in INTENT_SHAPES:
        texts = [i.text for i in items if shape_of(i) == shape.key]
        assert len(texts) >= 24, shape.key
        assert len(set(texts)) == len(texts), shape.key


def test_the_same_seed_gives_the_same_messages() -> None:
    first, second = generate(), generate()
    assert [(m.text, m.expected, m.known) for m in first] == [
        (m.text, m.expected, m.known) for m in second
    ]
    assert [m.text for m in generate(seed=7)] != [m.text for m in first]
    assert intent_items() == intent_items()


def _names_in_scope(message: CorpusMessage) -> set[str]:
    return {c.name for c in message.expected.channels} | {name_key(k.name) for k in message.known}


def test_every_expected_reading_is_consistent_with_its_message() -> None:
    for message in generate():
        expected, text = message.expected, name_key(message.text)
        scope = _names_in_scope(message)
        mentioned = [
            *(c for r in expected.rules for c in r.channels),
            *(c.channel for c in expected.curve),
            *(c.channel for c in expected.changes if not isinstance(c, BudgetChangeReading)),
            *(c for a in expected.asks for c in a.channels),
        ]
        for name in mentioned:
            assert name in scope, (message.key, name)
            assert name in text, (message.key, name)
        for figures in expected.channels:
            assert figures.name in text, (message.key, figures.name)
            assert ChannelType(figures.channel_type)
            assert figures.outcome_name in STAGE_NAMES | {None}
        assert (expected.period_weeks is None) == (not expected.channels), message.key
        assert (expected.budget_period_weeks is None) == (expected.budget is None), message.key
        assert not expected.errors
        for rule in expected.rules:
            assert rule.amount is not None or rule.kind == "lock", (message.key, rule)
            if rule.share:
                assert rule.amount is not None
                assert 0 < rule.amount <= 1, (message.key, rule)
