"""Print the JSON schema of a command's --json output, generated from its typed models.

`budgetmix schema ask` is the document `budgetmix ask --json` prints (reply, intent, data,
plan, current_plan, scenarios, citations, warnings, tool_calls with their summaries); every
number field says its unit ("x-unit": money, fraction, percent, outcome, count, ratio,
weeks). docs/schema/ holds the committed copies (`budgetmix schema ask > docs/schema/ask.json`).
"""

from __future__ import annotations

import argparse
import json

SCHEMAS = ("ask", "session")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "document",
        choices=SCHEMAS,
        help="ask: the `ask --json` document; session: the `--session` file",
    )


def schema_of(document: str) -> dict[str, object]:
    if document == "ask":
        from assistant.turn import TurnDocument

        return TurnDocument.model_json_schema(mode="serialization", by_alias=True)
    from assistant.session import Session

    return Session.model_json_schema(mode="serialization", by_alias=True)


def run(args: argparse.Namespace) -> int:
    print(json.dumps(schema_of(args.document), indent=1, sort_keys=True))
    return 0
