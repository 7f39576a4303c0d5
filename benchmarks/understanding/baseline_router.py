"""The first wave's routing (``assistant.intents.route_message``, the planner's rules) on the
intent set, for the blind baseline. Its routes are named like the intent labels where they
exist; it has no route for data edits, undo, requests to drop the rules, experiments or
attribution."""

from __future__ import annotations

from functools import cache

from assistant.intents import route_message
from benchmarks.understanding.intent_set import SESSION_CHANNELS, IntentItem
from model_engine.channels import ChannelType
from model_engine.datasets import ChannelPeriod, SnapshotData
from model_engine.intake import parse_message
from tools.workspace import Workspace


@cache
def session_snapshot() -> SnapshotData:
    return SnapshotData(
        tuple(
            ChannelPeriod(name, ChannelType(kind), spend, outcome)
            for name, kind, spend, outcome in SESSION_CHANNELS
        )
    )


def planner_route(item: IntentItem) -> str:
    workspace = Workspace(snapshot=session_snapshot() if item.has_data else None)
    known = session_snapshot().channels if item.has_data else ()
    parsed = parse_message(item.text, known_channels=known)
    route = route_message(item.text, parsed, workspace, has_files=item.has_files).route
    return "clarify" if route == "help" else route
