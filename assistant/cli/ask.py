"""Run one conversation turn and print the reply.

With --session FILE the conversation continues across calls: the data, constraints and plan
of earlier turns are kept in FILE (created if missing), so a follow-up such as
"what if the budget goes up 20%?" works and "undo" goes back a step. --json prints the reply
with the data, the plan the reply is about, the current plan, any scenarios and each tool
call (with the line its chat step shows) as one JSON document; `budgetmix schema ask` prints
its JSON schema. --export FILE.csv or FILE.xlsx writes the current plan's download after the
turn, the same bytes the chat offers (this turn's plan by market when it made one). With
--session the whole turn holds a lock on FILE, so two calls on one session file take turns and
neither loses the other's. Uses the LLM agent when OPENAI_API_KEY or OPENAI_BASE_URL is set
(and BUDGETMIX_OFFLINE is not), the offline planner otherwise. Saved plans are the local
user's, as `budgetmix plans` keeps them ("use this plan for Q1 starting 4 January", "compare
the Q3 plan with the conservative one", "delete the old plan", then "yes"); the database is
opened only for a turn that reads or writes one. The turn's warnings and notes that the reply
does not say are printed to stderr as `note: ...` lines (in --json, its warnings and notes).
"""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.cli.errors import CliError
from assistant.config import Settings

if TYPE_CHECKING:
    from tools.views import PlanView
    from tools.views.geo import GeoPlanView


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
    parser.add_argument(
        "--export",
        type=Path,
        metavar="FILE",
        help="write the current plan as FILE.csv or FILE.xlsx (the chat's download)",
    )


EXPORT_SUFFIXES = (".csv", ".xlsx")


def message_text(message: str) -> str:
    """The message as text; a command line that is not UTF-8 (Python keeps its bytes as lone
    surrogates) is refused with the place of the first bad byte, before anything runs."""
    try:
        message.encode("utf-8")
    except UnicodeEncodeError as error:
        bad = message[error.start].encode("utf-8", "surrogateescape")[0]
        position = len(message[: error.start].encode("utf-8", "surrogateescape")) + 1
        raise CliError(
            f"MESSAGE is not UTF-8 text (byte 0x{bad:02X} at byte {position}): set the "
            "terminal or script to UTF-8 and type it again"
        ) from None
    return message


def run(args: argparse.Namespace) -> int:
    # Imported here so that `budgetmix --help` stays fast.
    from assistant.cli.storage import open_configured_storage
    from assistant.conversation import Conversation, open_retriever
    from assistant.session import Session, SessionFileLock
    from assistant.storage import LOCAL_USER
    from assistant.tracking.book import PlanBookOpenedOnUse
    from assistant.unkept import unshown_notes
    from knowledge import update_index

    message = message_text(args.message)
    if args.export is not None and args.export.suffix.casefold() not in EXPORT_SUFFIXES:
        raise CliError(f"--export {args.export}: give a file ending in .csv or .xlsx")
    settings = Settings.from_env()
    retriever = open_retriever(settings)
    if retriever is None:
        print("building the methodology index (first run)…", file=sys.stderr)
        update_index(settings.chroma_dir)
        retriever = open_retriever(settings)
    lock = SessionFileLock(args.session) if args.session is not None else nullcontext()
    book = PlanBookOpenedOnUse(lambda: open_configured_storage(settings), LOCAL_USER)
    try:
        with lock:
            session = None
            if args.session is not None and args.session.exists():
                session = Session.load(args.session)
            conversation = Conversation(settings, session, retriever=retriever)
            conversation.plan_book = book
            result = conversation.respond(message, args.file)
            if args.session is not None:
                conversation.session.save(args.session)
    except ValueError as error:  # the session file: unreadable, malformed, or locked too long
        raise CliError(str(error)) from error
    finally:
        book.close()
    if args.export is not None:
        document = result.document()
        if document.geo_plan is not None:
            _export_geo_plan(document.geo_plan, args.export)
        else:
            _export(document.current_plan, args.export)
    if args.json:
        print(result.document().model_dump_json(indent=2, by_alias=True))
    else:
        for note in unshown_notes(result):  # the warnings too: the reply may not say them
            print(f"note: {note}", file=sys.stderr)
        print(result.reply)
    return 0


def _export(plan: PlanView | None, path: Path) -> None:
    from assistant import export

    if plan is None:
        raise CliError(
            f"--export {path}: there is no plan yet; share the channels' spend and outcomes "
            "(or a weekly history) and a budget first"
        )
    content = export.plan_xlsx(plan) if path.suffix.casefold() == ".xlsx" else export.plan_csv(plan)
    try:
        path.write_bytes(content)
    except OSError as error:
        raise CliError(f"--export {path}: cannot write it ({error.strerror})") from error
    print(f"wrote {path} ({plan.name})", file=sys.stderr)


def _export_geo_plan(view: GeoPlanView, path: Path) -> None:
    """This turn's plan by market: the chat's download of it."""
    from assistant import geo_export

    xlsx = path.suffix.casefold() == ".xlsx"
    content = geo_export.geo_plan_xlsx(view) if xlsx else geo_export.geo_plan_csv(view)
    try:
        path.write_bytes(content)
    except OSError as error:
        raise CliError(f"--export {path}: cannot write it ({error.strerror})") from error
    print(f"wrote {path} (plan by {view.geo_column})", file=sys.stderr)
