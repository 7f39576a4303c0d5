"""Configuration is checked at start: each bad value is one line naming the variable, the
value and what is accepted, from the settings and through the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import ConfigError, Settings

BAD = [
    ("BUDGETMIX_DATA_DIR", "/dev/null", "not a folder"),
    ("BUDGETMIX_LLM_TIMEOUT", "-1", "above 0"),
    ("BUDGETMIX_LLM_TIMEOUT", "0", "above 0"),
    ("BUDGETMIX_LLM_TIMEOUT", "nan", "above 0"),
    ("BUDGETMIX_OFFLINE", "maybe", "not a switch"),
]


@pytest.mark.parametrize(("name", "value", "reason"), BAD)
def test_a_bad_setting_is_a_config_error_naming_it(name: str, value: str, reason: str) -> None:
    with pytest.raises(ConfigError) as raised:
        Settings.from_env({name: value})
    assert f"{name}={value!r} is not valid" in str(raised.value)
    assert reason in str(raised.value)


def test_a_data_dir_that_is_a_file_or_under_one_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "budgetmix.txt"
    file.write_text("not a folder")
    for value, reason in ((file, "it is a file"), (file / "data", f"{file} is a file")):
        with pytest.raises(ConfigError, match="BUDGETMIX_DATA_DIR") as raised:
            Settings.from_env({"BUDGETMIX_DATA_DIR": str(value)})
        assert reason in str(raised.value)


def test_a_data_dir_that_does_not_exist_yet_is_fine(tmp_path: Path) -> None:
    assert Settings.from_env({"BUDGETMIX_DATA_DIR": str(tmp_path / "new")}).data_dir == (
        tmp_path / "new"
    )


@pytest.mark.parametrize("value", ["/dev/null", "/etc/hostname"])
def test_the_cli_says_so_in_one_line(value: str) -> None:
    env = {**os.environ, "BUDGETMIX_DATA_DIR": value}
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", "hi"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip().startswith("budgetmix ask: BUDGETMIX_DATA_DIR=")
    assert "Traceback" not in result.stderr


def test_each_server_gets_its_own_folder_and_stopped_ones_are_cleared(tmp_path: Path) -> None:
    from assistant.ui import APP_ROOT, instance_root

    stopped = tmp_path / "chat" / "instance-999999999-left"
    stopped.mkdir(parents=True)
    first, second = instance_root(tmp_path), instance_root(tmp_path)
    assert first != second
    assert not stopped.exists()
    assert first.exists()  # this process is running
    assert (first / ".chainlit" / "config.toml").resolve() == (
        APP_ROOT / ".chainlit" / "config.toml"
    )
    assert not (first / ".files").exists()  # Chainlit makes it, inside this folder
