"""No loose ``dict[str, Any]`` crosses a layer: results travel as typed objects.

The scan reads every module of ``assistant/``, ``tools/`` and ``model_engine/`` and finds each
function signature (a parameter or the return), each class-level field (a dataclass's or a
pydantic model's) and each module-level type alias whose annotation is ``dict[str, Any]``,
``Dict[str, Any]`` or ``Mapping[str, Any]`` (any spelling, nested in a union or an optional
too). Local variables inside a function are not crossings and are not read. Every place found
must be in :data:`SERIALISATION_BOUNDARIES`, each with the reason it is one; a new crossing, or
an entry that no longer matches anything, fails.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("assistant", "tools", "model_engine")
LOOSE = re.compile(
    r"\b(?:typing\.|collections\.abc\.)?(?:dict|Dict|Mapping)\[\s*str\s*,\s*(?:typing\.)?Any\s*\]"
)

# path -> qualified name -> why it is a serialisation boundary (JSON in or out, or a signature
# a framework dictates), not a crossing between our layers.
SERIALISATION_BOUNDARIES: dict[str, dict[str, str]] = {
    "assistant/agent.py": {
        "ToolArgumentGuard.after_model": (
            "LangChain AgentMiddleware hook signature (a state update)"
        ),
    },
    "assistant/app.py": {
        "update_settings": "Chainlit on_settings_update callback: the widgets' JSON values",
    },
    "assistant/storage/chat_history.py": {
        "BudgetmixDataLayer.execute_sql": (
            "override of Chainlit's SQLAlchemyDataLayer.execute_sql (SQL parameters and rows)"
        ),
    },
    "assistant/storage/element_files.py": {
        "DatabaseElementStorage.upload_file": (
            "Chainlit BaseStorageClient.upload_file signature (its JSON reply)"
        ),
    },
    "assistant/turn.py": {
        "TurnResult.to_json": (
            "the ask --json document dumped to JSON-ready values (TurnDocument is the typed form)"
        ),
    },
    "assistant/ui/bounds.py": {
        "Scope": "ASGI scope, as the ASGI server hands it over",
        "Message": "ASGI message, as the ASGI server hands it over",
    },
    "assistant/ui/preferences.py": {
        "panel_values": "the Chainlit settings widgets' initial JSON values",
        "preferences_from_panel": (
            "the Chainlit settings widgets' JSON values, read into Preferences"
        ),
    },
    "assistant/ui/rendering.py": {
        "answer_card_edit": (
            "the What I read card's JSON action payload from the browser, read into CardEdit"
        ),
    },
    "model_engine/adstock.py": {
        "Adstock.to_dict": "JSON persistence of a fitted adstock",
        "Adstock.from_dict": "JSON persistence of a fitted adstock",
    },
    "model_engine/curves_file.py": {
        "_curve_dict": "the curves file's JSON (docs/curves-format.md)",
        "curves_document": "the curves file's JSON (docs/curves-format.md)",
    },
    "model_engine/mmm/design.py": {
        "BaselineDesign.to_dict": "JSON persistence of a history fit's design",
        "BaselineDesign.from_dict": "JSON persistence of a history fit's design",
    },
    "model_engine/mmm/persistence.py": {
        "history_fit_to_dict": "JSON persistence of a history fit (model files, stored versions)",
        "_history_fit": "JSON persistence of a history fit (model files, stored versions)",
        "_channel_to_dict": "JSON persistence of a history fit's channel",
        "_channel_from_dict": "JSON persistence of a history fit's channel",
        "_interval": "JSON persistence of an interval",
        "_tuple_fields": "JSON persistence: a frozen dataclass from its JSON object",
    },
    "model_engine/panel/persistence.py": {
        "panel_fit_to_dict": "JSON persistence of a panel fit",
    },
    "model_engine/response.py": {
        "ResponseCurve.to_dict": "JSON persistence of a response curve",
        "ResponseCurve.from_dict": "JSON persistence of a response curve",
    },
    "model_engine/saturation.py": {
        "Saturation.to_dict": "JSON persistence of a saturation function",
        "Saturation.from_dict": "JSON persistence of a saturation function",
        "FlightedSaturation.to_dict": "JSON persistence of a flighted saturation function",
        "_param_from_json": "JSON persistence of a saturation parameter",
    },
}
ALLOWED = {f"{path}::{name}" for path, names in SERIALISATION_BOUNDARIES.items() for name in names}


def _loose(annotation: ast.expr | None) -> bool:
    return annotation is not None and LOOSE.search(ast.unparse(annotation)) is not None


def _signature_annotations(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
) -> Iterator[ast.expr | None]:
    arguments = function.args
    for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
        yield argument.annotation
    for variadic in (arguments.vararg, arguments.kwarg):
        if variadic is not None:
            yield variadic.annotation
    yield function.returns


def _crossings_in(body: list[ast.stmt], prefix: str, in_class: bool) -> Iterator[str]:
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if any(_loose(a) for a in _signature_annotations(node)):
                yield prefix + node.name
        elif isinstance(node, ast.ClassDef):
            yield from _crossings_in(node.body, f"{prefix}{node.name}.", in_class=True)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            # A class-level field, or a module-level alias declared with a type.
            if _loose(node.annotation) or (not in_class and _loose(node.value)):
                yield prefix + node.target.id
        elif isinstance(node, ast.Assign) and not in_class and _loose(node.value):
            for target in node.targets:  # a module-level alias: `Scope = dict[str, Any]`
                if isinstance(target, ast.Name):
                    yield prefix + target.id


def find_crossings(root: Path = ROOT) -> set[str]:
    found = set()
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
            found.update(f"{relative}::{name}" for name in _crossings_in(tree.body, "", False))
    return found


def test_no_loose_dict_crosses_a_layer_outside_serialisation() -> None:
    new = sorted(find_crossings() - ALLOWED)
    assert not new, (
        "dict[str, Any] in a signature or a field: pass a typed model (a pydantic view, a "
        "tool's args_schema, a frozen dataclass) instead, or, at a real serialisation "
        "boundary, add it to SERIALISATION_BOUNDARIES with its reason: " + ", ".join(new)
    )


def test_every_allowed_boundary_still_exists_and_says_why() -> None:
    stale = sorted(ALLOWED - find_crossings())
    assert not stale, "remove these entries, they match nothing any more: " + ", ".join(stale)
    assert all(r.strip() for names in SERIALISATION_BOUNDARIES.values() for r in names.values())


def test_the_scan_finds_each_kind_of_crossing(tmp_path: Path) -> None:
    """The scan is not blind: a signature, a dataclass field, a pydantic field and an alias,
    in each spelling, are all found; a local variable is not."""
    module = tmp_path / "tools" / "loose.py"
    module.parent.mkdir()
    module.write_text(
        "from __future__ import annotations\n"
        "from dataclasses import dataclass\n"
        "from typing import Any, Dict, Mapping\n"
        "from pydantic import BaseModel\n"
        "Alias = dict[str, Any]\n"
        "def takes(value: Mapping[str, Any]) -> None: ...\n"
        "def gives() -> Dict[str, Any] | None: ...\n"
        "def local() -> int:\n"
        "    inside: dict[str, Any] = {}\n"
        "    return len(inside)\n"
        "@dataclass\n"
        "class Record:\n"
        "    arguments: dict[str, Any]\n"
        "class View(BaseModel):\n"
        "    plan: 'dict[str, Any]'\n"
        "    fine: dict[str, float]\n"
        "    async def method(self, *rest: dict[str, Any]) -> None: ...\n"
    )
    for package in ("assistant", "model_engine"):
        (tmp_path / package).mkdir()
    assert find_crossings(tmp_path) == {
        "tools/loose.py::Alias",
        "tools/loose.py::takes",
        "tools/loose.py::gives",
        "tools/loose.py::Record.arguments",
        "tools/loose.py::View.plan",
        "tools/loose.py::View.method",
    }
