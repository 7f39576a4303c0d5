"""``budgetmix plans report``: the one-page plan as HTML and as PDF, checked by reading the
PDF's text and rendering its page to pixels (PDFium through pypdfium2)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest

from assistant.cli import main
from assistant.config import Settings
from assistant.conversation import Conversation
from knowledge import MethodologyRetriever
from tools.views import Count, display

PLAN_REQUEST = (
    "Last quarter: Paid search: $400K spent, 2,400 MQLs. Events: $400K spent, 600 MQLs. "
    "Email: $100K spent, 900 MQLs. Plan $1M for next quarter, keep at least $150K in events."
)
CHANNELS = ("Paid search", "Events", "Email")


@pytest.fixture(scope="module")
def adopted(
    offline_settings: Settings,
    retriever: MethodologyRetriever,
    tmp_path_factory: Any,
) -> dict[str, Any]:
    conversation = Conversation(offline_settings, retriever=retriever)
    conversation.respond(PLAN_REQUEST)
    folder = tmp_path_factory.mktemp("report")
    session = folder / "session.json"
    conversation.session.save(session)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BUDGETMIX_DATA_DIR", str(folder))
        patch.setenv("BUDGETMIX_DATABASE_URL", f"sqlite:///{folder / 'budgetmix.db'}")
        arguments = ["plans", "adopt", "--session", str(session), "--name", "Q1 2027"]
        assert main([*arguments, "--start", "2027-01-04"]) == 0
    return {"folder": folder}


@pytest.fixture
def database_env(adopted: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Path:
    folder: Path = adopted["folder"]
    monkeypatch.setenv("BUDGETMIX_DATA_DIR", str(folder))
    monkeypatch.setenv("BUDGETMIX_DATABASE_URL", f"sqlite:///{folder / 'budgetmix.db'}")
    monkeypatch.setenv("BUDGETMIX_OFFLINE", "1")
    return folder


def _plan(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["plans", "show", "Q1 2027", "--json"]) == 0
    return dict(json.loads(capsys.readouterr().out))


def _report(capsys: pytest.CaptureFixture[str], form: str, out: Path) -> str:
    capsys.readouterr()
    code = main(["plans", "report", "Q1 2027", "--format", form, "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def _money(value: float) -> str:
    return f"${value:,.0f}"


def test_the_pdf_is_one_page_with_the_plan_on_it(
    database_env: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plan = _plan(capsys)
    out = tmp_path / "q1.pdf"
    said = _report(capsys, "pdf", out)
    assert str(out) in said
    assert out.read_bytes().startswith(b"%PDF")

    document = pdfium.PdfDocument(out)
    assert len(document) == 1  # one page, as forwarded
    page = document[0]
    text = re.sub(r"\s+", " ", page.get_textpage().get_text_range())
    for channel in CHANNELS:
        assert channel in text
        line = plan["channels"][channel]
        assert _money(line["planned_spend"]) in text
        assert f"{line['expected_outcome']:,.0f}" in text
    assert _money(plan["budget"]) in text
    assert f"{plan['expected_outcome']:,.0f} MQLs" in text
    assert f"{plan['expected_low']:,.0f}–{plan['expected_high']:,.0f}" in text
    for heading in ("The rules and what each costs", "Scenarios compared", "Assumptions"):
        assert heading in text
    assert "Risks" in text
    assert "Sources" in text
    assert "Budget optimization › The equal marginal return rule" in text
    assert "Scenario A: Budget -20%" in text

    pixels = np.asarray(page.render(scale=1).to_pil().convert("L"), dtype=float)
    assert pixels.shape[0] > pixels.shape[1]  # portrait A4
    inked = (pixels < 200).mean()
    assert 0.02 < inked < 0.5  # text and charts on a white page, not blank, not a black box
    # The charts are in colour: the plan's blue is on the page.
    rgb = np.asarray(page.render(scale=1).to_pil().convert("RGB"), dtype=int)
    blue = (rgb[..., 2] > 180) & (rgb[..., 0] < 80)
    assert blue.sum() > 200


def test_the_html_carries_the_rules_with_their_cost(
    database_env: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plan = _plan(capsys)
    out = tmp_path / "q1.html"
    _report(capsys, "html", out)
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("data:image/png;base64,") == 2  # the charts travel with the page
    rules = plan["plan"]["constraint_reports"]
    costly = [r for r in rules if r["binds"] and r["cost"] is not None]
    assert costly  # the default guardrail holds Paid search and Email back
    for rule in costly:
        assert f"costs {display(Count(rule['cost']))} MQLs" in html
    budget = next(r for r in rules if r["kind"] == "total_budget")
    per_thousand = float(f"{budget['shadow_price'] * 1000:.2g}")
    assert f"{per_thousand:g} MQLs per $1,000" in html  # what the budget's shadow price says
    loose = next(r for r in rules if not r["binds"])
    assert f"{loose['description']}</td><td>{loose['from']}</td><td>–</td>" in html
    assert "http" not in html.replace("http-equiv", "")  # nothing to fetch when opened offline


def test_an_unknown_plan_or_an_unwritable_file_is_explained(
    database_env: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["plans", "report", "Q9", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "no adopted plan 'Q9'" in capsys.readouterr().err
    missing = tmp_path / "no-such-folder" / "x.html"
    assert main(["plans", "report", "Q1 2027", "--format", "html", "--out", str(missing)]) == 2
    assert f"cannot write {missing}" in capsys.readouterr().err
