"""The downloadable plan holds the numbers of the reply's table, in CSV and XLSX."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from assistant import export, formatting
from assistant.conversation import Conversation
from assistant.turn import TurnResult
from tools.allocation import plan_summary
from tools.workspace import PlanOutput


@pytest.fixture(scope="module")
def plan(seed_turn: tuple[Conversation, TurnResult]) -> PlanOutput:
    conversation, _ = seed_turn
    output = conversation.session.workspace.plan
    assert output is not None
    return output


def _csv_rows(plan: PlanOutput) -> list[dict[str, str]]:
    text = export.plan_csv(plan).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_round_trips_every_channels_numbers(plan: PlanOutput) -> None:
    summary = plan_summary(plan)
    rows = _csv_rows(plan)
    assert [r["Channel"] for r in rows] == [
        *(a["channel"] for a in summary["allocations"]),
        "Total",
    ]
    for row, line in zip(rows, summary["allocations"], strict=False):
        assert float(row["Last period (USD)"]) == line["current"]
        assert float(row["Recommended (USD)"]) == line["recommended"]
        assert float(row["Change (USD)"]) == line["change"]
        assert float(row["Change (%)"]) == pytest.approx(line["change_pct"] * 100, abs=0.005)
        assert float(row["Expected MQLs"]) == line["expected"]
        assert float(row["Expected MQLs, 90% low"]) == line["expected_low"]
        assert float(row["Expected MQLs, 90% high"]) == line["expected_high"]
        assert float(row["Cost of next MQL (USD)"]) == line["marginal_cost"]
        assert row["Direction"] == line["direction"]
    total = rows[-1]
    assert float(total["Last period (USD)"]) == summary["current_total"]
    assert float(total["Recommended (USD)"]) == summary["total_spend"]
    assert float(total["Expected MQLs"]) == summary["expected_total"]
    assert total["Change (USD)"] == ""  # the table shows no total change; neither does the file


def test_csv_numbers_are_the_ones_the_reply_table_prints(
    plan: PlanOutput, seed_turn: tuple[Conversation, TurnResult]
) -> None:
    _, result = seed_turn
    for row in _csv_rows(plan)[:-1]:
        recommended = formatting.money(float(row["Recommended (USD)"]))
        expected = formatting.count(float(row["Expected MQLs"]))
        assert f"| {row['Channel']} | " in result.reply
        assert f"**{recommended}**" in result.reply
        assert f"| {expected} (" in result.reply


def test_xlsx_round_trips_the_table_and_the_plan_facts(plan: PlanOutput) -> None:
    summary = plan_summary(plan)
    workbook = load_workbook(io.BytesIO(export.plan_xlsx(plan)))
    assert workbook.sheetnames == ["Allocation", "Plan"]

    allocation = workbook["Allocation"]
    header, *body = list(allocation.iter_rows(values_only=True))
    columns = {name: index for index, name in enumerate(header)}
    for row, line in zip(body, summary["allocations"], strict=False):
        assert row[columns["Channel"]] == line["channel"]
        assert row[columns["Recommended (USD)"]] == line["recommended"]
        assert row[columns["Change (%)"]] == line["change_pct"]
        assert row[columns["Expected MQLs"]] == line["expected"]
        assert row[columns["Cost of next MQL (USD)"]] == line["marginal_cost"]
    total = body[-1]
    assert total[columns["Channel"]] == "Total"
    assert total[columns["Recommended (USD)"]] == summary["total_spend"]
    assert total[columns["Expected MQLs, 90% high"]] == summary["expected_total_high"]
    change_cell = allocation.cell(2, columns["Change (%)"] + 1)
    assert "%" in change_cell.number_format

    facts = {
        row[0]: row[1] for row in workbook["Plan"].iter_rows(values_only=True) if row and row[0]
    }
    assert facts["Expected MQLs"] == summary["expected_total"]
    assert facts["Horizon (weeks)"] == summary["horizon_weeks"]
    assert facts["Objective"] == summary["objective"]
    constraint_descriptions = [c["description"] for c in summary["constraints"]]
    assert set(constraint_descriptions) <= set(facts)
