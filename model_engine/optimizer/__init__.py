"""Allocation optimizer: the spend per channel that maximises an objective under constraints.

Public API: :func:`optimize` returns an :class:`AllocationResult`. Expected failures are
``ValueError`` subclasses: :class:`InfeasiblePlanError` names the constraints that conflict,
:class:`NonNestedGroupsError` two groups that overlap without nesting,
:class:`UnreachableTargetError` an efficiency target out of reach.

Layout: ``region`` resolves the request into limits and checks feasibility; ``curves`` and
``scoring`` evaluate channel curves, interactions and the objective; ``water_filling`` solves
concave problems exactly; ``nonconcave`` chooses regimes for S-shaped curves;
``solver`` adds interactions, risk and efficiency objectives; ``engine`` reports;
``crossing`` prices groups that cross (market and national channel rules) by Lagrange
multipliers around the water-filling, with a certified gap; ``geo`` plans geo x channel lines.
"""

from model_engine.optimizer.engine import OptimizerSettings, optimize
from model_engine.optimizer.region import InfeasiblePlanError, NoEvidencePin, TotalBudget
from model_engine.optimizer.result import AllocationResult, ChannelAllocation, ConstraintReport
from model_engine.optimizer.solver import UnreachableTargetError
from model_engine.optimizer.water_filling import NonNestedGroupsError

__all__ = [
    "AllocationResult",
    "ChannelAllocation",
    "ConstraintReport",
    "InfeasiblePlanError",
    "NoEvidencePin",
    "NonNestedGroupsError",
    "OptimizerSettings",
    "TotalBudget",
    "UnreachableTargetError",
    "optimize",
]
