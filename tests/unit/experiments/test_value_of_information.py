"""Value of information on a case with a known answer: a choice between a channel whose return
is known and one whose return is uncertain around a slightly lower mean."""

import numpy as np
import pytest
from scipy.stats import norm

from model_engine.channels import ChannelType
from model_engine.constraints import LockChannel, PlanRequest
from model_engine.experiments.value_of_information import rank_by_information_value
from model_engine.planning import ChannelCurve, ResponseModel
from model_engine.response import ResponseCurve
from model_engine.saturation import HillSaturation

BUDGET = 1_000_000.0
FAR = 1e10  # half-saturation far beyond the budget: the curves are straight lines here


def _linear(slopes: np.ndarray | float) -> ResponseCurve:
    slopes = np.asarray(slopes, dtype=np.float64)
    if slopes.ndim == 0:
        return ResponseCurve(HillSaturation(FAR, 1.0), float(slopes) * FAR)
    k = np.full(slopes.shape, FAR)
    return ResponseCurve(HillSaturation(k, np.ones_like(k)), slopes * FAR)


def _model(mean: float, sd: float, n_draws: int = 400) -> ResponseModel:
    slopes = mean + sd * norm.ppf((np.arange(n_draws) + 0.5) / n_draws)
    return ResponseModel(
        channels=(
            ChannelCurve("known", ChannelType.SEARCH, BUDGET / 3, _linear(1.0)),
            ChannelCurve(
                "uncertain", ChannelType.SOCIAL, BUDGET / 3, _linear(mean), _linear(slopes)
            ),
            ChannelCurve(
                "locked", ChannelType.DISPLAY, BUDGET / 3, _linear(0.9), _linear(slopes - 0.05)
            ),
        )
    )


def test_the_uncertain_channel_is_worth_the_expected_gain_of_switching() -> None:
    mean, sd = 0.95, 0.2
    request = PlanRequest(budget=BUDGET, constraints=(LockChannel("locked"),))
    ranking = rank_by_information_value(_model(mean, sd), request, max_draws=200)
    # All free money goes to "known" (slope 1 > 0.95); knowing the other slope s, the plan
    # switches when s > 1 and gains (s - 1) per unit: E[max(0, s - 1)] for s ~ N(0.95, 0.2).
    free = BUDGET - BUDGET / 3
    z = (mean - 1.0) / sd
    expected = free * ((mean - 1.0) * norm.cdf(z) + sd * norm.pdf(z))
    assert ranking.top is not None
    assert ranking.top.channel == "uncertain"
    assert ranking.value_of("uncertain") == pytest.approx(expected, rel=0.03)
    assert ranking.value_of("known") == 0.0  # nothing to learn
    # Uncertain but locked: no result could change the plan.
    assert ranking.value_of("locked") == pytest.approx(0.0, abs=1e-6 * expected)


def test_a_channel_far_from_the_decision_is_worth_nothing() -> None:
    # Mean 0.5 with sd 0.1: five sds below the known channel's return, the plan never switches.
    ranking = rank_by_information_value(_model(0.5, 0.1), PlanRequest(budget=BUDGET))
    assert ranking.value_of("uncertain") == pytest.approx(0.0, abs=1.0)
    assert ranking.top is None
