"""``budgetmix fit DATA --save-as NAME`` and ``budgetmix models show NAME --json``.

The two data files are simulated with known truth: the same weeks, spend and noise, with the
truth changed in one channel only (search's ROI halved). The refresh changelog must call that
channel's move significant and no other channel's.
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest
from support.cli import cli_output

from assistant.cli import main
from model_engine.simulation import default_channels, default_scenario, simulate

CHANGED = "search"
CHANGE_KEYS = {
    "roi_before",
    "low_before",
    "high_before",
    "roi_after",
    "low_after",
    "high_after",
    "significant",
}


@pytest.fixture(scope="module")
def histories(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    channels = default_channels(4, curves="concave")
    changed = tuple(
        dataclasses.replace(c, roi=c.roi * 0.5) if c.name == CHANGED else c for c in channels
    )
    folder = tmp_path_factory.mktemp("histories")
    paths = []
    for label, chosen in (("before", channels), ("after", changed)):
        scenario = default_scenario(n_weeks=156, channels=chosen, spend_design="independent")
        path = folder / f"{label}.csv"
        simulate(scenario, seed=0).history.frame.to_csv(path)
        paths.append(path)
    return paths[0], paths[1]


@pytest.fixture
def database_env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BUDGETMIX_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BUDGETMIX_DATABASE_URL", database_url)
    return tmp_path


def test_a_refresh_flags_only_the_channel_whose_truth_changed(
    histories: tuple[Path, Path], database_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = histories
    first = json.loads(cli_output(capsys, "fit", str(before), "--save-as", "brand", "--json"))
    assert first["saved_as"] == {"name": "brand", "version": 1}
    second = json.loads(cli_output(capsys, "fit", str(after), "--save-as", "brand", "--json"))
    assert second["saved_as"] == {"name": "brand", "version": 2}

    shown = json.loads(cli_output(capsys, "models", "show", "brand", "--json"))
    assert set(shown) == {"versions"}
    v1, v2 = shown["versions"]
    for version in (v1, v2):
        assert set(version) == {"version", "created", "data_hash", "metrics", "changes"}
        assert len(version["data_hash"]) == 64
    assert (v1["version"], v2["version"]) == (1, 2)
    assert v1["data_hash"] != v2["data_hash"]
    assert v1["changes"] == {}
    assert v1["metrics"]["holdout_mape"] == pytest.approx(first["metrics"]["holdout_mape"])
    changes = v2["changes"]
    assert set(changes) == {"search", "social", "tv", "display"}
    for channel, change in changes.items():
        assert set(change) == CHANGE_KEYS
        assert change["low_before"] <= change["roi_before"] <= change["high_before"]
        assert change["roi_before"] == pytest.approx(first["channels"][channel]["roi"])
        assert change["roi_after"] == pytest.approx(second["channels"][channel]["roi"])
    assert {c: change["significant"] for c, change in changes.items()} == {
        "search": True,
        "social": False,
        "tv": False,
        "display": False,
    }
    assert changes["search"]["roi_after"] < changes["search"]["low_before"]

    text = cli_output(capsys, "models", "show", "brand")
    assert "against version 1: 1 significant change" in text
    assert "below the lowest ROI the previous version allowed" in text

    listed = json.loads(cli_output(capsys, "models", "list", "--json"))
    assert [(m["name"], m["versions"]) for m in listed["models"]] == [("brand", 2)]


def test_an_unknown_model_is_explained(
    database_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["models", "show", "nothing"]) == 2
    assert "no saved model named 'nothing'" in capsys.readouterr().err


def test_another_users_models_are_not_shown(
    histories: tuple[Path, Path],
    database_env: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cli_output(capsys, "fit", str(histories[0]), "--save-as", "brand", "--bootstrap", "20")
    assert main(["models", "show", "brand", "--user", "dana"]) == 2
    assert "no user named 'dana'" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("dana-long-password\n"))
    cli_output(capsys, "users", "add", "dana", "--password-stdin")
    assert main(["models", "show", "brand", "--user", "dana"]) == 2
    assert "no saved model named 'brand'" in capsys.readouterr().err
    assert json.loads(cli_output(capsys, "models", "list", "--json", "--user", "dana")) == {
        "models": []
    }
