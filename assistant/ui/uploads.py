"""Checks on files attached in the chat, before intake reads them.

Chainlit stores an upload as ``<uuid>.<extension guessed from the browser's MIME type>``: a CSV
that Windows labels ``application/vnd.ms-excel`` arrives as ``.xls``, and the user's file name
is lost. So each accepted upload is copied under its original name first; intake then sees the
real extension and its messages name the file the user knows.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ACCEPTED_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")
UPLOAD_REQUEST = "Upload my weekly data"  # the starter's message: answered with a file request
_UNSAFE_NAME_CHARACTERS = re.compile(r"[^\w.\- ]+")
_MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Upload:
    """A file as Chainlit received it: the name the user chose and where it was stored."""

    name: str
    path: Path


@dataclass(frozen=True)
class ScreenedUploads:
    accepted: tuple[Path, ...] = ()
    problems: tuple[str, ...] = field(default_factory=tuple)

    def problems_markdown(self) -> str:
        return "\n".join(f"- {problem}" for problem in self.problems)


def asks_for_upload(text: str) -> bool:
    return text.strip().casefold().rstrip(".!") == UPLOAD_REQUEST.casefold()


def screen_uploads(uploads: Iterable[Upload], limit_mb: float) -> ScreenedUploads:
    """Accepted files (copied under their own names) and one sentence per rejected file."""
    accepted: list[Path] = []
    problems: list[str] = []
    for upload in uploads:
        problem = upload_problem(upload, limit_mb)
        if problem is None:
            accepted.append(named_copy(upload))
        else:
            problems.append(problem)
    return ScreenedUploads(tuple(accepted), tuple(problems))


def upload_problem(upload: Upload, limit_mb: float) -> str | None:
    """Why the file cannot be used, in words a CMO can act on; ``None`` if it can."""
    suffix = Path(upload.name).suffix.casefold()
    if suffix not in ACCEPTED_SUFFIXES:
        kind = f"a {suffix} file" if suffix else "a file without an extension"
        return (
            f"**{upload.name}** is {kind}, not a CSV or Excel (.xlsx) file, so I didn't read it. "
            "Export the weekly history from your spreadsheet as .csv or .xlsx and attach that."
        )
    size_mb = upload.path.stat().st_size / _MEGABYTE
    if size_mb > limit_mb:
        return (
            f"**{upload.name}** is {size_mb:,.1f} MB, over the {limit_mb:g} MB limit. Keep the "
            "date, outcome and spend columns, or aggregate daily rows to weeks, and attach it "
            "again."
        )
    return None


def named_copy(upload: Upload) -> Path:
    """A copy of the stored file under the user's file name, in a folder of its own."""
    safe_name = _UNSAFE_NAME_CHARACTERS.sub("_", Path(upload.name).name).strip(" .") or "upload"
    folder = upload.path.parent / f"{upload.path.stem}-named"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / safe_name
    shutil.copyfile(upload.path, target)
    return target
