"""What a conversation has established, as immutable inputs: :class:`PlanInputs`.

The data (one quarter of results, or the file a weekly history came from), what the CMO knows
about curves, the budget, horizon, objective, risk, constraints with the words they came from,
and the chat settings. Nothing derived lives here: fits, the current plan and explanations
are recomputed from these inputs (and cached, :mod:`tools.derived`), so they can never drift
out of step with them. A change is a new ``PlanInputs``; the previous one is what ``undo``
goes back to. The model round-trips through JSON (``model_dump_json``/``model_validate_json``)
straight into the engine's dataclasses, which is how a session is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from model_engine.channels import BRAND_BUILDING_TYPES, ChannelType
from model_engine.constraints import Objective, RiskPreference
from model_engine.datasets import SnapshotData
from model_engine.drivers import DriverReport
from model_engine.intake import QuotedConstraint
from model_engine.optimizer import AllocationResult
from model_engine.snapshot import ChannelOverride

DEFAULT_HORIZON_WEEKS = 13
# Curves calibrated from one quarter are trusted near what was observed, so by default no
# channel's spend moves more than this from its current spend. The reply says so; the user can
# lift it.
DEFAULT_MAX_CHANGE = 0.5


class ObjectiveChoice(StrEnum):
    """The objectives the settings panel offers (the engine knows two more, set in words)."""

    VOLUME = "volume"
    PROFIT = "profit"


class RiskChoice(StrEnum):
    EXPECTED = "expected"
    CONSERVATIVE = "conservative"


class ToolError(ValueError):
    """A tool could not run on what it was given; the message says why and what to do.

    ``kind`` lets a caller tell constraint conflicts (``"infeasible"``: ask which constraint
    to loosen) and figures the model handed over that the user never wrote
    (``"unverified"``: the planner reads the message instead) from everything else
    (``"error"``).
    """

    def __init__(
        self, message: str, kind: Literal["error", "infeasible", "unverified"] = "error"
    ) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class PlanOutput:
    """A plan, its driver explanations and the constraints it was made under, with the words
    each came from."""

    plan: AllocationResult
    drivers: DriverReport
    constraints: tuple[QuotedConstraint, ...]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Preferences(_Frozen):
    """Chat settings that shape every plan unless the message says otherwise."""

    objective: ObjectiveChoice = ObjectiveChoice.VOLUME
    risk: RiskChoice = RiskChoice.EXPECTED
    max_change: float | None = Field(DEFAULT_MAX_CHANGE, ge=0)  # None: no limit on moves
    use_llm: bool = True


class HistorySource(_Frozen):
    """Where a weekly history came from and the columns the user named; ``renames`` gives
    channels the names the CMO uses ("call tv_S TV")."""

    path: str
    target: str | None = None
    date: str | None = None
    channels: tuple[str, ...] | None = None
    controls: tuple[str, ...] | None = None
    renames: dict[str, str] = Field(default_factory=dict)


class PlanInputs(_Frozen):
    """Everything a conversation has established so far (see the module docstring)."""

    snapshot: SnapshotData | None = None
    history: HistorySource | None = None
    overrides: dict[str, ChannelOverride] = Field(default_factory=dict)
    brand_building_types: frozenset[ChannelType] = BRAND_BUILDING_TYPES
    insist_on_unreliable_model: bool = False
    budget: float | None = Field(None, gt=0)
    budget_mode: Literal["exact", "at_most"] = "exact"
    horizon_weeks: int = Field(DEFAULT_HORIZON_WEEKS, gt=0)
    objective: Objective | None = None
    objective_outcome: str | None = None
    risk: RiskPreference | None = None
    constraints: tuple[QuotedConstraint, ...] = ()
    preferences: Preferences = Field(default_factory=Preferences)

    @property
    def has_data(self) -> bool:
        return self.snapshot is not None or self.history is not None

    def objective_kind(self) -> str:
        """The objective plans use: the one stated in words, else the setting's."""
        return self.objective.kind if self.objective is not None else self.preferences.objective

    def risk_mode(self) -> str:
        return self.risk.mode if self.risk is not None else self.preferences.risk
