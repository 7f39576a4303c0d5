"""The --curves and --flighting files: reading, writing, rescaling and the messages for bad
files."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from model_engine.curves_file import (
    CurvesFileError,
    parse_curves,
    read_curves_file,
    read_flighting_file,
    write_curves_file,
)
from model_engine.response import resolve_flighting
from model_engine.saturation import ExponentialSaturation, HillSaturation, PowerSaturation

DOCUMENT: dict[str, Any] = {
    "period_weeks": 13,
    "outcome_name": "MQLs",
    "channels": [
        {
            "name": "Paid search",
            "current_spend": 400_000,
            "channel_type": "search",
            "curve": {"type": "hill", "scale": 4_800, "half_saturation": 400_000, "shape": 1.2},
            "draws": {
                "type": "hill",
                "scale": [4_500, 4_800, 5_100],
                "half_saturation": [380_000, 400_000, 420_000],
                "shape": [1.1, 1.2, 1.3],
            },
        },
        {
            "name": "Email",
            "current_spend": 200_000,
            "curve": {"type": "exponential", "scale": 3_000, "lam": 150_000},
        },
        {
            "name": "Content",
            "current_spend": 300_000,
            "channel_type": "Content",
            "curve": {"type": "power", "scale": 4.0, "exponent": 0.5},
        },
    ],
    "interactions": [{"channel_a": "Paid search", "channel_b": "Email", "coefficient": 120}],
}


def test_every_curve_type_is_read() -> None:
    model = parse_curves(DOCUMENT).model
    assert model.names == ("Paid search", "Email", "Content")
    assert model.source == "curves_file"
    assert model.outcome_name == "MQLs"
    search, email, content = model.channels
    assert isinstance(search.curve.saturation, HillSaturation)
    assert isinstance(email.curve.saturation, ExponentialSaturation)
    assert isinstance(content.curve.saturation, PowerSaturation)
    assert search.draws is not None
    assert search.draws.n_draws == 3
    assert email.channel_type.value == "other"
    assert content.channel_type.value == "content"
    assert search.evidence == "supplied"
    assert search.curve.outcome(400_000) == pytest.approx(2_400)
    assert model.interactions[0].coefficient == 120


def test_write_then_read_round_trips(tmp_path: Path) -> None:
    model = parse_curves(DOCUMENT).model
    path = tmp_path / "curves.json"
    write_curves_file(model, path)
    again = read_curves_file(path).model
    assert again.names == model.names
    for before, after in zip(model.channels, again.channels, strict=True):
        spend = np.array([0.0, 1e5, 5e5])
        np.testing.assert_allclose(before.curve.outcome(spend), after.curve.outcome(spend))
        assert before.current_spend == after.current_spend
    assert again.interactions == model.interactions


@pytest.mark.parametrize("weeks", [4, 26, 52])
def test_rescaling_to_another_horizon_keeps_the_weekly_rate(weeks: int) -> None:
    file = parse_curves(DOCUMENT)
    rescaled = file.to_response_model(weeks)
    factor = weeks / 13
    assert rescaled.horizon_weeks == weeks
    for before, after in zip(file.model.channels, rescaled.channels, strict=True):
        assert after.current_spend == pytest.approx(before.current_spend * factor)
        spend = np.array([1e4, 2e5, 7e5])
        # the same weekly spend for longer gives proportionally more outcome
        np.testing.assert_allclose(
            after.curve.outcome(spend * factor), factor * before.curve.outcome(spend), rtol=1e-12
        )
        if before.draws is not None:
            assert after.draws is not None
            np.testing.assert_allclose(
                after.outcome_draws(3e5 * factor), factor * before.outcome_draws(3e5), rtol=1e-12
            )
    assert rescaled.interactions[0].coefficient == pytest.approx(120 * factor)


def _broken(path: list[Any], value: Any, delete: bool = False) -> dict[str, Any]:
    document = copy.deepcopy(DOCUMENT)
    target: Any = document
    for key in path[:-1]:
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "must hold a JSON object"),
        (_broken(["period_weeks"], 0), "'period_weeks' must be a whole number of weeks above 0"),
        (_broken(["channels"], []), "'channels' must be a non-empty list"),
        (
            _broken(["channels", 1, "curve", "lam"], None, delete=True),
            "channel 'Email', curve: missing 'lam'",
        ),
        (
            _broken(["channels", 0, "curve", "type"], "logistic"),
            "'type' must be one of exponential, hill, power",
        ),
        (
            _broken(["channels", 0, "curve", "shape"], -1),
            "channel 'Paid search', curve: 'shape' must be a number above 0",
        ),
        (
            _broken(["channels", 2, "curve", "exponent"], 1.5),
            "'exponent' must be a number above 0 and at most 1",
        ),
        (
            _broken(["channels", 1, "curve", "scale"], "lots"),
            "'scale' must be a positive outcome, got 'lots'",
        ),
        (
            _broken(["channels", 1, "current_spend"], -5),
            "channel 'Email': 'current_spend' must be >= 0",
        ),
        (
            _broken(["channels", 1, "current_spend"], None, delete=True),
            "channel 'Email': missing 'current_spend'",
        ),
        (_broken(["channels", 1, "channel_type"], "radio"), "'channel_type' must be one of search"),
        (
            _broken(["channels", 1, "curve", "half_saturation"], 3),
            "unknown field(s) half_saturation",
        ),
        (_broken(["channels", 2, "name"], "email"), "repeated: Email, email"),
        (
            _broken(["channels", 0, "draws", "shape"], [1.0]),
            "every draws list must have the same length",
        ),
        (_broken(["channels", 0, "draws", "type"], "power"), "'draws' must have the same type"),
        (_broken(["interactions", 0, "channel_b"], "Radio"), "unknown channel 'Radio'"),
    ],
)
def test_bad_files_say_where_and_what(document: Any, message: str) -> None:
    with pytest.raises(CurvesFileError) as raised:
        parse_curves(document)
    assert message in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(CurvesFileError, match="no curves file at"):
        read_curves_file(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"period_weeks": 13,\n "channels": [}', encoding="utf-8")
    with pytest.raises(CurvesFileError, match="not valid JSON \\(line 2"):
        read_curves_file(bad)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    assert read_curves_file(good).period_weeks == 13


def test_period_curves_refuse_a_flighting_pattern(tmp_path: Path) -> None:
    curves = parse_curves(DOCUMENT)
    with pytest.raises(CurvesFileError, match="one response per period"):
        curves.to_response_model(13, flighting=[1.0] * 13)
    first = curves.model.channels[0]
    flighted = curves.model.with_channel(replace(first, curve=first.curve.flighted(np.ones(13))))
    with pytest.raises(CurvesFileError, match="write the model before applying a flighting"):
        write_curves_file(flighted, tmp_path / "flighted.json")


def test_flighting_csv_rows_become_weekly_weights(tmp_path: Path) -> None:
    path = tmp_path / "flighting.csv"
    path.write_text(
        "Channel,Week,Share\nPaid search,1,25%\nPaid search,2,25\n\n*,1,1\n*,3,1\n",
        encoding="utf-8",
    )
    flighting = read_flighting_file(path, 4)
    assert flighting == {"Paid search": [25.0, 25.0, 0.0, 0.0], "*": [1.0, 0.0, 1.0, 0.0]}
    patterns = resolve_flighting(flighting, ("Paid search", "Email"), 4)
    assert patterns["Paid search"].shares == (0.5, 0.5, 0.0, 0.0)
    assert patterns["Email"].shares == (0.5, 0.0, 0.5, 0.0)


def test_flighting_json_is_a_list_or_a_mapping(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text("[3, 1, 0, 0]", encoding="utf-8")
    assert read_flighting_file(one, 4) == [3, 1, 0, 0]
    each = tmp_path / "each.json"
    each.write_text(json.dumps({"Email": [1, 1, 1, 1]}), encoding="utf-8")
    assert read_flighting_file(each, 4) == {"Email": [1, 1, 1, 1]}


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("f.csv", "channel,week\nEmail,1\n", "missing column(s) share"),
        ("f.csv", "channel,week,share\nEmail,14,1\n", "row 2: week 14 is outside the 13-week"),
        ("f.csv", "channel,week,share\nEmail,one,1\n", "row 2: week must be a whole number"),
        ("f.csv", "channel,week,share\nEmail,1,lots\n", "row 2: 'share' must be a number"),
        ("f.csv", "channel,week,share\nEmail,1,1\nemail,1,2\n", "'email' week 1 is given twice"),
        ("f.csv", "channel,week,share\n,1,1\n", "row 2: the channel is empty"),
        ("f.csv", "channel,week,share\n", "no rows"),
        ("f.json", '{"Email": 3}', "'Email' must map to a list of weekly weights"),
        ("f.json", "{", "is not valid JSON"),
        ("f.txt", "", "must be .csv or .json"),
    ],
)
def test_bad_flighting_files_say_where_and_what(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CurvesFileError) as raised:
        read_flighting_file(path, 13)
    assert message in str(raised.value)
