r"""A geo panel simulator with known truth, for tests and benchmarks.

Every geo :math:`g` follows the additive model the panel fit assumes,

.. math::
    y_{gt} = s_g\big(\mu_g + \delta_g \tau_t + A_g \sin(2\pi t/52.18 + \varphi_g)\big)
           + \sum_m \beta_{gm}\,\mathrm{Hill}\!\Big(\frac{\mathrm{adstock}_m(x_{gm})_t}{r_{gm}};
             \kappa_m, n_m\Big) + \varepsilon_{gt},
    \qquad \varepsilon_{gt} \sim N(0, (\sigma \bar y_g)^2)

with a geo size :math:`s_g` (LogNormal), each geo's own level, trend and seasonality, curve
shapes and carryover shared by all geos (half-saturation :math:`\kappa_m` in units of the geo's
own average weekly spend :math:`r_{gm}`), and each geo's return on a channel drawn around the
channel's: :math:`\mathrm{ROI}_{gm} = \mathrm{ROI}_m\,e^{u_{gm}}`, :math:`u \sim N(0,
\text{roi\_spread}^2)`. Spend varies on its own in every geo and channel (a LogNormal AR(1)
around its level, with on/off flights for channels that flight), as in the simulations used to
test MMM estimators. The design follows the geo presets of pymc-labs' *mmm-param-recovery*
(Apache-2.0; reimplemented from its description, no code copied): weekly data, several geos,
shared media parameters, geo-specific baselines.

Truth is reported with the fit's definitions: a line's contribution is
:math:`\sum_t \beta_{gm}\mathrm{Hill}(\cdot)`, its ROI that over its spend; a channel's pooled
ROI is its contribution summed over geos over its spend summed over geos.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from model_engine.adstock import DEFAULT_L_MAX, GeometricAdstock
from model_engine.channels import ChannelType
from model_engine.saturation import FloatArray, HillSaturation

WEEKS_PER_YEAR = 365.25 / 7.0
_CHANNELS: tuple[tuple[str, ChannelType, float, float, float, float, bool], ...] = (
    # name, type, national weekly spend, decay, half-saturation ratio, Hill shape, flighted
    ("tv", ChannelType.TRADITIONAL, 90_000.0, 0.6, 1.2, 1.0, True),
    ("search", ChannelType.SEARCH, 60_000.0, 0.1, 1.0, 1.0, False),
    ("social", ChannelType.SOCIAL, 45_000.0, 0.3, 0.9, 1.0, False),
    ("display", ChannelType.DISPLAY, 30_000.0, 0.3, 1.1, 1.0, False),
    ("video", ChannelType.VIDEO, 35_000.0, 0.4, 1.3, 1.0, True),
    ("radio", ChannelType.TRADITIONAL, 20_000.0, 0.5, 1.0, 1.0, True),
    ("email", ChannelType.EMAIL, 8_000.0, 0.1, 0.8, 1.0, False),
    ("affiliate", ChannelType.AFFILIATE, 15_000.0, 0.2, 1.0, 1.0, False),
)
_CHANNEL_ROI = (1.4, 2.4, 1.8, 0.9, 1.2, 1.0, 3.0, 1.6)


@dataclass(frozen=True)
class PanelScenario:
    """The panel's size and noise. ``roi_spread`` is the log-sd of a geo's ROI around the
    channel's; ``noise`` the weekly noise sd as a share of the geo's mean target."""

    n_weeks: int = 156
    n_geos: int = 8
    n_channels: int = 8
    noise: float = 0.05
    roi_spread: float = 0.25
    geo_size_log_sd: float = 0.5
    start: str = "2022-01-03"

    def __post_init__(self) -> None:
        if not 1 <= self.n_channels <= len(_CHANNELS):
            raise ValueError(f"the simulator has 1 to {len(_CHANNELS)} channels")
        if self.n_geos < 1 or self.n_weeks < 10:
            raise ValueError("simulate at least one geo and ten weeks")


@dataclass(frozen=True, eq=False)
class SimulatedPanel:
    """A long frame (``week``, ``geo``, ``revenue``, ``<channel>_spend``) and the truth."""

    frame: pd.DataFrame
    geos: tuple[str, ...]
    channels: tuple[str, ...]  # spend column names
    channel_types: tuple[ChannelType, ...]
    true_roi: FloatArray  # (G, C) over the simulated weeks
    true_contribution: FloatArray  # (G, C)
    spend_totals: FloatArray  # (G, C)

    @property
    def pooled_roi(self) -> FloatArray:
        """Per channel: contribution over spend, both summed over geos."""
        return np.asarray(self.true_contribution.sum(axis=0) / self.spend_totals.sum(axis=0))

    def write_csv(self, path: str) -> None:
        self.frame.to_csv(path, index=False, date_format="%Y-%m-%d")

    def geo_frame(self, geo: str) -> pd.DataFrame:
        rows = self.frame[self.frame["geo"] == geo]
        return rows.drop(columns=["geo"]).set_index("week")


def _spend(level: float, n_weeks: int, flighted: bool, rng: np.random.Generator) -> FloatArray:
    """LogNormal AR(1) around ``level``; flighted channels go dark for runs of weeks."""
    shocks = rng.standard_normal(n_weeks)
    log_dev = np.zeros(n_weeks)
    for t in range(1, n_weeks):
        log_dev[t] = 0.6 * log_dev[t - 1] + 0.35 * shocks[t]
    spend = level * np.exp(log_dev - 0.35**2 / (2 * (1 - 0.36)))
    if flighted:
        on = np.ones(n_weeks, dtype=bool)
        t = int(rng.integers(0, 6))
        while t < n_weeks:
            dark = int(rng.integers(2, 5))
            on[t : t + dark] = False
            t += dark + int(rng.integers(4, 9))
        spend = np.where(on, spend * 1.3, 0.0)
    return np.asarray(spend)


def simulate_panel(scenario: PanelScenario | None = None, seed: int = 0) -> SimulatedPanel:
    """Draw one panel; the same seed gives the same panel."""
    scenario = scenario or PanelScenario()
    rng = np.random.default_rng(seed)
    channels = _CHANNELS[: scenario.n_channels]
    n_geos, n_weeks = scenario.n_geos, scenario.n_weeks
    weeks = pd.date_range(scenario.start, periods=n_weeks, freq="7D")
    sizes = np.exp(rng.normal(0.0, scenario.geo_size_log_sd, n_geos))
    sizes = sizes / sizes.sum()
    years = np.arange(n_weeks) / WEEKS_PER_YEAR
    geos = tuple(f"market_{chr(ord('a') + g)}" for g in range(n_geos))
    columns = tuple(f"{name}_spend" for name, *_ in channels)
    rows: list[pd.DataFrame] = []
    true_roi = np.zeros((n_geos, len(channels)))
    contribution = np.zeros_like(true_roi)
    spend_totals = np.zeros_like(true_roi)
    for g, geo in enumerate(geos):
        media = np.zeros(n_weeks)
        spend_columns: dict[str, FloatArray] = {}
        for c, (_, _, national, decay, ratio, shape, flighted) in enumerate(channels):
            # Each geo spends its own share of the channel (its mix differs from the nation's).
            level = national * sizes[g] * float(np.exp(rng.normal(0.0, 0.2)))
            x = _spend(level, n_weeks, flighted, rng)
            reference = float(x[x > 0].mean()) if np.any(x > 0) else 1.0
            adstock = GeometricAdstock(decay=decay, l_max=DEFAULT_L_MAX)
            earlier = float(x[:DEFAULT_L_MAX].mean())
            levels = HillSaturation(ratio * reference, shape)(adstock.apply(x, earlier))
            roi = _CHANNEL_ROI[c] * float(np.exp(rng.normal(0.0, scenario.roi_spread)))
            beta = roi * x.sum() / float(np.sum(levels))
            media = media + beta * np.asarray(levels)
            true_roi[g, c] = roi
            contribution[g, c] = roi * x.sum()
            spend_totals[g, c] = x.sum()
            spend_columns[columns[c]] = x
        # The baseline is about 60% of the geo's outcome on average.
        level = 1.5 * float(media.mean())
        trend = level * rng.uniform(-0.05, 0.1)
        season = level * rng.uniform(0.05, 0.2)
        phase = rng.uniform(0, 2 * np.pi)
        baseline = level + trend * years + season * np.sin(2 * np.pi * years + phase)
        expected = baseline + media
        noise = rng.normal(0.0, scenario.noise * float(expected.mean()), n_weeks)
        rows.append(
            pd.DataFrame({"week": weeks, "geo": geo, "revenue": expected + noise, **spend_columns})
        )
    frame = pd.concat(rows, ignore_index=True)
    return SimulatedPanel(
        frame=frame,
        geos=geos,
        channels=columns,
        channel_types=tuple(t for _, t, *_ in channels),
        true_roi=true_roi,
        true_contribution=contribution,
        spend_totals=spend_totals,
    )
