"""The spec of ``budgetmix batch fit``: files or a glob, per-file overrides, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli.batch_jobs import BatchItem, FitSettings, fit_item, read_spec
from assistant.cli.errors import CliError


def _spec(tmp_path: Path, spec: object) -> Path:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    return path


def test_files_take_the_spec_defaults_and_their_own_overrides(tmp_path: Path) -> None:
    items = read_spec(
        _spec(
            tmp_path,
            {
                "target": "sales",
                "date": "week",
                "files": ["a.csv", {"path": "b.csv", "name": "brand b", "target": "revenue"}],
            },
        )
    )
    assert items == (
        BatchItem("a", str(tmp_path / "a.csv"), "sales", "week"),
        BatchItem("brand b", str(tmp_path / "b.csv"), "revenue", "week"),
    )


def test_a_glob_is_read_relative_to_the_spec(tmp_path: Path) -> None:
    for name in ("x.csv", "y.csv", "notes.txt"):
        (tmp_path / name).write_text("")
    items = read_spec(_spec(tmp_path, {"glob": "*.csv"}))
    assert [i.name for i in items] == ["x", "y"]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"files": ["a.csv"], "glob": "*.csv"}, "either"),
        ({"files": []}, "non-empty"),
        ({"files": [{"path": "a.csv", "colour": "red"}]}, "unknown keys colour"),
        ({"files": ["a/x.csv", "b/x.csv"]}, "two files give the model name 'x'"),
        ({"glob": "*.xlsx"}, "matches no file"),
    ],
)
def test_a_wrong_spec_says_what_is_wrong(tmp_path: Path, spec: object, message: str) -> None:
    with pytest.raises(CliError, match=message):
        read_spec(_spec(tmp_path, spec))


def test_a_file_that_cannot_be_fitted_comes_back_as_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("week,sales\nnot a date,1\n")
    outcome = fit_item(BatchItem("bad", str(path)), FitSettings(bootstrap=0))
    assert outcome.parameters_json is None
    assert outcome.error is not None
    assert "date" in outcome.error
