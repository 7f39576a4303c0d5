"""Typed results of a panel fit: the national fit the shapes come from, each geo's own fit
(a :class:`~model_engine.mmm.HistoryFit` on the shared shapes, its coefficients partially
pooled), pooled returns per channel and the panel's holdout accuracy."""

from __future__ import annotations

from dataclasses import dataclass

from model_engine.mmm import HistoryFit
from model_engine.planning import Interval, ResponseModel


@dataclass(frozen=True)
class ChannelPooling:
    """How far one geo's return on a channel was pulled toward the national return."""

    channel: str
    unpooled_roi: float  # the geo's own estimate on the shared shapes
    unpooled_roi_se: float
    national_roi: float
    between_geo_sd: float  # the prior's spread (empirical Bayes)
    weight: float  # empirical-Bayes weight on the geo's own estimate (1 = no pooling)


@dataclass(frozen=True, eq=False)
class GeoFit:
    """One geo: its fit on the shared shapes and how each channel was pooled."""

    geo: str
    fit: HistoryFit
    pooling: tuple[ChannelPooling, ...]

    @property
    def holdout_mape(self) -> float:
        return self.fit.metrics.holdout_mape


@dataclass(frozen=True)
class PooledChannel:
    """A channel over all geos: contribution and ROI summed over geos, with intervals."""

    name: str
    spend: float
    contribution: Interval
    roi: Interval


@dataclass(frozen=True, eq=False)
class PanelFit:
    """A fitted panel (statsmodels-style, with ``summary()``)."""

    geo_column: str
    pooling: str  # "partial", "none" (a model per geo on the shared shapes) or "complete"
    national: HistoryFit
    geos: tuple[GeoFit, ...]
    pooled: tuple[PooledChannel, ...]
    holdout_mape: float  # over every geo-week of the test weeks, percent
    seconds: float
    level: float = 0.9

    @property
    def geo_names(self) -> tuple[str, ...]:
        return tuple(g.geo for g in self.geos)

    @property
    def channel_names(self) -> tuple[str, ...]:
        return self.national.channel_names

    def geo(self, name: str) -> GeoFit:
        for g in self.geos:
            if g.geo == name:
                return g
        raise KeyError(f"no geo named {name!r}; geos: {', '.join(self.geo_names)}")

    def geo_response_models(self, horizon_weeks: int = 13) -> tuple[tuple[str, ResponseModel], ...]:
        """Each geo's curves over the horizon (for geo-level plans)."""
        return tuple((g.geo, g.fit.to_response_model(horizon_weeks)) for g in self.geos)

    def summary(self) -> str:
        pct = f"{self.level:.0%}"
        lines = [
            f"Panel fit of {self.national.target} over {len(self.geos)} {self.geo_column} values "
            f"x {self.national.n_weeks} weeks x {len(self.pooled)} channels "
            f"({self.pooling} pooling), {self.seconds:.1f} s",
            f"Holdout MAPE over every {self.geo_column}-week: {self.holdout_mape:.1f}%",
            "",
            f"{'channel':<18} {'spend':>14} {'pooled ROI [' + pct + ']':>24}",
        ]
        for c in self.pooled:
            lines.append(
                f"{c.name[:18]:<18} {c.spend:>14,.0f} "
                f"{c.roi.estimate:>8.2f} [{c.roi.low:.2f}, {c.roi.high:.2f}]"
            )
        lines += ["", f"ROI by {self.geo_column} (holdout MAPE):"]
        header = f"{self.geo_column[:14]:<14} {'MAPE':>6} " + " ".join(
            f"{n[:10]:>10}" for n in self.channel_names
        )
        lines.append(header)
        for g in self.geos:
            lines.append(
                f"{g.geo[:14]:<14} {g.holdout_mape:>5.1f}% "
                + " ".join(f"{c.roi.estimate:>10.2f}" for c in g.fit.channels)
            )
        return "\n".join(lines)
