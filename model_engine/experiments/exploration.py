r"""A plan that reserves an exploration budget (the seed article's "10-20% of budget follows
alternative allocations"), and what the reservation costs.

The plan optimises :math:`(1 - e)B` of the budget :math:`B` under the request's constraints and
spends the reserved :math:`eB` on the channels whose returns are worth most to learn, in
proportion to their value of information (``value_of_information``): money that buys
variation the next fit can measure. Its cost is the posterior mean outcome it gives up against
the plan that optimises all of :math:`B`:

.. math::
    \mathrm{cost} = \mathbb{E}[f(a^*_B)] - \mathbb{E}[f(a^*_{(1-e)B} + eB\,v/\textstyle\sum v)]
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from model_engine.constraints import PlanRequest
from model_engine.experiments.value_of_information import InformationRanking, expected_outcome
from model_engine.optimizer import InfeasiblePlanError, OptimizerSettings, optimize
from model_engine.planning import ResponseModel

DEFAULT_EXPLORATION_SHARE = 0.10
_FAST = OptimizerSettings(price_constraints=False)


@dataclass(frozen=True)
class ExplorationPlan:
    """The plan with ``share`` of the budget reserved for learning, and its cost."""

    share: float
    reserved: float  # currency
    allocation: dict[str, float]  # total per channel, exploration included
    exploration: dict[str, float]  # the reserved money per channel
    expected: float  # posterior mean media outcome of this plan
    optimal_expected: float  # the same for the plan that optimises the whole budget
    cost: float  # optimal_expected - expected, outcome units
    outcome_name: str
    notes: tuple[str, ...] = ()

    @property
    def cost_share(self) -> float:
        return self.cost / self.optimal_expected if self.optimal_expected > 0 else 0.0


def exploration_plan(
    model: ResponseModel,
    request: PlanRequest,
    ranking: InformationRanking,
    share: float = DEFAULT_EXPLORATION_SHARE,
) -> ExplorationPlan:
    """Reserve ``share`` of ``request.budget`` for the channels worth learning about."""
    if not 0 < share < 1:
        raise ValueError(f"the exploration share must be between 0 and 1 (got {share:g})")
    optimal = optimize(model, request, _FAST).allocation
    reserved = share * request.budget
    notes: list[str] = []
    try:
        core = optimize(model, replace(request, budget=request.budget - reserved), _FAST)
        allocation = dict(core.allocation)
    except InfeasiblePlanError:
        # The constraints need the whole budget: scale the optimal plan down instead.
        allocation = {n: v * (1 - share) for n, v in optimal.items()}
        notes.append(
            "the plan's constraints need the whole budget, so the exploration money comes "
            "from every channel in proportion"
        )
    worth = {c.channel: c.value for c in ranking.channels if c.value > 0}
    total_worth = sum(worth.values())
    if total_worth > 0:
        exploration = {n: reserved * v / total_worth for n, v in worth.items()}
    else:
        exploration = {n: reserved * v / sum(optimal.values()) for n, v in optimal.items()}
        notes.append("no channel's return would change the plan: the reserve follows the plan")
    for name, amount in exploration.items():
        allocation[name] = allocation.get(name, 0.0) + amount
    expected = expected_outcome(model, allocation)
    optimal_expected = expected_outcome(model, optimal)
    return ExplorationPlan(
        share=share,
        reserved=reserved,
        allocation=allocation,
        exploration=exploration,
        expected=expected,
        optimal_expected=optimal_expected,
        cost=optimal_expected - expected,
        outcome_name=model.outcome_name,
        notes=tuple(notes),
    )
