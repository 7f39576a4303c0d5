r"""Sensitivity: which assumptions move the recommendation most, as a tornado table.

Each assumption is set low and high in turn and the plan re-optimized under the same request:

- every curve parameter of every channel (``scale``, ``half_saturation``, ``shape``, ``lam``,
  ``exponent``) times :math:`1 \mp \delta` (the draws move with the point curve; a flighted
  curve's parameters are those of its even-spend curve, the pattern being a decision);
- each channel's prior/posterior range: its curve replaced by the draw whose marginal return
  at the current spend sits at the 5th and at the 95th percentile (the marginal return is what
  moves budget, and it varies even where every draw passes through the observed point, as in
  a snapshot fit);
- interaction strength: every coefficient times 0 and times 2.

For each setting the row holds the change in expected outcome of the re-optimized plan
(against the base plan) and the budget it moves, :math:`\tfrac12 \sum_i |x_i' - x_i|`. Rows
are sorted by the larger budget moved, then by the larger outcome change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from model_engine.constraints import PlanRequest
from model_engine.money import format_money
from model_engine.optimizer import AllocationResult, OptimizerSettings, optimize
from model_engine.planning import ChannelCurve, ResponseModel
from model_engine.response import ResponseCurve

_EXPONENT_CAP = 1.0  # a power curve's elasticity stays at most 1 (concave)
_RANGE_PERCENTILES = (5.0, 95.0)


@dataclass(frozen=True)
class TornadoRow:
    """One assumption at its low and high setting."""

    assumption: str
    channel: str | None
    parameter: str
    low_setting: float
    high_setting: float
    low_outcome_change: float
    high_outcome_change: float
    low_allocation_shift: float  # budget moved between channels, in currency
    high_allocation_shift: float

    @property
    def allocation_swing(self) -> float:
        return max(self.low_allocation_shift, self.high_allocation_shift)

    @property
    def outcome_swing(self) -> float:
        return max(abs(self.low_outcome_change), abs(self.high_outcome_change))


@dataclass(frozen=True)
class SensitivityResult:
    base: AllocationResult
    rows: tuple[TornadoRow, ...]  # most influential first
    relative_step: float

    def summary(self) -> str:
        money = partial(format_money, currency=self.base.currency)
        width = max(10, *(len(r.assumption) for r in self.rows)) if self.rows else 10
        lines = [
            f"Sensitivity of the plan (parameters ±{self.relative_step:.0%}; "
            f"base {self.base.expected.estimate:,.0f} {self.base.outcome_name})",
            f"{'assumption':<{width}} {'low':>10} {'high':>10} {'Δ outcome low':>14} "
            f"{'Δ outcome high':>15} {'moved low':>12} {'moved high':>12}",
        ]
        for r in self.rows:
            lines.append(
                f"{r.assumption:<{width}} {r.low_setting:>10.4g} {r.high_setting:>10.4g} "
                f"{r.low_outcome_change:>+14,.0f} {r.high_outcome_change:>+15,.0f} "
                f"{money(r.low_allocation_shift):>12} {money(r.high_allocation_shift):>12}"
            )
        return "\n".join(lines)


def _with_parameter(curve: ResponseCurve, parameter: str, factor: float) -> ResponseCurve:
    if parameter == "scale":
        return ResponseCurve(curve.saturation, np.asarray(curve.scale) * factor)
    value = np.asarray(curve.saturation.params()[parameter]) * factor
    if parameter == "exponent":
        value = np.minimum(value, _EXPONENT_CAP)
    changed = curve.saturation.with_params(**{parameter: value if value.ndim else float(value)})
    return ResponseCurve(changed, curve.scale)


def _scaled_channel(channel: ChannelCurve, parameter: str, factor: float) -> ChannelCurve:
    draws = None if channel.draws is None else _with_parameter(channel.draws, parameter, factor)
    return replace(channel, curve=_with_parameter(channel.curve, parameter, factor), draws=draws)


def _quantile_draw(channel: ChannelCurve, percentile: float) -> ResponseCurve:
    """The draw whose marginal return at the current spend is nearest the given percentile."""
    assert channel.draws is not None
    marginals = np.atleast_1d(channel.draws.marginal(channel.current_spend))
    target = np.percentile(marginals, percentile)
    index = int(np.argmin(np.abs(marginals - target)))
    return channel.draws.draw(index)


class _Runner:
    def __init__(
        self, model: ResponseModel, request: PlanRequest, settings: OptimizerSettings
    ) -> None:
        self.model = model
        self.request = request
        self.settings = settings
        self.base = optimize(model, request, settings)
        self.base_spend = np.array([c.recommended for c in self.base.channels])

    def effect(
        self, model: ResponseModel, settings: OptimizerSettings | None = None
    ) -> tuple[float, float]:
        """(outcome change, budget moved) of the plan re-optimized under ``model``."""
        result = optimize(model, self.request, settings or self.settings)
        spend = np.array([c.recommended for c in result.channels])
        moved = 0.5 * float(np.abs(spend - self.base_spend).sum())
        return result.expected.estimate - self.base.expected.estimate, moved

    def row(
        self,
        assumption: str,
        channel: str | None,
        parameter: str,
        settings: tuple[float, float],
        build: Callable[[float], tuple[ResponseModel, OptimizerSettings | None]],
    ) -> TornadoRow:
        low_change, low_moved = self.effect(*build(settings[0]))
        high_change, high_moved = self.effect(*build(settings[1]))
        return TornadoRow(
            assumption=assumption,
            channel=channel,
            parameter=parameter,
            low_setting=settings[0],
            high_setting=settings[1],
            low_outcome_change=low_change,
            high_outcome_change=high_change,
            low_allocation_shift=low_moved,
            high_allocation_shift=high_moved,
        )


def analyse_sensitivity(
    model: ResponseModel,
    request: PlanRequest,
    relative_step: float = 0.2,
    settings: OptimizerSettings | None = None,
) -> SensitivityResult:
    """The tornado table for ``request`` on ``model`` (see the module docstring)."""
    if not 0 < relative_step < 1:
        raise ValueError("the relative step must be between 0 and 1 (0.2 = ±20%)")
    base_settings = replace(settings or OptimizerSettings(), price_constraints=False)
    runner = _Runner(model, request, base_settings)
    rows = []
    factors = (1.0 - relative_step, 1.0 + relative_step)
    for channel in model.channels:
        parameters = ["scale", *channel.curve.saturation.params()]
        for parameter in parameters:

            def build(
                factor: float, channel: ChannelCurve = channel, parameter: str = parameter
            ) -> tuple[ResponseModel, OptimizerSettings | None]:
                return model.with_channel(_scaled_channel(channel, parameter, factor)), None

            rows.append(
                runner.row(f"{channel.name}: {parameter}", channel.name, parameter, factors, build)
            )
        if channel.draws is not None and channel.draws.n_draws > 1:

            def build_range(
                percentile: float, channel: ChannelCurve = channel
            ) -> tuple[ResponseModel, OptimizerSettings | None]:
                curve = _quantile_draw(channel, percentile)
                return model.with_channel(replace(channel, curve=curve)), None

            rows.append(
                runner.row(
                    f"{channel.name}: curve range",
                    channel.name,
                    "draw percentile",
                    _RANGE_PERCENTILES,
                    build_range,
                )
            )
    if model.interactions:

        def build_strength(strength: float) -> tuple[ResponseModel, OptimizerSettings | None]:
            return model, replace(base_settings, interaction_strength=strength)

        rows.append(
            runner.row(
                "interaction strength", None, "interaction strength", (0.0, 2.0), build_strength
            )
        )
    rows.sort(key=lambda r: (-r.allocation_swing, -r.outcome_swing, r.assumption))
    return SensitivityResult(base=runner.base, rows=tuple(rows), relative_step=relative_step)
