r"""Prediction intervals for dated weeks: parameter uncertainty and week-to-week noise.

With the history the model was fitted on, each bootstrap draw :math:`d` of the media
parameters gets the baseline coefficients that best fit the history given that draw's media,

.. math:: \gamma_d = \arg\min_\gamma \lVert y - m_d - B\gamma \rVert^2,

so a draw that gives media more of the outcome gives the baseline less (the total is better
measured than its split), and each simulated path adds a contiguous block of the fit's own
residuals, inflated by :math:`\sqrt{n/(n-p)}`, which keeps their autocorrelation: a forecast
that runs high in one week tends to run high the next. Controls and events repeated from the
history's last year (none supplied) add, the same way, blocks of what that assumption got
wrong on the history itself (centred: its spread, not its drift). Without the history only the media
draws vary (an interval on the expected outcome, not on what will be observed), and the result
says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model_engine.datasets import WeeklyHistory
from model_engine.forecasting.dynamics import WeeklyMedia
from model_engine.mmm import HistoryFit
from model_engine.saturation import FloatArray


@dataclass(frozen=True, eq=False)
class HistoryNoise:
    """Residuals of the point fit and per-draw baseline coefficients, from the history."""

    residuals: FloatArray  # (n,) fitted weeks after the first kernel length
    inflation: float
    draw_baseline: FloatArray | None  # (B, p)

    @classmethod
    def from_history(
        cls, fit: HistoryFit, history: WeeklyHistory, media: WeeklyMedia
    ) -> HistoryNoise:
        frame = history.frame
        names = fit.channel_names
        spend = frame[list(names)].to_numpy(dtype=np.float64)
        target = frame[fit.target].to_numpy(dtype=np.float64)
        # As in the fit, the weeks before the data are taken to spend like its first weeks.
        earlier = np.tile(spend[: media.l_max].mean(axis=0), (media.l_max, 1))
        design = fit.baseline.design.matrix(frame)
        # The first weeks lack the carryover of spend before the data: leave them out.
        rows = slice(min(media.l_max, len(frame) // 4), None)
        point = design @ np.asarray(fit.baseline.coefficients) + media.outcome(spend, earlier)
        residuals = (target - point)[rows]
        used = design.shape[1] + 4 * len(names)
        n = residuals.size
        inflation = float(np.sqrt(n / max(n - used, n / 2)))
        draws = media.draw_outcomes(spend, earlier)
        draw_baseline = None
        if draws is not None:
            solved, *_ = np.linalg.lstsq(design[rows], (target - draws)[:, rows].T, rcond=None)
            draw_baseline = np.asarray(solved.T)
        return cls(
            residuals=residuals - residuals.mean(), inflation=inflation, draw_baseline=draw_baseline
        )

    def paths(self, n_weeks: int, n_paths: int, rng: np.random.Generator) -> FloatArray:
        """``n_paths`` noise paths of ``n_weeks`` contiguous residual weeks, ``(n_paths, T)``."""
        return self.inflation * block_paths(self.residuals, n_weeks, n_paths, rng)


def block_paths(
    values: FloatArray, n_weeks: int, n_paths: int, rng: np.random.Generator
) -> FloatArray:
    """``n_paths`` runs of ``n_weeks`` contiguous ``values`` (wrapping around), each from a
    random start, ``(n_paths, T)``: a week-to-week error with its autocorrelation kept."""
    n = values.size
    starts = rng.integers(0, n, n_paths)
    index = (starts[:, np.newaxis] + np.arange(n_weeks)) % n
    return np.asarray(values[index])
