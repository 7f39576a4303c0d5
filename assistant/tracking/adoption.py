"""Adopting the plan a conversation shows: the document stored for it and its weekly forecast.

:class:`AdoptedPlan` is what the database keeps (``PlanStore.adopt`` stores any pydantic model
as its ``model_dump_json()``): the allocation with each channel's expected outcome and 90%
interval, the rules it was made under and what they cost, the assumptions, where the model
came from, the plan's typed view (what the chat, the exports and ``ask --json`` show), and the
session it came from, so tracking can rebuild the model and re-plan.

The weekly forecast spreads each channel's spend and outcome evenly over the plan's weeks:
the plan assumes even spend, and its curves include carryover at its steady state, so each
week's share of the outcome is the horizon's divided by its length. Each bound is divided the
same way, so the bounds of any run of weeks add up to that run's interval.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from assistant.session import Session
from model_engine.planning import ResponseModel
from model_engine.tracking import ForecastWeek
from tools.allocation import current_plan_view
from tools.derived import Results
from tools.state import PlanOutput, ToolError


class AdoptionError(ValueError):
    """The session has no plan to adopt, or cannot be rebuilt; the message says why."""


class PlannedChannel(BaseModel):
    model_config = ConfigDict(frozen=True)

    channel: str
    current_spend: float
    planned_spend: float
    expected_outcome: float
    expected_low: float
    expected_high: float


class PlanRule(BaseModel):
    model_config = ConfigDict(frozen=True)

    description: str
    binds: bool
    cost: str  # in plain words, from the optimizer's report


class ModelSource(BaseModel):
    model_config = ConfigDict(frozen=True)

    source: str  # "snapshot", "history" or "curves_file"
    outcome_name: str
    history_file: str | None = None  # the weekly history it was fitted on, if any
    model_version_id: int | None = None  # a stored model version, when the plan names one


class AdoptedPlan(BaseModel):
    """The stored document of an adopted plan."""

    kind: ClassVar[str] = "budgetmix.adopted_plan/1"
    model_config = ConfigDict(frozen=True)

    name: str
    start_date: date
    weeks: int
    budget: float
    currency: str
    outcome_name: str
    allocation: tuple[PlannedChannel, ...]
    expected_outcome: float
    expected_low: float
    expected_high: float
    rules: tuple[PlanRule, ...]
    assumptions: tuple[str, ...]
    model: ModelSource
    plan: dict[str, Any]  # the plan's PlanView, as `budgetmix ask --json` shows it
    session: dict[str, Any]  # the Session of the conversation it came from, as JSON

    def forecast(self) -> list[ForecastWeek]:
        return [
            ForecastWeek(
                week_start=self.start_date + timedelta(weeks=week),
                channel=line.channel,
                spend=line.planned_spend / self.weeks,
                outcome=line.expected_outcome / self.weeks,
                outcome_low=line.expected_low / self.weeks,
                outcome_high=line.expected_high / self.weeks,
            )
            for week in range(self.weeks)
            for line in self.allocation
        ]

    def restore_session(self) -> Session:
        """The conversation the plan came from."""
        try:
            return Session.from_json(json.dumps(self.session))
        except (ValueError, KeyError, TypeError) as error:
            raise AdoptionError(f"the plan's conversation cannot be rebuilt: {error}") from None

    def restore_model(self, results: Results) -> tuple[Session, ResponseModel]:
        """The conversation and the response curves the plan was made from."""
        session = self.restore_session()
        try:
            return session, results.model(session.inputs)
        except ToolError as error:
            raise AdoptionError(f"the plan's model cannot be rebuilt: {error}") from None


def adopt_from_session(session: Session, name: str, start_date: date) -> AdoptedPlan:
    """The document for the conversation's current plan (a what-if shown but not adopted in
    the conversation is not it)."""
    results = Results()
    inputs = session.inputs
    if not inputs.has_data:
        raise AdoptionError(
            "the conversation has no plan yet: give it your data and ask for an allocation "
            'first (e.g. budgetmix ask --session FILE "allocate $2M")'
        )
    try:
        output = results.plan(inputs)
        model = results.model(inputs)
        view = current_plan_view(results, inputs)
    except ToolError as error:
        raise AdoptionError(f"the conversation's plan cannot be made: {error}") from None
    plan = output.plan
    return AdoptedPlan(
        name=name,
        start_date=start_date,
        weeks=plan.horizon_weeks,
        budget=plan.total_spend,
        currency=plan.currency,
        outcome_name=plan.outcome_name,
        allocation=tuple(
            PlannedChannel(
                channel=c.name,
                current_spend=c.current,
                planned_spend=c.recommended,
                expected_outcome=c.expected.estimate,
                expected_low=c.expected.low,
                expected_high=c.expected.high,
            )
            for c in plan.channels
        ),
        expected_outcome=plan.expected.estimate,
        expected_low=plan.expected.low,
        expected_high=plan.expected.high,
        rules=_rules(output),
        assumptions=tuple(plan.notes) + tuple(model.notes),
        model=ModelSource(
            source=model.source,
            outcome_name=plan.outcome_name,
            history_file=inputs.history.path if inputs.history else None,
        ),
        plan=view.model_dump(mode="json"),
        session=json.loads(session.to_json()),
    )


def _rules(output: PlanOutput) -> tuple[PlanRule, ...]:
    phrases: dict[object, str] = {q.constraint: q.phrase for q in output.constraints}
    return tuple(
        PlanRule(
            description=phrases.get(report.constraint, report.description),
            binds=report.binds,
            cost=report.cost_sentence(),
        )
        for report in output.plan.constraints
    )
