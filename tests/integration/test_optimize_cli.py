"""`budgetmix optimize` end to end on curves files written to tmp_path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.cli import main
from assistant.cli.errors import CliError
from assistant.cli.optimize import parse_amount
from model_engine.mmm import MarketingMixModel, save_fitted_model
from model_engine.simulation import default_scenario, simulate

SEED_CURVES: dict[str, Any] = {
    "period_weeks": 13,
    "outcome_name": "MQLs",
    "channels": [
        {"name": "Paid search", "current_spend": 400_000, "channel_type": "search",
         "curve": {"type": "hill", "scale": 4_800, "half_saturation": 400_000, "shape": 0.9}},
        {"name": "Paid social", "current_spend": 500_000, "channel_type": "social",
         "curve": {"type": "hill", "scale": 3_600, "half_saturation": 500_000, "shape": 0.9}},
        {"name": "Content", "current_spend": 300_000, "channel_type": "content",
         "curve": {"type": "exponential", "scale": 2_000, "lam": 330_000}},
        {"name": "Events", "current_spend": 400_000, "channel_type": "events",
         "curve": {"type": "hill", "scale": 1_200, "half_saturation": 400_000, "shape": 2.0}},
        {"name": "Email", "current_spend": 200_000, "channel_type": "email",
         "curve": {"type": "power", "scale": 6.0, "exponent": 0.5}},
        {"name": "Traditional", "current_spend": 200_000, "channel_type": "traditional",
         "curve": {"type": "hill", "scale": 600, "half_saturation": 200_000, "shape": 1.0},
         "draws": {"type": "hill", "scale": [500, 600, 700], "half_saturation": [2e5, 2e5, 2e5],
                   "shape": [1.0, 1.0, 1.0]}},
    ],
}  # fmt: skip


@pytest.fixture
def curves(tmp_path: Path) -> Path:
    path = tmp_path / "curves.json"
    path.write_text(json.dumps(SEED_CURVES), encoding="utf-8")
    return path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["optimize", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_plan_respects_the_bounds(curves: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        [
            "--curves", str(curves), "--budget", "$2,000,000",
            "--min", "Events=150K", "--max", "paid search=30%", "--json",
        ],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    plan = json.loads(out)
    for key in ("allocation", "expected", "expected_low", "expected_high", "baseline_expected",
                "binding", "seconds"):  # fmt: skip
        assert key in plan
    allocation = plan["allocation"]
    assert list(allocation) == [c["name"] for c in SEED_CURVES["channels"]]
    assert sum(allocation.values()) == pytest.approx(2_000_000, abs=1.0)
    assert allocation["Events"] >= 150_000 - 0.01
    assert allocation["Paid search"] <= 600_000 + 0.01
    assert "Events at least $150,000" in plan["binding"]
    assert plan["expected"] > plan["baseline_expected"]
    assert plan["expected_low"] <= plan["expected"] <= plan["expected_high"]
    assert plan["seconds"] < 5


def test_one_sided_change_limits(curves: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        ["--curves", str(curves), "--budget", "2M", "--max-cut", "20", "--max-growth", "30",
         "--json"],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    allocation = json.loads(out)["allocation"]
    for channel in SEED_CURVES["channels"]:
        now = channel["current_spend"]
        assert 0.8 * now - 0.01 <= allocation[channel["name"]] <= 1.3 * now + 0.01


def test_text_summary(curves: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--curves", str(curves), "--budget", "2M", "--max-change", "25"], capsys)
    assert code == 0
    assert "Budget plan: MQLs over 13 weeks" in out
    assert "changes by at most ±25% from current spend" in out


def test_weeks_rescale_the_curves(curves: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, quarter, _ = run(["--curves", str(curves), "--budget", "2M", "--json"], capsys)
    _, half, _ = run(["--curves", str(curves), "--budget", "4M", "--weeks", "26", "--json"], capsys)
    quarter_plan, half_plan = json.loads(quarter), json.loads(half)
    # twice the weeks at the same weekly spend: the same mix and twice the outcome
    assert half_plan["expected"] == pytest.approx(2 * quarter_plan["expected"], rel=1e-6)
    for name, amount in quarter_plan["allocation"].items():
        assert half_plan["allocation"][name] == pytest.approx(2 * amount, rel=1e-5, abs=1.0)


def test_profit_objective_may_leave_money_unspent(
    curves: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["--curves", str(curves), "--budget", "5M", "--objective", "profit",
         "--value-per-outcome", "150", "--json"],
        capsys,
    )  # fmt: skip
    assert code == 0
    assert sum(json.loads(out)["allocation"].values()) < 5_000_000
    code, _, err = run(["--curves", str(curves), "--budget", "5M", "--objective", "profit"], capsys)
    assert code == 2
    assert "--value-per-outcome" in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--min", "Events=1.5M", "--min", "Email=600K"],
         "these constraints cannot all hold: total budget exactly $2,000,000; "
         "Events at least $1,500,000; Email at least $600,000"),
        (["--min", "Evnts=150K"],
         "--min names an unknown channel 'Evnts'; known channels: Paid search, Paid social, "
         "Content, Events, Email, Traditional"),
        (["--max", "Events"], "write CHANNEL=AMOUNT"),
        (["--min", "Events=lots"], "cannot read the amount 'lots'"),
        (["--max-change", "-5"], "--max-change must be a percentage >= 0"),
        (["--max-cut", "150"], "--max-cut must be a percentage between 0 and 100"),
        (["--max-growth", "-1"], "--max-growth must be a percentage >= 0"),
        (["--max-cut", "50", "--budget", "900K"],
         "The channel minimums add up to $1,000,000, more than $900,000."),
    ],
)  # fmt: skip
def test_bad_input_exits_non_zero_with_one_line(
    curves: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    code, out, err = run(["--curves", str(curves), "--budget", "2M", *extra], capsys)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_bad_curves_file_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    document = json.loads(json.dumps(SEED_CURVES))
    del document["channels"][2]["curve"]["lam"]
    broken.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = run(["--curves", str(broken), "--budget", "2M"], capsys)
    assert code == 2
    assert "channel 'Content', curve: missing 'lam'" in err


def test_model_saved_by_a_history_fit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    history = simulate(default_scenario(n_weeks=104, n_channels=4), seed=1).history
    fit = MarketingMixModel(n_bootstrap=10, n_starts=1).fit(history).result_
    saved = save_fitted_model(fit, tmp_path / "model.json")
    model = fit.to_response_model(13)
    first = model.names[0]
    code, out, err = run(
        ["--model", str(saved), "--budget", "1.5M", "--min", f"{first}=100K", "--json"], capsys
    )
    assert code == 0, err
    plan = json.loads(out)
    assert list(plan["allocation"]) == list(model.names)
    assert sum(plan["allocation"].values()) == pytest.approx(1_500_000, abs=1.0)
    assert plan["allocation"][first] >= 100_000 - 0.01
    # bootstrap draws give a real interval
    assert plan["expected_low"] < plan["expected"] < plan["expected_high"]


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    history = simulate(default_scenario(n_weeks=104, n_channels=4), seed=1).history
    fit = MarketingMixModel(n_bootstrap=10, n_starts=1).fit(history).result_
    return save_fitted_model(fit, tmp_path_factory.mktemp("model") / "model.json")


def _plan(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, out, err = run([*argv, "--json"], capsys)
    assert code == 0, err
    return dict(json.loads(out))


def test_flighting_file_changes_the_plan(
    saved_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--model", str(saved_model), "--budget", "2.5M"]
    even = _plan(base, capsys)
    first = next(iter(even["allocation"]))
    burst = tmp_path / "burst.csv"
    burst.write_text("channel,week,share\n" + f"{first},1,100\n", encoding="utf-8")
    flighted = _plan([*base, "--flighting", str(burst)], capsys)
    assert flighted["allocation"][first] < even["allocation"][first]
    assert flighted["expected"] < even["expected"]
    notes = next(c["notes"] for c in flighted["channels"] if c["name"] == first)
    assert "flighted: peak week 1 takes 100% of its budget; 12 of 13 weeks dark" in notes
    spread = tmp_path / "even.json"
    spread.write_text(json.dumps([1] * 13), encoding="utf-8")
    again = _plan([*base, "--flighting", str(spread)], capsys)
    assert again["allocation"] == even["allocation"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("radio,1,1\n", "the flighting names an unknown channel 'radio'"),
        ("search,14,1\n", "row 2: week 14 is outside the 13-week horizon"),
        ("search,1,0\n", "the flighting pattern for 'search' is all zero"),
        ("search,1,-5\n", "the flighting pattern for 'search': week 1 is negative (-5)"),
    ],
)
def test_bad_flighting_is_a_one_line_error(
    saved_model: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    rows: str,
    message: str,
) -> None:
    path = tmp_path / "flighting.csv"
    path.write_text("channel,week,share\n" + rows, encoding="utf-8")
    code, out, err = run(
        ["--model", str(saved_model), "--budget", "2M", "--flighting", str(path)], capsys
    )
    assert code == 2
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_curves_files_refuse_flighting(
    curves: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "flighting.json"
    path.write_text(json.dumps([1] * 13), encoding="utf-8")
    code, _, err = run(
        ["--curves", str(curves), "--budget", "2M", "--flighting", str(path)], capsys
    )
    assert code == 2
    assert "a weekly flighting pattern cannot change them" in err


def test_missing_saved_model_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["--model", str(tmp_path / "missing.json"), "--budget", "2M"], capsys)
    assert code == 2
    assert err.startswith("budgetmix optimize: no saved model at")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("text", "value", "share"),
    [("400K", 400_000, False), ("1.2M", 1_200_000, False), ("$150,000", 150_000, False),
     ("35%", 0.35, True), ("2.5m", 2_500_000, False), ("$ 90k", 90_000, False)],
)  # fmt: skip
def test_amounts(text: str, value: float, share: bool) -> None:
    amount = parse_amount(text, allow_share=True)
    assert amount.value == pytest.approx(value)
    assert amount.share_of_total is share


def test_budget_cannot_be_a_share() -> None:
    with pytest.raises(CliError, match="percentage is not allowed"):
        parse_amount("35%")


def test_console_entry_point(curves: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "optimize", "--curves", str(curves),
         "--budget", "2M", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["allocation"]["Email"] > 200_000
