"""Print the JSON schema of a command's --json output, generated from its typed models.

`budgetmix schema fit|optimize|forecast|attribute|batch|ask|session|track|index`, with `fit
--geo`, `optimize --calendar` and `optimize --by-geo` for those variants' documents, and `schema
plans adopt|list|show`, `schema models list|show|review` and `schema users list` for each
action's. Every number field says its unit ("x-unit": money, fraction, percent, outcome, count,
ratio, weeks). docs/schema/ holds the committed copies, one file per document (`budgetmix
schema optimize --calendar > docs/schema/optimize-calendar.json`, `budgetmix schema plans show
> docs/schema/plans-show.json`).
"""

from __future__ import annotations

import argparse
import importlib
import json

from pydantic import BaseModel

from assistant.cli.errors import CliError

# Each document's name, as its file in docs/schema/ is named, and the model it is generated
# from (imported per document, so that one schema does not load every layer).
MODELS: dict[str, tuple[str, str]] = {
    "fit": ("tools.views.documents.fit", "FitDocument"),
    "fit-geo": ("tools.views.documents.fit", "PanelFitDocument"),
    "optimize": ("tools.views.documents.optimize", "PlanDocument"),
    "optimize-calendar": ("tools.views.documents.calendar", "CalendarDocument"),
    "optimize-by-geo": ("tools.views.documents.geo", "GeoPlanDocument"),
    "forecast": ("tools.views.documents.forecast", "ForecastDocument"),
    "attribute": ("tools.views.documents.attribution", "AttributionDocument"),
    "batch": ("tools.views.documents.batch", "BatchDocument"),
    "ask": ("assistant.turn", "TurnDocument"),
    "session": ("assistant.session", "Session"),
    "plans-adopt": ("tools.views.documents.tracking", "AdoptedPlanDocument"),
    "plans-list": ("tools.views.documents.tracking", "PlanListDocument"),
    "plans-show": ("tools.views.documents.tracking", "PlanDetailDocument"),
    "track": ("tools.views.documents.tracking", "TrackDocument"),
    "models-list": ("tools.views.documents.models", "ModelListDocument"),
    "models-show": ("tools.views.documents.models", "ModelVersionsDocument"),
    "models-review": ("tools.views.documents.models", "ModelReviewDocument"),
    "users-list": ("tools.views.documents.admin", "UserListDocument"),
    "index": ("tools.views.documents.admin", "IndexDocument"),
}
SCHEMAS = tuple(MODELS)
# The commands whose --json has a document per action (`schema plans show`).
ACTIONS: dict[str, tuple[str, ...]] = {
    "plans": ("adopt", "list", "show"),
    "models": ("list", "show", "review"),
    "users": ("list",),
}
COMMANDS = (
    "fit",
    "optimize",
    "forecast",
    "attribute",
    "batch",
    "ask",
    "session",
    "plans",
    "track",
    "models",
    "users",
    "index",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "document",
        choices=COMMANDS,
        help="the command whose --json document to describe (session: the --session file; "
        "batch: batch fit)",
    )
    parser.add_argument(
        "action",
        nargs="?",
        metavar="ACTION",
        help="with plans: adopt|list|show; models: list|show|review; users: list",
    )
    parser.add_argument("--geo", action="store_true", help="with fit: the fit --geo document")
    parser.add_argument("--calendar", action="store_true", help="with optimize: --calendar")
    parser.add_argument("--by-geo", action="store_true", help="with optimize: --by-geo")


def document_name(args: argparse.Namespace) -> str:
    """The document ``args`` ask for, e.g. ``optimize-calendar`` or ``plans-show``."""
    if args.geo and args.document != "fit":
        raise CliError("--geo goes with `schema fit` (the `fit --geo` document)")
    if (args.calendar or args.by_geo) and args.document != "optimize":
        raise CliError("--calendar and --by-geo go with `schema optimize`")
    if args.calendar and args.by_geo:
        raise CliError("give one of --calendar and --by-geo: they are different documents")
    actions = ACTIONS.get(args.document)
    if actions is not None:
        if args.action not in actions:
            given = f"{args.action!r} is not one of them" if args.action else "give one"
            raise CliError(
                f"`schema {args.document}` describes one action's document: "
                f"{'|'.join(actions)} ({given})"
            )
        return f"{args.document}-{args.action}"
    if args.action is not None:
        raise CliError(f"`schema {args.document}` takes no action (got {args.action!r})")
    if args.geo:
        return "fit-geo"
    if args.calendar:
        return "optimize-calendar"
    if args.by_geo:
        return "optimize-by-geo"
    return str(args.document)


def _model(document: str) -> type[BaseModel]:
    if document not in MODELS:
        raise ValueError(f"no document {document!r}; the documents are {', '.join(SCHEMAS)}")
    module, name = MODELS[document]
    model = getattr(importlib.import_module(module), name)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise TypeError(f"{module}.{name} is not a pydantic model")
    return model


def schema_of(document: str) -> dict[str, object]:
    """The JSON schema of ``document`` (one of :data:`SCHEMAS`), as printed."""
    return _model(document).model_json_schema(mode="serialization", by_alias=True)


def run(args: argparse.Namespace) -> int:
    print(json.dumps(schema_of(document_name(args)), indent=1, sort_keys=True))
    return 0
