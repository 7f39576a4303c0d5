r"""The non-media part of the model: baseline and controls, as a design matrix.

.. math::
    b_t = \mu + \delta\,\tau_t
        + \sum_{k=1}^{K} \big(a_k \sin(2\pi k \tau_t) + c_k \cos(2\pi k \tau_t)\big)
        + \sum_j \gamma_j\,\tilde z_{jt} + \sum_e \eta_e\,h_{et}

with :math:`\tau_t` the time in years since the first fitted week (trend and yearly Fourier
seasonality of order :math:`K`), :math:`\tilde z_{jt}` each control standardised over the fitted
weeks, and :math:`h_{et}` event or holiday indicators. The coefficients are free in sign; media
terms are added by the fit.

A :class:`BaselineDesign` is fixed once from the fitted weeks and then rebuilds the same columns
for any dates (holdout weeks, the planning horizon), so a saved model predicts exactly what the
fitted one did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from model_engine.saturation import FloatArray

DAYS_PER_YEAR = 365.25
MIN_WEEKS_FOR_SEASONALITY = 52


@dataclass(frozen=True)
class BaselineDesign:
    """How to build the baseline columns; fixed from the fitted weeks."""

    origin: pd.Timestamp
    fourier_order: int
    controls: tuple[str, ...] = ()
    control_centers: tuple[float, ...] = ()
    control_scales: tuple[float, ...] = ()
    events: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()  # controls and events constant in the fitted weeks

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        controls: Sequence[str],
        events: Sequence[str],
        fourier_order: int,
    ) -> BaselineDesign:
        """Fix the design from the weeks in ``frame`` (the fitted weeks only)."""
        index = pd.DatetimeIndex(frame.index)
        # A column that never moves in the fitted weeks duplicates the intercept.
        dropped = tuple(c for c in (*controls, *events) if frame[c].nunique() <= 1)
        controls = tuple(c for c in controls if c not in dropped)
        events = tuple(e for e in events if e not in dropped)
        centers = tuple(float(frame[c].mean()) for c in controls)
        scales = tuple(float(frame[c].std(ddof=0)) for c in controls)
        # Fewer than a year of weeks cannot separate seasonality from trend or media.
        order = fourier_order if len(index) >= MIN_WEEKS_FOR_SEASONALITY else 0
        return cls(
            origin=pd.Timestamp(index[0]),
            fourier_order=order,
            controls=tuple(controls),
            control_centers=centers,
            control_scales=scales,
            events=tuple(events),
            dropped=dropped,
        )

    @property
    def column_names(self) -> tuple[str, ...]:
        fourier = tuple(
            f"{kind}_{k}" for k in range(1, self.fourier_order + 1) for kind in ("sin", "cos")
        )
        return ("intercept", "trend", *fourier, *self.controls, *self.events)

    def years_since_origin(self, index: pd.DatetimeIndex) -> FloatArray:
        days = (index - self.origin) / pd.Timedelta(days=1)
        return np.asarray(days, dtype=np.float64) / DAYS_PER_YEAR

    def matrix(self, frame: pd.DataFrame) -> FloatArray:
        """Baseline columns for the weeks in ``frame`` (which must hold controls and events)."""
        index = pd.DatetimeIndex(frame.index)
        years = self.years_since_origin(index)
        columns: list[FloatArray] = [np.ones(len(index)), years]
        for k in range(1, self.fourier_order + 1):
            columns.append(np.sin(2 * np.pi * k * years))
            columns.append(np.cos(2 * np.pi * k * years))
        for name, center, scale in zip(
            self.controls, self.control_centers, self.control_scales, strict=True
        ):
            columns.append((frame[name].to_numpy(dtype=np.float64) - center) / scale)
        for name in self.events:
            columns.append(frame[name].to_numpy(dtype=np.float64))
        return np.column_stack(columns)

    def to_dict(self) -> dict[str, Any]:
        return {
            "origin": self.origin.isoformat(),
            "fourier_order": self.fourier_order,
            "controls": list(self.controls),
            "control_centers": list(self.control_centers),
            "control_scales": list(self.control_scales),
            "events": list(self.events),
            "dropped": list(self.dropped),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BaselineDesign:
        return cls(
            origin=pd.Timestamp(data["origin"]),
            fourier_order=int(data["fourier_order"]),
            controls=tuple(data["controls"]),
            control_centers=tuple(float(v) for v in data["control_centers"]),
            control_scales=tuple(float(v) for v in data["control_scales"]),
            events=tuple(data["events"]),
            dropped=tuple(data.get("dropped", ())),
        )
