"""Plotly figures for the chat, drawn from the engine's typed results.

Every value plotted is a field of a result (a plan, a scenario comparison, a tornado row) or
the engine's own response curve evaluated over a spend grid; nothing here estimates anything.
Figures use one small house style so they read as one product in the chat.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from assistant.narrative import assumption_label
from model_engine.money import currency_symbol
from model_engine.optimizer import AllocationResult
from model_engine.planning import ChannelCurve, ResponseModel
from model_engine.scenarios import ScenarioComparison
from model_engine.sensitivity import SensitivityResult

CURRENT_COLOR = "#94a3b8"  # slate: what is spent today
PLAN_COLOR = "#2563eb"  # blue: what the plan recommends
BAND_COLOR = "rgba(37, 99, 235, 0.15)"
LOW_COLOR = "#f97316"  # orange: an assumption set low
HIGH_COLOR = "#0d9488"  # teal: an assumption set high
SCENARIO_COLORS = ("#2563eb", "#f97316", "#0d9488", "#a855f7", "#e11d48", "#ca8a04", "#64748b")

CURVE_POINTS = 80
CURVE_RANGE = 1.6  # each curve runs to this multiple of the larger of current and planned spend
CURVES_PER_ROW = 3
INTERVAL_TAILS = (5.0, 95.0)  # the 90% band, as the engine's intervals
_FONT = "Inter, system-ui, -apple-system, Segoe UI, Roboto, sans-serif"


def response_curves(
    model: ResponseModel,
    plan: AllocationResult | None = None,
    channels: Sequence[str] = (),
) -> go.Figure:
    """One panel per channel: outcome over the horizon against spend, the 90% band from the
    curve's draws, today's spend and (with a plan) the recommended spend marked on the curve.

    ``channels`` limits the panels (e.g. to the channels a "why" question named)."""
    shown = [c for c in model.channels if not channels or c.name in channels]
    columns = min(CURVES_PER_ROW, len(shown))
    rows = math.ceil(len(shown) / columns)
    figure = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[c.name for c in shown],
        horizontal_spacing=0.07,
        vertical_spacing=0.16 if rows > 1 else 0.1,
    )
    symbol = currency_symbol(model.currency)
    for index, channel in enumerate(shown):
        row, col = divmod(index, columns)
        allocation = plan.channel(channel.name) if plan is not None else None
        recommended = allocation.recommended if allocation is not None else None
        for trace in _curve_traces(channel, model.outcome_name, symbol, recommended, index == 0):
            figure.add_trace(trace, row=row + 1, col=col + 1)
        if allocation is not None:
            figure.add_trace(
                _marker(
                    allocation.current,
                    allocation.current_expected.estimate,
                    "Today",
                    CURRENT_COLOR,
                    "circle",
                    model.outcome_name,
                    symbol,
                    index == 0,
                ),
                row=row + 1,
                col=col + 1,
            )
            figure.add_trace(
                _marker(
                    allocation.recommended,
                    allocation.expected.estimate,
                    "Recommended",
                    PLAN_COLOR,
                    "diamond",
                    model.outcome_name,
                    symbol,
                    index == 0,
                ),
                row=row + 1,
                col=col + 1,
            )
        else:
            today = float(channel.curve.outcome(channel.current_spend))
            figure.add_trace(
                _marker(
                    channel.current_spend,
                    today,
                    "Today",
                    CURRENT_COLOR,
                    "circle",
                    model.outcome_name,
                    symbol,
                    index == 0,
                ),
                row=row + 1,
                col=col + 1,
            )
    figure.update_xaxes(tickprefix=symbol, tickformat="~s", showgrid=False, rangemode="tozero")
    # Revenue-like outcomes are money too: label their axis as such.
    outcome_prefix = symbol if model.outcome_unit == "currency" else ""
    figure.update_yaxes(tickprefix=outcome_prefix, tickformat="~s", rangemode="tozero")
    title = (
        f"Response curves: {model.outcome_name} over {model.horizon_weeks} weeks by spend "
        "(band: 90% range)"
    )
    _style(figure, title, height=150 + 260 * rows)
    return figure


def _curve_traces(
    channel: ChannelCurve,
    outcome_name: str,
    symbol: str,
    recommended: float | None,
    show_legend: bool,
) -> list[go.Scatter]:
    top = CURVE_RANGE * max(channel.current_spend, recommended or 0.0, 1.0)
    spend = np.linspace(0.0, top, CURVE_POINTS)
    hover = f"{symbol}%{{x:,.0f}} → %{{y:,.0f}} {outcome_name}<extra>{channel.name}</extra>"
    traces: list[go.Scatter] = []
    if channel.draws is not None and channel.draws.n_draws > 1:
        by_draw = np.asarray(channel.draws.outcome(spend[:, None]))  # (points, draws)
        low, high = np.percentile(by_draw, INTERVAL_TAILS, axis=1)
        traces.append(
            go.Scatter(
                x=spend,
                y=high,
                mode="lines",
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
                legendgroup="band",
            )
        )
        traces.append(
            go.Scatter(
                x=spend,
                y=low,
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor=BAND_COLOR,
                name="90% range",
                hoverinfo="skip",
                showlegend=show_legend,
                legendgroup="band",
            )
        )
    traces.append(
        go.Scatter(
            x=spend,
            y=np.asarray(channel.curve.outcome(spend)),
            mode="lines",
            line={"color": PLAN_COLOR, "width": 2},
            name="Expected response",
            hovertemplate=hover,
            showlegend=show_legend,
            legendgroup="curve",
        )
    )
    return traces


def _marker(
    spend: float,
    outcome: float,
    label: str,
    color: str,
    symbol_shape: str,
    outcome_name: str,
    symbol: str,
    show_legend: bool,
) -> go.Scatter:
    return go.Scatter(
        x=[spend],
        y=[outcome],
        mode="markers",
        marker={
            "color": color,
            "size": 11,
            "symbol": symbol_shape,
            "line": {"width": 1.5, "color": "white"},
        },
        name=label,
        legendgroup=label,
        showlegend=show_legend,
        hovertemplate=f"{label}: {symbol}%{{x:,.0f}} → %{{y:,.0f}} {outcome_name}<extra></extra>",
    )


def allocation_bars(plan: AllocationResult) -> go.Figure:
    """Last period's spend next to the recommendation, one pair of bars per channel."""
    names = [c.name for c in plan.channels][::-1]  # plotly draws the first category at the bottom
    symbol = currency_symbol(plan.currency)
    current = [c.current for c in plan.channels][::-1]
    recommended = [c.recommended for c in plan.channels][::-1]
    figure = go.Figure(
        [
            go.Bar(
                y=names,
                x=current,
                orientation="h",
                name="Last period",
                marker_color=CURRENT_COLOR,
                texttemplate=f"{symbol}%{{x:,.3~s}}",
                textposition="outside",
                hovertemplate=f"%{{y}}: {symbol}%{{x:,.0f}} last period<extra></extra>",
            ),
            go.Bar(
                y=names,
                x=recommended,
                orientation="h",
                name="Recommended",
                marker_color=PLAN_COLOR,
                texttemplate=f"{symbol}%{{x:,.3~s}}",
                textposition="outside",
                hovertemplate=f"%{{y}}: {symbol}%{{x:,.0f}} recommended<extra></extra>",
            ),
        ]
    )
    figure.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    figure.update_xaxes(tickprefix=symbol, tickformat="~s")
    _style(
        figure,
        f"Budget by channel: last period vs recommended ({plan.horizon_weeks} weeks)",
        height=140 + 56 * len(names),
    )
    return figure


def scenario_comparison(comparison: ScenarioComparison) -> go.Figure:
    """Each feasible scenario beside the current plan: spend by channel (left) and the expected
    outcome with its 90% range (right)."""
    base = comparison.base
    plans = [("Current plan", base)] + [
        (f"{o.label}: {o.scenario.name}", o.result)
        for o in comparison.outcomes
        if o.result is not None
    ]
    symbol = currency_symbol(base.currency)
    figure = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.68, 0.32],
        subplot_titles=["Spend by channel", f"Expected {base.outcome_name} (90% range)"],
        horizontal_spacing=0.1,
    )
    channels = [c.name for c in base.channels]
    for index, (label, result) in enumerate(plans):
        color = SCENARIO_COLORS[index % len(SCENARIO_COLORS)]
        figure.add_trace(
            go.Bar(
                x=channels,
                y=[result.channel(name).recommended for name in channels],
                name=label,
                marker_color=color,
                legendgroup=label,
                hovertemplate=f"{label}<br>%{{x}}: {symbol}%{{y:,.0f}}<extra></extra>",
            ),
            row=1,
            col=1,
        )
        expected = result.expected
        figure.add_trace(
            go.Bar(
                x=[label.split(":")[0]],
                y=[expected.estimate],
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": [expected.high - expected.estimate],
                    "arrayminus": [expected.estimate - expected.low],
                    "color": "#334155",
                },
                marker_color=color,
                name=label,
                legendgroup=label,
                showlegend=False,
                hovertemplate=(
                    f"{label}<br>%{{y:,.0f}} {base.outcome_name} "
                    f"({expected.low:,.0f}–{expected.high:,.0f})<extra></extra>"
                ),
            ),
            row=1,
            col=2,
        )
    figure.update_layout(barmode="group")
    figure.update_yaxes(tickprefix=symbol, tickformat="~s", row=1, col=1)
    figure.update_yaxes(tickformat="~s", row=1, col=2)
    _style(figure, "Scenarios against the current plan", height=440)
    return figure


def sensitivity_tornado(result: SensitivityResult, top: int = 8) -> go.Figure:
    """The assumptions that move the plan most (most influential on top): the change in
    expected outcome when each is set low and high, with the budget it moves on hover."""
    rows = list(result.rows[:top])[::-1]
    labels = [assumption_label(r.assumption) for r in rows]
    symbol = currency_symbol(result.base.currency)
    outcome = result.base.outcome_name
    figure = go.Figure(
        [
            go.Bar(
                y=labels,
                x=[r.low_outcome_change for r in rows],
                customdata=[r.low_allocation_shift for r in rows],
                orientation="h",
                name="Assumption set low",
                marker_color=LOW_COLOR,
                hovertemplate=(
                    f"%{{y}} low<br>%{{x:+,.0f}} {outcome}; moves {symbol}%{{customdata:,.0f}}"
                    "<extra></extra>"
                ),
            ),
            go.Bar(
                y=labels,
                x=[r.high_outcome_change for r in rows],
                customdata=[r.high_allocation_shift for r in rows],
                orientation="h",
                name="Assumption set high",
                marker_color=HIGH_COLOR,
                hovertemplate=(
                    f"%{{y}} high<br>%{{x:+,.0f}} {outcome}; moves {symbol}%{{customdata:,.0f}}"
                    "<extra></extra>"
                ),
            ),
        ]
    )
    figure.update_layout(barmode="overlay")
    figure.add_vline(x=0, line_color="#334155", line_width=1)
    figure.update_xaxes(title_text=f"Change in expected {outcome} vs the plan", tickformat="+~s")
    _style(figure, "What moves the plan most", height=150 + 44 * len(rows))
    return figure


def _style(figure: go.Figure, title: str, *, height: int) -> None:
    figure.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 15}},
        template="plotly_white",
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": _FONT, "size": 12, "color": "#1e293b"},
        height=height,
        margin={"l": 10, "r": 20, "t": 70, "b": 40},
        legend={"orientation": "h", "y": -0.12, "x": 0, "yanchor": "top"},
        hoverlabel={"font": {"family": _FONT}},
    )
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
