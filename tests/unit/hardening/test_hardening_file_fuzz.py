"""Seeded property-based fuzzing of the history-file reader (see ``fuzz_harness``): weekly
histories in CSV, TSV, semicolon CSV and XLSX with hostile cells, title and total rows and
shuffled, missing or repeated weeks; free-form tables; raw bytes. No traceback, no hang, and
no silent drop: every number is used as written or named in a note, and no hostile value is
accepted.

The default run is a quick profile; ``-m slow`` runs 10,000 cases."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from fuzz_harness import (
    MUST_REFUSE,
    Generated,
    as_datetime,
    assert_nothing_silently_dropped,
    load_generated,
    rows_of,
    run_case,
    week_dates,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model_engine.intake import load_history


def _profile(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


QUICK = _profile(60)

TARGETS = ["revenue", "MQLs", "sales", "conversions"]
SPENDS = ["tv_spend", "search_spend", "Paid Social Spend", "LinkedIn Spend", "ooh_S"]
CONTROLS = ["price", "competitor_index"]
# Hostile cells and what each must become in an amount column (target, spend) and in a
# control or event column; MUST_REFUSE: only an error will do.
R = MUST_REFUSE
HOSTILE: dict[str, tuple[float | None, float | None]] = {
    "inf": (R, R),
    "-inf": (R, R),
    "Infinity": (R, R),
    "1e309": (R, R),
    "1e300": (R, R),
    "nan": (R, R),
    "NaN": (R, R),
    "": (R, R),
    "n/a": (R, R),
    "12%": (R, R),
    "$400K,000": (R, R),
    "1.234.5": (R, R),
    "1,234,5": (R, R),
    "approx 3k": (R, R),
    "=SUM(B2:B9)": (R, R),
    "-5": (R, -5.0),
    "(1,200)": (R, -1200.0),
    "-0": (0.0, 0.0),
    "−0": (0.0, 0.0),
    "$1,200": (1200.0, 1200.0),
    "1 200": (1200.0, 1200.0),
}


@st.composite
def histories(draw: st.DrawFn) -> tuple[Generated, str]:
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    weeks = draw(st.integers(26, 60))
    target = draw(st.sampled_from(TARGETS))
    spends = draw(st.lists(st.sampled_from(SPENDS), min_size=1, max_size=4, unique=True))
    controls = draw(st.lists(st.sampled_from(CONTROLS), max_size=2, unique=True))
    extras = [name for name in ("holiday", "Notes") if draw(st.booleans())]
    layout = draw(st.sampled_from([*["csv"] * 5, "tsv", "tsv", "semicolon", "semicolon", "xlsx"]))
    dollars = layout != "xlsx" and draw(st.booleans())
    columns = ["week", target, *spends, *controls, *extras]
    header_row = 2 if draw(st.booleans()) else 1
    generated = Generated(cells=[], header_row=header_row, date_column="week")
    body: list[list[object]] = []
    for k, week in enumerate(week_dates(weeks)):
        row = header_row + 1 + k
        generated.dates[row] = week
        values: dict[str, float] = {target: float(rng.integers(100, 5_000))}
        values |= {s: round(float(rng.uniform(0, 1e5)), 2) for s in spends}
        values |= {c: round(float(rng.uniform(90, 110)), 2) for c in controls}
        if "holiday" in extras:
            values["holiday"] = float(rng.integers(0, 2))
        cells: list[object] = [as_datetime(week) if layout == "xlsx" else str(week)]
        for name in columns[1:]:
            if name == "Notes":
                cells.append(str(rng.choice(["", "launch", "promo week"])))
                continue
            generated.numbers[(row, name)] = values[name]
            cells.append(_written(values[name], layout, dollars and name in spends))
        body.append(cells)
    numeric = [target, *spends, *controls, *(["holiday"] if "holiday" in extras else [])]
    amounts = {target, *spends}
    for _ in range(draw(st.integers(0, 4))):
        k = draw(st.integers(0, weeks - 1))
        name = draw(st.sampled_from(numeric))
        token = draw(st.sampled_from(sorted(HOSTILE)))
        body[k][columns.index(name)] = token
        site = (header_row + 1 + k, name)
        generated.numbers.pop(site, None)
        generated.meanings[site] = HOSTILE[token][0 if name in amounts else 1]
    if draw(st.booleans()):
        order = draw(st.permutations(range(weeks)))
        body = [body[i] for i in order]
        generated.dates = {header_row + 1 + p: week_dates(weeks)[i] for p, i in enumerate(order)}
        generated.numbers = _moved(generated.numbers, order, header_row)
        generated.meanings = _moved(generated.meanings, order, header_row)
    edit = draw(st.sampled_from(["none", "none", "drop_week", "repeat_week", "total_row"]))
    if edit == "drop_week":
        body.pop(weeks // 2)
        generated.dates = {}  # an error is the only right answer: nothing to account for
    elif edit == "repeat_week":
        body.append(list(body[0]))
        generated.dates = {}
    elif edit == "total_row":
        body.append(["Total", *([""] * (len(columns) - 1))])
    title: list[list[object]] = [["Weekly export", *([""] * (len(columns) - 1))]]
    generated.cells = [*(title if header_row == 2 else []), *rows_of(columns, body)]
    return generated, layout


def _written(value: float, layout: str, dollars: bool) -> object:
    if layout == "xlsx":
        return value
    return f"${value:,.2f}" if dollars else f"{value:.2f}"


def _moved(
    sites: dict[tuple[int, str], float | None], order: list[int], header_row: int
) -> dict[tuple[int, str], float | None]:
    new_row = {header_row + 1 + i: header_row + 1 + p for p, i in enumerate(order)}
    return {(new_row[row], column): value for (row, column), value in sites.items()}


def check_history(case: tuple[Generated, str]) -> None:
    generated, layout = case
    run = load_generated(generated, layout)
    assert_nothing_silently_dropped(generated, run)


@QUICK
@given(histories())
def test_hostile_histories_are_used_as_written_or_refused(case: tuple[Generated, str]) -> None:
    check_history(case)


@pytest.mark.slow
@pytest.mark.timeout(3600)
@_profile(6_000)
@given(histories())
def test_hostile_histories_are_used_as_written_or_refused_large(
    case: tuple[Generated, str],
) -> None:
    check_history(case)


# --- free-form tables and raw bytes: no traceback, no hang, no vanished column --------------
CELLS = st.one_of(
    st.sampled_from(sorted(HOSTILE)),
    st.sampled_from(["0", "1", "Total", "x", "2024-01-01", "01/02/2024", "2024-W05"]),
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
HEADERS = ["date", "week", "revenue", "MQLs", "tv_S", "search_spend", "price", "geo", "", "Notes"]


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, str]:
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6))
    rows = draw(st.lists(st.lists(CELLS, min_size=len(header), max_size=len(header)), max_size=40))
    if draw(st.booleans()):
        for index, row in enumerate(rows):
            row[0] = str(np.datetime64("2022-01-03") + np.timedelta64(7 * index, "D"))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    text = "\n".join(delimiter.join(r) for r in [header, *rows])
    return text, draw(st.sampled_from([".csv", ".tsv", ".txt", ".xlsx"]))


def check_table(case: tuple[str, str]) -> None:
    text, suffix = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogateescape")
        run = run_case(lambda: load_history(path))
    if run.result is None:
        return
    detection = run.result.detection
    frame = run.result.history.frame
    accounted = {
        detection.date_column,
        detection.panel_column,
        *(c.name for c in detection.ignored),
    }
    header = [c.strip() for c in text.split("\n", 1)[0].split(delimiter_of(text))]
    for name in (h for h in header if h):
        used = name in frame.columns or any(str(c).startswith(f"{name}_") for c in frame.columns)
        assert used or name in accounted, f"column {name!r} vanished"


def delimiter_of(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max(",;\t|", key=first.count)


def check_bytes(case: tuple[bytes, str]) -> None:
    raw, suffix = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(raw)
        run_case(lambda: load_history(path))


raw_files = st.tuples(
    st.one_of(st.binary(max_size=3000), st.binary(max_size=3000).map(lambda b: b"PK\x03\x04" + b)),
    st.sampled_from([".csv", ".xlsx", ".txt", ""]),
)


@QUICK
@given(tables())
def test_any_table_loads_or_is_refused_with_a_message(case: tuple[str, str]) -> None:
    check_table(case)


@QUICK
@given(raw_files)
def test_any_bytes_load_or_are_refused_with_a_message(case: tuple[bytes, str]) -> None:
    check_bytes(case)


@pytest.mark.slow
@pytest.mark.timeout(3600)
@_profile(2_500)
@given(tables())
def test_any_table_loads_or_is_refused_with_a_message_large(case: tuple[str, str]) -> None:
    check_table(case)


@pytest.mark.slow
@pytest.mark.timeout(3600)
@_profile(1_500)
@given(raw_files)
def test_any_bytes_load_or_are_refused_with_a_message_large(case: tuple[bytes, str]) -> None:
    check_bytes(case)
