"""The one-line summaries under each tool step quote the tool's own results."""

from __future__ import annotations

import json

from assistant import formatting
from assistant.conversation import Conversation
from assistant.turn import TurnResult
from assistant.ui.tool_summaries import summarize_call


def _call(result: TurnResult, name: str) -> tuple[str, dict]:
    record = next(c for c in result.tool_calls if c.name == name)
    return summarize_call(record.name, record.content, record.error), json.loads(record.content)


def test_the_plan_step_quotes_the_plans_totals(seed_turn: tuple[Conversation, TurnResult]) -> None:
    _, result = seed_turn
    summary, plan = _call(result, "optimize_allocation")
    assert summary.startswith(
        f"Expected {formatting.count(plan['expected_total'])} MQLs "
        f"({formatting.count_range(plan['expected_total_low'], plan['expected_total_high'])}) "
        f"from {formatting.money(plan['total_spend'])}"
    )
    assert formatting.signed_percent(plan["lift_over_baseline_pct"]) in summary
    binding = [c["description"] for c in plan["constraints"] if c["binds"]]
    assert binding
    assert all(b in summary for b in binding)


def test_the_parse_step_lists_what_was_read(seed_turn: tuple[Conversation, TurnResult]) -> None:
    _, result = seed_turn
    summary, parsed = _call(result, "parse_marketing_data")
    names = ", ".join(c["name"] for c in parsed["channels"])
    assert f"Read 6 channels ({names})" in summary
    assert formatting.money(parsed["total_spend"]) in summary
    assert "brand-building" in summary.casefold()


def test_the_fit_step_says_how_the_curves_were_made(
    seed_turn: tuple[Conversation, TurnResult],
) -> None:
    _, result = seed_turn
    summary, fit = _call(result, "fit_response_curves")
    assert summary.startswith(f"{len(fit['channels'])} response curves through last period's")
    assert formatting.count(fit["draws"]) in summary


def test_a_failed_call_shows_its_error() -> None:
    assert summarize_call("optimize_allocation", "{}", "No channel named 'radio'") == (
        "**Could not run:** No channel named 'radio'"
    )
    # An LLM tool call that failed comes back as the error message itself, not JSON.
    assert summarize_call("run_scenarios", "budget must be positive", "budget must be positive")
