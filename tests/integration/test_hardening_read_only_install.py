"""A read-only install serves: `budgetmix chat` run from a copy of the installed packages
writes nothing inside them (Chainlit's translations and ``.files`` go to a folder of this
server's own in the data dir, removed when it stops), so two servers share no uploads."""

from __future__ import annotations

import os
import shutil
import stat
import sys
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "e2e"))
from chat_server import chat_env, serve_chat  # noqa: E402

PACKAGES = ("assistant", "model_engine", "tools", "knowledge", "prompts")


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def _read_only(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        if not path.is_symlink():
            mode = path.stat().st_mode
            path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def test_a_read_only_copy_of_the_install_serves_and_stays_untouched(
    data_dir: Path, tmp_path: Path
) -> None:
    install = tmp_path / "install"
    for package in PACKAGES:
        shutil.copytree(
            REPO / package, install / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    _read_only(install)
    before = _tree(install)
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    env = chat_env(data_dir, BUDGETMIX_OFFLINE="1", PYTHONPATH=str(install))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    try:
        with serve_chat(env, workdir, tmp_path / "server.log") as url:
            page = urllib.request.urlopen(url, timeout=10).read()
            assert page
            instances = list((data_dir / "chat").glob("instance-*"))
            assert len(instances) >= 1
            served = [i for i in instances if (i / ".chainlit" / "translations").is_dir()]
            assert served, os.listdir(data_dir / "chat")
            assert (served[0] / ".files").is_dir()
        assert _tree(install) == before
        assert not list(workdir.iterdir())
        assert "Traceback" not in (tmp_path / "server.log").read_text()
    finally:
        for path in [install, *install.rglob("*")]:
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | stat.S_IWUSR)
