"""What a capability route needs from the planner's turn, and the replies they share."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel

from assistant.intents import Routing
from assistant.narrative import render
from assistant.turn import Intent, TurnResult
from model_engine.intake import ParsedMessage
from tools.context import ToolCallRecord, ToolContext
from tools.views.fit import FitView


class PlannerTurn(Protocol):
    """The offline planner's turn (``assistant.planner._Turn``) as a route handler uses it."""

    context: ToolContext
    message: str
    files: tuple[Path, ...]
    notes: list[str]
    intro: str | None

    def _call(
        self, name: str, arguments: BaseModel, *, preview: bool = False
    ) -> ToolCallRecord: ...

    def _ensure_model(self) -> FitView | TurnResult: ...

    def result(self, intent: Intent, reply: str) -> TurnResult: ...

    def _methodology(self, routing: Routing, parsed: ParsedMessage | None) -> TurnResult: ...


def ask_for(turn: PlannerTurn, question: str, examples: Sequence[str]) -> TurnResult:
    """A clarifying reply: what is missing and how to give it."""
    reply = render("clarify", question=question, problems=[], problem_total=0, examples=examples)
    return turn.result("clarify", reply)


def tool_error(turn: PlannerTurn, record: ToolCallRecord) -> TurnResult:
    reply = render(
        "clarify",
        question="I couldn't do that:",
        problems=[record.error],
        problem_total=1,
        examples=[],
    )
    return turn.result("error", reply)
