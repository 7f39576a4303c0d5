"""The JSON schemas of `ask --json` and the session file are generated from the typed models,
and the committed copies in docs/schema/ are current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.cli.schema import SCHEMAS, schema_of

DOCS = Path(__file__).resolve().parents[3] / "docs" / "schema"


@pytest.mark.parametrize("document", SCHEMAS)
def test_the_committed_schema_is_the_generated_one(document: str) -> None:
    committed = json.loads((DOCS / f"{document}.json").read_text())
    assert committed == schema_of(document), (
        f"run `budgetmix schema {document} > docs/schema/{document}.json`"
    )


def test_the_ask_schema_keeps_the_contract_and_states_units(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schema", "ask"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert set(schema["required"]) >= {"reply", "intent", "brain", "citations", "tool_calls"}
    assert set(schema["properties"]) >= {"data", "plan", "current_plan", "scenarios", "warnings"}
    plan = schema["$defs"]["PlanView"]["properties"]
    assert {"total_budget", "allocations", "expected_total", "baseline_expected_total"} <= set(plan)
    assert plan["total_budget"]["x-unit"] == "money"
    line = schema["$defs"]["ChannelLine"]["properties"]
    assert line["change_pct"]["anyOf"][0]["x-unit"] == "fraction"
    call = schema["$defs"]["ToolCallEntry"]["properties"]
    assert "summary" in call
