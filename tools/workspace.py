"""The conversation's working data, which the tools read and update.

One :class:`Workspace` belongs to one conversation (one browser tab, one ``--session`` file):
the data the CMO gave, the fitted model, the plan inputs and the latest results. Tools take it
as their context, so a follow-up ("what if the budget drops 15%?") works on the last plan.
Nothing here computes; results come from ``model_engine`` through the tools.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from model_engine.channels import BRAND_BUILDING_TYPES, ChannelType
from model_engine.constraints import Objective, RiskPreference
from model_engine.datasets import SnapshotData
from model_engine.drivers import DriverReport
from model_engine.intake import HistoryLoad, QuotedConstraint
from model_engine.mmm import HistoryFit
from model_engine.optimizer import AllocationResult
from model_engine.planning import ResponseModel
from model_engine.scenarios import ScenarioComparison
from model_engine.sensitivity import SensitivityResult
from model_engine.snapshot import ChannelOverride, SnapshotFit

DEFAULT_HORIZON_WEEKS = 13
# Curves calibrated from one quarter are trusted near what was observed, so by default no
# channel moves more than this from its current spend. The reply says so; the user can lift it.
DEFAULT_MAX_CHANGE = 0.5


class ToolError(ValueError):
    """A tool could not run on what it was given; the message says why and what to do.

    ``kind`` lets a caller tell constraint conflicts (``"infeasible"``: ask which constraint
    to loosen) from everything else (``"error"``).
    """

    def __init__(self, message: str, kind: str = "error") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class PlanOutput:
    """A plan, its driver explanations and the constraints it was made under, with the words
    each came from."""

    plan: AllocationResult
    drivers: DriverReport
    constraints: tuple[QuotedConstraint, ...]


@dataclass(frozen=True)
class Preferences:
    """Chat settings that shape every plan unless the message says otherwise."""

    objective: Literal["volume", "profit"] = "volume"
    risk: Literal["expected", "conservative"] = "expected"
    max_change: float | None = DEFAULT_MAX_CHANGE  # None: no limit on moves
    use_llm: bool = True


@dataclass
class Workspace:
    """Everything a conversation has established so far."""

    snapshot: SnapshotData | None = None
    overrides: dict[str, ChannelOverride] = field(default_factory=dict)
    history: HistoryLoad | None = None
    history_choices: dict[str, Any] = field(default_factory=dict)  # columns the user named
    snapshot_fit: SnapshotFit | None = None
    history_fit: HistoryFit | None = None
    insist_on_unreliable_model: bool = False
    brand_building_types: frozenset[ChannelType] = BRAND_BUILDING_TYPES

    budget: float | None = None
    budget_mode: Literal["exact", "at_most"] = "exact"
    horizon_weeks: int = DEFAULT_HORIZON_WEEKS
    objective: Objective | None = None
    objective_outcome: str | None = None
    risk: RiskPreference | None = None
    constraints: list[QuotedConstraint] = field(default_factory=list)
    preferences: Preferences = field(default_factory=Preferences)

    model: ResponseModel | None = None
    plan: PlanOutput | None = None  # the latest plan shown, a scenario's after a what-if
    plan_origin: tuple[str, dict[str, Any]] | None = None  # the tool call that made it
    scenarios: ScenarioComparison | None = None
    sensitivity: SensitivityResult | None = None

    @property
    def has_data(self) -> bool:
        return self.snapshot is not None or self.history is not None

    def forget_results(self) -> None:
        """New data or a new fit makes every earlier result stale."""
        self.model = None
        self.plan = None
        self.plan_origin = None
        self.scenarios = None
        self.sensitivity = None
