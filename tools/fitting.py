"""Fitting tool: response curves from the conversation's data (one quarter or a history)."""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator

from model_engine.channel_matching import ChannelMatcher
from model_engine.mmm import HistoryFit
from model_engine.snapshot import ChannelOverride
from tools.context import ToolContext, ToolOutcome
from tools.state import PlanInputs, ToolError
from tools.views.fit import FitView, history_fit_view, snapshot_fit_view


class CurveOverride(BaseModel):
    """What the user knows about one channel's curve ("email saturates at about $300K")."""

    channel: str = Field(description="Channel name as in the data.")
    half_saturation: float | None = Field(
        None, gt=0, description="Spend per period at which half the channel's ceiling is reached."
    )
    elasticity: float | None = Field(
        None, gt=0, lt=1, description="% outcome change for a 1% spend change at current spend."
    )
    shape: float | None = Field(None, gt=0, description="Hill shape: 1 concave, >1 S-shaped.")

    @model_validator(mode="after")
    def _one_placement(self) -> CurveOverride:
        if self.half_saturation is None and self.elasticity is None and self.shape is None:
            raise ValueError("give a half_saturation, an elasticity or a shape")
        return self


class FitArgs(BaseModel):
    overrides: list[CurveOverride] = Field(
        default_factory=list, description="User knowledge that replaces a channel's prior."
    )
    use_even_if_unreliable: bool = Field(
        False,
        description="Plan from a history model that failed validation; only when the user "
        "explicitly insists after being told.",
    )


def fit_response_curves(context: ToolContext, args: FitArgs) -> ToolOutcome:
    """Fit a response curve per channel (adstock/carryover and saturation) to the data in the
    conversation, with 90% intervals. From one quarter of results each curve passes through
    the observed point and takes its shape from published priors for its channel type; from a
    weekly history it is a full marketing-mix model, validated on the last 15% of weeks."""
    inputs = with_fit_args(context.inputs, args)
    fit = context.results.fit(inputs)
    view = fit_view(fit, inputs)
    return ToolOutcome(view, fit, inputs if inputs != context.inputs else None)


def fit_view(fit: object, inputs: PlanInputs) -> FitView:
    if isinstance(fit, HistoryFit):
        anyway = inputs.insist_on_unreliable_model and not fit.usable_for_planning
        return history_fit_view(fit, planning_anyway=anyway)
    return snapshot_fit_view(fit)  # type: ignore[arg-type]


def with_fit_args(inputs: PlanInputs, args: FitArgs) -> PlanInputs:
    changes: dict[str, object] = {}
    if args.use_even_if_unreliable:
        changes["insist_on_unreliable_model"] = True
    if args.overrides:
        if inputs.snapshot is None:
            raise ToolError(
                "Curve knowledge is used with one quarter of results; a weekly history model "
                "estimates saturation from the data."
            )
        matcher = ChannelMatcher.of([c.name for c in inputs.snapshot.channels])
        overrides = dict(inputs.overrides)
        for override in args.overrides:
            try:
                channel = matcher.require(override.channel)
            except ValueError as error:
                raise ToolError(str(error)) from error
            overrides[channel] = ChannelOverride(
                half_saturation=override.half_saturation,
                elasticity=override.elasticity,
                shape=override.shape,
            )
        changes["overrides"] = overrides
    return inputs.model_copy(update=changes) if changes else inputs
