"""The planner's routing (``assistant.intents.route_message``) on the intent set. The blind
baseline in the results was recorded with the first wave's rules, before the planner routed
through the semantic router; a re-run with ``--baseline`` now measures the planner's current
routing (the parse's unambiguous rules, then the router). Its routes are named like the intent
labels where they exist."""

from __future__ import annotations

from functools import cache

from assistant.intents import route_message
from benchmarks.understanding.intent_set import SESSION_CHANNELS, IntentItem
from model_engine.channel_matching import ChannelMatcher
from model_engine.channels import ChannelType
from model_engine.datasets import ChannelPeriod, SnapshotData
from model_engine.intake import parse_message


@cache
def session_snapshot() -> SnapshotData:
    return SnapshotData(
        tuple(
            ChannelPeriod(name, ChannelType(kind), spend, outcome)
            for name, kind, spend, outcome in SESSION_CHANNELS
        )
    )


def planner_route(item: IntentItem) -> str:
    known = session_snapshot().channels if item.has_data else ()
    parsed = parse_message(item.text, known_channels=known)
    mentioned = (
        ChannelMatcher.of([c.name for c in known], [c.channel_type for c in known]).mentioned_in(
            item.text
        )
        if known
        else ()
    )
    route = route_message(
        item.text,
        parsed,
        mentioned,
        has_data=item.has_data or item.has_files,
        has_files=item.has_files,
        has_what_if=False,
    ).route
    return "clarify" if route == "help" else route
