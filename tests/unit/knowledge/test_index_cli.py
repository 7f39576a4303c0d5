import argparse
import json
from pathlib import Path

import jsonschema
import pytest

from assistant.cli import build_parser
from assistant.cli.index import Action, IndexOutcome, _as_text, _document
from knowledge import DocChanges
from tools.views.documents.admin import IndexDocument

CHANGES = DocChanges(
    added=("glossary",), updated=("budget-optimization",), removed=("old-doc",), unchanged=("a",)
)


def _outcome(action: Action, changes: DocChanges = CHANGES) -> IndexOutcome:
    return IndexOutcome(action, Path("/data/chroma"), changes, 12, 120, 1.234)


def test_flags_parse() -> None:
    argv = ["index", "--if-missing", "--json"]
    args = build_parser(argv).parse_args(argv)
    assert isinstance(args, argparse.Namespace)
    assert args.if_missing
    assert args.json
    assert not args.rebuild


def test_if_missing_and_rebuild_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["index", "--if-missing", "--rebuild"]
    with pytest.raises(SystemExit):
        build_parser(argv).parse_args(argv)
    assert "not allowed with argument" in capsys.readouterr().err


def test_text_report_lists_every_kind_of_change_and_the_time() -> None:
    text = _as_text(_outcome("updated"))
    assert "methodology index updated: /data/chroma" in text
    assert "12 docs, 120 chunks" in text
    assert "added (1): glossary" in text
    assert "updated (1): budget-optimization" in text
    assert "removed (1): old-doc" in text
    assert "unchanged (1)" in text
    assert "took 1.23 s" in text


def test_skipped_report_points_at_stale_docs() -> None:
    text = _as_text(_outcome("skipped"))
    assert "left as is (--if-missing)" in text
    assert "Run `budgetmix index` to refresh" in text
    fresh = _as_text(_outcome("skipped", DocChanges(unchanged=("a",))))
    assert "refresh" not in fresh


def test_json_report_is_the_typed_index_document() -> None:
    document = _document(_outcome("built"))
    assert IndexDocument.model_validate_json(document.model_dump_json()) == document
    payload = json.loads(document.model_dump_json())
    committed = Path(__file__).resolve().parents[3] / "docs" / "schema" / "index.json"
    jsonschema.validate(payload, json.loads(committed.read_text()))
    assert payload == {
        "action": "built",
        "persist_dir": "/data/chroma",
        "docs": 12,
        "chunks": 120,
        "added": ["glossary"],
        "updated": ["budget-optimization"],
        "removed": ["old-doc"],
        "unchanged": ["a"],
        "seconds": 1.234,
    }
