"""Two plans side by side: per channel the spend, the expected outcome and its return (outcome
per unit of spend) of each, and the second less the first; the same for the plans' totals. A channel
one plan leaves out has no spend and no outcome there. Nothing is re-estimated: the figures
are the plans' own, as they were planned."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlannedLine:
    """One channel of a plan (or a plan's totals): its spend and expected outcome with the
    90% interval."""

    channel: str
    spend: float
    outcome: float
    outcome_low: float
    outcome_high: float

    @property
    def roi(self) -> float | None:
        """Outcome per unit of spend; ``None`` with no spend."""
        return self.outcome / self.spend if self.spend > 0 else None

    @property
    def cost_per_outcome(self) -> float | None:
        """Spend per unit of outcome (a count outcome's return reads better so); ``None``
        with no outcome."""
        return self.spend / self.outcome if self.outcome > 0 else None


@dataclass(frozen=True)
class LineDifference:
    """``second`` against ``first`` for one channel or the totals (``second - first``)."""

    channel: str
    first: PlannedLine
    second: PlannedLine

    @property
    def spend_change(self) -> float:
        return self.second.spend - self.first.spend

    @property
    def outcome_change(self) -> float:
        return self.second.outcome - self.first.outcome

    @property
    def roi_change(self) -> float | None:
        first, second = self.first.roi, self.second.roi
        return None if first is None or second is None else second - first


@dataclass(frozen=True)
class PlannedMix:
    """A plan's channels and its totals (the plan's own: its interval is the plan's, not the
    channels' intervals added up)."""

    channels: tuple[PlannedLine, ...]
    total: PlannedLine


@dataclass(frozen=True)
class PlanComparison:
    channels: tuple[LineDifference, ...]
    total: LineDifference


def compare_plans(first: PlannedMix, second: PlannedMix) -> PlanComparison:
    """The channels of both plans (the first plan's order, then the second's new ones) and
    the totals, second against first."""
    by_name = [{line.channel: line for line in plan.channels} for plan in (first, second)]
    for plan, lines in zip((first, second), by_name, strict=True):
        if len(lines) != len(plan.channels):
            raise ValueError("a plan names a channel twice")
    names = list(by_name[0]) + [name for name in by_name[1] if name not in by_name[0]]
    channels = tuple(
        LineDifference(
            name, by_name[0].get(name, _absent(name)), by_name[1].get(name, _absent(name))
        )
        for name in names
    )
    return PlanComparison(channels, LineDifference("Total", first.total, second.total))


def _absent(channel: str) -> PlannedLine:
    return PlannedLine(channel, 0.0, 0.0, 0.0, 0.0)
