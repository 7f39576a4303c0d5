"""The tool set, once: each capability's name, pydantic schema and function.

A tool takes the conversation's :class:`ToolContext` (immutable inputs, derived results, the
methodology retriever) and its arguments, and returns a :class:`ToolOutcome`: the typed view
of what it computed, the engine object behind it, and, for the tools that change what the
conversation has established (data, budget, constraints, settings), the new inputs. Nothing
is mutated in place; :func:`call_tool` moves the context to the new inputs and records the
call, so a reply can be checked against what the tools actually returned.

The offline planner calls :func:`call_tool`; the LLM agent gets the same tools as LangChain
``StructuredTool`` objects from :func:`langchain_tools` (docstring and schema are the tool
description; ``response_format="content_and_artifact"`` returns the view's JSON to the model
and the call's record, typed view and engine result, as the artifact).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool, ToolException
from pydantic import BaseModel

from tools.allocation import OptimizeArgs, optimize_allocation
from tools.attribution import AttributeArgs, attribute_journeys
from tools.calendar import CalendarArgs, PeriodArgs, forecast_period, plan_weekly_calendar
from tools.context import ToolCallRecord, ToolContext, ToolOutcome
from tools.data import (
    EditChannelsArgs,
    LoadHistoryArgs,
    ParseDataArgs,
    edit_channels,
    load_weekly_history,
    parse_marketing_data,
)
from tools.drivers import DriverArgs, explain_drivers
from tools.experiments import (
    CalibrateArgs,
    DesignArgs,
    calibrate_with_lift_tests,
    design_next_experiment,
)
from tools.fitting import FitArgs, fit_response_curves
from tools.geo import GeoPlanArgs, plan_by_geo
from tools.methodology import MethodologyArgs, search_methodology
from tools.plans import (
    AdoptPlanArgs,
    ComparePlansArgs,
    DeletePlanArgs,
    TrackActualsArgs,
    adopt_plan,
    compare_plans,
    delete_plan,
    track_actuals,
)
from tools.records import RecordArgs, record_channel_data
from tools.scenarios import AdoptArgs, ScenarioArgs, adopt_scenario, run_scenarios
from tools.sensitivity import SensitivityArgs, analyze_sensitivity
from tools.state import ToolError

__all__ = [
    "TOOL_SPECS",
    "ToolArguments",
    "ToolCallRecord",
    "ToolContext",
    "ToolOutcome",
    "call_tool",
]


ToolFunction = Callable[[ToolContext, Any], ToolOutcome]


@dataclass(frozen=True)
class ToolSpec:
    name: str
    args_schema: type[BaseModel]
    function: ToolFunction
    description: str


def _spec(name: str, schema: type[BaseModel], function: ToolFunction) -> ToolSpec:
    return ToolSpec(name, schema, function, " ".join((function.__doc__ or "").split()))


TOOL_SPECS: dict[str, ToolSpec] = {
    spec.name: spec
    for spec in (
        _spec("parse_marketing_data", ParseDataArgs, parse_marketing_data),
        _spec("record_channel_data", RecordArgs, record_channel_data),
        _spec("load_weekly_history", LoadHistoryArgs, load_weekly_history),
        _spec("edit_channels", EditChannelsArgs, edit_channels),
        _spec("fit_response_curves", FitArgs, fit_response_curves),
        _spec("optimize_allocation", OptimizeArgs, optimize_allocation),
        _spec("run_scenarios", ScenarioArgs, run_scenarios),
        _spec("adopt_scenario", AdoptArgs, adopt_scenario),
        _spec("analyze_sensitivity", SensitivityArgs, analyze_sensitivity),
        _spec("explain_drivers", DriverArgs, explain_drivers),
        _spec("search_methodology", MethodologyArgs, search_methodology),
        _spec("attribute_journeys", AttributeArgs, attribute_journeys),
        _spec("plan_weekly_calendar", CalendarArgs, plan_weekly_calendar),
        _spec("forecast_period", PeriodArgs, forecast_period),
        _spec("plan_by_geo", GeoPlanArgs, plan_by_geo),
        _spec("calibrate_with_lift_tests", CalibrateArgs, calibrate_with_lift_tests),
        _spec("design_next_experiment", DesignArgs, design_next_experiment),
        _spec("adopt_plan", AdoptPlanArgs, adopt_plan),
        _spec("track_actuals", TrackActualsArgs, track_actuals),
        _spec("compare_plans", ComparePlansArgs, compare_plans),
        _spec("delete_plan", DeletePlanArgs, delete_plan),
    )
}


# Any tool's arguments: what `ask --json` shows in each `tool_calls` entry (its `name` says
# which). Kept equal to the specs' schemas by a test.
ToolArguments = (
    ParseDataArgs
    | RecordArgs
    | LoadHistoryArgs
    | EditChannelsArgs
    | FitArgs
    | OptimizeArgs
    | ScenarioArgs
    | AdoptArgs
    | SensitivityArgs
    | DriverArgs
    | MethodologyArgs
    | AttributeArgs
    | CalendarArgs
    | PeriodArgs
    | GeoPlanArgs
    | CalibrateArgs
    | DesignArgs
    | AdoptPlanArgs
    | TrackActualsArgs
    | ComparePlansArgs
    | DeletePlanArgs
)


def call_tool(
    context: ToolContext,
    name: str,
    arguments: BaseModel | Mapping[str, object],
    *,
    preview: bool = False,
) -> ToolCallRecord:
    """Validate ``arguments`` (the tool's own typed arguments, or their JSON form as an LLM
    sends them) against the tool's schema, run it and record the call; the context moves to
    the inputs the tool set, unless ``preview`` (the caller decides later).

    A :class:`ToolError` (bad data, infeasible constraints) is recorded and returned, not
    raised: it is an answer the user must hear. Invalid arguments raise pydantic's
    ``ValidationError``.
    """
    spec = TOOL_SPECS[name]
    given = arguments.model_dump() if isinstance(arguments, BaseModel) else arguments
    args = spec.args_schema.model_validate(given)
    try:
        outcome = spec.function(context, args)
    except ToolError as error:
        record = ToolCallRecord(
            name, args, json.dumps({"error": str(error)}), error=str(error), error_kind=error.kind
        )
    else:
        record = ToolCallRecord(
            name,
            args,
            outcome.view.model_dump_json(),
            view=outcome.view,
            artifact=outcome.artifact,
            proposed=outcome.inputs,
        )
        if outcome.inputs is not None and not preview:
            context.inputs = outcome.inputs
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
        return record.content, record

    return StructuredTool.from_function(
        func=run,
        name=spec.name,
        description=spec.description,
        args_schema=spec.args_schema,
        response_format="content_and_artifact",
        handle_tool_error=True,
    )
