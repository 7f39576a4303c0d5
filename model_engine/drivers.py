r"""Why each channel goes up, down or holds: structured reasons for the narrative layer.

For a plan from :func:`~model_engine.optimizer.optimize`, each channel gets a
:class:`ChannelDriver` of enums, numbers and flags; the narrative writes sentences from them
without computing anything. The logic follows the optimality conditions: at the optimum every
unconstrained channel's marginal return equals the equalised margin :math:`\lambda`, so a
channel whose marginal return at its *current* spend is above :math:`\lambda` gains budget and
one below loses it, until a constraint stops it. Marginal cost is :math:`1/f'(x)` (the
marginal CAC); average cost is :math:`x / f(x)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from model_engine.money import format_money
from model_engine.optimizer import AllocationResult
from model_engine.optimizer.scoring import PlanScorer
from model_engine.planning import Carryover, ChannelCurve, Evidence, HistoricalEffect, ResponseModel

SATURATED_LEVEL = 0.8  # share of the asymptote beyond which a channel counts as saturated
HOLD_FRACTION = 0.02  # a move of at most 2% of current spend (or 0.2% of the total) is a hold
HOLD_BUDGET_FRACTION = 0.002
HIGH_CONFIDENCE_WIDTH = 0.3  # relative 90% interval width
MEDIUM_CONFIDENCE_WIDTH = 0.8


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"
    HOLD = "hold"


class Reason(StrEnum):
    HIGHER_MARGINAL_RETURN = "higher_marginal_return"  # next dollar here beats the margin
    LOWER_MARGINAL_RETURN = "lower_marginal_return"  # next dollar here trails the margin
    AT_MARGIN = "at_margin"  # already at the equalised margin
    SATURATED = "saturated"  # past SATURATED_LEVEL of its asymptote at current spend
    BELOW_THRESHOLD = "below_threshold"  # S-shaped and short of its inflection
    HELD_AT_MINIMUM = "held_at_minimum"  # a floor keeps it up
    HELD_AT_MAXIMUM = "held_at_maximum"  # a cap keeps it down
    LOCKED = "locked"
    NO_EVIDENCE = "no_evidence"


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    UNRATED = "unrated"  # supplied curves without draws: no interval to judge by


@dataclass(frozen=True)
class ChannelDriver:
    channel: str
    direction: Direction
    primary_reason: Reason
    reasons: tuple[Reason, ...]
    current_spend: float
    recommended_spend: float
    change: float
    change_fraction: float | None
    marginal_return_current: float  # outcome per currency at current spend (current mix)
    marginal_return_recommended: float
    equalised_marginal_return: float
    marginal_ratio_current: float | None  # marginal return now / equalised margin
    marginal_cost_current: float | None  # 1 / marginal return (marginal CAC)
    marginal_cost_recommended: float | None
    average_cost_current: float | None  # spend / outcome at current spend (CAC)
    average_return_current: float | None  # outcome / spend at current spend (ROI, ROAS)
    saturation_current: float | None  # share of the asymptote; None for power curves
    saturation_recommended: float | None
    threshold_spend: float | None  # inflection of an S-shaped curve, else None
    binding: tuple[str, ...]
    carryover: Carryover | None
    evidence: Evidence
    relative_interval_width: float | None  # (high - low) / estimate at the recommendation
    confidence: Confidence
    contribution: HistoricalEffect | None  # history fits only


@dataclass(frozen=True)
class DriverReport:
    drivers: tuple[ChannelDriver, ...]
    equalised_marginal_return: float
    outcome_name: str
    currency: str

    def by_direction(self, direction: Direction) -> tuple[ChannelDriver, ...]:
        return tuple(d for d in self.drivers if d.direction == direction)

    def summary(self) -> str:
        def money(value: float | None) -> str:
            return "-" if value is None else format_money(value, self.currency)

        lines = [
            f"{'channel':<16} {'move':<9} {'reason':<24} {'marg. cost now':>15} "
            f"{'at plan':>10} {'saturation':>12} {'confidence':>10}"
        ]
        for d in self.drivers:
            saturation = (
                "-"
                if d.saturation_current is None or d.saturation_recommended is None
                else f"{d.saturation_current:.0%}->{d.saturation_recommended:.0%}"
            )
            lines.append(
                f"{d.channel:<16} {d.direction.value:<9} {d.primary_reason.value:<24} "
                f"{money(d.marginal_cost_current):>15} {money(d.marginal_cost_recommended):>10} "
                f"{saturation:>12} {d.confidence.value:>10}"
            )
        return "\n".join(lines)


def _inverse(value: float) -> float | None:
    return None if value <= 0 else 1.0 / value


def _saturation(channel: ChannelCurve, spend: float) -> float | None:
    level = channel.curve.saturation_level(spend)
    return None if level is None else float(level)


def _threshold(channel: ChannelCurve) -> float | None:
    inflection = getattr(channel.curve.saturation, "inflection", None)
    if inflection is None:
        return None
    value = float(np.max(inflection()))
    return value if value > 0 else None


def _confidence(evidence: Evidence, width: float | None) -> Confidence:
    if evidence in ("no_evidence", "prior_only"):
        return Confidence.LOW
    if width is None:
        return Confidence.UNRATED
    if width <= HIGH_CONFIDENCE_WIDTH:
        return Confidence.HIGH
    return Confidence.MEDIUM if width <= MEDIUM_CONFIDENCE_WIDTH else Confidence.LOW


def explain_drivers(model: ResponseModel, result: AllocationResult) -> DriverReport:
    """Structured reasons for every channel of ``result`` (a plan optimized on ``model``)."""
    scorer = PlanScorer(model, result.objective, result.risk)
    current = np.array([c.current_spend for c in model.channels])
    marginal_now = scorer.point_marginal(current)
    margin = result.equalised_marginal_return
    reports = {r.description: r for r in result.constraints}
    drivers = []
    for position, channel in enumerate(model.channels):
        plan = result.channel(channel.name)
        hold_band = max(HOLD_FRACTION * plan.current, HOLD_BUDGET_FRACTION * result.total_spend)
        if abs(plan.change) <= hold_band:
            direction = Direction.HOLD
        else:
            direction = Direction.INCREASE if plan.change > 0 else Direction.DECREASE
        kinds = {reports[d].kind for d in plan.binding if d in reports}
        saturation_now = _saturation(channel, plan.current)
        threshold = _threshold(channel)
        reasons: list[Reason] = []
        if channel.evidence == "no_evidence":
            reasons.append(Reason.NO_EVIDENCE)
        if "lock" in kinds:
            reasons.append(Reason.LOCKED)
        if plan.binding and "lock" not in kinds:
            # A floor holds a channel above the spend its marginal return deserves.
            held_up = plan.marginal_return < margin
            reasons.append(Reason.HELD_AT_MINIMUM if held_up else Reason.HELD_AT_MAXIMUM)
        ratio = None if margin <= 0 else float(marginal_now[position]) / margin
        if ratio is not None and abs(ratio - 1.0) <= 0.02:
            reasons.append(Reason.AT_MARGIN)
        elif ratio is not None:
            reasons.append(
                Reason.HIGHER_MARGINAL_RETURN if ratio > 1 else Reason.LOWER_MARGINAL_RETURN
            )
        if saturation_now is not None and saturation_now >= SATURATED_LEVEL:
            reasons.append(Reason.SATURATED)
        if threshold is not None and plan.current < threshold:
            reasons.append(Reason.BELOW_THRESHOLD)
        expected = plan.expected
        width = None
        if channel.draws is not None and expected.estimate > 0:
            width = (expected.high - expected.low) / expected.estimate
        outcome_now = plan.current_expected.estimate
        drivers.append(
            ChannelDriver(
                channel=channel.name,
                direction=direction,
                primary_reason=reasons[0] if reasons else Reason.AT_MARGIN,
                reasons=tuple(reasons),
                current_spend=plan.current,
                recommended_spend=plan.recommended,
                change=plan.change,
                change_fraction=plan.change_fraction,
                marginal_return_current=float(marginal_now[position]),
                marginal_return_recommended=plan.marginal_return,
                equalised_marginal_return=margin,
                marginal_ratio_current=ratio,
                marginal_cost_current=_inverse(float(marginal_now[position])),
                marginal_cost_recommended=plan.marginal_cost,
                average_cost_current=None if outcome_now <= 0 else plan.current / outcome_now,
                average_return_current=None if plan.current <= 0 else outcome_now / plan.current,
                saturation_current=saturation_now,
                saturation_recommended=_saturation(channel, plan.recommended),
                threshold_spend=threshold,
                binding=plan.binding,
                carryover=channel.carryover,
                evidence=channel.evidence,
                relative_interval_width=width,
                confidence=_confidence(channel.evidence, width),
                contribution=channel.history,
            )
        )
    return DriverReport(
        drivers=tuple(drivers),
        equalised_marginal_return=margin,
        outcome_name=result.outcome_name,
        currency=result.currency,
    )
