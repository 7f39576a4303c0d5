"""Run one conversation turn and print the reply."""

from __future__ import annotations

import argparse

from assistant.cli.errors import CliError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # arguments arrive with issue #6


def run(args: argparse.Namespace) -> int:
    del args
    raise CliError("not available yet: it lands with issue #6")
