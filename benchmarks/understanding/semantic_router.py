"""The semantic intent router (``assistant.understanding.router``) on the intent set.

A decided intent is written as its label; below the margin the router offers options, written
``ask:a|b|c`` and scored correct when the right label is among them (the CMO clicks it)."""

from __future__ import annotations

from functools import cache

from assistant.understanding.router import IntentRouter, RoutingContext
from benchmarks.understanding.baseline_router import session_snapshot
from benchmarks.understanding.intent_set import IntentItem
from knowledge.embeddings import MiniLMEncoder
from model_engine.intake import parse_message

ASK = "ask:"


@cache
def _router() -> IntentRouter:
    return IntentRouter(MiniLMEncoder())


def semantic_route(item: IntentItem) -> str:
    known = session_snapshot().channels if item.has_data else ()
    parsed = parse_message(item.text, known_channels=known)
    context = RoutingContext(has_data=item.has_data, has_files=item.has_files)
    decision = _router().route(item.text, parsed, context)
    if decision.intent is not None:
        return decision.intent.value
    return ASK + "|".join(o.intent.value for o in decision.options)
