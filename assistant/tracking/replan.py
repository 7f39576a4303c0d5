"""Re-planning the weeks a plan has left, with the budget it has left.

The model is the one the plan was made from (rebuilt from the stored conversation), over the
remaining weeks at the same weekly pace of response; the budget is the plan's total less what
the actuals say was spent; the rules are the plan's, applied as stated to the remaining weeks.
The plan is made as the chat's current plan is (``Results.plan``), over the remaining weeks.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.tracking.adoption import AdoptedPlan, AdoptionError
from model_engine.tracking import TrackingResult
from tools.derived import Results
from tools.state import PlanOutput, ToolError


@dataclass(frozen=True)
class Replan:
    output: PlanOutput | None  # None when the optimizer refused (see ``problem``)
    remaining_weeks: int
    remaining_budget: float
    planned_remaining: dict[str, float]  # the adopted plan's spend for those weeks
    problem: str | None = None

    def moves(self) -> dict[str, float]:
        """Per channel, the re-plan's spend less the adopted plan's for the same weeks."""
        if self.output is None:
            return {}
        new = self.output.plan.allocation
        return {name: new.get(name, 0.0) - spend for name, spend in self.planned_remaining.items()}

    @property
    def money_moved(self) -> float:
        """How much money changes channel: the larger of what goes in and what comes out."""
        changes = self.moves().values()
        return max(sum(c for c in changes if c > 0), -sum(c for c in changes if c < 0), 0.0)

    def sentence(self) -> str:
        if self.output is None:
            return f"No re-plan of the remaining {self.remaining_weeks} weeks: {self.problem}"
        moved = [f"{name} {change:+,.0f}" for name, change in self.moves().items() if change]
        return (
            f"Re-planning the remaining {self.remaining_weeks} weeks with "
            f"{self.remaining_budget:,.0f} left moves {self.money_moved:,.0f} "
            f"({', '.join(moved) or 'no change'})."
        )


def replan_remaining(plan: AdoptedPlan, tracking: TrackingResult) -> Replan | None:
    """The re-plan, or ``None`` when the actuals cover the plan's last week."""
    elapsed = (tracking.last_week - plan.start_date).days // 7 + 1
    remaining = plan.weeks - elapsed
    if remaining <= 0:
        return None
    budget = plan.budget - tracking.actual_spend
    # What the plan spends in those weeks: an even share, or a calendar's own weeks.
    planned = dict.fromkeys((line.channel for line in plan.allocation), 0.0)
    for week in plan.forecast():
        if week.week_start > tracking.last_week:
            planned[week.channel] += week.spend
    if budget <= 0:
        return Replan(None, remaining, budget, planned, "the plan's budget is already spent")
    results = Results()
    try:
        session, _ = plan.restore_model(results)
    except AdoptionError as error:
        return Replan(None, remaining, budget, planned, str(error))
    inputs = session.inputs.model_copy(update={"horizon_weeks": remaining, "budget": budget})
    try:
        output = results.plan(inputs)
    except ToolError as error:
        return Replan(None, remaining, budget, planned, str(error))
    return Replan(output, remaining, budget, planned)
