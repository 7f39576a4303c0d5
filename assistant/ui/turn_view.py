"""What the chat shows under an answer: which charts, which downloads, which badge.

Decided from the turn's successful tool calls and their typed views, so the charts always
belong to the numbers in the reply above them:

- a plan: spend before/after by channel and the response curves with both spends marked;
- a what-if: the scenarios beside the current plan;
- a sensitivity analysis: the tornado, in the reply's order;
- a history fit without a plan yet: the fitted response curves;
- a "why" question: the curves of the channels it asked about;
- a plan by market: spend by market stacked by channel, today's totals marked.

Under them, the turn's notes: every warning and note the reply does not already say (a figure
a warning names is one the turn did not keep, so it is never left unseen).

The plan the reply is about (the current plan, or a single what-if's plan) is offered as CSV
and XLSX, named after it, whenever the turn showed it and it differs from the last one offered.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from assistant import calendar_export, capability_charts, charts, export, geo_export
from assistant.turn import Brain, TurnResult
from assistant.unkept import unshown_notes
from model_engine.planning import ResponseModel
from tools.context import ToolCallRecord
from tools.views import DriversView, PlanView, ScenarioSetView, SensitivityView
from tools.views.attribution import AttributionView
from tools.views.calendar import CalendarView
from tools.views.geo import GeoPlanView
from tools.views.tracking import TrackingView


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
    notes: tuple[str, ...] = ()


def turn_view(
    result: TurnResult, model: ResponseModel | None, offered: PlanView | None
) -> TurnView:
    """The charts and files for ``result``; ``model`` gives the curves, ``offered`` is the plan
    whose files were offered last (not offered again)."""
    views = _views(result)
    figures: list[NamedFigure] = []
    plan = views.get(PlanView)
    planned = result.intent in ("allocate", "fit")
    if planned and isinstance(plan, PlanView):
        figures.append(NamedFigure("Budget by channel", charts.allocation_bars(plan)))
        if model is not None:
            figures.append(NamedFigure("Response curves", charts.response_curves(model, plan)))
    elif result.intent == "fit" and model is not None:
        figures.append(NamedFigure("Response curves", charts.response_curves(model)))
    scenarios = views.get(ScenarioSetView)
    if isinstance(scenarios, ScenarioSetView):
        figures.append(NamedFigure("Scenario comparison", charts.scenario_comparison(scenarios)))
    sensitivity = views.get(SensitivityView)
    if isinstance(sensitivity, SensitivityView):
        figures.append(NamedFigure("Sensitivity tornado", charts.sensitivity_tornado(sensitivity)))
    drivers = views.get(DriversView)
    if isinstance(drivers, DriversView) and model is not None and isinstance(plan, PlanView):
        asked = [c.channel for c in drivers.channels]
        figures.append(
            NamedFigure("Response curves", charts.response_curves(model, plan, channels=asked))
        )
    tracking = views.get(TrackingView)
    if isinstance(tracking, TrackingView):
        figures.append(NamedFigure("Actual vs predicted", charts.actual_vs_predicted(tracking)))
        if tracking.replan is not None:
            figures.append(NamedFigure("Re-plan", charts.allocation_bars(tracking.replan)))
    attribution = views.get(AttributionView)
    if isinstance(attribution, AttributionView):
        figures.append(
            NamedFigure(
                "Attribution by model", capability_charts.attribution_comparison(attribution)
            )
        )
    calendar = views.get(CalendarView)
    downloads: tuple[Download, ...] = ()
    if isinstance(calendar, CalendarView):
        figures.append(NamedFigure("Weekly calendar", capability_charts.calendar_heatmap(calendar)))
        figures.append(NamedFigure("Forecast", capability_charts.forecast_band(calendar)))
        downloads = calendar_downloads(calendar)
    geo_plan = views.get(GeoPlanView)
    if isinstance(geo_plan, GeoPlanView):
        figures.append(NamedFigure("Plan by market", capability_charts.geo_plan_bars(geo_plan)))
        downloads = (*downloads, *geo_plan_downloads(geo_plan))
    shown = result.json_view.plan
    showing = result.intent in ("allocate", "fit", "scenario")
    if shown is not None and shown != offered and showing and _showed_plan(result):
        downloads = (*downloads, *plan_downloads(shown))
    notes = tuple(unshown_notes(result))
    return TurnView(tuple(figures), downloads, result.brain, result.badge, notes)


def plan_downloads(plan: PlanView) -> tuple[Download, ...]:
    stem = export.file_stem(plan)
    return (
        Download(f"{stem}.csv", export.plan_csv(plan), export.CSV_MIME),
        Download(f"{stem}.xlsx", export.plan_xlsx(plan), export.XLSX_MIME),
    )


def calendar_downloads(calendar: CalendarView) -> tuple[Download, ...]:
    stem = calendar_export.file_stem(calendar)
    return (
        Download(f"{stem}.csv", calendar_export.calendar_csv(calendar), export.CSV_MIME),
        Download(f"{stem}.xlsx", calendar_export.calendar_xlsx(calendar), export.XLSX_MIME),
    )


def geo_plan_downloads(view: GeoPlanView) -> tuple[Download, ...]:
    stem = geo_export.file_stem(view)
    return (
        Download(f"{stem}.csv", geo_export.geo_plan_csv(view), export.CSV_MIME),
        Download(f"{stem}.xlsx", geo_export.geo_plan_xlsx(view), export.XLSX_MIME),
    )


def _showed_plan(result: TurnResult) -> bool:
    return any(
        c.ok and c.name in ("optimize_allocation", "run_scenarios", "adopt_scenario")
        for c in result.tool_calls
    )


def _views(result: TurnResult) -> dict[type, object]:
    """The last successful view of each kind in the turn."""
    calls: list[ToolCallRecord] = [c for c in result.tool_calls if c.ok and c.view is not None]
    return {type(c.view): c.view for c in calls}
