r"""What a plan is worth: outcomes per draw, interaction terms and the objective's score.

The total outcome of a spend vector :math:`x` under draw :math:`d` is

.. math::
    O_d(x) = \sum_i s_{id} S_i(x_i; \theta_{id})
             + \sum_{(a,b)} \gamma_{ab} S_a(x_a; \theta_{ad}) S_b(x_b; \theta_{bd})

and a plan is scored by the objective (volume :math:`O`, or profit :math:`vO - \sum x`) under
the risk preference: the point curves for ``expected``, the ``percentile``-th percentile over
draws for ``conservative``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model_engine.constraints import Objective, RiskPreference
from model_engine.optimizer.curves import CurveSet, IntArray
from model_engine.planning import ResponseModel
from model_engine.saturation import FloatArray


@dataclass(frozen=True)
class InteractionTerms:
    r"""Pairwise synergies :math:`\gamma_{ab} S_a S_b` by channel position."""

    first: IntArray
    second: IntArray
    coefficient: FloatArray

    @classmethod
    def from_model(cls, model: ResponseModel, strength: float = 1.0) -> InteractionTerms:
        position = {name: k for k, name in enumerate(model.names)}
        terms = model.interactions
        return cls(
            first=np.array([position[t.channel_a] for t in terms], dtype=np.int64),
            second=np.array([position[t.channel_b] for t in terms], dtype=np.int64),
            coefficient=np.array([t.coefficient * strength for t in terms], dtype=np.float64),
        )

    @property
    def empty(self) -> bool:
        return self.coefficient.size == 0

    def outcome(self, levels: FloatArray) -> FloatArray:
        """Interaction outcome per draw from saturation levels ``(channels, draws)``."""
        products = levels[self.first] * levels[self.second]
        return (
            np.asarray(self.coefficient @ products) if not self.empty else np.zeros(levels.shape[1])
        )

    def effective_scale(self, scale: FloatArray, levels: FloatArray) -> FloatArray:
        r"""Scales that make each channel's own curve carry its interactions with the others
        held fixed: :math:`s_{ad} + \gamma_{ab} S_b(x_b; \theta_{bd})`. The derivative of the
        total outcome in :math:`x_a` is then exactly the effective curve's marginal return."""
        out = scale.copy()
        for a, b, gamma in zip(self.first, self.second, self.coefficient, strict=True):
            out[a] = out[a] + gamma * levels[b]
            out[b] = out[b] + gamma * levels[a]
        return out


class PlanScorer:
    """Outcomes and objective scores of spend vectors for one model, objective and risk."""

    def __init__(
        self,
        model: ResponseModel,
        objective: Objective,
        risk: RiskPreference,
        interaction_strength: float = 1.0,
    ) -> None:
        self.model = model
        self.objective = objective
        self.risk = risk
        self.point = CurveSet.point(model.channels)
        self.draws = CurveSet.draws(model.channels)
        self.interactions = InteractionTerms.from_model(model, interaction_strength)
        profit = objective.kind == "profit"
        self.value_per_outcome = float(objective.value_per_outcome or 1.0) if profit else 1.0
        self.spend_cost = 1.0 if profit else 0.0

    def point_outcome(self, spend: FloatArray) -> float:
        """Media plus interaction outcome under the point curves."""
        levels = self.point.levels(spend)
        return float(self.point.value(spend).sum() + self.interactions.outcome(levels)[0])

    def draw_outcomes(self, spend: FloatArray) -> FloatArray:
        """Total outcome per draw, shape ``(draws,)``."""
        levels = self.draws.levels(spend)
        media = (self.draws.scale * levels).sum(axis=0)
        return np.asarray(media + self.interactions.outcome(levels))

    def point_marginal(self, spend: FloatArray) -> FloatArray:
        """:math:`\\partial O / \\partial x_i` under the point curves, interactions included."""
        levels = self.point.levels(spend)
        scale = self.interactions.effective_scale(self.point.scale, levels)
        return self.point.with_scale(scale).marginal(spend)

    def score(self, spend: FloatArray) -> float:
        """The objective value the optimizer maximises (volume or profit, under the risk)."""
        if self.risk.mode == "expected":
            outcome = self.point_outcome(spend)
            return self.value_per_outcome * outcome - self.spend_cost * float(spend.sum())
        values = self.value_per_outcome * self.draw_outcomes(spend) - self.spend_cost * spend.sum()
        return float(np.percentile(values, self.risk.percentile))

    def search_curves(self) -> CurveSet:
        """The curves whose weighted draws the solver equalises marginal returns on (point
        curves for ``expected``, every draw for ``conservative``), in outcome units."""
        return self.point if self.risk.mode == "expected" else self.draws
