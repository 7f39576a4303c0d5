"""A throwaway PostgreSQL server for the storage tests: a real ``postgres``, started here.

The binaries come from PATH or Debian's ``/usr/lib/postgresql/<version>/bin`` (``make test``
installs Debian's ``postgresql`` package when they are missing and it runs as root). The
cluster lives in a temporary folder, listens on 127.0.0.1 on a free port and trusts local
connections; it is stopped at the end. PostgreSQL refuses to run as root, so as root the
cluster belongs to the ``postgres`` system user (or ``nobody``) and its commands run through
``runuser``. Anything missing raises :class:`PostgresUnavailableError` with the reason, which the
fixtures turn into a skip.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg

SUPERUSER = "budgetmix"
START_TIMEOUT_S = 60


class PostgresUnavailableError(RuntimeError):
    """The test server cannot start; the message says why."""


@dataclass
class PostgresServer:
    root: Path
    bin_dir: Path
    port: int
    run_as: str | None  # the system user owning the cluster when we are root
    _databases: int = 0

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new, empty database; returns its URL."""
        self._databases += 1
        name = f"test_{os.getpid()}_{self._databases}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, program: str, *args: str, check: bool = True) -> None:
        command = [str(self.bin_dir / program), *args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=START_TIMEOUT_S)
        if check and result.returncode != 0:
            raise PostgresUnavailableError(
                f"{program} failed ({result.returncode}): {(result.stderr or result.stdout)[-600:]}"
            )


def find_bin_dir() -> Path:
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    debian = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if debian:
        return Path(debian[-1]).parent
    raise PostgresUnavailableError(
        "PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin): "
        "`make test` installs Debian's postgresql package when run as root"
    )


def _system_user() -> str | None:
    if os.geteuid() != 0:
        return None
    if shutil.which("runuser") is None:
        raise PostgresUnavailableError("running as root without runuser: cannot start PostgreSQL")
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise PostgresUnavailableError(
        "running as root and no postgres or nobody user to run PostgreSQL"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_postgres() -> PostgresServer:
    bin_dir = find_bin_dir()
    run_as = _system_user()
    root = Path(tempfile.mkdtemp(prefix="budgetmix-pg-"))
    if run_as:
        entry = pwd.getpwnam(run_as)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    server = PostgresServer(root=root, bin_dir=bin_dir, port=_free_port(), run_as=run_as)
    try:
        server._run(
            "initdb",
            "-D",
            str(root / "data"),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
        )
        options = (
            f"-p {server.port} -k {root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        server._run(
            "pg_ctl", "-D", str(root / "data"), "-o", options, "-l", str(root / "log"), "-w",
            "-t", str(START_TIMEOUT_S), "start",
        )  # fmt: skip
        with psycopg.connect(server.url(), connect_timeout=10) as connection:
            connection.execute("SELECT 1")
    except (PostgresUnavailableError, OSError, subprocess.SubprocessError, psycopg.Error) as error:
        log = root / "log"
        detail = log.read_text()[-600:] if log.exists() else ""
        server.stop()
        raise PostgresUnavailableError(
            f"PostgreSQL did not start: {error} {detail}".strip()
        ) from None
    return server
