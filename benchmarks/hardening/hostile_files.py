"""Hostile history files, built on the spot: a weekly CSV with far too many rows, XLSX zip
bombs (many cells, or one huge part) and an XLSX whose declared dimension lies. The benchmark
and the hardening tests share them, so the figures and the tests meet the same files."""

from __future__ import annotations

import zipfile
from datetime import date, timedelta
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="history" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_CLOSE = "</sheetData></worksheet>"


def write_weekly_csv(path: Path, weeks: int, start: date = date(2000, 1, 3)) -> Path:
    """A plausible weekly history with ``weeks`` rows (100,000 reaches the year 3916)."""
    lines = ["week,revenue,tv_spend,search_spend"]
    lines += [
        f"{start + timedelta(days=7 * k)},{10_000 + k % 97 * 13},{k % 31 * 100},{k % 17 * 50}"
        for k in range(weeks)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def _write_parts(
    path: Path, sheet_chunks: object, sheet_part: str = "xl/worksheets/sheet1.xml"
) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        target = "/" + sheet_part
        zf.writestr(
            "xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.replace("worksheets/sheet1.xml", target)
        )
        content_types = _CONTENT_TYPES.replace("/xl/worksheets/sheet1.xml", target)
        zf.writestr("[Content_Types].xml", content_types)
        with zf.open(sheet_part, "w", force_zip64=True) as sheet:
            for chunk in sheet_chunks:  # type: ignore[attr-defined]
                sheet.write(chunk.encode())


def write_cell_bomb(
    path: Path, rows: int, columns: int = 100, sheet_part: str = "xl/worksheets/sheet1.xml"
) -> Path:
    """A valid XLSX of ``rows`` x ``columns`` numeric cells that compresses several hundred
    times (20,000 x 100 cells: about 0.3 MB on disk, 2 million cells to parse)."""
    row_cells = "<c><v>1</v></c>" * columns

    def chunks() -> object:
        yield _SHEET_OPEN
        for start in range(1, rows + 1, 1000):
            yield "".join(
                f'<row r="{r}">{row_cells}</row>' for r in range(start, min(start + 1000, rows + 1))
            )
        yield _SHEET_CLOSE

    _write_parts(path, chunks(), sheet_part)
    return path


def write_size_bomb(path: Path, unpacked_bytes: int) -> Path:
    """A valid XLSX one of whose parts unpacks to ``unpacked_bytes`` of XML whitespace."""

    def chunks() -> object:
        yield _SHEET_OPEN
        block = " " * 2**20
        for _ in range(unpacked_bytes // len(block)):
            yield block
        yield _SHEET_CLOSE

    _write_parts(path, chunks())
    return path


def with_dimension(source: Path, target: Path, ref: str) -> Path:
    """A copy of an XLSX whose first sheet declares the dimension ``ref`` (e.g. the whole grid
    "A1:XFD1048576", or "A1:C10" for a sheet with more rows)."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index("<dimension")
                end = text.index("/>", start) + 2
                data = (text[:start] + f'<dimension ref="{ref}"/>' + text[end:]).encode()
            copy.writestr(item, data)
    return target
