"""The Chainlit chat's support code, and its app root.

This folder is the root ``budgetmix chat`` hands to Chainlit (``CHAINLIT_APP_ROOT``): its
``.chainlit/config.toml``, ``chainlit.md`` and ``public/`` (styles, logo, the brain badge) are
read from here, so nothing is written into the user's working directory. The Python modules
beside them keep ``assistant/app.py`` down to handlers. Modules that import Chainlit
(``widgets``, ``rendering``) are only imported by the running app: importing Chainlit reads its
config from the current directory at import time.

Chainlit also writes under its root (translations into ``.chainlit/``, uploads into ``.files/``,
which it deletes when the server stops), so a served chat runs from an instance root of its
own in the data folder (:func:`instance_root`): the install is only read, a read-only install
serves, and two servers never share (or delete) each other's uploads.
"""

import os
import shutil
import tempfile
from pathlib import Path

APP_ROOT = Path(__file__).resolve().parent
APP_MODULE = APP_ROOT.parent / "app.py"
_READ_ONLY_PARTS = ("chainlit.md", "public")


def instance_root(data_dir: Path) -> Path:
    """A new folder under ``data_dir/chat`` for one server: links to the packaged config,
    welcome page and assets, and room for what Chainlit writes."""
    base = data_dir / "chat"
    base.mkdir(parents=True, exist_ok=True)
    _remove_stopped(base)
    root = Path(tempfile.mkdtemp(prefix=f"instance-{os.getpid()}-", dir=base))
    (root / ".chainlit").mkdir()
    (root / ".chainlit" / "config.toml").symlink_to(APP_ROOT / ".chainlit" / "config.toml")
    for name in _READ_ONLY_PARTS:
        (root / name).symlink_to(APP_ROOT / name)
    return root


def _remove_stopped(base: Path) -> None:
    """Remove the folders of servers that are no longer running (a server stopped by a signal
    leaves its folder behind; its name carries its process id)."""
    for folder in base.glob("instance-*"):
        pid = folder.name.split("-")[1]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's server
    return True
