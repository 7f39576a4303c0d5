"""``budgetmix models review NAME``: each model version's prediction accuracy on the weeks that
came after it.

Two simulated histories share weeks, spend and noise: in one the truth stays put; in the other
search's ROI halves after week 104. Version 1 of each model is fitted on the first 104 weeks,
version 2 on all 156: version 1's review covers the 52 later weeks, and where the truth
changed it over-predicts them (a positive bias, a larger error); version 2 has no later weeks.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest
from support.cli import cli_output

from model_engine.simulation import default_channels, default_scenario, simulate

FIRST_WEEKS = 104
ALL_WEEKS = 156


@pytest.fixture(scope="module")
def histories(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    channels = default_channels(4, curves="concave")
    halved = tuple(
        dataclasses.replace(c, roi=c.roi * 0.5) if c.name == "search" else c for c in channels
    )
    frames = {}
    for label, chosen in (("steady", channels), ("halved", halved)):
        scenario = default_scenario(n_weeks=ALL_WEEKS, channels=chosen, spend_design="independent")
        frames[label] = simulate(scenario, seed=0).history.frame
    changed = pd.concat([frames["steady"].iloc[:FIRST_WEEKS], frames["halved"].iloc[FIRST_WEEKS:]])
    folder = tmp_path_factory.mktemp("review")
    paths = {
        "first": folder / "first.csv",
        "steady": folder / "steady.csv",
        "changed": folder / "changed.csv",
    }
    frames["steady"].iloc[:FIRST_WEEKS].to_csv(paths["first"])
    frames["steady"].to_csv(paths["steady"])
    changed.to_csv(paths["changed"])
    return paths


def test_a_version_is_reviewed_on_the_weeks_after_it(
    histories: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BUDGETMIX_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BUDGETMIX_DATABASE_URL", f"sqlite:///{tmp_path / 'budgetmix.db'}")
    reviews = {}
    for name in ("steady", "changed"):
        first = json.loads(
            cli_output(capsys, "fit", str(histories["first"]), "--save-as", name, "--json")
        )
        cli_output(capsys, "fit", str(histories[name]), "--save-as", name)
        shown = json.loads(cli_output(capsys, "models", "review", name, "--json"))
        v1, v2 = shown["versions"]
        assert (v1["version"], v2["version"]) == (1, 2)
        assert v2["review"] is None  # nothing came after the newest version
        review = v1["review"]
        assert review["weeks"] == ALL_WEEKS - FIRST_WEEKS
        frame = pd.read_csv(histories[name], index_col=0, parse_dates=True)
        assert review["first_week"] == frame.index[FIRST_WEEKS].date().isoformat()
        assert review["last_week"] == frame.index[-1].date().isoformat()
        assert review["data_hash"] == v2["data_hash"]
        assert review["actual_total"] == pytest.approx(frame["sales"].iloc[FIRST_WEEKS:].sum())
        assert review["holdout_mape_pct"] == pytest.approx(first["metrics"]["holdout_mape"])
        reviews[name] = review

    steady, changed = reviews["steady"], reviews["changed"]
    assert abs(steady["bias_pct"]) < 5  # the world stayed as the model saw it
    assert changed["bias_pct"] > steady["bias_pct"] + 3  # search earns less than promised
    assert changed["mape_pct"] > steady["mape_pct"]

    text = cli_output(capsys, "models", "review", "changed")
    assert "version 1: on the 52 weeks from" in text
    assert "version 2: no weeks after it yet" in text
