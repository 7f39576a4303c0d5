r"""A refresh's prior: the previous version's posterior on what the data cannot identify.

When new weeks arrive and the model is refitted, re-estimating every channel from scratch lets
the parts of the model the data barely constrains jump from one version to the next (Robyn's
refreshes "produce a different model with channels zeroed", robyn#1082). Those parts are the
curves: an always-on channel whose spend swings by a third measures the *slope* of its curve
well, but where the curve sits at zero spend (its half-saturation, its shape, partly its
carryover) rests on the prior, and with it the channel's average ROI.

So a refresh fit takes the previous version's posterior over each channel's carryover and
saturation parameters as its prior on them, widened by a forgetting factor
:math:`\lambda \in (0, 1]` (variance over :math:`\lambda`, as in a discounted Kalman filter),
and never tighter than the previous posterior nor looser than the default prior:

.. math::
    \theta_{c,i} \sim N\big(\tilde\theta_{c,i},\ s_{c,i}^2\big), \qquad
    s_{c,i} = \min\Big(\frac{\mathrm{sd}_{\text{prev}}(\theta_{c,i})}{\sqrt{\lambda}},\
                       \frac{s^{0}_{i}}{\sqrt{w}}\Big)

with :math:`\tilde\theta` the previous posterior median, :math:`s^0` the default prior's scale
and :math:`w` the prior weight (``core.parameter_prior``; the penalty multiplies by :math:`w`,
so the scale handed to the objective is :math:`s\sqrt{w}`). The half-saturation carries over in
currency, so a history whose spend level moved keeps the same curve.

The coefficients, which the data does identify given the curve, get no prior from the previous
version: they keep the ROI prior with partial pooling (``return_prior.py``), weighed on the
anchored curves (``terms.ReturnPriorTerm.fixed_levels``) so that pooling moves a channel's
scale and cannot pull its curve away from the previous version's. A refresh then moves a
channel's return as far as the new data says, on the curve the previous version found.

Two alternatives were measured on the refresh test's data (search's true ROI halved, the rest
unchanged; ``tests/integration/test_model_versions_cli.py``) and rejected. A prior centred on
the previous ROI itself, widened by the forgetting factor, held search at 1.43 against a true
1.30, inside the previous interval (1.16-3.49): the previous return is already in the curve the
refresh anchors, so counting it again stops a channel whose return truly moved at a compromise,
and the changelog misses the change. Anchoring the curves with no ROI prior at all let the
weakly measured channels swing (display 1.20 -> 0.16, flagged significant though its truth had
not moved).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

import numpy as np

from model_engine.mmm.media import KernelFamily
from model_engine.mmm.result import ChannelFit, HistoryFit
from model_engine.mmm.solver import ParameterPrior
from model_engine.saturation import FloatArray

DEFAULT_FORGETTING = 0.5
_NORMAL_90 = 1.6448536269514722  # a 90% central interval is +/- this many standard deviations


@dataclass(frozen=True, eq=False)
class CurvePosterior:
    """One channel's previous posterior on its curve: median and spread of each parameter, in
    the fit's order (adstock parameters, log half-saturation in currency, Hill shape)."""

    center: FloatArray
    sd: FloatArray | None  # None when the previous fit had no draws


@dataclass(frozen=True, eq=False)
class RefreshPrior:
    """The previous version's curves as the next fit's prior (see the module docstring)."""

    adstock: KernelFamily
    channels: Mapping[str, CurvePosterior]
    forgetting: float = DEFAULT_FORGETTING

    def __post_init__(self) -> None:
        if not 0 < self.forgetting <= 1:
            raise ValueError(
                f"the forgetting factor must be in (0, 1] (got {self.forgetting:g}): 1 keeps the "
                "previous posterior as it is, smaller values widen it"
            )

    @classmethod
    def from_fit(cls, previous: HistoryFit, forgetting: float = DEFAULT_FORGETTING) -> RefreshPrior:
        family: KernelFamily = "weibull" if previous.settings.adstock == "weibull" else "geometric"
        return cls(
            adstock=family,
            channels=MappingProxyType(
                {c.name: _curve_posterior(c) for c in previous.channels if c.spend > 0}
            ),
            forgetting=forgetting,
        )

    def anchored(
        self,
        prior: ParameterPrior,
        names: Sequence[str],
        reference: FloatArray,
        weight: float,
    ) -> ParameterPrior:
        """``prior`` (the default, for this fit's channels and kernel) with every channel the
        previous version measured centred on its previous curve. ``reference`` is this fit's
        spend scale per channel (the half-saturation parameter is relative to it)."""
        if prior.center.shape[1] != self._n_params:
            return prior  # a different kernel family: nothing carries over
        center, scale = prior.center.copy(), prior.scale.copy()
        root_weight = np.sqrt(max(weight, 1e-12))
        for c, name in enumerate(names):
            previous = self.channels.get(name)
            if previous is None:
                continue
            row = previous.center.copy()
            row[-2] -= np.log(reference[c])
            center[c] = np.clip(row, prior.lower[c], prior.upper[c])
            if previous.sd is not None:
                widened = previous.sd / np.sqrt(self.forgetting) * root_weight
                scale[c] = np.clip(widened, 1e-3 * prior.scale[c], prior.scale[c])
        return replace(prior, center=center, scale=scale)

    @property
    def _n_params(self) -> int:
        return (1 if self.adstock == "geometric" else 2) + 2


def _curve_posterior(channel: ChannelFit) -> CurvePosterior:
    point = np.array(
        [
            *channel.adstock.params().values(),
            np.log(float(channel.saturation.half_saturation)),
            float(channel.saturation.shape),
        ],
        dtype=np.float64,
    )
    draws = channel.draws
    if draws is None or draws.coefficient.size < 2:
        return CurvePosterior(center=point, sd=None)
    samples = np.column_stack(
        [
            draws.adstock_params,
            np.log(np.maximum(draws.half_saturation, 1e-300)),
            draws.shape,
        ]
    )
    low, median, high = np.quantile(samples, [0.05, 0.5, 0.95], axis=0)
    return CurvePosterior(center=median, sd=(high - low) / (2 * _NORMAL_90))
