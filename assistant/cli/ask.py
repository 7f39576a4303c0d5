"""Run one conversation turn and print the reply.

With --session FILE the conversation continues across calls: the data, constraints and plan
of earlier turns are kept in FILE (created if missing), so a follow-up such as
"what if the budget goes up 20%?" works and "undo" goes back a step. --json prints the reply
with the data, the plan the reply is about, the current plan, any scenarios and each tool
call (with the line its chat step shows) as one JSON document; `budgetmix schema ask` prints
its JSON schema. Uses the LLM agent when OPENAI_API_KEY or OPENAI_BASE_URL
is set (and BUDGETMIX_OFFLINE is not), the offline planner otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.cli.errors import CliError
from assistant.config import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("message", metavar="MESSAGE", help="what you would type in the chat")
    parser.add_argument(
        "--session", type=Path, metavar="FILE", help="keep the conversation state in FILE"
    )
    parser.add_argument(
        "--file",
        type=Path,
        action="append",
        default=[],
        metavar="PATH",
        help="attach a CSV/XLSX weekly history, as an upload in the chat (repeatable)",
    )
    parser.add_argument("--json", action="store_true", help="print the turn as JSON")


def run(args: argparse.Namespace) -> int:
    # Imported here so that `budgetmix --help` stays fast.
    from assistant.conversation import Conversation, open_retriever
    from assistant.session import Session
    from knowledge import update_index

    settings = Settings.from_env()
    retriever = open_retriever(settings)
    if retriever is None:
        print("building the methodology index (first run)…", file=sys.stderr)
        update_index(settings.chroma_dir)
        retriever = open_retriever(settings)
    session = None
    if args.session is not None and args.session.exists():
        try:
            session = Session.load(args.session)
        except ValueError as error:
            raise CliError(str(error)) from error
    conversation = Conversation(settings, session, retriever=retriever)
    result = conversation.respond(args.message, args.file)
    if args.session is not None:
        conversation.session.save(args.session)
    if args.json:
        print(result.document().model_dump_json(indent=2, by_alias=True))
    else:
        for note in result.notes:
            print(f"note: {note}", file=sys.stderr)
        print(result.reply)
    return 0
