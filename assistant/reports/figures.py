"""Static charts for the printed plan, as PNG bytes: matplotlib's object API (no pyplot, so
no backend or display is chosen and renders in worker threads do not share state).

Every value drawn is a field of a typed view: the plan's allocation (today against the plan)
and each channel's expected outcome with its 90% range. Colours match the chat's Plotly figures.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from assistant.charts import CURRENT_COLOR, PLAN_COLOR
from model_engine.money import currency_symbol
from tools.views import PlanView

DPI = 200


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    return buffer.getvalue()


def _short_money(symbol: str) -> FuncFormatter:
    def label(value: float, position: int) -> str:
        del position
        if abs(value) >= 1e6:
            return f"{symbol}{value / 1e6:.1f}M"
        if abs(value) >= 1e3:
            return f"{symbol}{value / 1e3:.0f}K"
        return f"{symbol}{value:.0f}"

    return FuncFormatter(label)


def _style(axes: Axes, title: str) -> None:
    axes.set_title(title, fontsize=9, loc="left", color="#0f172a")
    axes.tick_params(labelsize=7, colors="#334155")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="x", color="#e2e8f0", linewidth=0.6)
    axes.set_axisbelow(True)


def allocation_png(plan: PlanView) -> bytes:
    """Today's spend against the plan's, per channel (horizontal bars)."""
    channels = [line.channel for line in plan.allocations]
    current = [float(line.current) for line in plan.allocations]
    planned = [float(line.recommended) for line in plan.allocations]
    figure = Figure(figsize=(3.6, 0.35 * len(channels) + 0.9))
    axes = figure.subplots()
    rows = np.arange(len(channels))
    axes.barh(rows + 0.2, current, height=0.38, color=CURRENT_COLOR, label="today")
    axes.barh(rows - 0.2, planned, height=0.38, color=PLAN_COLOR, label="plan")
    axes.set_yticks(rows, channels)
    axes.invert_yaxis()
    axes.xaxis.set_major_formatter(_short_money(currency_symbol(plan.currency)))
    axes.legend(fontsize=7, frameon=False, loc="lower right")
    _style(axes, f"Spend over {plan.horizon_weeks} weeks")
    return _png(figure)


def outcome_png(plan: PlanView) -> bytes:
    """Each channel's expected outcome under the plan with its 90% range."""
    channels = [line.channel for line in plan.allocations]
    expected = np.array([float(line.expected) for line in plan.allocations])
    low = np.array([float(line.expected_low) for line in plan.allocations])
    high = np.array([float(line.expected_high) for line in plan.allocations])
    figure = Figure(figsize=(3.6, 0.35 * len(channels) + 0.9))
    axes = figure.subplots()
    rows = np.arange(len(channels))
    axes.barh(rows, expected, height=0.5, color=PLAN_COLOR, alpha=0.85)
    axes.errorbar(
        expected,
        rows,
        xerr=[expected - low, high - expected],
        fmt="none",
        ecolor="#0f172a",
        elinewidth=0.8,
        capsize=2,
    )
    axes.set_yticks(rows, channels)
    axes.invert_yaxis()
    if plan.units.outcome_is_money:
        axes.xaxis.set_major_formatter(_short_money(currency_symbol(plan.currency)))
    _style(axes, f"Expected {plan.outcome_name} with the 90% range")
    return _png(figure)
