"""The downloadable plan holds the numbers of the reply's table, in CSV and XLSX, read from
the same :class:`PlanView` the reply, the tool step, the charts and the CLI JSON come from."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from assistant import charts, export
from assistant.conversation import Conversation
from assistant.turn import TurnResult
from assistant.ui.tool_summaries import summarize_call
from tools.views import PlanView, Units, display, signed, with_name


@pytest.fixture(scope="module")
def plan(seed_turn: tuple[Conversation, TurnResult]) -> PlanView:
    _, result = seed_turn
    (record,) = [c for c in result.tool_calls if c.name == "optimize_allocation"]
    assert isinstance(record.view, PlanView)
    return record.view


def _csv_rows(plan: PlanView) -> list[dict[str, str]]:
    text = export.plan_csv(plan).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_every_surface_renders_the_same_object(
    plan: PlanView, seed_turn: tuple[Conversation, TurnResult]
) -> None:
    _, result = seed_turn
    units = plan.units
    # The CLI JSON and the LLM's JSON are this object, and it round-trips.
    assert result.document().plan == plan
    assert PlanView.model_validate_json(plan.model_dump_json()) == plan
    assert result.to_json()["plan"]["allocations"][0]["recommended"] == float(
        plan.allocations[0].recommended
    )
    # The tool step, the reply and the charts quote its fields.
    (record,) = [c for c in result.tool_calls if c.name == "optimize_allocation"]
    step = summarize_call(record)
    assert with_name(plan.expected_total, units) in step
    assert signed(plan.lift_over_baseline_pct) in step
    assert (
        result.document()
        .tool_calls[[c.name for c in result.tool_calls].index("optimize_allocation")]
        .summary
        == step
    )
    bars = charts.allocation_bars(plan)
    recommended = {trace.name: list(trace.x) for trace in bars.data}["Recommended"]
    assert recommended[::-1] == [float(a.recommended) for a in plan.allocations]
    rows = _csv_rows(plan)
    for row, line in zip(rows, plan.allocations, strict=False):
        table_row = next(
            r for r in result.reply.splitlines() if r.startswith(f"| {line.channel} |")
        )
        assert display(line.recommended, units) in table_row
        assert float(row["Recommended (USD)"]) == line.recommended
        assert display(line.next_unit, units) in table_row
        assert float(row[f"{plan.next_unit_header} (USD)"]) == line.next_unit
        assert row["Confidence"] == line.confidence


def test_csv_round_trips_every_channels_numbers(plan: PlanView) -> None:
    rows = _csv_rows(plan)
    assert [r["Channel"] for r in rows] == [*(a.channel for a in plan.allocations), "Total"]
    for row, line in zip(rows, plan.allocations, strict=False):
        assert float(row["Last period (USD)"]) == line.current
        assert float(row["Last period MQLs"]) == line.current_expected
        assert float(row["Recommended (USD)"]) == line.recommended
        assert float(row["Change (USD)"]) == line.change
        assert line.change_pct is not None
        assert float(row["Change (%)"]) == pytest.approx(line.change_pct * 100, abs=0.005)
        assert float(row["Expected MQLs"]) == line.expected
        assert float(row["Expected MQLs, 90% low"]) == line.expected_low
        assert float(row["Expected MQLs, 90% high"]) == line.expected_high
        assert float(row["Cost of next MQL (USD)"]) == line.next_unit
        assert row["Direction"] == line.direction
    total = rows[-1]
    assert float(total["Last period (USD)"]) == plan.current_total
    assert float(total["Last period MQLs"]) == plan.current_expected_total
    assert float(total["Recommended (USD)"]) == plan.total_spend
    assert float(total["Expected MQLs"]) == plan.expected_total
    assert total["Change (USD)"] == ""  # the table shows no total change; neither does the file


def test_files_are_named_after_the_plan_they_hold(plan: PlanView) -> None:
    assert export.file_stem(plan) == "current-plan"
    scenario = plan.model_copy(update={"name": "Scenario A: budget −15%", "adopted": False})
    assert export.file_stem(scenario) == "scenario-a-budget-15"


def test_xlsx_round_trips_the_table_and_the_plan_facts(plan: PlanView) -> None:
    workbook = load_workbook(io.BytesIO(export.plan_xlsx(plan)))
    assert workbook.sheetnames == ["Allocation", "Plan"]

    allocation = workbook["Allocation"]
    header, *body = list(allocation.iter_rows(values_only=True))
    columns = {name: index for index, name in enumerate(header)}
    for row, line in zip(body, plan.allocations, strict=False):
        assert row[columns["Channel"]] == line.channel
        assert row[columns["Recommended (USD)"]] == line.recommended
        assert row[columns["Change (%)"]] == line.change_pct
        assert row[columns["Expected MQLs"]] == line.expected
        assert row[columns["Cost of next MQL (USD)"]] == line.next_unit
    total = body[-1]
    assert total[columns["Channel"]] == "Total"
    assert total[columns["Recommended (USD)"]] == plan.total_spend
    assert total[columns["Expected MQLs, 90% high"]] == plan.expected_total_high
    change_cell = allocation.cell(2, columns["Change (%)"] + 1)
    assert "%" in change_cell.number_format

    facts = {
        row[0]: row[1] for row in workbook["Plan"].iter_rows(values_only=True) if row and row[0]
    }
    assert facts["Plan"] == "Current plan"
    assert facts["Expected MQLs"] == plan.expected_total
    assert facts["Last period's MQLs"] == plan.current_expected_total
    assert facts["Horizon (weeks)"] == plan.horizon_weeks
    assert facts["Objective"] == plan.objective
    assert set(plan.constraints) <= set(facts)


def test_a_revenue_plan_exports_the_return_on_the_next_dollar_the_reply_shows(
    planned_history: tuple[TurnResult, TurnResult],
) -> None:
    _, result = planned_history
    (record,) = [c for c in result.tool_calls if c.name == "optimize_allocation"]
    plan = record.view
    assert isinstance(plan, PlanView)
    assert plan.next_unit_header == "Return on the next $1"
    assert "| Return on the next $1 |" in result.reply
    rows = _csv_rows(plan)
    for row, line in zip(rows, plan.allocations, strict=False):
        assert float(row["Return on the next $1 (USD)"]) == line.next_unit
        table_row = next(
            r for r in result.reply.splitlines() if r.startswith(f"| {line.channel} |")
        )
        assert table_row.rstrip(" |").endswith(display(line.next_unit, Units(plan.currency)))


def test_a_percent_never_reads_as_a_share(planned_history: tuple[TurnResult, TurnResult]) -> None:
    fit_turn, _ = planned_history
    (fit,) = [c for c in fit_turn.tool_calls if c.name == "fit_response_curves"]
    step = summarize_call(fit)
    mape = fit.view.metrics.holdout_mape_pct  # type: ignore[union-attr]
    assert f"holdout MAPE {float(mape):.1f}% on the last" in step
    assert f"Holdout MAPE {float(mape):.1f}% on the last" in fit_turn.reply


def test_the_xlsx_bytes_depend_only_on_the_plan_not_the_clock(plan: PlanView) -> None:
    # openpyxl's save stamps the document's "modified" with the time: two exports of one plan
    # a second apart (the chat's download and `ask --export`) would be different files.
    workbook = load_workbook(io.BytesIO(export.plan_xlsx(plan)))
    assert workbook.properties.created == workbook.properties.modified == export._FIXED_TIME
