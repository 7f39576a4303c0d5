"""Adopting the current plan under a name, tracking weekly actuals against it, and comparing
or deleting saved plans.

Plans outlive the conversation, so they are kept by whoever runs it (the chat and the CLI
keep them in budgetmix's database, per user): the tools reach them through the context's
:class:`PlanBook`. With no book (a conversation nobody signed into), both tools say so.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, Field

from tools.context import ToolContext, ToolOutcome
from tools.state import PlanInputs, ToolError
from tools.views.tracking import (
    AdoptedPlanView,
    DeletedPlanView,
    PlanComparisonView,
    TrackingView,
)

DEFAULT_THRESHOLD_PCT = 15.0


class PlanBook(Protocol):
    """Where a user's adopted plans live."""

    def adopt(self, inputs: PlanInputs, name: str, start: date) -> AdoptedPlanView: ...

    def track(self, actuals: Path, plan: str | None, threshold: float) -> TrackingView: ...

    def saved(self) -> list[AdoptedPlanView]:
        """The newest version of every saved plan, oldest plan first."""
        ...

    def compare(self, first: str, second: str) -> PlanComparisonView: ...

    def delete(self, plan: str) -> DeletedPlanView: ...


class AdoptPlanArgs(BaseModel):
    name: str = Field(min_length=1, max_length=120, description="The plan's name, e.g. 'Q1'.")
    start: date = Field(description="The plan's first week, e.g. 2027-01-04.")


class TrackActualsArgs(BaseModel):
    file: str = Field(description="The actuals file the user uploaded (its path).")
    plan: str | None = Field(None, description="The adopted plan's name; default the newest.")
    threshold_pct: float = Field(
        DEFAULT_THRESHOLD_PCT, gt=0, lt=1000, description="Alert beyond this deviation, in %."
    )


class ComparePlansArgs(BaseModel):
    first: str = Field(min_length=1, max_length=120, description="A saved plan's name.")
    second: str = Field(min_length=1, max_length=120, description="The other saved plan's name.")


class DeletePlanArgs(BaseModel):
    plan: str = Field(
        min_length=1, max_length=120, description="The saved plan's name, or a version's id."
    )
    confirmed: bool = Field(
        description="True only when the user has confirmed deleting this very plan."
    )


def _book(context: ToolContext) -> PlanBook:
    if context.plan_book is None:
        raise ToolError(
            "plans can only be adopted, tracked, compared and deleted in a conversation with "
            "storage (the chat, or `budgetmix plans adopt|compare|delete` / `budgetmix track`)"
        )
    return context.plan_book


def adopt_plan(context: ToolContext, args: AdoptPlanArgs) -> ToolOutcome:
    """Store the conversation's current plan under a name, starting on a date (a new version
    when the name exists): its allocation, rules, assumptions, the model it came from and its
    weekly predicted outcome per channel with 90% intervals. Use when the user says e.g. "use
    this plan for Q1 starting 4 January"."""
    if not context.inputs.has_data:
        raise ToolError("there is no plan to adopt yet: share your data and ask for a plan first")
    return ToolOutcome(_book(context).adopt(context.inputs, args.name.strip(), args.start))


def track_actuals(context: ToolContext, args: TrackActualsArgs) -> ToolOutcome:
    """Track weekly actuals (a file with week, channel, spend, outcome per row, or one row per
    week with '<channel> spend' and '<channel> outcome' columns) against an adopted plan: per
    channel the actual outcome against the predicted one with its 90% band, spend pacing, an
    alert with its likely reason (spent differently or responded differently), and a re-plan
    of the remaining weeks with the remaining budget saying how much money moves."""
    return ToolOutcome(_book(context).track(Path(args.file), args.plan, args.threshold_pct / 100))


def compare_plans(context: ToolContext, args: ComparePlansArgs) -> ToolOutcome:
    """Compare two saved plans (the newest version of each) from what each stored: per
    channel and in total each plan's spend, expected outcome with its 90% interval and return
    (outcome per unit of spend), and the second less the first. Use when the user says e.g.
    "compare the Q3 plan with the conservative one"."""
    return ToolOutcome(_book(context).compare(args.first.strip(), args.second.strip()))


def delete_plan(context: ToolContext, args: DeletePlanArgs) -> ToolOutcome:
    """Delete a saved plan (every version, with its forecast, actuals and alerts; a version's
    id deletes that version). Ask the user to confirm first, naming the plan, and call this
    only with ``confirmed`` once they have."""
    if not args.confirmed:
        raise ToolError(
            f"deleting {args.plan!r} cannot be undone: ask the user to confirm it first"
        )
    return ToolOutcome(_book(context).delete(args.plan.strip()))
