"""Bounds on what a history file may hold, each refused quickly with a clear message: file
size (checked while reading), rows, columns and cells, an XLSX's unpacked size and cell count
(checked before openpyxl parses it), weeks in the history; and an XLSX whose declared
dimension lies is read as it is, neither cut off nor padded."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from benchmarks.hardening.hostile_files import (
    with_dimension,
    write_cell_bomb,
    write_size_bomb,
    write_weekly_csv,
)
from model_engine.intake import IntakeError, load_history
from model_engine.intake.files import limits

FIXTURES = Path(__file__).resolve().parents[1] / "intake" / "cases" / "files"
B2B = FIXTURES / "b2b_weekly.csv"


def _codes(path: Path) -> list[str]:
    with pytest.raises(IntakeError) as raised:
        load_history(path)
    assert all(e.what and e.fix for e in raised.value.errors)
    return [e.code for e in raised.value.errors]


def test_a_100k_row_weekly_file_is_refused_for_its_length(tmp_path: Path) -> None:
    path = write_weekly_csv(tmp_path / "long.csv", 100_000)
    with pytest.raises(IntakeError) as raised:
        load_history(path)
    (issue,) = raised.value.errors
    assert issue.code == "too_many_weeks"
    assert "100,000 weeks" in issue.what
    assert f"{limits.MAX_WEEKS:,}" in issue.what


def test_twenty_years_of_weeks_still_load(tmp_path: Path) -> None:
    path = write_weekly_csv(tmp_path / "twenty_years.csv", limits.MAX_WEEKS)
    assert load_history(path).history.n_weeks == limits.MAX_WEEKS


def test_a_file_with_more_rows_than_the_limit_is_refused_while_reading(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("week,revenue,tv_spend\n" + "2024-01-01,1,1\n" * (limits.MAX_ROWS + 30))
    assert _codes(path) == ["too_many_rows"]


def test_a_file_with_too_many_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    header = ",".join(f"c{k}" for k in range(limits.MAX_COLUMNS + 1))
    path.write_text(header + "\n" + ",".join("1" * (limits.MAX_COLUMNS + 1)) + "\n")
    assert _codes(path) == ["too_many_columns"]


def test_a_file_with_too_many_cells_is_refused(tmp_path: Path) -> None:
    columns = 1_000
    rows = limits.MAX_CELLS // columns + 1
    path = tmp_path / "cells.csv"
    line = ",".join(["1"] * columns) + "\n"
    path.write_text(",".join(f"c{k}" for k in range(columns)) + "\n" + line * rows)
    assert _codes(path) == ["too_many_cells"]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as sparse:  # a sparse file: nothing is written, so the test is quick
        sparse.write(b"week,revenue\n")
        sparse.truncate(limits.MAX_FILE_BYTES + 1)
    assert _codes(path) == ["file_too_large"]


def test_an_xlsx_cell_bomb_is_refused_before_openpyxl_parses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = write_cell_bomb(tmp_path / "bomb.xlsx", rows=limits.MAX_XLSX_CELLS // 100 + 1)
    assert bomb.stat().st_size < 100_000  # a quarter of a million cells in tens of KB

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl was asked to parse the bomb")

    monkeypatch.setattr("openpyxl.load_workbook", no_parsing)
    assert _codes(bomb) == ["too_many_cells"]


def test_an_xlsx_whose_parts_unpack_past_the_limit_is_refused(tmp_path: Path) -> None:
    bomb = write_size_bomb(tmp_path / "size.xlsx", limits.MAX_UNPACKED_BYTES + 2**20)
    assert _codes(bomb) == ["workbook_too_large"]


def test_an_xlsx_within_the_limits_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "history.xlsx"
    pd.read_csv(B2B).to_excel(path, index=False)
    assert load_history(path).history.n_weeks == 104


def test_a_cell_bomb_outside_xl_worksheets_is_counted_too(tmp_path: Path) -> None:
    bomb = write_cell_bomb(
        tmp_path / "moved.xlsx", limits.MAX_XLSX_CELLS // 100 + 1, sheet_part="xl/data.xml"
    )
    assert _codes(bomb) == ["too_many_cells"]


def test_the_cell_bomb_builder_makes_a_readable_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    for part in ("xl/worksheets/sheet1.xml", "xl/data.xml"):
        book = load_workbook(write_cell_bomb(tmp_path / "small.xlsx", 3, 2, part), read_only=True)
        assert [list(r) for r in book.worksheets[0].iter_rows(values_only=True)] == [[1, 1]] * 3
        book.close()


@pytest.mark.parametrize("ref", ["A1:XFD1048576", "A1:C10"])
def test_an_xlsx_with_a_lying_dimension_is_read_as_it_is(tmp_path: Path, ref: str) -> None:
    honest = tmp_path / "honest.xlsx"
    pd.read_csv(B2B).to_excel(honest, index=False)
    lying = with_dimension(honest, tmp_path / "lying.xlsx", ref)
    loaded = load_history(lying)
    assert loaded.history.n_weeks == 104  # neither cut to the declared 9 rows nor padded
    assert loaded.detection.rows_read == 104
