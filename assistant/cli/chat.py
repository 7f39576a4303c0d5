"""Serve the Chainlit chat over HTTP.

Builds the methodology index first if it is missing (or refreshes it when its docs changed),
then runs Chainlit with its config from the package (assistant/ui), so nothing is written into
the current directory. Offline by default: the deterministic planner answers unless
OPENAI_API_KEY or OPENAI_BASE_URL is set (and BUDGETMIX_OFFLINE is not).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import sys

from assistant.auth.modes import open_access_warning
from assistant.cli.errors import CliError
from assistant.cli.storage import open_configured_storage
from assistant.config import Settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    parser.add_argument("--headless", action="store_true", help="do not open a browser window")


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    _check_port_free(args.host, args.port)
    # Users, history and plans: a database that cannot be opened stops here, in one line.
    open_configured_storage(settings).close()
    _warn_if_open(settings, args.host)
    _prepare_index(settings)
    print(f"budgetmix chat: {settings.describe()['brain']}", file=sys.stderr)
    _serve(settings, args.host, args.port, headless=args.headless)
    return 0


def _warn_if_open(settings: Settings, host: str) -> None:
    warning = open_access_warning(settings, host)
    if warning:
        print(warning, file=sys.stderr)


def _check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As uvicorn binds: a port left in TIME_WAIT by a stopped server counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise CliError(
                f"cannot listen on {host}:{port} ({error.strerror}): pass another --port"
            ) from error


def _prepare_index(settings: Settings) -> None:
    """Build or refresh the index; without one the chat still answers, without citations."""
    from knowledge import EmbeddingModelError, KnowledgeIndexError, index_exists, update_index

    if not index_exists(settings.chroma_dir):
        print("building the methodology index (first run)…", file=sys.stderr)
    try:
        update_index(settings.chroma_dir)
    except (KnowledgeIndexError, EmbeddingModelError, OSError) as error:
        print(
            f"warning: the methodology index is unavailable ({error}); answers will carry no "
            "citations",
            file=sys.stderr,
        )


def _serve(settings: Settings, host: str, port: int, *, headless: bool) -> None:
    from assistant.ui import APP_MODULE, instance_root

    # Chainlit reads its config (and creates .chainlit/translations and .files/) under the app
    # root when it is first imported, so the root must be set before that import; it is this
    # server's own folder in the data dir, removed when the server stops.
    try:
        root = instance_root(settings.data_dir)
    except OSError as error:
        raise CliError(
            f"cannot prepare the chat's folder in BUDGETMIX_DATA_DIR={settings.data_dir} "
            f"({error.strerror}): give a folder this user can write"
        ) from error
    os.environ["CHAINLIT_APP_ROOT"] = str(root)
    from chainlit.cli import cli

    arguments = ["run", str(APP_MODULE), "--host", host, "--port", str(port)]
    if headless:
        arguments.append("--headless")
    try:
        cli.main(args=arguments, prog_name="chainlit", standalone_mode=False)
    finally:
        shutil.rmtree(root, ignore_errors=True)
