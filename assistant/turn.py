"""One conversation turn's result: the reply, which brain wrote it, the tool calls behind it
and the typed views for charts, tables and the ``budgetmix ask --json`` contract.

The JSON document is :class:`TurnDocument`, a pydantic model whose schema ``budgetmix schema``
prints: ``plan`` is the plan the reply is about (a what-if's plan after one what-if, named
and marked ``adopted: false``), ``current_plan`` the conversation's current plan, and each
``tool_calls`` entry carries ``summary``, the line the chat's tool step shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tools.context import ToolCallRecord, ToolContext
from tools.scenarios import WhatIf
from tools.state import ToolError
from tools.views.data import DataView, history_data_view, snapshot_data_view
from tools.views.plan import PlanView
from tools.views.scenarios import ScenarioLine, ScenarioSetView

Intent = Literal[
    "allocate",
    "scenario",
    "explain",
    "sensitivity",
    "methodology",
    "fit",
    "adopt_plan",
    "track",
    "clarify",
    "error",
]
Brain = Literal["planner", "llm", "llm_fallback"]

BRAIN_BADGES: dict[Brain, str] = {
    "planner": "offline planner",
    "llm": "LLM agent",
    "llm_fallback": "offline planner (LLM fallback)",
}


@dataclass(frozen=True)
class Citation:
    source: str  # doc title
    section: str

    def label(self) -> str:
        return f"{self.source} › {self.section}"


class CitationEntry(BaseModel):
    source: str
    section: str


class ToolCallEntry(BaseModel):
    name: str
    arguments: dict[str, Any]
    ok: bool
    summary: str = Field(description="The line the chat's tool step shows for this call.")


class ConversationView(BaseModel):
    """What the conversation holds after the turn: its data, the plan the reply is about,
    the current plan, and the what-ifs this turn showed."""

    model_config = ConfigDict(frozen=True)

    data: DataView | None = None
    plan: PlanView | None = None
    current_plan: PlanView | None = None
    scenarios: list[ScenarioLine] = Field(default_factory=list)


class TurnDocument(ConversationView):
    """``budgetmix ask --json``."""

    reply: str
    intent: Intent
    brain: Brain
    citations: list[CitationEntry]
    warnings: list[str]
    notes: list[str]
    tool_calls: list[ToolCallEntry]


@dataclass(frozen=True)
class TurnResult:
    """What the user sees after one message, and what produced it."""

    reply: str
    intent: Intent
    brain: Brain
    tool_calls: tuple[ToolCallRecord, ...] = ()
    citations: tuple[Citation, ...] = ()
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # e.g. why the planner answered instead of the LLM
    json_view: ConversationView = field(default_factory=ConversationView)

    @property
    def badge(self) -> str:
        return BRAIN_BADGES[self.brain]

    def document(self) -> TurnDocument:
        from assistant.ui.tool_summaries import summarize_call

        return TurnDocument(
            reply=self.reply,
            intent=self.intent,
            brain=self.brain,
            data=self.json_view.data,
            plan=self.json_view.plan,
            current_plan=self.json_view.current_plan,
            scenarios=self.json_view.scenarios,
            citations=[CitationEntry(source=c.source, section=c.section) for c in self.citations],
            warnings=list(self.warnings),
            notes=list(self.notes),
            tool_calls=[
                ToolCallEntry(
                    name=call.name,
                    arguments=call.arguments,
                    ok=call.ok,
                    summary=summarize_call(call),
                )
                for call in self.tool_calls
            ],
        )

    def to_json(self) -> dict[str, Any]:
        """The ``budgetmix ask --json`` document, as JSON-ready values."""
        return self.document().model_dump(mode="json", by_alias=True)


def conversation_view(context: ToolContext) -> ConversationView:
    """``data``, ``plan``, ``current_plan`` and ``scenarios`` after a turn on ``context``."""
    from tools.allocation import current_plan_view

    inputs = context.inputs
    results = context.results
    data = None
    current = None
    if inputs.has_data:
        try:
            if inputs.snapshot is not None:
                data = snapshot_data_view(inputs.snapshot)
            else:
                fit = results.fit(inputs)
                data = history_data_view(results.history_load(inputs), fit)  # type: ignore[arg-type]
            current = current_plan_view(results, inputs)
        except ToolError:
            pass
    shown = [c.view for c in context.calls if c.ok and isinstance(c.view, ScenarioSetView)]
    scenarios = shown[-1].scenarios if shown else []
    plan = current
    if len(scenarios) == 1 and scenarios[0].feasible and context.what_if is not None:
        plan = _what_if_plan(context, context.what_if, scenarios[0])
    return ConversationView(data=data, plan=plan, current_plan=current, scenarios=scenarios)


def _what_if_plan(context: ToolContext, what_if: WhatIf, line: ScenarioLine) -> PlanView | None:
    from tools.views.plan import plan_view

    inputs = what_if.inputs[0]
    if inputs is None:
        return None
    return plan_view(context.results.plan(inputs), name=line.title, adopted=False)
