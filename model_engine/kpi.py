r"""The KPI a CMO means, derived from what the model measures and stated funnel figures.

A model measures one outcome (MQLs, leads, revenue). The CMO may mean another stage or its
value: "maximise qualified pipeline" means SQL pipeline value. With stated rates and values the
KPI of channel :math:`c` is the model outcome times

.. math:: v_c = \prod_{(s \to s') \in \text{path}} r_{s s'}^{(c)} \times V_{\text{stage}}
          \;(\times\ \text{margin for profit}),

a channel's own rate replacing the general one where given (events' MQLs may convert better).
Scaling each channel's curve by :math:`v_c` is exact for counts and values downstream of the
measured stage, so the optimizer, the calendar and the narrative work on the KPI unchanged.
When a rate or a value is missing the KPI falls back to the nearest one that can be derived,
and :attr:`Kpi.fallback` says so in a sentence. Targets map onto the optimizer's objectives:
a CAC ceiling and an ROI floor on ``volume_at_cac``, a volume goal at least cost on
``spend_for_volume``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from model_engine.constraints import Objective
from model_engine.datasets import OutcomeUnit
from model_engine.planning import ResponseModel

Stage = Literal["lead", "mql", "sql", "opportunity", "customer"]
Measure = Literal["count", "value", "profit"]
STAGES: tuple[Stage, ...] = ("lead", "mql", "sql", "opportunity", "customer")
STAGE_NAMES: dict[Stage, str] = {
    "lead": "leads",
    "mql": "MQLs",
    "sql": "SQLs",
    "opportunity": "opportunities",
    "customer": "customers",
}
_VALUE_NAMES: dict[Stage, str] = {
    "lead": "lead value",
    "mql": "MQL value",
    "sql": "SQL pipeline",
    "opportunity": "pipeline",
    "customer": "revenue",
}
# Words -> (stage, measure); longest phrases first so "qualified pipeline" beats "pipeline".
_GOAL_WORDS: tuple[tuple[str, Stage, Measure], ...] = (
    (r"sales[- ]qualified pipeline|sql pipeline|qualified pipeline", "sql", "value"),
    (r"pipeline|opportunity value", "opportunity", "value"),
    (r"gross profit|profit|margin", "customer", "profit"),
    (r"revenue|bookings|sales value|arr|acv", "customer", "value"),
    (r"sales[- ]qualified leads?|sqls?", "sql", "count"),
    (r"marketing[- ]qualified leads?|mqls?", "mql", "count"),
    (r"opportunit(?:y|ies)|opps", "opportunity", "count"),
    (r"customers?|deals?(?: won)?|wins|closed[- ]won|new logos|conversions?", "customer", "count"),
    (r"leads?|sign[- ]?ups?|signups", "lead", "count"),
)


@dataclass(frozen=True)
class FunnelRate:
    """Share of ``source`` that becomes ``target`` (0.3: 30% of MQLs become SQLs); for one
    channel when ``channel`` is set."""

    source: Stage
    target: Stage
    rate: float
    channel: str | None = None

    def __post_init__(self) -> None:
        if not 0 < self.rate <= 1:
            raise ValueError(f"a funnel rate must be above 0 and at most 100% ({self.rate:g})")
        if STAGES.index(self.target) <= STAGES.index(self.source):
            raise ValueError(f"a funnel rate runs forward: {self.source} to {self.target} does not")


@dataclass(frozen=True)
class Funnel:
    """Stated funnel figures: conversion rates, the value of one unit at a stage (pipeline per
    SQL, revenue per customer) and the gross margin for profit."""

    rates: tuple[FunnelRate, ...] = ()
    values: Mapping[Stage, float] = field(default_factory=dict)
    margin: float | None = None

    def __post_init__(self) -> None:
        for stage, value in self.values.items():
            if value <= 0:
                raise ValueError(f"the value per {stage} must be positive")
        if self.margin is not None and not 0 < self.margin <= 1:
            raise ValueError("the margin must be above 0 and at most 100%")

    def conversion(
        self, source: Stage, target: Stage, channel: str | None = None
    ) -> tuple[float, tuple[FunnelRate, ...]] | None:
        """The rate from ``source`` to ``target`` through stated rates (a channel's own rate
        preferred), with the rates used; ``None`` if no chain of rates connects them."""
        if source == target:
            return 1.0, ()
        best: tuple[float, tuple[FunnelRate, ...]] | None = None
        for rate in self._rates_from(source, channel):
            rest = self.conversion(rate.target, target, channel)
            if rest is not None and STAGES.index(rate.target) <= STAGES.index(target):
                candidate = (rate.rate * rest[0], (rate, *rest[1]))
                if best is None or len(candidate[1]) < len(best[1]):
                    best = candidate
        return best

    def _rates_from(self, source: Stage, channel: str | None) -> list[FunnelRate]:
        general = {r.target: r for r in self.rates if r.source == source and r.channel is None}
        if channel is not None:
            for r in self.rates:
                if r.source == source and r.channel and r.channel.casefold() == channel.casefold():
                    general[r.target] = r
        return list(general.values())


@dataclass(frozen=True)
class KpiGoal:
    """What the CMO asked to maximise, in words and as a funnel stage and measure."""

    stage: Stage
    measure: Measure
    words: str


@dataclass(frozen=True)
class KpiTarget:
    """``cac_ceiling``: at most this much currency per KPI unit; ``roi_floor``: at least this
    much KPI value per unit of currency; ``volume_goal``: reach this many KPI units at least
    cost."""

    kind: Literal["cac_ceiling", "roi_floor", "volume_goal"]
    value: float

    def __post_init__(self) -> None:
        if self.value <= 0:
            raise ValueError(f"a {self.kind.replace('_', ' ')} must be positive")


@dataclass(frozen=True)
class Kpi:
    """What is optimised and how it was derived from the model's outcome (to name in a reply).

    ``factor`` converts the model outcome to the KPI for channels without a rate of their own;
    ``channel_factors`` holds the channels that have one.
    """

    name: str
    unit: OutcomeUnit
    stage: Stage | None
    measure: Measure
    model_outcome: str
    factor: float
    channel_factors: Mapping[str, float]
    derivation: str
    requested: str | None = None
    fallback: str | None = None

    def factor_for(self, channel: str) -> float:
        return self.channel_factors.get(channel, self.factor)

    def channel_values(self, names: tuple[str, ...]) -> dict[str, float]:
        """Each channel's KPI per unit of model outcome (for the calendar)."""
        return {n: self.factor_for(n) for n in names}

    @property
    def is_identity(self) -> bool:
        return self.factor == 1.0 and all(v == 1.0 for v in self.channel_factors.values())

    def apply(self, model: ResponseModel) -> ResponseModel:
        """``model`` in KPI units: every channel's curve (and draws) scaled by its factor, the
        baseline by the general factor, an interaction by the mean of its two channels'."""
        if self.is_identity:
            return model
        channels = tuple(
            replace(
                c,
                curve=replace(c.curve, scale=c.curve.scale * self.factor_for(c.name)),
                draws=None
                if c.draws is None
                else replace(c.draws, scale=c.draws.scale * self.factor_for(c.name)),
            )
            for c in model.channels
        )
        interactions = tuple(
            replace(
                t,
                coefficient=t.coefficient
                * 0.5
                * (self.factor_for(t.channel_a) + self.factor_for(t.channel_b)),
            )
            for t in model.interactions
        )
        return replace(
            model,
            channels=channels,
            interactions=interactions,
            outcome_name=self.name,
            outcome_unit=self.unit,
            baseline_outcome=model.baseline_outcome * self.factor,
            notes=(*model.notes, f"optimising {self.describe()}"),
        )

    def objective(self, target: KpiTarget | None = None) -> Objective:
        """The optimizer objective for this KPI and an optional target."""
        if target is None:
            if self.measure == "profit":
                return Objective("profit", value_per_outcome=1.0)
            return Objective("volume")
        if target.kind == "cac_ceiling":
            return Objective("volume_at_cac", target_cac=target.value)
        if target.kind == "roi_floor":
            if self.unit != "currency":
                raise ValueError(
                    f"an ROI floor needs the KPI in money, but {self.name} is a count: give the "
                    "value of one (e.g. pipeline per SQL) or use a cost-per ceiling instead"
                )
            return Objective("volume_at_cac", target_cac=1.0 / target.value)
        return Objective("spend_for_volume", target_volume=target.value)

    def describe(self) -> str:
        """'SQL pipeline (MQLs x 30% MQL->SQL x $40,000 per SQL)'; the fallback follows."""
        text = self.name if self.is_identity else f"{self.name} ({self.derivation})"
        return text if self.fallback is None else f"{text}; {self.fallback}"


def stage_of(outcome: str) -> tuple[Stage, Measure] | None:
    """The stage and measure an outcome's name denotes (``"MQLs"`` -> mql count)."""
    goal = parse_kpi_goal(outcome)
    return None if goal is None else (goal.stage, goal.measure)


def parse_kpi_goal(text: str) -> KpiGoal | None:
    """The KPI words of a goal ("maximize qualified pipeline"), or ``None`` if none."""
    lowered = " ".join(text.casefold().split())
    for pattern, stage, measure in _GOAL_WORDS:
        match = re.search(rf"\b(?:{pattern})\b", lowered)
        if match:
            return KpiGoal(stage, measure, match.group(0))
    return None


def _percent(rate: float) -> str:
    return f"{rate:.0%}" if round(rate * 100) == rate * 100 else f"{rate:.1%}"


def resolve_kpi(
    goal: KpiGoal | None,
    model_outcome: str,
    model_unit: OutcomeUnit,
    funnel: Funnel | None = None,
    channels: tuple[str, ...] = (),
    currency_symbol: str = "$",
) -> Kpi:
    """The KPI to optimise for ``goal`` given what the model measures and the funnel figures.

    Downstream counts need a chain of rates from the model's stage; values need a value per
    unit at the goal's stage as well. A missing figure falls back to the nearest KPI that can
    be derived (the goal's count, else the model's outcome), and ``fallback`` names the figure
    that would make the asked-for KPI possible.
    """
    funnel = funnel or Funnel()
    measured = stage_of(model_outcome)
    identity = Kpi(
        model_outcome,
        model_unit,
        None if measured is None else measured[0],
        "value" if model_unit == "currency" else "count",
        model_outcome,
        1.0,
        {},
        f"the model's outcome, {model_outcome}",
        None if goal is None else goal.words,
    )
    if goal is None:
        return identity
    if model_unit == "currency" or measured is None or measured[1] != "count":
        if goal.measure == "profit":
            margin = funnel.margin
            if margin is None:
                return replace(
                    identity,
                    measure="profit",
                    fallback=f"no margin given, so profit counts {model_outcome} minus spend",
                )
            return replace(
                identity,
                name=f"gross profit on {model_outcome}",
                measure="profit",
                factor=margin,
                derivation=f"{model_outcome} x {_percent(margin)} margin",
            )
        if model_unit == "currency" or (goal.measure == "count" and measured is None):
            return identity
        return replace(
            identity,
            fallback=(
                f"the model measures {model_outcome}, not a funnel stage, so it optimises that"
            ),
        )
    source = measured[0]
    if STAGES.index(goal.stage) < STAGES.index(source):
        return replace(
            identity,
            fallback=(
                f"{STAGE_NAMES[goal.stage]} come before {model_outcome} in the funnel, so they "
                f"cannot be derived from it: this optimises {model_outcome}"
            ),
        )
    general = funnel.conversion(source, goal.stage)
    own = {c: funnel.conversion(source, goal.stage, c) for c in channels}
    if general is None and (not channels or not all(v is not None for v in own.values())):
        return replace(
            identity,
            fallback=(
                f"no {STAGE_NAMES[source]} to {STAGE_NAMES[goal.stage]} rate was given, so this "
                f"optimises {model_outcome}; give the rate (e.g. '30% of {STAGE_NAMES[source]} "
                f"become {STAGE_NAMES[goal.stage]}') to optimise {goal.words}"
            ),
        )
    rate = 1.0 if general is None else general[0]
    path = () if general is None else general[1]
    channel_rates = {
        c: found[0] for c, found in own.items() if found is not None and found[0] != rate
    }
    steps = " x ".join(
        f"{_percent(r.rate)} {STAGE_NAMES[r.source][:-1]}->{STAGE_NAMES[r.target][:-1]}"
        for r in path
    )
    derivation = model_outcome + (f" x {steps}" if steps else "")
    if channel_rates:
        derivation += " (own rates for " + ", ".join(sorted(channel_rates)) + ")"
    counted = Kpi(
        STAGE_NAMES[goal.stage],
        "count",
        goal.stage,
        "count",
        model_outcome,
        rate,
        channel_rates,
        derivation,
        goal.words,
    )
    if goal.measure == "count":
        return counted
    value = funnel.values.get(goal.stage)
    if value is None:
        unit_name = STAGE_NAMES[goal.stage][:-1] if goal.stage != "opportunity" else "opportunity"
        return replace(
            counted,
            fallback=(
                f"no value per {unit_name} was given, so this optimises "
                f"{STAGE_NAMES[goal.stage]}; give it (e.g. '{currency_symbol}40K per "
                f"{unit_name}') to optimise {goal.words}"
            ),
        )
    margin = funnel.margin if goal.measure == "profit" else None
    multiplier = value * (margin or 1.0)
    name = "gross profit" if margin is not None else _VALUE_NAMES[goal.stage]
    per = STAGE_NAMES[goal.stage][:-1] if goal.stage != "opportunity" else "opportunity"
    derivation = f"{counted.derivation} x {currency_symbol}{value:,.0f} per {per}"
    if margin is not None:
        derivation += f" x {_percent(margin)} margin"
    fallback = None
    if goal.measure == "profit" and margin is None:
        fallback = "no margin given, so profit counts revenue minus spend"
    return Kpi(
        name,
        "currency",
        goal.stage,
        goal.measure,
        model_outcome,
        rate * multiplier,
        {c: r * multiplier for c, r in channel_rates.items()},
        derivation,
        goal.words,
        fallback,
    )
