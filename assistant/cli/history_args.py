"""The arguments that name a weekly history and its columns, shared by the commands that fit
one (``fit``, ``forecast``), and loading it with a one-line error."""

from __future__ import annotations

import argparse

from assistant.cli.errors import CliError
from model_engine.intake import HistoryLoad, IntakeError, load_history


def add_history_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", metavar="DATA", help="weekly (or daily) history: CSV, TSV or XLSX")
    parser.add_argument("--target", metavar="COL", help="outcome column (detected if omitted)")
    parser.add_argument("--date", metavar="COL", help="date column (detected if omitted)")
    parser.add_argument(
        "--channels",
        metavar="A,B,...",
        type=column_names,
        help="spend columns (detected if omitted)",
    )
    parser.add_argument(
        "--controls",
        metavar="C,...",
        type=column_names,
        help="control columns (detected if omitted)",
    )


def column_names(text: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    if not names:
        raise argparse.ArgumentTypeError("give at least one column name, separated by commas")
    return names


def load_named_history(args: argparse.Namespace) -> HistoryLoad:
    """The history ``args`` name, or a :class:`CliError` with what intake found wrong."""
    try:
        return load_history(
            args.data,
            target=args.target,
            date=args.date,
            channels=args.channels,
            controls=args.controls,
        )
    except IntakeError as error:
        raise CliError(f"cannot use {args.data}:\n{error}") from None
