"""One conversation turn's result: the reply, which brain wrote it, the tool calls behind it
and the typed views for charts, tables and the ``budgetmix ask --json`` contract.

The JSON document is :class:`TurnDocument`, a pydantic model whose schema ``budgetmix schema``
prints: ``plan`` is the plan the reply is about (a what-if's plan after one what-if, named
and marked ``adopted: false``), ``current_plan`` the conversation's current plan, and each
``tool_calls`` entry carries ``summary``, the line the chat's tool step shows. While a
sentence that looks like a rule or a figure waits for the CMO's confirmation, the intent is
``clarify``, no plan is made, and ``pending`` holds the sentences with their proposed readings
as typed objects (a constraint, a curve hint, a channel figure or a budget); when the
message's intent was unclear, ``choices`` holds the likeliest readings to offer instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.understanding.pending import PendingQuestion
from model_engine.intake.text.unread import FragmentKind, ProposedReading
from tools.context import ToolCallRecord, ToolContext
from tools.registry import TOOL_SPECS, ToolArguments
from tools.scenarios import WhatIf
from tools.state import ToolError
from tools.views.attribution import AttributionView
from tools.views.calendar import CalendarView, ForecastView
from tools.views.data import DataView, history_data_view, snapshot_data_view
from tools.views.experiments import CalibrationView, ExperimentDesignView
from tools.views.geo import GeoPlanView
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
    "compare_plans",
    "delete_plan",
    "clarify",
    "error",
    "attribute",
    "forecast",
    "calibrate",
    "experiment_design",
    "geo_plan",
]
Brain = Literal["planner", "llm", "llm_fallback"]
V = TypeVar("V", bound=BaseModel)

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
    arguments: ToolArguments = Field(description="The tool's arguments, as its schema reads them.")
    ok: bool
    summary: str = Field(description="The line the chat's tool step shows for this call.")

    @model_validator(mode="before")
    @classmethod
    def _arguments_of_the_named_tool(cls, data: object) -> object:
        """Read ``arguments`` as the named tool's schema (several tools' arguments would fit
        the same JSON)."""
        if isinstance(data, dict) and isinstance(data.get("arguments"), dict):
            spec = TOOL_SPECS.get(str(data.get("name")))
            if spec is not None:
                return {**data, "arguments": spec.args_schema.model_validate(data["arguments"])}
        return data


class PendingReadingEntry(BaseModel):
    """One proposed reading of a sentence: its words and the typed object the plan would use
    (exactly one of ``constraint``, ``curve``, ``figure`` and ``budget`` is set)."""

    choice: int = Field(description="say this number (or 'yes' for 1) to use this reading")
    label: str = Field(description='e.g. "Expo booth at least $200,000"')
    reading: ProposedReading


class PendingEntry(BaseModel):
    """A sentence that looks like a rule or a figure and was not read for sure."""

    quote: str = Field(description="the user's words")
    line: int = Field(description="the line of the message they are on (1-based)")
    kind: FragmentKind
    reason: str = Field(description="why it was not read")
    asked: bool = Field(description="whether this reply asks about it (one is asked at a time)")
    readings: list[PendingReadingEntry]


class ChoiceEntry(BaseModel):
    """One likely reading of what the message asks for, offered when the route is unclear."""

    choice: int = Field(description="say this number to choose it")
    route: str
    label: str
    score: float = Field(description="the router's similarity score")


class ConversationView(BaseModel):
    """What the conversation holds after the turn: its data, the plan the reply is about,
    the current plan, and the what-ifs this turn showed."""

    model_config = ConfigDict(frozen=True)

    data: DataView | None = None
    plan: PlanView | None = None
    current_plan: PlanView | None = None
    scenarios: list[ScenarioLine] = Field(default_factory=list)
    attribution: AttributionView | None = Field(
        None, description="Every attribution model on the conversation's journeys, this turn."
    )
    forecast: ForecastView | None = Field(
        None, description="This turn's forecast of a dated period, week by week."
    )
    calendar: CalendarView | None = Field(None, description="This turn's weekly calendar.")
    calibration: CalibrationView | None = Field(
        None, description="ROI before and after this turn's lift-test calibration."
    )
    experiment_design: ExperimentDesignView | None = Field(
        None, description="The next experiment this turn designed (issue 13's contract)."
    )
    geo_plan: GeoPlanView | None = Field(
        None,
        description="This turn's plan by market: every market x channel line of a pooled "
        "panel fit, totals by market and channel, and every rule's check (issue 16).",
    )


class TurnDocument(ConversationView):
    """``budgetmix ask --json``."""

    reply: str
    intent: Intent
    brain: Brain
    citations: list[CitationEntry]
    warnings: list[str]
    notes: list[str]
    tool_calls: list[ToolCallEntry]
    pending: list[PendingEntry] = Field(
        default_factory=list,
        description="sentences waiting for a confirmed reading; no plan is made while any is",
    )
    choices: list[ChoiceEntry] = Field(
        default_factory=list, description="the likeliest intents when the message was unclear"
    )


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
    pending: PendingQuestion | None = None  # the question open after the turn

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
            attribution=self.json_view.attribution,
            forecast=self.json_view.forecast,
            calendar=self.json_view.calendar,
            calibration=self.json_view.calibration,
            experiment_design=self.json_view.experiment_design,
            geo_plan=self.json_view.geo_plan,
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
            pending=pending_entries(self.pending),
            choices=[
                ChoiceEntry(choice=i + 1, route=c.route, label=c.label, score=c.score)
                for i, c in enumerate(self.pending.choices if self.pending else ())
            ],
        )

    def to_json(self) -> dict[str, Any]:
        """The ``budgetmix ask --json`` document, as JSON-ready values."""
        return self.document().model_dump(mode="json", by_alias=True)


def pending_entries(pending: PendingQuestion | None) -> list[PendingEntry]:
    if pending is None:
        return []
    return [
        PendingEntry(
            quote=fragment.quote,
            line=fragment.line,
            kind=fragment.kind,
            reason=fragment.reason,
            asked=index == 0,
            readings=[
                PendingReadingEntry(
                    choice=j + 1, label=reading.describe(pending.currency), reading=reading
                )
                for j, reading in enumerate(fragment.proposals)
            ],
        )
        for index, fragment in enumerate(pending.fragments)
    ]


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
    return ConversationView(
        data=data,
        plan=plan,
        current_plan=current,
        scenarios=scenarios,
        attribution=_last(context, AttributionView),
        forecast=_forecast(context),
        calendar=_last(context, CalendarView),
        calibration=_last(context, CalibrationView),
        experiment_design=_last(context, ExperimentDesignView),
        geo_plan=_last(context, GeoPlanView),
    )


def _forecast(context: ToolContext) -> ForecastView | None:
    """The forecast a turn showed: of the calendar it planned, else of the run-rate."""
    calendar = _last(context, CalendarView)
    return calendar.forecast if calendar is not None else _last(context, ForecastView)


def _last(context: ToolContext, kind: type[V]) -> V | None:
    """The last view of ``kind`` a tool returned this turn."""
    shown = [c.view for c in context.calls if c.ok and isinstance(c.view, kind)]
    return shown[-1] if shown else None


def _what_if_plan(context: ToolContext, what_if: WhatIf, line: ScenarioLine) -> PlanView | None:
    from tools.views.plan import plan_view

    inputs = what_if.inputs[0]
    if inputs is None:
        return None
    return plan_view(context.results.plan(inputs), name=line.title, adopted=False)
