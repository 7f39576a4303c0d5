"""One or two lines per tool call, for the collapsed steps above an answer.

A summary reads the compact JSON the tool returned (what the LLM saw), so every number it shows
is a number the tool produced; it only picks fields and formats them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from assistant import formatting
from assistant.narrative import assumption_label


def summarize_call(name: str, content: str, error: str | None = None) -> str:
    """Markdown for one call's step: what it found, or why it failed."""
    if error is not None:
        return f"**Could not run:** {error}"
    try:
        result = json.loads(content)
    except ValueError:
        return content
    if not isinstance(result, dict):
        return content
    if "error" in result and len(result) == 1:
        return f"**Could not run:** {result['error']}"
    summarizer = _SUMMARIZERS.get(name)
    return summarizer(result) if summarizer is not None else "Done."


def _parsed_data(result: dict[str, Any]) -> str:
    currency = result.get("currency") or "USD"
    lines = []
    channels = result.get("channels") or []
    if channels:
        names = ", ".join(c["name"] for c in channels)
        lines.append(
            f"Read {len(channels)} channels ({names}): "
            f"{formatting.money(result.get('total_spend'), currency)} spent, "
            f"outcome: {result.get('outcome_name')}."
        )
    if result.get("budget") is not None:
        lines.append(
            f"Budget {formatting.money(result['budget'], currency)} over "
            f"{result.get('horizon_weeks')} weeks."
        )
    constraints = result.get("constraints") or []
    if constraints:
        lines.append("Constraints: " + "; ".join(c["means"] for c in constraints) + ".")
    if result.get("budget_changes"):
        lines.append("What-if: " + "; ".join(result["budget_changes"]) + ".")
    problems = result.get("problems") or []
    if problems:
        lines.append(f"{len(problems)} problem(s): " + "; ".join(problems))
    return "\n\n".join(lines) or "No channel results, budget or constraints in this message."


def _history(result: dict[str, Any]) -> str:
    channels = ", ".join(result.get("channels") or [])
    return (
        f"{result.get('weeks')} weeks ({result.get('first_week')} to {result.get('last_week')}) "
        f"of {result.get('target')}; spend channels: {channels}."
    )


def _fit(result: dict[str, Any]) -> str:
    if result.get("kind") == "history":
        metrics = result.get("metrics") or {}
        return (
            f"Marketing-mix model of {result.get('weeks')} weeks of {result.get('target')}: "
            f"holdout MAPE {formatting.percent(metrics.get('holdout_mape_pct'))} on the last "
            f"{metrics.get('holdout_weeks')} weeks. {result.get('verdict')}"
        )
    channels = result.get("channels") or []
    return (
        f"{len(channels)} response curves through last period's results, shaped by "
        f"{formatting.count(result.get('draws'))} draws from channel-type priors "
        f"({formatting.percent(result.get('interval'))} ranges)."
    )


def _plan(result: dict[str, Any]) -> str:
    currency = result.get("currency") or "USD"
    outcome = result.get("outcome_name")
    interval = formatting.count_range(
        result.get("expected_total_low"), result.get("expected_total_high")
    )
    text = (
        f"Expected {formatting.count(result.get('expected_total'))} {outcome} ({interval}) "
        f"from {formatting.money(result.get('total_spend'), currency)}"
    )
    lift = result.get("lift_over_baseline_pct")
    if lift is not None:
        text += f", {formatting.signed_percent(lift)} over today's mix"
    binding = [c["description"] for c in result.get("constraints") or [] if c.get("binds")]
    if binding:
        text += ". Binding: " + "; ".join(binding)
    return text + "."


def _scenarios(result: dict[str, Any]) -> str:
    return "\n".join(f"- {s['trade_off']}" for s in result.get("scenarios") or [])


def _sensitivity(result: dict[str, Any]) -> str:
    rows = result.get("rows") or []
    if not rows:
        return "No assumption moves the plan."
    return (
        f"{len(rows)} assumptions ranked by the budget they move; most influential: "
        f"{assumption_label(rows[0]['assumption'])}."
    )


def _drivers(result: dict[str, Any]) -> str:
    channels = result.get("channels") or []
    return "; ".join(
        f"{c['channel']}: {c['direction']} ({c['primary_reason'].replace('_', ' ')})"
        for c in channels
    )


def _methodology(result: dict[str, Any]) -> str:
    passages = result.get("passages") or []
    return "; ".join(f"[{p['citation']}]" for p in passages) or "No passage found."


_SUMMARIZERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "parse_marketing_data": _parsed_data,
    "load_weekly_history": _history,
    "fit_response_curves": _fit,
    "optimize_allocation": _plan,
    "run_scenarios": _scenarios,
    "analyze_sensitivity": _sensitivity,
    "explain_drivers": _drivers,
    "search_methodology": _methodology,
}
