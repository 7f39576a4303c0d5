r"""What changed between two fits of the same model: the refresh changelog.

For each channel both fits measured, the ROI before and after with their intervals. A move is
``significant`` when the new estimate lies outside the interval the previous fit gave,

.. math::
    \text{significant} \iff \widehat{\mathrm{ROI}}_{\text{after}} \notin
        [\mathrm{ROI}^{\text{low}}_{\text{before}},\ \mathrm{ROI}^{\text{high}}_{\text{before}}],

i.e. the new data says something the old model did not allow for (at the interval's level,
90% by default). A move inside the old interval is what re-estimating with more or different
noise does anyway, and is reported as not significant. Channels only one fit has are listed as
added or dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from model_engine.mmm.result import HistoryFit
from model_engine.planning import Interval


@dataclass(frozen=True)
class ChannelChange:
    channel: str
    roi_before: Interval
    roi_after: Interval

    @property
    def significant(self) -> bool:
        return not self.roi_before.low <= self.roi_after.estimate <= self.roi_before.high

    def evidence(self) -> str:
        """The change in plain words, with the numbers that decide ``significant``."""
        before, after = self.roi_before, self.roi_after
        level = f"{before.level:.0%}"
        moved = (
            f"{self.channel}: ROI {before.estimate:.2f} ({level} interval "
            f"{before.low:.2f}–{before.high:.2f}) → {after.estimate:.2f} "
            f"({after.low:.2f}–{after.high:.2f})."
        )
        if after.estimate < before.low:
            return (
                f"{moved} Significant: the new estimate is below the lowest ROI the previous "
                f"version allowed ({before.low:.2f})."
            )
        if after.estimate > before.high:
            return (
                f"{moved} Significant: the new estimate is above the highest ROI the previous "
                f"version allowed ({before.high:.2f})."
            )
        return f"{moved} Within what the previous version allowed: not a significant change."


@dataclass(frozen=True)
class RefreshChangelog:
    changes: tuple[ChannelChange, ...]
    added: tuple[str, ...] = ()  # channels the new fit has and the old did not
    dropped: tuple[str, ...] = ()  # channels the old fit had and the new does not

    @property
    def significant(self) -> tuple[ChannelChange, ...]:
        return tuple(c for c in self.changes if c.significant)

    def summary(self) -> str:
        lines = [change.evidence() for change in self.changes]
        lines += [f"{name}: new in this version (no earlier estimate)." for name in self.added]
        lines += [f"{name}: not in this version any more." for name in self.dropped]
        return "\n".join(lines)


def compare_fits(before: HistoryFit, after: HistoryFit) -> RefreshChangelog:
    """The changelog from ``before`` (the parent version) to ``after``."""
    old = {c.name: c for c in before.channels}
    new = {c.name: c for c in after.channels}
    return RefreshChangelog(
        changes=tuple(
            ChannelChange(name, old[name].roi, new[name].roi) for name in new if name in old
        ),
        added=tuple(name for name in new if name not in old),
        dropped=tuple(name for name in old if name not in new),
    )
