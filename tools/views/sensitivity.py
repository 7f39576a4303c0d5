"""Sensitivity as one typed object: :class:`SensitivityView`.

Ranked by the outcome at stake (the larger of the two outcome changes when an assumption is
set low or high), not by budget moved: what a CMO risks is outcome. Every channel appears in
``channels`` (its most consequential assumption), so the table and the tornado chart, which
both read it in this order, show the same channels in the same order.
"""

from __future__ import annotations

from model_engine.sensitivity import SensitivityResult, TornadoRow
from tools.views.base import OutcomeView, View
from tools.views.units import Fraction, Money, OutcomeAmount, Ratio

CURVE_RANGE = "curve range"
PARAMETER_NAMES = {
    "scale": "ceiling (scale)",
    "half_saturation": "half-saturation point",
    "shape": "curve shape",
    "lam": "saturation speed",
    "exponent": "elasticity",
    "draw percentile": "curve range (pessimistic / optimistic draw)",
    "interaction strength": "interaction strength",
}


class AssumptionLine(View):
    assumption: str  # "Paid search: half-saturation point"
    channel: str | None
    parameter: str
    setting: str  # "×0.8 / ×1.2", or "pessimistic / optimistic"
    low_setting: Ratio
    high_setting: Ratio
    outcome_change_low: OutcomeAmount
    outcome_change_high: OutcomeAmount
    outcome_at_stake: OutcomeAmount
    budget_moved_low: Money
    budget_moved_high: Money


class SensitivityView(OutcomeView):
    relative_step: Fraction
    plan_name: str
    base_expected_total: OutcomeAmount
    channels: list[AssumptionLine]  # one per channel (and interactions), most at stake first
    rows: list[AssumptionLine]  # every assumption, most at stake first


def _label(row: TornadoRow) -> str:
    parameter = PARAMETER_NAMES.get(row.parameter, row.parameter)
    return f"{row.channel}: {parameter}" if row.channel else parameter


def _setting(row: TornadoRow) -> str:
    if row.parameter == "draw percentile":
        return "pessimistic / optimistic"
    return f"×{row.low_setting:g} / ×{row.high_setting:g}"


def _line(row: TornadoRow) -> AssumptionLine:
    return AssumptionLine(
        assumption=_label(row),
        channel=row.channel,
        parameter=row.parameter,
        setting=_setting(row),
        low_setting=Ratio.of(row.low_setting),
        high_setting=Ratio.of(row.high_setting),
        outcome_change_low=OutcomeAmount.of(row.low_outcome_change),
        outcome_change_high=OutcomeAmount.of(row.high_outcome_change),
        outcome_at_stake=OutcomeAmount.of(row.outcome_swing),
        budget_moved_low=Money.of(row.low_allocation_shift),
        budget_moved_high=Money.of(row.high_allocation_shift),
    )


def sensitivity_view(result: SensitivityResult, plan_name: str) -> SensitivityView:
    ranked = sorted(
        result.rows, key=lambda r: (-r.outcome_swing, -r.allocation_swing, r.assumption)
    )
    by_channel: dict[str | None, TornadoRow] = {}
    for row in ranked:
        by_channel.setdefault(row.channel, row)
    base = result.base
    return SensitivityView(
        currency=base.currency,
        outcome_name=base.outcome_name,
        outcome_unit=base.outcome_unit,
        relative_step=Fraction.of(result.relative_step),
        plan_name=plan_name,
        base_expected_total=OutcomeAmount.of(base.expected.estimate),
        channels=[_line(r) for r in by_channel.values()],
        rows=[_line(r) for r in ranked],
    )
