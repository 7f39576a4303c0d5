"""How much a history file may hold, and the checks that refuse more before the work is done.

A weekly history is small: the largest real exports seen (Meridian's 3 years x 20 geos,
PyMC-Marketing's 80-column case study) hold under 50,000 cells. The limits leave two orders
of magnitude of room above that and keep a refused file cheap to refuse:

- the file is read at most :data:`MAX_FILE_BYTES` bytes, whatever its size claims;
- a CSV/TSV stops at :data:`MAX_ROWS` rows, :data:`MAX_COLUMNS` columns or :data:`MAX_CELLS`
  cells, as soon as it passes one;
- an XLSX is a zip archive whose XML can unpack to a thousand times its size (a "zip bomb").
  :func:`check_workbook_archive` reads the archive's directory (the unpacked size of every
  part, which the zip reader also enforces while unpacking) and counts the cells in every
  XML part by streaming it through the decompressor, before openpyxl parses anything; an
  XLSX may hold :data:`MAX_XLSX_CELLS` cells.

Each refusal is an :class:`~model_engine.intake.issues.IntakeError` saying the size found, the
limit, and what to upload instead.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from model_engine.intake.issues import IntakeError, IntakeIssue, error

MAX_FILE_BYTES = 50 * 2**20
MAX_ROWS = 200_000
MAX_COLUMNS = 2_000
MAX_CELLS = 2_000_000
# openpyxl parses 25,000-50,000 cells a second here (twice over for a sheet without a
# <dimension> element: 500,000 cells took 21 s), so an XLSX gets an eighth of a CSV's cells,
# five times the largest real history seen.
MAX_XLSX_CELLS = 250_000
MAX_UNPACKED_BYTES = 256 * 2**20
MAX_ARCHIVE_PARTS = 10_000
# Weeks in a history: 20 years. Older weeks describe another market, and a mix model's cost
# grows faster than its length (100,000 weeks took 244 s and 877 MB to fit).
MAX_WEEKS = 1_040

# The root element of a sheet whose elements carry a namespace prefix (<x:worksheet>): its
# cells are then <x:c ...>, not <c ...>.
_PREFIXED_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*):worksheet[\s>]")
_CHUNK = 2**20
_AGGREGATE = (
    "A weekly history needs one row per week (or per day): upload weekly totals, or only the "
    "most recent years."
)


def _megabytes(size: int) -> str:
    return f"{size / 2**20:,.1f} MB"


def file_too_large(path: Path, size: int | None) -> IntakeIssue:
    found = f"is {_megabytes(size)}" if size is not None else "is larger than that"
    return error(
        "file_too_large",
        f"{path.name} {found}; the limit for a history is {_megabytes(MAX_FILE_BYTES)}",
        _AGGREGATE,
    )


def too_many_rows(path: Path) -> IntakeIssue:
    return error(
        "too_many_rows",
        f"{path.name} has more than {MAX_ROWS:,} rows, the limit for a history",
        _AGGREGATE,
    )


def too_many_columns(path: Path, count: int, row: int) -> IntakeIssue:
    return error(
        "too_many_columns",
        f"{path.name} has {count:,} columns in row {row}; the limit is {MAX_COLUMNS:,}",
        "Keep the date, the outcome, each channel's spend and the controls; remove the rest.",
        row=row,
    )


def too_many_cells(path: Path, where: str, limit: int = MAX_CELLS) -> IntakeIssue:
    return error(
        "too_many_cells",
        f"{path.name} holds more than {limit:,} cells{where}, the limit for a history",
        _AGGREGATE + " Remove the columns the model does not need.",
    )


def read_bounded(path: Path) -> bytes:
    """The file's bytes, reading at most one byte past :data:`MAX_FILE_BYTES`."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise IntakeError([file_too_large(path, size)])
    with path.open("rb") as stream:
        raw = stream.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:  # grew while being read, or a device that streams forever
        raise IntakeError([file_too_large(path, None)])
    return raw


def check_workbook_archive(path: Path) -> None:
    """Refuse an XLSX whose parts unpack past :data:`MAX_UNPACKED_BYTES` or whose sheets hold
    more than :data:`MAX_XLSX_CELLS` cells, without parsing it. An archive the zip reader cannot
    open is left for openpyxl to report."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise IntakeError([file_too_large(path, path.stat().st_size)])
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        parts = archive.infolist()
        unpacked = sum(part.file_size for part in parts)
        if len(parts) > MAX_ARCHIVE_PARTS or unpacked > MAX_UNPACKED_BYTES:
            raise IntakeError(
                [
                    error(
                        "workbook_too_large",
                        f"{path.name} unpacks to {_megabytes(unpacked)} in {len(parts):,} "
                        f"parts; the limit is {_megabytes(MAX_UNPACKED_BYTES)}",
                        "Save only the sheet with the history (weekly rows), or export it as "
                        "CSV, and upload that.",
                    )
                ]
            )
        # Every XML part, not only xl/worksheets/: the workbook's relationships may put a
        # sheet anywhere in the archive.
        sheets = [p for p in parts if p.filename.casefold().endswith(".xml")]
        cells = 0
        for sheet in sheets:
            try:
                cells = _count_cells(archive, sheet, cells)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError):
                return  # a damaged part: openpyxl says it cannot open the workbook
            if cells > MAX_XLSX_CELLS:
                raise IntakeError([too_many_cells(path, " across its sheets", MAX_XLSX_CELLS)])


def _count_cells(archive: zipfile.ZipFile, part: zipfile.ZipInfo, counted: int) -> int:
    """``counted`` plus the cell elements in one sheet's XML, stopping past the limit. A chunk
    is cut before its last ``<`` so that no tag is split between two chunks."""
    tail = b""
    tags: tuple[bytes, ...] = ()
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            buffer = tail + chunk
            if not tags:
                root = _PREFIXED_ROOT.search(buffer)
                prefix = root.group(1) + b":" if root else b""
                tags = tuple(b"<" + prefix + b"c" + end for end in (b" ", b">", b"/"))
            cut = buffer.rfind(b"<")
            cut = len(buffer) if cut < 0 else cut
            counted += sum(buffer.count(tag, 0, cut) for tag in tags)
            tail = buffer[cut:]
            if counted > MAX_XLSX_CELLS:
                return counted
    return counted + sum(tail.count(tag) for tag in tags)
