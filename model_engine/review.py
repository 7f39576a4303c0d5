r"""The monthly model review: how well a fitted model predicted the weeks that came after it.

A model version is fitted on weeks up to its last week :math:`T`. Once later weeks are known,
its prediction for each of them, :math:`\hat y_t` for :math:`t > T` (carryover included: the
model runs over the whole history so the adstock entering week :math:`T+1` is the one the
earlier spend built), is set against what happened, :math:`y_t`:

.. math::

    \text{MAPE} = \frac{100}{n}\sum_{t>T}\left|\frac{y_t - \hat y_t}{y_t}\right|, \qquad
    \text{bias} = 100\left(\frac{\sum_{t>T}\hat y_t}{\sum_{t>T} y_t} - 1\right)

(weeks with :math:`y_t = 0` are left out of the MAPE and counted in ``zero_weeks``). A
positive bias means the model promised more than the weeks delivered. The model's own holdout
MAPE, measured when it was fitted, is the yardstick: a review MAPE well above it says the
world moved away from the model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from model_engine.mmm import HistoryFit


@dataclass(frozen=True)
class ForecastReview:
    """A model's predictions for the weeks after its last fitted week, against the actuals."""

    weeks: int
    first_week: pd.Timestamp
    last_week: pd.Timestamp
    actual_total: float
    predicted_total: float
    mape_pct: float | None  # None when every later week's outcome is zero
    bias_pct: float | None  # None when the later weeks' outcome totals zero
    zero_weeks: int


def review_forecasts(fit: HistoryFit, frame: pd.DataFrame) -> ForecastReview | None:
    """``fit``'s predictions for the weeks of ``frame`` after ``fit.last_week``; ``None`` when
    ``frame`` has no such week. ``frame`` is a weekly history with the fit's target, channel,
    control and event columns and a date index (the weeks before are used for carryover)."""
    frame = frame.sort_index()
    later = frame.index > fit.last_week
    if not later.any():
        return None
    predicted = fit.predict(frame).to_numpy(dtype=np.float64)[later]
    actual = frame[fit.target].to_numpy(dtype=np.float64)[later]
    nonzero = actual != 0
    actual_total = float(actual.sum())
    predicted_total = float(predicted.sum())
    mape = (
        float(np.mean(np.abs((actual[nonzero] - predicted[nonzero]) / actual[nonzero])) * 100)
        if nonzero.any()
        else None
    )
    return ForecastReview(
        weeks=int(later.sum()),
        first_week=frame.index[later][0],
        last_week=frame.index[later][-1],
        actual_total=actual_total,
        predicted_total=predicted_total,
        mape_pct=mape,
        bias_pct=(predicted_total / actual_total - 1) * 100 if actual_total else None,
        zero_weeks=int((~nonzero).sum()),
    )
