r"""Minimum detectable lift of a test, from the history's noise.

A test's lift is read as the sum, over the :math:`n` measured weeks, of the outcome minus its
counterfactual. With weekly noise of standard deviation :math:`\sigma` and first-order
autocorrelation :math:`\phi` (the fit's residuals), the sum's standard error is

.. math:: SE = \sigma \sqrt{n\,\frac{1 + \phi}{1 - \phi}}

(the long-run variance of an AR(1) series; :math:`\phi = 0` for white noise). For a *geo*
test the spend changes only in regions holding a share :math:`g` of the market, and their
outcome is compared with the other regions' scaled by :math:`k = g/(1-g)`; with regional noise
of variance proportional to size (:math:`g\sigma^2` and :math:`(1-g)\sigma^2`), the lift in the
test regions has :math:`SE_{geo} = SE\,\sqrt{g/(1-g)}`: at :math:`g = 1/2` as precise as a
national test on half the signal, but free of whatever else moves the national outcome in those
weeks. A two-sided test at level :math:`\alpha` detects a lift
:math:`L` with power

.. math:: 1 - \beta = \Phi\Big(\frac{|L|}{SE} - z_{1-\alpha/2}\Big)

(ignoring the far tail), so the minimum detectable lift at power :math:`1-\beta` is

.. math:: MDL = (z_{1-\alpha/2} + z_{1-\beta})\,SE \approx 2.80\,SE \quad (\alpha = 5\%,\ 80\%).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import norm

DEFAULT_ALPHA = 0.05
DEFAULT_POWER = 0.8
MAX_AUTOCORRELATION = 0.9


@dataclass(frozen=True)
class WeeklyNoise:
    """The history's weekly noise, as the fit measured it (outcome units)."""

    sd: float
    autocorrelation: float = 0.0

    def __post_init__(self) -> None:
        if not self.sd > 0:
            raise ValueError("the noise standard deviation must be positive")

    def standard_error(self, weeks: int, geo_share: float | None = None) -> float:
        """Standard error of a lift summed over ``weeks`` measured weeks (for a geo test, of the
        lift in the regions holding ``geo_share`` of the market, read against the rest)."""
        if weeks < 1:
            raise ValueError("a test measures at least one week")
        phi = min(max(self.autocorrelation, 0.0), MAX_AUTOCORRELATION)
        se = self.sd * math.sqrt(weeks * (1.0 + phi) / (1.0 - phi))
        if geo_share is not None:
            if not 0 < geo_share < 1:
                raise ValueError("a geo test treats a share of the market between 0 and 1")
            se *= math.sqrt(geo_share / (1.0 - geo_share))
        return se


def minimum_detectable_lift(
    standard_error: float, alpha: float = DEFAULT_ALPHA, power: float = DEFAULT_POWER
) -> float:
    """The lift a two-sided test at ``alpha`` detects with probability ``power``."""
    return float((norm.ppf(1.0 - alpha / 2.0) + norm.ppf(power)) * standard_error)


def power_of(lift: float, standard_error: float, alpha: float = DEFAULT_ALPHA) -> float:
    """Probability that a two-sided test at ``alpha`` detects a true lift ``lift``."""
    if standard_error <= 0:
        return 1.0
    z = abs(lift) / standard_error
    critical = norm.ppf(1.0 - alpha / 2.0)
    return float(norm.cdf(z - critical) + norm.cdf(-z - critical))


FORMULA = (
    "minimum detectable lift = (z(1 - alpha/2) + z(power)) x SE, SE = sigma x "
    "sqrt(n x (1 + phi) / (1 - phi)) [x sqrt(g / (1 - g)) for a geo test on a share g]; "
    "sigma and phi are the history's residual sd and autocorrelation, n the measured weeks"
)
