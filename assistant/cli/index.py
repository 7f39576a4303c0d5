"""Build or refresh the methodology knowledge index.

Embeds the methodology docs (knowledge/docs/*.md) into the Chroma store under
$BUDGETMIX_DATA_DIR/chroma. Only docs whose content changed since the last run are re-embedded,
and docs that were deleted are dropped; when nothing changed the command returns at once.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from assistant.cli.errors import CliError
from assistant.cli.json_output import print_document
from assistant.config import Settings
from tools.views.documents.admin import IndexDocument

if TYPE_CHECKING:
    from knowledge import DocChanges

# "skipped": --if-missing found a usable index and left it as it is.
Action = Literal["built", "updated", "unchanged", "skipped"]


@dataclass(frozen=True)
class IndexOutcome:
    """What one ``budgetmix index`` run did, as printed."""

    action: Action
    persist_dir: Path
    changes: DocChanges
    doc_count: int
    chunk_count: int
    seconds: float


def add_arguments(parser: argparse.ArgumentParser) -> None:
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--if-missing",
        action="store_true",
        help="build the index only if there is none; an existing index is left as it is "
        "(docs changed since it was built are listed)",
    )
    mode.add_argument(
        "--rebuild", action="store_true", help="re-embed every doc, even unchanged ones"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args: argparse.Namespace) -> int:
    # Imported here so that `budgetmix --help` and the other subcommands stay fast.
    from knowledge import EmbeddingModelError, KnowledgeIndexError

    started = time.perf_counter()
    persist_dir = Settings.from_env().chroma_dir
    try:
        outcome = _index(persist_dir, if_missing=args.if_missing, rebuild=args.rebuild)
    except (KnowledgeIndexError, EmbeddingModelError, ValueError, OSError) as error:
        raise CliError(str(error), exit_code=1) from error
    outcome = replace(outcome, seconds=time.perf_counter() - started)
    if args.json:
        print_document(_document(outcome))
    else:
        print(_as_text(outcome))
    return 0


def _index(persist_dir: Path, *, if_missing: bool, rebuild: bool) -> IndexOutcome:
    from knowledge import index_status, update_index

    if if_missing:
        status = index_status(persist_dir)
        if status.exists:
            return IndexOutcome(
                "skipped",
                persist_dir,
                status.changes,
                status.doc_count,
                status.chunk_count,
                seconds=0.0,
            )
    report = update_index(persist_dir, rebuild=rebuild)
    action: Action = (
        "built" if report.rebuilt else "updated" if report.changes.has_changes else "unchanged"
    )
    return IndexOutcome(
        action, persist_dir, report.changes, report.doc_count, report.chunk_count, seconds=0.0
    )


def _document(outcome: IndexOutcome) -> IndexDocument:
    changes = outcome.changes
    return IndexDocument(
        action=outcome.action,
        persist_dir=str(outcome.persist_dir),
        docs=outcome.doc_count,
        chunks=outcome.chunk_count,
        added=list(changes.added),
        updated=list(changes.updated),
        removed=list(changes.removed),
        unchanged=list(changes.unchanged),
        seconds=round(outcome.seconds, 3),
    )


def _doc_list(docs: tuple[str, ...]) -> str:
    return ", ".join(docs) if docs else "-"


def _as_text(outcome: IndexOutcome) -> str:
    changes = outcome.changes
    headline = {
        "built": "built",
        "updated": "updated",
        "unchanged": "up to date",
        "skipped": "already built, left as is (--if-missing)",
    }[outcome.action]
    lines = [
        f"methodology index {headline}: {outcome.persist_dir}",
        f"  {outcome.doc_count} docs, {outcome.chunk_count} chunks",
    ]
    if outcome.action == "skipped":
        if changes.has_changes:
            lines.append(
                "  docs changed since it was built: "
                f"added {_doc_list(changes.added)}; updated {_doc_list(changes.updated)}; "
                f"removed {_doc_list(changes.removed)}. Run `budgetmix index` to refresh."
            )
    else:
        lines += [
            f"  added ({len(changes.added)}): {_doc_list(changes.added)}",
            f"  updated ({len(changes.updated)}): {_doc_list(changes.updated)}",
            f"  removed ({len(changes.removed)}): {_doc_list(changes.removed)}",
            f"  unchanged ({len(changes.unchanged)})",
        ]
    lines.append(f"  took {outcome.seconds:.2f} s")
    return "\n".join(lines)
