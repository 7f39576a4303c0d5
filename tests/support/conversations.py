"""Helpers for driving conversations in tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from assistant.config import Settings
from assistant.conversation import Conversation
from assistant.grounding import GroundingGuard
from assistant.turn import TurnResult
from knowledge import MethodologyRetriever


def ungrounded_numbers(conversation_turns: Sequence[tuple[str, TurnResult]]) -> list[str]:
    """Numbers in the last reply that match nothing the tools returned or the user said, in
    this conversation so far."""
    evidence: list[object] = []
    for message, result in conversation_turns:
        evidence.append(message)
        evidence.extend(call.content for call in result.tool_calls)
    _, last = conversation_turns[-1]
    return list(GroundingGuard().check(last.reply, evidence).unsupported)


def talk(conversation: Conversation, *messages: str) -> list[tuple[str, TurnResult]]:
    turns: list[tuple[str, TurnResult]] = []
    for message in messages:
        turns.append((message, conversation.respond(message)))
    return turns


def saved_session(
    settings: Settings, retriever: MethodologyRetriever, message: str, directory: Path
) -> Path:
    """The session file (``directory/session.json``) of a conversation that answered
    ``message``, for the CLI's ``--session``."""
    conversation = Conversation(settings, retriever=retriever)
    conversation.respond(message)
    path = directory / "session.json"
    conversation.session.save(path)
    return path
