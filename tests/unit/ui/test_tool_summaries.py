"""The one-line summaries under each tool step quote the tool's own typed views."""

from __future__ import annotations

from assistant.conversation import Conversation
from assistant.turn import TurnResult
from assistant.ui.tool_summaries import summarize_call
from tools.allocation import OptimizeArgs
from tools.context import ToolCallRecord
from tools.data import ParseDataArgs
from tools.views import display, signed, with_name


def _call(result: TurnResult, name: str) -> ToolCallRecord:
    return next(c for c in result.tool_calls if c.name == name)


def test_the_plan_step_quotes_the_plans_totals(seed_turn: tuple[Conversation, TurnResult]) -> None:
    _, result = seed_turn
    record = _call(result, "optimize_allocation")
    plan = record.view
    summary = summarize_call(record)
    units = plan.units  # type: ignore[union-attr]
    assert summary.startswith(
        f"Current plan: expected {with_name(plan.expected_total, units)} "  # type: ignore[union-attr]
        f"({display(plan.expected_total_low, units)}–{display(plan.expected_total_high, units)})"  # type: ignore[union-attr]
    )
    assert signed(plan.lift_over_baseline_pct) in summary  # type: ignore[union-attr]
    binding = [c.description for c in plan.constraint_reports if c.binds]  # type: ignore[union-attr]
    assert binding
    assert all(b in summary for b in binding)


def test_the_parse_step_lists_what_was_read(seed_turn: tuple[Conversation, TurnResult]) -> None:
    _, result = seed_turn
    record = _call(result, "parse_marketing_data")
    summary = summarize_call(record)
    parsed = record.view
    names = ", ".join(c.name for c in parsed.data.channels)  # type: ignore[union-attr]
    assert f"Read 6 channels ({names})" in summary
    assert display(parsed.total_spend) not in ("–",)  # type: ignore[union-attr]
    assert "$2,000,000 spent" in summary
    assert "brand-building" in summary.casefold()


def test_the_fit_step_says_how_the_curves_were_made(
    seed_turn: tuple[Conversation, TurnResult],
) -> None:
    _, result = seed_turn
    record = _call(result, "fit_response_curves")
    summary = summarize_call(record)
    assert summary.startswith("6 response curves through last period's")
    assert "1,000 draws" in summary
    assert "(90% ranges)" in summary


def test_a_failed_call_shows_its_error() -> None:
    failed = ToolCallRecord(
        "optimize_allocation", OptimizeArgs(), "{}", error="No channel named 'radio'"
    )
    assert summarize_call(failed) == "**Could not run:** No channel named 'radio'"


def test_a_long_problem_list_is_collapsed() -> None:
    from tools.views.data import ParsedDataView

    problems = [f"line {n}: no spend given" for n in range(1, 40)]
    view = ParsedDataView(
        understood="",
        read="",
        currency="USD",
        data=None,
        total_spend=None,
        budget=None,
        horizon_weeks=13,
        budget_changes=[],
        curve_hints=[],
        constraints=[],
        problems=problems,
        notes=[],
        problem_count=len(problems),
        note_count=0,
    )
    summary = summarize_call(
        ToolCallRecord(
            "parse_marketing_data", ParseDataArgs(text="a pasted table"), "{}", view=view
        )
    )
    assert summary == "39 problems; the first 3: " + "; ".join(problems[:3])
