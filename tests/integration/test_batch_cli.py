"""``budgetmix batch fit SPEC.json --json`` on a local Ray, with one deliberately bad file:
the bad file is reported and the others are fitted and stored; a second run resumes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.cli import main
from model_engine.simulation import default_scenario, simulate

GOOD = ("brand_0", "brand_1", "brand_2")


@pytest.fixture
def spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BUDGETMIX_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("BUDGETMIX_DATABASE_URL", raising=False)
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    folder = tmp_path / "files"
    folder.mkdir()
    for seed, name in enumerate(GOOD):
        history = simulate(default_scenario(n_weeks=104, n_channels=3), seed=seed).history
        history.frame.rename_axis("week").to_csv(folder / f"{name}.csv")
    (folder / "broken.csv").write_text("week,sales,tv\n2024-01-01,abc,\nnot a date,1,2\n")
    path = tmp_path / "spec.json"
    files = ["files/brand_0.csv", "files/broken.csv", {"path": "files/brand_1.csv"}]
    files.append({"path": "files/brand_2.csv", "name": "brand_2", "target": "sales"})
    path.write_text(json.dumps({"date": "week", "files": files}))
    return path


def _batch(capsys: pytest.CaptureFixture[str], spec: Path, *extra: str) -> Any:
    code = main(["batch", "fit", str(spec), "--json", "--bootstrap", "0", *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Traceback" not in captured.err
    return json.loads(captured.out)


# Starting a local Ray and fitting takes about a minute on two shared cores.
@pytest.mark.slow
def test_a_ray_batch_reports_the_bad_file_stores_the_rest_and_resumes(
    spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _batch(capsys, spec, "--workers", "2")
    assert set(first) == {"fitted", "failed", "skipped", "seconds", "engine", "models"}
    assert first["engine"].startswith("ray ")
    assert (first["fitted"], first["failed"], first["skipped"]) == (3, 1, 0)
    by_name = {m["name"]: m for m in first["models"]}
    assert [m["name"] for m in first["models"]] == ["brand_0", "broken", "brand_1", "brand_2"]
    assert by_name["broken"]["status"] == "failed"
    assert "date" in by_name["broken"]["error"]
    for name in GOOD:
        assert by_name[name]["status"] == "fitted"
        assert by_name[name]["version"] == 1
        assert by_name[name]["holdout_mape"] < 15

    main(["models", "show", "brand_1", "--json"])
    shown = json.loads(capsys.readouterr().out)
    assert [v["version"] for v in shown["versions"]] == [1]

    again = _batch(capsys, spec, "--engine", "sequential")
    assert (again["fitted"], again["failed"], again["skipped"]) == (0, 1, 3)
    assert {m["status"] for m in again["models"] if m["name"] in GOOD} == {"skipped"}
