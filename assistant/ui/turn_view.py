"""What the chat shows under an answer: which charts, which downloads, which badge.

Decided from the turn's successful tool calls and their typed results, so the charts always
belong to the numbers in the reply above them:

- a new plan: spend before/after by channel and the response curves with both spends marked;
- a what-if: the scenario comparison (the plan now shown is the scenario's);
- a sensitivity analysis: the tornado;
- a history fit without a plan yet: the fitted response curves;
- a "why" question: the curves of the channels it asked about.

Whenever the turn changed the plan now shown, that plan is offered as CSV and XLSX.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import plotly.graph_objects as go

from assistant import charts, export
from assistant.turn import Brain, TurnResult
from model_engine.drivers import DriverReport
from model_engine.scenarios import ScenarioComparison
from model_engine.sensitivity import SensitivityResult
from tools.registry import ToolCallRecord
from tools.workspace import PlanOutput, Workspace

PLAN_FILE_STEM = "budget-plan"


@dataclass(frozen=True)
class NamedFigure:
    name: str
    figure: go.Figure


@dataclass(frozen=True)
class Download:
    filename: str
    content: bytes
    mime: str


@dataclass(frozen=True)
class TurnView:
    figures: tuple[NamedFigure, ...]
    downloads: tuple[Download, ...]
    brain: Brain
    badge: str


def turn_view(result: TurnResult, workspace: Workspace, plan_before: PlanOutput | None) -> TurnView:
    """The charts and files for ``result``; ``plan_before`` is the plan shown before the turn."""
    calls = _successful_calls(result)
    figures: list[NamedFigure] = []
    optimized = calls.get("optimize_allocation")
    if optimized is not None and isinstance(optimized.artifact, PlanOutput):
        plan = optimized.artifact.plan
        figures.append(NamedFigure("Budget by channel", charts.allocation_bars(plan)))
        if workspace.model is not None:
            figures.append(
                NamedFigure("Response curves", charts.response_curves(workspace.model, plan))
            )
    elif "fit_response_curves" in calls and workspace.model is not None:
        figures.append(NamedFigure("Response curves", charts.response_curves(workspace.model)))
    scenarios = calls.get("run_scenarios")
    if scenarios is not None and isinstance(scenarios.artifact, ScenarioComparison):
        figures.append(
            NamedFigure("Scenario comparison", charts.scenario_comparison(scenarios.artifact))
        )
    sensitivity = calls.get("analyze_sensitivity")
    if sensitivity is not None and isinstance(sensitivity.artifact, SensitivityResult):
        figures.append(
            NamedFigure("Sensitivity tornado", charts.sensitivity_tornado(sensitivity.artifact))
        )
    drivers = calls.get("explain_drivers")
    if (
        drivers is not None
        and isinstance(drivers.artifact, DriverReport)
        and workspace.model is not None
        and workspace.plan is not None
    ):
        # The tool's own result names the channels as the model knows them.
        asked = [c["channel"] for c in json.loads(drivers.content)["channels"]]
        figures.append(
            NamedFigure(
                "Response curves",
                charts.response_curves(workspace.model, workspace.plan.plan, channels=asked),
            )
        )
    downloads: tuple[Download, ...] = ()
    if workspace.plan is not None and workspace.plan is not plan_before:
        downloads = plan_downloads(workspace.plan)
    return TurnView(tuple(figures), downloads, result.brain, result.badge)


def plan_downloads(plan: PlanOutput) -> tuple[Download, ...]:
    return (
        Download(f"{PLAN_FILE_STEM}.csv", export.plan_csv(plan), export.CSV_MIME),
        Download(f"{PLAN_FILE_STEM}.xlsx", export.plan_xlsx(plan), export.XLSX_MIME),
    )


def _successful_calls(result: TurnResult) -> dict[str, ToolCallRecord]:
    """The last successful call of each tool in the turn."""
    return {call.name: call for call in result.tool_calls if call.ok}
