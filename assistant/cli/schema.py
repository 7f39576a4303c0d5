"""Print the JSON schema of a command's --json output, generated from its typed models.

`budgetmix schema fit|optimize|forecast|attribute|batch|ask|session`, with `fit --geo`,
`optimize --calendar` and `optimize --by-geo` for those variants' documents. Every number field
says its unit ("x-unit": money, fraction, percent, outcome, count, ratio, weeks).
docs/schema/ holds the committed copies, one file per document (`budgetmix schema optimize
--calendar > docs/schema/optimize-calendar.json`).
"""

from __future__ import annotations

import argparse
import json

from pydantic import BaseModel

from assistant.cli.errors import CliError

# Each document's name, as its file in docs/schema/ is named.
SCHEMAS = (
    "fit",
    "fit-geo",
    "optimize",
    "optimize-calendar",
    "optimize-by-geo",
    "forecast",
    "attribute",
    "batch",
    "ask",
    "session",
)
COMMANDS = ("fit", "optimize", "forecast", "attribute", "batch", "ask", "session")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "document",
        choices=COMMANDS,
        help="the command whose --json document to describe (session: the --session file; "
        "batch: batch fit)",
    )
    parser.add_argument("--geo", action="store_true", help="with fit: the fit --geo document")
    parser.add_argument("--calendar", action="store_true", help="with optimize: --calendar")
    parser.add_argument("--by-geo", action="store_true", help="with optimize: --by-geo")


def document_name(args: argparse.Namespace) -> str:
    """The document ``args`` ask for, e.g. ``optimize-calendar``."""
    if args.geo and args.document != "fit":
        raise CliError("--geo goes with `schema fit` (the `fit --geo` document)")
    if (args.calendar or args.by_geo) and args.document != "optimize":
        raise CliError("--calendar and --by-geo go with `schema optimize`")
    if args.calendar and args.by_geo:
        raise CliError("give one of --calendar and --by-geo: they are different documents")
    if args.geo:
        return "fit-geo"
    if args.calendar:
        return "optimize-calendar"
    if args.by_geo:
        return "optimize-by-geo"
    return str(args.document)


def _model(document: str) -> type[BaseModel]:
    # Imported per document so that one schema does not load every layer.
    if document == "fit":
        from tools.views.documents.fit import FitDocument

        return FitDocument
    if document == "fit-geo":
        from tools.views.documents.fit import PanelFitDocument

        return PanelFitDocument
    if document == "optimize":
        from tools.views.documents.optimize import PlanDocument

        return PlanDocument
    if document == "optimize-calendar":
        from tools.views.documents.calendar import CalendarDocument

        return CalendarDocument
    if document == "optimize-by-geo":
        from tools.views.documents.geo import GeoPlanDocument

        return GeoPlanDocument
    if document == "forecast":
        from tools.views.documents.forecast import ForecastDocument

        return ForecastDocument
    if document == "attribute":
        from tools.views.documents.attribution import AttributionDocument

        return AttributionDocument
    if document == "batch":
        from tools.views.documents.batch import BatchDocument

        return BatchDocument
    if document == "ask":
        from assistant.turn import TurnDocument

        return TurnDocument
    if document == "session":
        from assistant.session import Session

        return Session
    raise ValueError(f"no document {document!r}; the documents are {', '.join(SCHEMAS)}")


def schema_of(document: str) -> dict[str, object]:
    """The JSON schema of ``document`` (one of :data:`SCHEMAS`), as printed."""
    return _model(document).model_json_schema(mode="serialization", by_alias=True)


def run(args: argparse.Namespace) -> int:
    print(json.dumps(schema_of(document_name(args)), indent=1, sort_keys=True))
    return 0
