"""What-ifs as one typed object: :class:`ScenarioSetView`, the current plan beside each
scenario re-optimized (never adopted unless the CMO says so)."""

from __future__ import annotations

from model_engine.scenarios import ScenarioComparison
from tools.views.base import OutcomeView, View
from tools.views.units import Fraction, Money, OutcomeAmount


class ScenarioBaseView(View):
    """The plan the scenarios are compared with (the conversation's current plan)."""

    name: str
    total_spend: Money
    expected_total: OutcomeAmount
    expected_total_low: OutcomeAmount
    expected_total_high: OutcomeAmount
    marginal_cost: Money | None
    allocation: dict[str, Money]


class ScenarioLine(View):
    label: str
    name: str
    feasible: bool
    infeasible_reason: str | None
    total_budget: Money
    total_spend: Money | None
    expected_total: OutcomeAmount | None
    expected_total_low: OutcomeAmount | None
    expected_total_high: OutcomeAmount | None
    outcome_change_pct: Fraction | None
    spend_change_pct: Fraction | None
    range_width_change_pct: Fraction | None
    incremental_cost_per_outcome: Money | None
    marginal_cost: Money | None
    allocation: dict[str, Money] | None
    trade_off: str

    @property
    def title(self) -> str:
        """ "Scenario A: budget +20%"."""
        return f"Scenario {self.label}: {self.name}"


class ScenarioSetView(OutcomeView):
    base: ScenarioBaseView
    scenarios: list[ScenarioLine]


def scenario_set_view(comparison: ScenarioComparison, base_name: str) -> ScenarioSetView:
    base = comparison.base
    return ScenarioSetView(
        currency=base.currency,
        outcome_name=base.outcome_name,
        outcome_unit=base.outcome_unit,
        base=ScenarioBaseView(
            name=base_name,
            total_spend=Money.of(base.total_spend),
            expected_total=OutcomeAmount.of(base.expected.estimate),
            expected_total_low=OutcomeAmount.of(base.expected.low),
            expected_total_high=OutcomeAmount.of(base.expected.high),
            marginal_cost=Money.of(base.marginal_cost),
            allocation={c.name: Money.of(c.recommended) for c in base.channels},
        ),
        scenarios=[
            ScenarioLine(
                label=o.label,
                name=o.scenario.name,
                feasible=o.result is not None,
                infeasible_reason=o.infeasible_reason,
                total_budget=Money.of(o.request.budget),
                total_spend=Money.of(o.result.total_spend) if o.result else None,
                expected_total=OutcomeAmount.of(o.result.expected.estimate) if o.result else None,
                expected_total_low=OutcomeAmount.of(o.result.expected.low) if o.result else None,
                expected_total_high=OutcomeAmount.of(o.result.expected.high) if o.result else None,
                outcome_change_pct=Fraction.of(o.outcome_change),
                spend_change_pct=Fraction.of(o.spend_change),
                range_width_change_pct=Fraction.of(o.range_width_change),
                incremental_cost_per_outcome=Money.of(o.incremental_cost_per_outcome),
                marginal_cost=Money.of(o.marginal_cost),
                allocation={c.name: Money.of(c.recommended) for c in o.result.channels}
                if o.result
                else None,
                trade_off=o.trade_off(),
            )
            for o in comparison.outcomes
        ],
    )
