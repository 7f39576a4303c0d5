"""Serve the Chainlit chat over HTTP."""

from __future__ import annotations

import argparse

from assistant.cli.errors import CliError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # arguments arrive with issue #8


def run(args: argparse.Namespace) -> int:
    del args
    raise CliError("not available yet: it lands with issue #8")
