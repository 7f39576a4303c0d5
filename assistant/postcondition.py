"""The postcondition of every optimisation the planner runs: each stated rule, on the final
numbers.

The optimizer is built to respect its constraints, and the plan tool already refuses a plan
that breaks one; the planner checks again, independently, with
:func:`model_engine.rule_checks.check_plan`, on exactly the plans a reply is about to show (the
current plan, an adopted what-if, every feasible what-if). A broken rule here is a defect in
budgetmix, not an answer: :class:`PlanDefectError` is raised, logged with the checks that failed,
and the CMO gets an honest message instead of the plan.
"""

from __future__ import annotations

import logging

from model_engine.optimizer.geo import GeoPlan, GeoRuleCheck
from model_engine.rule_checks import RuleCheckReport, check_plan
from tools.state import PlanOutput

LOG = logging.getLogger(__name__)


class PlanDefectError(RuntimeError):
    """A plan about to be shown breaks a stated rule."""

    def __init__(self, where: str, report: RuleCheckReport, currency: str) -> None:
        self.where = where
        self.report = report
        self.currency = currency
        super().__init__(f"{where}: {report.summary(currency)}")

    def honest_message(self) -> str:
        broken = "; ".join(c.describe(self.currency) for c in self.report.broken)
        return (
            "I made a plan but it breaks a rule you stated, so I won't show it: "
            f"{broken}. That is a defect in budgetmix, not something you did; it has been "
            "logged. Say 'undo' to go back, or loosen the rule and ask again."
        )


def ensure_rules_hold(output: PlanOutput, where: str) -> RuleCheckReport:
    """Check every rule ``output`` was made under (the CMO's, with their words, and the
    default guardrail) on its final numbers; raises :class:`PlanDefectError` on a broken one."""
    plan = output.plan
    report = check_plan(
        plan,
        [q.constraint for q in output.constraints],
        budget=plan.budget,
        phrases=[q.phrase for q in output.constraints],
    )
    if not report.ok:
        defect = PlanDefectError(where, report, plan.currency)
        LOG.error("plan postcondition failed (%s)", defect)
        raise defect
    return report


class GeoPlanDefectError(PlanDefectError):
    """A geo plan about to be shown breaks a stated market or channel rule."""

    def __init__(self, where: str, broken: tuple[GeoRuleCheck, ...], currency: str) -> None:
        self.where = where
        self.broken = broken
        self.currency = currency
        RuntimeError.__init__(self, f"{where}: " + "; ".join(c.rule for c in broken))

    def honest_message(self) -> str:
        return (
            "I made a plan by market but it breaks a rule you stated, so I won't show it: "
            f"{'; '.join(c.rule for c in self.broken)}. That is a defect in budgetmix, not "
            "something you did; it has been logged. Loosen the rule and ask again."
        )


def ensure_geo_rules_hold(plan: GeoPlan, where: str, currency: str) -> None:
    """Every market, channel and line rule of a geo plan, and its budget, on the final
    numbers; raises :class:`GeoPlanDefectError` on a broken one."""
    broken = tuple(c for c in plan.recheck() if not c.holds)
    if broken:
        defect = GeoPlanDefectError(where, broken, currency)
        LOG.error("geo plan postcondition failed (%s)", defect)
        raise defect
