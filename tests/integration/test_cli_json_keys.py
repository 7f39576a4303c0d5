"""Every ``--json`` document of the CLI keeps its field names: each command runs on the demo data
and the tree of its keys (dicts by key, lists as the union of their items) is compared with the
committed copy in ``golden/cli_json/``. A renamed, dropped or added field fails here; after a
deliberate change regenerate with ``BUDGETMIX_UPDATE_GOLDEN=1 pytest tests/integration/
test_cli_json_keys.py`` and say why in the commit. Each typed document also validates against
its committed JSON schema (docs/schema/), so the schema describes what is printed."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from jsonschema import Draft202012Validator

from assistant.cli import main
from model_engine.panel.simulation import PanelScenario, simulate_panel
from model_engine.simulation import default_scenario, simulate

ROOT = Path(__file__).resolve().parents[2]
ROBYN = ROOT / "data" / "robyn_dt_simulated_weekly.csv"
GOLDEN = Path(__file__).resolve().parent / "golden" / "cli_json"
SCHEMAS = ROOT / "docs" / "schema"
FAST = ("--bootstrap", "10")
JOURNEYS = (
    "path,conversions,nulls\n"
    "Facebook > Paid Search,300,2000\n"
    "Facebook,100,3000\n"
    "Paid Search,400,1500\n"
    "Email > Paid Search,200,500\n"
    "Facebook > Email > Paid Search,80,400\n"
)
# Journeys with a value column, named like the mix model's channels (reconciled with --model).
VALUED_JOURNEYS = (
    "path,conversions,value\n"
    "facebook > search,300,9000\n"
    "facebook,100,2500\n"
    "search,400,12000\n"
    "tv > search,200,7000\n"
    "ooh > facebook > search,80,3000\n"
)
LIFT_TESTS = (
    "channel,start,end,spend_change,outcome_change,outcome_change_se,measured_until\n"
    "facebook_S,2018-03-05,2018-04-09,60000,90000,20000,2018-04-30\n"
)


def key_tree(value: Any) -> Any:
    """The keys of ``value``: a dict keeps its keys, a list the union of its items' trees,
    anything else is ``None``."""
    if isinstance(value, dict):
        return {key: key_tree(item) for key, item in sorted(value.items())}
    if isinstance(value, list):
        merged: Any = None
        for item in value:
            merged = _union(merged, key_tree(item))
        return [] if merged is None else [merged]
    return None


def _union(a: Any, b: Any) -> Any:
    if isinstance(a, dict) and isinstance(b, dict):
        return {k: _union(a.get(k), b.get(k)) for k in sorted(set(a) | set(b))}
    if isinstance(a, list) and isinstance(b, list):
        return [_union(a[0] if a else None, b[0] if b else None)] if a or b else []
    return a if b is None else b


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli_json")
    frame = pd.read_csv(ROBYN)
    channels = ["tv_S", "ooh_S", "print_S", "search_S", "facebook_S"]
    frame.iloc[:-6].to_csv(folder / "history.csv", index=False)
    frame.iloc[-6:][["DATE", *channels]].to_csv(folder / "planned.csv", index=False)
    (folder / "journeys.csv").write_text(JOURNEYS)
    (folder / "valued_journeys.csv").write_text(VALUED_JOURNEYS)
    (folder / "lift.csv").write_text(LIFT_TESTS)
    panel = folder / "panel.csv"
    simulate_panel(PanelScenario(n_weeks=104, n_geos=3, n_channels=3), seed=2).write_csv(str(panel))
    batch = folder / "batch"
    batch.mkdir()
    for seed, name in enumerate(("brand_0", "brand_1")):
        history = simulate(default_scenario(n_weeks=104, n_channels=3), seed=seed).history
        history.frame.rename_axis("week").to_csv(batch / f"{name}.csv")
    (batch / "broken.csv").write_text("week,sales,tv\n2024-01-01,abc,\nnot a date,1,2\n")
    spec = folder / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "date": "week",
                "files": ["batch/brand_0.csv", "batch/brand_1.csv", "batch/broken.csv"],
            }
        )
    )
    return {
        "folder": folder,
        "history": folder / "history.csv",
        "planned": folder / "planned.csv",
        "journeys": folder / "journeys.csv",
        "valued_journeys": folder / "valued_journeys.csv",
        "lift": folder / "lift.csv",
        "panel": panel,
        "spec": spec,
        "model": folder / "model.json",
        "panel_model": folder / "panel_model.json",
    }


@pytest.fixture(scope="module")
def documents(files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Each command's ``--json`` document, run in order (the fits save what optimize reads)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("BUDGETMIX_DATA_DIR", str(tmp_path_factory.mktemp("store")))
    patch.delenv("BUDGETMIX_DATABASE_URL", raising=False)
    history, model, panel_model = (
        str(files["history"]),
        str(files["model"]),
        str(files["panel_model"]),
    )
    commands: dict[str, list[str]] = {
        "fit": ["fit", history, "--save", model, "--save-as", "demo", *FAST],
        "fit_experiments": ["fit", history, "--experiments", str(files["lift"]), *FAST],
        "fit_geo": ["fit", str(files["panel"]), "--geo", "geo", "--save", panel_model, *FAST],
        "optimize": ["optimize", "--model", model, "--budget", "600K", "--max-change", "30"],
        "optimize_profit": [
            "optimize",
            "--model",
            model,
            "--budget",
            "2M",
            "--objective",
            "profit",
            "--value-per-outcome",
            "1",
            "--min",
            "tv_S=100K",
            "--max",
            "search_S=20%",
        ],
        "optimize_calendar": [
            "optimize",
            "--model",
            model,
            "--budget",
            "1M",
            "--weeks",
            "6",
            "--calendar",
            "--max-weekly-change",
            "40",
            "--data",
            history,
        ],
        "optimize_calendar_parts": [
            "optimize",
            "--model",
            model,
            "--budget",
            "500K",
            "--calendar",
            "--period",
            "Q1-Q2 2020 per quarter",
            "--dark",
            "tv_S@2020-01-06",
            "--event",
            "facebook_S=20K@2020-02-03",
            "--min-weekly",
            "search_S=1K",
        ],
        "optimize_by_geo": ["optimize", "--model", panel_model, "--budget", "1M", "--by-geo"],
        "optimize_by_geo_rules": [
            "optimize",
            "--model",
            panel_model,
            "--budget",
            "1.2M",
            "--by-geo",
            "--geo-min",
            "*=100K",
            "--max-change",
            "60",
        ],
        "forecast": ["forecast", history, "--spend", str(files["planned"])],
        "attribute": ["attribute", str(files["journeys"]), "--budget", "1M"],
        "attribute_model": [
            "attribute",
            str(files["valued_journeys"]),
            "--budget",
            "1M",
            "--model",
            model,
        ],
        "batch_fit": [
            "batch",
            "fit",
            str(files["spec"]),
            "--engine",
            "sequential",
            "--bootstrap",
            "0",
        ],
        # The same spec again: the stored models are skipped, the broken file fails again.
        "batch_fit_again": [
            "batch",
            "fit",
            str(files["spec"]),
            "--engine",
            "sequential",
            "--bootstrap",
            "0",
        ],
        "models_show": ["models", "show", "demo"],
        "models_list": ["models", "list"],
    }
    found: dict[str, Any] = {}
    capture = _Capture()
    try:
        for name, argv in commands.items():
            found[name] = capture.json_of([*argv, "--json"])
    finally:
        patch.undo()
    return found


class _Capture:
    def json_of(self, argv: list[str]) -> Any:
        import contextlib
        import io

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        assert code == 0, f"{argv}: {err.getvalue()}"
        return json.loads(out.getvalue())


COMMANDS = (
    "fit",
    "fit_experiments",
    "fit_geo",
    "optimize",
    "optimize_profit",
    "optimize_calendar",
    "optimize_calendar_parts",
    "optimize_by_geo",
    "optimize_by_geo_rules",
    "forecast",
    "attribute",
    "attribute_model",
    "batch_fit",
    "batch_fit_again",
    "models_show",
    "models_list",
)


@pytest.mark.parametrize("command", COMMANDS)
def test_the_json_keys_are_the_committed_ones(command: str, documents: dict[str, Any]) -> None:
    tree = key_tree(documents[command])
    golden = GOLDEN / f"{command}.json"
    if os.environ.get("BUDGETMIX_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(tree, indent=1, sort_keys=True) + "\n")
    assert tree == json.loads(golden.read_text()), (
        f"`budgetmix {command.replace('_', ' ')} --json` changed its keys"
    )


def test_a_renamed_key_is_caught() -> None:
    assert key_tree({"weeks": [{"week": 1, "low": 2}, {"week": 1, "high": 3}]}) == {
        "weeks": [{"high": None, "low": None, "week": None}]
    }
    assert key_tree({"a": {"b": 1}}) != key_tree({"a": {"c": 1}})


# The committed schema each command's document follows (models show/list print stored records).
SCHEMA_OF = {
    "fit": "fit",
    "fit_experiments": "fit",
    "fit_geo": "fit-geo",
    "optimize": "optimize",
    "optimize_profit": "optimize",
    "optimize_calendar": "optimize-calendar",
    "optimize_calendar_parts": "optimize-calendar",
    "optimize_by_geo": "optimize-by-geo",
    "optimize_by_geo_rules": "optimize-by-geo",
    "forecast": "forecast",
    "attribute": "attribute",
    "attribute_model": "attribute",
    "batch_fit": "batch",
    "batch_fit_again": "batch",
}


@pytest.mark.parametrize("command", sorted(SCHEMA_OF))
def test_the_json_follows_its_committed_schema(command: str, documents: dict[str, Any]) -> None:
    schema = json.loads((SCHEMAS / f"{SCHEMA_OF[command]}.json").read_text())
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in Draft202012Validator(schema).iter_errors(documents[command])
    ]
    assert not errors, f"`budgetmix {command.replace('_', ' ')} --json`:\n" + "\n".join(errors[:5])


def test_a_document_off_its_schema_is_caught() -> None:
    schema = json.loads((SCHEMAS / "batch.json").read_text())
    line = {"name": "a", "file": "a.csv", "status": "failed", "error": "bad"}
    document = {"fitted": 0, "failed": 1, "skipped": 0, "seconds": 0.1, "engine": "x"}
    assert Draft202012Validator(schema).is_valid({**document, "models": [line]})
    assert not Draft202012Validator(schema).is_valid({**document, "models": [{**line, "e": 1}]})
    assert not Draft202012Validator(schema).is_valid({**document, "fitted": "0", "models": []})


def _unit(schema: dict[str, Any], definition: str | None, field: str) -> str | None:
    """The ``x-unit`` of ``field`` (of ``$defs[definition]``, or the top level)."""
    node = schema if definition is None else schema["$defs"][definition]
    prop = node["properties"][field]
    for candidate in [prop, *prop.get("anyOf", []), prop.get("additionalProperties", {})]:
        if isinstance(candidate, dict) and "x-unit" in candidate:
            return str(candidate["x-unit"])
    return None


@pytest.mark.parametrize(
    ("document", "definition", "field", "unit"),
    [
        ("optimize", None, "allocation", "money"),
        ("optimize", None, "expected", "outcome"),
        ("optimize", "PlanChannelLine", "marginal_return", "ratio"),
        ("optimize-calendar", None, "relative_gap", "fraction"),
        ("optimize-calendar", "CalendarWeekLine", "spend", "money"),
        ("optimize-calendar", "WeekMarginalReturns", None, "ratio"),
        ("optimize-by-geo", "GeoAllocationLine", "recommended", "money"),
        ("forecast", "ForecastModelLine", "holdout_mape", "percent"),
        ("forecast", None, "interval_level", "fraction"),
        ("attribute", None, "models", None),
        ("attribute", "LastTouchLine", "moved_share", "fraction"),
        ("attribute", "JourneysLine", "conversions", "count"),
        ("batch", "FittedModelLine", "holdout_mape", "percent"),
    ],
)
def test_the_schemas_state_each_numbers_unit(
    document: str, definition: str | None, field: str | None, unit: str | None
) -> None:
    """A percent (9.0 is 9.0%) typed as a fraction, or money as an outcome, fails here."""
    schema = json.loads((SCHEMAS / f"{document}.json").read_text())
    if field is None:  # a row whose channel columns are the extra fields
        assert schema["$defs"][str(definition)]["additionalProperties"]["x-unit"] == unit
    elif unit is None:  # {model: {channel: share}}: the unit is one level down
        inner = schema["properties"][field]["additionalProperties"]["additionalProperties"]
        assert inner["x-unit"] == "fraction"
    else:
        assert _unit(schema, definition, field) == unit
