r"""An honest verdict on a plan: "fit for planning" only when the moves it makes are identified.

A channel's return is *identified* when the history (or a lift test) pins it down: the top of
its 90% ROI interval is less than :data:`~model_engine.mmm.validation.WEAK_ROI_RATIO` (2) times
the bottom, the rule the history fit uses for its "ROI weakly identified" notes. A *move* is a
change of at least 5% of a channel's current spend. Each move is labelled ``identified`` or
``directional``: a directional move follows the fitted curve's best guess, but the data cannot
rule out a return that would reverse it. The plan is fit for planning when the model predicts
well (its holdout verdict) and every move is identified; otherwise the verdict says how many
moves are directional and names the test that would settle the most (the channel with the
highest value of information among them, with its design when one was made).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from model_engine.experiments.design import ExperimentDesign
from model_engine.experiments.value_of_information import InformationRanking
from model_engine.mmm.validation import WEAK_ROI_RATIO
from model_engine.optimizer import AllocationResult
from model_engine.planning import ChannelCurve, ResponseModel

MOVE_SHARE = 0.05
MoveLabel = Literal["identified", "directional", "unchanged"]


@dataclass(frozen=True)
class PlanMove:
    channel: str
    current: float
    recommended: float
    label: MoveLabel
    reason: str

    @property
    def change(self) -> float:
        return self.recommended - self.current


@dataclass(frozen=True)
class PlanVerdict:
    fit_for_planning: bool
    headline: str
    moves: tuple[PlanMove, ...]
    fixing_test: ExperimentDesign | None = None
    fixing_channel: str | None = None  # the channel to test when no design was made

    @property
    def directional(self) -> tuple[PlanMove, ...]:
        return tuple(m for m in self.moves if m.label == "directional")


def is_identified(curve: ChannelCurve) -> tuple[bool, str]:
    """Whether a channel's return is pinned down, and why (history fits carry the ROI
    interval; a one-quarter snapshot's curve shape always rests on the prior)."""
    if curve.evidence == "no_evidence":
        return False, "no evidence of any return"
    history = curve.history
    if history is None:
        return False, "its curve's shape comes from the channel type's prior"
    roi = history.roi
    if roi.high <= 0 or roi.low <= 0 or roi.high >= WEAK_ROI_RATIO * roi.low:
        return False, f"its ROI could be anywhere from {roi.low:.2f} to {roi.high:.2f}"
    return True, f"ROI {roi.low:.2f} to {roi.high:.2f}"


def plan_verdict(
    model: ResponseModel,
    plan: AllocationResult,
    *,
    predicts_well: bool = True,
    ranking: InformationRanking | None = None,
    design: ExperimentDesign | None = None,
) -> PlanVerdict:
    """Label the plan's moves and say whether it is fit for planning (module docstring)."""
    moves = []
    for allocation in plan.channels:
        curve = model.channel(allocation.name)
        identified, why = is_identified(curve)
        base = max(allocation.current, 1e-9)
        moved = abs(allocation.recommended - allocation.current) >= MOVE_SHARE * base
        label: MoveLabel = (
            "unchanged" if not moved else "identified" if identified else "directional"
        )
        moves.append(
            PlanMove(allocation.name, allocation.current, allocation.recommended, label, why)
        )
    directional = [m for m in moves if m.label == "directional"]
    if not predicts_well:
        return PlanVerdict(
            False,
            "the model does not predict the held-out weeks well enough to plan on",
            tuple(moves),
        )
    if not directional:
        return PlanVerdict(
            True,
            "fit for planning: every move the plan makes rests on a return the data pins down",
            tuple(moves),
        )
    fixing = design.channel if design is not None else _most_valuable(directional, ranking)
    test = f"; a test on {fixing} would settle the most" if fixing is not None else ""
    n_moves = sum(m.label != "unchanged" for m in moves)
    headline = (
        f"directional: {len(directional)} of the plan's {n_moves} moves rest on returns the "
        f"data cannot pin down ({', '.join(m.channel for m in directional)}){test}"
    )
    return PlanVerdict(False, headline, tuple(moves), design, fixing)


def _most_valuable(moves: list[PlanMove], ranking: InformationRanking | None) -> str | None:
    if ranking is None:
        return max(moves, key=lambda m: abs(m.change)).channel
    names = {m.channel for m in moves}
    for entry in ranking.channels:
        if entry.channel in names:
            return entry.channel
    return None
