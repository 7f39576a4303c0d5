"""The JSON schemas of `ask --json` and the session file are generated from the typed models,
and the committed copies in docs/schema/ are current."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import pytest

from assistant.cli import main
from assistant.cli.schema import SCHEMAS, schema_of
from assistant.turn import ToolCallEntry
from tools.allocation import OptimizeArgs
from tools.registry import TOOL_SPECS, ToolArguments
from tools.sensitivity import SensitivityArgs

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


def test_tool_call_arguments_are_the_tools_own_schemas() -> None:
    """Each `tool_calls[].arguments` is typed as one of the tools' argument models, and the
    union covers every tool (a tool added to the registry without it fails here)."""
    assert set(get_args(ToolArguments)) == {spec.args_schema for spec in TOOL_SPECS.values()}
    schema = schema_of("ask")
    arguments = schema["$defs"]["ToolCallEntry"]["properties"]["arguments"]  # type: ignore[index]
    named = {choice["$ref"].rsplit("/", 1)[-1] for choice in arguments["anyOf"]}
    assert named == {spec.args_schema.__name__ for spec in TOOL_SPECS.values()}


def test_a_tool_call_entry_reads_its_arguments_as_the_named_tool() -> None:
    """Two tools' arguments can fit the same JSON; the entry's name decides."""
    entry = ToolCallEntry.model_validate(
        {"name": "analyze_sensitivity", "arguments": {}, "ok": True, "summary": ""}
    )
    assert isinstance(entry.arguments, SensitivityArgs)
    entry = ToolCallEntry.model_validate(
        {"name": "optimize_allocation", "arguments": {}, "ok": True, "summary": ""}
    )
    assert isinstance(entry.arguments, OptimizeArgs)


@pytest.mark.parametrize(
    ("arguments", "document"),
    [
        (["plans", "show"], "plans-show"),
        (["plans", "list"], "plans-list"),
        (["models", "review"], "models-review"),
        (["users", "list"], "users-list"),
        (["track"], "track"),
        (["index"], "index"),
    ],
)
def test_schema_offers_every_json_document(
    arguments: list[str], document: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", *arguments]) == 0
    assert json.loads(capsys.readouterr().out) == schema_of(document)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["plans"], "adopt|list|show (give one)"),
        (["models", "drop"], "'drop' is not one of them"),
        (["fit", "list"], "takes no action"),
    ],
)
def test_schema_asks_for_a_known_action(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", *arguments]) == 2
    assert message in capsys.readouterr().err
