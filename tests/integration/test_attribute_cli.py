"""``budgetmix attribute`` end to end: the JSON contract, flags, reconciliation with a saved
mix model, and bad files answered with a located message instead of a traceback."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main

DATA = Path(__file__).resolve().parents[2] / "data"
MODELS = (
    "first_touch",
    "last_touch",
    "linear",
    "time_decay",
    "position_based",
    "markov",
    "shapley",
)

PATHS = (
    "path,conversions,nulls\n"
    "Facebook > Paid Search,300,2000\n"
    "Facebook,100,3000\n"
    "Paid Search,400,1500\n"
    "Email > Paid Search,200,500\n"
    "Facebook > Email > Paid Search,80,400\n"
)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", "attribute", *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def paths_file(tmp_path: Path) -> Path:
    file = tmp_path / "journeys.csv"
    file.write_text(PATHS)
    return file


def test_json_has_every_model_and_last_touch_under_credit(paths_file: Path) -> None:
    done = run_cli(str(paths_file), "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert tuple(payload["models"]) == MODELS
    for shares in payload["models"].values():
        assert set(shares) == {"Facebook", "Paid Search", "Email"}
        assert sum(shares.values()) == pytest.approx(1.0)
    assert "Facebook" in payload["under_credited_by_last_touch"]
    assert payload["over_credited_by_last_touch"] == ["Paid Search"]
    assert payload["last_touch"]["reference"] == "markov"
    assert payload["time_decay"] == {
        "half_life": 2.0,
        "unit": "touches",
        "rule": payload["rules"]["time_decay"],
    }
    assert payload["journeys"]["format"] == "path_table"
    assert payload["journeys"]["conversions"] == 1080
    assert payload["reconciliation"] is None


def test_flags_reach_the_models(paths_file: Path) -> None:
    code_and_payload = run_cli(
        str(paths_file),
        "--json",
        "--order",
        "2",
        "--half-life",
        "1t",
        "--budget",
        "1.5M",
        "--reference",
        "shapley",
    )
    payload = json.loads(code_and_payload.stdout)
    assert payload["markov"]["order"] == 2
    assert payload["time_decay"]["half_life"] == 1.0
    assert payload["last_touch"]["reference"] == "shapley"
    assert payload["last_touch"]["budget"] == 1_500_000
    moved = sum(s["amount"] for s in payload["last_touch"]["budget_shifts"] if s["amount"] > 0)
    assert moved == pytest.approx(payload["last_touch"]["moved_share"] * 1_500_000)


def test_event_rows_with_a_half_life_in_hours(tmp_path: Path) -> None:
    file = tmp_path / "events.tsv"
    file.write_text(
        "user_id\ttimestamp\tchannel\tconverted\n"
        "u1\t2024-03-01\tDisplay\t0\n"
        "u1\t2024-03-03\tSearch\t1\n"
        "u2\t2024-03-01\tDisplay\t0\n"
    )
    payload = json.loads(run_cli(str(file), "--json", "--half-life", "48h").stdout)
    assert payload["time_decay"]["unit"] == "days"
    assert payload["time_decay"]["half_life"] == 2.0
    # Display was 2 days (one half-life) before the conversion: weight 1/2 against Search's 1.
    assert payload["models"]["time_decay"]["Display"] == pytest.approx(1 / 3)
    assert payload["journeys"]["non_converting"] == 1


def test_reconciliation_with_a_saved_mix_model(tmp_path: Path, paths_file: Path) -> None:
    model = tmp_path / "model.json"
    fitted = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant.cli",
            "fit",
            str(DATA / "robyn_dt_simulated_weekly.csv"),
            "--bootstrap",
            "20",
            "--save",
            str(model),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert fitted.returncode == 0, fitted.stderr
    payload = json.loads(run_cli(str(paths_file), "--json", "--model", str(model)).stdout)
    rec = payload["reconciliation"]
    assert {c["model_channel"] for c in rec["channels"]} == {"facebook_S", "search_S"}
    for channel in rec["channels"]:
        assert channel["mix_share_low"] <= channel["mix_share"] <= channel["mix_share_high"]
    assert [b["rule"] for b in rec["budgets"]] == ["current", "last_touch", "reference"]
    assert "keeps using" in rec["plan_basis"]
    text = run_cli(str(paths_file), "--model", str(model))
    assert "mix model" in text.stdout
    assert "keeps using the mix model" in text.stdout


def test_bad_rows_give_a_located_message_and_exit_2(tmp_path: Path) -> None:
    file = tmp_path / "bad.csv"
    file.write_text("path,conversions,nulls\na > b,two,1\n")
    done = run_cli(str(file), "--json")
    assert done.returncode == 2
    assert "row 2, column 'conversions'" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--order", "0"], "--order must be 1 or more"),
        (["--half-life", "soon"], "--half-life 'soon'"),
        (["--budget", "lots"], "--budget 'lots'"),
        (["--half-life", "3d"], "no timestamps"),
        (["--model", "missing.json"], "no saved model"),
    ],
)
def test_bad_flags_are_explained(
    paths_file: Path, capsys: pytest.CaptureFixture[str], flags: list[str], message: str
) -> None:
    assert main(["attribute", str(paths_file), *flags]) == 2
    assert message in capsys.readouterr().err


def test_help_documents_the_flags(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["attribute", "--help"])
    help_text = capsys.readouterr().out
    for flag in (
        "--json",
        "--order",
        "--half-life",
        "--reference",
        "--budget",
        "--model",
        "--weeks",
    ):
        assert flag in help_text
