"""Plotly figures for the chat, drawn from the typed views the reply is rendered from.

Every value plotted is a field of a view (a plan, a scenario set, a sensitivity ranking) or
the engine's own response curve evaluated over a spend grid; nothing here estimates anything.
The tornado shows the same channels in the same order as the reply's table. Figures use one
small house style on an opaque light card, so they read the same in the light and dark
themes.

Names come from the user's data, and plotly reads a subset of HTML in every label (``<a href>``
is a live link, ``<img>``-like tags are markup): every label, title, category and trace name is
HTML-escaped (:func:`_label`), so a channel named ``<a href="…">`` is shown as written.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from model_engine.money import currency_symbol
from model_engine.planning import ChannelCurve, ResponseModel
from tools.views import PlanView, ScenarioSetView, SensitivityView
from tools.views.tracking import TrackingView

CURRENT_COLOR = "#94a3b8"  # slate: what is spent today
PLAN_COLOR = "#2563eb"  # blue: what the plan recommends
BAND_COLOR = "rgba(37, 99, 235, 0.15)"
ACTUAL_COLOR = "#e11d48"  # rose: what happened
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
    plan: PlanView | None = None,
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
        allocation = plan.line(channel.name) if plan is not None else None
        recommended = float(allocation.recommended) if allocation is not None else None
        for trace in _curve_traces(channel, model.outcome_name, symbol, recommended, index == 0):
            figure.add_trace(trace, row=row + 1, col=col + 1)
        if allocation is not None:
            figure.add_trace(
                _marker(
                    float(allocation.current),
                    float(allocation.current_expected),
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
                    float(allocation.recommended),
                    float(allocation.expected),
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
    hover = (
        f"{symbol}%{{x:,.0f}} → %{{y:,.0f}} {_label(outcome_name)}"
        f"<extra>{_label(channel.name)}</extra>"
    )
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
        hovertemplate=(
            f"{label}: {symbol}%{{x:,.0f}} → %{{y:,.0f}} {_label(outcome_name)}<extra></extra>"
        ),
    )


def allocation_bars(plan: PlanView) -> go.Figure:
    """Last period's spend next to the recommendation, one pair of bars per channel."""
    lines = plan.allocations[::-1]  # plotly draws the first category at the bottom
    names = [a.channel for a in lines]
    symbol = currency_symbol(plan.currency)
    current = [float(a.current) for a in lines]
    recommended = [float(a.recommended) for a in lines]
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
        f"Budget by channel, {plan.name.lower()}: last period vs recommended "
        f"({plan.horizon_weeks} weeks)",
        height=140 + 56 * len(names),
    )
    return figure


def scenario_comparison(scenarios: ScenarioSetView) -> go.Figure:
    """Each feasible scenario beside the current plan: spend by channel (left) and the expected
    outcome with its 90% range (right)."""
    base = scenarios.base
    plans = [
        (
            base.name,
            base.allocation,
            base.expected_total,
            base.expected_total_low,
            base.expected_total_high,
        )
    ] + [
        (s.title, s.allocation, s.expected_total, s.expected_total_low, s.expected_total_high)
        for s in scenarios.scenarios
        if s.feasible and s.allocation is not None
    ]
    symbol = currency_symbol(scenarios.currency)
    outcome = scenarios.outcome_name
    figure = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.68, 0.32],
        subplot_titles=["Spend by channel", f"Expected {outcome} (90% range)"],
        horizontal_spacing=0.1,
    )
    channels = list(base.allocation)
    for index, (label, allocation, expected, low, high) in enumerate(plans):
        color = SCENARIO_COLORS[index % len(SCENARIO_COLORS)]
        assert allocation is not None
        assert expected is not None
        assert low is not None
        assert high is not None
        figure.add_trace(
            go.Bar(
                x=channels,
                y=[float(allocation[name]) for name in channels],
                name=label,
                marker_color=color,
                legendgroup=label,
                hovertemplate=f"{_label(label)}<br>%{{x}}: {symbol}%{{y:,.0f}}<extra></extra>",
            ),
            row=1,
            col=1,
        )
        figure.add_trace(
            go.Bar(
                x=[label.split(":")[0]],
                y=[float(expected)],
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": [float(high) - float(expected)],
                    "arrayminus": [float(expected) - float(low)],
                    "color": "#334155",
                },
                marker_color=color,
                name=label,
                legendgroup=label,
                showlegend=False,
                hovertemplate=(
                    f"{_label(label)}<br>%{{y:,.0f}} {_label(outcome)} "
                    f"({float(low):,.0f}–{float(high):,.0f})<extra></extra>"
                ),
            ),
            row=1,
            col=2,
        )
    figure.update_layout(barmode="group")
    figure.update_yaxes(tickprefix=symbol, tickformat="~s", row=1, col=1)
    figure.update_yaxes(tickformat="~s", row=1, col=2)
    _style(figure, f"What-ifs beside the {base.name.lower()}", height=440)
    return figure


def sensitivity_tornado(result: SensitivityView) -> go.Figure:
    """Every channel's most consequential assumption, in the reply's order (most outcome at
    stake on top): the change in expected outcome when it is set low and high, with the budget
    it moves on hover."""
    rows = list(result.channels)[::-1]
    labels = [r.assumption for r in rows]
    symbol = currency_symbol(result.currency)
    outcome = result.outcome_name
    said = _label(outcome)
    figure = go.Figure(
        [
            go.Bar(
                y=labels,
                x=[float(r.outcome_change_low) for r in rows],
                customdata=[float(r.budget_moved_low) for r in rows],
                orientation="h",
                name="Assumption set low",
                marker_color=LOW_COLOR,
                hovertemplate=(
                    f"%{{y}} low<br>%{{x:+,.0f}} {said}; moves {symbol}%{{customdata:,.0f}}"
                    "<extra></extra>"
                ),
            ),
            go.Bar(
                y=labels,
                x=[float(r.outcome_change_high) for r in rows],
                customdata=[float(r.budget_moved_high) for r in rows],
                orientation="h",
                name="Assumption set high",
                marker_color=HIGH_COLOR,
                hovertemplate=(
                    f"%{{y}} high<br>%{{x:+,.0f}} {said}; moves {symbol}%{{customdata:,.0f}}"
                    "<extra></extra>"
                ),
            ),
        ]
    )
    figure.update_layout(barmode="overlay")
    figure.add_vline(x=0, line_color="#334155", line_width=1)
    figure.update_xaxes(
        title_text=f"Change in expected {_label(outcome)} vs the plan", tickformat="+~s"
    )
    _style(figure, f"What puts the most {outcome} at stake", height=150 + 44 * len(rows))
    return figure


def _label(text: str) -> str:
    """``text`` as plotly shows it literally (its labels read HTML)."""
    return html.escape(text, quote=False)


def _escape_labels(figure: go.Figure) -> None:
    """Escape the labels that come from data: subplot titles, trace names and categories."""
    for annotation in figure.layout.annotations:
        annotation.text = _label(annotation.text)
    for trace in figure.data:
        if trace.name:
            trace.name = _label(trace.name)
        for axis in ("x", "y"):
            values = getattr(trace, axis, None)
            if values is not None and any(isinstance(v, str) for v in values):
                setattr(trace, axis, [_label(v) if isinstance(v, str) else v for v in values])


def actual_vs_predicted(view: TrackingView) -> go.Figure:
    """One panel per channel: the plan's weekly predicted outcome with its 90% band, and the
    weekly actuals over it (an alerted channel's title says so)."""
    channels = view.channels
    columns = min(CURVES_PER_ROW, len(channels))
    rows = math.ceil(len(channels) / columns)
    titles = [f"{c.channel} ⚠" if c.alert else c.channel for c in channels]
    figure = make_subplots(rows=rows, cols=columns, subplot_titles=titles)
    for index, channel in enumerate(channels):
        row, col = divmod(index, columns)
        weeks = [w for w in view.weeks if w.channel == channel.channel]
        x = [w.week.isoformat() for w in weeks]
        shown = index == 0
        where = {"row": row + 1, "col": col + 1}
        figure.add_trace(
            go.Scatter(
                x=x + x[::-1],
                y=[float(w.predicted_high) for w in weeks]
                + [float(w.predicted_low) for w in weeks][::-1],
                fill="toself",
                fillcolor=BAND_COLOR,
                line={"width": 0},
                name="90% band",
                legendgroup="band",
                showlegend=shown,
                hoverinfo="skip",
            ),
            **where,
        )
        figure.add_trace(
            go.Scatter(
                x=x,
                y=[float(w.predicted_outcome) for w in weeks],
                mode="lines",
                line={"color": PLAN_COLOR},
                name="Predicted",
                legendgroup="predicted",
                showlegend=shown,
            ),
            **where,
        )
        figure.add_trace(
            go.Scatter(
                x=x,
                y=[float(w.actual_outcome) for w in weeks],
                mode="lines+markers",
                line={"color": ACTUAL_COLOR},
                name="Actual",
                legendgroup="actual",
                showlegend=shown,
            ),
            **where,
        )
    _style(
        figure,
        f"{view.plan_name}: actual vs predicted {view.outcome_name} per week",
        height=120 + 260 * rows,
    )
    return figure


def _style(figure: go.Figure, title: str, *, height: int) -> None:
    _escape_labels(figure)
    figure.update_layout(
        title={"text": _label(title), "x": 0.01, "xanchor": "left", "font": {"size": 15}},
        template="plotly_white",
        # An opaque light card with dark text: legible whether the chat is light or dark.
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": _FONT, "size": 12, "color": "#1e293b"},
        height=height,
        margin={"l": 10, "r": 20, "t": 70, "b": 40},
        legend={"orientation": "h", "y": -0.12, "x": 0, "yanchor": "top"},
        hoverlabel={"font": {"family": _FONT, "color": "#1e293b"}, "bgcolor": "white"},
    )
    figure.update_xaxes(automargin=True, color="#334155", gridcolor="#e2e8f0")
    figure.update_yaxes(automargin=True, color="#334155", gridcolor="#e2e8f0")
