"""The tool set, once: each capability's name, pydantic schema and adapter.

The offline planner calls :func:`call_tool`; the LLM agent gets the same adapters as LangChain
``StructuredTool`` objects from :func:`langchain_tools` (docstring and schema are the tool
description; ``response_format="content_and_artifact"`` returns the compact JSON to the model
and the typed engine result as the artifact). Every call is recorded on the context, so a reply
can be checked against what the tools actually returned.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool, ToolException
from pydantic import BaseModel

from knowledge import MethodologyRetriever
from tools.allocation import OptimizeArgs, optimize_allocation
from tools.data import LoadHistoryArgs, ParseDataArgs, load_weekly_history, parse_marketing_data
from tools.drivers import DriverArgs, explain_drivers
from tools.fitting import FitArgs, fit_response_curves
from tools.methodology import MethodologyArgs, search_methodology
from tools.scenarios import ScenarioArgs, run_scenarios
from tools.sensitivity import SensitivityArgs, analyze_sensitivity
from tools.workspace import ToolError, Workspace


@dataclass
class ToolContext:
    """What tools work on: the conversation's workspace, the methodology retriever, and the
    record of this turn's calls."""

    workspace: Workspace
    retriever: MethodologyRetriever | None = None
    calls: list[ToolCallRecord] = field(default_factory=list)


@dataclass(frozen=True)
class ToolCallRecord:
    """One tool call: arguments, the JSON the model saw, the typed result, or the error."""

    name: str
    arguments: dict[str, Any]
    content: str
    artifact: Any = None
    error: str | None = None
    error_kind: str | None = None  # ToolError.kind when the call failed

    @property
    def ok(self) -> bool:
        return self.error is None


Adapter = Callable[[ToolContext, Any], tuple[dict[str, Any], Any]]


@dataclass(frozen=True)
class ToolSpec:
    name: str
    args_schema: type[BaseModel]
    adapter: Adapter
    description: str


def _on_workspace(function: Callable[[Workspace, Any], tuple[dict[str, Any], Any]]) -> Adapter:
    return lambda context, args: function(context.workspace, args)


def _methodology(context: ToolContext, args: MethodologyArgs) -> tuple[dict[str, Any], Any]:
    if context.retriever is None:
        raise ToolError("The methodology library is not available in this session.")
    return search_methodology(context.retriever, args)


def _spec(
    name: str, schema: type[BaseModel], function: Callable[..., Any], adapter: Adapter
) -> ToolSpec:
    return ToolSpec(name, schema, adapter, " ".join((function.__doc__ or "").split()))


TOOL_SPECS: dict[str, ToolSpec] = {
    spec.name: spec
    for spec in (
        _spec(
            "parse_marketing_data",
            ParseDataArgs,
            parse_marketing_data,
            _on_workspace(parse_marketing_data),
        ),
        _spec(
            "load_weekly_history",
            LoadHistoryArgs,
            load_weekly_history,
            _on_workspace(load_weekly_history),
        ),
        _spec(
            "fit_response_curves", FitArgs, fit_response_curves, _on_workspace(fit_response_curves)
        ),
        _spec(
            "optimize_allocation",
            OptimizeArgs,
            optimize_allocation,
            _on_workspace(optimize_allocation),
        ),
        _spec("run_scenarios", ScenarioArgs, run_scenarios, _on_workspace(run_scenarios)),
        _spec(
            "analyze_sensitivity",
            SensitivityArgs,
            analyze_sensitivity,
            _on_workspace(analyze_sensitivity),
        ),
        _spec("explain_drivers", DriverArgs, explain_drivers, _on_workspace(explain_drivers)),
        _spec("search_methodology", MethodologyArgs, search_methodology, _methodology),
    )
}


def call_tool(context: ToolContext, name: str, arguments: dict[str, Any]) -> ToolCallRecord:
    """Validate ``arguments`` against the tool's schema, run it and record the call.

    A :class:`ToolError` (bad data, infeasible constraints) is recorded and returned, not
    raised: it is an answer the user must hear. Invalid arguments raise pydantic's
    ``ValidationError``.
    """
    spec = TOOL_SPECS[name]
    args = spec.args_schema.model_validate(arguments)
    shown = args.model_dump(mode="json", exclude_defaults=True)
    try:
        summary, artifact = spec.adapter(context, args)
    except ToolError as error:
        content = json.dumps({"error": str(error)})
        record = ToolCallRecord(name, shown, content, error=str(error), error_kind=error.kind)
    else:
        record = ToolCallRecord(name, shown, json.dumps(summary, default=str), artifact)
    context.calls.append(record)
    return record


def langchain_tools(context: ToolContext) -> list[BaseTool]:
    """The same tools for a LangChain agent; tool errors come back to the model as messages."""
    return [_as_langchain(context, spec) for spec in TOOL_SPECS.values()]


def _as_langchain(context: ToolContext, spec: ToolSpec) -> BaseTool:
    def run(**arguments: Any) -> tuple[str, Any]:
        record = call_tool(context, spec.name, arguments)
        if record.error is not None:
            raise ToolException(record.error)
        return record.content, record.artifact

    return StructuredTool.from_function(
        func=run,
        name=spec.name,
        description=spec.description,
        args_schema=spec.args_schema,
        response_format="content_and_artifact",
        handle_tool_error=True,
    )
