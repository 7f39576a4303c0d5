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
from datetime import date
from enum import StrEnum
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from model_engine.attribution import ModelName
from model_engine.channels import BRAND_BUILDING_TYPES, ChannelType
from model_engine.constraints import Objective, RiskPreference
from model_engine.datasets import SnapshotData
from model_engine.drivers import DriverReport
from model_engine.experiments import LiftTest
from model_engine.intake import QuotedConstraint
from model_engine.kpi import Kpi
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
    to loosen), figures the model handed over that the user never wrote
    (``"unverified"``: the planner reads the message instead) and what-ifs that need the
    user's answer (``"ask"``: a channel not in the data, a cut larger than the plan puts there;
    the planner reads the message and asks) from everything else (``"error"``).
    """

    def __init__(
        self, message: str, kind: Literal["error", "infeasible", "unverified", "ask"] = "error"
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
    kpi: Kpi | None = None  # the KPI the CMO named, when one was (see PlanInputs.kpi_statements)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Preferences(_Frozen):
    """Chat settings that shape every plan unless the message says otherwise."""

    objective: ObjectiveChoice = ObjectiveChoice.VOLUME
    risk: RiskChoice = RiskChoice.EXPECTED
    max_change: float | None = Field(DEFAULT_MAX_CHANGE, ge=0)  # None: no limit on moves
    use_llm: bool = True
    # The attribution model the CMO reports with ("we report on Markov"). Reporting only:
    # plans keep using the mix model's increments.
    attribution_model: ModelName | None = None


class HistorySource(_Frozen):
    """Where a weekly history came from and the columns the user named; ``renames`` gives
    channels the names the CMO uses ("call tv_S TV")."""

    path: str
    target: str | None = None
    date: str | None = None
    channels: tuple[str, ...] | None = None
    controls: tuple[str, ...] | None = None
    renames: dict[str, str] = Field(default_factory=dict)


class PanelSource(_Frozen):
    """A panel history (one row per geo and week) the conversation plans by market: the file
    and its geo column (``None``: the one detected)."""

    path: str
    geo: str | None = None


class JourneySource(_Frozen):
    """The customer journeys of the conversation: an uploaded file's path or a pasted table."""

    path: str | None = None
    text: str | None = None


class LiftTestEntry(_Frozen):
    """One lift-test result the CMO gave (a pasted statement or a file row), as the engine's
    :class:`~model_engine.experiments.LiftTest` reads it."""

    channel: str
    start: date
    end: date
    spend_change: float
    outcome_change: float
    outcome_change_se: float = Field(gt=0)
    measured_until: date | None = None
    source: str = ""

    @classmethod
    def of(cls, test: LiftTest) -> LiftTestEntry:
        return cls(
            channel=test.channel,
            start=test.start.date(),
            end=test.end.date(),
            spend_change=test.spend_change,
            outcome_change=test.outcome_change,
            outcome_change_se=test.outcome_change_se,
            measured_until=None if test.measured_until is None else test.measured_until.date(),
            source=test.source,
        )

    def to_engine(self) -> LiftTest:
        return LiftTest(
            channel=self.channel,
            start=pd.Timestamp(self.start),
            end=pd.Timestamp(self.end),
            spend_change=self.spend_change,
            outcome_change=self.outcome_change,
            outcome_change_se=self.outcome_change_se,
            measured_until=None
            if self.measured_until is None
            else pd.Timestamp(self.measured_until),
            source=self.source,
        )


class CalendarPlan(_Frozen):
    """The weekly calendar the conversation last planned ("plan Q1 2027 week by week"): the
    period and pacing rules in the CMO's words and figures. Its budget and weeks are the
    inputs' own (``budget``, ``horizon_weeks``), so "now with 10% less" changes them; a plan
    adopted while it is set stores the calendar recomputed from these inputs."""

    period: str | None = None  # "Q1 2027"; None: the ``horizon_weeks`` after the history
    kpi: str | None = None  # the KPI in the CMO's words
    parts: int = Field(1, gt=0)  # "$2M per quarter over H1": the budget is per part
    max_weekly_change: float | None = Field(None, ge=0)
    min_weekly_spend: float | None = Field(None, ge=0)
    dark_weeks: tuple[date, ...] = ()
    front_load: float | None = Field(None, gt=0, le=1)
    back_load: float | None = Field(None, gt=0, le=1)


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
    journeys: JourneySource | None = None  # customer journeys for attribution
    lift_tests: tuple[LiftTestEntry, ...] = ()  # experiments that calibrate the history fit
    calendar: CalendarPlan | None = None  # the weekly calendar last planned, if any
    # The funnel rates, values and KPI goal as said ("MQL to SQL is 30%", "maximise qualified
    # pipeline"), read again by model_engine.funnel_statements; later phrases win.
    kpi_statements: tuple[str, ...] = ()
    panel: PanelSource | None = None  # a geo panel, planned by market (geo x channel)

    @property
    def has_data(self) -> bool:
        return self.snapshot is not None or self.history is not None

    def objective_kind(self) -> str:
        """The objective plans use: the one stated in words, else the setting's."""
        return self.objective.kind if self.objective is not None else self.preferences.objective

    def risk_mode(self) -> str:
        return self.risk.mode if self.risk is not None else self.preferences.risk
