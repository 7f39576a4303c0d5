"""Run ``budgetmix`` in-process, as the CLI tests do: the printed output of a command that
must succeed, or the error of one that must be refused."""

from __future__ import annotations

import pytest

from assistant.cli import main


def cli_output(capsys: pytest.CaptureFixture[str], *arguments: str) -> str:
    """Standard output of ``budgetmix ARGUMENTS``, which must exit 0."""
    code = main(list(arguments))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def cli_error(capsys: pytest.CaptureFixture[str], *arguments: str) -> str:
    """Standard error of ``budgetmix ARGUMENTS``, which must be refused (exit 2)."""
    assert main(list(arguments)) == 2
    return capsys.readouterr().err
