"""The geo plan tool: a panel history (one row per market and week) fitted pooled, and a plan
over every market x channel line with market rules and national channel rules."""

from __future__ import annotations

import logging

from pydantic import BaseModel, Field

from model_engine.constraints import Amount, PlanRequest
from model_engine.optimizer.geo import (
    FixedGeo,
    GeoBound,
    GeoPlanModel,
    GeoRule,
    GeoRuleBrokenError,
    NationalChannelBound,
    optimize_by_geo,
)
from model_engine.panel import PanelFit
from tools.context import ToolContext, ToolOutcome
from tools.state import PanelSource, ToolError
from tools.views.geo import geo_plan_view

LOG = logging.getLogger(__name__)


class GeoPlanArgs(BaseModel):
    path: str | None = Field(
        None,
        description="An uploaded panel file (CSV/XLSX with a geo or market column, one row "
        "per market and week) to plan from; omit to use the conversation's panel.",
    )
    geo_column: str | None = Field(
        None, description="The file's market column (detected when omitted)."
    )
    budget: float | None = Field(
        None,
        gt=0,
        description="Total over the horizon (default: the conversation's budget, "
        "else today's total spend).",
    )
    every_market_min: float | None = Field(
        None, ge=0, description="Floor on every market's total ('at least $50K in every market')."
    )
    every_market_max: float | None = Field(None, ge=0, description="Cap on every market's total.")
    market_min: dict[str, float] = Field(
        default_factory=dict, description="Floor on a named market's total, by market."
    )
    market_max: dict[str, float] = Field(
        default_factory=dict, description="Cap on a named market's total, by market."
    )
    fixed_markets: list[str] = Field(
        default_factory=list, description="Markets kept at today's spend ('keep Texas fixed')."
    )
    channel_min: dict[str, float] = Field(
        default_factory=dict,
        description="Floor on a channel summed over every market ('at least $300K on TV "
        "nationally'), by channel.",
    )
    channel_max: dict[str, float] = Field(
        default_factory=dict, description="Cap on a channel summed over every market."
    )


def plan_by_geo(context: ToolContext, args: GeoPlanArgs) -> ToolOutcome:
    """Plan a budget across markets: fit the panel history pooled (curve shapes and carryover
    shared, each market's baseline and seasonality its own, market returns shrunk toward the
    national), then allocate over every market x channel line so the next dollar returns the
    same everywhere the rules leave free. Market rules (a floor or cap on every market or one,
    a market kept at today's spend) and national channel rules (a channel's total over all
    markets) hold together and are checked on the final numbers. Returns a table by market
    (channels and totals), each market's marginal return today and at the plan (why it gains
    or loses), the channel totals and every rule's check."""
    inputs = context.inputs
    if args.path is not None:
        source = PanelSource(path=args.path, geo=args.geo_column)
        inputs = inputs.model_copy(update={"panel": source})
    panel = context.results.panel_fit(inputs)
    horizon = inputs.horizon_weeks
    try:
        plan_model = GeoPlanModel.from_geo_models(panel.geo_response_models(horizon))
    except ValueError as error:
        raise ToolError(str(error)) from error
    rules = _rules(args, panel)
    budget = args.budget or inputs.budget or plan_model.model.current_total
    if budget <= 0:
        raise ToolError("No market spends anything today: tell me the budget to plan.")
    request = PlanRequest(budget=budget, horizon_weeks=horizon)
    try:
        plan = optimize_by_geo(plan_model, request, rules)
    except GeoRuleBrokenError as defect:
        LOG.error("geo plan postcondition failed (%s)", defect)
        raise ToolError(str(defect)) from defect
    except ValueError as error:
        raise ToolError(str(error), kind="infeasible") from error
    # The panel and a stated budget are kept for the next question ("plan by market").
    updated = inputs if args.budget is None else inputs.model_copy(update={"budget": budget})
    return ToolOutcome(geo_plan_view(plan, plan_model, panel), plan, updated)


def _market(panel: PanelFit, name: str) -> str:
    """The market the CMO named, matched without regard to case; ``ToolError`` naming the
    markets otherwise."""
    by_case = {geo.casefold(): geo for geo in panel.geo_names}
    found = by_case.get(name.strip().casefold())
    if found is None:
        markets = ", ".join(panel.geo_names)
        raise ToolError(f"There is no market {name!r}; the markets are {markets}.")
    return found


def _channel(panel: PanelFit, name: str) -> str:
    by_case = {c.casefold(): c for c in panel.channel_names}
    found = by_case.get(name.strip().casefold())
    if found is None:
        raise ToolError(
            f"There is no channel {name!r}; the channels are {', '.join(panel.channel_names)}."
        )
    return found


def _rules(args: GeoPlanArgs, panel: PanelFit) -> list[GeoRule]:
    rules: list[GeoRule] = []
    if args.every_market_min is not None or args.every_market_max is not None:
        rules.append(GeoBound(None, _amount(args.every_market_min), _amount(args.every_market_max)))
    for name, value in args.market_min.items():
        rules.append(GeoBound(_market(panel, name), minimum=Amount(value)))
    for name, value in args.market_max.items():
        rules.append(GeoBound(_market(panel, name), maximum=Amount(value)))
    rules.extend(FixedGeo(_market(panel, name)) for name in args.fixed_markets)
    for name, value in args.channel_min.items():
        rules.append(NationalChannelBound(_channel(panel, name), minimum=Amount(value)))
    for name, value in args.channel_max.items():
        rules.append(NationalChannelBound(_channel(panel, name), maximum=Amount(value)))
    return rules


def _amount(value: float | None) -> Amount | None:
    return None if value is None else Amount(value)
