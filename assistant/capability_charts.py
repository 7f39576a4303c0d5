"""Plotly figures for attribution, the weekly calendar and the plan by market, drawn from their
typed views.

Every value plotted is a field of an :class:`~tools.views.attribution.AttributionView`, a
:class:`~tools.views.calendar.CalendarView` or its forecast, or a
:class:`~tools.views.geo.GeoPlanView`; nothing here estimates anything.
The house style is :mod:`assistant.charts`'.
"""

from __future__ import annotations

import plotly.graph_objects as go

from assistant.charts import BAND_COLOR, CURRENT_COLOR, PLAN_COLOR, SCENARIO_COLORS, _style
from model_engine.money import currency_symbol
from tools.views.attribution import AttributionView
from tools.views.calendar import CalendarView
from tools.views.geo import GeoPlanView

HEAT_SCALE = "Blues"


def attribution_comparison(view: AttributionView) -> go.Figure:
    """Each channel's share of the credit under every model, grouped by channel."""
    figure = go.Figure(
        [
            go.Bar(
                x=[row.channel for row in view.comparison],
                y=[float(row.shares[k]) for row in view.comparison],
                name=model.label,
                marker_color=SCENARIO_COLORS[k % len(SCENARIO_COLORS)],
                hovertemplate=f"%{{x}}: %{{y:.1%}} of the credit ({model.label})<extra></extra>",
            )
            for k, model in enumerate(view.models)
        ]
    )
    figure.update_layout(barmode="group", bargap=0.2)
    figure.update_yaxes(tickformat=".0%", title_text="Share of conversions credited")
    _style(figure, "Credit for conversions by attribution model", height=420)
    return figure


def calendar_heatmap(view: CalendarView) -> go.Figure:
    """Spend per week (columns) and channel (rows), the calendar's shape at a glance."""
    symbol = currency_symbol(view.currency)
    weeks = [w.week for w in view.calendar]
    figure = go.Figure(
        go.Heatmap(
            x=weeks,
            y=view.channels,
            z=[[float(w.spend[name]) for w in view.calendar] for name in view.channels],
            colorscale=HEAT_SCALE,
            colorbar={"title": {"text": "Spend"}, "tickprefix": symbol, "tickformat": "~s"},
            hovertemplate=f"%{{y}}, week of %{{x}}: {symbol}%{{z:,.0f}}<extra></extra>",
        )
    )
    figure.update_xaxes(type="category", tickangle=-45)
    _style(
        figure,
        f"Weekly calendar, {view.period}: spend by week and channel",
        height=180 + 44 * len(view.channels),
    )
    return figure


def forecast_band(view: CalendarView) -> go.Figure:
    """The calendar's expected outcome per week with its 90% band, and the baseline under it."""
    forecast = view.forecast
    weeks = [w.week for w in forecast.weeks]
    outcome = forecast.outcome_name
    figure = go.Figure(
        [
            go.Scatter(
                x=weeks + weeks[::-1],
                y=[float(w.high) for w in forecast.weeks]
                + [float(w.low) for w in forecast.weeks][::-1],
                fill="toself",
                fillcolor=BAND_COLOR,
                line={"width": 0},
                name="90% range",
                hoverinfo="skip",
            ),
            go.Scatter(
                x=weeks,
                y=[float(w.expected) for w in forecast.weeks],
                mode="lines+markers",
                line={"color": PLAN_COLOR},
                name=f"Expected {outcome}",
                hovertemplate=f"week of %{{x}}: %{{y:,.0f}} {outcome}<extra></extra>",
            ),
            go.Scatter(
                x=weeks,
                y=[float(w.baseline) for w in forecast.weeks],
                mode="lines",
                line={"color": "#94a3b8", "dash": "dot"},
                name="Baseline (no media)",
                hovertemplate=f"week of %{{x}}: %{{y:,.0f}} {outcome} baseline<extra></extra>",
            ),
        ]
    )
    figure.update_xaxes(type="category", tickangle=-45)
    figure.update_yaxes(tickformat="~s")
    _style(figure, f"Forecast of {outcome}, {view.period}", height=380)
    return figure


def geo_plan_bars(view: GeoPlanView) -> go.Figure:
    """Map-free: each market's recommended spend stacked by channel, today's total marked."""
    symbol = currency_symbol(view.currency)
    markets = [m.geo for m in view.markets]
    bars: list[go.Bar | go.Scatter] = [
        go.Bar(
            x=markets,
            y=[float(m.spend[name]) for m in view.markets],
            name=name,
            marker_color=SCENARIO_COLORS[k % len(SCENARIO_COLORS)],
            hovertemplate=f"%{{x}}, {name}: {symbol}%{{y:,.0f}}<extra></extra>",
        )
        for k, name in enumerate(view.channels)
    ]
    bars.append(
        go.Scatter(
            x=markets,
            y=[float(m.current) for m in view.markets],
            mode="markers",
            marker={
                "color": CURRENT_COLOR,
                "symbol": "line-ew-open",
                "size": 28,
                "line": {"width": 3},
            },
            name="Today's total",
            hovertemplate=f"%{{x}} today: {symbol}%{{y:,.0f}}<extra></extra>",
        )
    )
    figure = go.Figure(bars)
    figure.update_layout(barmode="stack", bargap=0.3)
    figure.update_xaxes(type="category")
    figure.update_yaxes(tickprefix=symbol, tickformat="~s", title_text="Spend over the horizon")
    _style(figure, f"Plan by {view.geo_column}: spend by market and channel", height=420)
    return figure
