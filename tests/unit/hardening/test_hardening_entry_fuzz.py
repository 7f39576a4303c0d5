"""Fuzz over the other entry points: session files, settings and command-line flags.

Every case is generated from a seeded draw, and held to the harness's properties:

1. **no traceback**: the only exception is the entry point's refusal (``ValueError`` for a
   session file, :class:`ConfigError` for settings, a one-line ``budgetmix`` error and exit
   code 2 for the command line), and the refusal says what to do;
2. **no hang**: each case finishes within :data:`HANG_BOUND_SECONDS`;
3. **no silent drop**: an accepted session file keeps every number it was given, at its place,
   with its value; accepted settings hold the value given; an accepted command line plans the
   budget it gave.

The default run is a quick profile; ``-m slow`` runs 5,000 session files, 4,000 settings and
1,200 command lines (10,200 cases, beside the 10,000-case file fuzz and the optimizer's).
"""

from __future__ import annotations

import copy
import json
import math
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fuzz_harness import HANG_BOUND_SECONDS

from assistant.cli import main
from assistant.config import ConfigError, Settings
from assistant.conversation import Conversation
from assistant.session import Session
from prompts import seed_prompt

HOSTILE_JSON = (
    "Infinity",
    "-Infinity",
    "NaN",
    "1e400",
    "-1e400",
    '"lots"',
    '""',
    "null",
    "true",
    "[]",
    "{}",
    "[1]",
    '{"kind": "banana"}',
    "-1",
    "0",
    "1e308",
    "123456789012345678901234567890",
    '"1e309"',
    '"inf"',
    '"-Infinity"',
    '"\\u0000"',
    "\"=cmd|' /C calc'!A0\"",
    '"![x](http://host/leak)"',
)

Path_ = tuple[str | int, ...]


@pytest.fixture(scope="module")
def session_document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("fuzz-session")
    conversation = Conversation(Settings(data_dir=folder, force_offline=True))
    conversation.respond(seed_prompt())
    conversation.respond("What if the budget goes up 20%?")
    conversation.respond("Keep email at least $150K")
    document: dict[str, Any] = json.loads(conversation.session.to_json())
    return document


def _leaves(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list | tuple):
        for index, value in enumerate(node):
            yield from _leaves(value, (*path, index))
    else:
        yield path, node


def _set(document: Any, path: Path_, value: Any) -> None:
    for part in path[:-1]:
        document = document[part]
    document[path[-1]] = value


def _get(document: Any, path: Path_) -> Any:
    for part in path:
        document = document[part]
    return document


_MARKER = "__fuzz_marker__"


def session_cases(document: dict[str, Any], count: int, seed: int) -> Iterator[tuple[str, dict]]:
    """Session files: a real session with one to three leaves replaced by a hostile JSON
    value or a finite number, or the whole text cut short; ``placed`` maps each leaf replaced
    by a number to the number it must keep."""
    rng = random.Random(seed)
    leaves = [path for path, _ in _leaves(document)]
    numeric = [p for p, v in _leaves(document) if isinstance(v, int | float)]
    for _ in range(count):
        mutated = copy.deepcopy(document)
        placed: dict[Path_, float] = {}
        raw: dict[str, str] = {}
        for _ in range(rng.randint(1, 3)):
            # Half the time a number's own place: where a hostile value does most harm.
            path = rng.choice(numeric if numeric and rng.random() < 0.5 else leaves)
            if rng.random() < 0.4:
                number = rng.choice([rng.uniform(-1e7, 1e7), rng.randint(0, 10**6), 0.5])
                _set(mutated, path, number)
                placed[path] = float(number)
            else:
                marker = f"{_MARKER}{len(raw)}"
                raw[json.dumps(marker)] = rng.choice(HOSTILE_JSON)
                _set(mutated, path, marker)
                placed = {p: v for p, v in placed.items() if p[: len(path)] != path}
        text = json.dumps(mutated)
        for marker, value in raw.items():
            text = text.replace(marker, value)
        if rng.random() < 0.05:
            text = text[: rng.randrange(len(text))]
        yield text, {"placed": placed, "hostile": bool(raw)}


def check_session_case(text: str, meaning: dict[str, Any]) -> None:
    start = time.perf_counter()
    refusal = None
    try:
        session = Session.from_json(text)
    except ValueError as refused:
        refusal = str(refused)
    assert time.perf_counter() - start < HANG_BOUND_SECONDS
    if refusal is not None:
        assert "start a new session" in refusal
        return
    dumped = json.loads(session.to_json())
    for path, number in meaning["placed"].items():
        try:
            kept = _get(dumped, path)
        except (KeyError, IndexError, TypeError):
            pytest.fail(f"{path} silently dropped")
        if isinstance(kept, bool) or not isinstance(kept, int | float):
            continue  # a number where text belongs, read as that text ("5" -> "5")
        assert math.isclose(float(kept), number, rel_tol=1e-12, abs_tol=1e-12), path
    # In memory, not in JSON (which writes infinity as null): nothing the engine would meet.
    for path, value in _leaves(session.model_dump()):
        if isinstance(value, float):
            assert math.isfinite(value), path


SETTING_VALUES = (
    "",
    " ",
    "0",
    "1",
    "-1",
    "nan",
    "inf",
    "-inf",
    "1e309",
    "30s",
    "maybe",
    "yes",
    "OFF",
    "/dev/null",
    "/etc/hostname",
    "~/somewhere",
    "http://127.0.0.1:1/v1",
    "ftp://host",
    "postgresql://u:p@h:5432/db",
    "sqlite",
    "password",
    "LOCAL",
    "\x00",
    "é" * 3,
    "12.5",
    "0.0001",
)
SETTING_NAMES = (
    "BUDGETMIX_DATA_DIR",
    "BUDGETMIX_OFFLINE",
    "BUDGETMIX_LLM_TIMEOUT",
    "BUDGETMIX_MODEL",
    "OPENAI_BASE_URL",
    "BUDGETMIX_AUTH",
    "BUDGETMIX_DATABASE_URL",
    "OPENAI_API_KEY",
)


def settings_cases(count: int, seed: int) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    for _ in range(count):
        names = rng.sample(SETTING_NAMES, rng.randint(1, 4))
        yield {name: rng.choice(SETTING_VALUES) for name in names}


def check_settings_case(environ: dict[str, str], tmp_path: Path) -> None:
    environ = {k: v.replace("~/somewhere", str(tmp_path / "somewhere")) for k, v in environ.items()}
    message = None
    try:
        settings = Settings.from_env(environ)
    except ConfigError as refused:
        message = str(refused)
    if message is not None:
        assert "is not valid" in message
        assert "give " in message
        assert any(name in message for name in environ)
        return
    timeout = environ.get("BUDGETMIX_LLM_TIMEOUT", "").strip()
    if timeout:
        assert settings.llm_timeout_s == float(timeout)
    assert math.isfinite(settings.llm_timeout_s)
    assert settings.llm_timeout_s > 0
    if environ.get("BUDGETMIX_DATA_DIR", "").strip():
        assert not settings.data_dir.exists() or settings.data_dir.is_dir()


CURVES = (
    '{"period_weeks": 13, "channels": ['
    '{"name": "Search", "current_spend": 400000, "curve": {"type": "hill", "scale": 4800, '
    '"half_saturation": 400000, "shape": 1.0}}, '
    '{"name": "Social", "current_spend": 300000, "curve": {"type": "hill", "scale": 3000, '
    '"half_saturation": 300000, "shape": 1.5}}]}'
)
FLAG_VALUES = ("nan", "inf", "-1", "0", "1e309", "1M", "$700K", "abc", "", "12%", "0.5", "-0")
FLAGS = ("--budget", "--max-change", "--value-per-outcome", "--horizon-weeks", "--objective")
BUDGETS_AS_PLANNED = {"1M": "$1,000,000", "$700K": "$700,000"}


def cli_cases(count: int, seed: int) -> Iterator[list[str]]:
    rng = random.Random(seed)
    for _ in range(count):
        arguments = ["--budget", rng.choice([*FLAG_VALUES, "1M", "1M"])]
        for flag in rng.sample(FLAGS[1:], rng.randint(0, 3)):
            value = rng.choice(["profit", "outcome", "x"]) if flag == "--objective" else None
            arguments += [flag, value or rng.choice(FLAG_VALUES)]
        yield arguments


def check_cli_case(flags: list[str], curves: Path, capsys: pytest.CaptureFixture[str]) -> None:
    start = time.perf_counter()
    try:
        code = main(["optimize", "--curves", str(curves), *flags])
    except SystemExit as exited:  # argparse's own usage error: one line on stderr
        code = int(exited.code or 0)
    assert time.perf_counter() - start < HANG_BOUND_SECONDS
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    if code != 0:
        assert code == 2
        assert out.err.strip(), flags
        return
    assert out.out.strip()
    budget = BUDGETS_AS_PLANNED.get(flags[flags.index("--budget") + 1])
    if budget is not None:  # the budget given is the one planned (a profit plan may spend less)
        assert f"of {budget}" in out.out.splitlines()[0], flags


@pytest.fixture
def curves(tmp_path: Path) -> Path:
    path = tmp_path / "curves.json"
    path.write_text(CURVES)
    return path


def test_session_files_load_as_written_or_are_refused(session_document: dict[str, Any]) -> None:
    for text, meaning in session_cases(session_document, 150, seed=18):
        check_session_case(text, meaning)


def test_settings_are_used_as_given_or_refused(tmp_path: Path) -> None:
    for environ in settings_cases(200, seed=18):
        check_settings_case(environ, tmp_path)


def test_optimize_flags_plan_or_are_refused_in_one_line(
    curves: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for flags in cli_cases(20, seed=18):
        check_cli_case(flags, curves, capsys)


@pytest.mark.slow
def test_session_files_load_as_written_or_are_refused_large(
    session_document: dict[str, Any],
) -> None:
    for text, meaning in session_cases(session_document, 5_000, seed=1818):
        check_session_case(text, meaning)


@pytest.mark.slow
def test_settings_are_used_as_given_or_refused_large(tmp_path: Path) -> None:
    for environ in settings_cases(4_000, seed=1818):
        check_settings_case(environ, tmp_path)


@pytest.mark.slow
def test_optimize_flags_plan_or_are_refused_in_one_line_large(
    curves: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for flags in cli_cases(1_200, seed=1818):
        check_cli_case(flags, curves, capsys)
