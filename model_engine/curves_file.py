r"""The ``--curves`` file: response curves brought from another tool, as JSON.

Format::

    {
      "period_weeks": 13,
      "outcome_name": "MQLs",          # optional, default "outcome"
      "currency": "USD",               # optional, default "USD"
      "channels": [
        {
          "name": "Paid search",
          "current_spend": 400000,     # spend over the period
          "channel_type": "search",    # optional: one of model_engine.channels.ChannelType
          "curve": {"type": "hill", "scale": 4800, "half_saturation": 400000, "shape": 1.0},
          "draws": {"type": "hill", "scale": [...], "half_saturation": [...], "shape": [...]}
        }
      ],
      "interactions": [                # optional
        {"channel_a": "Paid search", "channel_b": "Paid social", "coefficient": 120}
      ]
    }

A curve maps the spend over the whole period (``period_weeks`` weeks, spread evenly) to the
outcome over that period, :math:`f(x) = \text{scale} \cdot S(x)`, with ``S`` one of:

- ``hill``: :math:`S(x) = x^n / (x^n + K^n)` with ``half_saturation`` :math:`K > 0` (the spend
  giving half the asymptote ``scale``) and ``shape`` :math:`n > 0` (concave for
  :math:`n \le 1`, S-shaped above);
- ``exponential``: :math:`S(x) = 1 - e^{-x/\lambda}` with ``lam`` :math:`\lambda > 0` (the
  spend reaching 63% of ``scale``);
- ``power``: :math:`S(x) = x^\beta` with ``exponent`` :math:`0 < \beta \le 1` (the
  elasticity; no asymptote).

``draws`` is optional: the same fields as ``curve`` with lists of equal length (one value per
draw, e.g. posterior samples); they give the intervals. Planning over another horizon
:math:`H` rescales an even spend: :math:`f_H(x) = (H/P)\,f_P(x\,P/H)`.

Bad files raise :class:`CurvesFileError` (a ``ValueError``) naming the channel, the field and
what to do.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from model_engine.channels import ChannelType
from model_engine.planning import ChannelCurve, Interaction, ResponseModel
from model_engine.response import ResponseCurve
from model_engine.saturation import SATURATIONS

_PARAMETER_RULES: dict[str, dict[str, str]] = {
    "hill": {"half_saturation": "a spend above 0", "shape": "a number above 0"},
    "exponential": {"lam": "a spend above 0"},
    "power": {"exponent": "a number above 0 and at most 1"},
}


class CurvesFileError(ValueError):
    """A curves file that cannot be read; the message says where and what to do."""


@dataclass(frozen=True)
class CurvesFile:
    """A parsed curves file: the curves over ``period_weeks`` weeks."""

    period_weeks: int
    model: ResponseModel

    def to_response_model(self, horizon_weeks: int | None = None) -> ResponseModel:
        """The curves over ``horizon_weeks`` (default: the file's period)."""
        if horizon_weeks is None or horizon_weeks == self.period_weeks:
            return self.model
        if horizon_weeks <= 0:
            raise ValueError("the planning horizon must be at least one week")
        return rescale_model(self.model, horizon_weeks)


def rescale_curve(curve: ResponseCurve, factor: float) -> ResponseCurve:
    r"""Curve over a horizon ``factor`` times the original period, for an even spend:
    :math:`f_H(x) = k\,f_P(x / k)` with :math:`k = H / P`."""
    saturation, multiplier = curve.saturation.rescaled(factor)
    return ResponseCurve(saturation=saturation, scale=factor * np.asarray(curve.scale) * multiplier)


def rescale_model(model: ResponseModel, horizon_weeks: int) -> ResponseModel:
    factor = horizon_weeks / model.horizon_weeks
    channels = tuple(
        ChannelCurve(
            name=c.name,
            channel_type=c.channel_type,
            current_spend=c.current_spend * factor,
            curve=rescale_curve(c.curve, factor),
            draws=None if c.draws is None else rescale_curve(c.draws, factor),
            evidence=c.evidence,
            carryover=c.carryover,
            history=c.history,
            notes=c.notes,
        )
        for c in model.channels
    )
    # Interaction terms multiply saturation levels, which an even rescaling preserves; their
    # outcome over the horizon grows with its length.
    interactions = tuple(
        Interaction(t.channel_a, t.channel_b, t.coefficient * factor, t.p_value)
        for t in model.interactions
    )
    return ResponseModel(
        channels=channels,
        horizon_weeks=horizon_weeks,
        outcome_name=model.outcome_name,
        outcome_unit=model.outcome_unit,
        currency=model.currency,
        baseline_outcome=model.baseline_outcome * factor,
        interactions=interactions,
        source=model.source,
        notes=model.notes,
    )


def _number(value: object, where: str, field: str, rule: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise CurvesFileError(f"{where}: {field!r} must be {rule}, got {value!r}")
    return float(value)


def _parameter(value: object, where: str, field: str, rule: str, draws: bool) -> Any:
    if draws:
        if not isinstance(value, list) or not value:
            raise CurvesFileError(f"{where}: {field!r} must be a non-empty list of numbers")
        return np.array([_number(v, where, field, rule) for v in value])
    return _number(value, where, field, rule)


def _check_positive(values: Any, where: str, field: str, rule: str, at_most_one: bool) -> None:
    array = np.atleast_1d(values)
    if np.any(array <= 0) or (at_most_one and np.any(array > 1)):
        raise CurvesFileError(f"{where}: {field!r} must be {rule}, got {values!r}")


def _parse_curve(data: object, where: str, draws: bool) -> ResponseCurve:
    if not isinstance(data, Mapping):
        raise CurvesFileError(f"{where}: must be an object with 'type', 'scale' and parameters")
    kind = data.get("type")
    if kind not in SATURATIONS:
        known = ", ".join(sorted(SATURATIONS))
        raise CurvesFileError(f"{where}: 'type' must be one of {known}, got {kind!r}")
    fields = {"scale": "a positive outcome", **_PARAMETER_RULES[kind]}
    unknown = sorted(set(data) - set(fields) - {"type"})
    if unknown:
        raise CurvesFileError(
            f"{where}: unknown field(s) {', '.join(unknown)} for a {kind} curve; "
            f"expected {', '.join(fields)}"
        )
    values = {}
    for field, rule in fields.items():
        if field not in data:
            raise CurvesFileError(
                f"{where}: missing {field!r} ({rule}); the {kind} curve needs {', '.join(fields)}"
            )
        values[field] = _parameter(data[field], where, field, rule, draws)
        _check_positive(values[field], where, field, rule, at_most_one=field == "exponent")
    if draws and len({np.size(v) for v in values.values()}) != 1:
        raise CurvesFileError(f"{where}: every draws list must have the same length")
    scale = values.pop("scale")
    return ResponseCurve(saturation=SATURATIONS[kind](**values), scale=scale)


def _parse_channel(data: object, index: int) -> ChannelCurve:
    if not isinstance(data, Mapping):
        raise CurvesFileError(
            f"channels[{index}]: must be an object with name, current_spend, curve"
        )
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CurvesFileError(f"channels[{index}]: 'name' must be a non-empty string")
    where = f"channel {name!r}"
    if "current_spend" not in data:
        raise CurvesFileError(f"{where}: missing 'current_spend' (spend over the period, >= 0)")
    spend = _number(data["current_spend"], where, "current_spend", "a spend >= 0")
    if spend < 0:
        raise CurvesFileError(f"{where}: 'current_spend' must be >= 0, got {spend:g}")
    type_label = data.get("channel_type", ChannelType.OTHER.value)
    try:
        channel_type = ChannelType(str(type_label).lower())
    except ValueError:
        known = ", ".join(t.value for t in ChannelType)
        raise CurvesFileError(
            f"{where}: 'channel_type' must be one of {known}, got {type_label!r}"
        ) from None
    if "curve" not in data:
        raise CurvesFileError(f"{where}: missing 'curve' (e.g. {{'type': 'hill', ...}})")
    curve = _parse_curve(data["curve"], f"{where}, curve", draws=False)
    draws = None
    if "draws" in data:
        raw = data["draws"]
        if isinstance(raw, Mapping) and raw.get("type") != curve.saturation.kind:
            raise CurvesFileError(
                f"{where}: 'draws' must have the same type as 'curve' ({curve.saturation.kind})"
            )
        draws = _parse_curve(raw, f"{where}, draws", draws=True)
    return ChannelCurve(
        name=name.strip(),
        channel_type=channel_type,
        current_spend=spend,
        curve=curve,
        draws=draws,
        evidence="supplied",
    )


def _parse_interaction(data: object, index: int) -> Interaction:
    where = f"interactions[{index}]"
    if not isinstance(data, Mapping):
        raise CurvesFileError(f"{where}: must be an object with channel_a, channel_b, coefficient")
    for field in ("channel_a", "channel_b"):
        if not isinstance(data.get(field), str):
            raise CurvesFileError(f"{where}: {field!r} must be a channel name")
    coefficient = _number(data.get("coefficient"), where, "coefficient", "a number (outcome units)")
    return Interaction(str(data["channel_a"]), str(data["channel_b"]), coefficient)


def parse_curves(data: object) -> CurvesFile:
    """Validate a decoded curves document (see the module docstring)."""
    if not isinstance(data, Mapping):
        raise CurvesFileError("the file must hold a JSON object with 'period_weeks' and 'channels'")
    weeks = data.get("period_weeks")
    if isinstance(weeks, bool) or not isinstance(weeks, int) or weeks <= 0:
        raise CurvesFileError(
            f"'period_weeks' must be a whole number of weeks above 0, got {weeks!r}"
        )
    channels = data.get("channels")
    if not isinstance(channels, list) or not channels:
        raise CurvesFileError("'channels' must be a non-empty list of channels")
    parsed = [_parse_channel(c, k) for k, c in enumerate(channels)]
    names = [c.name.casefold() for c in parsed]
    duplicates = sorted({c.name for c in parsed if names.count(c.name.casefold()) > 1})
    if duplicates:
        raise CurvesFileError(f"channel names must be unique; repeated: {', '.join(duplicates)}")
    raw_interactions = data.get("interactions", [])
    if not isinstance(raw_interactions, list):
        raise CurvesFileError("'interactions' must be a list")
    interactions = tuple(_parse_interaction(t, k) for k, t in enumerate(raw_interactions))
    known = {c.name for c in parsed}
    for term in interactions:
        for name in (term.channel_a, term.channel_b):
            if name not in known:
                raise CurvesFileError(
                    f"an interaction names an unknown channel {name!r}; channels: "
                    f"{', '.join(c.name for c in parsed)}"
                )
    model = ResponseModel(
        channels=tuple(parsed),
        horizon_weeks=weeks,
        outcome_name=str(data.get("outcome_name", "outcome")),
        currency=str(data.get("currency", "USD")),
        interactions=interactions,
        source="curves_file",
    )
    return CurvesFile(period_weeks=weeks, model=model)


def read_curves_file(path: str | Path) -> CurvesFile:
    """Read and validate a curves file; :class:`CurvesFileError` says what is wrong."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CurvesFileError(f"no curves file at {file}") from None
    except OSError as error:
        raise CurvesFileError(f"cannot read {file}: {error.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CurvesFileError(
            f"{file} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    return parse_curves(data)


def _curve_dict(curve: ResponseCurve) -> dict[str, Any]:
    out: dict[str, Any] = {"type": curve.saturation.kind, "scale": np.asarray(curve.scale).tolist()}
    out.update({k: np.asarray(v).tolist() for k, v in curve.saturation.params().items()})
    return out


def curves_document(model: ResponseModel) -> dict[str, Any]:
    """The curves-file document for ``model`` (its horizon becomes ``period_weeks``)."""
    channels = []
    for c in model.channels:
        entry: dict[str, Any] = {
            "name": c.name,
            "current_spend": c.current_spend,
            "channel_type": c.channel_type.value,
            "curve": _curve_dict(c.curve),
        }
        if c.draws is not None:
            entry["draws"] = _curve_dict(c.draws)
        channels.append(entry)
    document: dict[str, Any] = {
        "period_weeks": model.horizon_weeks,
        "outcome_name": model.outcome_name,
        "currency": model.currency,
        "channels": channels,
    }
    if model.interactions:
        document["interactions"] = [
            {"channel_a": t.channel_a, "channel_b": t.channel_b, "coefficient": t.coefficient}
            for t in model.interactions
        ]
    return document


def write_curves_file(model: ResponseModel, path: str | Path) -> None:
    """Write ``model`` as a curves file that :func:`read_curves_file` reads back."""
    Path(path).write_text(json.dumps(curves_document(model), indent=2) + "\n", encoding="utf-8")
