"""The third blind set is reproducible and its expected readings are well-formed: they only
name channels the message (or the session, for a follow-up) has, and the intent labels are
the intent set's own."""

from benchmarks.understanding.blind_v3.corpus import PER_SHAPE, generate, shape_list
from benchmarks.understanding.blind_v3.intents import intent_items
from benchmarks.understanding.intent_set import intent_items as base_intent_items
from benchmarks.understanding.reading import name_key


def test_generation_is_deterministic() -> None:
    assert generate() == generate()
    assert intent_items() == intent_items()


def test_sizes_meet_the_issue() -> None:
    messages = generate()
    assert len(shape_list()) >= 40
    assert len(messages) == len(shape_list()) * PER_SHAPE >= 1_000
    assert len({m.key for m in messages}) == len(messages)
    assert all(m.held_out for m in messages)
    items = intent_items()
    assert len(items) >= 300
    assert len({i.key for i in items}) == len(items)
    assert len({i.text.casefold() for i in items}) == len(items)
    assert all(i.held_out for i in items)


def test_every_channel_in_a_reading_is_written_in_its_message() -> None:
    for message in generate():
        text = name_key(message.text)
        expected = message.expected
        channels = {c.name for c in expected.channels}
        known = {name_key(k.name) for k in message.known}
        assert channels.isdisjoint(known), message.key
        assert all(name in text for name in channels), message.key
        assert (expected.period_weeks is None) == (not channels), message.key
        for rule in expected.rules:
            assert set(rule.channels) <= channels | known, message.key
            assert all(name in text for name in rule.channels), message.key
        for hint in expected.curve:
            assert hint.channel in channels | known, message.key
            assert hint.channel in text, message.key
        assert all(c.spend > 0 and c.outcome for c in expected.channels), message.key
        assert expected.states("channels") or message.known, message.key


def test_intent_labels_are_the_intent_sets_labels() -> None:
    labels = {i.label for i in base_intent_items()}
    assert {i.label for i in intent_items()} == labels
