import subprocess
import sys

import pytest

from assistant.cli import SUBCOMMANDS, build_parser


@pytest.mark.parametrize("command", sorted(SUBCOMMANDS))
def test_every_subcommand_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: budgetmix " + command in capsys.readouterr().out


def test_top_level_help_imports_no_subcommand() -> None:
    code = (
        "import sys; from assistant.cli import build_parser; build_parser([]);"
        "print(any(m.startswith(('model_engine', 'chainlit', 'knowledge')) for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False"


def test_console_script_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "optimize" in result.stdout
