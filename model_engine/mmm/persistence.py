"""Save and load a :class:`HistoryFit` as JSON with a versioned schema.

The file holds everything needed to plan and predict without the data: per-channel carryover,
saturation, coefficients and bootstrap draws, the baseline design and coefficients, metrics,
diagnostics and the verdict. ``budgetmix optimize --model model.json`` reads it back through
:func:`load_fitted_model`. Non-finite numbers (an undefined MAPE) are written as ``null``.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model_engine.adstock import Adstock
from model_engine.channels import ChannelType
from model_engine.mmm.design import BaselineDesign
from model_engine.mmm.result import (
    BaselineFit,
    ChannelDraws,
    ChannelFit,
    FitSettings,
    HistoryFit,
    InteractionFit,
)
from model_engine.mmm.validation import Diagnostics, FitMetrics, Verdict
from model_engine.planning import Interval
from model_engine.saturation import HillSaturation, Saturation

SCHEMA = "budgetmix.history_fit"
SCHEMA_VERSION = 1


def save_fitted_model(fit: HistoryFit, path: str | Path) -> Path:
    """Write ``fit`` to ``path`` (JSON); returns the path written."""
    target = Path(path)
    target.write_text(json.dumps(history_fit_to_dict(fit), indent=1, allow_nan=False))
    return target


def load_fitted_model(path: str | Path) -> HistoryFit:
    """Read a model saved by :func:`save_fitted_model`.

    Raises ``ValueError`` naming the file and the fix when it is missing, not JSON, not a
    budgetmix history fit, or written by a newer schema.
    """
    source = Path(path)
    try:
        text = source.read_text()
    except FileNotFoundError:
        raise ValueError(
            f"no saved model at {source}: run `budgetmix fit ... --save` first"
        ) from None
    except OSError as error:
        raise ValueError(f"cannot read the saved model {source}: {error.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{source} is not valid JSON (line {error.lineno}): save the model again"
        ) from None
    return history_fit_from_dict(data, source=str(source))


def history_fit_to_dict(fit: HistoryFit) -> dict[str, Any]:
    return _finite(
        {
            "schema": SCHEMA,
            "schema_version": SCHEMA_VERSION,
            "target": fit.target,
            "outcome_unit": fit.outcome_unit,
            "currency": fit.currency,
            "first_week": fit.first_week.isoformat(),
            "last_week": fit.last_week.isoformat(),
            "n_weeks": fit.n_weeks,
            "target_total": fit.target_total,
            "level": fit.level,
            "seconds": fit.seconds,
            "notes": list(fit.notes),
            "settings": asdict(fit.settings),
            "channels": [_channel_to_dict(c) for c in fit.channels],
            "baseline": {
                "design": fit.baseline.design.to_dict(),
                "coefficients": list(fit.baseline.coefficients),
                "contribution": fit.baseline.contribution,
                "share": fit.baseline.share,
                "recent_controls": list(fit.baseline.recent_controls),
            },
            "interactions": [
                {
                    "channel_a": t.channel_a,
                    "channel_b": t.channel_b,
                    "coefficient": asdict(t.coefficient),
                    "p_value": t.p_value,
                }
                for t in fit.interactions
            ],
            "metrics": asdict(fit.metrics),
            "diagnostics": asdict(fit.diagnostics),
            "verdict": asdict(fit.verdict),
        }
    )


def history_fit_from_dict(data: Any, source: str = "the saved model") -> HistoryFit:
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ValueError(f"{source} is not a budgetmix history fit (no {SCHEMA!r} schema tag)")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ValueError(
            f"{source} uses schema version {version}; this budgetmix reads version "
            f"{SCHEMA_VERSION}: refit the model with this version"
        )
    try:
        return _history_fit(data)
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{source} is damaged ({error}): save the model again") from None


def _history_fit(data: dict[str, Any]) -> HistoryFit:
    baseline = data["baseline"]
    return HistoryFit(
        target=str(data["target"]),
        outcome_unit=data["outcome_unit"],
        currency=str(data["currency"]),
        first_week=pd.Timestamp(data["first_week"]),
        last_week=pd.Timestamp(data["last_week"]),
        n_weeks=int(data["n_weeks"]),
        target_total=float(data["target_total"]),
        channels=tuple(_channel_from_dict(c) for c in data["channels"]),
        baseline=BaselineFit(
            design=BaselineDesign.from_dict(baseline["design"]),
            coefficients=tuple(float(v) for v in baseline["coefficients"]),
            contribution=float(baseline["contribution"]),
            share=float(baseline["share"]),
            recent_controls=tuple(float(v) for v in baseline["recent_controls"]),
        ),
        interactions=tuple(
            InteractionFit(
                channel_a=t["channel_a"],
                channel_b=t["channel_b"],
                coefficient=_interval(t["coefficient"]),
                p_value=None if t["p_value"] is None else float(t["p_value"]),
            )
            for t in data["interactions"]
        ),
        metrics=_tuple_fields(FitMetrics, data["metrics"]),
        diagnostics=_tuple_fields(Diagnostics, data["diagnostics"]),
        verdict=_tuple_fields(Verdict, data["verdict"]),
        settings=FitSettings(**data["settings"]),
        seconds=float(data["seconds"]),
        level=float(data["level"]),
        notes=tuple(data["notes"]),
    )


def _channel_to_dict(channel: ChannelFit) -> dict[str, Any]:
    draws = channel.draws
    return {
        "name": channel.name,
        "channel_type": channel.channel_type.value,
        "spend": channel.spend,
        "recent_weekly_spend": channel.recent_weekly_spend,
        "adstock": channel.adstock.to_dict(),
        "saturation": channel.saturation.to_dict(),
        "coefficient": channel.coefficient,
        "contribution": asdict(channel.contribution),
        "contribution_share": asdict(channel.contribution_share),
        "roi": asdict(channel.roi),
        "marginal_roi": asdict(channel.marginal_roi),
        "evidence": channel.evidence,
        "notes": list(channel.notes),
        "draws": None
        if draws is None
        else {
            "adstock_params": draws.adstock_params.tolist(),
            "half_saturation": draws.half_saturation.tolist(),
            "shape": draws.shape.tolist(),
            "coefficient": draws.coefficient.tolist(),
        },
    }


def _channel_from_dict(data: dict[str, Any]) -> ChannelFit:
    saturation = Saturation.from_dict(data["saturation"])
    if not isinstance(saturation, HillSaturation):
        raise ValueError(f"channel {data['name']!r}: a history fit uses Hill saturation")
    draws = data["draws"]
    return ChannelFit(
        name=str(data["name"]),
        channel_type=ChannelType(data["channel_type"]),
        spend=float(data["spend"]),
        recent_weekly_spend=float(data["recent_weekly_spend"]),
        adstock=Adstock.from_dict(data["adstock"]),
        saturation=saturation,
        coefficient=float(data["coefficient"]),
        contribution=_interval(data["contribution"]),
        contribution_share=_interval(data["contribution_share"]),
        roi=_interval(data["roi"]),
        marginal_roi=_interval(data["marginal_roi"]),
        evidence=data["evidence"],
        notes=tuple(data["notes"]),
        draws=None
        if draws is None
        else ChannelDraws(
            adstock_params=np.asarray(draws["adstock_params"], dtype=np.float64),
            half_saturation=np.asarray(draws["half_saturation"], dtype=np.float64),
            shape=np.asarray(draws["shape"], dtype=np.float64),
            coefficient=np.asarray(draws["coefficient"], dtype=np.float64),
        ),
    )


def _interval(data: dict[str, Any]) -> Interval:
    return Interval(**{k: _number(v) for k, v in data.items()})


def _number(value: Any) -> float:
    return math.nan if value is None else float(value)


def _tuple_fields(cls: Any, data: dict[str, Any]) -> Any:
    """Rebuild a flat dataclass from JSON: lists back to tuples, ``null`` back to NaN for
    float fields."""
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if isinstance(value, list):
            value = tuple(
                tuple(v) if isinstance(v, list) else (math.nan if v is None else v) for v in value
            )
        elif value is None and "float" in str(f.type):
            value = math.nan
        values[f.name] = value
    return cls(**values)


def _finite(value: Any) -> Any:
    """Replace NaN/inf by ``None`` so the file is standard JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value
