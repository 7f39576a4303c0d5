"""Adopted plans: ``plans adopt`` stores the plan a conversation shows (from a ``budgetmix ask
--session FILE``) as a named, versioned plan starting on a date, with its weekly forecast per
channel; ``plans list`` and ``plans show NAME`` read them back. Adopting a name again adds a
version. ``plans report NAME --format html|pdf --out FILE`` writes the one-page plan a CMO
forwards to the CFO. ``plans compare A B`` sets two plans side by side (per channel spend,
expected outcome and return, and the differences) and ``plans delete NAME`` deletes a plan
with all its versions (a version's id from ``plans list --json`` deletes that one); it asks
first unless ``--yes`` is given. Track actuals against a plan with ``budgetmix track NAME
ACTUALS.csv``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from assistant.cli.errors import CliError
from assistant.cli.json_output import print_document
from assistant.cli.storage import add_user_argument, open_configured_storage, owned_storage
from assistant.reports import PdfUnavailableError, build_report, report_html, report_pdf
from assistant.session import Session
from assistant.storage import OwnedStorage, PlanRecord
from assistant.tracking.adoption import AdoptedPlan, AdoptionError, adopt_from_session
from assistant.tracking.book import store_adopted
from assistant.tracking.comparison import (
    Compared,
    SavedPlanError,
    compare_records,
    delete_saved,
    find_saved,
)
from model_engine.money import format_money
from tools.views.documents.base import Document, week_label
from tools.views.documents.tracking import (
    AdoptedPlanDocument,
    ComparedLineDocument,
    ComparedPlanLine,
    DeletedPlanDocument,
    ModelSourceLine,
    PlanComparisonDocument,
    PlanDetailDocument,
    PlanHeadline,
    PlanListDocument,
    PlannedChannelLine,
    PlannedWeekLine,
    PlanRuleLine,
)
from tools.views.units import Money, OutcomeAmount


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    adopt = actions.add_parser("adopt", help="store the plan a session shows as a named plan")
    adopt.add_argument("--session", type=Path, required=True, metavar="FILE")
    adopt.add_argument("--name", required=True, metavar="NAME")
    adopt.add_argument("--start", required=True, type=_day, metavar="YYYY-MM-DD")
    adopt.add_argument("--json", action="store_true", help="print the stored plan as JSON")
    add_user_argument(adopt)
    listing = actions.add_parser("list", help="the adopted plans (newest version of each)")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    add_user_argument(listing)
    show = actions.add_parser("show", help="one adopted plan with its weekly forecast")
    show.add_argument("name", metavar="NAME")
    show.add_argument("--version", type=int, metavar="N", help="a version (default the newest)")
    show.add_argument("--json", action="store_true", help="print the plan as JSON")
    add_user_argument(show)
    report = actions.add_parser("report", help="the one-page plan as HTML or PDF")
    report.add_argument("name", metavar="NAME")
    report.add_argument("--version", type=int, metavar="N", help="a version (default the newest)")
    report.add_argument("--format", choices=("html", "pdf"), default="pdf")
    report.add_argument("--out", type=Path, required=True, metavar="FILE")
    add_user_argument(report)
    compare = actions.add_parser("compare", help="two adopted plans side by side")
    compare.add_argument("first", metavar="A", help="a plan's name (or a version's id)")
    compare.add_argument("second", metavar="B", help="the other plan's name (or id)")
    compare.add_argument("--json", action="store_true", help="print the comparison as JSON")
    add_user_argument(compare)
    remove = actions.add_parser("delete", help="delete an adopted plan (every version)")
    remove.add_argument("name", metavar="NAME", help="the plan's name, or a version's id")
    remove.add_argument("--yes", action="store_true", help="delete without asking")
    remove.add_argument("--json", action="store_true", help="print what was deleted as JSON")
    add_user_argument(remove)


def run(args: argparse.Namespace) -> int:
    storage = open_configured_storage()
    try:
        mine = owned_storage(storage, args.user)
        if args.action == "adopt":
            record = _adopt(mine, args.session, args.name, args.start)
            document = AdoptedPlanDocument.model_validate(_plan_fields(record))
            _print(document, args.json, _describe(record))
        elif args.action == "report":
            record = find_plan(mine, args.name, args.version)
            _write_report(record, args.format, args.out)
        elif args.action == "compare":
            compared = _compare(mine, args.first, args.second)
            _print(_comparison_document(compared), args.json, _comparison_text(compared))
        elif args.action == "delete":
            deleted = _delete(mine, args.name, args.yes)
            versions = ", ".join(f"v{v}" for v in deleted.versions)
            _print(deleted, args.json, f"deleted {deleted.name} ({versions})")
        elif args.action == "list":
            plans = mine.plans.latest_versions()
            text = "\n".join(_describe(p) for p in plans) or "no adopted plans yet"
            _print(PlanListDocument(plans=[_headline(p) for p in plans]), args.json, text)
        else:
            record = find_plan(mine, args.name, args.version)
            _print(_detail(mine, record), args.json, _describe(record))
    finally:
        storage.close()
    return 0


def find_plan(mine: OwnedStorage, name: str, version: int | None = None) -> PlanRecord:
    record = mine.plans.get(name, version)
    if record is None:
        which = f"{name!r}" if version is None else f"{name!r} version {version}"
        raise CliError(
            f"no adopted plan {which} (see `budgetmix plans list`; adopt one with "
            "`budgetmix plans adopt --session FILE --name NAME --start YYYY-MM-DD`)"
        )
    if record.kind != AdoptedPlan.kind:
        raise CliError(
            f"plan {name!r} was stored as {record.kind!r}, which this budgetmix cannot read"
        )
    return record


def _adopt(mine: OwnedStorage, path: Path, name: str, start: date) -> PlanRecord:
    if not name.strip():
        raise CliError("give the plan a name, e.g. --name 'Q1 2027'")
    if not path.exists():
        raise CliError(
            f"no session file {path}: make one with `budgetmix ask --session {path} ...`"
        )
    try:
        document = adopt_from_session(Session.load(path), name.strip(), start)
    except (AdoptionError, ValueError) as error:
        raise CliError(str(error)) from None
    return store_adopted(mine, document)


def _write_report(record: PlanRecord, form: str, out: Path) -> None:
    try:
        report = build_report(record.document(AdoptedPlan), record.version)
    except AdoptionError as error:
        raise CliError(str(error)) from None
    try:
        content = report_pdf(report) if form == "pdf" else report_html(report).encode("utf-8")
    except PdfUnavailableError as error:
        raise CliError(str(error)) from None
    try:
        out.write_bytes(content)
    except OSError as error:
        raise CliError(f"cannot write {out}: {error.strerror or error}") from None
    print(f"wrote {out} ({form.upper()}, {len(content):,} bytes): {_describe(record)}")


def _compare(mine: OwnedStorage, first: str, second: str) -> Compared:
    try:
        return compare_records(find_saved(mine, first), find_saved(mine, second))
    except SavedPlanError as error:
        raise CliError(str(error)) from None


def _comparison_document(compared: Compared) -> PlanComparisonDocument:
    comparison = compared.comparison
    return PlanComparisonDocument(
        currency=compared.currency,
        outcome_name=compared.outcome_name,
        first=ComparedPlanLine(name=compared.first.name, version=compared.first.version),
        second=ComparedPlanLine(name=compared.second.name, version=compared.second.version),
        channels={
            line.channel: ComparedLineDocument.between(line, "exact")
            for line in comparison.channels
        },
        total=ComparedLineDocument.between(comparison.total, "exact"),
    )


def _comparison_text(compared: Compared) -> str:
    first, second = compared.first, compared.second
    lines = [
        f"{second.name} v{second.version} against {first.name} v{first.version} "
        f"({compared.outcome_name}; change = {second.name} less {first.name}):"
    ]
    for line in (*compared.comparison.channels, compared.comparison.total):
        roi = "" if line.roi_change is None else f", return {line.roi_change:+,.4g} per unit"
        lines.append(
            f"  {line.channel}: spend {format_money(line.first.spend, compared.currency)} -> "
            f"{format_money(line.second.spend, compared.currency)} "
            f"({_signed_money(line.spend_change, compared.currency)}), "
            f"{compared.outcome_name} {line.first.outcome:,.0f} -> {line.second.outcome:,.0f} "
            f"({line.outcome_change:+,.0f}){roi}"
        )
    return "\n".join(lines)


def _signed_money(value: float, currency: str) -> str:
    return ("+" if value >= 0 else "-") + format_money(abs(value), currency)


def _delete(mine: OwnedStorage, plan: str, confirmed: bool) -> DeletedPlanDocument:
    try:
        record = find_saved(mine, plan)
    except SavedPlanError as error:
        raise CliError(str(error)) from None
    if not confirmed and not _confirmed_at_terminal(record):
        raise CliError(
            f"kept {record.name!r}: deleting it cannot be undone; add --yes to delete it "
            "without being asked"
        )
    deleted = delete_saved(mine, plan)
    return DeletedPlanDocument(
        name=record.name,
        versions=[r.version for r in deleted],
        plans_left=[p.name for p in mine.plans.latest_versions()],
    )


def _confirmed_at_terminal(record: PlanRecord) -> bool:
    """Ask at a terminal; anywhere else (a script, a pipe) there is nobody to ask."""
    if not sys.stdin.isatty():
        return False
    answer = input(f"Delete {record.name!r} and its tracked actuals? [y/N] ")
    return answer.strip().casefold() in ("y", "yes")


def _headline(record: PlanRecord) -> PlanHeadline:
    return PlanHeadline(
        id=record.id,
        name=record.name,
        version=record.version,
        created=record.created_at.isoformat(),
        start=record.start_date.isoformat(),
        weeks=record.weeks,
        budget=Money.exact(record.budget),
    )


def _plan_fields(record: PlanRecord) -> dict[str, object]:
    """The fields of :class:`AdoptedPlanDocument`, which ``plans show`` extends."""
    document = record.document(AdoptedPlan)
    return {
        **dict(_headline(record)),
        "currency": document.currency,
        "outcome_name": document.outcome_name,
        "expected_outcome": OutcomeAmount.exact(document.expected_outcome),
        "expected_low": OutcomeAmount.exact(document.expected_low),
        "expected_high": OutcomeAmount.exact(document.expected_high),
        "channels": {
            line.channel: PlannedChannelLine(
                current_spend=Money.exact(line.current_spend),
                planned_spend=Money.exact(line.planned_spend),
                expected_outcome=OutcomeAmount.exact(line.expected_outcome),
                expected_low=OutcomeAmount.exact(line.expected_low),
                expected_high=OutcomeAmount.exact(line.expected_high),
            )
            for line in document.allocation
        },
    }


def _detail(mine: OwnedStorage, record: PlanRecord) -> PlanDetailDocument:
    document = record.document(AdoptedPlan)
    return PlanDetailDocument.model_validate(
        {
            **_plan_fields(record),
            "rules": [
                PlanRuleLine(description=r.description, binds=r.binds, cost=r.cost)
                for r in document.rules
            ],
            "assumptions": list(document.assumptions),
            "model": ModelSourceLine(
                source=document.model.source,
                outcome_name=document.model.outcome_name,
                history_file=document.model.history_file,
                model_version_id=document.model.model_version_id,
            ),
            "forecast": [
                PlannedWeekLine(
                    week=week_label(w.week_start),
                    channel=w.channel,
                    spend=Money.exact(w.spend),
                    outcome=OutcomeAmount.exact(w.outcome),
                    outcome_low=OutcomeAmount.exact(w.outcome_low),
                    outcome_high=OutcomeAmount.exact(w.outcome_high),
                )
                for w in mine.plans.forecast(record)
            ],
            "plan": None if document.plan_problem else document.plan_view(),
            "plan_problem": document.plan_problem,
            "calendar": document.calendar,
        }
    )


def _describe(record: PlanRecord) -> str:
    document = record.document(AdoptedPlan)
    return (
        f"{record.name} v{record.version}: {document.budget:,.0f} {document.currency} over "
        f"{record.weeks} weeks from {record.start_date}, expecting "
        f"{document.expected_outcome:,.0f} {document.outcome_name} "
        f"({document.expected_low:,.0f}–{document.expected_high:,.0f})"
    )


def _print(document: Document, as_json: bool, text: str) -> None:
    if as_json:
        print_document(document)
    else:
        print(text)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write YYYY-MM-DD") from None
