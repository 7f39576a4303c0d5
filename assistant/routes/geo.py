"""The geo plan route (intent ``geo_plan``): an uploaded panel history (one row per market and
week) fitted pooled, and "allocate $2M across markets" / "plan by market" answered with a plan
over every market x channel line: a table by market (channels and totals), which markets gain
and lose and why (what one more dollar returns there against the plan's equalised return),
and every stated rule checked on the final numbers. Market and national channel rules are
read from the message by :mod:`assistant.routes.geo_rules`."""

from __future__ import annotations

from assistant.intents import Routing
from assistant.narrative import render
from assistant.postcondition import ensure_geo_rules_hold
from assistant.routes import is_panel_file
from assistant.routes.base import PlannerTurn, ask_for, tool_error
from assistant.routes.geo_rules import read_geo_rules
from assistant.turn import TurnResult
from model_engine.optimizer.geo import GeoPlan
from tools.geo import GeoPlanArgs
from tools.state import PanelSource, ToolError
from tools.views.geo import GeoPlanView

_PANEL_EXAMPLES = (
    "an uploaded CSV or XLSX with a market (geo, region) column, a week column, spend per "
    "channel and the outcome: one row per market and week",
)


def answer(turn: PlannerTurn, routing: Routing) -> TurnResult:
    del routing
    upload = next((p for p in turn.files if is_panel_file(p)), None)
    inputs = turn.context.inputs
    source = PanelSource(path=str(upload)) if upload is not None else inputs.panel
    if source is None:
        return ask_for(
            turn,
            "A plan by market is made from a panel history: each market's weekly spend per "
            "channel and outcome. Give me one of these:",
            _PANEL_EXAMPLES,
        )
    try:
        panel = turn.context.results.panel_load(inputs.model_copy(update={"panel": source}))
    except ToolError as error:
        return ask_for(turn, f"I couldn't use the panel: {error}", _PANEL_EXAMPLES)
    # The upload is the conversation's panel from now on, even if this message must be asked
    # about before a plan is made.
    turn.context.inputs = inputs.model_copy(update={"panel": source})
    reading = read_geo_rules(turn.message, panel.panel.geos, panel.panel.channels)
    if reading.unread:
        return ask_for(
            turn,
            "I read these as limits but not what they apply to, so I haven't planned yet: "
            + "; ".join(f"“{clause}”" for clause in reading.unread)
            + ". Say which market or channel each is for, for example:",
            (
                "at least $50K in every market",
                f"{panel.panel.geos[0]} at most $1M",
                f"at least $300K on {panel.panel.channels[0]} nationally",
            ),
        )
    arguments = GeoPlanArgs(
        path=None if upload is None else str(upload),
        budget=reading.budget,
        every_market_min=reading.every_market_min,
        every_market_max=reading.every_market_max,
        market_min=reading.market_min,
        market_max=reading.market_max,
        fixed_markets=list(reading.fixed_markets),
        channel_min=reading.channel_min,
        channel_max=reading.channel_max,
    )
    planned = turn._call("plan_by_geo", arguments)
    if not planned.ok:
        return tool_error(turn, planned)
    assert isinstance(planned.view, GeoPlanView)
    assert isinstance(planned.artifact, GeoPlan)
    ensure_geo_rules_hold(planned.artifact, "plan_by_geo", planned.view.currency)
    view = planned.view
    no_budget = reading.budget is None and inputs.budget is None
    reply = render("geo_plan", intro=turn.intro, plan=view, units=view.units, no_budget=no_budget)
    return turn.result("geo_plan", reply)
