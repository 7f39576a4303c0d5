"""The fuzz harness every entry point is held to, and its first entry point: history files.

An entry point takes one generated input and either accepts it (a result) or refuses it with
issues. The harness checks three properties on every case:

1. **no traceback**: the only exception is the entry point's refusal type, and every issue
   says what is wrong and what to do;
2. **no hang**: a case finishes within :data:`HANG_BOUND_SECONDS` (a bound on hangs, not a
   speed target: speed lives in ``benchmarks/``);
3. **no silent drop**: every number of the input is either used, with the value it was
   written as, or named in a note (a column listed as not used, a row listed as left out);
   an accepted input never holds a value that should have been refused.

:class:`Generated` carries what the generator knows about its input (its numbers, where they
are, and what each must become); an entry point's ``account`` says where its result put them.
New entry points (chat text, session files, settings, CLI flags) plug in the same way.
"""

from __future__ import annotations

import math
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd

from model_engine.intake import HistoryLoad, IntakeError, IntakeIssue, load_history

HANG_BOUND_SECONDS = 30.0

Site = tuple[int, str]  # (spreadsheet row, column)
MUST_REFUSE = None  # the meaning of a cell the history may not accept as written


@dataclass
class Generated:
    """A generated input and what it means: ``numbers`` maps every site holding a number to
    the value it must keep; ``meanings`` does the same for hostile cells (``MUST_REFUSE``
    where only an error will do)."""

    cells: list[list[object]]  # the rows as written, header included
    header_row: int  # spreadsheet row of the header
    date_column: str
    numbers: dict[Site, float] = field(default_factory=dict)
    meanings: dict[Site, float | None] = field(default_factory=dict)
    dates: dict[int, date] = field(default_factory=dict)  # data row -> its week


@dataclass(frozen=True)
class Run:
    result: HistoryLoad | None
    issues: tuple[IntakeIssue, ...]
    seconds: float


def run_case(call: Callable[[], HistoryLoad]) -> Run:
    """Run one case: a refusal is an :class:`IntakeError`; anything else propagates (and
    fails the test with its traceback)."""
    start = time.perf_counter()
    try:
        result = call()
    except IntakeError as refused:
        run = Run(None, refused.errors, time.perf_counter() - start)
    else:
        run = Run(result, result.warnings, time.perf_counter() - start)
    assert run.seconds < HANG_BOUND_SECONDS, f"took {run.seconds:.1f} s"
    assert all(issue.what and issue.fix for issue in run.issues)
    return run


# --- the history-file entry point ------------------------------------------------------------
def write(generated: Generated, folder: Path, layout: str) -> Path:
    if layout == "xlsx":
        path = folder / "upload.xlsx"
        pd.DataFrame(generated.cells).to_excel(path, index=False, header=False)
        return path
    delimiter = {"csv": ",", "tsv": "\t", "semicolon": ";"}[layout]
    path = folder / f"upload.{'tsv' if layout == 'tsv' else 'csv'}"
    pd.DataFrame(generated.cells).to_csv(path, index=False, header=False, sep=delimiter)
    return path


def load_generated(generated: Generated, layout: str) -> Run:
    with tempfile.TemporaryDirectory() as folder:
        path = write(generated, Path(folder), layout)
        return run_case(lambda: load_history(path))


def assert_nothing_silently_dropped(generated: Generated, run: Run) -> None:
    """The no-silent-drop property for an accepted history."""
    loaded = run.result
    if loaded is None:
        return
    frame = loaded.history.frame
    detection = loaded.detection
    header = [str(c) for c in generated.cells[generated.header_row - 1]]
    ignored = {c.name for c in detection.ignored}
    accounted_columns = {
        generated.date_column,
        *ignored,
        *(detection.panel_column or "",),
    }
    for name in header:
        used = name in frame.columns or any(str(c).startswith(f"{name}_") for c in frame.columns)
        assert used or name in accounted_columns, f"column {name!r} vanished"
    dropped_rows = {r for rows in detection.dropped_rows for r in rows.rows}
    weeks = {pd.Timestamp(d) for d in frame.index}
    for row, week in generated.dates.items():
        kept = pd.Timestamp(week) in weeks
        assert kept or row in dropped_rows, f"row {row} vanished"
    week_of = {row: pd.Timestamp(d) for row, d in generated.dates.items()}
    for (row, column), expected in _expected_values(generated).items():
        if column not in frame.columns or row in dropped_rows or row not in week_of:
            continue
        assert expected is not MUST_REFUSE, f"accepted {column!r} row {row} silently"
        got = float(frame.loc[week_of[row], column])
        assert math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9), (row, column, got)


def _expected_values(generated: Generated) -> Mapping[Site, float | None]:
    return {**generated.numbers, **generated.meanings}


def week_dates(count: int, start: date = date(2022, 1, 3)) -> list[date]:
    return [start + timedelta(days=7 * k) for k in range(count)]


def as_datetime(value: date) -> datetime:
    return datetime(value.year, value.month, value.day)


def rows_of(columns: Iterable[str], body: list[list[object]]) -> list[list[object]]:
    return [list(columns), *body]
