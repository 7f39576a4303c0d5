r"""The ROI prior of the history fit: each channel's return relative to the mix's, by type.

A few years of weekly data pin down the total effect of media far better than the effect of a
small channel, whose spend swings move the target by less than the noise. Bayesian MMMs
(Meridian, PyMC-Marketing) then lean on a prior; budgetmix states one that works whatever the
target is (revenue, MQLs, sign-ups): a channel's ROI is

.. math:: \rho_c \sim N\big(\bar\rho\, r_c,\ (\tau\,\bar\rho_0\, r_c)^2\big), \quad \rho_c \ge 0

with :math:`\bar\rho` the mix's pooled return, estimated from the data with the channels'
coefficients (partial pooling: a weakly measured channel is drawn towards the return the mix
as a whole shows, a well measured one keeps its own), :math:`r_c` the channel type's
*relative* return below, and :math:`\tau` the prior's spread as a share of the centre
(:data:`DEFAULT_SPREAD`; 0.5 puts 90% of the prior between 0.18 and 1.8 times the centre).
Relative returns are the inverse of relative costs per outcome, so a lead target needs no
currency value per lead. :math:`\bar\rho_0` is the pooled return of a pilot fit; it fixes the
prior's scale so the pooling stays linear in the coefficients (``terms.py``).

The relative returns are deliberately close to 1: published evidence says in which direction
some types tend to sit, rarely by how much. ``exchangeable`` drops them (every type 1).

How strongly to pool is estimated, as in a random-effects meta-analysis with the channels as
studies (DerSimonian & Laird 1986, *Controlled Clinical Trials* 7(3)): each channel's
least-squares ROI over its relative return, :math:`q_c = \hat\rho_c / r_c`, with sampling
variance :math:`v_c`, gives Cochran's :math:`Q = \sum_c w_c (q_c - \bar q)^2`
(:math:`w_c = 1/v_c`) and the between-channel variance

.. math:: \hat\tau_{abs}^2 = \max\Big(0,\ \frac{Q - (k - 1)}{\sum w - \sum w^2/\sum w}\Big)

which as a share of the random-effects mean is the prior's spread :math:`\tau`, kept between
:data:`MIN_SPREAD` and :data:`MAX_SPREAD`. Channels whose returns the data tells apart clearly
(very different ROIs measured precisely) are then barely pooled; channels whose estimates differ
by no more than their noise are pooled hard, down to the floor: the stated belief that a
channel's return typically differs from the mix's by half of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import numpy as np

from model_engine.channels import ChannelType
from model_engine.priors import (
    BLAKE_2015,
    GORDON_2019,
    LEWIS_RAO_2015,
    NO_PUBLISHED_ESTIMATE,
    SHAPIRO_2021,
    PriorSource,
)
from model_engine.saturation import FloatArray

ReturnPriorKind = Literal["channel_type", "exchangeable", "none"]
DEFAULT_SPREAD = 0.5  # the spread of the first search, before the data's own estimate
MIN_SPREAD = 0.5  # chosen on validation seeds (benchmarks/fit/posterior.py)
MAX_SPREAD = 3.0
MIN_CHANNELS_TO_ESTIMATE = 3


@dataclass(frozen=True)
class RelativeReturn:
    """A channel type's return over the mix's pooled return, and why."""

    relative: float
    rationale: str
    sources: tuple[PriorSource, ...]


_T = ChannelType
RELATIVE_RETURNS: Mapping[ChannelType, RelativeReturn] = MappingProxyType(
    {
        _T.SEARCH: RelativeReturn(
            1.2,
            "harvests demand that already exists, so its measured returns sit above the mix's "
            "(less so than platforms attribute: brand keywords add little)",
            (BLAKE_2015,),
        ),
        _T.AFFILIATE: RelativeReturn(
            1.2, "paid per result, so spend follows outcome closely", (NO_PUBLISHED_ESTIMATE,)
        ),
        _T.EMAIL: RelativeReturn(
            1.2,
            "owned audience at a low cost per contact; saturates early",
            (NO_PUBLISHED_ESTIMATE,),
        ),
        _T.SOCIAL: RelativeReturn(
            1.0,
            "experiments find smaller lifts than attribution, but no systematic gap to the mix",
            (GORDON_2019,),
        ),
        _T.DISPLAY: RelativeReturn(
            0.8,
            "cheap reach with small effects relative to the noise in sales",
            (LEWIS_RAO_2015,),
        ),
        _T.TRADITIONAL: RelativeReturn(
            0.8,
            "TV's own-advertising elasticities are small for the typical brand",
            (SHAPIRO_2021,),
        ),
        _T.VIDEO: RelativeReturn(
            0.9, "between TV and social", (SHAPIRO_2021, NO_PUBLISHED_ESTIMATE)
        ),
        _T.EVENTS: RelativeReturn(
            0.9, "pays through slow follow-up of leads", (NO_PUBLISHED_ESTIMATE,)
        ),
        _T.CONTENT: RelativeReturn(1.0, "no evidence either way", (NO_PUBLISHED_ESTIMATE,)),
        _T.PODCASTS: RelativeReturn(1.0, "no evidence either way", (NO_PUBLISHED_ESTIMATE,)),
        _T.OTHER: RelativeReturn(1.0, "unknown type: the mix's return", (NO_PUBLISHED_ESTIMATE,)),
    }
)


def relative_return(channel_type: ChannelType) -> RelativeReturn:
    return RELATIVE_RETURNS.get(channel_type, RELATIVE_RETURNS[ChannelType.OTHER])


@dataclass(frozen=True)
class ReturnPriorSpec:
    """The ROI prior a fit uses: relative returns and spreads per channel (aligned with the
    history's channels)."""

    kind: ReturnPriorKind
    relative: FloatArray
    spread: FloatArray

    @classmethod
    def for_channels(
        cls, kind: ReturnPriorKind, channel_types: Sequence[ChannelType], spread: float
    ) -> ReturnPriorSpec | None:
        if kind == "none":
            return None
        if spread <= 0:
            raise ValueError(f"the ROI prior's spread must be positive (got {spread:g})")
        relative = [
            relative_return(t).relative if kind == "channel_type" else 1.0 for t in channel_types
        ]
        return cls(
            kind=kind,
            relative=np.asarray(relative, dtype=np.float64),
            spread=np.full(len(relative), float(spread)),
        )

    def describe(self) -> str:
        spread = float(self.spread[0]) if self.spread.size else DEFAULT_SPREAD
        centre = "by channel type" if self.kind == "channel_type" else "equal for every channel"
        return (
            f"ROI prior: each channel's return around the mix's pooled return, relative return "
            f"{centre}, spread {spread:.0%} of the centre"
        )


def pooling_shares(
    roi: FloatArray, standard_error: FloatArray, relative: FloatArray, spread: float
) -> FloatArray:
    r"""How much of each channel's estimate the ROI prior replaces by the pooled return: its
    sampling variance over that plus the prior's, :math:`B_c = v_c / (v_c + (\tau\bar q)^2)`
    in relative-return units (1: the data says nothing about the channel; 0: it is measured
    exactly). ``roi`` and ``standard_error`` are least-squares estimates; channels without a
    finite positive standard error count as unmeasured (1)."""
    usable = np.isfinite(roi) & np.isfinite(standard_error) & (standard_error > 0)
    q = np.where(usable, roi / relative, 0.0)
    variance = np.where(usable, (standard_error / relative) ** 2, 0.0)
    weights = np.where(usable, 1.0 / np.where(usable, variance, 1.0), 0.0)
    centre = float(np.sum(weights * q) / np.sum(weights)) if weights.sum() > 0 else 0.0
    prior_variance = (spread * max(centre, 0.0)) ** 2
    shares = np.ones_like(roi)
    if prior_variance > 0:
        shares[usable] = variance[usable] / (variance[usable] + prior_variance)
    return np.asarray(shares, dtype=np.float64)


def between_channel_spread(
    roi: FloatArray, standard_error: FloatArray, relative: FloatArray
) -> float | None:
    """DerSimonian-Laird spread of the channels' returns around the pooled return, as a share
    of it (see the module docstring), clipped to [MIN_SPREAD, MAX_SPREAD]; ``None`` with fewer
    than three usable channels."""
    usable = np.isfinite(roi) & np.isfinite(standard_error) & (standard_error > 0)
    if int(usable.sum()) < MIN_CHANNELS_TO_ESTIMATE:
        return None
    q = roi[usable] / relative[usable]
    variance = (standard_error[usable] / relative[usable]) ** 2
    w = 1.0 / variance
    fixed_mean = float(np.sum(w * q) / np.sum(w))
    cochran_q = float(np.sum(w * (q - fixed_mean) ** 2))
    denominator = float(np.sum(w) - np.sum(w**2) / np.sum(w))
    tau2 = max(0.0, (cochran_q - (q.size - 1)) / denominator) if denominator > 0 else 0.0
    random_w = 1.0 / (variance + tau2)
    random_mean = float(np.sum(random_w * q) / np.sum(random_w))
    if random_mean <= 0:
        return MIN_SPREAD
    return float(np.clip(np.sqrt(tau2) / random_mean, MIN_SPREAD, MAX_SPREAD))
