"""What the chat attaches for plans that live on: the one-page PDF on the message that adopts
a plan, and the "Use this plan" button on a message that shows one."""

from __future__ import annotations

from datetime import date

import chainlit as cl

from assistant.reports import build_report, report_pdf
from assistant.routes.plans import next_monday
from assistant.tracking.adoption import AdoptedPlan
from assistant.tracking.book import StoredPlanBook
from assistant.turn import TurnResult
from assistant.ui.turn_view import Download
from tools.plans import PlanBook
from tools.views.tracking import AdoptedPlanView

ADOPT_ACTION = "adopt_plan"
PDF_MIME = "application/pdf"


def adopt_message(today: date) -> str:
    """What the button says on the user's behalf (the same words a user may type)."""
    return f"Use this plan starting {next_monday(today).isoformat()}"


def adopt_actions(result: TurnResult, book: PlanBook | None) -> list[cl.Action]:
    """The button, on a reply that shows the conversation's current plan or its weekly
    calendar (adopting it stores the calendar)."""
    plan = result.json_view.plan
    shows_plan = result.intent in ("allocate", "fit") and plan is not None and plan.adopted
    shows_plan = shows_plan or (
        result.intent == "forecast" and result.json_view.calendar is not None
    )
    if book is None or not shows_plan:
        return []
    return [cl.Action(name=ADOPT_ACTION, payload={}, label="Use this plan (adopt and track it)")]


def adopted_plan_pdf(result: TurnResult, book: PlanBook | None) -> tuple[Download, ...]:
    """The one-page plan, when the turn adopted one."""
    if result.intent != "adopt_plan" or not isinstance(book, StoredPlanBook):
        return ()
    adopted = [c.view for c in result.tool_calls if isinstance(c.view, AdoptedPlanView)]
    if not adopted:
        return ()
    view = adopted[-1]
    record = book.record(view.name, view.version)
    report = build_report(record.document(AdoptedPlan), record.version)
    stem = "".join(ch if ch.isalnum() else "-" for ch in view.name).strip("-").lower() or "plan"
    return (Download(f"{stem}-v{view.version}.pdf", report_pdf(report), PDF_MIME),)
