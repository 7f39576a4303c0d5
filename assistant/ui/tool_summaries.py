"""One or two lines per tool call, for the collapsed steps above an answer (and the
``summary`` of each ``tool_calls`` entry of ``budgetmix ask --json``).

A summary reads the call's typed view (the object whose JSON the LLM saw), so every number it
shows is a number the tool produced, formatted by its unit type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tools.context import ToolCallRecord
from tools.views import (
    DataView,
    DriversView,
    HistoryFitView,
    LoadedHistoryView,
    MethodologyView,
    ParsedDataView,
    PlanView,
    ScenarioSetView,
    SensitivityView,
    SnapshotFitView,
    Units,
    display,
    signed,
    with_name,
)
from tools.views.geo import GeoPlanView

SHOWN_PROBLEMS = 3


def summarize_call(call: ToolCallRecord) -> str:
    """Markdown for one call's step: what it found, or why it failed."""
    if call.error is not None:
        return f"**Could not run:** {call.error}"
    view = call.view
    for kind, summarizer in _SUMMARIZERS:
        if isinstance(view, kind):
            return summarizer(view)
    return "Done."


def _listed(items: list[str], what: str) -> str:
    """ "2 problems: a; b", or the first few of a long list and how many in all."""
    if len(items) <= SHOWN_PROBLEMS + 1:
        return f"{len(items)} {what}: " + "; ".join(items)
    return f"{len(items)} {what}; the first {SHOWN_PROBLEMS}: " + "; ".join(items[:SHOWN_PROBLEMS])


def _parsed_data(view: ParsedDataView) -> str:
    units = Units(view.currency)
    lines = []
    if view.data is not None:
        names = ", ".join(c.name for c in view.data.channels)
        outcome = view.data.channels[0].outcome_name if view.data.channels else "outcome"
        lines.append(
            f"Read {len(view.data.channels)} channels ({names}): "
            f"{display(view.total_spend, units)} spent, outcome: {outcome}."
        )
    if view.budget is not None:
        lines.append(f"Budget {display(view.budget, units)} over {view.horizon_weeks} weeks.")
    if view.constraints:
        lines.append("Constraints: " + "; ".join(c.means for c in view.constraints) + ".")
    if view.budget_changes:
        lines.append("What-if: " + "; ".join(view.budget_changes) + ".")
    if view.problems:
        lines.append(_listed(view.problems, "problems"))
    return "\n\n".join(lines) or "No channel results, budget or constraints in this message."


def _data(view: DataView) -> str:
    return "Channels now: " + ", ".join(c.name for c in view.channels) + "."


def _history(view: LoadedHistoryView) -> str:
    return (
        f"{view.weeks} weeks ({view.first_week} to {view.last_week}) of {view.target}; "
        f"spend channels: {', '.join(view.channels)}."
    )


def _history_fit(view: HistoryFitView) -> str:
    return (
        f"Marketing-mix model of {view.weeks} weeks of {view.target}: holdout MAPE "
        f"{display(view.metrics.holdout_mape_pct)} on the last {view.metrics.holdout_weeks} "
        f"weeks. {view.verdict}"
    )


def _snapshot_fit(view: SnapshotFitView) -> str:
    return (
        f"{len(view.channels)} response curves through last period's results, shaped by "
        f"{display(view.draws)} draws from channel-type priors ({display(view.interval)} "
        "ranges)."
    )


def _plan(view: PlanView) -> str:
    units = view.units
    text = (
        f"{view.name}: expected {with_name(view.expected_total, units)} "
        f"({display(view.expected_total_low, units)}–{display(view.expected_total_high, units)})"
        f" from {display(view.total_spend, units)}"
    )
    if view.lift_over_baseline_pct is not None:
        text += f", {signed(view.lift_over_baseline_pct)} over today's mix"
    binding = [c.description for c in view.constraint_reports if c.binds]
    if binding:
        text += ". Binding: " + "; ".join(binding)
    return text + "."


def _scenarios(view: ScenarioSetView) -> str:
    return "\n".join(f"- {s.trade_off}" for s in view.scenarios)


def _sensitivity(view: SensitivityView) -> str:
    if not view.channels:
        return "No assumption moves the plan."
    top = view.channels[0]
    return (
        f"{len(view.rows)} assumptions ranked by the {view.outcome_name} at stake; most "
        f"influential: {top.assumption} ({with_name(top.outcome_at_stake, view.units)})."
    )


def _drivers(view: DriversView) -> str:
    return "; ".join(
        f"{c.channel}: {c.direction} ({c.primary_reason.replace('_', ' ')})" for c in view.channels
    )


def _methodology(view: MethodologyView) -> str:
    return "; ".join(f"[{p.citation}]" for p in view.passages) or "No passage found."


def _geo_plan(view: GeoPlanView) -> str:
    units = view.units
    return (
        f"Plan over {len(view.markets)} markets x {len(view.channels)} channels: expected "
        f"{with_name(view.expected.estimate, units)} ({display(view.expected.low, units)}–"
        f"{display(view.expected.high, units)}) from {display(view.total_spend, units)}; "
        f"{sum(r.holds for r in view.rules)} of {len(view.rules)} rules hold."
    )


_SUMMARIZERS: tuple[tuple[type[Any], Callable[[Any], str]], ...] = (
    (ParsedDataView, _parsed_data),
    (DataView, _data),
    (LoadedHistoryView, _history),
    (HistoryFitView, _history_fit),
    (SnapshotFitView, _snapshot_fit),
    (PlanView, _plan),
    (ScenarioSetView, _scenarios),
    (SensitivityView, _sensitivity),
    (DriversView, _drivers),
    (MethodologyView, _methodology),
    (GeoPlanView, _geo_plan),
)
