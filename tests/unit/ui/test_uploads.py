"""Attached files: the type and size checks and the copy under the user's own file name."""

from __future__ import annotations

from pathlib import Path

from assistant.ui.uploads import Upload, asks_for_upload, screen_uploads


def _stored(tmp_path: Path, content: bytes, stored_as: str = "3f2a.xls") -> Path:
    # Chainlit names a stored upload by a UUID and the extension of the browser's MIME type.
    session = tmp_path / "session"
    session.mkdir(exist_ok=True)
    path = session / stored_as
    path.write_bytes(content)
    return path


def test_an_accepted_file_is_copied_under_its_own_name(tmp_path: Path) -> None:
    stored = _stored(tmp_path, b"week,spend\n2024-01-01,1\n")
    screened = screen_uploads([Upload("Q3 history.csv", stored)], limit_mb=1)

    assert screened.problems == ()
    (copy,) = screened.accepted
    assert copy.name == "Q3 history.csv"
    assert copy.read_bytes() == stored.read_bytes()


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_the_fix(tmp_path: Path) -> None:
    stored = _stored(tmp_path, b"%PDF-1.7", stored_as="9c1d.pdf")
    screened = screen_uploads([Upload("board deck.pdf", stored)], limit_mb=1)

    assert screened.accepted == ()
    (problem,) = screened.problems
    assert "**board deck.pdf**" in problem
    assert "not a CSV or Excel (.xlsx) file" in problem
    assert ".csv or .xlsx" in problem


def test_a_file_over_the_limit_is_refused_with_its_size(tmp_path: Path) -> None:
    stored = _stored(tmp_path, b"x" * 1_600_000, stored_as="big.csv")
    screened = screen_uploads([Upload("daily.csv", stored)], limit_mb=1)

    assert screened.accepted == ()
    assert "**daily.csv** is 1.5 MB, over the 1 MB limit" in screened.problems_markdown()


def test_good_and_bad_files_are_screened_one_by_one(tmp_path: Path) -> None:
    good = _stored(tmp_path, b"a,b\n1,2\n", stored_as="1.csv")
    bad = _stored(tmp_path, b"x", stored_as="2.txt")
    screened = screen_uploads([Upload("ok.xlsx", good), Upload("notes.txt", bad)], limit_mb=1)
    assert [p.name for p in screened.accepted] == ["ok.xlsx"]
    assert len(screened.problems) == 1
    assert "notes.txt" in screened.problems[0]


def test_path_parts_in_a_file_name_are_dropped(tmp_path: Path) -> None:
    stored = _stored(tmp_path, b"a\n1\n", stored_as="1.csv")
    (copy,) = screen_uploads([Upload("../../etc/weekly.csv", stored)], limit_mb=1).accepted
    assert copy.name == "weekly.csv"
    assert copy.parent.parent == stored.parent


def test_the_upload_starter_is_recognised() -> None:
    assert asks_for_upload("Upload my weekly data")
    assert asks_for_upload("  upload my weekly data. ")
    assert not asks_for_upload("Upload my weekly data and plan $2M")
